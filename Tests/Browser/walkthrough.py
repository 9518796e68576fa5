#!/usr/bin/env python3
"""The pages in a real browser (headless Chromium through Selenium), as the users in DESIGN.md use them.

A student opens the system on a date, switches language, moves the timeline to 2009 and compares
2002 with 2009; a kenesh secretary logs in, starts an akim appointment in their district, records a
sitting without quorum (refused, with the law's reason next to the field), a valid sitting, a first
round without a majority and a run-off, and prints the minutes; the secretary of another district
is refused. Every step leaves a screenshot in the folder given (the README names it).

Usage: walkthrough.py BASE_URL SCREENSHOT_DIR
Accounts expected on the server: sokuluk / sokuluk-pass-1 (kenesh secretary of Sokuluk district,
41708222000000) and alamudun / alamudun-pass-1 (kenesh secretary of Alamüdün district).
"""
import base64
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)
options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"):
    options.add_argument(flag)
# A reader whose browser asks for Kyrgyz first.
options.add_experimental_option("prefs", {"intl.accept_languages": "ky,ru"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
step_no = 0


def shot(name):
    global step_no
    step_no += 1
    path = os.path.join(SHOTS, f"{step_no:02d}-{name}.png")
    # The whole page, not only the window.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(900, min(height + 40, 6000)))
    driver.save_screenshot(path)
    driver.set_window_size(1280, 1600)
    print(f"  screenshot {path}")


def check(condition, what):
    if not condition:
        shot("FAILED")
        raise SystemExit(f"FAILED: {what} (at {driver.current_url})")
    print(f"ok   {what}")


def css(selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def set_value(element_id, value):
    # Date inputs take typed text in the browser's locale; setting the value is exact.
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, value)


def submit_step(event, values, date):
    form = css(f'form.step[data-event="{event}"]')
    check(form, f"a form for the next step '{event}' is offered")
    set_value(f"f-{event}-date", date)
    for name, value in values.items():
        field = form[0].find_element(By.NAME, name)
        if field.tag_name == "select":
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    form[0].find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The answer is a new page (a redirect, or the page again with the reason): wait for it.
    wait_for_new_page(form[0])


def wait_for_new_page(old):
    """Waits until `old` belongs to a replaced document and the new one has loaded. Chromium may
    answer a question about the old node with a stale-element error or an inspector error; both
    mean the page changed."""
    def replaced(_):
        try:
            old.is_enabled()
            return False
        except Exception:
            return True
    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def click_and_wait(element):
    element.click()
    wait_for_new_page(element)


def events_recorded():
    return len(css("section[aria-labelledby=ev-h] tbody tr"))


try:
    # 1. The home page: the system today, in Kyrgyz (the browser asks for Kyrgyz).
    driver.get(BASE + "/")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ky", "the home page is in Kyrgyz")
    check(css("figure.organigram svg g.box"), "the organigram draws the bodies")
    check(css("nav.timeline a.change"), "the timeline marks the days the law changed")
    shot("home-ky")

    # 2. Switch language.
    click_and_wait(driver.find_element(By.LINK_TEXT, "Русский"))
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru", "the switch turns the page to Russian")
    driver.get(BASE + "/sources")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru", "the language is kept (cookie) on the next page")
    shot("language-ru")

    # 3. Move the timeline to 2009 with the date form.
    driver.get(BASE + "/")
    set_value("date-pick", "2009-01-01")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "form.dateform button[type=submit]"))
    check("date=2009-01-01" in driver.current_url, "the date form moves the page to 2009")
    boxes = {b.get_attribute("data-id") for b in css("g.box")}
    check({"akim", "district-kenesh", "ayil-okmotu"} <= boxes, "2009: the akim, the district kenesh and the ayil okmotu are drawn")
    check(css('path.arrow[data-kind="consents"][data-from="district-kenesh"][data-to="akim"]'), "2009: an arrow for the district kenesh's consent to the akim")
    check(css('path.arrow[data-kind="appoints"][data-from="president"][data-to="akim"]'), "2009: an arrow for the President appointing the akim")
    shot("system-2009")

    # 4. Compare 2002 with 2009 (one of the article's own comparisons, one click away).
    driver.get(BASE + "/compare")
    click_and_wait(driver.find_element(By.PARTIAL_LINK_TEXT, "2002 / 2009"))
    check(css('tr.removed[data-key="formation/governor/term_years"]'), "2002 → 2009: the governor's fixed term is listed as removed")
    check(css('tr.added[data-key="formation/akim/with_consent_of"]'), "2002 → 2009: the kenesh's consent to the akim is listed as added")
    check(css("g.box.added") or css("path.arrow.added"), "the later organigram marks what was added")
    shot("compare-2002-2009")

    # 5. Log in as the kenesh secretary of Sokuluk district.
    driver.get(BASE + "/login?lang=ky")
    driver.find_element(By.ID, "l-name").send_keys("sokuluk")
    driver.find_element(By.ID, "l-password").send_keys("wrong password")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check(css("#login-error"), "a wrong password is refused with a message")
    driver.find_element(By.ID, "l-password").send_keys("sokuluk-pass-1")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check(driver.current_url.endswith("/procedures"), "the secretary lands on the procedures")
    shot("logged-in")

    # 6. Start an akim appointment in Sokuluk district, under the law of 2010.
    driver.execute_script("document.getElementById('s-unit').value = '41708222000000'")
    driver.execute_script("document.getElementById('s-kind').value = 'akim-appointment'")
    set_value("s-date", "2010-03-01")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "#start-h ~ form button[type=submit]"))
    check("/procedures/" in driver.current_url, "the procedure is started and its page opens")
    procedure_url = driver.current_url
    started = events_recorded()
    submit_step("nominated", {"by": "prime-minister", "candidates": "Asanov A.\nBekov B.\nDuishenov D."}, "2010-03-01")
    check(events_recorded() == started + 1, "the nomination is recorded")

    # 7. A sitting without quorum: recorded as held, the law's quorum rule says it cannot vote,
    # and no ballot is offered; an impossible count is refused with its reason next to the form.
    submit_step("sitting", {"seats": "31", "present": "20"}, "2010-03-05")
    check(not css('form.step[data-event="ballot"]'), "without quorum the kenesh cannot vote: no ballot form is offered")
    check(events_recorded() == started + 2, "the sitting itself is recorded, with the quorum not met")
    shot("sitting-without-quorum")
    before = events_recorded()
    # An impossible count is refused too, and nothing is written.
    submit_step("sitting", {"seats": "31", "present": "40"}, "2010-03-05")
    check(css("#f-sitting-error"), "40 present of 31 seats is refused with its reason next to the form")
    check(events_recorded() == before, "nothing is recorded by a refused form")
    shot("impossible-sitting-refused")

    # 8. A valid sitting, a first round without a majority, a run-off.
    submit_step("sitting", {"seats": "31", "present": "25"}, "2010-03-10")
    submit_step("ballot", {"vote_0": "12", "vote_1": "8", "vote_2": "3"}, "2010-03-10")
    check("run-off" in driver.page_source or "экинчи тур" in driver.page_source, "no majority in the first round: a run-off is due")
    shot("first-round")
    submit_step("ballot", {"vote_0": "16", "vote_1": "8"}, "2010-03-10")
    check(css('form.step[data-event="appointed"]'), "the run-off chose: the appointment is the next step")
    shot("run-off")

    # 9. The minutes, printable.
    driver.get(procedure_url + "/minutes")
    check(css("section.sitting table.ballot"), "the minutes show the ballots")
    shot("minutes")
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    with open(os.path.join(SHOTS, f"{step_no:02d}-minutes.pdf"), "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    print("  printed minutes to PDF")

    # 10. The secretary of another district is refused.
    driver.get(procedure_url)
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "header form.inline button"))
    driver.get(BASE + "/login")
    driver.find_element(By.ID, "l-name").send_keys("alamudun")
    driver.find_element(By.ID, "l-password").send_keys("alamudun-pass-1")
    click_and_wait(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    driver.get(procedure_url)
    check(not css("form.step"), "another district's secretary is offered no form")
    csrf = driver.execute_script("return document.querySelector('header input[name=csrf]').value")
    status = driver.execute_script("""
        const body = new URLSearchParams({csrf: arguments[0], type: 'appointed', version: '6', date: '2010-03-12', by: 'president', person: 'Asanov A.'});
        return fetch(arguments[1] + '/events', {method: 'POST', body, redirect: 'manual'}).then(r => r.status);""", csrf, procedure_url)
    check(status == 403, f"a post by another district's secretary is refused (HTTP {status})")
    shot("other-district-refused")
    print("browser walkthrough: all steps passed")
finally:
    driver.quit()
