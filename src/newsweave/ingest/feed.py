"""RSS and Atom feeds (feedparser): each entry an article, ``source#N``."""

from __future__ import annotations

import re
import warnings
import xml.sax
from typing import Any

import feedparser

from newsweave.ingest.common import Read, check_article, one_line, reject
from newsweave.ingest.dates import normalize_date
from newsweave.ingest.decode import bom_encoding
from newsweave.ingest.markup import fragment_to_text
from newsweave.model import RawArticle, Settings

_ENTRY_END = re.compile(r"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")


def read_feed(data: bytes, source: str, settings: Settings) -> Read:
    """Every entry of the feed in `data`: content (or summary) as text, date, link, author.

    The feed's own title stands in for an entry's outlet. A feed cut short
    keeps the entries read before the break and lists the break as rejected.
    Bytes, never a string, go to feedparser: given a string it may fetch a URL.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # feedparser's own updated/published notice
            parsed = feedparser.parse(bytes(data))
    except Exception as exc:  # feedparser promises never to raise, yet does on some damage (NUL in the prolog)
        return reject(source, f"malformed feed: {type(exc).__name__}: {one_line(exc)}")
    broken = _parse_error(parsed)
    if not parsed.entries:
        if not parsed.get("version"):
            return reject(source, "not an RSS/Atom feed")
        return reject(source, broken or "feed has no entries")
    outlet = _text_of(parsed.feed, "title")
    whole = _closed_entries(data) if broken else len(parsed.entries)
    parts = [
        _entry(entry, f"{source}#{n}", outlet, settings) if n <= whole
        else reject(f"{source}#{n}", "entry cut off where the feed breaks")
        for n, entry in enumerate(parsed.entries, start=1)
    ]
    if broken:
        kept = min(whole, len(parsed.entries))
        parts.append(reject(source, f"{broken} (kept {kept} whole {'entry' if kept == 1 else 'entries'})"))
    return Read.join(parts)


def _closed_entries(data: bytes) -> int:
    """How many entries the raw feed closes: in a damaged feed, entries past that were cut off."""
    encoding = bom_encoding(data) or "utf-8"
    return len(_ENTRY_END.findall(data.decode(encoding, errors="replace")))


def _entry(entry: Any, source: str, outlet: str | None, settings: Settings) -> Read:
    text = _entry_text(entry)
    if not text:
        return reject(source, "feed entry without content or summary")
    source_feed = entry.get("source") or {}
    article = RawArticle(
        id=None, path=source, text=text, title=_text_of(entry, "title"),
        outlet=_text_of(source_feed, "title") or outlet,
        url=entry.get("link") or None, author=_author(entry), published=_date(entry),
    )
    return check_article(article, source, settings)


def _entry_text(entry: Any) -> str:
    details = list(entry.get("content") or [])
    if not details and entry.get("summary_detail"):
        details = [entry["summary_detail"]]
    texts = [_detail_text(d) for d in details]
    return max(texts, key=len, default="")


def _detail_text(detail: Any) -> str:
    value = detail.get("value") or ""
    if detail.get("type") == "text/plain":
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return fragment_to_text(value)


def _text_of(container: Any, key: str) -> str | None:
    detail = container.get(f"{key}_detail")
    value = _detail_text(detail) if detail else container.get(key)
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _author(entry: Any) -> str | None:
    name = (entry.get("author_detail") or {}).get("name") or entry.get("author")
    if not isinstance(name, str):
        return None
    return " ".join(name.split()) or None


def _date(entry: Any) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # feedparser maps updated to published
        for key in _DATE_KEYS:
            day = normalize_date(entry.get(key))
            if day:
                return day
    return None


def _parse_error(parsed: Any) -> str | None:
    """A one-line description of a parse error that lost content; None for harmless warnings."""
    exc = parsed.get("bozo_exception")
    if not (parsed.get("bozo") and isinstance(exc, xml.sax.SAXException)):
        return None
    if isinstance(exc, xml.sax.SAXParseException):
        where = f" at line {exc.getLineNumber()} column {exc.getColumnNumber()}"
        return f"malformed feed: {one_line(exc.getMessage())}{where}"
    return f"malformed feed: {one_line(exc)}"
