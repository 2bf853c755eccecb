"""What the end-to-end scripts share: checks that stop at the first failure, loopback HTTP
without following redirects, a `minyi serve` started on a free port, the `minyi` commands,
psql, well-formed demo ID numbers, and work directories that go when a run passes."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


class Failure(Exception):
    pass


def check(condition, message, detail=""):
    if not condition:
        raise Failure(message + (f"\n      {detail}" if detail else ""))
    print("ok    " + message)


_work_dirs = []


def work_dir(prefix):
    """A temporary directory for this run's data and logs; see `run_main`."""
    path = tempfile.mkdtemp(prefix=prefix)
    _work_dirs.append(path)
    return path


def run_main(main):
    """Runs a script's main: on success its work directories are removed; on a failure they
    are kept for reading, and named."""
    try:
        main()
    except Failure as failure:
        print(f"FAIL  {failure}")
        for path in _work_dirs:
            print(f"      kept for reading: {path}")
        sys.exit(1)
    for path in _work_dirs:
        shutil.rmtree(path, ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def id_number(first17):
    """Appends the check digit (GB 11643) to 17 digits."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http(base, method, path, token=None, cookie=None, json_body=None, form=None, headers=None, timeout=120):
    """(status, body bytes, headers); redirects are answers, not followed."""
    request_headers = dict(headers or {})
    data = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        request_headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        request_headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        request_headers["Authorization"] = "Bearer " + token
    if cookie:
        request_headers["Cookie"] = cookie
    req = urllib.request.Request(base + path, data=data, method=method, headers=request_headers)
    try:
        with _OPENER.open(req, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def token(base, username, password):
    status, body, _ = http(base, "POST", "/api/v1/auth/token", json_body={"username": username, "password": password})
    if status not in (200, 201):
        raise Failure(f"sign-in as {username}: {status} {body[:200]}")
    return json.loads(body)["token"]


def session_cookie(headers):
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("__Host-minyi-session="):
            return value
    return None


def run(binary, env, *args, timeout=3600):
    """Runs a `minyi` command; its standard output, or a Failure with what it printed."""
    result = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise Failure(f"minyi {' '.join(args)} exited {result.returncode}: {result.stdout[-2000:]} {result.stderr[-2000:]}")
    return result.stdout


def psql_binary():
    found = shutil.which("psql")
    if found:
        return found
    versions = sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if os.path.isdir("/usr/lib/postgresql") else []
    for version in versions:
        candidate = f"/usr/lib/postgresql/{version}/bin/psql"
        if os.path.exists(candidate):
            return candidate
    raise Failure("psql not found")


class Server:
    """`minyi serve` on a free loopback port, up when the constructor returns."""

    def __init__(self, binary, env, log_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(log_dir, f"serve-{self.port}.log")
        self.process = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)], env=env,
                                        stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"the server exited with {self.process.returncode}")
            try:
                if http(self.base, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise Failure("the server did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
