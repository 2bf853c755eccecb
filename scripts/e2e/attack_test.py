#!/usr/bin/env python3
"""Attacks on a running Minyi, over HTTP on loopback, on SQLite (or --database-url).

- schemathesis against /openapi.yaml as a station chief and anonymously: no 5xx, status
  codes, content types and bodies as the spec says, schema-violating input rejected;
- sqlmap against the ledger list's and the public board's filters: not injectable;
- stored script payloads (<script>, an event-handler attribute, a javascript: URL) in every
  field a resident writes (message content, place, name) and in the texts staff write from
  them, followed through escalation, handling, reply, rating, publication and closure: they
  come out escaped on the staff pages, the resident's tracking page and the public board;
- security headers on every page; the session cookie is __Host-, Secure, HttpOnly,
  SameSite=Strict and changes at sign-in; a state change with a foreign Origin or without
  the CSRF token is refused; five wrong passwords lock the account, and a locked account,
  a wrong password and an unknown user get the same answer in about the same time;
- no resident's phone, ID number or name appears in any log line the run wrote.
Prints each check; exits 1 on the first failure.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PAYLOADS = ['<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, check, free_port, http, id_number, session_cookie, run_main, work_dir  # noqa: E402

RAW_MARKERS = ["<script>alert(", "<img src=x onerror", 'href="javascript:', "href='javascript:"]


def page(base, method, path, token=None, cookie=None, json_body=None, form=None, headers=None):
    status, body, response_headers = http(base, method, path, token=token, cookie=cookie, json_body=json_body, form=form, headers=headers)
    return status, body.decode("utf-8", "replace"), response_headers


def csrf_in(html):
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    return match.group(1) if match else None


def ensure_tools():
    if shutil.which("st") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "schemathesis"], check=False)
    if shutil.which("sqlmap") is None:
        raise Failure("sqlmap is not installed (scripts/test installs it from apt)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--examples", default="5", help="schemathesis examples per operation")
    args = parser.parse_args()
    ensure_tools()

    data_dir = work_dir("minyi-attack-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"MINYI_DATA_DIR": data_dir, "MINYI_SWEEP_INTERVAL": "1"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    seeded = subprocess.run([args.binary, "seed", "--demo"], env=env, capture_output=True, text=True, timeout=600)
    check(seeded.returncode == 0, "seed --demo", seeded.stderr[-500:])
    passwords = dict(re.findall(r"^\s+(\S+)\t(\S+)\t", seeded.stdout, re.M))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = os.path.join(data_dir, "serve.log")
    server = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    residents = []
    try:
        for _ in range(300):
            try:
                if page(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)

        def token(username):
            status, body, _ = page(base, "POST", "/api/v1/auth/token", json_body={"username": username, "password": passwords[username]})
            if status not in (200, 201):
                raise Failure(f"sign-in as {username}: {status} {body[:200]}")
            return json.loads(body)["token"]

        # --- Stored script payloads, followed through a matter's whole life ----------------
        station_chief, district_chief = token("xincheng-xiyilu-chief"), token("xincheng-chief")
        station_officer = token("xincheng-xiyilu-officer")
        status, body, _ = page(base, "GET", "/api/v1/public/districts")
        district = next(d["id"] for d in json.loads(body) if d["name"].startswith("新城"))
        status, body, _ = page(base, "GET", "/api/v1/me", token=station_chief)
        station = json.loads(body)["unitId"]
        phone, idn, name = "13912345678", id_number("61010219850307123"), "李" + PAYLOADS[0]
        residents.append((phone, idn, "李"))
        status, body, _ = page(base, "POST", "/api/v1/public/messages", json_body={
            "kind": "report", "content": "夜间噪音 " + " ".join(PAYLOADS), "districtId": district, "place": "西一路 " + PAYLOADS[1],
            "name": name, "phone": phone, "idNumber": idn})
        check(status == 201, "a resident's message with script payloads in every field is accepted as text", body[:300])
        code = json.loads(body)["trackingCode"]
        status, body, _ = page(base, "GET", "/api/v1/messages", token=district_chief)
        message_id = json.loads(body)["items"][0]["id"]
        status, body, _ = page(base, "POST", f"/api/v1/messages/{message_id}/escalate", token=district_chief,
                               json_body={"unitId": station, "summary": "噪音 " + PAYLOADS[2]})
        check(status in (200, 201), "the district escalates it into the station's ledger", body[:300])
        matter = json.loads(body)["matterId"]

        def act(action, who, extra):
            status, body, _ = page(base, "GET", f"/api/v1/matters/{matter}", token=who)
            payload = {"version": json.loads(body)["version"], **extra}
            status, body, _ = page(base, "POST", f"/api/v1/matters/{matter}/{action}", token=who, json_body=payload)
            check(status == 200, f"matter: {action}", body[:300])
            return json.loads(body)

        act("vet", station_chief, {"ledger": "complaint"})
        act("handle", station_officer, {})
        act("result", station_officer, {"result": "已处理 " + PAYLOADS[0]})
        complainant = json.loads(page(base, "GET", f"/api/v1/matters/{matter}", token=station_officer)[1])["complainants"][0]["id"]
        act("reply", station_officer, {"complainantId": complainant, "text": "答复 " + PAYLOADS[1]})
        status, body, _ = page(base, "POST", "/api/v1/public/rate", json_body={"trackingCode": code, "phoneLast4": phone[-4:],
                                                                               "rating": "satisfied", "comment": PAYLOADS[2]})
        check(status in (200, 204), "the resident rates the reply, with a payload in the comment", body[:300])
        act("publish", station_chief, {"asked": "噪音扰民 " + PAYLOADS[0], "summary": "已协调处理 " + PAYLOADS[1]})
        me = json.loads(page(base, "GET", "/api/v1/me", token=station_officer)[1])
        act("accountability", station_chief, {"answerableOfficerId": me["id"], "finding": "按期办结"})
        act("close", station_chief, {})

        # Staff pages through a signed-in cookie session.
        status, html, headers = page(base, "GET", "/signin")
        pre = session_cookie(headers)
        check(pre is not None, "the sign-in page sets a session cookie")
        pre_value = pre.split(";")[0]
        status, html2, headers = page(base, "POST", "/signin", cookie=pre_value, headers={"Origin": base},
                                      form={"csrf": csrf_in(html), "username": "xincheng-xiyilu-chief", "password": passwords["xincheng-xiyilu-chief"]})
        signed = session_cookie(headers)
        check(status in (302, 303) and signed is not None, "sign-in through the page", f"{status} {html2[:200]}")
        attributes = [a.strip().lower() for a in signed.split(";")[1:]]
        check(signed.split("=")[0] == "__Host-minyi-session" and "httponly" in attributes and "secure" in attributes
              and "samesite=strict" in attributes and "path=/" in attributes and not any(a.startswith("domain") for a in attributes),
              "the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict, Path=/ and has no Domain", signed)
        cookie = signed.split(";")[0]
        check(cookie != pre_value, "the session id changes at sign-in")

        pages = [(f"/matters/{matter}", cookie), ("/matters", cookie), (f"/messages/{message_id}", None), ("/board", None)]
        district_cookie = None
        status, html, headers = page(base, "GET", "/signin")
        dpre = session_cookie(headers).split(";")[0]
        status, _, headers = page(base, "POST", "/signin", cookie=dpre, headers={"Origin": base},
                                  form={"csrf": csrf_in(html), "username": "xincheng-chief", "password": passwords["xincheng-chief"]})
        district_cookie = session_cookie(headers).split(";")[0]
        pages[2] = (f"/messages/{message_id}", district_cookie)
        status, html, headers = page(base, "GET", "/track")
        track_cookie = (session_cookie(headers) or "").split(";")[0] or None
        status, tracked, _ = page(base, "POST", "/track", cookie=track_cookie, headers={"Origin": base},
                                  form={"csrf": csrf_in(html) or "", "trackingCode": code, "phoneLast4": phone[-4:]})
        check(status == 200 and "答复" in tracked, "the resident's tracking page shows the reply", f"{status} {tracked[:200]}")
        for path, session in pages:
            status, html, _ = page(base, "GET", path, cookie=session)
            check(status == 200, f"GET {path}")
            bodies = [(path, html)]
            if path == "/board":
                check("已协调处理" in html, "the closed matter is on the public board")
            for where, text in bodies:
                leaks = [m for m in RAW_MARKERS if m in text]
                check(not leaks, f"{where}: every payload comes out escaped", str(leaks))
                # Not vacuous: the payloads are on the page, as text.
                check("&lt;script&gt;" in text or "&lt;img src=x onerror" in text or path == "/matters",
                      f"{where}: the payloads are shown, escaped")
        leaks = [m for m in RAW_MARKERS if m in tracked]
        check(not leaks, "/track: every payload comes out escaped", str(leaks))
        check("&lt;script&gt;" in tracked or "&lt;img" in tracked or "答复" in tracked, "/track: the reply text is there, escaped")

        # --- Headers on every page ----------------------------------------------------------
        for path, session in [("/", None), ("/ask", None), ("/track", None), ("/board", None), ("/services", None), ("/signin", None),
                              ("/matters", cookie), ("/barometer", cookie), ("/reception", cookie), ("/engagement", cookie),
                              ("/liaison", cookie), ("/account", cookie), ("/openapi.yaml", None), ("/api/v1/public/districts", None)]:
            status, _, headers = page(base, "GET", path, cookie=session)
            csp = headers.get("Content-Security-Policy", "")
            script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
            check(status == 200 and "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
                  and "frame-ancestors 'none'" in csp and headers.get("X-Content-Type-Options") == "nosniff"
                  and headers.get("Referrer-Policy"), f"{path}: CSP without inline scripts, frame-ancestors, nosniff, Referrer-Policy",
                  f"{status} {dict(headers)}")

        # --- CSRF ---------------------------------------------------------------------------
        status, html, _ = page(base, "GET", "/account", cookie=cookie)
        token_field = csrf_in(html)
        status, _, _ = page(base, "POST", "/signout", cookie=cookie, headers={"Origin": "http://evil.example"}, form={"csrf": token_field})
        check(status == 403, "a state change with a foreign Origin is refused")
        status, _, _ = page(base, "POST", "/signout", cookie=cookie, headers={"Origin": base}, form={})
        check(status == 403, "a state change without the CSRF token is refused")
        status, _, _ = page(base, "GET", "/matters", cookie=cookie)
        check(status == 200, "and the session is still signed in")

        # --- Lockout ------------------------------------------------------------------------
        for _ in range(5):
            wrong = page(base, "POST", "/api/v1/auth/token", json_body={"username": "beilin-chief", "password": "wrong password"})
        status, body, _ = page(base, "POST", "/api/v1/auth/token", json_body={"username": "beilin-chief", "password": passwords["beilin-chief"]})
        check(status == 401, "after 5 wrong passwords the right one is refused: the account is locked", f"{status} {body[:200]}")
        unknown = page(base, "POST", "/api/v1/auth/token", json_body={"username": "no-such-officer", "password": "wrong password"})
        check(body == wrong[1] == unknown[1], "a locked account, a wrong password and an unknown user get the same answer",
              f"{body[:120]} | {wrong[1][:120]} | {unknown[1][:120]}")

        # ... and in the same time: each path makes one bcrypt check, so no path is much faster.
        def seconds(username, password):
            started = time.perf_counter()
            page(base, "POST", "/api/v1/auth/token", json_body={"username": username, "password": password})
            return time.perf_counter() - started
        spare = sorted(name for name in passwords if name.endswith("-officer") and name.startswith(("lianhu", "yanta", "weiyang", "baqiao")))[:12]
        medians = {
            "an unknown user": statistics.median(seconds(f"no-such-officer-{n}", "wrong password") for n in range(12)),
            "a wrong password": statistics.median(seconds(name, "wrong password") for name in spare),
            "a locked account": statistics.median(seconds("beilin-chief", passwords["beilin-chief"]) for _ in range(12)),
        }
        print("      sign-in answer times (median of 12): " + ", ".join(f"{label} {value * 1000:.0f} ms" for label, value in medians.items()))
        check(len(spare) >= 6 and max(medians.values()) < 1.5 * min(medians.values()),
              "an unknown user, a wrong password and a locked account take about the same time (within 50%)", f"{spare} {medians}")

        # --- schemathesis -------------------------------------------------------------------
        checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection"
        for who, headers in [("a station chief", ["-H", "Authorization: Bearer " + token("xincheng-changle-chief")]), ("anonymous", [])]:
            result = subprocess.run(["st", "run", f"{base}/openapi.yaml", *headers, "--checks", checks, "-n", args.examples, "--seed", "1",
                                     "--exclude-path", "/api/v1/auth/token", "--exclude-path", "/api/v1/me/password", "--no-color",
                                     "--request-timeout", "30"],
                                    capture_output=True, text=True, timeout=1200)
            summary = next((line for line in reversed(result.stdout.splitlines()) if "generated" in line), "")
            check(result.returncode == 0, f"schemathesis as {who}: no server error, responses as specified, bad input refused ({summary.strip()})",
                  result.stdout[result.stdout.find("FAILURES"):][:6000] if "FAILURES" in result.stdout else result.stdout[-4000:])

        # --- sqlmap -------------------------------------------------------------------------
        sqlmap_dir = os.path.join(data_dir, "sqlmap")
        targets = [(f"{base}/api/v1/matters?text=x&ledger=complaint&status=open&unit={station}", ["-H", "Authorization: Bearer " + station_chief]),
                   (f"{base}/api/v1/public/board?district={district}&ledger=complaint&month=2026-01", [])]
        for url, extra in targets:
            result = subprocess.run(["sqlmap", "-u", url, *extra, "--batch", "--level", "2", "--risk", "1", "--technique", "BEUT",
                                     "--time-sec", "2", "--flush-session", "--output-dir", sqlmap_dir, "--disable-coloring",
                                     "--answers", "follow=N"], capture_output=True, text=True, timeout=900)
            out = result.stdout
            injectable = re.search(r"parameter '[^']+' (is|might be) .*injectable", out) and "do not appear to be injectable" not in out
            check(not injectable and ("do not appear to be injectable" in out or "not injectable" in out),
                  f"sqlmap: {urllib.parse.urlparse(url).path} filters are not injectable", out[-2000:])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    # --- No personal data in any log ---------------------------------------------------------
    logs = ""
    for root, _, files in os.walk(data_dir):
        for f in files:
            if f.endswith(".log"):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as handle:
                    logs += handle.read()
    # Request ids are random UUIDs: one ending in a phone's last four digits is not a phone.
    logs = re.sub(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b", "<request-id>", logs)
    for phone, idn, surname in residents:
        check(phone not in logs and phone[-4:] + "," not in logs and idn not in logs and idn[-6:] not in logs,
              "no resident's phone or ID number in any log line of the run")
    check(PAYLOADS[0] not in logs, "no resident-written text in the logs")
    print("attack: passed")


if __name__ == "__main__":
    run_main(main)
