#!/usr/bin/env python3
"""Checks the `minyi` commands as a newcomer meets them, on SQLite.

- every command answers --help with what it does;
- the first `serve` on an empty data directory creates the administrator and prints a
  one-time password once; a second start prints none; with MINYI_ENV unset (production) the
  password alone gets no token; with MINYI_ENV=development it is replaced with `newPassword`
  and then works no more; any other MINYI_ENV
  stops the server with a message naming it;
- the database file runs in WAL mode;
- `key rotate` seals everything again with a new key (the next command starts with it);
- `audit verify` passes on an intact log, and exits non-zero naming the event when an
  event was altered behind the application's back.
Prints `cli: N passed, M failed`.
"""
import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

checks = []


def check(name, ok, detail=""):
    checks.append((name, bool(ok)))
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok or not detail else f"\n      {detail}"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary, env, *args, timeout=120):
    return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)


def serve_once(binary, env, port):
    """Starts serve, waits for /healthz, returns (process, output so far)."""
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    return proc, log


def stop(proc, log):
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.seek(0)
    return log.read()


def token_request(port, username, password, new_password=None):
    """POST /api/v1/auth/token: (status, body text)."""
    fields = {"username": username, "password": password}
    if new_password:
        fields["newPassword"] = new_password
    body = json.dumps(fields).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def http_get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def operations(binary, env, data, port):
    """Settings that refuse typos, `config check`, readiness, metrics, JSON logs without
    personal data, a clean stop on SIGTERM, and the deploy files."""
    typo = run(binary, dict(env, MINYI_SWEEP_INTERVL="5"), "serve", "--port", str(port), timeout=60)
    check("a mistyped setting (MINYI_SWEEP_INTERVL) stops the server with a message naming it",
          typo.returncode != 0 and "MINYI_SWEEP_INTERVL" in typo.stderr + typo.stdout, typo.stderr[-500:])
    bad = run(binary, dict(env, MINYI_TOKEN_DAYS="thirty"), "serve", "--port", str(port), timeout=60)
    check("a bad value (MINYI_TOKEN_DAYS=thirty) stops the server naming the setting",
          bad.returncode != 0 and "MINYI_TOKEN_DAYS" in bad.stderr + bad.stdout, bad.stderr[-500:])
    secret = "metrics-scrape-secret-7"
    shown = run(binary, dict(env, MINYI_METRICS_TOKEN=secret), "config", "check", timeout=60)
    check("`minyi config check` prints the effective settings and hides the secrets",
          shown.returncode == 0 and "MINYI_SWEEP_INTERVAL" in shown.stdout and re.search(r"MINYI_METRICS_TOKEN\s+set\b", shown.stdout)
          and secret not in shown.stdout, shown.stdout[-1500:] + shown.stderr[-500:])

    phone, id_number = "13700001234", "610102198001012344"
    json_env = dict(env, MINYI_LOG_FORMAT="json")
    proc, log = serve_once(binary, json_env, port)
    status, body = http_get(port, "/readyz")
    check("/readyz answers 200 with the database, migrations and data key checked",
          status == 200 and all(part in body for part in ("database", "migrations", "dataKey")), f"{status} {body}")
    message = json.dumps({"kind": "consultation", "content": "居住证怎么办理？", "name": "赵六", "phone": phone,
                          "idNumber": id_number}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/public/messages", data=message,
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            submitted = response.status
    except urllib.error.HTTPError as error:
        submitted = f"{error.code} {error.read().decode()[:300]}"
    status, metrics = http_get(port, "/metrics")
    check("/metrics serves Prometheus text to loopback with Minyi's series and Vapor's request counters",
          submitted == 201 and status == 200 and "minyi_open_matters" in metrics and "http_requests_total" in metrics,
          f"{submitted} {status} {metrics[:300]}")
    started = time.time()
    proc.send_signal(15)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = None
    log.seek(0)
    output = log.read()
    lines = [line for line in output.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            pass
    check("SIGTERM stops the server cleanly (exit 0) within 30 s", code == 0, f"exit {code} after {time.time() - started:.1f}s")
    check("with MINYI_LOG_FORMAT=json every log line is a JSON object", lines and len(parsed) == len(lines),
          "\n".join(line for line in lines if not line.startswith("{"))[:800])
    routes = [entry.get("route") for entry in parsed if entry.get("message") == "request"]
    check("each request is logged with its route pattern, status and time",
          "/api/v1/public/messages" in routes and all("status" in e and "duration_ms" in e for e in parsed if e.get("message") == "request"),
          str(routes))
    check("the log holds no phone number or ID number the resident sent", phone not in output and id_number not in output)
    wal = os.path.join(data, "minyi.sqlite-wal")
    stopped = any("stopped" in entry.get("message", "") for entry in parsed)
    check("stopping ends the background jobs and checkpoints the write-ahead log (the -wal file is empty)",
          stopped and (not os.path.exists(wal) or os.path.getsize(wal) == 0), output[-800:])

    analyze = shutil.which("systemd-analyze")
    if analyze:
        deploy = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy")
        work = tempfile.mkdtemp(prefix="minyi-deploy-")
        units = []
        for name in ("minyi.service", "minyi-backup.service", "minyi-backup.timer"):
            with open(os.path.join(deploy, name)) as source, open(os.path.join(work, name), "w") as target:
                target.write(source.read().replace("/usr/local/bin/minyi", binary))
            units.append(os.path.join(work, name))
        verified = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=60)
        check("the systemd units in deploy/ pass `systemd-analyze verify`",
              verified.returncode == 0 and not verified.stderr.strip(), verified.stderr[-800:])
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("skip  systemd-analyze is not installed: deploy/ units not verified")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    binary = os.path.abspath(parser.parse_args().binary)
    data = tempfile.mkdtemp(prefix="minyi-cli-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MINYI_ENV")}
    env.update(MINYI_DATA_DIR=data, MINYI_SWEEP_INTERVAL="0")
    try:
        for command in ["serve", "seed", "audit", "sweep", "migrate"]:
            result = run(binary, env, command, "--help")
            check(f"`minyi {command} --help` explains itself", result.returncode == 0 and len(result.stdout.strip()) > 20,
                  result.stdout + result.stderr)
        check("--help does not touch the data directory", not os.path.exists(os.path.join(data, "minyi.sqlite")))

        port = free_port()
        proc, log = serve_once(binary, env, port)
        first = stop(proc, log)
        match = re.search(r"password: (\S+)", first)
        check("the first serve prints the administrator's one-time password", match is not None, first[-2000:])
        password = match.group(1) if match else ""
        proc, log = serve_once(binary, env, port)
        status, answer = token_request(port, "admin", password)
        stop(proc, log)
        check("with MINYI_ENV unset the server is in production: the password alone gets no token (second factor)",
              status == 403 and "second factor" in answer.lower(), f"{status} {answer}")
        development = dict(env, MINYI_ENV="development")
        proc, log = serve_once(binary, development, port)
        status, answer = token_request(port, "admin", password)
        check("with MINYI_ENV=development the one-time password alone is refused, naming newPassword",
              status == 403 and '"newPassword"' in answer, f"{status} {answer}")
        status, answer = token_request(port, "admin", password, new_password="first bureau passphrase 2026")
        check("with newPassword it is replaced and the administrator signed in", status == 201, f"{status} {answer}")
        status, answer = token_request(port, "admin", password)
        second = stop(proc, log)
        check("the one-time password then works no more", status == 401, f"{status} {answer}")
        check("a second start prints no password", "password:" not in second, second[-1000:])
        for typo in ["prod", "Production", ""]:
            refused = subprocess.run([binary, "serve", "--port", str(port)], env=dict(env, MINYI_ENV=typo),
                                     capture_output=True, text=True, timeout=60)
            check(f"MINYI_ENV={typo!r} stops the server with a message naming MINYI_ENV",
                  refused.returncode != 0 and "MINYI_ENV" in refused.stderr + refused.stdout, refused.stderr[-500:])

        database = os.path.join(data, "minyi.sqlite")
        with sqlite3.connect(database) as db:
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        check("SQLite runs in WAL mode", mode == "wal", mode)

        seeded = run(binary, env, "seed", "--demo")
        check("seed --demo loads the demo city", seeded.returncode == 0 and "xincheng-xiyilu-chief" in seeded.stdout,
              seeded.stdout[-1000:] + seeded.stderr[-1000:])
        key_before = open(os.path.join(data, "data.key")).read()
        rotated = run(binary, env, "key", "rotate")
        check("key rotate seals everything again with a new key, with a progress bar",
              rotated.returncode == 0 and "rows" in rotated.stdout and "done:" in rotated.stdout
              and open(os.path.join(data, "data.key")).read() != key_before
              and oct(os.stat(os.path.join(data, "data.key")).st_mode & 0o777) == "0o600",
              rotated.stdout[-800:] + rotated.stderr[-800:])
        verified = run(binary, env, "audit", "verify")
        check("audit verify passes on an intact log and prints the head hash",
              verified.returncode == 0 and re.search(r"head hash [0-9a-f]{64}", verified.stdout), verified.stdout + verified.stderr)

        operations(binary, env, data, port)

        with sqlite3.connect(database) as db:
            db.execute("DROP TRIGGER audit_events_no_update")
            db.execute("UPDATE audit_events SET payload = '{}' WHERE seq = 1")
        tampered = run(binary, env, "audit", "verify")
        output = tampered.stdout + tampered.stderr
        check("audit verify exits non-zero and names the altered event", tampered.returncode != 0 and "event 1" in output, output)
    finally:
        shutil.rmtree(data, ignore_errors=True)

    failed = sum(1 for _, ok in checks if not ok)
    print(f"cli: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
