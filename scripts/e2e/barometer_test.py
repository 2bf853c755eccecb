#!/usr/bin/env python3
"""The barometer end to end: a simulated year, the annual report, the dashboard and exports.

On an empty data directory (SQLite) or an empty database (--database-url), runs
`minyi simulate --profile xian-2023 --seed N`, then `minyi report --year 2023` and checks
that the printed table is exactly the report's table in DESIGN.md §1 (the liaison officers
"2,000+" must be at least 2,000), that the json and csv formats give the same numbers, then
serves the platform and checks, over HTTP on loopback, that the city chief's dashboard draws
SVG charts and flags the fraud wave the simulation contains, that the XLSX exports read back
with openpyxl to the same numbers with typed columns (dates as dates, numbers as numbers), that
a station chief's export holds only that station, and that `minyi audit verify` passes.

With --scale N it simulates 1/N of the year (the totals are then checked against the json
report only). Prints the time `simulate` and `report` took. Exits 1 on the first failure.
"""
import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, check, free_port, http, run_main, work_dir  # noqa: E402
from read_xlsx import read_workbook  # noqa: E402

# DESIGN.md §1, as the report prints it (figure, value).
EXPECTED = [
    ("ledger matters registered", "23,789 (suggestions 6,831 · demands 10,451 · complaints 6,507)"),
    ("ledger matters closed (销号)", "20,634"),
    ("online messages received / answered / escalated into the ledgers", "9,979 / 9,632 / 729"),
    ("reception rooms built", "465"),
    ("residents served in reception rooms", "176,728"),
    ("of which: consultations and help 71,883 · disputes mediated 11,035 · emergency help 3,894 · "
     "police business done on residents' behalf 25,545 · other services 63,895", ""),
    ("engagement (进建商) activities · think-tank members", "3,274 · 179"),
    ("liaison officers · units/individuals paired · items collected · items solved", "2,000+ · 32,104 · 13,145 · 12,724"),
]


def scaled_targets(divisor):
    """The xian-2023 figures at 1/divisor, worked out here independently of the binary."""
    services = {"consultationHelp": 71883, "disputeMediation": 11035, "emergencyHelp": 3894, "businessOnBehalf": 25545, "otherService": 63895}
    scaled_services = {k: v // divisor for k, v in services.items()}
    given = sum(scaled_services.values())
    return {
        "registered": {"suggestion": 6831 // divisor, "demand": 10451 // divisor, "complaint": 6507 // divisor},
        "closed": 20634 // divisor,
        "messages": {"received": 9979 // divisor, "answered": 9632 // divisor, "escalated": 729 // divisor},
        "rooms": max(465 // divisor, 1),
        "residentsServed": given + (176728 - sum(services.values())) // divisor,
        "services": scaled_services,
        "activities": 3274 // divisor, "members": 179 // divisor,
        "contacts": 32104 // divisor, "collected": 13145 // divisor, "solved": 12724 // divisor,
    }


def run(binary, env, *args, timeout=3600):
    started = time.time()
    result = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise Failure(f"minyi {' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout, time.time() - started


def table_rows(text):
    """The rows of the first table, the report's, as (figure, value)."""
    lines = text.splitlines()
    start = lines.index("| Figure | Value |") + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        figure, value = line[2:-1].rsplit(" | ", 1)
        rows.append((figure.strip(), value.strip()))
    return rows


def request(base, path, token=None, data=None):
    return http(base, "POST" if data is not None else "GET", path, token=token, json_body=json.loads(data) if data is not None else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", default="7")
    parser.add_argument("--scale", default="1")
    args = parser.parse_args()
    full_year = args.scale == "1"

    data_dir = work_dir("minyi-barometer-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["MINYI_DATA_DIR"] = data_dir
    env["MINYI_SWEEP_INTERVAL"] = "0"
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    print(f"--- data directory {data_dir}; database {'PostgreSQL' if args.database_url else 'SQLite'}")

    out, simulate_seconds = run(args.binary, env, "simulate", "--profile", "xian-2023", "--seed", args.seed, "--scale", args.scale)
    print(f"--- simulate took {simulate_seconds:.1f} s")
    summary = next((line for line in out.splitlines() if line.startswith("Simulated ")), "")
    check(summary.endswith(" 0 failed."), "simulate: every event went through the services — " + summary)
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", out, re.M))
    check("city-chief" in passwords and "xincheng-xiyilu-chief" in passwords, "simulate printed the demo officers' one-time passwords")

    text, report_seconds = run(args.binary, env, "report", "--year", "2023")
    print(f"--- report took {report_seconds:.2f} s (whole command, start-up included)")
    print(text)
    raw, _ = run(args.binary, env, "report", "--year", "2023", "--format", "json")
    figures = json.loads(raw)
    rows = table_rows(text)
    if full_year:
        check(len(rows) == len(EXPECTED), f"report: the table has the report's {len(EXPECTED)} rows")
        for (figure, value), (expected_figure, expected_value) in zip(rows, EXPECTED):
            if expected_value.startswith("2,000+"):
                officers = int(value.split(" · ")[0].replace(",", ""))
                check(officers >= 2000 and value.split(" · ")[1:] == expected_value.split(" · ")[1:],
                      f"report: '{figure}' = {value} (2,000+ officers)")
            else:
                check((figure, value) == (expected_figure, expected_value), f"report: '{figure}' = {value or figure[10:]}")
    if not full_year:
        t = scaled_targets(int(args.scale))
        got = {
            "registered": {k: figures["registered"][k] for k in ("suggestion", "demand", "complaint")},
            "closed": figures["closed"]["total"], "messages": figures["messages"], "rooms": figures["reception"]["rooms"],
            "residentsServed": figures["reception"]["residentsServed"],
            "services": {k: figures["reception"][k] for k in t["services"]},
            "activities": figures["engagement"]["activities"], "members": figures["engagement"]["thinkTankMembers"],
            "contacts": figures["liaison"]["contacts"], "collected": figures["liaison"]["itemsCollected"],
            "solved": figures["liaison"]["itemsSolved"],
        }
        check(got == t, f"report: every figure equals the 1/{args.scale} profile's" + ("" if got == t else f"\n got {got}\n want {t}"))
    check(sum(m["registered"]["total"] for m in figures["months"]) == figures["registered"]["total"],
          "report: the months add up to the year")
    tidy = list(csv.reader(io.StringIO(run(args.binary, env, "report", "--year", "2023", "--format", "csv")[0].lstrip("\ufeff"))))
    by_key = {(r[0], r[1], r[2]): int(r[3]) for r in tidy[1:] if len(r) == 4}
    check(by_key[("matters_registered", "total", "2023")] == figures["registered"]["total"]
          and by_key[("reception", "residents_served", "2023")] == figures["reception"]["residentsServed"]
          and by_key[("liaison", "items_solved", "2023")] == figures["liaison"]["itemsSolved"],
          "report: csv and json give the same numbers")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = os.path.join(data_dir, "serve.log")
    with open(log_path, "w") as log:
        server = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if request(base, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise Failure("the server did not answer /healthz")

        def token(username):
            status, body, _ = request(base, "/api/v1/auth/token",
                                      data=json.dumps({"username": username, "password": passwords[username]}).encode())
            if status not in (200, 201):
                raise Failure(f"sign-in as {username}: {status} {body[:200]}")
            return json.loads(body)["token"]

        chief = token("city-chief")
        period = "from=2023-01-01&to=2024-01-01"
        status, page, _ = request(base, f"/barometer?{period}", chief)
        html = page.decode()
        check(status == 200 and html.count("<svg") >= 3, "dashboard: the city chief's barometer draws its charts as SVG")
        check('id="scorecards"' in html and html.count('class="scorecard"') == 13, "dashboard: a scorecard for each of the 13 districts")
        if full_year:
            check('class="spike"' in html and ("电信网络诈骗" in html or "Telecom fraud" in html),
                  "dashboard: the May fraud wave is flagged as a spike")

        status, body, headers = request(base, f"/barometer/export?what=report&format=xlsx&{period}", chief)
        check(status == 200 and "spreadsheetml" in headers.get("Content-Type", ""), "export: the report as XLSX")
        path = os.path.join(data_dir, "report.xlsx")
        with open(path, "wb") as f:
            f.write(body)
        workbook = read_workbook(path)
        sheet = next(iter(workbook["sheets"].values()))
        values = {(r[0], r[1], r[2]): r[3] for r in sheet[1:]}
        check(values[("matters_registered", "total", "2023")] == figures["registered"]["total"]
              and values[("matters_closed", "total", "2023")] == figures["closed"]["total"]
              and values[("reception", "residents_served", "2023")] == figures["reception"]["residentsServed"]
              and values[("liaison", "contacts", "2023")] == figures["liaison"]["contacts"],
              "export: the XLSX report reads back (openpyxl) to the report's numbers")
        check(all(isinstance(r[3], int) for r in sheet[1:]), "export: the report's values are numbers, not text")

        status, body, _ = request(base, f"/barometer/export?what=scorecards&format=xlsx&{period}", chief)
        path = os.path.join(data_dir, "scorecards.xlsx")
        with open(path, "wb") as f:
            f.write(body)
        cards = next(iter(read_workbook(path)["sheets"].values()))[1:]
        check(status == 200 and len(cards) == 13, "export: 13 district scorecards as XLSX")
        check(all(isinstance(c[2], int) and (c[6] is None or 0 <= c[6] <= 1) for c in cards),
              "export: counts are numbers and rates are fractions (percent-formatted)")
        check(sum(c[2] for c in cards) <= figures["registered"]["total"], "export: the districts' matters are within the city's")

        station_chief = token("xincheng-xiyilu-chief")
        status, body, _ = request(base, "/api/v1/me", station_chief)
        station_id = json.loads(body)["unitId"]
        status, body, _ = request(base, f"/api/v1/reports/annual?year=2023&unit={station_id}", station_chief)
        station_figures = json.loads(body)
        status, body, _ = request(base, f"/barometer/export?what=matters&format=xlsx&{period}", station_chief)
        path = os.path.join(data_dir, "matters.xlsx")
        with open(path, "wb") as f:
            f.write(body)
        workbook = read_workbook(path)
        matters = next(iter(workbook["sheets"].values()))
        header, data = matters[0], matters[1:]
        units = {row[header.index("责任单位 unit")] for row in data}
        check(status == 200 and len(units) == 1 and "西一路" in next(iter(units)),
              f"export: the station chief's ledger export holds only that station ({len(data)} matters)")
        in_ledgers = [row for row in data if row[header.index("台账 ledger")] in ("意见建议", "利益诉求", "投诉举报")]
        check(len(in_ledgers) == station_figures["registered"]["total"], "export: its ledger matters equal the station's report")
        types = next(iter(workbook["types"].values()))
        check(types[header.index("登记时间 registered")] == "datetime" and types[header.index("轮次 round")] == "int",
              "export: dates are dates and numbers are numbers in the XLSX")
        check(all("*" in (row[header.index("电话 phone")] or "*") for row in data), "export: phones are masked without reveal")
        status, _, _ = request(base, f"/barometer/export?what=matters&format=csv&{period}&unit=1", station_chief)
        check(status == 422, "export: a station chief cannot export the city")
    finally:
        server.terminate()
        server.wait(timeout=30)

    out, _ = run(args.binary, env, "audit", "verify")
    check("audit log ok" in out, "audit verify: the chain holds after the simulated year")
    print(f"barometer: passed (simulate {simulate_seconds:.0f} s, report {report_seconds:.2f} s)")


if __name__ == "__main__":
    run_main(main)
