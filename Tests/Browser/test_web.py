#!/usr/bin/env python3
"""Browser tests of the web interface: a real `whereabouts serve`, a real Chromium (headless),
driven with Selenium, checked for accessibility with axe-core.

Run from the repository root after `swift build`:  python3 Tests/Browser/test_web.py
Screenshots of the main pages go to $WHEREABOUTS_SCREENSHOTS (default .build/browser-screenshots).
"""
import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request
import zlib

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from axe_selenium_python import Axe

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("WHEREABOUTS_BINARY", os.path.join(ROOT, ".build", "debug", "whereabouts"))
SHOTS = os.environ.get("WHEREABOUTS_SCREENSHOTS", os.path.join(ROOT, ".build", "browser-screenshots"))
PASSWORD = "quiet harbour lanterns 1978"


def totp(key_base32, at=None):
    """RFC 6238 with SHA-1, six digits, 30-second steps."""
    key = base64.b32decode(key_base32 + "=" * (-len(key_base32) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (value % 1_000_000)


def png(width, height):
    """A small RGB PNG with a gradient, made here (no image library needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"".join(bytes(((x * 4) % 256, (y * 5) % 256, 120)) for x in range(width))
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebInterface(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="whereabouts-browser-")
        # The installation's keys go to a folder of the test's own, never to the real ~/.config.
        os.environ["WHEREABOUTS_KEY_DIR"] = os.path.join(cls.data, "keys")
        cls.port = free_port()
        cls.base = "http://127.0.0.1:%d" % cls.port
        cls.log = open(os.path.join(cls.data, "server.log"), "w+")
        cls.server = subprocess.Popen(
            [BINARY, "serve", "--data-dir", cls.data, "--port", str(cls.port)],
            stdout=subprocess.PIPE, stderr=cls.log, text=True)
        cls.setup_link = None
        deadline = time.time() + 120
        while time.time() < deadline and cls.setup_link is None:
            line = cls.server.stdout.readline()
            match = re.search(r"(http://\S+/setup/\S+)", line or "")
            if match:
                cls.setup_link = match.group(1)
        assert cls.setup_link, "the server printed no set-up link"
        # A second compartment and an account that is only in it, made with the CLI while the server runs.
        cli = lambda *args: subprocess.run([BINARY, *args, "--data-dir", cls.data], check=True,
                                           capture_output=True, text=True).stdout
        cli("compartments", "add", "russia", "Overseas workers — Russia")
        out = cli("users", "add", "outsider", "--role", "viewer", "--compartment", "russia",
                  "--base-url", cls.base)
        cls.outsider_link = re.search(r"(http://\S+/setup/\S+)", out).group(1)

        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400",
                         "--lang=en-GB"]:
            options.add_argument(argument)
        options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
        service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
        cls.driver = webdriver.Chrome(options=options, service=service)
        cls.driver.implicitly_wait(2)
        os.makedirs(SHOTS, exist_ok=True)
        cls.key = None

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.terminate()
        cls.server.wait(timeout=20)
        cls.log.close()
        shutil.rmtree(cls.data, ignore_errors=True)

    # -- helpers --------------------------------------------------------------------------

    def go(self, path):
        self.driver.get(path if path.startswith("http") else self.base + path)

    def fill(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def fill_in(self, form_action, name, value):
        """Fills a field of the form posting to `form_action` (a page may have several with one name)."""
        form = next(f for f in self.driver.find_elements(By.CSS_SELECTOR, "main form")
                    if f.get_attribute("action").endswith(form_action))
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def submit(self, form_action=None):
        """Submits a form of the page and waits for the next page to replace this one."""
        forms = self.driver.find_elements(By.CSS_SELECTOR, "main form")
        form = next(f for f in forms if form_action is None or f.get_attribute("action").endswith(form_action))
        old = self.driver.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))

    @staticmethod
    def stale(element):
        try:
            element.is_enabled()
            return False
        except Exception:
            return True

    def shot(self, name):
        self.driver.execute_script("window.scrollTo(0, 0)")
        self.driver.save_screenshot(os.path.join(SHOTS, name + ".png"))

    def accessible(self, name):
        """No serious or critical axe violations on the current page."""
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        self.assertEqual(bad, [], "%s: %s" % (name, axe.report(bad)))

    def set_language(self, language):
        """Switches the session's language with the switcher in the page header."""
        Select(self.driver.find_element(By.ID, "language-choice")).select_by_value(language)
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, "form.language button").click()
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))

    def html_lang(self):
        return self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")

    def sign_in_admin(self):
        """Sets the administrator up on first use; afterwards signs in with password and a fresh code."""
        if self.__class__.key is None:
            self.go(self.setup_link)
            self.accessible("set-up")
            self.fill("password", PASSWORD)
            self.fill("confirm", PASSWORD)
            self.submit()
            key = self.driver.find_element(By.ID, "totp-key").text.strip()
            self.__class__.key = key
            self.shot("second-factor")
            self.fill("code", totp(key))
            self.submit()
            self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#recovery-codes li")), 10)
            self.__class__.last_step = int(time.time() // 30)
            self.driver.find_element(By.LINK_TEXT, "Continue to the dashboard").click()
            return
        self.driver.delete_all_cookies()
        self.go("/sign-in")
        self.fill("username", "admin")
        self.fill("password", PASSWORD)
        self.submit()
        self.assertTrue(self.driver.current_url.endswith("/sign-in/code"))
        # A code is accepted once: use the next step's, which the server accepts a step early.
        step = max(int(time.time() // 30), self.__class__.last_step) + 1
        while step > int(time.time() // 30) + 1:  # the server takes codes at most one step early
            time.sleep(1)
        self.fill("code", totp(self.__class__.key, at=step * 30))
        self.__class__.last_step = step
        self.submit()

    # -- tests ----------------------------------------------------------------------------

    def test_1_sign_in_with_totp_record_and_find(self):
        self.go("/")
        self.assertTrue(self.driver.current_url.endswith("/sign-in"))
        self.accessible("sign-in")
        self.shot("sign-in")
        self.sign_in_admin()
        # Sign out, and in again with the password and a second-factor code.
        self.sign_in_admin()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Dashboard")

        self.go("/events/new")
        self.accessible("new event")
        self.fill("title", "新潟の海岸での拉致 — abduction on the Niigata coast")
        self.fill("description", "어선에서 납치되었다는 가족의 증언.")
        self.fill("date", "昭和52年11月15日")
        self.fill("country", "JP")
        self.fill("locality", "新潟県")
        self.fill("victimName", "김영희")
        self.fill("victimLatin", "Kim Young-hee")
        Select(self.driver.find_element(By.NAME, "romanisation")).select_by_value("revised-romanisation")
        Select(self.driver.find_element(By.NAME, "violationType")).select_by_value("abduction")
        Select(self.driver.find_element(By.NAME, "fate")).select_by_value("missing")
        self.shot("new-event")
        self.submit()
        self.assertIn("/events/", self.driver.current_url)
        self.__class__.event_url = self.driver.current_url
        self.assertIn("김영희", self.driver.page_source)
        self.accessible("event")
        self.shot("event")

        self.driver.find_element(By.LINK_TEXT, "김영희").click()
        self.assertIn("Kim Young-hee", self.driver.page_source)
        self.accessible("person")
        self.shot("person")

        for query, expected in [("김영희", "김영희"), ("납치", "新潟"), ("拉致", "新潟の海岸での拉致")]:
            self.go("/search?q=" + urllib.parse.quote(query))
            results = self.driver.find_element(By.ID, "results").text
            self.assertIn(expected, results, "search for %s" % query)
        self.accessible("search")
        self.shot("search")

        self.go("/")
        self.accessible("dashboard")
        self.shot("dashboard")
        self.go("/admin/users")
        self.accessible("users")
        self.shot("users")
        self.go("/admin/audit")
        self.accessible("audit")
        self.assertIn("sign-in", self.driver.find_element(By.TAG_NAME, "tbody").text)
        self.shot("audit")
        self.go(self.event_url + "/history")
        self.accessible("history")

    def test_2_languages(self):
        self.sign_in_admin()
        for language, heading in [("ko", "대시보드"), ("ja", "ダッシュボード"), ("en", "Dashboard")]:
            self.go("/")
            Select(self.driver.find_element(By.ID, "language-choice")).select_by_value(language)
            old = self.driver.find_element(By.TAG_NAME, "html")
            self.driver.find_element(By.CSS_SELECTOR, "form.language button").click()
            WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))
            self.assertEqual(self.html_lang(), language)
            self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, heading)
            if language != "en":
                self.accessible("dashboard " + language)
                self.shot("dashboard-" + language)

    def test_4_review_queue(self):
        # Demonstration persons, linked by the CLI while the server runs, reviewed in the browser.
        run = lambda *args: subprocess.run([BINARY, *args, "--data-dir", self.data], check=True,
                                           capture_output=True, text=True).stdout
        run("demo", "--events", "40")
        self.assertIn("review queue", run("link", "--quiet"))
        self.sign_in_admin()
        self.go("/review")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Possible matches to review")
        first = self.driver.find_element(By.CSS_SELECTOR, "article.match")
        heading = first.find_element(By.TAG_NAME, "h2").get_attribute("id")
        self.assertIn("Why these records were proposed", first.text)
        self.accessible("review")
        self.shot("review")
        # Decide with the keyboard alone: focus the button, press Enter.
        button = first.find_element(By.CSS_SELECTOR, "button[value=same]")
        self.driver.execute_script("arguments[0].focus();", button)
        old = self.driver.find_element(By.TAG_NAME, "html")
        button.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))
        self.go("/review?list=same")
        decided = self.driver.find_element(By.ID, "queue").text
        self.assertIn("Decision: same person, by admin", decided)
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, "#" + heading))
        self.accessible("review decided")

    def test_3_refused_outside_compartment(self):
        self.driver.delete_all_cookies()
        self.go(self.outsider_link)
        self.fill("password", PASSWORD)
        self.fill("confirm", PASSWORD)
        self.submit()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Dashboard")
        self.go(self.event_url)
        self.assertIn("(404)", self.driver.find_element(By.TAG_NAME, "h1").text)
        self.assertNotIn("김영희", self.driver.page_source)
        self.go("/search?q=" + urllib.parse.quote("김영희"))
        self.assertEqual(self.driver.find_elements(By.ID, "results"), [])
        self.go("/events/new")
        self.assertIn("(403)", self.driver.find_element(By.TAG_NAME, "h1").text)
        self.shot("refused")

    def test_5_un_recommendation_linked_to_an_event(self):
        # The UPR report as the UN publishes it (PDF), read in by the CLI while the server runs; then, in
        # the browser: open a recommendation, link it to the event of test 1, see it on the event's page.
        pdf = os.path.join(ROOT, "Tests", "WhereaboutsDocumentsTests", "Fixtures",
                           "upr-dprk-2010-working-group-report.pdf")
        out = subprocess.run([BINARY, "un", "import", pdf, "--symbol", "A/HRC/13/13", "--data-dir", self.data],
                             check=True, capture_output=True, text=True).stdout
        self.assertIn("recommendations: 167 (117 in para. 90, 50 in para. 91)", out)
        self.sign_in_admin()
        self.go("/")
        self.driver.find_element(By.LINK_TEXT, "UN documents").click()
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "UN documents and recommendations")
        self.accessible("UN tracker")
        self.shot("un-tracker")
        self.driver.find_element(By.LINK_TEXT, "A/HRC/13/13").click()
        self.assertIn("A/HRC/13/13, para. 90", self.driver.page_source)
        self.accessible("UN document")
        self.shot("un-document")
        self.driver.find_element(By.LINK_TEXT, "91.24").click()
        self.assertIn("kidnapping", self.driver.find_element(By.TAG_NAME, "blockquote").text)
        recommendation_url = self.driver.current_url
        self.fill_in("/un/recommendation/link", "record", self.event_url)
        self.fill_in("/un/recommendation/link", "note", "No news of the family since the abduction")
        self.submit("/un/recommendation/link")
        self.assertIn("No news of the family since the abduction", self.driver.find_element(By.ID, "linked").find_element(By.XPATH, "..").text)
        # An assessment of its implementation, resting on the same event: appended, shown with its evidence.
        self.driver.find_element(By.CSS_SELECTOR, "#assessments ~ details summary").click()
        Select(self.driver.find_element(By.ID, "un-assess-implementation")).select_by_value("none")
        self.driver.execute_script("document.getElementById('un-assess-date').value = '2014-03-01'")
        self.fill_in("/un/recommendation/assess", "assessed-by", "Families' association")
        self.fill_in("/un/recommendation/assess", "evidence", self.event_url)
        self.submit("/un/recommendation/assess")
        assessments = self.driver.find_element(By.ID, "assessments").find_element(By.XPATH, "..").text
        self.assertIn("not implemented", assessments)
        self.assertIn("Families' association", assessments)
        self.accessible("UN recommendation")
        self.shot("un-recommendation")
        self.go("/un?implementation=none")
        self.assertIn("1 recommendations selected", self.driver.page_source)
        self.accessible("UN tracker filtered")
        self.shot("un-tracker-not-implemented")
        for language in ["ko", "ja"]:
            self.set_language(language)
            self.go(recommendation_url)
            self.assertEqual(self.html_lang(), language)
            self.accessible("UN recommendation " + language)
            self.shot("un-recommendation-" + language)
        self.set_language("en")
        self.go(self.event_url)
        section = self.driver.find_element(By.ID, "un-links").find_element(By.XPATH, "..")
        self.assertIn("A/HRC/13/13 91.24", section.text)
        self.assertIn("kidnapping", section.text)
        assessed = self.driver.find_element(By.ID, "un-assessments").find_element(By.XPATH, "..")
        self.assertIn("A/HRC/13/13 91.24", assessed.text)
        self.assertIn("Families' association", assessed.text)
        self.accessible("event with UN assessment")
        self.shot("event-with-un-recommendation")

    def test_6_evidence_on_a_source(self):
        # A source made through the API (with a token the CLI mints); a photo uploaded on its page in the
        # browser, then its page: hashes as sha256sum/sha512sum give them, the custody chain, the preview.
        self.sign_in_admin()
        source = self.source_through_api("testimony", "Letter from the family")
        photo = png(64, 48)
        path = os.path.join(self.data, "letter-photo.png")
        with open(path, "wb") as f:
            f.write(photo)

        self.go("/sources/" + source)
        self.fill("note", "Handed over by the family in Seoul")
        self.fill("capture-captured-at", "2024-03-01 14:20 KST")
        self.fill("capture-device", "Pixel 7")
        self.driver.find_element(By.ID, "evidence-file").send_keys(path)
        self.accessible("source with upload form")
        self.shot("source-upload")
        self.submit("/sources/%s/evidence" % source)
        self.assertRegex(self.driver.current_url, r"/evidence/ev[0-9a-f]+$")
        item_url = self.driver.current_url
        self.assertEqual(self.driver.find_element(By.ID, "sha256").text, hashlib.sha256(photo).hexdigest())
        self.assertEqual(self.driver.find_element(By.ID, "sha512").text, hashlib.sha512(photo).hexdigest())
        chain = self.driver.find_element(By.ID, "custody-chain").text
        for expected in ["taken in", "viewed", "admin", "Handed over by the family in Seoul"]:
            self.assertIn(expected, chain)
        self.assertIn("2024-03-01 14:20 KST", self.driver.find_element(By.TAG_NAME, "main").text)
        image = self.driver.find_element(By.CSS_SELECTOR, "figure.preview img")
        self.assertEqual(self.driver.execute_script("return arguments[0].naturalWidth", image), 64)
        self.accessible("evidence item")
        self.shot("evidence-item")

        # The source's page lists the file, linked to its page.
        self.go("/sources/" + source)
        self.driver.find_element(By.LINK_TEXT, "letter-photo.png").click()
        self.assertEqual(self.driver.current_url, item_url)

        for language, custody in [("ko", "보관 연속성 기록"), ("ja", "保管の連続性")]:
            self.set_language(language)
            self.go(item_url)
            self.assertEqual(self.html_lang(), language)
            self.assertIn(custody, self.driver.find_element(By.ID, "custody").text)
            self.accessible("evidence item " + language)
            self.shot("evidence-item-" + language)
        self.set_language("en")

    def test_7_estimates(self):
        # A case list of 240 persons on four lists (imported with the CLI), then the Estimates page: the
        # whole estimate, per year with intervals, the lists' overlap, in three languages.
        run = lambda *args: subprocess.run([BINARY, *args, "--data-dir", self.data], check=True,
                                           capture_output=True, text=True).stdout
        lists = [("Ministry list", "government-list"), ("Families' association", "testimony"),
                 ("UN annex", "document"), ("Press archive", "media-report")]
        rows = ["event_key,event_title,person_key,name,sex,violation_type,act_date,source_title,source_type"]
        for person in range(240):
            year = 1980 if person < 3 else 1977 + person % 3
            pattern = (person * 7) % 15 + 1
            for index, (title, kind) in enumerate(lists):
                if pattern & (1 << index) and (index != 3 or person % 2):
                    rows.append("e%d,Disappearances of %d,p%d,Person %d,%s,abduction,%d,%s,%s" % (
                        year, year, person, person, "female" if person % 2 else "male", year, title, kind))
        path = os.path.join(self.data, "estimate-cases.csv")
        with open(path, "w") as f:
            f.write("\n".join(rows) + "\n")
        run("import", "csv", path)
        self.sign_in_admin()
        self.go("/estimates?lists=source-type&strata=year&model=loglinear-bic")
        main = self.driver.find_element(By.TAG_NAME, "main").text
        self.assertIn("Estimated persons", main)
        self.assertIn("suppressed (small count)", main)  # the 3 persons of 1980
        self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [])
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "svg.chart")), 2)
        self.assertIn("overlap.csv", self.driver.page_source)  # the administrator may export
        self.accessible("estimates")
        self.shot("estimates")
        self.driver.find_element(By.ID, "overlap").location_once_scrolled_into_view
        self.driver.save_screenshot(os.path.join(SHOTS, "estimates-overlap.png"))
        Select(self.driver.find_element(By.ID, "model")).select_by_value("latent-class")
        Select(self.driver.find_element(By.ID, "strata")).select_by_value("sex")
        self.submit("/estimates")
        self.assertIn("strata=sex", self.driver.current_url)
        self.assertIn("burn-in", self.driver.find_element(By.TAG_NAME, "main").text)
        self.shot("estimates-latent-class")
        for language, title in [("ko", "추정"), ("ja", "推定")]:
            self.set_language(language)
            self.go("/estimates?strata=year")
            self.assertEqual(self.html_lang(), language)
            self.assertIn(title, self.driver.find_element(By.TAG_NAME, "h1").text)
            self.accessible("estimates " + language)
            self.shot("estimates-" + language)
        self.set_language("en")
        # The dashboard shows the latest estimate this reader made, with its chart.
        self.go("/estimates?strata=year")
        self.go("/")
        section = self.driver.find_element(By.ID, "latest-estimate").find_element(By.XPATH, "..")
        self.assertEqual(len(section.find_elements(By.CSS_SELECTOR, "svg.chart.estimates")), 1)
        self.assertIn("strata=year", section.find_element(By.TAG_NAME, "a").get_attribute("href"))
        self.accessible("dashboard with an estimate")
        section.location_once_scrolled_into_view
        self.driver.save_screenshot(os.path.join(SHOTS, "dashboard-estimate.png"))

    # -- record forms, import (decision 0034) ------------------------------------------------

    def set_up_account(self, link):
        """Sets an account up from its link: password, then a second factor when its role needs one."""
        self.driver.delete_all_cookies()
        self.go(link)
        self.fill("password", PASSWORD)
        self.fill("confirm", PASSWORD)
        self.submit()
        keys = self.driver.find_elements(By.ID, "totp-key")
        if keys:
            key = keys[0].text.strip()
            self.fill("code", totp(key))
            self.submit()
            self.driver.find_element(By.LINK_TEXT, "Continue to the dashboard").click()

    def save(self):
        """Saves the record form of the page (its main button, not a picker's Find)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, "main form.stacked > div > button[type=submit]:not([name])").click()
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))

    def follow(self, text):
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.LINK_TEXT, text).click()
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))

    def choose(self, name, value):
        Select(self.driver.find_element(By.NAME, name)).select_by_value(value)

    def test_8_documenter_records_a_case_in_korean(self):
        # A documenter, working in Korean, records an event with two victims, a perpetrator unit, a
        # testimony given for internal use only and a communication to a UN working group — all in pages.
        run = lambda *args: subprocess.run([BINARY, *args, "--data-dir", self.data], check=True,
                                           capture_output=True, text=True).stdout
        out = run("users", "add", "kim.doc", "--role", "documenter", "--base-url", self.base)
        self.set_up_account(re.search(r"(http://\S+/setup/\S+)", out).group(1))
        self.set_language("ko")
        self.go("/forms/events/new")
        self.assertEqual(self.html_lang(), "ko")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "새 사건")
        self.accessible("event form ko")
        # A refused form: the summary links to each field, in Korean.
        self.fill("date", "언젠가")
        self.save()
        summary = self.driver.find_element(By.CSS_SELECTOR, ".error-summary")
        self.assertIn("문제가 있습니다", summary.text)
        summary.find_element(By.CSS_SELECTOR, "a[href='#f-title']")
        summary.find_element(By.CSS_SELECTOR, "a[href='#f-date']")
        self.accessible("event form refused ko")
        self.shot("form-event-refused-ko")
        self.fill("title", "청진 앞바다 어선 납치")
        self.fill("date", "주체66년 11월")
        self.choose("places.0.country", "KP")
        self.fill("places.0.locality", "함경북도 청진")
        self.choose("violationStatus", "010000000000")
        self.shot("form-event-ko")
        self.save()
        self.assertRegex(self.driver.current_url, r"/events/[0-9a-f-]{36}$")
        event_url = self.driver.current_url

        for name, violation in [("김철수", "abduction"), ("이영희", "enforced-disappearance")]:
            self.follow("피해자 추가")
            self.assertIn("/forms/persons/new", self.driver.current_url)
            self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, "input[name=roles][value=victim]").is_selected())
            self.fill("names.0.full", name)
            self.choose("names.0.script", "hangul")
            self.accessible("person form ko")
            self.shot("form-person-ko")
            self.save()
            self.assertIn("/forms/acts/new", self.driver.current_url)
            self.assertIn(name, self.driver.find_element(By.TAG_NAME, "main").text)  # the victim chosen
            self.choose("type", violation)
            self.fill("date", "1977")
            self.accessible("act form ko")
            self.shot("form-act-ko")
            self.save()
            self.assertEqual(self.driver.current_url, event_url)

        self.follow("아직 기록되지 않은 가해 부대 추가")
        self.fill("name", "국가보위성 제2국")
        self.choose("country", "KP")
        self.save()
        self.assertIn("/forms/involvements/new", self.driver.current_url)
        # The act is chosen among the event's, by its victim's name.
        choices = self.driver.find_element(By.ID, "f-actID").find_element(By.XPATH, "ancestor::div[@class='picker']").text
        self.assertIn("김철수", choices)
        self.driver.find_element(By.ID, "f-actID-c0").click()
        self.choose("attribution", "probable")
        self.accessible("involvement form ko")
        self.shot("form-involvement-ko")
        self.save()
        self.assertEqual(self.driver.current_url, event_url)

        self.follow("출처 추가")
        self.assertEqual(Select(self.driver.find_element(By.NAME, "type")).first_selected_option.get_attribute("value"),
                         "testimony")
        self.fill("title", "어머니의 증언")
        self.fill("text", "아들이 탄 배가 돌아오지 않았다.")
        self.driver.find_element(By.CSS_SELECTOR, "input[name='consent.scopes'][value=internal-documentation]").click()
        self.fill("consent.givenOn", "2024-03-01")
        self.accessible("source form ko")
        self.shot("form-source-ko")
        self.save()
        self.assertIn("/forms/information/new", self.driver.current_url)
        self.save()
        self.assertEqual(self.driver.current_url, event_url)

        self.follow("개입 조치 추가")
        self.choose("type", "wgeid-case")
        self.fill("title", "강제실종 실무그룹 긴급 청원")
        self.fill("recipient", "유엔 강제실종 실무그룹")
        self.fill("date", "2024-04")
        self.accessible("intervention form ko")
        self.shot("form-intervention-ko")
        self.save()
        self.assertEqual(self.driver.current_url, event_url)

        main = self.driver.find_element(By.TAG_NAME, "main").text
        for expected in ["김철수", "이영희", "국가보위성 제2국", "어머니의 증언"]:
            self.assertIn(expected, main)
        self.accessible("event with forms ko")
        self.shot("event-recorded-ko")
        # What was stored: the source's consent covers internal use only.
        lines = [json.loads(line) for line in run("export", "jsonl").splitlines() if line.strip()]
        source = next(line for line in lines if line.get("kind") == "source"
                      and line["data"].get("title") == "어머니의 증언")
        self.assertEqual(source["data"]["consent"]["scopes"], ["internal-documentation"])
        kinds = [line.get("kind") for line in lines]
        self.assertGreaterEqual(kinds.count("intervention"), 1)
        # The same pages in Japanese and English, looked at.
        for language in ["ja", "en"]:
            self.set_language(language)
            for path, name in [("/forms/events/new", "event"), ("/forms/sources/new", "source"),
                               ("/my-work", "my-work")]:
                self.go(path)
                self.assertEqual(self.html_lang(), language)
                self.accessible("%s %s" % (name, language))
                self.shot("form-%s-%s" % (name, language))
        self.go(event_url)
        self.shot("event-recorded-en")
        self.go("/my-work")
        self.assertIn("청진 앞바다 어선 납치", self.driver.find_element(By.ID, "my-recent").text)

    def test_9_analyst_imports_a_case_list(self):
        # An analyst (given the permission to write records) uploads a case list with one bad row: the page
        # names the line and the column, and nothing is written; fixed, the same file imports.
        run = lambda *args: subprocess.run([BINARY, *args, "--data-dir", self.data], check=True,
                                           capture_output=True, text=True).stdout
        out = run("users", "add", "park.analyst", "--role", "analyst", "--base-url", self.base)
        link = re.search(r"(http://\S+/setup/\S+)", out).group(1)
        self.sign_in_admin()
        self.go("/admin/users")
        row = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "tbody tr") if "park.analyst" in r.text)
        form = row.find_element(By.TAG_NAME, "form")
        box = form.find_element(By.CSS_SELECTOR, "input[name=permission][value=write-records]")
        if not box.is_selected():
            box.click()
        old = self.driver.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))
        self.set_up_account(link)

        rows = ["event_key,event_title,event_date,event_country,person_key,name,violation_type,source_title,source_type",
                "w1,Workers held at a logging camp,2019,RU,p1,Choi Min-ho,forced-labour,Returned worker,testimony",
                "w1,Workers held at a logging camp,2019,RU,p2,Han Song-il,no-such-violation,Returned worker,testimony",
                "w2,Passports taken in Vladivostok,2020,RU,p3,Ri Chol,passport-confiscation,Returned worker,testimony"]
        path = os.path.join(self.data, "logging-camp.csv")
        with open(path, "w") as f:
            f.write("\n".join(rows) + "\n")
        self.go("/transfers")
        self.accessible("transfers")
        self.shot("transfers")
        self.driver.find_element(By.ID, "import-file").send_keys(path)
        self.submit("/transfers/import")
        result = self.driver.find_element(By.ID, "import-result").text
        self.assertIn("violation_type", result)
        self.assertRegex(result, r"\b3\b")  # the line: the header is line 1
        self.accessible("import refused")
        self.shot("import-refused")
        self.go("/search?q=" + urllib.parse.quote("logging camp"))
        self.assertEqual(self.driver.find_elements(By.ID, "results"), [])  # nothing written

        with open(path, "w") as f:
            f.write("\n".join(rows).replace("no-such-violation", "forced-labour") + "\n")
        self.go("/transfers")
        self.driver.find_element(By.ID, "import-file").send_keys(path)
        self.submit("/transfers/import")
        self.assertIn("Imported", self.driver.find_element(By.ID, "import-result").text)
        self.go("/search?q=" + urllib.parse.quote("logging camp"))
        self.assertIn("Workers held at a logging camp", self.driver.find_element(By.ID, "results").text)
        for language in ["ko", "ja"]:
            self.set_language(language)
            self.go("/transfers")
            self.accessible("transfers " + language)
            self.shot("transfers-" + language)
        self.set_language("en")


    def test_8_cyber_incident_from_an_uploaded_email_in_japanese(self):
        # The fictional phishing e-mail uploaded on the cyber page in Japanese: the incident's page shows its
        # headers and links defanged, the attachment by its SHA-256 and never as a preview; nothing live.
        eml = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "WhereaboutsCyberTests",
                           "Fixtures", "phishing.eml")
        self.sign_in_admin()
        self.set_language("ja")
        self.go("/cyber")
        self.assertEqual(self.html_lang(), "ja")
        self.assertIn("サイバーインシデント", self.driver.find_element(By.TAG_NAME, "h1").text)
        Select(self.driver.find_element(By.ID, "cyber-target")).select_by_value("escapee")
        self.driver.find_element(By.ID, "cyber-file").send_keys(os.path.abspath(eml))
        self.accessible("cyber page ja")
        self.shot("cyber-upload-ja")
        self.submit("/cyber/lures")
        self.assertRegex(self.driver.current_url, r"/cyber-incidents/[0-9a-f-]{36}$")
        main = self.driver.find_element(By.TAG_NAME, "main").text
        for expected in ["スピアフィッシングメール", "脱北者", "定着支援金のご案内",
                         "support[@]nk-resettle-support[.]example",
                         "hxxps[://]login[.]nk-resettle-support[.]example/verify?user=77",
                         "ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29"]:
            self.assertIn(expected, main)
        # Nothing from the lure is live: no link leaves the site, no script, no image, no frame.
        for link in self.driver.find_elements(By.CSS_SELECTOR, "main a"):
            self.assertTrue(link.get_attribute("href").startswith(self.base), link.get_attribute("href"))
        for tag in ["script", "img", "iframe", "object", "embed"]:
            self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "main " + tag), [], tag)
        self.accessible("cyber incident ja")
        self.shot("cyber-incident-ja")
        # The attachment's page offers a download only: no preview.
        self.driver.find_element(By.PARTIAL_LINK_TEXT, ".doc").click()
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "figure.preview"), [])
        self.shot("cyber-attachment-ja")
        # The overview counts it, with its indicators defanged.
        self.go("/cyber")
        self.assertIn("login[.]nk-resettle-support[.]example", self.driver.find_element(By.TAG_NAME, "main").text)
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "svg.chart")), 2)
        self.accessible("cyber overview ja")
        self.shot("cyber-overview-ja")
        self.set_language("en")
    def test_8_reparations_in_korean(self):
        # A family's claim for a disappeared person, the decision under a rule set and a measure, then the
        # person's page and the reparations report — all in Korean. (The administrator plays the documenter
        # and the analyst: the default analyst role does not write records.)
        run = lambda *args: subprocess.run([BINARY, *args, "--data-dir", self.data], check=True,
                                           capture_output=True, text=True).stdout
        run("demo", "--events", "60")
        token = run("users", "token", "admin", "--days", "1").strip().splitlines()[-1]
        rules = {"name": "납북피해자 위로금 규정 (가상)", "rules": [
            {"code": "abducted-not-returned", "benefit": "위로금", "conditions": [
                {"test": "violation", "values": ["abduction"]}, {"test": "act-on-or-after", "date": "1953-07-28"},
                {"test": "not-returned-for-years", "years": 3},
                {"test": "relationship", "values": ["spouse", "child", "parent", "sibling"]}]},
            {"code": "returnee", "benefit": "정착지원금", "conditions": [{"test": "returned"}]}]}
        request = urllib.request.Request(
            self.base + "/api/v1/eligibility-rules", data=json.dumps(rules).encode(), method="POST",
            headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            self.assertEqual(response.status, 201)

        self.sign_in_admin()
        self.set_language("ko")
        self.go("/events/new")
        self.fill("title", "속초 앞바다 어선 납북")
        self.fill("date", "1977-11-15")
        self.fill("country", "KR")
        self.fill("victimName", "박정수")
        Select(self.driver.find_element(By.NAME, "violationType")).select_by_value("abduction")
        Select(self.driver.find_element(By.NAME, "fate")).select_by_value("missing")
        self.submit()
        self.driver.find_element(By.LINK_TEXT, "박정수").click()
        person_url = self.driver.current_url

        # The documenter records the daughter's claim on the person's page.
        self.assertIn("배상 신청 기록", self.driver.find_element(By.ID, "form-claim").text)
        Select(self.driver.find_element(By.ID, "claim-relationship")).select_by_value("child")
        self.fill("claimant", "박미영")
        self.fill("programme", "납북피해자 보상 심의위원회 (가상)")
        self.driver.execute_script("document.getElementById('claim-filed').value = '2024-03-02'")
        self.accessible("claim form ko")
        self.submit("/claims")
        self.assertTrue(self.driver.current_url.startswith(person_url))
        section = self.driver.find_element(By.CSS_SELECTOR, "table[aria-labelledby=reparations]").text
        self.assertIn("박미영", section)
        self.assertIn("자녀", section)

        # The analyst applies the rules and records the decision, then a measure, on the claim's page.
        self.driver.find_element(By.CSS_SELECTOR, "table[aria-labelledby=reparations] a[href^='/claims/']").click()
        claim_url = self.driver.current_url
        self.driver.execute_script("document.getElementById('decision-date').value = '2024-06-01'")
        self.submit("/decision")
        decisions = self.driver.find_element(By.ID, "decisions").find_element(By.XPATH, "following-sibling::*[1]").text
        self.assertIn(": 지원 대상 (위로금)", decisions)  # eligible for the consolation payment
        Select(self.driver.find_element(By.ID, "measure-form")).select_by_value("compensation")
        Select(self.driver.find_element(By.ID, "measure-provider-type")).select_by_value("state")
        self.fill("provider", "통일부 (가상)")
        self.fill("amount", "20000000")
        self.fill("unit", "KRW")
        Select(self.driver.find_element(By.ID, "measure-status")).select_by_value("granted")
        self.driver.execute_script("document.getElementById('measure-date').value = '2024-09-01'")
        self.submit("/measures")
        self.assertTrue(self.driver.current_url.startswith(claim_url))
        self.assertIn("20000000 KRW", self.driver.page_source)
        self.assertEqual(self.html_lang(), "ko")
        self.accessible("claim ko")
        self.shot("reparations-claim-ko")

        # The person's page shows the claim, the outcome and the measure.
        self.go(person_url)
        section = self.driver.find_element(By.CSS_SELECTOR, "table[aria-labelledby=reparations]").text
        self.assertIn("지원 대상 (위로금)", section)
        self.assertIn("금전 배상", section)
        self.assertIn("승인", section)
        self.driver.find_element(By.ID, "reparations").location_once_scrolled_into_view
        self.driver.save_screenshot(os.path.join(SHOTS, "reparations-person-ko.png"))

        # The report counts it, by form of measure, without names; small figures are suppressed.
        self.go("/reparations?by=form")
        table = self.driver.find_element(By.ID, "reparations-report").text
        self.assertIn("금전 배상", table)
        self.assertIn("합계", table)
        self.assertNotIn("박미영", self.driver.page_source)
        self.assertNotIn("박정수", self.driver.page_source)
        self.assertEqual(self.driver.find_elements(By.TAG_NAME, "script"), [])
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "svg.chart")), 1)
        self.accessible("reparations report ko")
        self.shot("reparations-report-ko")
        for language, title in [("ja", "賠償報告"), ("en", "Reparations report")]:
            self.set_language(language)
            self.go("/reparations?by=year")
            self.assertIn(title, self.driver.find_element(By.TAG_NAME, "h1").text)
            self.accessible("reparations report " + language)
            self.shot("reparations-report-" + language)


    def source_through_api(self, kind, title):
        """A new source made through the API, with a token the CLI mints for the administrator; its id."""
        token = subprocess.run([BINARY, "users", "token", "admin", "--name", "browser-" + kind, "--days", "1",
                                "--data-dir", self.data], check=True, capture_output=True, text=True).stdout
        request = urllib.request.Request(
            self.base + "/api/v1/sources", method="POST", data=json.dumps({"type": kind, "title": title}).encode(),
            headers={"Authorization": "Bearer " + token.strip().split()[-1], "Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(request))["id"]

    def test_9_evidence_pdf_preview(self):
        # A PDF (with a script in it) uploaded on a source's page: its page shows page 1 drawn on the server
        # as an image, labelled; "Next page" is reached with the keyboard; the PDF itself is never embedded.
        def pdf(pages):
            objects = ["<< /Type /Catalog /Pages 2 0 R /OpenAction %d 0 R >>" % (3 + 2 * pages),
                       "<< /Type /Pages /Kids [%s] /Count %d >>"
                       % (" ".join("%d 0 R" % (3 + 2 * i) for i in range(pages)), pages)]
            for i in range(pages):
                text = "BT /F1 40 Tf 72 680 Td (Page %d of a letter) Tj 0 -60 Td (from the family) Tj ET" % (i + 1)
                objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources "
                               "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
                               % (4 + 2 * i))
                objects.append("<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
            objects.append("<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\);) >>")
            out, offsets = "%PDF-1.4\n", []
            for number, body in enumerate(objects):
                offsets.append(len(out))
                out += "%d 0 obj\n%s\nendobj\n" % (number + 1, body)
            table = len(out)
            out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
            out += "".join("%010d 00000 n \n" % offset for offset in offsets)
            out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
            return out.encode()

        self.sign_in_admin()
        source = self.source_through_api("document", "Letter from the family (PDF)")
        path = os.path.join(self.data, "family-letter.pdf")
        with open(path, "wb") as f:
            f.write(pdf(2))
        self.go("/sources/" + source)
        self.driver.find_element(By.ID, "evidence-file").send_keys(path)
        self.submit("/sources/%s/evidence" % source)
        self.assertRegex(self.driver.current_url, r"/evidence/ev[0-9a-f]+$")
        item_url = self.driver.current_url

        image = self.driver.find_element(By.CSS_SELECTOR, "figure.preview img")
        self.assertEqual(image.get_attribute("alt"), "Page 1 of 2 of family-letter.pdf, drawn as an image")
        WebDriverWait(self.driver, 30).until(
            lambda driver: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
        self.assertGreater(self.driver.execute_script("return arguments[0].naturalHeight", image), 1000)
        for tag in ["embed", "object", "iframe", "script"]:
            self.assertEqual(self.driver.find_elements(By.TAG_NAME, tag), [], tag)
        self.assertIn("Page 1 of 2", self.driver.find_element(By.CSS_SELECTOR, "figure.preview figcaption").text)
        self.accessible("evidence item with a PDF preview")
        self.shot("evidence-pdf-preview")

        # Keyboard only: tab to "Next page" and press Enter.
        following = self.driver.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]")
        body = self.driver.find_element(By.TAG_NAME, "body")
        for _ in range(200):
            body.send_keys(Keys.TAB) if self.driver.switch_to.active_element == body else \
                self.driver.switch_to.active_element.send_keys(Keys.TAB)
            if self.driver.switch_to.active_element == following:
                break
        self.assertEqual(self.driver.switch_to.active_element, following)
        old = self.driver.find_element(By.TAG_NAME, "html")
        following.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 20).until(lambda driver: self.stale(old))
        self.assertTrue(self.driver.current_url.endswith("?page=2#preview"))
        image = self.driver.find_element(By.CSS_SELECTOR, "figure.preview img")
        self.assertTrue(image.get_attribute("src").endswith("/preview?page=2"))
        WebDriverWait(self.driver, 30).until(
            lambda driver: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=next]"), [])

        # The preview opened on its own is an image, never the PDF; every view is in the custody.
        self.go(item_url + "/preview?page=1")
        self.assertEqual(self.driver.execute_script("return document.contentType"), "image/png")
        self.go(item_url)
        chain = self.driver.find_element(By.ID, "custody-chain").text
        self.assertIn("page 1 drawn as PNG via web preview", chain)
        self.assertIn("page 2 drawn as PNG via web preview", chain)
        for language, label in [("ko", "다음 쪽"), ("ja", "次のページ")]:
            self.set_language(language)
            self.go(item_url)
            self.assertIn(label, self.driver.find_element(By.CSS_SELECTOR, "nav.pager").text)
            self.accessible("evidence item with a PDF preview " + language)
            self.shot("evidence-pdf-preview-" + language)
        self.set_language("en")

if __name__ == "__main__":
    unittest.main(verbosity=2)
