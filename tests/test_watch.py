"""`newsweave watch` and `ingest URL` against a local news site: rounds, 304s, new entries, kill -9, evidence.

The site serves three feeds (RSS 2.0, Atom, RDF) listing WikiNews and
Panjshir articles of three stories, plus a page robots.txt forbids and one
that is missing. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from news_server import (Answer, NewsServer, atom, feed_answer, fixture_article, gated, html_answer, page_html, rdf,
                         rss)

import newsweave
from newsweave.cli import main
from newsweave.fetch.evidence import warc_folder
from newsweave.fetch.state import read_status
from newsweave.store import Store

TSUNAMI = ["wikinews_M0000", "wikinews_M0001", "wikinews_M0002"]
LONDON = ["wikinews_M0010", "wikinews_M0011"]
PANJSHIR = ["000_2b18989b8deded2f", "004_e619fb0d5ecc3523"]
FAST = ["--delay", "0"]


class Site:
    """The news site: which articles each feed lists, and the server answering for them."""

    def __init__(self) -> None:
        self.server = NewsServer().start()
        self.base = self.server.base
        self.server.routes["/robots.txt"] = Answer(b"User-agent: *\nDisallow: /private/\n", 200,
                                                   {"Content-Type": "text/plain"})
        self.feeds = {"/feeds/world.rss": ["wikinews_M0002", "wikinews_M0010", PANJSHIR[0]],
                      "/feeds/desk.atom": ["wikinews_M0001", "wikinews_M0011"],
                      "/feeds/asia.rdf": [PANJSHIR[1]]}
        self.extra = {"/feeds/asia.rdf": [("/private/leak.html", "Leaked", None), ("/news/gone.html", "Gone", None)]}
        for name in {n for names in self.feeds.values() for n in names} | set(TSUNAMI):
            self.server.routes[self.path_of(name)] = html_answer(self.page(name))
        self.server.routes["/private/leak.html"] = html_answer(page_html(fixture_article("wikinews_M0012")))
        self.publish()

    @staticmethod
    def path_of(name: str) -> str:
        return f"/news/{name}.html"

    def page(self, name: str) -> bytes:
        return page_html(fixture_article(name), url=self.base + self.path_of(name),
                         author="Jane Smith" if name == LONDON[0] else None)

    def publish(self) -> None:
        """(Re)build the feeds from `self.feeds`; a feed whose items changed gets a new ETag."""
        makers = {".rss": (rss, "application/rss+xml"), ".atom": (atom, "application/atom+xml"),
                  ".rdf": (rdf, "application/rdf+xml")}
        for path, names in self.feeds.items():
            make, media = makers[Path(path).suffix]
            items = [(self.path_of(n), fixture_article(n).title, fixture_article(n).published) for n in names]
            self.server.routes[path] = feed_answer(make(items + self.extra.get(path, []), self.base), media)

    def sources(self, folder: Path) -> Path:
        path = folder / "sources.txt"
        path.write_text("# the local desk\n" + "".join(f"{self.base}{p}\n" for p in self.feeds), encoding="utf-8")
        return path

    def page_requests(self) -> list[tuple[str, int, dict]]:
        return [r for r in self.server.log if r[0].startswith(("/news/", "/private/"))]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    s = Site()
    yield s
    s.close()


def stories_by_url(db: Path) -> dict[str, frozenset[str]]:
    """Each stored article's URL -> the URLs of its story's articles."""
    out = {}
    with Store(db) as store:
        for info in store.list_stories():
            urls = frozenset(a.url for a in store.story_result(info.id).articles)
            out.update({u: urls for u in urls})
    return out


def stored_articles(db: Path) -> list:
    with Store(db) as store:
        return [a for info in store.list_stories() for a in store.story_result(info.id).articles]


def test_watch_once_twice_then_a_new_entry(site, tmp_path, models, capsys):
    db = tmp_path / "news.db"
    sources = site.sources(tmp_path)
    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    first = capsys.readouterr().err
    assert "round 1: 6 new articles, 3 stories changed, 2 errors" in first
    assert "forbidden by robots.txt" in first and "HTTP 404" in first
    groups = stories_by_url(db)
    url = lambda name: site.base + site.path_of(name)  # noqa: E731
    assert groups[url("wikinews_M0002")] == {url("wikinews_M0001"), url("wikinews_M0002")}
    assert groups[url("wikinews_M0010")] == {url(n) for n in LONDON}
    assert groups[url(PANJSHIR[0])] == {url(n) for n in PANJSHIR}
    assert site.server.requests_to("/private/leak.html") == []

    # Round 2: nothing changed; the feeds answer 304 and no page is fetched again.
    pages_before = len(site.page_requests())
    feeds_before = len([r for r in site.server.log if r[0].startswith("/feeds/")])
    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    second = capsys.readouterr().err
    assert "round 2: 0 new articles, 0 stories changed, 0 errors (0 fetched, 3 unchanged" in second
    assert len(site.page_requests()) == pages_before
    feed_answers = [r[1] for r in site.server.log if r[0].startswith("/feeds/")][feeds_before:]
    assert feed_answers == [304, 304, 304]
    assert len(stored_articles(db)) == 6

    # Round 3: the Atom feed lists a new tsunami report; it joins the tsunami story.
    site.feeds["/feeds/desk.atom"].append("wikinews_M0000")
    site.publish()
    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    third = capsys.readouterr().err
    assert "round 3: 1 new article, 1 story changed, 0 errors (2 fetched, 2 unchanged" in third  # the feed and the page
    assert stories_by_url(db)[url("wikinews_M0000")] == {url(n) for n in TSUNAMI}

    last, errors, updates = read_status(db)
    assert last.id == 3 and last.added == 1 and errors == []
    with Store(db) as store:
        assert set(updates) == {info.id for info in store.list_stories()}


def test_watch_gives_the_stories_of_the_same_pages_saved_as_files(site, tmp_path, models, capsys):
    db = tmp_path / "news.db"
    assert main(["watch", str(site.sources(tmp_path)), "--db", str(db), "--once", *FAST]) == 0
    watched = stored_articles(db)
    dated = {a.title for a in watched if a.published_from == "metadata"}  # the pages' own meta dates
    assert dated == {fixture_article(n).title for names in site.feeds.values() for n in names
                     if fixture_article(n).published}
    london = next(a for a in watched if a.url.endswith(site.path_of(LONDON[0])))
    assert (london.author, london.outlet) == ("Jane Smith", "Local News")
    folder = tmp_path / "saved"
    folder.mkdir()
    order = [n for names in site.feeds.values() for n in names]  # the order the watch read them in
    for k, name in enumerate(order):
        (folder / f"{k:02d}.html").write_bytes(site.page(name))
    files_db = tmp_path / "files.db"
    assert main(["ingest", str(folder), "--db", str(files_db)]) == 0
    by_title = lambda arts: {a.title: a for a in arts}  # noqa: E731
    from_files = stored_articles(files_db)
    assert by_title(watched).keys() == by_title(from_files).keys()
    for title, a in by_title(watched).items():
        b = by_title(from_files)[title]
        assert (a.text, a.url, a.published, a.published_from, a.outlet) == \
               (b.text, b.url, b.published, b.published_from, b.outlet)

    def grouping(db_path):
        with Store(db_path) as store:
            return {frozenset(a.title for a in store.story_result(i.id).articles) for i in store.list_stories()}

    assert grouping(db) == grouping(files_db)
    capsys.readouterr()

    # The evidence: each stored article points at its WARC record, and ingesting the WARC gives the same articles.
    for a in watched:
        assert a.archived is not None and Path(a.archived.file).parent == warc_folder(db)
    schema = json.loads((Path(newsweave.__file__).parent / "schema" / "story.schema.json").read_text())
    with Store(db) as store:
        for info in store.list_stories():
            exported = store.story_result(info.id).to_dict()
            jsonschema.Draft202012Validator(schema).validate(exported)
            assert all("archived" in a for a in exported["articles"])
    warc_db = tmp_path / "from-warc.db"
    assert main(["ingest", str(warc_folder(db)), "--db", str(warc_db)]) == 0
    again = {a.url: a for a in stored_articles(warc_db)}
    assert again.keys() == {a.url for a in watched}
    for a in watched:
        b = again[a.url]
        assert (a.text, a.title, a.published, a.outlet, a.author, a.archived) == \
               (b.text, b.title, b.published, b.outlet, b.author, b.archived)


def test_ingest_url_of_a_feed_and_of_a_page(site, tmp_path, models, capsys):
    db = tmp_path / "news.db"
    page = site.base + site.path_of("wikinews_M0000") + "?utm_source=newsletter#top"
    assert main(["ingest", site.base + "/feeds/desk.atom", page, "--db", str(db), *FAST]) == 0
    err = capsys.readouterr().err
    assert "3 new articles" in err
    urls = {a.url for a in stored_articles(db)}
    assert site.base + site.path_of("wikinews_M0000") in urls  # canonical: no tracking parameter, no fragment
    assert main(["ingest", "ftp://example.com/x", "--db", str(db)]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


CHILD = """
import sys
from newsweave.cli import main
sys.exit(main(["watch", sys.argv[1], "--db", sys.argv[2], "--once", "--delay", "0"]))
"""


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_watch_killed_mid_round_loses_nothing_and_resumes(site, tmp_path, models, capsys):
    db = tmp_path / "news.db"
    sources = site.sources(tmp_path)
    hang = site.path_of(LONDON[1])
    site.server.gate.clear()
    site.server.routes[hang] = gated(html_answer(site.page(LONDON[1])), site.server)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(sources), str(db)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert site.server.gate_reached.wait(60), "the child never fetched the page"
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        site.server.gate.set()
        if child.poll() is None:
            child.kill()
    con = sqlite3.connect(db)
    queued = con.execute("SELECT COUNT(*) FROM watch_queue").fetchone()[0]
    con.close()
    assert queued == 8  # the feeds' entries were saved with the feeds' ETags; none was stored yet

    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    err = capsys.readouterr().err
    assert "6 new articles" in err and "3 unchanged" in err  # feeds unchanged: the queue carried the round
    assert len(stored_articles(db)) == 6
    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    assert "0 new articles" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_watch_killed_while_storing_resumes_without_duplicates(site, tmp_path, models, capsys):
    db = tmp_path / "news.db"
    sources = site.sources(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(sources), str(db)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    stored = 0
    try:
        deadline = time.monotonic() + 90
        while child.poll() is None and time.monotonic() < deadline:
            stored = _count(db, "SELECT COUNT(*) FROM articles")
            if stored:  # the batch's articles are committed; its stories are being analysed
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        if child.poll() is None and not stored:
            child.kill()
        child.wait(30)
    assert stored and child.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    assert _count(db, "SELECT COUNT(*) FROM watch_queue") == 8  # no page was marked done before the kill

    assert main(["watch", str(sources), "--db", str(db), "--once", *FAST]) == 0
    err = capsys.readouterr().err
    assert f"{6 - stored} new articles" in err and (stored == 0 or f"{stored} already stored" in err)
    assert len(stored_articles(db)) == 6
    assert _count(db, "SELECT COUNT(*) FROM stories WHERE dirty = 1") == 0
    assert _count(db, "SELECT COUNT(*) FROM watch_queue") == 2  # the forbidden and the missing page, for later


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=10)
    try:
        return int(con.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the tables are not there yet
        return 0
    finally:
        con.close()


def test_web_app_shows_watch_status_and_changed_badges(site, tmp_path, models):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    db = tmp_path / "news.db"
    assert main(["watch", str(site.sources(tmp_path)), "--db", str(db), "--once", *FAST]) == 0
    with TestClient(create_app(db)) as client:
        page = client.get("/").text
        assert "Last round 1 (" in page and "/private/leak.html" in page and "forbidden by robots.txt" in page
        assert page.count('class="badge changed"') == 3  # first visit: every story is new
        status = client.get("/api/watch").json()
        assert status["round"]["id"] == 1 and len(status["errors"]) == 2
        again = client.get("/").text  # the visit cookie is set: nothing changed since
        assert again.count('class="badge changed"') == 0
        site.feeds["/feeds/desk.atom"].append("wikinews_M0000")
        site.publish()
        assert main(["watch", str(site.sources(tmp_path)), "--db", str(db), "--once", *FAST]) == 0
        third = client.get("/").text
        assert third.count('class="badge changed"') == 1
        rows = [line for line in third.splitlines() if 'class="story-row' in line]
        assert "changed" in rows[0]  # the story updated last comes first
    assert json.loads(json.dumps(status))  # plain JSON


def test_watch_once_with_no_source_answering_exits_1(site, tmp_path, models, capsys):
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{site.base}/feeds/none.rss\n", encoding="utf-8")
    assert main(["watch", str(sources), "--db", str(tmp_path / "news.db"), "--once", *FAST]) == 1
    assert "none.rss: HTTP 404" in capsys.readouterr().err
    assert main(["watch", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "news.db"), "--once"]) == 2
    assert main(["watch", str(sources), "--db", str(tmp_path / "news.db"), "--every", "soon"]) == 2
