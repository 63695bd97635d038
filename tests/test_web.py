"""The web page in a real headless Chromium (Debian's chromium + chromedriver, driven by selenium).

Nothing is downloaded: selenium is pointed at /usr/bin/chromedriver and /usr/bin/chromium. Set
`PROTOKOLLET_SCREENSHOT_DIR=docs` to keep a screenshot of a cited answer (docs/screenshot-answer.png).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from protokollet.index.embed.embedder import Embedder
from protokollet.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ),
]

selenium = pytest.importorskip("selenium", reason="selenium is in the dev extra: pip install -e '.[dev]'")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

QUESTION = "Vad beslutades om planen för ett max antal medarbetare för stadens chefer?"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Generous (the CPU is shared with other work); each wait ends as soon as the page is ready.
WAIT_S = 120
HOSTILE_MINUTES = """Göteborgs Stad Kommunstyrelsen, protokoll
Sammanträdesdatum 2024-05-06

§ 101 Ärendenummer SLK-2024-09999
Skolgårdar i ytterområden
Beslut

Kommunstyrelsen beslutar att rusta skolgårdar i ytterområden.
&lt;script&gt;window.__pwned = "script";&lt;/script&gt;
Ärendet gäller skolgårdar &lt;img src=x onerror="window.__pwned = 'img'"&gt; och &lt;b&gt;fet&lt;/b&gt; text.
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must never fetch a driver or browser
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1500",
        "--lang=sv-SE",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: WebDriver, condition: Callable[[WebDriver], object]) -> object:
    return WebDriverWait(driver, WAIT_S).until(condition)


def _visible(driver: WebDriver, css: str) -> WebElement:
    element = _wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, css)))
    assert isinstance(element, WebElement)
    return element


def _in_viewport(driver: WebDriver, element: WebElement) -> bool:
    return bool(
        driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;",
            element,
        )
    )


def _ask(driver: WebDriver, base_url: str, question: str) -> None:
    driver.get(base_url + "/#/")
    box = _visible(driver, "#q")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "submit").click()


def test_ask_shows_cited_answer_and_citation_opens_the_quote(browser: WebDriver, live_server: str) -> None:
    _ask(browser, live_server, QUESTION)
    _visible(browser, ".answer .marker")
    citation = _visible(browser, "ol.citations .citation")
    body = citation.find_element(By.CSS_SELECTOR, ".src-body").text
    date = citation.find_element(By.CSS_SELECTOR, ".src-date").text
    item = citation.find_element(By.CSS_SELECTOR, ".src-item").text
    quote = citation.find_element(By.CSS_SELECTOR, ".quote").text
    assert body and body != "Okänt organ"
    assert DATE.match(date), date
    assert item.startswith("§"), item
    assert quote
    assert "[1]" in browser.find_element(By.CSS_SELECTOR, ".answer-text").text

    if directory := os.environ.get("PROTOKOLLET_SCREENSHOT_DIR"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(directory) / "screenshot-answer.png"))

    link = citation.find_element(By.CSS_SELECTOR, "a.citation-link")
    paragraph_id = link.get_attribute("data-paragraph")
    link.click()
    mark = _visible(browser, f"#p-{paragraph_id} mark")
    assert re.search(r"#/meeting/[^?]+\?p=" + re.escape(str(paragraph_id)), browser.current_url)
    assert mark.text.split() == quote.split()  # the cited quote, highlighted (whitespace as rendered)
    assert browser.find_element(By.ID, "meeting-heading").text == f"{body} {date}"
    assert _in_viewport(browser, mark)
    section_heading = mark.find_element(By.XPATH, "ancestor::section[1]/h2").text
    assert section_heading.startswith(item.split()[0] + " " + item.split()[1])
    if directory := os.environ.get("PROTOKOLLET_SCREENSHOT_DIR"):
        browser.save_screenshot(str(Path(directory) / "screenshot-meeting.png"))


def test_near_miss_says_not_in_the_minutes_and_shows_the_topic(browser: WebDriver, live_server: str) -> None:
    """Gamla Ullevi is only in a motion's title: the page says the minutes hold no answer, cites
    nothing, and shows the closest passage on that motion (not a donation fund's list of sums)."""
    _ask(browser, live_server, "Vad kostar Gamla Ullevi?")
    not_in_minutes = "Protokollen innehåller inget svar på den frågan."
    # The previous question's answer stays on the page until this one arrives.
    _wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".answer-text"), not_in_minutes))
    assert _visible(browser, ".answer-text").text == not_in_minutes
    assert not browser.find_elements(By.CSS_SELECTOR, ".answer .marker")
    nearest = browser.find_elements(By.CSS_SELECTOR, "ol.citations .citation .quote")
    assert nearest and not any("Gamlestads Torg" in quote.text for quote in nearest)
    if directory := os.environ.get("PROTOKOLLET_SCREENSHOT_DIR"):
        browser.save_screenshot(str(Path(directory) / "screenshot-not-in-minutes.png"))


def test_decision_with_vote_is_answered_with_its_figures(browser: WebDriver, live_server: str) -> None:
    _ask(
        browser, live_server, "Hur röstade kommunstyrelsen om motionen om stöd till brottsoffer och anhöriga?"
    )
    # The previous question's answer stays on the page until this one arrives.
    _wait(browser, ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".answer-text"), "röstar Ja (7)"))
    text = _visible(browser, ".answer-text").text
    assert "§ 244" in text and "röstar Nej (6)" in text, text
    if directory := os.environ.get("PROTOKOLLET_SCREENSHOT_DIR"):
        browser.save_screenshot(str(Path(directory) / "screenshot-decision.png"))


def test_search_mode_lists_hits_that_open_their_meeting(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/#/")
    _visible(browser, "#q")
    browser.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="search"]').click()
    assert browser.find_element(By.ID, "submit").text == "Sök"
    browser.find_element(By.ID, "q").send_keys("leksaksbibliotek")
    browser.find_element(By.ID, "submit").click()
    hit = _visible(browser, "ol.hits .hit")
    assert "leksaksbibliotek" in browser.find_element(By.ID, "search-results").text.lower()
    hit.find_element(By.CSS_SELECTOR, "a.citation-link").click()
    _visible(browser, "#view-meeting .paragraph.target mark")


def test_filters_are_offered_from_the_stored_meetings(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/#/")
    browser.find_element(By.CSS_SELECTOR, "#filters summary").click()
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#f-body option")) > 1)
    bodies = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "#f-body option")]
    assert "Kommunstyrelsen" in bodies
    for label in ("Organ", "Kommun/region", "Från datum", "Till datum", "Typ"):
        assert browser.find_element(By.XPATH, f"//label[normalize-space()='{label}']").is_displayed()


def test_meetings_list_links_to_each_meeting(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/#/meetings")
    row_link = _visible(browser, "#meetings-table tbody tr a")
    rows = browser.find_elements(By.CSS_SELECTOR, "#meetings-table tbody tr")
    assert len(rows) > 5
    row_link.click()
    _visible(browser, "#meeting-items .item h2")


def _stored_item_with_case_number(base_url: str) -> tuple[str, str, str]:
    """(meeting id, case number, title) of a stored item, read through the API like the page does."""
    import json
    from urllib.request import urlopen

    with urlopen(base_url + "/api/meetings") as response:
        summaries = json.load(response)
    for summary in reversed(summaries):
        with urlopen(f"{base_url}/api/meetings/{summary['id']}") as response:
            meeting = json.load(response)
        for item in meeting["items"]:
            if item["case_number"] and item["title"] and meeting["date"]:
                return meeting["id"], item["case_number"], item["title"]
    raise AssertionError("no stored item with a case number")


def test_agenda_view_shows_earlier_meetings_per_item(browser: WebDriver, live_server: str) -> None:
    meeting_id, case_number, title = _stored_item_with_case_number(live_server)
    browser.get(live_server + "/#/agenda")
    box = _visible(browser, "#agenda-text")
    box.send_keys(f"Kallelse 2099-01-15\n\n§ 1 Ärendenummer {case_number}\n{title}\n")
    browser.find_element(By.CSS_SELECTOR, "#agenda-form button[type=submit]").click()
    item = _visible(browser, "#agenda-results .agenda-item")
    assert case_number in item.text
    links = [a.get_attribute("href") or "" for a in item.find_elements(By.CSS_SELECTOR, ".earlier h3 a")]
    assert any(f"#/meeting/{meeting_id}" in href for href in links), links
    assert item.find_elements(By.CSS_SELECTOR, ".earlier .citation .quote")


@pytest.fixture(scope="module")
def hostile_server(
    tmp_path_factory: pytest.TempPathFactory,
    embedder: Embedder,
    serve_app: Callable[[Settings, Embedder], AbstractContextManager[str]],
) -> Iterator[str]:
    """A server whose only minutes carry markup: it must show as text and never run."""
    from protokollet.index.build import build_index
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.store.open import open_store

    root = tmp_path_factory.mktemp("hostile")
    source = root / "hostile.txt"
    source.write_text(HOSTILE_MINUTES, encoding="utf-8")
    settings = Settings(data_dir=root / "data")
    store = open_store(settings)
    try:
        report = ingest_paths([source], store, progress=False)
        assert not report.failed, report.failed
        build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    with serve_app(settings, embedder) as url:
        yield url


def test_markup_in_minutes_is_shown_as_text_and_never_runs(browser: WebDriver, hostile_server: str) -> None:
    browser.get(hostile_server + "/#/")
    _visible(browser, "#q")
    browser.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="search"]').click()
    browser.find_element(By.ID, "q").send_keys("skolgårdar")
    browser.find_element(By.ID, "submit").click()
    _visible(browser, "ol.hits .hit")
    results = browser.find_element(By.ID, "search-results")
    assert results.find_elements(By.TAG_NAME, "script") == []
    assert results.find_elements(By.TAG_NAME, "img") == []
    results.find_element(By.CSS_SELECTOR, "a.citation-link").click()
    _visible(browser, "#meeting-items .item")
    meeting = browser.find_element(By.ID, "meeting-items")
    # The stored text really holds the markup (the cleaner decoded the entities), shown as plain text.
    assert "<script>" in meeting.text and "<img src=x" in meeting.text and "<b>fet</b>" in meeting.text
    for tag in ("script", "img", "b"):
        assert meeting.find_elements(By.TAG_NAME, tag) == []
        assert results.find_elements(By.TAG_NAME, tag) == []
    assert browser.execute_script("return window.__pwned === undefined")
