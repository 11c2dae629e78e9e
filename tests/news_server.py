"""A local news site for the fetch and watch tests: feeds, article pages and the bad cases, on 127.0.0.1 only.

Pages are built from the fixture articles in tests/fixtures/mixed (WikiNews
and the Panjshir sample): title, date line and paragraphs as HTML. Every
request is logged (path, status, request headers) for the tests to inspect.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mixed"


@dataclass(frozen=True)
class Story:
    """A fixture article: name, title, date (YYYY-MM-DD or None) and paragraphs."""

    name: str
    title: str
    published: str | None
    paragraphs: tuple[str, ...]


def fixture_article(name: str) -> Story:
    """The fixture text `name` (without .txt) as a title and paragraphs; a weekday date line becomes its date."""
    lines = [ln.strip() for ln in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    title, rest = lines[0], lines[1:]
    published = None
    if rest:
        try:
            published = datetime.strptime(rest[0], "%A, %B %d, %Y").date().isoformat()
            rest = rest[1:]
        except ValueError:
            pass
    return Story(name, title, published, tuple(rest))


def page_html(story: Story, with_date: bool = True, url: str | None = None, author: str | None = None) -> bytes:
    """The article as a news page: <title>, meta date (unless not `with_date`), canonical link (given the
    page's `url`), author, site name, <article> with h1 and paragraphs."""
    meta = (f'<meta property="article:published_time" content="{story.published}T09:00:00Z">'
            if with_date and story.published else "")
    if author:
        meta += (f'<meta name="author" content="{html.escape(author)}">'
                 '<meta property="og:site_name" content="Local News">')
    if url:
        meta += f'<link rel="canonical" href="{html.escape(url)}">'
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in story.paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(story.title)}</title>"
            f"{meta}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{html.escape(story.title)}</h1>\n{body}</article>"
            f"<footer>Copyright Local News</footer></body></html>").encode("utf-8")


def rss(items: list[tuple[str, str, str | None]], base: str) -> bytes:
    """An RSS 2.0 feed of (path, title, date) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        + (f"<pubDate>{_rfc2822(d)}</pubDate>" if d else "") + "<description>A report.</description></item>"
        for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World desk</title>'
            f"<link>{base}/</link><description>News</description>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str | None]], base: str) -> bytes:
    """An Atom feed of (path, title, date) entries, links relative to the feed."""
    entries = "".join(
        f'<entry><title>{html.escape(t)}</title><link rel="alternate" href="{p}?utm_source=atom"/>'
        f"<id>tag:local,2005:{p}</id><updated>{d or '2005-07-20'}T10:00:00Z</updated><summary>A report.</summary>"
        f"</entry>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/">'
            f"<title>Atom desk</title><id>tag:local,2005:feed</id><updated>2005-07-20T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def rdf(items: list[tuple[str, str, str | None]], base: str) -> bytes:
    """An RSS 1.0 (RDF) feed of (path, title, date) items."""
    seq = "".join(f'<rdf:li rdf:resource="{base}{p}"/>' for p, _, _ in items)
    entries = "".join(
        f'<item rdf:about="{base}{p}"><title>{html.escape(t)}</title><link>{base}{p}</link>'
        + (f"<dc:date>{d}</dc:date>" if d else "") + "</item>" for p, t, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{base}/rdf"><title>RDF desk</title><link>{base}/</link>'
            f"<description>News</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>{entries}"
            "</rdf:RDF>").encode()


def _rfc2822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(hour=9, tzinfo=timezone.utc))


@dataclass
class Answer:
    """A fixed answer: status, headers, body; `etag` turns on conditional GET."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = False


Route = Callable[["Handler"], None]


class NewsServer(ThreadingHTTPServer):
    """The server: `routes` maps a path to an `Answer` or a function of the handler; `log` records requests."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Answer | Route] = {}
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.gate = threading.Event()
        self.gate.set()
        self.gate_reached = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> NewsServer:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def requests_to(self, path: str) -> list[tuple[str, int, dict[str, str]]]:
        """The logged requests for `path` (the query string left out)."""
        return [r for r in self.log if r[0].split("?", 1)[0] == path]


class Handler(BaseHTTPRequestHandler):
    server: NewsServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        return None

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.counts[path] = self.server.counts.get(path, 0) + 1
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        self.status_sent = 0
        self.logged = False
        try:
            route = self.server.routes.get(path)
            if route is None:
                self.answer(Answer(b"not found", 404, {"Content-Type": "text/plain"}))
            elif isinstance(route, Answer):
                self.answer(route)
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.server.lock:
                self.server.in_flight -= 1
            if not self.logged:  # no answer began (the client went away first)
                self._log(self.status_sent)

    def send_response(self, code: int, message: str | None = None) -> None:
        """Log the request before any byte of its answer leaves, so a client that has read it finds it logged."""
        self._log(code)
        super().send_response(code, message)

    def _log(self, status: int) -> None:
        with self.server.lock:
            self.server.log.append((self.path, status, dict(self.headers.items())))
        self.logged = True

    def answer(self, a: Answer) -> None:
        """Send `a`, or a 304 when its ETag matches If-None-Match."""
        headers = dict(a.headers)
        if a.etag:
            tag = '"' + hashlib.sha1(a.body).hexdigest()[:12] + '"'
            headers["ETag"] = tag
            if self.headers.get("If-None-Match") == tag:
                self.send(304, b"", {"ETag": tag})
                return
        self.send(a.status, a.body, headers)

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status_sent = status
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


# -- the bad cases -----------------------------------------------------------------------------

def flaky(good: Answer, failures: int = 1) -> Route:
    """500 for the first `failures` requests, then `good`."""
    seen = {"n": 0}

    def route(h: Handler) -> None:
        seen["n"] += 1
        if seen["n"] <= failures:
            h.send(500, b"busy", {"Content-Type": "text/plain"})
        else:
            h.answer(good)

    return route


def slow(seconds: float, good: Answer) -> Route:
    """`good`, after waiting `seconds` before the headers."""

    def route(h: Handler) -> None:
        time.sleep(seconds)
        h.answer(good)

    return route


def redirect(to: str, status: int = 302) -> Route:
    def route(h: Handler) -> None:
        h.send(status, b"", {"Location": to})

    return route


def endless(h: Handler) -> None:
    """A 200 whose chunked body never ends (until the client hangs up or 200 MB)."""
    h.status_sent = 200
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<p>" + b"more news " * 6000 + b"</p>"
    for _ in range(3000):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


_BOMB: dict[str, bytes] = {}


def bomb_body() -> bytes:
    """50 MB of spaces in 50 kB of gzip (made once)."""
    if "b" not in _BOMB:
        _BOMB["b"] = gzip.compress(b" " * 50_000_000, compresslevel=9)
    return _BOMB["b"]


def gzip_bomb(h: Handler) -> None:
    """The bomb, labelled a gzipped HTML page."""
    h.send(200, bomb_body(), {"Content-Type": "text/html", "Content-Encoding": "gzip"})


def gated(good: Answer, server: NewsServer) -> Route:
    """`good` once the server's `gate` is open; `gate_reached` tells the test the request is waiting."""

    def route(h: Handler) -> None:
        server.gate_reached.set()
        server.gate.wait(60)
        h.answer(good)

    return route


def html_answer(body: bytes, charset: str = "utf-8", etag: bool = False) -> Answer:
    return Answer(body, 200, {"Content-Type": f"text/html; charset={charset}"}, etag)


def feed_answer(body: bytes, media: str = "application/rss+xml") -> Answer:
    return Answer(body, 200, {"Content-Type": f"{media}; charset=utf-8"}, etag=True)
