"""End-to-end tests in a real headless Chromium (Debian's package, driven by Playwright).

They never download a browser: Chromium must be at /usr/bin/chromium (`.ci/run`
installs Debian's `chromium`). A missing browser FAILS these tests, on purpose:
the acceptance checks need them to run in CI.

Screenshots for the README are written to docs/screenshots/ only when
NEWSWEAVE_SCREENSHOTS=1 (else to the test's temp dir).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from newsweave.model import Result, Settings
from newsweave.report.html import render_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CHROMIUM = os.environ.get("NEWSWEAVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INGEST_TIMEOUT_MS = 300_000  # the samples' analysis on a busy 2-core machine


def _fixture_module():
    spec = importlib.util.spec_from_file_location("nw_golden_fixture_browser", GOLDEN / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE = _fixture_module()


def _screenshot_dir(tmp_path_factory) -> Path:
    if os.environ.get("NEWSWEAVE_SCREENSHOTS"):
        out = ROOT / "docs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        return out
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; fails (not skips) when Debian's chromium is missing."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's packages "
                    "(apt-get install -y chromium chromium-driver; .ci/run does it). "
                    "The browser tests must run, they are part of the acceptance checks.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: dialogs, script errors, console errors, requests."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def sample_report(samples_report_dir) -> tuple[Path, Result]:
    out = samples_report_dir
    return out / "report.html", Result.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))


def _offline(page, watch: Watch, allowed: str) -> None:
    """Abort every request but the page itself (and record it in `watch`)."""
    def handle(route):
        if route.request.url.split("#")[0] == allowed:
            route.continue_()
        else:
            route.abort()
    page.route("**/*", handle)


def test_sample_report_offline_and_citation_highlights_the_span(page, sample_report, tmp_path_factory):
    path, result = sample_report
    url = path.as_uri()
    watch = Watch(page)
    _offline(page, watch, url)
    page.goto(url)
    page.wait_for_load_state("load")
    assert [u.split("#")[0] for u in watch.requests] == [url], f"requests left the page: {watch.requests}"
    story = result.stories[0]
    assert story.summary, "the samples' story has a summary"
    texts = {a.id: a.text for a in result.articles}
    shots = _screenshot_dir(tmp_path_factory)
    page.screenshot(path=str(shots / "report.png"))
    first = page.locator(".summary a.cite").first
    href = first.get_attribute("href")
    citation = story.summary[0].citations[0]
    assert href == f"#{citation.article}:{citation.start}-{citation.end}"
    first.click()
    mark = page.locator("mark.cited")
    mark.wait_for(state="visible")
    assert mark.count() == 1
    assert mark.text_content() == texts[citation.article][citation.start:citation.end]
    source = page.locator(f'details.source[data-article="{citation.article}"]')
    assert source.get_attribute("open") is not None
    assert mark.bounding_box()["y"] < 900 and mark.bounding_box()["y"] > -10  # scrolled into view
    # Another citation moves the mark; the first article shows its plain text again.
    cites = page.locator(".summary a.cite")
    if cites.count() > 1:
        second = story.summary[0].citations[1] if len(story.summary[0].citations) > 1 else story.summary[1].citations[0]
        cites.nth(1).click()
        assert page.locator("mark.cited").count() == 1
        assert page.locator("mark.cited").text_content() == texts[second.article][second.start:second.end]
    page.screenshot(path=str(shots / "report-citation.png"))
    assert watch.errors == [] and watch.dialogs == []
    assert {u.split("#")[0] for u in watch.requests} == {url}


def test_report_direct_link_to_a_span(page, sample_report):
    path, result = sample_report
    c = result.stories[0].summary[-1].citations[0]
    page.goto(f"{path.as_uri()}#{c.article}:{c.start}-{c.end}")
    mark = page.locator("mark.cited")
    mark.wait_for(state="visible")
    text = next(a.text for a in result.articles if a.id == c.article)
    assert mark.text_content() == text[c.start:c.end]


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory) -> Path:
    result = Result.from_dict(json.loads((GOLDEN / "fixture_result.json").read_text(encoding="utf-8")))
    path = tmp_path_factory.mktemp("fixture-report") / "report.html"
    path.write_text(render_html(result), encoding="utf-8")
    return path


def _visible_statuses(page) -> list[str]:
    return [el.get_attribute("data-status") for el in page.locator("li.prop").all() if el.is_visible()]


@pytest.mark.parametrize("status, expected", [
    ("corroborated", ["corroborated"]),
    ("disputed", ["disputed"]),
    ("single_source", ["single_source"]),  # choosing them opens their collapsed list
    ("all", ["corroborated", "disputed"]),
])
def test_filter_propositions_by_status(page, fixture_report, status, expected):
    watch = Watch(page)
    page.goto(fixture_report.as_uri())
    assert _visible_statuses(page) == ["corroborated", "disputed"]  # single-source ones start collapsed
    if status == "all":
        page.locator('form.prop-filter input[value="disputed"]').check()
        assert _visible_statuses(page) == ["disputed"]
    page.locator(f'form.prop-filter input[value="{status}"]').check()
    assert _visible_statuses(page) == expected
    assert watch.errors == []


def test_searching_single_source_propositions_opens_and_filters_them(page, fixture_report):
    watch = Watch(page)
    page.goto(fixture_report.as_uri())
    search = page.locator("input.prop-search")
    search.fill("offensive")
    assert _visible_statuses(page) == ["corroborated", "disputed", "single_source"]
    search.fill("no such word")
    assert _visible_statuses(page) == ["corroborated", "disputed"]
    assert watch.errors == []


def test_quote_behind_a_proposition_opens_its_span(page, fixture_report):
    page.goto(fixture_report.as_uri())
    prop = page.locator('li.prop[data-status="disputed"]')
    prop.locator("details.quotes > summary").click()
    deny = prop.locator("li.claim.deny a.cite")
    deny.click()
    assert page.locator("mark.cited").text_content() == (
        "However, the resistance has refuted this claim saying it retook one region from the Taliban control.")


def test_print_layout_opens_every_toggle(page, fixture_report, tmp_path_factory):
    page.goto(fixture_report.as_uri())
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    assert page.locator(".prop-filter").is_hidden()
    pdf = tmp_path_factory.mktemp("print") / "report.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000


def test_report_on_a_phone_has_no_sideways_scroll(browser, fixture_report):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, device_scale_factor=2)
    pg = context.new_page()
    pg.goto(fixture_report.as_uri())
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px phone"
    context.close()


XSS_CHECK = """() => {
  const onAttrs = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) { if (a.name.toLowerCase().startsWith('on')) onAttrs.push(el.tagName + ' ' + a.name); }
  }
  const hrefs = [...document.querySelectorAll('[href]:not(link[rel="icon"])')].map(e => e.getAttribute('href'))
      .filter(h => !(h.startsWith('#') || h.startsWith('/') || /^https?:\\/\\//i.test(h)));
  return {xss: window.__xss === undefined ? null : window.__xss,
          onAttrs, hrefs,
          injected: document.querySelectorAll('img, iframe, object, embed, frame, form:not(.prop-filter):not(.search):not(.upload):not(.check)').length,
          scripts: document.querySelectorAll('script').length,
          payloadShown: document.body.textContent.includes('<script>window.__xss=1')};
}"""


def _poke_everything(page) -> None:
    """Open every toggle, click every citation, hover and focus what an attacker would aim at."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    cites = page.locator("a.cite")
    for i in range(min(cites.count(), 40)):
        cites.nth(i).click()
    for selector in (".story-title", ".src-title", ".prop-text", "blockquote", ".who", "td", "mark"):
        items = page.locator(selector)
        for i in range(min(items.count(), 5)):
            if items.nth(i).is_visible():
                items.nth(i).hover()
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)


def test_hostile_strings_in_every_field_run_nothing(page, tmp_path_factory):
    fixture = json.loads((GOLDEN / "fixture_result.json").read_text(encoding="utf-8"))
    result = Result.from_dict(FIXTURE.hostile(fixture))
    path = tmp_path_factory.mktemp("hostile") / "report.html"
    path.write_text(render_html(result), encoding="utf-8")
    watch = Watch(page)
    page.goto(path.as_uri())
    _poke_everything(page)
    found = page.evaluate(XSS_CHECK)
    assert watch.dialogs == [] and found["xss"] is None
    assert found["onAttrs"] == [] and found["hrefs"] == [] and found["injected"] == 0
    assert found["scripts"] == 2 and found["payloadShown"], found
    assert page.locator("mark.cited").count() == 1
    assert not [e for e in watch.errors if "Content Security Policy" in e], watch.errors


# -- the web app -----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, models):
    """`newsweave serve`'s app under uvicorn on 127.0.0.1 and a free port, over a fresh store."""
    import uvicorn

    from newsweave.web import create_app

    db = tmp_path_factory.mktemp("appdb") / "news.db"
    app = create_app(db, models=lambda: models, settings=Settings())
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _submit_and_wait(page) -> None:
    """Submit the upload form and wait for the analysis to finish.

    The upload is queued: the page goes to the job's status page, which
    updates itself and moves on to the story list when the ingest is done.
    """
    page.set_default_timeout(INGEST_TIMEOUT_MS)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/\?added="), timeout=INGEST_TIMEOUT_MS)
    page.set_default_timeout(20_000)


def test_app_upload_the_samples_see_one_story_open_it(page, server, samples_dir, tmp_path_factory):
    watch = Watch(page)
    shots = _screenshot_dir(tmp_path_factory)
    page.goto(server + "/")
    assert "No stories yet" in page.text_content("main")
    page.click("text=Upload")
    page.set_input_files("#files", sorted(str(p) for p in samples_dir.glob("*.txt")))
    _submit_and_wait(page)
    assert "/?added=5" in page.url, page.text_content("body")[:500]
    assert "Added 5 articles" in page.text_content(".notice")
    rows = page.locator("tr.story-row")
    assert rows.count() == 1
    assert rows.first.locator("td").nth(1).text_content() == "5"
    page.fill("#q", "resistance")
    page.click("form.search button")
    assert page.locator("li.hit").count() >= 1
    page.goto(server + "/")
    page.screenshot(path=str(shots / "app.png"))
    rows.first.locator("a").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("article.story").count() == 1
    assert page.locator("details.source").count() == 5
    first = page.locator(".summary a.cite").first
    first.click()
    page.locator("mark.cited").wait_for(state="visible")
    page.screenshot(path=str(shots / "app-story.png"))
    assert watch.dialogs == []
    assert not watch.errors, watch.errors  # a CSP violation would show here
    assert all(u.startswith(server) for u in watch.requests), watch.requests


def test_app_escapes_a_hostile_upload(page, server, tmp_path):
    payload = FIXTURE.PAYLOAD
    hostile = {"id": "x" + payload, "title": "Title " + payload, "outlet": "Outlet " + payload,
               "url": "javascript:alert(11)", "published": "2021-09-05",
               "text": (f"Ahmad Smith said on Monday that the talks {payload} had failed in Kabul.\n"
                        f"The minister denied it {payload}, according to officials.")}
    upload = tmp_path / "hostile.jsonl"
    upload.write_text(json.dumps(hostile) + "\n", encoding="utf-8")
    watch = Watch(page)
    page.goto(server + "/upload")
    page.set_input_files("#files", str(upload))
    _submit_and_wait(page)
    assert "added=1" in page.url
    for url in (server + "/", server + "/?q=minister"):
        page.goto(url)
        found = page.evaluate(XSS_CHECK)
        assert found["onAttrs"] == [] and found["hrefs"] == [] and found["injected"] == 0 and found["xss"] is None
    link = page.locator("tr.story-row a", has_text="Title")
    if link.count() == 0:  # the article joined the samples' story
        link = page.locator("tr.story-row a").first
    link.first.click()
    page.wait_for_url("**/stories/*")
    _poke_everything(page)
    found = page.evaluate(XSS_CHECK)
    assert found["onAttrs"] == [] and found["hrefs"] == [] and found["injected"] == 0 and found["xss"] is None
    assert found["scripts"] == 2 and found["payloadShown"]
    assert watch.dialogs == []
