"""A polite, robust HTTP fetcher on httpx, for feeds and article pages.

Polite: robots.txt is honoured (`robots.RobotsRules`, its Crawl-delay too),
requests to one host are spaced by a delay and limited in number at once, and
a configurable User-Agent names the tool. Robust: every request has a
deadline (connect, each read, and the whole exchange), bodies are capped in
size as they arrive (compressed and uncompressed, so a gzip bomb stops at the
cap), redirects are followed by hand up to a cap (a loop is named as such),
5xx answers and timeouts are retried with exponential backoff (Retry-After
honoured up to a ceiling), and conditional GET (ETag / Last-Modified) turns an
unchanged page into a 304 with no body. A fetch never raises for what the
network does: its `FetchResult.error` says what went wrong, in one line, and
`retryable` whether trying again later may help.

Every HTTP exchange (each redirect hop, robots.txt too) goes to the
`recorder`, when one is given, exactly as received: that is how the WARC
evidence is written (`evidence.WarcRecorder`).
"""

from __future__ import annotations

import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Iterator

import httpx

from newsweave.fetch.urls import BadURL, canonical_url, host_of

DEFAULT_USER_AGENT = "newsweave/0.1 (news monitoring; respects robots.txt)"
ROBOTS_AGENT = "newsweave"  # the product token robots.txt rules are matched against
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How politely and how patiently to fetch. Times in seconds, sizes in bytes.

    The defaults suit polling news sites every few minutes: a second between
    requests to one host and two at once, 20 s for a whole exchange, 10 MB for
    a page, five redirects, two retries after 1 s and 2 s.
    """

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0
    host_delay: float = 1.0
    host_concurrency: int = 2
    concurrency: int = 8
    robots: bool = True
    robots_ttl: float = 3600.0


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and its answer as they went over the wire (the body as transferred)."""

    url: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    http_version: str
    headers: tuple[tuple[str, str], ...]
    raw: bytes
    fetched_at: str  # ISO 8601, UTC, when the answer began

    def header(self, name: str) -> str | None:
        """The first value of the response header `name` (any case), or None."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL gave: the final answer's body (decoded), or the reason it failed."""

    url: str
    final_url: str | None = None
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None
    error: str | None = None
    retryable: bool = False
    exchanges: tuple[Exchange, ...] = ()
    records: tuple[Any, ...] = ()  # what the recorder returned for each whole exchange (WARC pointers), in order

    @property
    def ok(self) -> bool:
        """A 2xx answer with its body."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        """The server said the copy we hold is current (304)."""
        return self.error is None and self.status == 304


class _Failure(Exception):
    """A failed exchange: its one-line reason and whether a retry may help."""

    def __init__(self, reason: str, retryable: bool, exchange: Exchange | None = None,
                 retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retryable, self.exchange, self.retry_after = reason, retryable, exchange, retry_after


Recorder = Callable[[Exchange], Any]


class Fetcher:
    """Fetches URLs politely (see the module docstring); thread-safe, one per run."""

    def __init__(self, settings: FetchSettings = FetchSettings(), recorder: Recorder | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._recorder = recorder
        self._record_lock = threading.Lock()
        timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout)
        limits = httpx.Limits(max_connections=max(settings.concurrency, 1),
                              max_keepalive_connections=max(settings.concurrency, 1))
        self._client = httpx.Client(timeout=timeout, limits=limits, follow_redirects=False, transport=transport,
                                    headers={"User-Agent": settings.user_agent,
                                             "Accept-Encoding": "gzip, deflate"}, trust_env=False)
        self._hosts = _HostSlots(settings.host_delay, settings.host_concurrency)
        from newsweave.fetch.robots import RobotsRules

        self.robots = RobotsRules(self, settings.robots_ttl)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def slow_down(self, host: str, delay: float) -> None:
        """Space requests to `host` at least `delay` seconds apart (robots.txt's Crawl-delay)."""
        self._hosts.set_delay(host, delay)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              check_robots: bool = True) -> FetchResult:
        """GET `url` (conditionally, given the validators of the copy held), retrying transient failures."""
        try:
            url = canonical_url(url)
        except BadURL as exc:
            return FetchResult(url, error=str(exc))
        attempts = max(self.settings.retries, 0) + 1
        result = FetchResult(url, error="not fetched")
        for attempt in range(attempts):
            try:
                result = self._fetch_once(url, etag, last_modified, check_robots)
            except Exception as exc:  # httpx raises a few types outside HTTPError (InvalidURL, StreamError)
                return FetchResult(url, error=f"unexpected error: {type(exc).__name__}: {_one_line(exc)}")
            if result.error is None or not result.retryable or attempt == attempts - 1:
                break
            time.sleep(self._backoff(attempt, result))
        return result

    def _backoff(self, attempt: int, result: FetchResult) -> float:
        wait = self.settings.backoff * (2 ** attempt)
        after = _retry_after(result.exchanges[-1]) if result.exchanges else None
        if after is not None:
            wait = max(wait, after)
        return min(wait, self.settings.max_backoff)

    def _fetch_once(self, url: str, etag: str | None, last_modified: str | None,
                    check_robots: bool) -> FetchResult:
        exchanges: list[Exchange] = []
        records: list[Any] = []
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            refusal = self.robots.refusal(current) if check_robots and self.settings.robots else None
            if refusal:
                return FetchResult(url, final_url=current, error=refusal,
                                   exchanges=tuple(exchanges), records=tuple(records))
            conditional = {}
            if current == url:  # validators belong to the URL they were given for
                if etag:
                    conditional["If-None-Match"] = etag
                if last_modified:
                    conditional["If-Modified-Since"] = last_modified
            try:
                exchange, body = self._exchange(current, conditional)
            except _Failure as failure:
                if failure.exchange is not None:  # headers only: a partial body is no evidence, not recorded
                    exchanges.append(failure.exchange)
                return FetchResult(url, final_url=current, status=failure.exchange.status if failure.exchange else None,
                                   error=failure.reason, retryable=failure.retryable,
                                   exchanges=tuple(exchanges), records=tuple(records))
            exchanges.append(exchange)
            records.append(self._record(exchange))
            if exchange.status in _REDIRECTS:
                location = exchange.header("Location")
                if not location:
                    return self._failed(url, current, exchange, "redirect without a Location", exchanges, records)
                try:
                    target = canonical_url(location, base=current)
                except BadURL as exc:
                    return self._failed(url, current, exchange, f"redirect to {exc}", exchanges, records)
                if target in seen:
                    return self._failed(url, current, exchange, f"redirect loop at {target}", exchanges, records)
                seen.add(target)
                current = target
                continue
            return self._answer(url, current, exchange, body, exchanges, records)
        return FetchResult(url, final_url=current, error=f"more than {self.settings.max_redirects} redirects",
                           exchanges=tuple(exchanges), records=tuple(records))

    def _failed(self, url, current, exchange, reason, exchanges, records) -> FetchResult:
        return FetchResult(url, final_url=current, status=exchange.status, error=reason,
                           exchanges=tuple(exchanges), records=tuple(records))

    def _answer(self, url: str, current: str, exchange: Exchange, body: bytes,
                exchanges: list[Exchange], records: list[Any]) -> FetchResult:
        status = exchange.status
        error, retryable = None, False
        if status >= 500 or status == 429:
            error, retryable = f"HTTP {status} {exchange.reason}".rstrip(), True
        elif status >= 400:
            error = f"HTTP {status} {exchange.reason}".rstrip()
        elif not (200 <= status < 300 or status == 304):
            error = f"unexpected HTTP {status}"
        return FetchResult(
            url, final_url=current, status=status, body=body if error is None else b"",
            content_type=exchange.header("Content-Type") or "", etag=exchange.header("ETag"),
            last_modified=exchange.header("Last-Modified"), fetched_at=exchange.fetched_at, error=error,
            retryable=retryable, exchanges=tuple(exchanges), records=tuple(records))

    def _record(self, exchange: Exchange) -> Any:
        if self._recorder is None:
            return None
        with self._record_lock:
            return self._recorder(exchange)

    def _exchange(self, url: str, extra: dict[str, str]) -> tuple[Exchange, bytes]:
        """One request and its whole answer (raw and decoded body), within the deadline and the size cap."""
        cap = self.settings.max_bytes
        with self._hosts.slot(host_of(url)):
            deadline = time.monotonic() + self.settings.timeout
            try:
                request = self._client.build_request("GET", url, headers=extra)
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException:
                raise _Failure(f"timed out after {self.settings.timeout:g} s", True) from None
            except httpx.HTTPError as exc:
                raise _Failure(f"network error: {_one_line(exc) or type(exc).__name__}", True) from None
            fetched_at = _now()
            try:
                raw, body = self._read_body(response, deadline, cap)
            except _Failure as failure:
                failure.exchange = _exchange_of(url, request, response, b"", fetched_at)
                raise
            finally:
                response.close()
        return _exchange_of(url, request, response, raw, fetched_at), body

    def _read_body(self, response: httpx.Response, deadline: float, cap: int) -> tuple[bytes, bytes]:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _Failure(f"larger than the size cap: {int(declared):,} bytes (cap {cap:,})", False)
        decoder = _Decoder(response.headers.get("Content-Encoding", ""))
        raw, body, size = [], [], 0
        raw_size = 0
        try:
            for chunk in response.iter_raw(_CHUNK):
                raw_size += len(chunk)
                if raw_size > cap:
                    raise _Failure(f"larger than the size cap ({cap:,} bytes)", False)
                out = decoder.feed(chunk, cap - size)
                size += len(out)
                raw.append(chunk)
                body.append(out)
                if time.monotonic() > deadline:
                    raise _Failure(f"timed out after {self.settings.timeout:g} s (body too slow)", True)
        except httpx.TimeoutException:
            raise _Failure(f"timed out after {self.settings.timeout:g} s", True) from None
        except httpx.HTTPError as exc:
            raise _Failure(f"network error while reading: {_one_line(exc) or type(exc).__name__}", True) from None
        return b"".join(raw), b"".join(body)


class _Decoder:
    """Undoes a Content-Encoding chunk by chunk, never producing more than the room left (gzip bombs stop)."""

    def __init__(self, encoding: str) -> None:
        names = [e.strip().lower() for e in encoding.split(",") if e.strip() and e.strip().lower() != "identity"]
        if len(names) > 1:
            raise _Failure(f"unsupported Content-Encoding: {encoding}", False)
        self.name = names[0] if names else ""
        if self.name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.name == "deflate":
            self._z = zlib.decompressobj()
        elif self.name:
            raise _Failure(f"unsupported Content-Encoding: {encoding}", False)
        else:
            self._z = None
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of `data`; `_Failure` when they would exceed `room`."""
        if self._z is None:
            if len(data) > room:
                raise _Failure("larger than the size cap", False)
            return data
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error as exc:
            if self.name == "deflate" and self._first:  # some servers send raw deflate without the zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self.feed(data, room)
            raise _Failure(f"malformed {self.name} body: {exc}", False) from None
        self._first = False
        if len(out) > room or self._z.unconsumed_tail:
            raise _Failure(f"larger than the size cap once decompressed ({self.name})", False)
        return out


class _HostSlots:
    """Per-host politeness: at most `per_host` requests at once, their starts `delay` seconds apart."""

    def __init__(self, delay: float, per_host: int) -> None:
        self._delay = max(delay, 0.0)
        self._per_host = max(per_host, 1)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer delay for one host (robots.txt's Crawl-delay)."""
        with self._lock:
            self._delays[host] = max(delay, self._delay)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Wait for a free slot and for the host's delay, then hold the slot for one exchange."""
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.Semaphore(self._per_host))
        semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delays.get(host, self._delay)
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            semaphore.release()


def _exchange_of(url: str, request: httpx.Request, response: httpx.Response, raw: bytes,
                 fetched_at: str) -> Exchange:
    return Exchange(
        url=url, method=request.method,
        request_headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw),
        status=response.status_code, reason=response.reason_phrase or "", http_version=response.http_version,
        headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw),
        raw=raw, fetched_at=fetched_at)


def _retry_after(exchange: Exchange) -> float | None:
    """Seconds a Retry-After header asks to wait (a number or an HTTP date), or None."""
    value = (exchange.header("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160]
