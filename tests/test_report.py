"""The Markdown and HTML reports: golden Markdown, escaping of hostile input, charts, real samples.

The golden file is rendered from a fixed hand-made Result (tests/golden/fixture_result.json),
so it changes only when the report changes. Regenerate on purpose with
``NEWSWEAVE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_report.py``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsweave.model import Result, Story, TimelineEntry
from newsweave.report import charts
from newsweave.report.html import embed_json, render_html
from newsweave.report.markdown import md_link, md_text, render_markdown
from newsweave.report.views import Place, safe_url, story_views

GOLDEN = Path(__file__).resolve().parent / "golden"


def _load_fixture_module():
    spec = importlib.util.spec_from_file_location("nw_golden_fixture", GOLDEN / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE_MODULE = _load_fixture_module()


@pytest.fixture(scope="module")
def fixture_dict() -> dict:
    return json.loads((GOLDEN / "fixture_result.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_result(fixture_dict) -> Result:
    return Result.from_dict(fixture_dict)


@pytest.fixture(scope="module")
def hostile_result(fixture_dict) -> Result:
    return Result.from_dict(FIXTURE_MODULE.hostile(fixture_dict))


@pytest.fixture(scope="module")
def sample_outputs(samples_report_dir) -> Path:
    return samples_report_dir


@pytest.fixture(scope="module")
def sample_result(sample_outputs) -> Result:
    return Result.from_dict(json.loads((sample_outputs / "report.json").read_text(encoding="utf-8")))


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


# --- the fixture itself -------------------------------------------------------------------

def test_fixture_is_reproducible_and_offsets_exact(fixture_dict, fixture_result):
    assert FIXTURE_MODULE.build() == fixture_dict
    texts = {a.id: a.text for a in fixture_result.articles}
    story = fixture_result.stories[0]
    spans = [c for s in story.summary for c in s.citations] + [c for t in story.timeline for c in t.citations]
    spans += [m for e in story.entities for m in e.mentions] + [v for d in story.discrepancies for v in d.values]
    for span in spans:
        assert 0 <= span.start < span.end <= len(texts[span.article])
    for claim in story.claims:
        assert texts[claim.article][claim.start:claim.end] == claim.text
        assert texts[claim.article][claim.content_start:claim.content_end] == claim.content
    for d in story.discrepancies:
        for v in d.values:
            assert texts[v.article][v.start:v.end] == v.text


# --- Markdown -----------------------------------------------------------------------------

def test_markdown_matches_golden(fixture_result):
    golden = GOLDEN / "report.md"
    text = render_markdown(fixture_result)
    if os.environ.get("NEWSWEAVE_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), "golden file missing: run with NEWSWEAVE_REGEN_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("raw, expected", [
    ("plain words", "plain words"),
    ("a | b", r"a \| b"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("[click](javascript:alert(1))", r"\[click\](javascript:alert(1))"),
    ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
    ("two\nlines\r\nhere", "two lines here"),
    ("AT&T", "AT&amp;T"),
    ("![img](x)", r"\!\[img\](x)"),
])
def test_md_text_escapes(raw, expected):
    assert md_text(raw) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=1&c=2", "[site](https://example.org/a?b=1&c=2)"),
    ("https://example.org/a_(b)", "[site](https://example.org/a_%28b%29)"),
    ("https://example.org/a b", "site"),
    ("javascript:alert(1)", "site"),
    ("data:text/html,hi", "site"),
    (None, "site"),
])
def test_md_link_only_for_http(url, expected):
    assert md_link("site", url) == expected


def test_markdown_of_hostile_result_has_no_markup(hostile_result):
    text = render_markdown(hostile_result)
    assert "<script" not in text and "<img" not in text and "<svg" not in text and "<!--" not in text
    assert not re.search(r"(?<!\\)\]\((javascript|data):", text), "an article added a link"
    columns = None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line)) - 1
        columns = columns or cells
        assert cells == columns, f"a hostile string broke a table row: {line[:80]}"


# --- HTML ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, ok", [
    ("https://www.example.org/news/1", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/x", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<b>x</b>", False),
    ("//evil.example/x", False),
    ("/relative/path", False),
    ("https://ok.example/\"><script>", False),
    ("https://", False),
    ("", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!-- x", "a & b > c", "line\u2028sep", {"k": ["</SCRIPT>"]},
])
def test_embed_json_round_trips_and_cannot_close_script(value):
    text = str(embed_json(value))
    assert "<" not in text and ">" not in text
    assert json.loads(text) == value


def test_html_report_links_every_citation_to_its_article(fixture_result):
    page = Page(render_html(fixture_result))
    texts = {a.id: a.text for a in fixture_result.articles}
    cites = [attrs["href"] for tag, attrs in page.tags if tag == "a" and "cite" in (attrs.get("class") or "")]
    story = fixture_result.stories[0]
    expected = {f"#{c.article}:{c.start}-{c.end}" for s in story.summary for c in s.citations}
    assert expected <= set(cites)
    for href in cites:
        article, start, end = re.fullmatch(r"#(.+):(\d+)-(\d+)", href).groups()
        assert 0 <= int(start) <= int(end) <= len(texts[article])
    data = json.loads(next(s for s in page.scripts if s.startswith("{")))
    assert data["texts"] == texts


def test_html_report_groups_propositions_by_status(fixture_result):
    page = Page(render_html(fixture_result))
    groups = [attrs["data-status"] for tag, attrs in page.tags if "prop-group" in (attrs.get("class") or "")]
    assert groups == ["corroborated", "disputed", "single_source"]
    radios = [attrs["value"] for tag, attrs in page.tags if tag == "input" and attrs.get("type") == "radio"]
    assert radios == ["all", "corroborated", "disputed", "single_source"]


def test_html_report_is_self_contained_with_hash_csp(fixture_result):
    html = render_html(fixture_result)
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag not in ("img", "iframe", "object", "embed")
        assert tag != "link" or attrs == {"rel": "icon", "href": "data:,"}, "nothing to fetch, not even an icon"
        assert not attrs.get("src"), (tag, attrs)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    script = page.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "http://" not in re.sub(r'href="https?://[^"]*"', "", html).replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_hostile_strings_are_escaped_everywhere(hostile_result):
    page = Page(render_html(hostile_result))
    assert len(page.scripts) == 2, "only the JSON block and the report's own script"
    for tag, attrs in page.tags:
        assert tag not in ("img", "iframe", "object", "embed"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "xlink:href") and attrs.get("rel") != "icon":
                assert value.startswith("#") or value.startswith(("http://", "https://")), value
                assert "javascript:" not in value.lower()
    svg_children = [t for t, a in page.tags if t == "svg"]
    assert len(svg_children) <= 2, "only the timeline and the map draw SVG"


def test_linked_assets_for_the_web_app(fixture_result):
    page = Page(render_html(fixture_result, assets="linked", home_url="/"))
    assert ("link", {"rel": "stylesheet", "href": "/static/report.css"}) in page.tags
    assert ("script", {"src": "/static/report.js", "defer": None}) in page.tags
    assert page.scripts[0].startswith("{") and len(page.scripts) == 2 and page.scripts[1] == ""


def test_empty_result_renders():
    result = Result((), (), ())
    assert "No story" in render_html(result)
    assert "No story" in render_markdown(result)


# --- charts -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, first, last", [
    ("2021-09-05", "2021-09-05", "2021-09-05"),
    ("2021-09", "2021-09-01", "2021-09-30"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2021", "2021-01-01", "2021-12-31"),
    ("2021-02-30", None, None),
    ("Sunday", None, None),
    ("", None, None),
])
def test_parse_period(text, first, last):
    period = charts.parse_period(text)
    if first is None:
        assert period is None
    else:
        assert (period[0].isoformat(), period[1].isoformat()) == (first, last)


def test_timeline_svg_draws_one_marker_per_dated_entry(fixture_result):
    entries = [*fixture_result.stories[0].timeline, TimelineEntry("soon", "day", "undated", ())]
    svg = str(charts.timeline_svg(entries, "tl-1-"))
    assert svg.count('class="tl-mark"') == 4
    assert 'href="#tl-1-1"' in svg and 'href="#tl-1-5"' not in svg
    assert svg.count('class="period"') == 1  # the month-precise entry
    assert charts.timeline_svg([], "x") == ""


def test_map_svg_draws_places_over_the_right_countries(fixture_result):
    places = story_views(fixture_result)[0].places
    assert [p.entity.name for p in places] == ["Panjshir", "Kabul", "Afghanistan"]
    svg = str(charts.map_svg(places))
    assert svg.count('class="place') == 3
    assert "<title>Afghanistan</title>" in svg and "<title>Brazil</title>" not in svg
    view = charts.map_view(places)
    for p in places:
        x, y = view.xy(p.lon, p.lat)
        assert 0 <= x <= charts.WIDTH and 0 <= y <= view.height
    assert 1.4 <= charts.WIDTH / view.height <= 2.05
    assert charts.map_svg([]) == ""


def test_map_view_of_a_single_point_is_a_region():
    place = Place(entity=None, lat=-33.9, lon=18.4, precision="city")  # type: ignore[arg-type]
    view = charts.map_view([place])
    assert view.east - view.west >= 8 and view.north - view.south >= 4


def test_world_outlines_are_bundled():
    world = charts.load_world()
    assert len(world) > 150
    names = {c["name"] for c in world}
    assert {"Afghanistan", "France", "Brazil", "Japan"} <= names


# --- real samples -------------------------------------------------------------------------

def test_reports_of_the_samples(sample_result):
    html = render_html(sample_result)
    md = render_markdown(sample_result)
    page = Page(html)
    texts = {a.id: a.text for a in sample_result.articles}
    sources = [a for t, a in page.tags if "source" in (a.get("class") or "").split()]
    assert len(sources) == len(sample_result.articles) == 5
    for tag, attrs in page.tags:
        if tag == "a" and attrs.get("href", "").startswith("#") and ":" in attrs["href"]:
            article, start, end = re.fullmatch(r"#(.+):(\d+)-(\d+)", attrs["href"]).groups()
            assert int(end) <= len(texts[article])
    for story in sample_result.stories:
        assert md_text(story.title) in md
        for sentence in story.summary:
            assert md_text(sentence.text) in md


def test_cli_writes_html_and_markdown(sample_outputs, sample_result):
    assert (sample_outputs / "report.html").read_text(encoding="utf-8") == render_html(sample_result)
    assert (sample_outputs / "report.md").read_text(encoding="utf-8") == render_markdown(sample_result)


def test_story_without_articles_in_result_is_shown():
    result = Result((), (), (Story(id="s1", title="<b>lonely</b>", articles=("missing",)),))
    html = render_html(result)
    assert "&lt;b&gt;lonely&lt;/b&gt;" in html and "<b>lonely" not in html


def _place(name: str, lat: float, lon: float, precision: str = "city") -> Place:
    from newsweave.model import Entity, Geo

    return Place(Entity(name, name, "PLACE", (name,), (), Geo(lat, lon, precision)), lat, lon, precision)


def test_core_places_leave_out_a_distant_capital():
    valley = [_place("A", 35.3, 69.5), _place("B", 34.5, 69.2), _place("C", 35.6, 69.3), _place("D", 36.1, 68.7)]
    far = _place("Washington", 38.9, -77.0)
    assert charts.core_places([*valley, far]) == valley
    spread = [_place("Paris", 48.9, 2.3), _place("Tokyo", 35.7, 139.7), _place("Lima", -12.0, -77.0)]
    assert charts.core_places(spread) == spread


def test_map_labels_never_overlap():
    crowd = [_place(f"Place{i}", 35 + i * 0.05, 69 + i * 0.05) for i in range(8)]
    svg = str(charts.map_svg(crowd))
    boxes = []
    for x, y, anchor, name in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">(\w+)</text>', svg):
        width = 7.2 * len(name) + 4
        x0 = float(x) if anchor == "start" else float(x) - width
        boxes.append((x0, float(y) - 12, x0 + width, float(y) + 3))
    assert 1 <= len(boxes) < 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_timeline_axis_breaks_for_distant_events():
    dates = ["1980", "1996", "2021-08-15", "2021-08-31", "2021-09-05", "2021-09-05", "2021-09-06"]
    entries = [TimelineEntry(d, "day", f"event {i}", ()) for i, d in enumerate(dates)]
    segments = charts.axis_segments(charts.dated_entries(entries), 30.0, 770.0)
    core = [s for s in segments if s.core]
    assert len(segments) == 2 and len(core) == 1
    assert core[0].lo.year == 2021 and core[0].x1 - core[0].x0 > 500
    svg = str(charts.timeline_svg(entries, "t-"))
    assert 'class="break"' in svg and ">1980<" in svg
    close = [TimelineEntry(d, "day", "x", ()) for d in ("2021-09-01", "2021-09-05", "2021-09-06")]
    assert len(charts.axis_segments(charts.dated_entries(close), 30.0, 770.0)) == 1


def test_several_stories_get_a_table_of_contents_and_their_own_sources(fixture_result):
    story = fixture_result.stories[0]
    second = replace(story, id="s2", title="Second story", articles=("a3", "a4"))
    result = replace(fixture_result, stories=(story, second))
    page = Page(render_html(result))
    stories = [a["id"] for t, a in page.tags if t == "article"]
    assert stories == ["story-1", "story-2"]
    toc = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#story-")]
    assert toc == ["#story-1", "#story-2"]
    sources = [a["id"] for t, a in page.tags if "source" in (a.get("class") or "").split()]
    assert sources == ["src-1-0", "src-1-1", "src-1-2", "src-1-3", "src-2-0", "src-2-1"]
    md = render_markdown(result)
    assert "## Story 1: " in md and "## Story 2: Second story" in md


# --- honest reports: one outlet, single-source propositions, disputes side by side ---------

def _one_outlet(result: Result) -> Result:
    """The fixture as if every report came from one outlet (the corroboration computed afresh)."""
    articles = tuple(replace(a, outlet="Gulf News") for a in result.articles)
    return replace(result, articles=articles, stories=tuple(replace(s, corroboration=None) for s in result.stories))


def test_a_story_of_one_outlet_says_nothing_can_be_corroborated(fixture_result):
    assert "can be corroborated" not in render_markdown(fixture_result)
    one = _one_outlet(fixture_result)
    md = render_markdown(one)
    assert "**Nothing in this story can be corroborated.** All 4 reports come from one outlet (Gulf News)" in md
    page = Page(render_html(one))
    assert any("no-corroboration" in (attrs.get("class") or "") for _, attrs in page.tags)
    assert "All 4 reports come from one outlet (Gulf News)" in render_html(one)


def test_corroboration_counts_outlets_after_collapsing_copies(fixture_result):
    from newsweave.claims.corroboration import corroboration_of

    a1, a2, *_ = fixture_result.articles
    assert corroboration_of([a1, a2]).possible
    copy = replace(a2, id="a9", outlet="Another Outlet", duplicate_of=a1.id)
    found = corroboration_of([a1, copy])
    assert not found.possible and found.independent_sources == 1 and "copies of one text" in found.reason
    assert "single report" in corroboration_of([a1]).reason
    same = corroboration_of([a1, replace(a2, outlet=a1.outlet)])
    assert not same.possible and f"one outlet ({a1.outlet})" in same.reason


def test_single_source_propositions_are_collapsed_and_searchable(fixture_result):
    html = render_html(fixture_result)
    page = Page(html)
    classes = [(tag, attrs.get("class") or "", "open" in attrs) for tag, attrs in page.tags]
    assert ("details", "single-source-list", False) in classes  # collapsed by default
    assert any(tag == "input" and "prop-search" in c for tag, c, _ in classes)
    single = html[html.index('data-status="single_source"'):]
    assert single.index("single-source-list") < single.index("The Taliban launched an offensive")
    corroborated = html[html.index('<section class="prop-group" data-status="corroborated"'):
                        html.index('<section class="prop-group" data-status="disputed"')]
    assert "<details class=\"single-source-list\"" not in corroborated


def test_a_dispute_reads_as_claim_a_against_claim_b(fixture_result):
    (view,) = story_views(fixture_result)
    disputed = next(g for g in view.groups if g.status == "disputed").items[0]
    (dispute,) = disputed.disputes
    assert (dispute.a.id, dispute.b.id) == ("c1", "c2")  # the resistance's denial against the Taliban's claim
    html = render_html(fixture_result)
    block = html[html.index('<div class="dispute">'):]
    a, b = block.index("Claim A"), block.index("Claim B")
    assert a < block.index("The Taliban on Sunday said") < block.index("against") < b \
        < block.index("the resistance has refuted this claim")
    md = render_markdown(fixture_result)
    row = next(line for line in md.splitlines() if line.startswith("| The Taliban have taken control") and
               "refuted" in line)
    assert row.index("The Taliban on Sunday said") < row.index("the resistance has refuted")


def test_a_nationality_shows_the_country_it_refers_to_without_a_point(fixture_result):
    from newsweave.model import Entity, Geo, PlaceReference

    story = fixture_result.stories[0]
    russian = Entity(id="e-russian", name="Russian", type="OTHER", aliases=(), mentions=(), refers_to=PlaceReference(
        relation="demonym", name="Russian Federation", text="Russian", geo=Geo(60.0, 100.0, "country")))
    result = replace(fixture_result, stories=(replace(story, entities=story.entities + (russian,)),)
                     + tuple(fixture_result.stories[1:]))
    markdown = render_markdown(result)
    assert "| Russian | OTHER |   | 0 | Russian Federation (nationality) |" in markdown
    html = render_html(result)
    assert "refers to Russian Federation (nationality)" in html
    assert not any(p.entity.id == "e-russian" for v in story_views(result) for p in v.places)
