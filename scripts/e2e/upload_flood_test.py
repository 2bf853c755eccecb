#!/usr/bin/env python3
"""An upload flood against a real `minyi serve` on loopback (issue 21, item 4).

Twelve strangers send 40 MB bodies at once to the online-application endpoint, first with a
declared length, then without one (chunked). The server must answer each at once (413, or
429 when its upload slots are full), its resident memory must rise by less than 50 MB while
the flood lasts (sampled from /proc every 20 ms), every other request must still answer,
and no spooled part may be left in the data directory.
Prints each check; exits 1 on the first failure.
"""
import argparse
import os
import select
import socket
import threading
import time

import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, http, run_main, work_dir  # noqa: E402

BODY = 40 << 20
CHUNK = b"x" * (64 << 10)
FLOOD = 12


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def upload(port, chunked, results, index):
    """Sends one 40 MB body, reading whenever the server speaks, so an early answer is seen
    at once; records the status line and how much of the body was sent before it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        head = ("POST /api/v1/public/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=flood\r\n")
        head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {BODY}\r\n\r\n"
        pending = head.encode()
        sent, answer, deadline = 0, b"", time.time() + 60
        while b"\r\n" not in answer and time.time() < deadline:
            want_write = bool(pending) or sent < BODY
            readable, writable, _ = select.select([sock], [sock] if want_write else [], [], 1)
            if readable:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
                continue
            if writable:
                if not pending:
                    pending = (b"%x\r\n" % len(CHUNK)) + CHUNK + b"\r\n" if chunked else CHUNK
                    sent += len(CHUNK)
                    if chunked and sent >= BODY:
                        pending += b"0\r\n\r\n"
                pending = pending[sock.send(pending):]
        results[index] = (answer.split(b"\r\n", 1)[0].decode(errors="replace"), sent)
    except OSError as error:
        results[index] = (f"error {error}", 0)
    finally:
        sock.close()


def flood(server, chunked):
    pid = server.process.pid
    http(server.base, "GET", "/api/v1/public/districts")
    baseline = rss_bytes(pid)
    results = [None] * FLOOD
    threads = [threading.Thread(target=upload, args=(server.port, chunked, results, i)) for i in range(FLOOD)]
    peak, others = baseline, []
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, rss_bytes(pid))
        if len(others) < 50:
            started = time.time()
            status = http(server.base, "GET", "/api/v1/public/districts", timeout=10)[0]
            others.append((status, time.time() - started))
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    return baseline, peak, results, others


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    data_dir = work_dir("minyi-flood-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MINYI_DATA_DIR": data_dir, "MINYI_SWEEP_INTERVAL": "0"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    server = Server(args.binary, env, data_dir)
    try:
        for chunked in (False, True):
            kind = "without a length (chunked)" if chunked else "with a declared length"
            baseline, peak, results, others = flood(server, chunked)
            statuses = [result[0] for result in results]
            answered = all(" 413 " in s or " 429 " in s for s in statuses)
            check(answered, f"{FLOOD} concurrent 40 MB bodies {kind} are each refused with 413 or 429", str(statuses))
            if not chunked:
                sent = max(result[1] for result in results)
                check(sent < BODY, f"declared 40 MB bodies are refused before they are read (at most {sent >> 20} MB was sent of 40)")
            rise = (peak - baseline) >> 20
            print(f"      resident memory: {baseline >> 20} MB before, {peak >> 20} MB at the peak of the flood")
            check(peak - baseline < 50 << 20, f"resident memory rises by less than 50 MB during the flood {kind} ({rise} MB)")
            slowest = max((seconds for _, seconds in others), default=0)
            check(others and all(status == 200 for status, _ in others),
                  f"{len(others)} other requests during the flood all answered (slowest {slowest * 1000:.0f} ms)", str(others[:5]))
        left = os.listdir(os.path.join(data_dir, "uploads"))
        check(left == [], "no spooled part of a refused upload is left in the data directory", str(left))
    finally:
        server.stop()


if __name__ == "__main__":
    run_main(main)
