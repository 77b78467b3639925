#!/usr/bin/python3
"""The web UI in real headless Chromium, driven by Selenium, against `autoarr demo` started here.

Usage: /usr/bin/python3 Tests/Browser/ui_test.py PATH_TO_AUTOARR [SCREENSHOT_DIR]

Covers: logging in; making a request and confirming it, then seeing it progress; seeing a failed download
recovered on the dashboard; running an audit, applying a fix and rolling it back; filtering the activity log;
360 px wide; every page in both themes (saved as screenshots when a directory is given). Stops the demo by its PID.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BINARY = sys.argv[1]
SHOTS = sys.argv[2] if len(sys.argv) > 2 else None
PAGES = ["dashboard", "request", "downloads", "audit", "activity", "settings"]
failures = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def start_demo():
    port = free_port()
    demo = subprocess.Popen([BINARY, "demo", "--port", str(port), "--control-port", "0", "--speed", "120"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    password, deadline = None, time.time() + 60
    while time.time() < deadline:
        line = demo.stdout.readline()
        if not line:
            break
        match = re.search(r"password\s+(\S+)", line)
        if match:
            password = match.group(1)
        if "Stop with Ctrl-C" in line:
            break
    if not password:
        demo.kill()
        raise SystemExit("the demo did not print its login")
    # Keep reading its output so it never blocks on a full pipe.
    import threading
    threading.Thread(target=lambda: [None for _ in demo.stdout], daemon=True).start()
    return demo, f"http://127.0.0.1:{port}", password


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"]:
        options.add_argument(argument)
    from selenium.webdriver.chrome.service import Service
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def wait(driver, seconds=20):
    return WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException])


def text_of(driver, selector):
    try:
        return driver.find_element(By.CSS_SELECTOR, selector).text
    except Exception:
        return ""


def go(driver, base, page):
    driver.get(f"{base}/#/{page}")
    try:
        wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text.lower().startswith(page[:4]))
    except Exception:
        print("browser console:", driver.get_log("browser"), flush=True)
        raise


def click(driver, selector):
    """Scrolls an element to the middle of the window (clear of the sticky header) and clicks it."""
    for dismiss in driver.find_elements(By.CSS_SELECTOR, ".toast-msg button"):  # as a person would, to see what is under them
        try:
            dismiss.click()
        except Exception:
            pass
    element = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    try:
        element.click()
    except Exception:
        print("click", selector, driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.top, r.left, r.width, r.height, scrollY, innerHeight, "
            "document.documentElement.scrollHeight, getComputedStyle(document.body).overflow, getComputedStyle(document.documentElement).overflow, document.body.scrollHeight, getComputedStyle(document.body).height]", element), flush=True)
        raise


def accept_alert(driver):
    try:
        wait(driver, 5).until(EC.alert_is_present())
        driver.switch_to.alert.accept()
    except (NoAlertPresentException, Exception):
        pass


def shoot(driver, base, name):
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    time.sleep(0.6)
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def first_run(driver):
    """A fresh `autoarr serve`: the first-run page creates the account, and every page explains what to do next."""
    import shutil
    import tempfile
    data = tempfile.mkdtemp(prefix="autoarr-ui-")
    port = free_port()
    server = subprocess.Popen([BINARY, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/health")
                break
            except Exception:
                time.sleep(0.2)
        driver.get(base + "/")
        wait(driver).until(EC.visibility_of_element_located((By.ID, "username")))
        check("Create account" in driver.page_source, "a fresh install shows the first-run setup")
        driver.find_element(By.ID, "username").send_keys("owner")
        driver.find_element(By.ID, "password").send_keys("short")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        time.sleep(0.5)
        check(not driver.find_elements(By.ID, "h-health"), "the browser refuses a password under 10 characters")
        driver.find_element(By.ID, "password").clear()
        driver.find_element(By.ID, "password").send_keys("a long enough password")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait(driver).until(EC.visibility_of_element_located((By.ID, "h-health")))
        wait(driver).until(lambda d: "Connect" in text_of(d, "main"))
        check("Settings" in text_of(driver, "main"), "with nothing connected the dashboard says to connect services in Settings")
        for page, hint in [("downloads", "Requests you make appear here"), ("audit", "No audit yet"), ("request", "Connect Sonarr or Radarr")]:
            go(driver, base, page)
            wait(driver).until(lambda d: hint in text_of(d, "main"))
            check(True, f"the empty {page} page explains what to do next")
        driver.find_element(By.ID, "logout").click()
        wait(driver).until(EC.visibility_of_element_located((By.ID, "username")))
        check("Log in" in driver.page_source, "once an account exists, the login page replaces the setup")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


def main():
    demo, base, password = start_demo()
    driver = browser()
    try:
        # The UI is served with an ETag, and a second request revalidates to 304.
        with urllib.request.urlopen(base + "/") as response:
            etag = response.headers["ETag"]
            check(bool(etag) and "no-cache" in response.headers["Cache-Control"], "the UI is served with an ETag and no-cache")
        request = urllib.request.Request(base + "/", headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request)
            check(False, "a matching ETag gives 304")
        except urllib.error.HTTPError as error:
            check(error.code == 304, "a matching ETag gives 304")

        # Log in: every page needs a session. A fresh browser finds that out without a failed request.
        driver.get(base + "/#/dashboard")
        wait(driver).until(EC.visibility_of_element_located((By.ID, "username")))
        check("Log in" in driver.page_source, "the login page is shown first")
        errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        check(not errors, "a fresh browser's console shows no errors %s" % errors)
        shoot(driver, base, "login")
        driver.find_element(By.ID, "username").send_keys("admin")
        driver.find_element(By.ID, "password").send_keys("wrong password")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-text"))
        check("incorrect" in text_of(driver, ".error-text").lower() or "invalid" in text_of(driver, ".error-text").lower()
              or len(text_of(driver, ".error-text")) > 5, "a wrong password is refused in words: " + text_of(driver, ".error-text"))
        driver.find_element(By.ID, "password").clear()
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait(driver).until(EC.visibility_of_element_located((By.ID, "h-health")))
        check(True, "logged in; the dashboard shows")
        wait(driver).until(lambda d: "sonarr" in text_of(d, "main"))
        check("radarr" in text_of(driver, "main") and "sabnzbd" in text_of(driver, "main"), "the dashboard lists the demo's services")
        wait(driver).until(lambda d: "live" == text_of(d, "#live"))
        check(True, "the live indicator is on")
        transferred = driver.execute_script("""
            const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
            return entries.filter(e => e && !/\\.(png|jpe?g|webp)$/.test(e.name) && !e.name.includes('/api/'))
                          .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0);""")
        check(0 < transferred < 150 * 1024, f"the first load transfers {transferred // 1024} KB of UI (< 150 KB)")

        # A failed download recovered, on the dashboard.
        def recovered(d):
            text = text_of(d, "#failures")
            return "resolved" in text or "done" in text
        try:
            wait(driver, 90).until(recovered)
            check(True, "a failed download shows as recovered on the dashboard: " + text_of(driver, "#failures").split("\n")[0])
        except Exception:
            check(False, "a failed download shows as recovered on the dashboard (saw: %r)" % text_of(driver, "main"))

        # A request, confirmed, then progressing.
        go(driver, base, "request")
        driver.find_element(By.ID, "query").send_keys("add the movie Arrival from 2016")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-candidate]") or d.find_elements(By.CSS_SELECTOR, ".timeline"))
        if driver.find_elements(By.CSS_SELECTOR, "[data-candidate]"):
            check("Arrival" in text_of(driver, ".cards"), "candidates are shown as cards")
            # The demo has no internet: a poster that cannot load becomes a placeholder naming the title.
            try:
                wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".cards .poster-placeholder")
                                       and not [i for i in d.find_elements(By.CSS_SELECTOR, ".cards img") if i.get_attribute("complete") == "true"
                                                and d.execute_script("return arguments[0].naturalWidth", i) == 0])
                label = driver.find_element(By.CSS_SELECTOR, ".cards .poster-placeholder").get_attribute("aria-label")
                check(label.startswith("No poster for "), "a poster that cannot load is a placeholder: " + label)
            except Exception:
                check(False, "a poster that cannot load becomes a placeholder, never a broken image")
            shoot(driver, base, "request-candidates")
            driver.find_element(By.CSS_SELECTOR, "[data-candidate]").click()
            confirm = wait(driver).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[id^=confirm-]")))
            driver.find_element(By.CSS_SELECTOR, "[data-candidate]").click()
            time.sleep(0.5)
            blocks = len(driver.find_elements(By.CSS_SELECTOR, ".confirm-block"))
            check(blocks == 1, f"choosing twice shows one confirm block ({blocks})")
            options = Select(driver.find_element(By.CSS_SELECTOR, "select[id^=quality-]")).options
            check(len(options) > 2, "quality profiles can be chosen (%d)" % (len(options) - 1))
            confirm.click()
        try:
            wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".timeline li"))
        except Exception:
            print("request page:", text_of(driver, "#chat"), driver.get_log("browser"), flush=True)
            raise
        try:
            wait(driver, 60).until(lambda d: any(word in text_of(d, "#chat") for word in ["downloading", "available"]))
            check(True, "the request progresses live: " + text_of(driver, "#chat .badge-state"))
        except Exception:
            check(False, "the request progresses to downloading (saw: %r)" % text_of(driver, "#chat"))

        # Downloads: the queue, with actions.
        go(driver, base, "downloads")
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-download]") or "Nothing" in text_of(d, "#download-list"))
        check(bool(driver.find_elements(By.CSS_SELECTOR, "#download-list [data-download]")), "the unified queue lists downloads")
        # Each row offers only what its state allows.
        allowed = {"downloading": {"Pause", "Remove", "Blocklist"}, "queued": {"Pause", "Remove", "Blocklist"},
                   "paused": {"Resume", "Remove", "Blocklist"}, "failed": {"Retry", "Remove", "Blocklist"},
                   "completed": {"Remove", "Blocklist"}, "postProcessing": {"Remove", "Blocklist"}}
        # Read in one go: the list is redrawn live as downloads move.
        rows = driver.execute_script("""
            return [...document.querySelectorAll('#download-list tr[data-download]')].map(r =>
              [r.cells[2].textContent.trim(), [...r.querySelectorAll('button')].map(b => b.textContent.trim())]);""")
        wrong = [(state, sorted(offered)) for state, offered in rows if state in allowed and not set(offered) <= allowed[state]]
        check(bool(rows), f"{len(rows)} download rows read")
        check(not wrong, "download rows offer only the actions their state allows %s" % wrong[:3])
        click(driver, "#tab-failed")
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#download-list details"))
        check(True, "the failed list shows each failure with its recovery")

        # Audit: run, apply one fix after its diff, roll it back.
        go(driver, base, "audit")
        driver.find_element(By.ID, "run-audit").click()
        try:
            wait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-instance]"))
        except Exception:
            print("audit status:", text_of(driver, "main"), driver.get_log("browser"), flush=True)
            raise
        check(text_of(driver, "#audit-score").strip().isdigit(), "an audit runs and shows a score: " + text_of(driver, "#audit-score"))
        click(driver, "[data-rule='sonarr.rename-episodes'] summary")
        check("rename" in text_of(driver, "[data-rule='sonarr.rename-episodes']").lower(), "a finding shows its rationale")
        click(driver, "[data-rule='sonarr.rename-episodes'] input[type=checkbox]")
        click(driver, "#preview-fixes")
        wait(driver).until(EC.element_to_be_clickable((By.ID, "apply-fixes")))
        check("renameEpisodes" in text_of(driver, "#audit-preview") and "false" in text_of(driver, "#audit-preview"),
              "the diff shows the setting before it is applied")
        shoot(driver, base, "audit-diff")
        click(driver, "#apply-fixes")
        wait(driver).until(lambda d: "Applied" in text_of(d, "#audit-preview"))
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#audit-history [data-change] button"))
        check("renameEpisodes" in text_of(driver, "#audit-history"), "the applied change is listed")
        try:
            wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-rule='sonarr.rename-episodes'] input[type=checkbox]"))
            check(True, "an applied fix is no longer offered")
        except Exception:
            check(False, "an applied fix is no longer offered")
        click(driver, "#audit-history [data-change] button")
        wait(driver).until(lambda d: "rolled back" in text_of(d, "#audit-history"))
        check(True, "the change is rolled back")
        try:
            wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-rule='sonarr.rename-episodes'] input[type=checkbox]"))
            check(True, "after the rollback the fix is offered again")
        except Exception:
            check(False, "after the rollback the fix is offered again")
        failing = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            (async () => {
              const runs = await (await fetch('/api/v1/audit/runs?limit=1')).json();
              const run = await (await fetch('/api/v1/audit/runs/' + runs.items[0].id)).json();
              return run.findings.filter(f => f.status === 'fail').length;
            })().then(done, () => done(-1));""")
        go(driver, base, "dashboard")
        wait(driver).until(lambda d: "recommendation" in text_of(d, "#audit-counts"))
        shown = re.search(r"(\d+) recommendation", text_of(driver, "#audit-counts"))
        check(shown is not None and int(shown.group(1)) == failing,
              f"the dashboard's count is the failing rules: {text_of(driver, '#audit-counts')} ({failing} fail)")

        # Activity: filter, then follow a correlation id.
        go(driver, base, "activity")
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#activity-list li[data-type]"))
        Select(driver.find_element(By.ID, "f-type")).select_by_value("config.*")
        wait(driver).until(lambda d: all(li.get_attribute("data-type").startswith("config.")
                                         for li in d.find_elements(By.CSS_SELECTOR, "#activity-list li[data-type]"))
                           and d.find_elements(By.CSS_SELECTOR, "#activity-list li[data-type]"))
        check(True, "the activity log filters by type")
        click(driver, "#activity-list li[data-type] button")
        wait(driver).until(EC.presence_of_element_located((By.ID, "clear-chain")))
        check(len(driver.find_elements(By.CSS_SELECTOR, "#activity-list li[data-type]")) >= 1, "a correlation id shows its chain")

        # Settings: the services and the key.
        go(driver, base, "settings")
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-service]"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "[data-service]")) == 4, "settings lists the four services")
        try:
            wait(driver).until(lambda d: all(c.text.strip() and "testing" not in c.text for c in d.find_elements(By.CSS_SELECTOR, "[data-status]")))
            check(True, "the settings status column is filled: " + ", ".join(c.text.split("\n")[0] for c in driver.find_elements(By.CSS_SELECTOR, "[data-status]")))
        except Exception:
            check(False, "the settings status column is filled")
        check("********" not in text_of(driver, "main"), "no secret is shown")

        # Every page in both themes; and at 360 px nothing overflows sideways.
        for theme in ["dark", "light"]:
            if driver.execute_script("return document.documentElement.dataset.theme") != theme:
                click(driver, "#theme")
            check(driver.execute_script("return document.documentElement.dataset.theme") == theme, f"the theme switches to {theme}")
            for page in PAGES:
                go(driver, base, page)
                time.sleep(0.8)
                shoot(driver, base, f"{page}-{theme}")
        driver.set_window_size(360, 800)
        for page in PAGES:
            go(driver, base, page)
            time.sleep(0.5)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            check(overflow <= 1, f"{page} fits 360 px (overflow {overflow} px)")
            # Tables become cards: nothing scrolls sideways inside them either.
            inner = driver.execute_script("return Math.max(0, ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth))")
            check(inner <= 1, f"{page}'s tables fit 360 px (overflow {inner} px)")
            if page in ("dashboard", "downloads"):
                shoot(driver, base, f"{page}-mobile")

        # Every control has a label.
        unlabeled = driver.execute_script("""
            return [...document.querySelectorAll('input, select, textarea, button')].filter(e => {
              if (e.type === 'hidden') return false;
              if (e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())) return false;
              return !(e.id && document.querySelector('label[for="' + e.id + '"]'));
            }).map(e => e.outerHTML.slice(0, 80));""")
        check(not unlabeled, "every control on the settings page has a label %s" % unlabeled)

        # Log out: the session is gone.
        driver.set_window_size(1280, 900)
        go(driver, base, "dashboard")
        driver.find_element(By.ID, "logout").click()
        wait(driver).until(EC.visibility_of_element_located((By.ID, "username")))
        check(True, "logging out returns to the login page")

        first_run(driver)
    finally:
        driver.quit()
        demo.terminate()
        try:
            demo.wait(timeout=15)
        except subprocess.TimeoutExpired:
            demo.kill()
    if failures:
        print(f"{len(failures)} browser check(s) failed", flush=True)
        sys.exit(1)
    print("all browser checks passed", flush=True)


if __name__ == "__main__":
    main()
