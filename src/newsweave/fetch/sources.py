"""What to watch: a text file of feed and page URLs (one a line, ``#`` comments), or an OPML file."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import lxml.etree

from newsweave.fetch.urls import BadURL, canonical_url


class SourcesError(ValueError):
    """A sources file that cannot be read; the message is the one-line reason."""


def read_sources(path: str | Path) -> list[str]:
    """The canonical URLs listed in the file at `path`, in order, each once.

    A text file has one URL a line; anything after ``#`` is a comment, and a
    line may carry words after its URL (a name). An OPML file (an ``<opml>``
    root) gives the ``xmlUrl`` of each outline, or its ``url`` for a link.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourcesError(f"cannot read {path}: {exc.strerror or exc}") from None
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    urls = opml_urls(data) if head.startswith((b"<?xml", b"<opml")) else text_urls(data.decode("utf-8", "replace"))
    out: list[str] = []
    for url in urls:
        try:
            url = canonical_url(url)
        except BadURL as exc:
            raise SourcesError(f"{path}: {exc}") from None
        if url not in out:
            out.append(url)
    if not out:
        raise SourcesError(f"{path}: no feed or page URLs in it")
    return out


def text_urls(text: str) -> list[str]:
    """The first word of each line that is not blank or a ``#`` comment."""
    words = (line.split() for line in text.splitlines())
    return [w[0] for w in words if w and not w[0].startswith("#")]


def opml_urls(data: bytes) -> list[str]:
    """The feed (``xmlUrl``) or link (``url``) of every outline in an OPML document."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise SourcesError(f"malformed OPML: {' '.join(str(exc).split())[:160]}") from None
    if root is None or lxml.etree.QName(root).localname.lower() != "opml":
        raise SourcesError("not an OPML document (no <opml> root)")
    urls = []
    for outline in root.iter("{*}outline", "outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url")
        if url and url.strip():
            urls.append(url.strip())
    return urls


class SourcesFile:
    """A sources file read afresh at every call (edits apply at the next round).

    While the file is broken (mid-edit, deleted) the last good list is kept and
    `warn` hears why; the first read must succeed (`SourcesError` otherwise).
    """

    def __init__(self, path: str | Path, warn: Callable[[str], None]) -> None:
        self.path = path
        self._warn = warn
        self._last = read_sources(path)

    def __call__(self) -> list[str]:
        try:
            self._last = read_sources(self.path)
        except SourcesError as exc:
            self._warn(f"{exc}; watching the last good list")
        return self._last
