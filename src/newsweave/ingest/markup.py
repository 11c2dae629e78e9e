"""HTML to text: whole pages through trafilatura, feed fragments through lxml."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from newsweave.ingest.common import IngestError, one_line
from newsweave.ingest.dates import normalize_date

# htmldate inside trafilatura: markup and metadata only (`extensive_search` would also take
# dates from the page text, where a scrape banner can sit); the original date over the updated one.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
# libxml2 stops nesting elements at 255 levels by default (trafilatura's parse then
# loses everything deeper); with its "huge" option at about 2,000 (`MAX_DEPTH`).
DEFAULT_DEPTH = 255
MAX_DEPTH = 2_000


@dataclass(frozen=True, slots=True)
class Extracted:
    """The main text of a page, paragraphs one per line, and the metadata found in its markup."""

    text: str
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    published: str | None


def extract_page(html: str, url: str | None = None) -> Extracted:
    """The main text and metadata of one HTML page, by trafilatura.

    Tries the default settings first and, when they find no main text (short
    pages fall under trafilatura's minimum size), again favouring recall.
    Raises `IngestError` when neither finds any text.

    A page nested deeper than libxml2's default limit (255 levels) is parsed
    again without that limit, up to `MAX_DEPTH`; deeper still, the reason says so.
    """
    for recall in (False, True):
        found = _extracted(_bare_extraction(html, url, recall), url)
        if found:
            return found
    depth = _nesting_depth(html)
    if depth >= DEFAULT_DEPTH:
        for recall in (False, True):
            found = _extracted(_bare_extraction(_deep_tree(html), url, recall), url)
            if found:
                return found
        if depth >= MAX_DEPTH:
            raise IngestError(f"HTML nested deeper than {MAX_DEPTH:,} levels: the parser drops what lies deeper")
    raise IngestError("no article text found in the HTML")


def _extracted(doc, url: str | None) -> Extracted | None:
    if doc is None or not (doc.text or "").strip():
        return None
    return Extracted(
        text=_tidy_lines(doc.text),
        title=_clean(doc.title),
        outlet=_clean(doc.sitename),
        author=_clean(doc.author),
        url=_clean(doc.url) or url,
        published=normalize_date(doc.date),
    )


def _deep_tree(html: str):
    """The page parsed with libxml2's "huge" option (nesting up to about 2,000 levels)."""
    try:
        return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise IngestError(f"malformed HTML: {one_line(exc)}") from None


def _nesting_depth(html: str) -> int:
    """How deep the page's elements nest, as libxml2 parses it without a depth limit (capped near `MAX_DEPTH`)."""
    try:
        root = _deep_tree(html)
    except IngestError:
        return 0
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def _bare_extraction(html: str, url: str | None, recall: bool):
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=recall, date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, lxml.etree.LxmlError, RecursionError) as exc:
        raise IngestError(f"malformed HTML: {one_line(exc)}") from None


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block element.

    Hand-written over lxml because trafilatura treats a short fragment as a
    page and may discard it as boilerplate; a feed entry is all content.
    """
    if "<" not in fragment and "&" not in fragment:
        return _tidy_lines(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return _tidy_lines(re.sub(r"<[^>]*>", " ", fragment))
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return _tidy_lines("".join(parts))


def _walk(node, parts: list[str]) -> None:
    block = isinstance(node.tag, str) and node.tag.lower() in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if isinstance(node.tag, str) and node.text:
        parts.append(node.text)
    for child in node:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _tidy_lines(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None
