#!/usr/bin/env python3
"""Backup under load, and restore: `minyi backup --to` while clients write, `minyi restore --from`.

Serves the demo city (SQLite, or PostgreSQL with --database-url and --restore-url, two empty
databases), and while loopback clients register matters and send messages it takes a backup;
then a second one at rest. Each is restored into an empty data directory (or database):
- the backup taken under load restores to a consistent earlier state: integrity check and
  audit chain pass, no table has more rows than the live one, and every matter in it is the
  live matter as it was;
- the backup at rest restores to exactly the live state: the same row counts, the same audit
  head hash, and the same canonical export (the city ledger as CSV, hashed);
- the restored platform serves, and reads residents' sealed data with the original key.
Exits 1 on the first failure.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

YEAR = time.gmtime().tm_year
PERIOD = f"from={YEAR - 1}-12-01&to={YEAR + 1}-01-01"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, http, psql_binary, run, run_main, work_dir  # noqa: E402

TABLES = ["matters", "complainants", "messages", "audit_events", "matter_rounds", "complainant_rounds", "outbox"]


class Store:
    """Row counts and matter rows, straight from the database file or server."""

    def __init__(self, data_dir, url=None):
        self.data_dir, self.url = data_dir, url

    def query(self, sql):
        if self.url:
            out = subprocess.run([psql_binary(), self.url, "-AtF", "\t", "-c", sql], capture_output=True, text=True, check=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        with sqlite3.connect(f"file:{os.path.join(self.data_dir, 'minyi.sqlite')}?mode=ro", uri=True) as db:
            return [tuple(str(v) for v in row) for row in db.execute(sql).fetchall()]

    def counts(self):
        return {table: int(self.query(f"SELECT COUNT(*) FROM {table}")[0][0]) for table in TABLES}

    def matters(self):
        return {row[0]: row for row in self.query("SELECT id, reference, status, version, summary FROM matters ORDER BY id")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--restore-urls", help="two empty databases for the restores, comma-separated (PostgreSQL)")
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    work = work_dir("minyi-backup-")
    live_dir = os.path.join(work, "live")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MINYI_DATA_DIR": live_dir, "MINYI_SWEEP_INTERVAL": "1", "MINYI_TRUSTED_PROXIES": "127.0.0.1"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    restore_urls = args.restore_urls.split(",") if args.restore_urls else [None, None]
    seeded = run(args.binary, env, "seed", "--demo")
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", seeded, re.M))
    server = Server(args.binary, env, work)
    live = Store(live_dir, args.database_url)
    stop = threading.Event()
    written = {"matters": 0, "messages": 0, "errors": 0}
    try:
        status, body, _ = http(server.base, "POST", "/api/v1/auth/token",
                            json_body={"username": "xincheng-xiyilu-officer", "password": passwords["xincheng-xiyilu-officer"]})
        token = json.loads(body)["token"]
        status, body, _ = http(server.base, "GET", "/api/v1/public/districts")
        district = json.loads(body)[0]["id"]

        def staff(n):
            i = 0
            while not stop.is_set():
                i += 1
                status, _, _ = http(server.base, "POST", "/api/v1/matters", token=token, json_body={
                    "summary": f"备份期间登记的事项 {n}-{i}", "channel": "walkIn",
                    "complainants": [{"name": "王五", "phone": f"139{n:02d}{i:06d}"}]})
                written["matters" if status == 201 else "errors"] += 1

        def residents(n):
            i = 0
            while not stop.is_set():
                i += 1
                status, _, _ = http(server.base, "POST", "/api/v1/public/messages", headers={"X-Forwarded-For": f"10.{n}.{i // 250}.{i % 250 + 1}"},
                                 json_body={"kind": "consultation", "content": f"备份期间的咨询 {n}-{i}", "districtId": district})
                written["messages" if status == 201 else "errors"] += 1

        threads = [threading.Thread(target=staff, args=(n,)) for n in range(2)] + [threading.Thread(target=residents, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        time.sleep(args.seconds / 2)
        under_load = os.path.join(work, "under-load.backup")
        out = run(args.binary, env, "backup", "--to", under_load)
        check("backup written" in out, "backup taken while clients write: " + out.splitlines()[0])
        time.sleep(args.seconds / 2)
        stop.set()
        for t in threads:
            t.join()
        check(written["matters"] > 10 and written["messages"] > 10 and written["errors"] == 0,
              f"the load wrote {written['matters']} matters and {written['messages']} messages, no errors")
        time.sleep(2)  # let the outbox settle, so the rest copy is the live state
        at_rest = os.path.join(work, "at-rest.backup")
        run(args.binary, env, "backup", "--to", at_rest)
        check(subprocess.run([args.binary, "backup", "--to", at_rest], env=env, capture_output=True).returncode != 0,
              "a backup never overwrites a file")
        live_counts, live_matters = live.counts(), live.matters()
        live_head = re.search(r"head hash (\w+)", run(args.binary, env, "audit", "verify")).group(1)
        status, live_export, _ = http(server.base, "GET", f"/barometer/export?what=matters&format=csv&{PERIOD}",
                                   token=json.loads(http(server.base, "POST", "/api/v1/auth/token",
                                                         json_body={"username": "city-chief", "password": passwords["city-chief"]})[1])["token"])
        check(status == 200, "the live ledger exported as CSV")
    finally:
        stop.set()
        server.stop()

    for name, backup, url in [("under load", under_load, restore_urls[0]), ("at rest", at_rest, restore_urls[1])]:
        target = os.path.join(work, "restored-" + name.replace(" ", "-"))
        os.makedirs(target)
        shutil.copy(os.path.join(live_dir, "data.key"), os.path.join(target, "data.key"))
        renv = dict(env, MINYI_DATA_DIR=target)
        renv.pop("DATABASE_URL", None)
        if url:
            renv["DATABASE_URL"] = url
        out = run(args.binary, renv, "restore", "--from", backup)
        check("audit log ok" in out, f"restore of the backup {name}: integrity and audit chain pass")
        if not url:
            check(subprocess.run([args.binary, "restore", "--from", backup], env=renv, capture_output=True).returncode != 0,
                  "restore refuses a data directory that already has a database")
        restored = Store(target, url)
        counts = restored.counts()
        if name == "under load":
            check(all(counts[t] <= live_counts[t] for t in TABLES) and counts["matters"] > 0,
                  f"the backup under load is an earlier state: {counts['matters']} of {live_counts['matters']} matters")
            rows = restored.matters()
            check(all(live_matters.get(k, (None,))[:2] == v[:2] for k, v in rows.items()),
                  "every matter in it is a live matter (same id and reference)")
        else:
            check(counts == live_counts, f"the backup at rest restores every row: {counts}", f"live {live_counts}")
            head = re.search(r"head hash (\w+)", out).group(1)
            check(head == live_head, "the audit head hash is the live one")
            server = Server(args.binary, renv, work)
            try:
                token = json.loads(http(server.base, "POST", "/api/v1/auth/token",
                                        json_body={"username": "city-chief", "password": passwords["city-chief"]})[1])["token"]
                status, export, _ = http(server.base, "GET", f"/barometer/export?what=matters&format=csv&{PERIOD}", token=token)
                check(status == 200 and hashlib.sha256(export).hexdigest() == hashlib.sha256(live_export).hexdigest(),
                      "the restored platform serves the same ledger export, byte for byte (sealed names read with the original key)")
            finally:
                server.stop()
    print("backup: passed")


if __name__ == "__main__":
    run_main(main)
