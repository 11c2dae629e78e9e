"""Metadata from the text itself, when the input has none: title, outlet, author, date.

Read from the lines `clean` removed (bylines, source lines, signatures,
footers, date banners) and from the cleaned text (headline, dates mentioned).
The input's own metadata always wins; the text only fills what is missing.

The publication date: an explicit "Published/Updated on: <date>" stamp is
preferred; a bare date line (a page banner) is accepted only when it is not
years after every date the article itself mentions, because sites print the
day of the visit at the top of the page and scrapers keep it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

import dateparser

from newsweave.clean import BANNER, BYLINE, DATE_EXPR, FOOTER, CleanText, is_headline_like, words
from newsweave.model import RawArticle


@dataclass(frozen=True, slots=True)
class Metadata:
    """An article's title, outlet, author and publication date, and where the date came from."""

    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_from: Literal["metadata", "text", "inferred"] | None


def infer_metadata(raw: RawArticle, cleaned: CleanText) -> Metadata:
    """The input's own metadata, completed from the raw and cleaned text where it is missing.

    Limits: the outlet comes only from explicit signals (source line, desk
    byline, signature, footer domain, URL), never from the writing style; a
    date without a year is not a publication date (the timeline stage infers
    those from weekdays).
    """
    title = raw.title or infer_title(cleaned)
    outlet = raw.outlet or infer_outlet(cleaned, raw.url)
    author = raw.author or infer_author(cleaned)
    if raw.published:
        return Metadata(title, outlet, author, raw.published, "metadata")
    published = infer_published(cleaned)
    return Metadata(title, outlet, author, published, "text" if published else None)


# --- title ---------------------------------------------------------------------------------


def infer_title(cleaned: CleanText) -> str | None:
    """The first line of the cleaned text when it has a headline's shape (None for a text that starts with prose).

    `clean` already dropped repeated and glued copies of the headline, so the
    first kept line is the headline once.
    """
    lines = cleaned.text.split("\n")
    if len(lines) < 2 or not is_headline_like(lines[0]):
        return None
    return lines[0]


# --- outlet --------------------------------------------------------------------------------

_SOURCE_LINE = re.compile(r"^[*•·\-–—\s]*(?:source|sources|via|agency|credit)\s*:\s*(.+?)\s*\.?$", re.I)
_DESK = re.compile(
    r"^(?:[*•·\-–—\s]*by\s*:?\s*)?((?:[A-Z0-9][\w&.'’-]*\s+){1,5}?)(?:news\s+|web\s+|digital\s+|online\s+)?desk\b",
    re.I,
)
_SIGNATURE_OUTLET = re.compile(
    r"\b(?i:editor(?:-in-chief)?|reporter|correspondent|writer|contributor|columnist|journalist|producer)"
    r"\s+(?:of|for|at|with)\s+(?:the\s+)?((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&)){0,6})"
)
_DOMAIN = re.compile(r"\b((?:[a-z0-9-]+\.)+(?:com|net|org|co\.uk|co\.in|in|info|news|tv|io|co|us|uk|ca|au))\b", re.I)


def infer_outlet(cleaned: CleanText, url: str | None) -> str | None:
    """The outlet named by the page: a "Source: X" line, an "X News Desk" byline, an author's
    signature ("editor of X Magazine"), a footer's domain, the URL's domain, or else the
    agency credited in the first paragraph's dateline ("KABUL, Sept 5 (Reuters) -")."""
    removed = [f.text for f in cleaned.lines if f.reason in (BYLINE, FOOTER)]
    for finder in (_from_source_line, _from_desk, _from_signature, _from_footer):
        for line in removed:
            found = finder(line)
            if found:
                return found
    return domain_of(url) or _from_dateline(cleaned.text)


_DATELINE_CREDIT = re.compile(r"^[A-Z][\w.,'’ -]{1,60}?\(\s*([A-Z][\w&.'’ ]{0,30}?)\s*\)\s*[-—–:]")


def _from_dateline(text: str) -> str | None:
    """The agency in parentheses of a dateline that opens one of the first paragraphs."""
    for line in text.split("\n")[:3]:
        m = _DATELINE_CREDIT.match(line)
        if m and len(words(m.group(1))) <= 4:
            return m.group(1)
    return None


def _from_source_line(line: str) -> str | None:
    """"Source: Some Agency" -> the named source, when short and not a URL."""
    m = _SOURCE_LINE.match(line)
    if not m or len(words(m.group(1))) > 6:
        return None
    name = m.group(1).strip(" .,;")
    return domain_name(name) if _DOMAIN.fullmatch(name) else name or None


def _from_desk(line: str) -> str | None:
    """"X News Desk" in a byline -> X (the desk is the outlet's own staff)."""
    m = _DESK.search(line)
    if not m:
        return None
    name = m.group(1).strip()
    return name if name and name[0].isupper() else None


def _from_signature(line: str) -> str | None:
    """"... Editor-in-chief of X Magazine" in an author's signature -> X Magazine."""
    m = _SIGNATURE_OUTLET.search(line)
    return re.split(r"[.,;:]\s", m.group(1))[0].strip(" .,;") if m else None


def _from_footer(line: str) -> str | None:
    """"Read all the news on example.com" in a footer -> example.com."""
    m = _DOMAIN.search(line)
    return domain_name(m.group(1)) if m else None


def domain_of(url: str | None) -> str | None:
    """The host of a URL without "www." (None without a URL)."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    return domain_name(host) if host else None


def domain_name(host: str) -> str:
    """A host name as an outlet name: lower case, without a leading "www."."""
    host = host.casefold()
    return host[4:] if host.startswith("www.") else host


# --- author --------------------------------------------------------------------------------

_BY_NAME = re.compile(
    r"^(?:[*•·\-–—\s]*)(?:by|written by|author|authors|reporter)\s*:?\s+"
    r"((?:[A-Z][\w.'’-]+)(?:\s+(?:[A-Z][\w.'’-]+|van|von|de|da|al|bin|and)){0,4})",
    re.I,
)
_NAME = re.compile(r"^(?:[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){1,3}$")
_NOT_PERSON = re.compile(r"\b(?:desk|staff|news|agency|bureau|team|editorial|correspondents?)\b", re.I)


def infer_author(cleaned: CleanText) -> str | None:
    """The author from a "By X" byline or from a signature (a name line above a bio); desks and staff are not authors."""
    fates = cleaned.lines
    for fate in fates:
        if fate.reason != BYLINE:
            continue
        m = _BY_NAME.match(fate.text)
        if m and m.group(1)[0].isupper() and not _NOT_PERSON.search(m.group(1)):
            return m.group(1).strip(" .,;")
    for k in range(len(fates) - 1):
        name, bio = fates[k], fates[k + 1]
        if name.reason == BYLINE and bio.reason == BYLINE and _NAME.match(name.text):
            if bio.text.split()[0] == name.text.split()[0] and not _NOT_PERSON.search(name.text):
                return name.text
    return None


# --- publication date -----------------------------------------------------------------------

_PUBLISHED = re.compile(r"\b(?:published|posted|first published|created|date)\b\s*(?:on|at)?\s*:?\s*$", re.I)
_UPDATED = re.compile(r"\b(?:updated|last updated|modified|last modified)\b\s*(?:on|at)?\s*:?\s*$", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
# A banner date is accepted up to this many years after the latest year the article mentions.
BANNER_SLACK_YEARS = 1
# How far into a line an unremoved "Published: <date>" stamp may sit (a page header scraped into the text).
HEADER_CHARS = 400


def infer_published(cleaned: CleanText) -> str | None:
    """The publication date (YYYY-MM-DD) the text states, or None.

    In order of trust: a "Published/Posted: <date>" stamp, an "Updated on: <date>"
    stamp, a date in a byline or a date line under the headline, then a date
    line above the headline (banner), the last only when not later than every
    year the article mentions by more than `BANNER_SLACK_YEARS` (a scrape-date
    banner sits years after the story).
    """
    published, updated, byline, banner = [], [], [], []
    for fate in cleaned.lines:
        stamp = fate.reason in (BYLINE, BANNER)
        # Elsewhere only a labelled stamp near the start counts ("published: 13 jul 2016" in a
        # scraped blob); "the report, published on March 3" in a paragraph is an event.
        for m in DATE_EXPR.finditer(fate.text if stamp else fate.text[:HEADER_CHARS]):
            before = fate.text[max(0, m.start() - 40): m.start()]
            if not stamp and not before.rstrip().endswith(":"):
                continue
            day = parse_date(m.group(0))
            if day is None:
                continue
            if _PUBLISHED.search(before):
                published.append(day)
            elif _UPDATED.search(before):
                updated.append(day)
            elif fate.reason == BYLINE:
                byline.append(day)
            elif fate.reason == BANNER:
                banner.append(day)
    byline.extend(_datelines(cleaned.text))
    for group in (published, updated, byline):
        if group:
            return min(group).isoformat()
    latest = latest_year_mentioned(cleaned.text)
    for day in banner:
        if latest is None or day.year <= latest + BANNER_SLACK_YEARS:
            return day.isoformat()
    return None


_DATELINE = re.compile(r"^(?:[A-Z][\w.'’ -]{1,40},\s*)?")


def _datelines(text: str) -> list[date]:
    """Dates that open one of the first paragraphs ("Tuesday, January 18, 2005 Through a telethon ...")."""
    out = []
    for line in text.split("\n")[:3]:
        start = _DATELINE.match(line).end()
        m = DATE_EXPR.match(line, start)
        # A dateline is followed by a dash, a bracket or a new sentence, not by a verb ("2001 changed ...").
        if m and re.match(r"\s*(?:$|[—–:(|-]|[A-Z])", line[m.end():]):
            day = parse_date(m.group(0))
            if day:
                out.append(day)
    return out


def parse_date(expression: str) -> date | None:
    """A full date (day, month and year) from one date expression, with dateparser; None otherwise."""
    parsed = dateparser.parse(
        expression,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
    )
    return parsed.date() if parsed else None


def latest_year_mentioned(text: str) -> int | None:
    """The latest year (1800-2099) the text mentions, in full dates or alone; None when it names none."""
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    return max(years) if years else None
