"""The fetcher against a local server: the bad cases of the web, politeness, canonical URLs, sources, feeds, WARC.

All traffic stays on 127.0.0.1; timeouts and delays are short so each test takes about a second.
"""

from __future__ import annotations

import gzip
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from news_server import (Answer, NewsServer, atom, bomb_body, endless, feed_answer, fixture_article, flaky, gzip_bomb,
                         html_answer, page_html, rdf, redirect, rss, slow)

from newsweave.fetch import BadURL, Fetcher, FetchSettings, canonical_url, read_sources
from newsweave.fetch.evidence import WarcRecorder
from newsweave.fetch.feeds import feed_entries, is_feed
from newsweave.fetch.sources import SourcesError
from newsweave.ingest import read_inputs
from newsweave.ingest.decode import decode_http
from newsweave.model import Settings

FAST = FetchSettings(timeout=1.0, connect_timeout=1.0, retries=1, backoff=0.05, host_delay=0.0,
                     max_bytes=1_000_000, max_redirects=3, user_agent="newsweave-test/1")


@pytest.fixture()
def server():
    s = NewsServer().start()
    s.routes["/robots.txt"] = Answer(b"User-agent: *\nDisallow: /private/\n", 200, {"Content-Type": "text/plain"})
    yield s
    s.shutdown()
    s.server_close()


@pytest.fixture()
def fetcher():
    with Fetcher(FAST) as f:
        yield f


def story_page(name="wikinews_M0010"):
    return page_html(fixture_article(name))


def test_a_page_is_fetched_with_our_user_agent(server, fetcher):
    server.routes["/news/a.html"] = html_answer(story_page())
    result = fetcher.fetch(server.base + "/news/a.html")
    assert result.ok and result.body == story_page() and result.status == 200
    assert result.content_type.startswith("text/html")
    (_, _, headers), = server.requests_to("/news/a.html")
    assert headers["User-Agent"] == "newsweave-test/1"


def test_404_fails_once_without_retrying(server, fetcher):
    result = fetcher.fetch(server.base + "/gone.html")
    assert not result.ok and result.error.startswith("HTTP 404") and not result.retryable
    assert len(server.requests_to("/gone.html")) == 1


def test_500_then_200_is_retried_and_succeeds(server, fetcher):
    server.routes["/busy.html"] = flaky(html_answer(story_page()))
    result = fetcher.fetch(server.base + "/busy.html")
    assert result.ok and result.body == story_page()
    assert [r[1] for r in server.requests_to("/busy.html")] == [500, 200]


def test_a_response_slower_than_the_timeout_fails_in_time(server, fetcher):
    server.routes["/slow.html"] = slow(6.0, html_answer(story_page()))
    started = time.monotonic()
    result = fetcher.fetch(server.base + "/slow.html")
    assert not result.ok and "timed out" in result.error and result.retryable
    assert time.monotonic() - started < 4.5  # two attempts of 1 s and a short backoff, not the server's 6 s


def test_a_redirect_loop_is_named(server, fetcher):
    server.routes["/loop-a"] = redirect("/loop-b")
    server.routes["/loop-b"] = redirect(server.base + "/loop-a")
    result = fetcher.fetch(server.base + "/loop-a")
    assert not result.ok and "redirect loop" in result.error
    assert len(server.log) <= 4  # robots.txt and the two hops, not the cap's worth


def test_redirects_are_followed_up_to_the_cap(server, fetcher):
    for n in range(6):
        server.routes[f"/hop{n}"] = redirect(f"/hop{n + 1}", 301)
    server.routes["/hop2"] = redirect("/final.html", 301)
    server.routes["/final.html"] = html_answer(story_page())
    result = fetcher.fetch(server.base + "/hop0")
    assert result.ok and result.final_url == server.base + "/final.html" and len(result.exchanges) == 4
    server.routes["/hop2"] = redirect("/hop3", 301)
    assert "more than 3 redirects" in fetcher.fetch(server.base + "/hop0").error


def test_an_endless_body_stops_at_the_size_cap(server, fetcher):
    server.routes["/endless.html"] = endless
    started = time.monotonic()
    result = fetcher.fetch(server.base + "/endless.html")
    assert not result.ok and "size cap" in result.error and not result.retryable
    assert time.monotonic() - started < 3


def test_a_gzip_bomb_stops_at_the_size_cap(server, fetcher):
    server.routes["/bomb.html"] = gzip_bomb
    assert len(bomb_body()) < 100_000  # made before the clock starts
    result = fetcher.fetch(server.base + "/bomb.html")
    assert not result.ok and "size cap once decompressed" in result.error


def test_a_gzipped_page_is_decoded_and_kept_compressed_as_received(server, fetcher):
    page = story_page()
    sent = gzip.compress(page)  # once: gzip's header holds the second it was made
    server.routes["/z.html"] = Answer(sent, 200, {"Content-Type": "text/html; charset=utf-8",
                                                  "Content-Encoding": "gzip"})
    result = fetcher.fetch(server.base + "/z.html")
    assert result.ok and result.body == page
    assert result.exchanges[-1].raw == sent


@pytest.mark.parametrize("declared, encoding", [("iso-8859-1", "utf-8"), ("utf-8", "cp1252")])
def test_a_wrong_charset_header_still_gives_the_right_text(server, fetcher, declared, encoding):
    body = "<html><body><article><p>Le café de la gare à Zürich a rouvert lundi.</p></article></body></html>"
    server.routes["/charset.html"] = html_answer(body.encode(encoding), charset=declared)
    result = fetcher.fetch(server.base + "/charset.html")
    assert "café de la gare à Zürich" in decode_http(result.body, result.content_type)


def test_robots_txt_forbids_a_path_and_it_is_never_requested(server, fetcher):
    server.routes["/private/secret.html"] = html_answer(story_page())
    result = fetcher.fetch(server.base + "/private/secret.html")
    assert not result.ok and result.error == "forbidden by robots.txt"
    assert server.requests_to("/private/secret.html") == []
    assert fetcher.fetch(server.base + "/public.html").error.startswith("HTTP 404")  # allowed, merely missing
    assert len(server.requests_to("/robots.txt")) == 1  # read once per site


def test_an_unchanged_page_answers_304_to_its_etag(server, fetcher):
    server.routes["/feed.xml"] = feed_answer(rss([("/news/a.html", "A", "2005-07-12")], server.base))
    first = fetcher.fetch(server.base + "/feed.xml")
    assert first.ok and first.etag
    second = fetcher.fetch(server.base + "/feed.xml", etag=first.etag)
    assert second.not_modified and second.body == b""
    assert server.requests_to("/feed.xml")[-1][2]["If-None-Match"] == first.etag


def test_requests_to_one_host_are_spaced_and_limited():
    s = NewsServer().start()
    try:
        s.routes["/robots.txt"] = Answer(b"", 404)
        s.routes["/p.html"] = slow(0.1, html_answer(b"<p>x</p>"))
        settings = FetchSettings(timeout=2, host_delay=0.15, host_concurrency=1, concurrency=4, retries=0)
        with Fetcher(settings) as f, ThreadPoolExecutor(4) as pool:
            started = time.monotonic()
            results = list(pool.map(lambda _: f.fetch(s.base + "/p.html"), range(4)))
            elapsed = time.monotonic() - started
        assert all(r.ok for r in results)
        assert s.max_in_flight == 1
        assert elapsed >= 0.15 * 4  # robots.txt and four pages, each start 0.15 s after the last
    finally:
        s.shutdown()
        s.server_close()


@pytest.mark.parametrize("raw, canonical", [
    ("HTTP://News.Example.COM:80/World/story.html?utm_source=rss&id=7&fbclid=x#comments",
     "http://news.example.com/World/story.html?id=7"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com:8443/a/./b/../c%7e", "https://example.com:8443/a/c~"),
    ("https://example.com/search?q=a%20b&utm_medium=email", "https://example.com/search?q=a%20b"),
])
def test_canonical_urls(raw, canonical):
    assert canonical_url(raw) == canonical
    assert canonical_url(canonical) == canonical


@pytest.mark.parametrize("bad", ["ftp://example.com/x", "javascript:alert(1)", "http:///nohost", "news.html"])
def test_non_http_urls_are_refused(bad):
    with pytest.raises(BadURL):
        canonical_url(bad)


def test_sources_from_a_text_list_and_from_opml(tmp_path):
    listed = tmp_path / "sources.txt"
    listed.write_text("# world news\nhttps://a.example/feed.xml  World desk\n\n"
                      "https://A.example/feed.xml?utm_source=x\nhttps://b.example/page.html\n", encoding="utf-8")
    assert read_sources(listed) == ["https://a.example/feed.xml", "https://b.example/page.html"]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
                    '<outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example/rss"/>'
                    '<outline type="rss" text="B" xmlUrl="https://b.example/atom"/></outline></body></opml>')
    assert read_sources(opml) == ["https://a.example/rss", "https://b.example/atom"]
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    with pytest.raises(SourcesError, match="no feed or page URLs"):
        read_sources(empty)


@pytest.mark.parametrize("make", [rss, atom, rdf])
def test_feed_entries_of_rss_atom_and_rdf(make):
    base = "http://127.0.0.1:9"
    items = [("/news/a.html", "London bombing: Police search houses", "2005-07-12"),
             ("/news/b.html", "Aid pledges rise", "2005-01-01")]
    body = make(items, base)
    assert is_feed(body, base + "/feed")
    entries = feed_entries(body, base + "/feeds/x")
    assert [e.url for e in entries] == [base + "/news/a.html", base + "/news/b.html"]
    assert [e.title for e in entries] == [t for _, t, _ in items]
    assert [e.published for e in entries] == [d for _, _, d in items]
    assert not is_feed(page_html(fixture_article("wikinews_M0010")), base + "/news/a.html")


def test_every_exchange_is_kept_in_a_warc_that_reads_back_as_the_article(server, tmp_path):
    story = fixture_article("wikinews_M0011")
    server.routes["/news/b.html"] = redirect("/news/b2.html", 301)
    server.routes["/news/b2.html"] = html_answer(page_html(story, with_date=False))
    recorder = WarcRecorder(tmp_path / "warc")
    recorder.notes[server.base + "/news/b2.html"] = ("Feed title", "2005-07-14")
    with Fetcher(FAST, recorder=recorder) as f:
        result = f.fetch(server.base + "/news/b.html")
    recorder.close()
    assert result.ok and len(result.records) == 2  # the redirect and the page (robots.txt is in the file too)
    read = read_inputs([str(recorder.path)], Settings())
    (article,) = read.articles
    assert article.url == server.base + "/news/b2.html"
    assert article.title == story.title  # the page's own title wins over the feed's
    assert article.published == "2005-07-14"  # the page has no date: the feed entry's
    assert article.archived == result.records[-1]
    assert story.paragraphs[0][:60] in article.text
    with open(recorder.path, "rb") as fh:  # the pointer is the offset of the page's response record
        fh.seek(article.archived.offset)
        assert fh.read(2) == b"\x1f\x8b"


class RecordingStore:
    """Stands in for `Store` where only the round's bookkeeping is tested: keeps the records it is given."""

    def __init__(self) -> None:
        self.records: list[dict] = []

    def ingest(self, inputs, models, settings, progress=None):
        from newsweave.store import IngestReport

        fresh = [r for r in inputs if r["url"] not in {s["url"] for s in self.records}]
        self.records.extend(fresh)
        return IngestReport(len(fresh), len(inputs) - len(fresh), (), ("s1",) if fresh else ())


def test_a_failing_page_is_recorded_and_retried_later_not_every_round(server, tmp_path):
    from newsweave.fetch import Watcher
    from newsweave.fetch.state import WatchState

    story = fixture_article("wikinews_M0010")
    server.routes["/feed.xml"] = feed_answer(rss([("/news/ok.html", story.title, None),
                                                  ("/news/busy.html", "Busy", "2005-07-12"),
                                                  ("/news/data.json", "Data", None)], server.base))
    server.routes["/news/ok.html"] = html_answer(page_html(story, with_date=False))
    server.routes["/news/busy.html"] = flaky(html_answer(page_html(fixture_article("wikinews_M0011"))), failures=9)
    server.routes["/news/data.json"] = Answer(b'{"a": 1}', 200, {"Content-Type": "application/json"})
    db, store = tmp_path / "news.db", RecordingStore()
    with Watcher(db, store, None, Settings(), FAST) as watcher:
        first = watcher.run_round([server.base + "/feed.xml"])
        second = watcher.run_round([server.base + "/feed.xml"])
    assert (first.added, first.fetched, len(first.errors), first.pending) == (1, 3, 2, 1)  # feed, page, JSON
    reasons = {e.url.rsplit("/", 1)[1]: e.reason for e in first.errors}
    assert reasons == {"busy.html": "HTTP 500 Internal Server Error", "data.json": "not an HTML page (application/json)"}
    (record,) = store.records
    assert record["published"] is None and record["title"] == story.title and record["archived"]["offset"] > 0
    assert len(server.requests_to("/news/busy.html")) == 2  # one retry within the round, then left for later
    assert (second.added, second.fetched, second.unchanged, second.errors) == (0, 0, 1, ())
    assert len(server.requests_to("/news/busy.html")) == 2  # not due yet
    with WatchState(db) as state:
        failures, reason, retry_at = state.failure_of(server.base + "/news/busy.html")
        assert (failures, reason) == (1, "HTTP 500 Internal Server Error") and retry_at > time.time() + 60
        assert state.is_done(server.base + "/news/ok.html") and state.is_done(server.base + "/news/data.json")


def test_the_feed_entry_date_stands_in_for_a_page_without_one(server, tmp_path):
    from newsweave.fetch import Watcher

    story = fixture_article("wikinews_M0011")
    server.routes["/feed.atom"] = feed_answer(atom([("/news/b.html", "Feed title", "2005-07-14")], server.base))
    server.routes["/news/b.html"] = html_answer(page_html(story, with_date=False))
    store = RecordingStore()
    with Watcher(tmp_path / "news.db", store, None, Settings(), FAST) as watcher:
        report = watcher.run_round([server.base + "/feed.atom"])
    assert report.added == 1
    (record,) = store.records
    assert (record["url"], record["title"], record["published"]) == (server.base + "/news/b.html", story.title,
                                                                    "2005-07-14")


@pytest.mark.parametrize("text, seconds", [("90", 90), ("30s", 30), ("10m", 600), ("1.5h", 5400), ("1d", 86400)])
def test_intervals(text, seconds):
    from newsweave.fetch import parse_interval

    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "10 minutes", "0", "-5m", "m"])
def test_bad_intervals(text):
    from newsweave.fetch import parse_interval

    with pytest.raises(ValueError):
        parse_interval(text)


def test_robots_crawl_delay_spaces_the_requests(server):
    server.routes["/robots.txt"] = Answer(b"User-agent: *\nCrawl-delay: 1\n", 200, {"Content-Type": "text/plain"})
    server.routes["/a.html"] = html_answer(b"<p>a</p>")
    with Fetcher(FAST) as f:
        started = time.monotonic()
        assert f.fetch(server.base + "/a.html").ok and f.fetch(server.base + "/a.html").ok
        assert time.monotonic() - started >= 1.0


def test_a_sources_file_broken_mid_edit_keeps_the_last_good_list(tmp_path):
    from newsweave.fetch import SourcesFile

    path = tmp_path / "sources.txt"
    path.write_text("https://a.example/rss\n")
    warnings: list[str] = []
    sources = SourcesFile(path, warnings.append)
    path.write_text("https://a.example/rss\nhttps://b.example/atom\n")
    assert sources() == ["https://a.example/rss", "https://b.example/atom"]
    path.write_text("# emptied while editing\n")
    assert sources() == ["https://a.example/rss", "https://b.example/atom"] and "no feed or page URLs" in warnings[0]


def test_fetch_is_core_and_does_not_import_the_edge():
    import subprocess
    import sys

    code = ("import sys, newsweave.fetch, newsweave.fetch.state, newsweave.fetch.evidence; "
            "bad = [m for m in sys.modules if m.startswith(('newsweave.cli', 'newsweave.web'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
