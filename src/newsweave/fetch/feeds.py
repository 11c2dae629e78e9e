"""Feed entries to follow: the link, title and date of each entry of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import feedparser

from newsweave.fetch.urls import BadURL, canonical_url
from newsweave.ingest.dates import normalize_date
from newsweave.ingest.sniff import FEED, detect_format

_DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed: the canonical URL of its page, and the title and date the feed gives it."""

    url: str
    title: str | None
    published: str | None


def is_feed(body: bytes, url: str) -> bool:
    """Whether a fetched body is a feed (by its root element, as the file readers decide)."""
    return detect_format(url.split("?", 1)[0], body) == FEED


def feed_entries(body: bytes, base: str) -> list[Entry]:
    """The entries of the feed in `body` that link to a page, in feed order, each URL once.

    Links are resolved against `base` (the feed's own URL) and canonicalised;
    an entry without an http(s) link is left out. Bytes go to feedparser,
    never a string (given a string it may fetch a URL itself).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = feedparser.parse(bytes(body), response_headers={"content-location": base})
    out: list[Entry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _link(entry)
        if not link:
            continue
        try:
            url = canonical_url(link, base=base)
        except BadURL:
            continue
        if url in seen:
            continue
        seen.add(url)
        out.append(Entry(url, _title(entry), _date(entry)))
    return out


def _link(entry) -> str | None:
    link = entry.get("link")
    if link:
        return link
    for item in entry.get("links") or []:
        if item.get("href") and item.get("rel", "alternate") == "alternate":
            return item["href"]
    ident = entry.get("id") or ""
    return ident if ident.startswith(("http://", "https://")) else None


def _title(entry) -> str | None:
    title = entry.get("title")
    return " ".join(title.split()) or None if isinstance(title, str) else None


def _date(entry) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key in _DATE_KEYS:
            day = normalize_date(entry.get(key))
            if day:
                return day
    return None
