#!/usr/bin/env python3
"""Real-browser end-to-end test of the Minyi staff pages and the resident platform.

    python3 scripts/e2e/browser_test.py --binary PATH_TO_minyi [--database-url postgres://...]

Seeds the demo city into a fresh data directory (and, with --database-url, a freshly emptied
PostgreSQL database), starts `minyi serve` on a free 127.0.0.1 port and drives headless
Chromium through the pages the way a station chief would: sign in, register a matter, take it
through every step to closed, a refused registration, the language switch and sign-out.
Then, in the same run and mostly in a phone-sized window, the resident platform: an anonymous
resident sends a consultation and follows it by tracking code, the district chief answers it
on the message desk, the resident reads and rates the answer, books and cancels a passport
appointment, and reads the public board. Last, a station officer logs a service given in a
reception room (暖心警务会客厅), escalates the entry into a ledger matter, and follows the
matter's source link back to the entry. Finally a resident reports a problem from a phone with
full contact details, the district chief escalates the message to the station, the station
chief replies, the resident rates the reply by tracking code and phone ending, the station
closes the matter, and the public board shows only the anonymised account.

Needs Debian's chromium + chromedriver (CHROMIUM_BIN / CHROMEDRIVER_BIN, default
/usr/bin/chromium and /usr/bin/chromedriver) and Python selenium 4. Never downloads anything
(SE_OFFLINE=true). Prints `e2e: 1 passed, 0 failed` and exits 0, or `e2e: 0 passed, 1 failed`
with the reason, a screenshot path and the server log tail, and exits 1.
"""

import argparse
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

# Before selenium is imported: Selenium Manager must never try to reach the network.
os.environ["SE_OFFLINE"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

SESSION_COOKIE = "__Host-minyi-session"
CHIEF = "xincheng-xiyilu-chief"
DISTRICT_CHIEF = "xincheng-chief"   # answers the resident's message on the desk
OFFICER = "xincheng-xiyilu-officer"  # logs a reception-room service and escalates it
TEST_BUDGET_SECONDS = 150      # setup + browser flow; cleanup has its own bounded time on top
SEED_TIMEOUT = 60
HEALTH_TIMEOUT = 30
PAGE_TIMEOUT = 30              # one navigation or form submission

# The complainant of the main matter: none of these may ever appear in clear on a page.
NAME = "张三"
PHONE = "13812345678"
ADDRESS = "西安市新城区西一路88号商厦三楼"

# What the main matter publishes; the resident sees it on the public board.
PUBLIC_ASKED = "某商厦业主与物业长期经济纠纷"

# The resident scenario.
PHONE_WINDOW = (390, 844)
DESKTOP_WINDOW = (1280, 1800)
STAFF_NAV_IDS = ("nav-messages", "nav-new", "nav-account", "signout")
QUESTION = "请问在新城区办理居住证需要准备哪些材料？大概多久能办好？"
ANSWER = "您好，办理居住证需携带身份证、租赁合同或房产证明，到辖区派出所户籍窗口申请，一般十五个工作日内办结。"
RATING_COMMENT = "答复清楚，谢谢"
BOOKING_NAME = "王小明"
BOOKING_PHONE = "13912345678"

# The reception-room scenario: the room is found by this part of its name; the complainant's
# data differ from the main matter's and must not appear in clear either.
RECEPTION_ROOM_NAME = "西一路"
RECEPTION_SUMMARY = "两户邻居因楼道堆放杂物发生争执，民警到会客厅当面调解。"
RECEPTION_OUTCOME = "双方当场达成一致，约定三日内清理楼道；仍需社区跟进。"
RECEPTION_MATTER_SUMMARY = "楼道堆放杂物邻里纠纷需社区跟进"
RECEPTION_NAME = "赵六"
RECEPTION_PHONE = "13698765432"
RECEPTION_CHANNEL_LABELS = ("暖心警务会客厅", "Reception room")

# The escalated-message scenario: a resident reports from a phone, the district chief escalates
# the message to the station, the station replies, the resident rates, the matter closes and
# the board shows only what was published. None of the resident's data may appear in clear on
# any page, nor, on the public board, even masked.
REPORT_CONTENT = "新城区西五路一家麻将馆每晚营业到凌晨两点，噪音扰民，还有人在门口聚集吵闹，多次劝说无果。"
REPORT_PLACE = "西安市新城区西五路与北大街十字东南角小巷内"
REPORT_NAME = "钱八"
REPORT_PHONE = "13712345678"
REPORT_STATION = "西一路"                # the owning unit is the option whose text contains this
REPORT_MATTER_SUMMARY = "麻将馆夜间营业噪音扰民"
REPORT_RESULT = "民警上门检查，责令麻将馆晚十一点前停止营业并加装隔音设施，社区每周回访。"
REPORT_REPLY = "您反映的麻将馆夜间噪音问题已责令整改，晚十一点后停止营业，社区将持续回访。"
REPORT_RATING_COMMENT = "整改后安静多了"
REPORT_PUBLIC_ASKED = "群众反映某麻将馆夜间营业噪音扰民"
REPORT_PUBLIC_SUMMARY = "责令经营者限时停业并加装隔音设施，社区定期回访"
REPORT_FINDING = "接报后及时处置并答复，未发现失职情形。"
MESSAGE_CHANNEL_LABELS = ("网上留言", "Online message")


class Failure(Exception):
    """A check that did not hold; the message says what was expected and what was seen."""


class Budget(Exception):
    """The whole run took too long."""


def log(message):
    print(f"[{time.monotonic() - START:6.1f}s] {message}", flush=True)


START = time.monotonic()


def check(condition, message):
    if not condition:
        raise Failure(message)


def id_number(first17):
    """An 18-character resident ID number with the ISO 7064 MOD 11-2 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


ID_NUMBER = id_number("61010219900307123")
RECEPTION_ID_NUMBER = id_number("61010219851112234")
REPORT_ID_NUMBER = id_number("61010219780524345")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, lines=50):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError as e:
        return f"(could not read {path}: {e})"


def find_psql():
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"),
                        key=lambda p: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", p)])
    if candidates:
        return candidates[-1]
    raise Failure("psql not found (needed to empty the --database-url database)")


def reset_database(url):
    psql = find_psql()
    log(f"emptying database with {psql}")
    result = subprocess.run([psql, url, "-v", "ON_ERROR_STOP=1", "-q", "-c",
                             "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise Failure(f"could not empty the database (psql exit {result.returncode}):\n{result.stderr.strip()}")


def sent_rating_link(database_url, data_dir):
    """The rating link the last reply's SMS carries, read from the outbox (the SMS gateway's
    queue): the resident opens it on their phone."""
    query = "SELECT payload FROM outbox WHERE template = 'ratingInvited' ORDER BY id DESC LIMIT 1"
    if database_url:
        result = subprocess.run([find_psql(), database_url, "-At", "-c", query], capture_output=True, text=True, timeout=30)
        check(result.returncode == 0, f"could not read the outbox: {result.stderr.strip()}")
        payload = result.stdout.strip()
    else:
        import sqlite3
        with sqlite3.connect(os.path.join(data_dir, "minyi.sqlite")) as connection:
            row = connection.execute(query).fetchone()
        payload = row[0] if row else ""
    check(payload, "the reply queued no rating link for the resident")
    return json.loads(payload)["link"]


def seed(binary, env):
    log("seeding the demo city: minyi seed --demo")
    result = subprocess.run([binary, "seed", "--demo"], env=env, capture_output=True, text=True, timeout=SEED_TIMEOUT)
    if result.returncode != 0:
        raise Failure(f"`minyi seed --demo` exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    accounts = {}
    started = False
    for line in result.stdout.splitlines():
        if line.startswith("Demo city loaded"):
            started = True
            continue
        if started:
            parts = line.strip().split("\t")
            if len(parts) == 4 and parts[0] and parts[1]:
                accounts[parts[0]] = parts[1]
    check(started, f"`minyi seed --demo` did not print 'Demo city loaded'; output was:\n{result.stdout[-3000:]}")
    for username in (CHIEF, DISTRICT_CHIEF, OFFICER):
        check(username in accounts, f"the demo accounts have no {username}; parsed {sorted(accounts)}")
    log(f"seeded {len(accounts)} accounts")
    return accounts


def wait_healthy(base, server, log_path):
    deadline = time.monotonic() + HEALTH_TIMEOUT
    last = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failure(f"the server exited with {server.returncode} before answering /healthz")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    log("server is up")
                    return
                last = f"status {response.status}"
        except (urllib.error.URLError, OSError) as e:
            last = str(e)
        time.sleep(0.3)
    raise Failure(f"GET /healthz did not answer 200 within {HEALTH_TIMEOUT}s (last: {last})")


class Browser:
    """Headless Chromium plus the checks every page gets."""

    def __init__(self, base, work_dir):
        self.base = base
        self.documents = []          # (method, url, status, Origin sent) of every page load, redirects included
        self._requests = {}          # requestId -> (method, Origin header)
        chromium = os.environ.get("CHROMIUM_BIN") or "/usr/bin/chromium"
        chromedriver = os.environ.get("CHROMEDRIVER_BIN") or "/usr/bin/chromedriver"
        for path in (chromium, chromedriver):
            check(os.path.isfile(path) and os.access(path, os.X_OK), f"{path} is not an executable file")
        options = Options()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800",
                    "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--password-store=basic", f"--user-data-dir={os.path.join(work_dir, 'chrome-profile')}"):
            options.add_argument(arg)
        # The performance log gives the HTTP status of each page load, which WebDriver does not.
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        self.service = Service(executable_path=chromedriver, log_output=os.path.join(work_dir, "chromedriver.log"))
        self.driver = webdriver.Chrome(service=self.service, options=options)
        self.driver.set_page_load_timeout(PAGE_TIMEOUT)
        log(f"browser: {self.driver.capabilities.get('browserVersion')}")

    # -- navigation -----------------------------------------------------------------------

    def get(self, path):
        self.driver.get(self.base + path)
        self.settle()

    def click_and_wait(self, element):
        """Clicks something that loads a new page and waits until that page has loaded."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        def replaced(_driver):
            # The old page is gone once touching its root fails. Chrome reports that either as a
            # stale element or, in a race while the new document is attached, as "Node with given
            # id does not belong to the document"; both mean the page changed.
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True

        try:
            WebDriverWait(self.driver, PAGE_TIMEOUT).until(replaced)
        except TimeoutException:
            raise Failure(f"clicking did not load a new page within {PAGE_TIMEOUT}s (still on {self.path()}); "
                          f"the browser may have refused the form (a required field left empty?)")
        self.settle()

    def settle(self):
        WebDriverWait(self.driver, PAGE_TIMEOUT).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        self.collect_statuses()
        bad = [doc for doc in self.documents if doc[2] >= 500]
        if bad:
            raise Failure(f"the server answered with a server error: {bad[-1][0]} {bad[-1][1]} -> {bad[-1][2]}")

    def collect_statuses(self):
        for entry in self.driver.get_log("performance"):
            try:
                message = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            method, params = message.get("method"), message.get("params", {})
            if params.get("type") != "Document":
                continue
            rid = params.get("requestId")
            if method == "Network.requestWillBeSent":
                redirect = params.get("redirectResponse")
                if redirect:
                    method_sent, origin = self._requests.get(rid, ("?", None))
                    self.documents.append((method_sent, redirect.get("url"), int(redirect.get("status", 0)), origin))
                request = params.get("request", {})
                origin = next((v for k, v in request.get("headers", {}).items() if k.lower() == "origin"), None)
                self._requests[rid] = (request.get("method", "?"), origin)
            elif method == "Network.responseReceived":
                response = params.get("response", {})
                method_sent, origin = self._requests.get(rid, ("?", None))
                self.documents.append((method_sent, response.get("url"), int(response.get("status", 0)), origin))

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    # -- page content ---------------------------------------------------------------------

    def field(self, element_id, value):
        element = self.driver.find_element(By.ID, element_id)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)
            check(element.get_attribute("value") == value,
                  f"typing into #{element_id} gave {element.get_attribute('value')!r}, not {value!r}")

    def has(self, element_id):
        return bool(self.driver.find_elements(By.ID, element_id))

    def error_text(self):
        found = self.driver.find_elements(By.ID, "error")
        return found[0].text if found else None

    def assert_no_error(self, what):
        message = self.error_text()
        check(message is None, f"{what}: the page shows an error on {self.path()}: {message!r}")

    def status(self):
        found = self.driver.find_elements(By.ID, "status")
        check(found, f"no #status element on {self.path()}")
        return found[0].get_attribute("data-status")

    def assert_personal_data_masked(self):
        source = self.driver.page_source
        for label, value in (("phone", PHONE), ("name", NAME), ("ID number", ID_NUMBER), ("address", ADDRESS)):
            check(value not in source, f"{self.path()} shows the complainant's full {label} {value!r} in clear")

    def assert_reception_data_masked(self):
        source = self.driver.page_source
        for label, value in (("phone", RECEPTION_PHONE), ("name", RECEPTION_NAME), ("ID number", RECEPTION_ID_NUMBER)):
            check(value not in source, f"{self.path()} shows the reception complainant's full {label} {value!r} in clear")

    def assert_report_data_masked(self):
        source = self.driver.page_source
        for label, value in (("phone", REPORT_PHONE), ("name", REPORT_NAME), ("ID number", REPORT_ID_NUMBER),
                             ("place", REPORT_PLACE)):
            check(value not in source, f"{self.path()} shows the reporting resident's full {label} {value!r} in clear")

    def sign_in(self, username, password):
        """A fresh desktop session signed in as `username`."""
        self.driver.delete_all_cookies()
        self.window(DESKTOP_WINDOW)
        self.get("/signin")
        check(self.path() == "/signin", f"GET /signin ended on {self.path()}")
        self.field("username", username)
        self.field("password", password)
        self.click_and_wait(self.driver.find_element(By.ID, "signin-submit"))
        self.assert_no_error(f"signing in as {username}")
        check(self.has("signout"), f"signed in as {username} there is no #signout (on {self.path()})")

    def sign_out(self, username):
        self.click_and_wait(self.driver.find_element(By.ID, "signout"))
        check(self.path() == "/signin", f"signing out led to {self.path()}, not /signin")
        log(f"{username}: signed out")

    def act(self, matter_path, action, fields, expected, assert_masked):
        """Submits form.action-<action> on the matter page with `fields` (a select given None
        takes its first option) and checks the matter's status afterwards."""
        d = self.driver
        forms = d.find_elements(By.CSS_SELECTOR, f"form.action-{action}")
        if not forms:
            available = [c for f in d.find_elements(By.CSS_SELECTOR, "form.action")
                         for c in (f.get_attribute("class") or "").split() if c.startswith("action-")]
            gaps = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#closure-gaps li")]
            raise Failure(f"no form.action-{action} on {matter_path} (status {self.status()}); "
                          f"offered: {available}; closure gaps: {gaps}")
        form = forms[0]
        for name, value in fields.items():
            element = form.find_element(By.NAME, name)
            if element.tag_name == "select":
                select = Select(element)
                if value is None:
                    check(select.options, f"the {name} select of form.action-{action} on {matter_path} has no options")
                    select.select_by_index(0)
                else:
                    select.select_by_value(value)
            else:
                element.clear()
                element.send_keys(value)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[name=submit]"))
        self.assert_no_error(f"action {action}")
        check(self.path() == matter_path, f"after {action} the browser is on {self.path()}, not {matter_path}")
        status = self.status()
        check(status == expected, f"after {action} #status is {status!r}, expected {expected!r}")
        assert_masked()
        log(f"{action}: status {status}")

    def cookie(self):
        found = self.driver.get_cookie(SESSION_COOKIE)
        return found.get("value") if found else None

    # -- the resident platform --------------------------------------------------------------

    def window(self, size):
        self.driver.set_window_size(*size)
        width = self.driver.execute_script("return window.innerWidth")
        check(abs(width - size[0]) <= 20, f"resizing the window to {size} gave a viewport {width}px wide")

    def become_anonymous_resident(self):
        """A resident's phone: no session or language cookie, a phone-sized window."""
        self.driver.delete_all_cookies()
        check(not self.driver.get_cookies(), f"cookies left after deleting them all: {self.driver.get_cookies()}")
        self.window(PHONE_WINDOW)

    def load_status(self, method, path):
        """The HTTP status of the latest recorded page load of `method path`."""
        for method_sent, url, status, _ in reversed(self.documents):
            if method_sent == method and urllib.parse.urlsplit(url).path == path:
                return status
        raise Failure(f"no {method} {path} page load was recorded; last page loads: {self.documents[-6:]}")

    def assert_resident_page(self, what, method="GET", path=None):
        """A resident page: answered 200, no error, no staff navigation, no session cookie,
        and nothing wider than the phone screen."""
        path = path or self.path()
        status = self.load_status(method, path)
        check(status == 200, f"{what}: {method} {path} answered {status}, not 200")
        self.assert_no_error(what)
        shown = [element_id for element_id in STAFF_NAV_IDS if self.has(element_id)]
        check(not shown, f"{what}: the resident page {self.path()} shows the staff navigation {shown}")
        check(self.cookie() is None, f"{what}: the resident page {self.path()} set the staff session cookie {SESSION_COOKIE}")
        scroll, inner = self.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(scroll <= inner, f"{what}: {self.path()} is wider than the phone screen ({scroll}px > {inner}px)")

    def resident_status(self):
        found = self.driver.find_elements(By.ID, "resident-status")
        check(found, f"no #resident-status element on {self.path()}")
        return found[0].get_attribute("data-status")

    def track(self, code, phone_last4=""):
        """Looks a message up by its tracking code and, when it was sent with a phone number,
        that number's last four digits."""
        self.get("/track")
        self.assert_resident_page("the tracking form")
        check(self.has("trackingCode") and self.has("phoneLast4") and self.has("track-submit"), "the tracking form is missing")
        self.field("trackingCode", code)
        check(self.driver.find_element(By.ID, "phoneLast4").get_attribute("value") == "", "#phoneLast4 is not empty")
        if phone_last4:
            self.field("phoneLast4", phone_last4)
        self.click_and_wait(self.driver.find_element(By.ID, "track-submit"))
        self.assert_resident_page("tracking the message", method="POST", path="/track")
        return self.resident_status()

    def rate_answer(self, code, phone_last4, reply_text, comment, what):
        """As a resident: finds the answer `reply_text` under the tracking code and rates it
        satisfied; afterwards no rating form is offered."""
        self.become_anonymous_resident()
        status = self.track(code, phone_last4)
        check(status == "answered", f"after {what} #resident-status is {status!r}, expected 'answered'")
        replies = self.driver.find_elements(By.ID, "replies")
        check(replies and reply_text in replies[0].text, f"{what} is not shown inside #replies on {self.path()}")
        check(self.has("rate-form"), f"{what} is answered and unrated, yet no #rate-form is offered")
        self.field("rating", "satisfied")
        self.field("comment", comment)
        self.click_and_wait(self.driver.find_element(By.ID, "rate-submit"))
        self.assert_resident_page(f"rating {what}", method="POST", path="/track/rate")
        check(not self.has("rate-form"), f"after rating {what}, the #rate-form is still offered")


def resident_scenario(b, accounts):
    d = b.driver

    # -- an anonymous resident sends a consultation ------------------------------------------
    b.become_anonymous_resident()
    log(f"resident: phone-sized window {PHONE_WINDOW[0]}x{PHONE_WINDOW[1]}, no cookies")
    b.get("/")
    b.assert_resident_page("the resident home page")
    links = d.find_elements(By.CSS_SELECTOR, 'a[href="/ask?kind=consultation"]')
    check(links, f"the home page has no link to /ask?kind=consultation; links: "
                 f"{[a.get_attribute('href') for a in d.find_elements(By.TAG_NAME, 'a')]}")
    b.click_and_wait(links[0])
    check(b.path() == "/ask", f"the consultation link led to {b.path()}, not /ask")
    b.assert_resident_page("the message form")
    kind = Select(d.find_element(By.ID, "kind")).first_selected_option.get_attribute("value")
    check(kind == "consultation", f"/ask?kind=consultation preselects #kind {kind!r}, not 'consultation'")
    b.field("content", QUESTION)
    district = Select(d.find_element(By.ID, "districtId"))
    xincheng = [o for o in district.options if "新城" in o.text]
    check(xincheng, f"#districtId offers no district named 新城; options: {[o.text for o in district.options]}")
    district_name = xincheng[0].text
    district.select_by_value(xincheng[0].get_attribute("value"))
    b.click_and_wait(d.find_element(By.ID, "message-submit"))
    b.assert_resident_page("sending the message", method="POST", path="/ask")
    check(b.has("tracking-code"), f"after sending the message there is no #tracking-code on {b.path()}")
    code = d.find_element(By.ID, "tracking-code").text.strip()
    check(re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code),
          f"#tracking-code holds {code!r}, not a code like ABCD-EFGH-JKLM")
    log(f"resident: sent a consultation to {district_name}, tracking code {code}")

    status = b.track(code)
    check(status == "received", f"the new message has #resident-status {status!r}, expected 'received'")
    check(QUESTION in d.find_element(By.TAG_NAME, "body").text, "the tracking page does not show the message sent")
    log("resident: tracked; status received")

    # -- the district chief answers it on the desk -------------------------------------------
    b.sign_in(DISTRICT_CHIEF, accounts[DISTRICT_CHIEF])
    check(b.has("nav-messages") and b.has("signout"), f"signed in as {DISTRICT_CHIEF} there is no #nav-messages / #signout "
                                                      f"(on {b.path()})")
    b.click_and_wait(d.find_element(By.ID, "nav-messages"))
    check(b.path() == "/messages", f"#nav-messages led to {b.path()}, not /messages")
    b.assert_no_error("the message desk")
    rows = [row for row in d.find_elements(By.CSS_SELECTOR, "#messages tr") if QUESTION[:20] in row.text]
    check(rows, f"the message desk of {DISTRICT_CHIEF} does not list the resident's message; rows: "
                f"{[row.text for row in d.find_elements(By.CSS_SELECTOR, '#messages tr')]}")
    check(rows[0].get_attribute("data-status") == "received",
          f"the desk lists the message as {rows[0].get_attribute('data-status')!r}, not 'received'")
    b.click_and_wait(rows[0].find_element(By.CSS_SELECTOR, "a.message-link"))
    message_path = b.path()
    check(re.fullmatch(r"/messages/\d+", message_path), f"the message link led to {message_path}, not /messages/<id>")
    b.assert_no_error("the message page")
    status = d.find_element(By.ID, "message-status").get_attribute("data-status")
    check(status == "received", f"{message_path} has #message-status {status!r}, expected 'received'")
    forms = d.find_elements(By.CSS_SELECTOR, "form.action-answer")
    check(forms, f"no form.action-answer on {message_path}")
    forms[0].find_element(By.NAME, "answer").send_keys(ANSWER)
    b.click_and_wait(forms[0].find_element(By.CSS_SELECTOR, "button[name=submit]"))
    b.assert_no_error("answering the message")
    check(b.path() == message_path, f"after answering the browser is on {b.path()}, not {message_path}")
    status = d.find_element(By.ID, "message-status").get_attribute("data-status")
    check(status == "answered", f"after answering #message-status is {status!r}, expected 'answered'")
    shown = d.find_elements(By.ID, "answer")
    check(shown and shown[0].text == ANSWER, f"{message_path} does not show the answer in #answer: "
                                             f"{shown[0].text if shown else None!r}")
    check(not d.find_elements(By.CSS_SELECTOR, "form.action-answer"), "an answered message still offers the answer form")
    log(f"{DISTRICT_CHIEF}: answered {message_path}")
    b.click_and_wait(d.find_element(By.ID, "signout"))
    check(b.path() == "/signin", f"signing out led to {b.path()}, not /signin")
    log(f"{DISTRICT_CHIEF}: signed out")

    # -- the resident reads and rates the answer ---------------------------------------------
    b.rate_answer(code, "", ANSWER, RATING_COMMENT, "the answer")
    replies = d.find_elements(By.ID, "replies")
    text = replies[0].text if replies else ""
    check("满意" in text or "Satisfied" in text, f"after rating, #replies does not show the rating: {text!r}")
    check(RATING_COMMENT in text, f"after rating, #replies does not show the comment {RATING_COMMENT!r}: {text!r}")
    log("resident: status answered, rated satisfied")

    # -- book and cancel a passport appointment ----------------------------------------------
    b.get("/services")
    b.assert_resident_page("the service guide")
    links = d.find_elements(By.CSS_SELECTOR, 'a[href="/services/passport"]')
    check(links, "the service guide has no link to /services/passport")
    b.click_and_wait(links[0])
    check(b.path() == "/services/passport", f"the passport link led to {b.path()}, not /services/passport")
    b.assert_resident_page("the passport guide")
    check(b.has("slotId"), "the passport guide offers no #slotId to book (no free slots in the demo city?)")
    slot = Select(d.find_element(By.ID, "slotId"))
    check(slot.options, "#slotId has no options")
    slot.select_by_index(0)
    slot_text = slot.first_selected_option.text
    b.field("name", BOOKING_NAME)
    b.field("phone", BOOKING_PHONE)
    b.click_and_wait(d.find_element(By.ID, "booking-submit"))
    b.assert_resident_page("booking a passport appointment", method="POST", path="/services/passport/book")
    check(b.has("booking-code"), f"after booking there is no #booking-code on {b.path()}")
    booking_code = d.find_element(By.ID, "booking-code").text.strip()
    check(booking_code, "#booking-code is empty")
    check(BOOKING_PHONE not in d.page_source, f"the booking receipt shows the full phone {BOOKING_PHONE}")
    log(f"resident: booked {slot_text!r}, code {booking_code}")

    b.get("/services/cancel")
    b.assert_resident_page("the cancel form")
    b.field("code", booking_code)
    b.field("phoneLast4", BOOKING_PHONE[-4:])
    b.click_and_wait(d.find_element(By.ID, "cancel-submit"))
    b.assert_resident_page("cancelling the booking", method="POST", path="/services/cancel")
    check(b.has("notice"), f"after cancelling there is no #notice on {b.path()}")
    log(f"resident: cancelled {booking_code}: {d.find_element(By.ID, 'notice').text!r}")

    # -- the public board --------------------------------------------------------------------
    b.get("/board")
    b.assert_resident_page("the public board")
    board = d.find_elements(By.ID, "board")
    check(board and PUBLIC_ASKED in board[0].text,
          f"the public board does not list the matter closed and published above ({PUBLIC_ASKED!r})")
    b.assert_personal_data_masked()
    log("resident: the public board lists the published matter")


def reception_scenario(b, accounts):
    d = b.driver

    # -- a station officer logs a service in a reception room -------------------------------
    b.sign_in(OFFICER, accounts[OFFICER])
    check(b.has("nav-reception") and b.has("signout"), f"signed in as {OFFICER} there is no #nav-reception / #signout "
                                                       f"(on {b.path()})")
    b.click_and_wait(d.find_element(By.ID, "nav-reception"))
    check(b.path() == "/reception", f"#nav-reception led to {b.path()}, not /reception")
    b.assert_no_error("the reception rooms")
    links = [a for a in d.find_elements(By.CSS_SELECTOR, "a.room-link") if RECEPTION_ROOM_NAME in a.text]
    check(links, f"the reception rooms of {OFFICER} include none named with {RECEPTION_ROOM_NAME!r}; rooms: "
                 f"{[a.text for a in d.find_elements(By.CSS_SELECTOR, 'a.room-link')]}")
    room_name = links[0].text
    b.click_and_wait(links[0])
    room_path = b.path()
    m = re.fullmatch(r"/reception/rooms/(\d+)", room_path)
    check(m, f"the room link led to {room_path}, not /reception/rooms/<id>")
    room_id = m.group(1)
    b.assert_no_error("the reception room page")
    check(b.has("log-form") and b.has("log-submit"), f"{room_path} offers {OFFICER} no #log-form / #log-submit")
    b.field("serviceKind", "disputeMediation")
    b.field("residentsServed", "3")
    b.field("log-summary", RECEPTION_SUMMARY)
    b.field("log-outcome", RECEPTION_OUTCOME)
    b.click_and_wait(d.find_element(By.ID, "log-submit"))
    b.assert_no_error("logging a reception-room service")
    check(b.path() == room_path, f"after logging the service the browser is on {b.path()}, not {room_path}")
    rows = [row for row in d.find_elements(By.CSS_SELECTOR, "#entries tr[id^='entry-']") if RECEPTION_SUMMARY in row.text]
    check(rows, f"#entries on {room_path} does not list the service just logged; rows: "
                f"{[row.text for row in d.find_elements(By.CSS_SELECTOR, '#entries tr')]}")
    row = rows[0]
    entry_id = row.get_attribute("id").removeprefix("entry-")
    check(entry_id.isdigit(), f"the new entry's row has id {row.get_attribute('id')!r}, not entry-<id>")
    cells = [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")]
    check(len(cells) >= 3 and cells[2] == "3", f"the new entry's row does not show 3 residents served: {cells}")
    log(f"{OFFICER}: logged entry {entry_id} in {room_name} ({room_path})")

    # -- the officer escalates the entry into a ledger matter ---------------------------------
    forms = row.find_elements(By.CSS_SELECTOR, "form.action-escalate-entry")
    check(forms, f"the row of entry {entry_id} offers no form.action-escalate-entry")
    form = forms[0]
    for name, value in (("summary", RECEPTION_MATTER_SUMMARY), ("name", RECEPTION_NAME),
                        ("phone", RECEPTION_PHONE), ("idNumber", RECEPTION_ID_NUMBER)):
        element = form.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)
        check(element.get_attribute("value") == value,
              f"typing into the escalation form's {name} gave {element.get_attribute('value')!r}, not {value!r}")
    b.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[name=submit]"))
    b.assert_no_error("escalating the reception-room entry")
    m = re.fullmatch(r"/matters/(\d+)", b.path())
    check(m, f"escalating the entry led to {b.path()}, not /matters/<id>")
    matter_path = b.path()
    status = b.status()
    check(status == "registered", f"the escalated matter has #status {status!r}, expected 'registered'")
    provenance = d.find_elements(By.ID, "provenance")
    check(provenance, f"no #provenance on {matter_path}")
    provenance_text = provenance[0].text
    check(any(label in provenance_text for label in RECEPTION_CHANNEL_LABELS),
          f"#provenance on {matter_path} does not name the reception-room channel {RECEPTION_CHANNEL_LABELS}: {provenance_text!r}")
    check(b.has("source-link"), f"#provenance on {matter_path} has no #source-link: {provenance_text!r}")
    source_link = d.find_element(By.ID, "source-link")
    href = urllib.parse.urlsplit(source_link.get_attribute("href"))
    expected = f"/reception/rooms/{room_id}#entry-{entry_id}"
    check(f"{href.path}#{href.fragment}" == expected,
          f"#source-link on {matter_path} points to {source_link.get_attribute('href')!r}, not {expected}")
    details = d.find_elements(By.CSS_SELECTOR, "p.details")
    check(details and RECEPTION_SUMMARY in details[0].text,
          f"the escalated matter's details are not the entry's summary: {details[0].text if details else None!r}")
    b.assert_reception_data_masked()
    log(f"{OFFICER}: escalated entry {entry_id} into {matter_path}, status {status}, source {expected}")

    # -- the source link leads back to the entry, which links to the matter -------------------
    b.click_and_wait(source_link)
    check(b.path() == room_path, f"#source-link led to {b.path()}, not {room_path}")
    b.assert_no_error("following the matter's source link")
    fragment = urllib.parse.urlsplit(d.current_url).fragment
    check(fragment == f"entry-{entry_id}", f"#source-link landed on #{fragment}, not #entry-{entry_id}")
    rows = d.find_elements(By.ID, f"entry-{entry_id}")
    check(rows, f"{room_path} has no row #entry-{entry_id}")
    matter_links = rows[0].find_elements(By.CSS_SELECTOR, "a.matter-link")
    check(matter_links, f"the row #entry-{entry_id} has no a.matter-link; it reads {rows[0].text!r}")
    link_path = urllib.parse.urlsplit(matter_links[0].get_attribute("href")).path
    check(link_path == matter_path, f"the row #entry-{entry_id} links to {link_path}, not {matter_path}")
    check(not rows[0].find_elements(By.CSS_SELECTOR, "form.action-escalate-entry"),
          f"the escalated entry {entry_id} still offers the escalation form")
    b.assert_reception_data_masked()
    log(f"{OFFICER}: entry {entry_id} links to {matter_path}")
    b.click_and_wait(d.find_element(By.ID, "signout"))
    check(b.path() == "/signin", f"signing out led to {b.path()}, not /signin")
    log(f"{OFFICER}: signed out")


def escalated_message_scenario(b, accounts):
    d = b.driver

    # -- an anonymous resident reports from a phone, with full contact details ---------------
    b.become_anonymous_resident()
    b.get("/ask?kind=report")
    b.assert_resident_page("the report form", path="/ask")
    kind = Select(d.find_element(By.ID, "kind")).first_selected_option.get_attribute("value")
    check(kind == "report", f"/ask?kind=report preselects #kind {kind!r}, not 'report'")
    b.field("content", REPORT_CONTENT)
    district = Select(d.find_element(By.ID, "districtId"))
    xincheng = [o for o in district.options if "新城" in o.text]
    check(xincheng, f"#districtId offers no district named 新城; options: {[o.text for o in district.options]}")
    district_name = xincheng[0].text
    district.select_by_value(xincheng[0].get_attribute("value"))
    b.field("place", REPORT_PLACE)
    b.field("name", REPORT_NAME)
    b.field("phone", REPORT_PHONE)
    b.field("idNumber", REPORT_ID_NUMBER)
    b.click_and_wait(d.find_element(By.ID, "message-submit"))
    b.assert_resident_page("sending the report", method="POST", path="/ask")
    check(b.has("tracking-code"), f"after sending the report there is no #tracking-code on {b.path()}")
    code = d.find_element(By.ID, "tracking-code").text.strip()
    check(re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code),
          f"#tracking-code holds {code!r}, not a code like ABCD-EFGH-JKLM")
    b.assert_report_data_masked()
    log(f"resident: sent a report to {district_name} as {REPORT_NAME}, tracking code {code}")

    # -- the district chief escalates it to the station --------------------------------------
    b.sign_in(DISTRICT_CHIEF, accounts[DISTRICT_CHIEF])
    check(b.has("nav-messages"), f"signed in as {DISTRICT_CHIEF} there is no #nav-messages (on {b.path()})")
    b.click_and_wait(d.find_element(By.ID, "nav-messages"))
    check(b.path() == "/messages", f"#nav-messages led to {b.path()}, not /messages")
    b.assert_no_error("the message desk")
    rows = [row for row in d.find_elements(By.CSS_SELECTOR, "#messages tr") if REPORT_CONTENT[:20] in row.text]
    check(rows, f"the message desk of {DISTRICT_CHIEF} does not list the report; rows: "
                f"{[row.text for row in d.find_elements(By.CSS_SELECTOR, '#messages tr')]}")
    check(rows[0].get_attribute("data-status") == "received",
          f"the desk lists the report as {rows[0].get_attribute('data-status')!r}, not 'received'")
    b.assert_report_data_masked()
    b.click_and_wait(rows[0].find_element(By.CSS_SELECTOR, "a.message-link"))
    message_path = b.path()
    check(re.fullmatch(r"/messages/\d+", message_path), f"the message link led to {message_path}, not /messages/<id>")
    b.assert_no_error("the report's message page")
    b.assert_report_data_masked()
    forms = d.find_elements(By.CSS_SELECTOR, "form.action-escalate")
    check(forms, f"no form.action-escalate on {message_path}")
    form = forms[0]
    unit = Select(form.find_element(By.NAME, "unitId"))
    stations = [o for o in unit.options if REPORT_STATION in o.text]
    check(stations, f"the escalation form on {message_path} offers no unit named with {REPORT_STATION!r}; "
                    f"options: {[o.text for o in unit.options]}")
    station_name = stations[0].text
    unit.select_by_value(stations[0].get_attribute("value"))
    summary = form.find_element(By.NAME, "summary")
    summary.clear()
    summary.send_keys(REPORT_MATTER_SUMMARY)
    b.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[name=submit]"))
    b.assert_no_error("escalating the report")
    check(re.fullmatch(r"/matters/\d+", b.path()), f"escalating the report led to {b.path()}, not /matters/<id>")
    matter_path = b.path()
    status = b.status()
    check(status == "registered", f"the escalated matter has #status {status!r}, expected 'registered'")
    provenance = d.find_elements(By.ID, "provenance")
    check(provenance, f"no #provenance on {matter_path}")
    provenance_text = provenance[0].text
    check(any(label in provenance_text for label in MESSAGE_CHANNEL_LABELS),
          f"#provenance on {matter_path} does not name the online-message channel {MESSAGE_CHANNEL_LABELS}: {provenance_text!r}")
    check(b.has("source-link"), f"#provenance on {matter_path} has no #source-link: {provenance_text!r}")
    href = urllib.parse.urlsplit(d.find_element(By.ID, "source-link").get_attribute("href")).path
    check(href == message_path, f"#source-link on {matter_path} points to {href!r}, not {message_path}")
    b.assert_report_data_masked()
    log(f"{DISTRICT_CHIEF}: escalated {message_path} to {station_name} as {matter_path}, status {status}")
    b.sign_out(DISTRICT_CHIEF)

    # -- the station chief vets, handles and replies ------------------------------------------
    b.sign_in(CHIEF, accounts[CHIEF])
    b.get(matter_path)
    b.assert_no_error(f"{CHIEF} opening {matter_path}")
    check(b.path() == matter_path, f"GET {matter_path} as {CHIEF} ended on {b.path()}")
    for action, fields, expected in (
        ("vet", {"ledger": "complaint"}, "open"),
        ("handle", {}, "handling"),
        ("result", {"result": REPORT_RESULT}, "handling"),
        ("reply", {"complainantId": None, "text": REPORT_REPLY}, "replied"),
    ):
        b.act(matter_path, action, fields, expected, b.assert_report_data_masked)
    b.sign_out(CHIEF)

    # -- the resident reads the reply and rates it -------------------------------------------
    b.rate_answer(code, REPORT_PHONE[-4:], REPORT_REPLY, REPORT_RATING_COMMENT, "the station's reply")
    b.assert_report_data_masked()
    log(f"resident: tracked {code} with the phone ending, status answered, rated satisfied")

    # -- the station chief sees the rating, publishes, reviews and closes ---------------------
    b.sign_in(CHIEF, accounts[CHIEF])
    b.get(matter_path)
    b.assert_no_error(f"{CHIEF} opening {matter_path} again")
    table = d.find_elements(By.ID, "complainants")
    text = table[0].text if table else ""
    check("满意" in text or "Satisfied" in text, f"the complainants of {matter_path} do not show the resident's rating: {text!r}")
    check(REPORT_RATING_COMMENT in text, f"the complainants of {matter_path} do not show the comment {REPORT_RATING_COMMENT!r}: {text!r}")
    for action, fields, expected in (
        ("publish", {"asked": REPORT_PUBLIC_ASKED, "summary": REPORT_PUBLIC_SUMMARY}, "replied"),
        ("accountability", {"finding": REPORT_FINDING}, "replied"),
        ("close", {}, "closed"),
    ):
        b.act(matter_path, action, fields, expected, b.assert_report_data_masked)
    b.sign_out(CHIEF)

    # -- the public board shows only the anonymised account ------------------------------------
    b.become_anonymous_resident()
    b.get("/board")
    b.assert_resident_page("the public board after the escalated report")
    entries = [e for e in d.find_elements(By.CSS_SELECTOR, "#board section.entry")
               if REPORT_PUBLIC_ASKED in e.text and REPORT_PUBLIC_SUMMARY in e.text]
    check(entries, f"the public board has no entry with the published account ({REPORT_PUBLIC_ASKED!r} / "
                   f"{REPORT_PUBLIC_SUMMARY!r}); entries: {[e.text for e in d.find_elements(By.CSS_SELECTOR, '#board section.entry')]}")
    b.assert_report_data_masked()
    source = d.page_source
    for label, value in (("masked name", REPORT_NAME[0] + "*"), ("masked phone", REPORT_PHONE[:3] + "****" + REPORT_PHONE[-4:])):
        check(value not in source, f"the public board shows the reporting resident's {label} {value!r}")
    log(f"resident: the public board lists the closed report anonymised: {entries[0].text.splitlines()[0]!r}")


def rate_by_link(b, matter_path, link):
    """The staff page offers no rating; the resident rates with the link the reply brought."""
    d = b.driver
    check(not d.find_elements(By.CSS_SELECTOR, "form.action-rate"), "the chief's matter page offers a rating form")
    check("1381234" not in link, f"the rating link carries the phone: {link}")
    b.get(link)
    check(b.has("reply") and b.has("rate-form"), f"the rating link page {link} shows no reply or no form")
    Select(d.find_element(By.ID, "rating")).select_by_value("satisfied")
    d.find_element(By.ID, "comment").send_keys("处理及时")
    b.click_and_wait(d.find_element(By.ID, "rate-submit"))
    check(b.has("rated"), "the rating link did not thank the resident")
    b.get(link)
    check(not b.has("rate-form"), "the rating link still offers its form after it was used")
    b.get(matter_path)
    check("群众本人评价" in d.page_source or "rated by the resident" in d.page_source,
          "the matter page does not say the resident rated")
    log("rate: the resident rated with the one-time link; the link is spent")


def run(args, work_dir, state):
    base_env = dict(os.environ)
    for name in ("DATABASE_URL", "MINYI_ENV", "MINYI_DATA_KEY"):
        base_env.pop(name, None)
    data_dir = os.path.join(work_dir, "data")
    os.makedirs(data_dir)
    # Demo accounts sign in with their printed passwords: development mode, no second factor.
    env = dict(base_env, MINYI_DATA_DIR=data_dir, MINYI_SWEEP_INTERVAL="0", MINYI_ENV="development")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        reset_database(args.database_url)
        log("storage: PostgreSQL")
    else:
        log("storage: SQLite")

    accounts = seed(args.binary, env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    state["server_log"] = os.path.join(work_dir, "server.log")
    server_log = open(state["server_log"], "wb")
    state["server_log_file"] = server_log
    log(f"starting: minyi serve --hostname 127.0.0.1 --port {port}")
    state["server"] = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                       env=env, stdout=server_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
    wait_healthy(base, state["server"], state["server_log"])

    b = Browser(base, work_dir)
    state["browser"] = b
    d = b.driver

    # -- sign in ---------------------------------------------------------------------------
    b.get("/signin")
    check(b.path() == "/signin", f"GET /signin ended on {b.path()}")
    check(b.has("username") and b.has("password") and b.has("signin-submit"), "the sign-in form is missing")
    before = b.cookie()
    check(before, f"after GET /signin Chromium holds no {SESSION_COOKIE} cookie: it did not accept the Secure "
                  f"__Host- cookie on {base} (cookies seen: {[c['name'] for c in d.get_cookies()]})")
    b.field("username", CHIEF)
    b.field("password", accounts[CHIEF])
    b.click_and_wait(d.find_element(By.ID, "signin-submit"))
    b.assert_no_error("sign-in")
    check(b.path() == "/matters", f"after signing in the browser is on {b.path()}, not /matters")
    check(b.has("nav-new") and b.has("signout"), "the signed-in navigation (#nav-new, #signout) is missing")
    after = b.cookie()
    check(after and after != before, "the session cookie did not change at sign-in (session fixation)")
    cookie = d.get_cookie(SESSION_COOKIE)
    check(cookie.get("secure") and cookie.get("httpOnly"), f"the session cookie is not Secure + HttpOnly: {cookie}")
    log("signed in; session cookie renewed")

    # -- register a matter -------------------------------------------------------------------
    b.click_and_wait(d.find_element(By.ID, "nav-new"))
    check(b.path() == "/matters/new", f"#nav-new led to {b.path()}, not /matters/new")
    summary = "商厦业主与物业长期经济纠纷"
    b.field("summary", summary)
    b.field("details", "西一路商厦业主反映物业公司多年拖欠分成款，双方多次争执，巡查中发现并登记。")
    b.field("channel", "patrolFinding")
    b.field("suggestedLedger", "demand")
    b.field("name", NAME)
    b.field("phone", PHONE)
    b.field("idNumber", ID_NUMBER)
    b.field("address", ADDRESS)
    b.click_and_wait(d.find_element(By.ID, "register-submit"))
    b.assert_no_error("registering a matter")
    # The walk-in receipt: the resident's tracking code, shown this once, then on to the matter.
    codes = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#receipt-codes .code")]
    check(len(codes) == 1 and re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", codes[0]),
          f"the registration receipt shows no tracking code: {codes}")
    b.click_and_wait(d.find_element(By.ID, "receipt-matter"))
    m = re.fullmatch(r"/matters/(\d+)", b.path())
    check(m, f"registering led to {b.path()}, not /matters/<id>")
    matter_path = b.path()
    log(f"registered {matter_path}, status {b.status()}")
    b.assert_personal_data_masked()
    source = d.page_source
    check("138****5678" in source, "the masked phone 138****5678 is not on the matter page")
    check("张*" in source, "the masked name 张* is not on the matter page")

    # -- walk the matter to closed -----------------------------------------------------------
    steps = [
        ("vet", {"ledger": "demand"}, "open"),
        ("handle", {}, "handling"),
        ("result", {"result": "经派出所协调，物业公司同意分期支付拖欠款项，双方签订和解协议。"}, "handling"),
        ("reply", {"text": "您反映的问题已协调处理，物业公司同意分期支付，请留意后续履行情况。"}, "replied"),
        ("publish", {"asked": PUBLIC_ASKED, "summary": "协调街道办、社区和司法所促成业主与物业和解"}, "replied"),
        ("accountability", {"finding": "办理及时规范，未发现失职情形。"}, "replied"),
        ("close", {}, "closed"),
    ]
    for action, fields, expected in steps:
        if action == "publish":
            rate_by_link(b, matter_path, sent_rating_link(args.database_url, data_dir))
        b.act(matter_path, action, fields, expected, b.assert_personal_data_masked)

    timeline = d.find_elements(By.CSS_SELECTOR, "#timeline li")
    check(len(timeline) >= 8, f"the timeline has {len(timeline)} entries, expected at least 8")
    check(not d.find_elements(By.CSS_SELECTOR, "form.action"), "a closed matter still offers actions")
    log(f"closed; timeline has {len(timeline)} entries")

    b.get("/matters")
    b.assert_no_error("the matter list")
    check(d.find_elements(By.CSS_SELECTOR, f"a.matter-link[href='{matter_path}']"), f"the list does not link to {matter_path}")
    b.assert_personal_data_masked()

    # -- a refused registration keeps what was typed -----------------------------------------
    b.click_and_wait(d.find_element(By.ID, "nav-new"))
    second_summary = "小区噪音扰民问题反映"
    b.field("summary", second_summary)
    b.field("details", "夜间施工噪音影响休息。")
    b.field("channel", "walkIn")
    b.field("name", "李四")
    b.field("phone", "12345")
    seen = len(b.documents)
    b.click_and_wait(d.find_element(By.ID, "register-submit"))
    posts = [doc for doc in b.documents[seen:] if doc[0] == "POST" and urllib.parse.urlsplit(doc[1]).path == "/matters"]
    check(posts, f"no POST /matters page load was recorded; page loads: {b.documents[seen:]}")
    status_code = posts[-1][2]
    check(400 <= status_code < 500, f"the refused registration answered {status_code}, expected a 4xx")
    message = b.error_text()
    check(message, f"the refused registration shows no #error (HTTP {status_code}, on {b.path()})")
    check("phone" in message.lower() or "电话" in message, f"the #error does not name the phone field: {message!r}")
    check(b.has("new-matter") and b.has("register-submit"), "the registration form is not shown again")
    kept = d.find_element(By.ID, "summary").get_attribute("value")
    check(kept == second_summary, f"#summary holds {kept!r} after the refusal, not what was typed ({second_summary!r})")
    log(f"refused registration: HTTP {status_code}, error {message!r}, summary kept")

    # -- language switch ---------------------------------------------------------------------
    b.get(matter_path)
    b.click_and_wait(d.find_element(By.ID, "language-switch"))
    check(b.path() == matter_path, f"the language switch led to {b.path()}, not back to {matter_path}")
    text = d.find_element(By.TAG_NAME, "body").text
    check("Ledger" in text or "Sign out" in text, "after switching language the page shows no English ('Ledger' / 'Sign out')")
    check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "after switching language <html lang> is not en")
    b.assert_personal_data_masked()
    log("language switched to English")

    # -- sign out ----------------------------------------------------------------------------
    b.click_and_wait(d.find_element(By.ID, "signout"))
    check(b.path() == "/signin", f"signing out led to {b.path()}, not /signin")
    check(b.cookie() != after, "the signed-in session cookie is still set after signing out")
    b.get("/matters")
    check(b.path() == "/signin", f"after signing out GET /matters ended on {b.path()}, not /signin")
    check(not b.has("nav-new"), "after signing out the signed-in navigation is still shown")
    log("signed out; /matters redirects to /signin")

    resident_scenario(b, accounts)
    reception_scenario(b, accounts)
    escalated_message_scenario(b, accounts)


def cleanup(state, work_dir, passed):
    browser = state.get("browser")
    if browser is not None:
        try:
            signal.alarm(20)
            browser.driver.quit()
        except BaseException as e:  # noqa: BLE001 - the browser must go whatever happened
            print(f"warning: driver.quit() failed: {e!r}; killing chromedriver", flush=True)
            process = getattr(browser.service, "process", None)
            if process is not None and process.poll() is None:
                process.kill()
        finally:
            signal.alarm(0)
    server = state.get("server")
    if server is not None and server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.wait(timeout=10)
    if state.get("server_log_file") is not None:
        state["server_log_file"].close()
    if passed:
        shutil.rmtree(work_dir, ignore_errors=True)
    else:
        # Keep the screenshot and logs for a look; drop the data and the browser profile.
        for name in ("data", "chrome-profile"):
            shutil.rmtree(os.path.join(work_dir, name), ignore_errors=True)
        print(f"e2e: logs and screenshot kept in {work_dir}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="path to the minyi executable")
    parser.add_argument("--database-url", help="PostgreSQL URL; emptied first (default: SQLite in a temp dir)")
    args = parser.parse_args()
    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        print(f"error: {args.binary} is not an executable file", file=sys.stderr)
        print("e2e: 0 passed, 1 failed")
        return 1

    def over_budget(signum, frame):
        raise Budget(f"the test took longer than {TEST_BUDGET_SECONDS}s")

    signal.signal(signal.SIGALRM, over_budget)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    work_dir = tempfile.mkdtemp(prefix="minyi-e2e-")
    state = {}
    passed = False
    reason = None
    try:
        signal.alarm(TEST_BUDGET_SECONDS)
        run(args, work_dir, state)
        signal.alarm(0)
        passed = True
    except (Failure, Budget) as e:
        signal.alarm(0)
        reason = str(e)
    except subprocess.TimeoutExpired as e:
        signal.alarm(0)
        reason = f"timed out: {e}"
    except (WebDriverException, TimeoutException) as e:
        signal.alarm(0)
        reason = f"browser error: {e.__class__.__name__}: {e.msg if hasattr(e, 'msg') else e}\n{traceback.format_exc()}"
    except BaseException as e:  # noqa: BLE001 - report anything, then clean up
        signal.alarm(0)
        reason = f"{e.__class__.__name__}: {e}\n{traceback.format_exc()}"
    finally:
        signal.alarm(0)
        if not passed:
            print(f"FAILED: {reason}", flush=True)
            browser = state.get("browser")
            if browser is not None:
                try:
                    signal.alarm(15)
                    print(f"page at failure: {browser.driver.current_url}", flush=True)
                    shot = os.path.join(work_dir, "failure.png")
                    if browser.driver.save_screenshot(shot):
                        print(f"screenshot: {shot}", flush=True)
                    with open(os.path.join(work_dir, "failure.html"), "w", encoding="utf-8") as f:
                        f.write(browser.driver.page_source)
                    print(f"page source: {os.path.join(work_dir, 'failure.html')}", flush=True)
                    if browser.documents:
                        print("last page loads:", flush=True)
                        for m, u, s, o in browser.documents[-6:]:
                            print(f"    {m} {u} -> {s}" + (f"  (request Origin: {o})" if o is not None else ""), flush=True)
                except BaseException as e:  # noqa: BLE001
                    print(f"(could not save a screenshot: {e!r})", flush=True)
                finally:
                    signal.alarm(0)
            if state.get("server_log"):
                print(f"--- last 50 lines of the server log ({state['server_log']}):", flush=True)
                print(tail(state["server_log"], 50), flush=True)
        cleanup(state, work_dir, passed)
    log("done")
    if passed:
        print("e2e: 1 passed, 0 failed", flush=True)
        return 0
    print("e2e: 0 passed, 1 failed", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
