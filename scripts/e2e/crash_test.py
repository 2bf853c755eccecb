#!/usr/bin/env python3
"""Nothing lost: SIGKILL the server at random moments while clients write, and check the books.

Loopback clients register matters (each attempt with its own Idempotency-Key and summary),
vet the matters they registered, and send residents' messages, recording every outcome:
acknowledged (2xx), refused (a 4xx, or a connection that was never made), or unknown (reset,
timeout, 5xx). Meanwhile the server is killed with SIGKILL and restarted, --kills times; with
--database-url the PostgreSQL cluster is also crashed (`pg_ctl stop -m immediate`) and
restarted every other time. Afterwards:
- every acknowledged write is present exactly once; unknown ones at most once; nothing is
  present that was never sent;
- an acknowledged vetting left its matter in a ledger, with exactly one vetting event;
- SQLite's integrity_check is ok, and `minyi audit verify` passes.
"""
import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, check, free_port, psql_binary, run, run_main, work_dir  # noqa: E402

ACK, REFUSED, UNKNOWN = "acknowledged", "refused", "unknown"


def call(base, method, path, token=None, body=None, headers=None):
    """(outcome, status, body): a connection that was never made is refused, a broken one unknown."""
    h = dict(headers or {})
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, data=data, method=method, headers=h), timeout=10) as r:
            return ACK, r.status, r.read()
    except urllib.error.HTTPError as e:
        return (UNKNOWN if e.code >= 500 else REFUSED), e.code, e.read()
    except urllib.error.URLError as e:
        refused = isinstance(e.reason, ConnectionRefusedError)
        return (REFUSED if refused else UNKNOWN), 0, b""
    except (ConnectionError, TimeoutError, OSError):
        return UNKNOWN, 0, b""


class Platform:
    def __init__(self, binary, env, log_dir):
        self.binary, self.env, self.log_dir = binary, env, log_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(os.path.join(self.log_dir, f"serve-{self.starts}.log"), "w")
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"the server exited with {self.process.returncode} on start {self.starts}")
            if call(self.base, "GET", "/healthz")[0] == ACK:
                return
            time.sleep(0.2)
        raise Failure("the server did not come back")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = work_dir("minyi-crash-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MINYI_DATA_DIR": work, "MINYI_SWEEP_INTERVAL": "1", "MINYI_TRUSTED_PROXIES": "127.0.0.1"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", run(args.binary, env, "seed", "--demo"), re.M))
    platform = Platform(args.binary, env, work)
    platform.start()
    officer = json.loads(call(platform.base, "POST", "/api/v1/auth/token",
                              body={"username": "xincheng-xiyilu-officer", "password": passwords["xincheng-xiyilu-officer"]})[2])["token"]
    chief = json.loads(call(platform.base, "POST", "/api/v1/auth/token",
                            body={"username": "xincheng-xiyilu-chief", "password": passwords["xincheng-xiyilu-chief"]})[2])["token"]
    district = json.loads(call(platform.base, "GET", "/api/v1/public/districts")[2])[0]["id"]
    run_tag = f"crash{os.getpid()}"

    registrations, vettings, messages = [], [], []
    lock = threading.Lock()
    stop = threading.Event()

    def registrar(n):
        i = 0
        while not stop.is_set():
            i += 1
            summary = f"{run_tag} 登记 {n}-{i}"
            outcome, status, body = call(platform.base, "POST", "/api/v1/matters", token=officer,
                                         headers={"Idempotency-Key": f"{run_tag}-{n}-{i}"},
                                         body={"summary": summary, "channel": "walkIn",
                                               "complainants": [{"name": "孙七", "phone": f"135{n:02d}{i:06d}"}]})
            matter = json.loads(body)["id"] if outcome == ACK else None
            with lock:
                registrations.append((summary, outcome))
            if outcome == ACK and i % 2 == 0:
                v_outcome, _, _ = call(platform.base, "POST", f"/api/v1/matters/{matter}/vet", token=chief,
                                       body={"version": 1, "ledger": "demand"})
                with lock:
                    vettings.append((matter, v_outcome))
            if outcome == REFUSED and status == 0:
                time.sleep(0.1)  # the server is down: wait a little, as a client would

    def resident(n):
        i = 0
        while not stop.is_set():
            i += 1
            content = f"{run_tag} 留言 {n}-{i}"
            outcome, status, _ = call(platform.base, "POST", "/api/v1/public/messages",
                                      headers={"X-Forwarded-For": f"10.{n + 100}.{i // 250}.{i % 250 + 1}"},
                                      body={"kind": "consultation", "content": content, "districtId": district})
            with lock:
                messages.append((content, outcome))
            if outcome == REFUSED and status == 0:
                time.sleep(0.1)

    threads = [threading.Thread(target=registrar, args=(n,)) for n in range(3)] + [threading.Thread(target=resident, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    pg_crashes = 0
    try:
        for kill in range(args.kills):
            time.sleep(rng.uniform(0.5, 2.5))
            platform.kill()
            if args.database_url and kill % 2 == 1:
                subprocess.run(["bash", "-c", "source scripts/lib/postgres.sh && pg_crash_restart"], check=True,
                               env=dict(os.environ))
                pg_crashes += 1
            platform.start()
        time.sleep(1.5)
    finally:
        stop.set()
        for t in threads:
            t.join()
    platform.stop()
    print(f"--- {args.kills} SIGKILLs" + (f", {pg_crashes} PostgreSQL crashes" if args.database_url else ""))

    def rows(query):
        if args.database_url:
            out = subprocess.run([psql_binary(), args.database_url, "-AtF", "\t", "-c", query], capture_output=True, text=True, check=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        with sqlite3.connect(os.path.join(work, "minyi.sqlite")) as db:
            return [tuple(str(v) for v in row) for row in db.execute(query).fetchall()]

    present = {}
    for (summary,) in rows(f"SELECT summary FROM matters WHERE summary LIKE '{run_tag}%'"):
        present[summary] = present.get(summary, 0) + 1
    counted = {o: sum(1 for _, x in registrations if x == o) for o in (ACK, REFUSED, UNKNOWN)}
    print(f"--- registrations: {counted}")
    check(counted[ACK] > 20, f"the clients got {counted[ACK]} registrations acknowledged across the kills")
    sent = dict(registrations)
    check(all(present.get(s, 0) == 1 for s, o in registrations if o == ACK), "every acknowledged registration is present exactly once")
    check(all(present.get(s, 0) <= 1 for s, o in registrations if o == UNKNOWN), "unknown ones are present at most once")
    check(all(s in sent for s in present), "nothing is present that was never sent")
    check(all(present.get(s, 0) == 0 for s, o in registrations if o == REFUSED), "refused ones are absent")

    vetted = {int(m): int(n) for m, n in rows("SELECT matter_id, COUNT(*) FROM audit_events WHERE kind = 'vetted' GROUP BY matter_id")}
    ledgers = {int(m): l for m, l in rows("SELECT id, COALESCE(ledger, '') FROM matters")}
    acked = [m for m, o in vettings if o == ACK]
    check(all(vetted.get(m) == 1 and ledgers.get(m) == "demand" for m in acked),
          f"every acknowledged vetting ({len(acked)}) put its matter in the ledger, with one vetting event")
    check(all(n == 1 for n in vetted.values()), "no matter was vetted twice")

    stored = {}
    for (content,) in rows(f"SELECT content FROM messages WHERE content LIKE '{run_tag}%'"):
        stored[content] = stored.get(content, 0) + 1
    check(all(stored.get(c, 0) == 1 for c, o in messages if o == ACK), f"every acknowledged message ({sum(1 for _, o in messages if o == ACK)}) is present exactly once")
    check(all(stored.get(c, 0) <= 1 for c, o in messages if o == UNKNOWN) and all(c in dict(messages) for c in stored),
          "unknown messages at most once, and none that was never sent")

    if not args.database_url:
        with sqlite3.connect(os.path.join(work, "minyi.sqlite")) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        check(result == "ok", "SQLite integrity_check: ok")
    out = run(args.binary, env, "audit", "verify")
    check("audit log ok" in out, "minyi audit verify: " + out.strip())
    print("crash: passed")


if __name__ == "__main__":
    run_main(main)
