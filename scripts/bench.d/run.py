#!/usr/bin/env python3
"""The benchmark run behind scripts/bench: load, serve, drive with wrk, report.

Scenarios (each `wrk --latency` for --duration seconds, 2 threads, 32 connections — 4 for the
dashboard, which chiefs open, not the public — on loopback, the load generator sharing the
machine's two cores with the server; before each, the server is left to finish what the last
one queued):
  a. resident submissions (POST, durable: acknowledged means committed, on SQLite with
     synchronous=FULL)
  b. a station's open-ledger list, 50 a page, filtered by status and ledger
  c. the matter page (HTML) with its timeline
  d. the city dashboard for the year, and the annual report (JSON)
  e. a text search over every matter of the city (Chinese phrase)
  f. registering a matter with one complainant through the API (POST, durable), at 8 and 32
     connections
  g. vetting a matter (POST, durable), at 8 and 32 connections: the matters (f) registered,
     each once
For each: requests/s, p50, p99, max, errors, and the server's peak RSS (VmHWM) after it.
Then the ledger export of every matter of the last 400 days, as CSV and as XLSX, one download
each: seconds, rows, bytes, and the server's peak RSS during it (VmHWM reset before), against
the bar of 200 MB.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = {"a": ("rps", 2000), "b": ("p99", 20), "c": ("p99", 20), "d": ("p99", 100), "e": ("p99", 50), "f": ("rps", 2000), "g": ("rps", 2000)}
# Writes on PostgreSQL go over the network to a server with its own fsync: half the SQLite bar.
POSTGRES_WRITE_TARGET = 1000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(base, script, env, duration, connections=32):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", "-s", script, base],
                         env=dict(os.environ, **env), capture_output=True, text=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.M)
        result["p" + pct] = to_ms(m.group(1)) if m else None
    m = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    result["max"] = to_ms(m.group(1)) if m else None
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return result


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid, limit=900):
    """Waits until the server has finished what the last scenario left queued (wrk stops sending,
    but slow requests already accepted still run), so one scenario's backlog is not timed in the next."""
    deadline = time.time() + limit
    while time.time() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.05:
            return


def rss_peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) / 1024


def export(base, bearer, path, pid):
    """Downloads one export, counting its bytes, and returns the time and the server's peak RSS
    while it was made and sent (the kernel's high-water mark is reset first)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")
    started, size = time.time(), 0
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + bearer})
    with urllib.request.urlopen(req, timeout=3600) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
    return {"seconds": round(time.time() - started, 1), "bytes": size, "rss_mb": round(rss_peak_mb(pid), 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--matters", type=int, default=100000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--database-url")
    parser.add_argument("--results", default="bench/results.json")
    parser.add_argument("--profile", help="record the server with perf during (f) at 32 connections into this file")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="minyi-bench-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MINYI_DATA_DIR": data_dir, "MINYI_SWEEP_INTERVAL": "0", "MINYI_TRUSTED_PROXIES": "127.0.0.1"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    db = "postgres" if args.database_url else "sqlite"

    started = time.time()
    load = subprocess.run([args.binary, "bench-load", "--matters", str(args.matters)], env=env, capture_output=True, text=True)
    if load.returncode != 0:
        sys.exit(f"bench-load failed: {load.stdout[-2000:]} {load.stderr[-2000:]}")
    load_seconds = time.time() - started
    rate = re.search(r"\((\d+) matters/s\)", load.stdout)
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", load.stdout, re.M))
    print(f"--- {db}: loaded {args.matters} matters in {load_seconds:.1f} s ({rate.group(1) if rate else '?'} matters/s)")
    # The load leaves gigabytes of dirty pages for the kernel to write back; until it has, every
    # fsync waits behind them, and the submissions' commits would measure the load, not themselves.
    os.sync()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=open(os.path.join(data_dir, "serve.log"), "w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)

        def token(username):
            req = urllib.request.Request(base + "/api/v1/auth/token", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"username": username, "password": passwords[username]}).encode())
            return json.loads(urllib.request.urlopen(req).read())["token"]

        def get(path, bearer):
            req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + bearer})
            return json.loads(urllib.request.urlopen(req).read())

        city, station = token("city-chief"), token("xincheng-xiyilu-chief")
        districts = json.loads(urllib.request.urlopen(base + "/api/v1/public/districts").read())
        station_matters = [m["id"] for m in get("/api/v1/matters?limit=100", station)["items"]]
        year = time.gmtime().tm_year
        search = urllib.parse.quote("噪音扰民")
        scenarios = [
            ("a", "resident submissions (POST, durable)", "submit.lua", {"BENCH_DISTRICT": str(districts[0]["id"])}, 32),
            ("b", "station open-ledger list, 50/page, filtered", "paths.lua",
             {"BENCH_TOKEN": station, "BENCH_PATHS": "/api/v1/matters?status=open&limit=50|/api/v1/matters?status=handling&ledger=demand&limit=50"}, 32),
            ("c", "matter page with its timeline", "paths.lua",
             {"BENCH_TOKEN": station, "BENCH_PATHS": "|".join(f"/matters/{i}" for i in station_matters)}, 32),
            ("d", "city dashboard and annual report", "paths.lua",
             {"BENCH_TOKEN": city, "BENCH_PATHS": f"/barometer?from={year}-01-01&to={year + 1}-01-01|/api/v1/reports/annual?year={year}"}, 4),
            ("e", "text search over the city (Chinese)", "paths.lua",
             {"BENCH_TOKEN": city, "BENCH_PATHS": f"/api/v1/matters?q={search}&limit=50|/api/v1/matters?q={urllib.parse.quote('诈骗')}&limit=50"}, 32),
        ]
        results = []

        def run(key, name, script, wenv, connections, profile=None):
            wait_idle(server.pid)
            perf = None
            if profile:
                # User-space samples with call graphs, while the load runs (perf_event_paranoid 2 allows that much).
                perf = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock:u", "-F", "499", "-g", "-p", str(server.pid),
                                         "-o", profile, "--", "sleep", str(args.duration)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            result = wrk(base, os.path.join(HERE, script), wenv, args.duration, connections)
            if perf:
                perf.wait()
            result.update({"scenario": key, "name": name, "connections": connections, "rss_mb": round(rss_peak_mb(server.pid), 1)})
            metric, target = TARGETS[key]
            if metric == "rps" and db == "postgres":
                target = POSTGRES_WRITE_TARGET
            value = result[metric]
            result["target"] = f"{metric} {'>=' if metric == 'rps' else '<'} {target}{'' if metric == 'rps' else ' ms'}"
            result["met"] = value is not None and (value >= target if metric == "rps" else value < target)
            results.append(result)
            print(f"    {key}. {name} ({connections} connections): {result['rps']:.0f} req/s, p50 {result['p50']} ms, p99 {result['p99']} ms, errors {result['errors']}")

        for scenario in scenarios:
            run(*scenario)
        # (f) then (g) on what (f) registered: the station's registered matters newer than the load.
        newest_loaded = max(get("/api/v1/matters?limit=1", station)["items"][0]["id"], 0)
        officer = token("xincheng-xiyilu-officer")
        for connections in (8, 32):
            run("f", "registering a matter with one complainant (POST, durable)", "register.lua", {"BENCH_TOKEN": officer}, connections,
                profile=args.profile if connections == 32 else None)
        registered, cursor = [], None
        while True:
            page = get("/api/v1/matters?status=registered&limit=100" + (f"&cursor={cursor}" if cursor else ""), station)
            registered += [m["id"] for m in page["items"] if m["id"] > newest_loaded]
            cursor = page.get("nextCursor")
            if not cursor or not page["items"] or page["items"][-1]["id"] <= newest_loaded:
                break
        registered.sort()
        half = len(registered) // 2
        for connections, ids in ((8, registered[:half]), (32, registered[half:])):
            ids_file = os.path.join(data_dir, f"vet-{connections}.txt")
            with open(ids_file, "w") as f:
                f.write("\n".join(map(str, ids)) + "\n")
            run("g", f"vetting a matter (POST, durable; {len(ids)} matters at most)", "vet.lua", {"BENCH_TOKEN": station, "BENCH_IDS_FILE": ids_file}, connections)
        exports = []
        since = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 400 * 86400))
        until = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
        for fmt in ("csv", "xlsx"):
            wait_idle(server.pid)
            result = export(base, city, f"/barometer/export?what=matters&format={fmt}&from={since}&to={until}", server.pid)
            result.update({"format": fmt, "matters": args.matters, "target": "rss < 200 MB", "met": result["rss_mb"] < 200})
            exports.append(result)
            print(f"    export {fmt}: {result['seconds']} s, {result['bytes'] / 1e6:.0f} MB, peak RSS {result['rss_mb']} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)
        # The loaded data is gigabytes at a million matters, and the next run loads afresh.
        shutil.rmtree(data_dir, ignore_errors=True)

    report = {"database": db, "matters": args.matters, "load_seconds": round(load_seconds, 1),
              "load_rate": int(rate.group(1)) if rate else None, "duration_s": args.duration, "scenarios": results, "exports": exports,
              "peak_rss_mb": max(r["rss_mb"] for r in results), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    os.makedirs(os.path.dirname(args.results) or ".", exist_ok=True)
    existing = []
    if os.path.exists(args.results):
        with open(args.results) as f:
            existing = json.load(f)
    existing = [r for r in existing if not (r["database"] == db and r["matters"] == args.matters)] + [report]
    with open(args.results, "w") as f:
        json.dump(existing, f, indent=1, ensure_ascii=False)
    print()
    print(f"| {db}, {args.matters:,} matters | connections | req/s | p50 ms | p99 ms | max ms | errors | peak RSS MB | target | met |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        print(f"| {r['scenario']}. {r['name']} | {r['connections']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['errors']} | {r['rss_mb']} | {r['target']} | {'yes' if r['met'] else 'NO'} |")
    for e in exports:
        print(f"| export {e['format']}, {e['matters']:,} matters | 1 | {e['seconds']} s | {e['bytes'] / 1e6:.0f} MB | | | | {e['rss_mb']} | {e['target']} | {'yes' if e['met'] else 'NO'} |")
    print(f"\nload: {report['load_rate']} matters/s; results in {args.results}")


if __name__ == "__main__":
    main()
