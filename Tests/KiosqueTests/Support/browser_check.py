"""Opens the published site in headless Chromium (Debian's, through Selenium) and reports what a
reuser would meet: console errors, the filter at work, the right-to-left page, the JSON-LD.

Usage: browser_check.py OUTPUT_DIR SCREENSHOT_DIR DATASET_ID FILTER_WORD
Prints one JSON object.
"""
import json
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

output, screenshots, dataset, word = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
screenshots.mkdir(parents=True, exist_ok=True)

options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1600"]:
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
result = {}
try:
    def console():
        return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]

    def load(page, selector):
        # On a loaded machine (the whole suite on two cores) get() may return before the page is
        # parsed: wait for the element the checks read, as a reuser's eyes would.
        driver.get((output / page).as_uri())
        try:
            WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector)))
        except TimeoutException:
            raise SystemExit(f"{page}: no {selector} after 60 s; the browser shows {driver.current_url} "
                             f"titled {driver.title!r}: {driver.page_source[:300]!r}")

    def visible():
        return len([item for item in driver.find_elements(By.CSS_SELECTOR, "li.dataset") if item.is_displayed()])

    load("index.html", "#filter")
    result["home_title"] = driver.title
    result["home_errors"] = console()
    result["filter_shown"] = driver.find_element(By.ID, "filter").is_displayed()
    result["all"] = visible()
    driver.find_element(By.ID, "filter").send_keys(word)
    result["filtered"] = visible()
    result["count_text"] = driver.find_element(By.ID, "filter-count").text
    driver.save_screenshot(str(screenshots / "home-filtered.png"))
    driver.find_element(By.ID, "filter").clear()
    driver.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    result["cleared"] = visible()
    driver.save_screenshot(str(screenshots / "home.png"))

    load(pathlib.Path("datasets") / dataset / "index.html", 'script[type="application/ld+json"]')
    result["dataset_title"] = driver.title
    result["dataset_errors"] = console()
    result["jsonld_downloads"] = driver.execute_script(
        "return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent).distribution.length")
    result["preview_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "table.preview tbody tr"))
    driver.save_screenshot(str(screenshots / "dataset.png"))

    # On a phone-sized window the page itself must not scroll sideways (wide tables scroll alone).
    driver.set_window_size(420, 1400)
    load(pathlib.Path("datasets") / dataset / "index.html", 'script[type="application/ld+json"]')
    result["phone_overflow"] = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    driver.save_screenshot(str(screenshots / "dataset-phone.png"))
    driver.set_window_size(1200, 1600)

    load("index.ar.html", "html[dir]")
    result["arabic_dir"] = driver.execute_script("return document.documentElement.dir")
    result["arabic_lang"] = driver.execute_script("return document.documentElement.lang")
    result["arabic_errors"] = console()
    driver.save_screenshot(str(screenshots / "home-ar.png"))
finally:
    driver.quit()
print(json.dumps(result))
