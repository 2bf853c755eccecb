#!/usr/bin/env python3
"""Two `minyi serve` instances on one PostgreSQL, as a bureau scales past one machine.

Both run their background work every second. Traffic goes to both: residents write to one or
the other, staff register matters and answer messages on both. Then:
- a session started on instance A (cookie) and a bearer token made on A work on B;
- every notification in the outbox is sent exactly once, by one instance or the other (each
  writes its own notifications.log: every outbox id appears once across the two);
- overdue matters (deadlines moved into the past in the database, as time passing would) are
  chased exactly once per step, get exactly one overdue accountability record, and are
  escalated once — never twice, though both instances sweep.
Exits 1 on the first failure.
"""
import argparse
import base64
import json
import os
import re
import secrets
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, Server, check, http, psql_binary, run, session_cookie, run_main, work_dir  # noqa: E402


def page(base, method, path, cookie=None, form=None):
    """A page as a browser on this origin would ask for it."""
    status, body, headers = http(base, method, path, cookie=cookie, form=form, headers={"Origin": base})
    return status, body.decode(), headers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    work = work_dir("minyi-two-")
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base_env.update({"DATABASE_URL": args.database_url, "MINYI_DATA_KEY": key, "MINYI_SWEEP_INTERVAL": "1",
                     "MINYI_TRUSTED_PROXIES": "127.0.0.1"})
    envs = []
    for name in ("a", "b"):
        data_dir = os.path.join(work, name)
        os.makedirs(data_dir)
        envs.append(dict(base_env, MINYI_DATA_DIR=data_dir))
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", run(args.binary, envs[0], "seed", "--demo"), re.M))
    psql = psql_binary()

    def sql(query):
        out = subprocess.run([psql, args.database_url, "-AtF", "\t", "-c", query], capture_output=True, text=True, check=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    a, b = Server(args.binary, envs[0], work), Server(args.binary, envs[1], work)
    try:
        # Sessions and tokens are rows in the shared database, not memory of one instance.
        status, html, headers = page(a.base, "GET", "/signin")
        pre = session_cookie(headers).split(";")[0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        status, _, headers = page(a.base, "POST", "/signin", cookie=pre,
                                  form={"csrf": csrf, "username": "xincheng-chief", "password": passwords["xincheng-chief"]})
        cookie = (session_cookie(headers) or "").split(";")[0]
        check(status in (302, 303) and cookie, "signed in on instance A")
        status, html, _ = page(b.base, "GET", "/matters", cookie=cookie)
        check(status == 200 and "signout" in html, "the session started on A works on B")
        tokens = {}
        for username in ("xincheng-chief", "xincheng-xiyilu-officer", "xincheng-xiyilu-chief"):
            status, body, _ = http(a.base, "POST", "/api/v1/auth/token", json_body={"username": username, "password": passwords[username]})
            tokens[username] = json.loads(body)["token"]
        status, _, _ = http(b.base, "GET", "/api/v1/me", token=tokens["xincheng-chief"])
        check(status == 200, "a bearer token made on A works on B")

        # Traffic to both.
        status, body, _ = http(a.base, "GET", "/api/v1/public/districts")
        district = next(d["id"] for d in json.loads(body) if d["name"].startswith("新城"))
        for i in range(40):
            server = (a, b)[i % 2]
            status, body, _ = http(server.base, "POST", "/api/v1/public/messages", headers={"X-Forwarded-For": f"10.9.{i // 200}.{i % 200 + 1}"},
                                json_body={"kind": "consultation", "content": f"两台实例的咨询 {i}", "districtId": district,
                                      "phone": f"1370000{i:04d}"})
            check(status == 201, f"message {i} to instance {'AB'[i % 2]}") if i in (0, 1) else None
        status, body, _ = http(a.base, "GET", "/api/v1/messages?status=received&limit=100", token=tokens["xincheng-chief"])
        messages = [m["id"] for m in json.loads(body)["items"]]
        for i, message in enumerate(messages):
            server = (a, b)[i % 2]
            status, _, _ = http(server.base, "POST", f"/api/v1/messages/{message}/answer", token=tokens["xincheng-chief"],
                             json_body={"answer": "您好，已为您解答。"})
            if status != 200:
                raise Failure(f"answering message {message} on {'AB'[i % 2]}: {status}")
        matters = []
        for i in range(20):
            server = (a, b)[i % 2]
            status, body, _ = http(server.base, "POST", "/api/v1/matters", token=tokens["xincheng-xiyilu-officer"], json_body={
                "summary": f"两台实例登记的事项 {i}", "channel": "walkIn", "complainants": [{"name": "赵六", "phone": f"1360000{i:04d}"}]})
            matters.append(json.loads(body)["id"])
        check(len(messages) == 40 and len(matters) == 20, "40 messages answered and 20 matters registered across A and B")

        # Time passes: every matter's vetting deadline is a month ago. Both instances sweep.
        sql(f"UPDATE matters SET deadline_at = NOW() - INTERVAL '30 days' WHERE id IN ({','.join(map(str, matters))})")
        deadline = time.time() + 60
        while time.time() < deadline:
            chased = int(sql(f"SELECT COUNT(*) FROM matters WHERE chase_level = 3 AND id IN ({','.join(map(str, matters))})")[0][0])
            pending = int(sql("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")[0][0])
            if chased == len(matters) and pending == 0:
                break
            time.sleep(1)
        time.sleep(3)  # more sweeps and sends by both: they must find nothing left to do
    finally:
        a.stop()
        b.stop()

    ids = ",".join(map(str, matters))
    steps = sql(f"SELECT matter_id, COUNT(*) FROM audit_events WHERE kind = 'overdueChased' AND matter_id IN ({ids}) GROUP BY matter_id")
    check(len(steps) == len(matters) and all(int(n) == 3 for _, n in steps),
          "each overdue matter was chased exactly once per step (handler, owning chief, next level): 3 events, not 6", str(steps))
    records = sql(f"SELECT matter_id, COUNT(*) FROM accountability_records WHERE cause = 'overdue' AND matter_id IN ({ids}) GROUP BY matter_id")
    check(len(records) == len(matters) and all(int(n) == 1 for _, n in records), "each has exactly one overdue accountability record")
    escalated = int(sql(f"SELECT COUNT(*) FROM matters WHERE escalated_at IS NOT NULL AND id IN ({ids})")[0][0])
    check(escalated == len(matters), "each was escalated to the next level once")
    sent = {int(row[0]) for row in sql("SELECT id FROM outbox WHERE status = 'sent'")}
    total = int(sql("SELECT COUNT(*) FROM outbox")[0][0])
    lines = []
    per_instance = []
    for env in envs:
        path = os.path.join(env["MINYI_DATA_DIR"], "notifications.log")
        mine = [int(line.split("\t")[0][3:]) for line in open(path)] if os.path.exists(path) else []
        per_instance.append(len(mine))
        lines += mine
    check(total >= 40 and len(sent) == total, f"every one of the {total} notifications was sent")
    check(sorted(lines) == sorted(sent), f"each exactly once across the two instances (A sent {per_instance[0]}, B {per_instance[1]})",
          f"{len(lines)} log lines for {len(sent)} notifications")
    print("two instances: passed")


if __name__ == "__main__":
    run_main(main)
