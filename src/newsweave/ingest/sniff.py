"""Which reader an input needs: by its name where that is clear, else by its first bytes."""

from __future__ import annotations

import re
import zlib

from newsweave.ingest.decode import binary_kind, bom_encoding

TEXT, HTML, JSON, JSONL, FEED, WARC = "text", "html", "json", "jsonl", "feed", "warc"  # the readers
GZIP, BINARY = "gzip", "binary"  # no reader: unpacked first, or rejected

_EXTENSIONS = {
    ".txt": TEXT, ".text": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML,
    ".json": JSON, ".jsonl": JSONL, ".ndjson": JSONL,
    ".xml": FEED, ".rss": FEED, ".atom": FEED, ".feed": FEED, ".rdf": FEED,
    ".warc": WARC, ".arc": WARC,
}
# Every file name ending a reader is chosen by (a compressed WARC keeps its name).
ACCEPTED_SUFFIXES = (*_EXTENSIONS, ".warc.gz")
_GZIP_MAGIC = b"\x1f\x8b"
_PROLOG = r"\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<\?[^>]*>)\s*)*"
_FEED_ROOT = re.compile(_PROLOG + r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(
    _PROLOG + r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|h1|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_HEAD_BYTES = 4096


def suffix_of(name: str) -> str:
    """The lower-case extension that names the format, looking through a trailing ``.gz``."""
    lower = name.lower().removesuffix(".gz")
    dot = lower.rfind(".")
    return lower[dot:] if dot > lower.rfind("/") and dot >= 0 else ""


def detect_format(name: str, data: bytes) -> str:
    """The reader for `data` read from a file called `name` (one of the constants above).

    The extension decides for JSON and WARC. A document whose root element is
    an RSS/Atom feed is a feed whatever its name; other extensions decide next;
    an unknown extension is settled by content (WARC header, HTML markup, a
    JSON opening bracket, else plain text).
    """
    if data.startswith(_GZIP_MAGIC):
        return WARC if _gunzip_head(data).startswith(b"WARC/") else GZIP
    if binary_kind(data):
        return BINARY
    by_name = _EXTENSIONS.get(suffix_of(name))
    if by_name in (JSON, JSONL, WARC):
        return by_name
    head = _text_head(data)
    if _FEED_ROOT.match(head):
        return FEED
    if by_name == FEED:
        return HTML if _HTML_START.match(head) else FEED
    if by_name:
        return by_name
    if head.startswith("WARC/"):
        return WARC
    if _HTML_START.match(head):
        return HTML
    if head[:1] in ("{", "["):
        return JSON
    return TEXT


def _text_head(data: bytes) -> str:
    encoding = bom_encoding(data) or "utf-8"
    return data[:_HEAD_BYTES].decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[:_HEAD_BYTES], 64)
    except zlib.error:
        return b""
