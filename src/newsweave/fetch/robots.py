"""robots.txt, fetched once per site and kept a while, read by the standard library's parser.

RFC 9309's rules for the answer: a 2xx is parsed; a 4xx means no rules (all
allowed); a 5xx or a network failure means the site cannot say, so nothing is
fetched from it until robots.txt can be read (the page is retried later).
A Crawl-delay for our agent lengthens the per-host delay.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING
from urllib.robotparser import RobotFileParser

from newsweave.fetch.urls import host_of, origin_of

if TYPE_CHECKING:
    from newsweave.fetch.fetcher import Fetcher

# A robots.txt over this size is read only this far (RFC 9309 asks parsers to take at least 500 KiB).
MAX_ROBOTS_BYTES = 512_000
_UNREACHABLE_TTL = 300.0


class RobotsRules:
    """Whether the fetcher's agent may fetch a URL, by the site's robots.txt (cached per origin)."""

    def __init__(self, fetcher: Fetcher, ttl: float) -> None:
        self._fetcher = fetcher
        self._ttl = ttl
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, tuple[float, RobotFileParser | None]] = {}

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets our agent fetch `url`; False when it forbids it or cannot be read."""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Why `url` may not be fetched now ("forbidden by robots.txt", "robots.txt unreachable"), or None."""
        from newsweave.fetch.fetcher import ROBOTS_AGENT

        parser = self._parser(origin_of(url))
        if parser is None:
            return f"robots.txt unreachable at {origin_of(url)}"
        return None if parser.can_fetch(ROBOTS_AGENT, url) else "forbidden by robots.txt"

    def _parser(self, origin: str) -> RobotFileParser | None:
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch of robots.txt per site, however many pages wait on it
            cached = self._rules.get(origin)
            if cached and cached[0] > time.monotonic():
                return cached[1]
            parser, ttl = self._load(origin)
            self._rules[origin] = (time.monotonic() + ttl, parser)
            return parser

    def _load(self, origin: str) -> tuple[RobotFileParser | None, float]:
        from newsweave.fetch.fetcher import ROBOTS_AGENT

        result = self._fetcher.fetch(f"{origin}/robots.txt", check_robots=False)
        parser = RobotFileParser(f"{origin}/robots.txt")
        if result.ok:
            parser.parse(result.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._fetcher.slow_down(host_of(origin), float(delay))
            return parser, self._ttl
        if result.status is not None and 400 <= result.status < 500:
            parser.parse([])  # no rules: everything allowed
            return parser, self._ttl
        return None, min(self._ttl, _UNREACHABLE_TTL)
