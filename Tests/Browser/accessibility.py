#!/usr/bin/env python3
"""Every kind of page through axe-core (WCAG 2.0 A and AA rules: contrast, labels, names,
landmarks, language), in headless Chromium. Fails on any violation, naming the rule and the element.

Usage: accessibility.py BASE_URL PATH...   (axe-core comes with the PyPI package axe-selenium-python)
"""
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_script_timeout(90)
failed = 0
try:
    for path in sys.argv[2:]:
        driver.get(sys.argv[1].rstrip("/") + path)
        axe = Axe(driver)
        axe.inject()
        result = axe.run(options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
        violations = result["violations"]
        print(f"{'ok  ' if not violations else 'FAIL'} {path}: {len(violations)} violations, {len(result['passes'])} rules passed")
        for v in violations:
            failed += 1
            print(f"     {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:3]:
                print(f"       {node['target']}: {(node.get('failureSummary') or '').splitlines()[-1][:160]}")
finally:
    driver.quit()
sys.exit(1 if failed else 0)
