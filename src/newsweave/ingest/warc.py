"""WARC archives (warcio): each HTML response record an article, ``source#N``, its URL kept."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsweave.ingest.common import IngestError, Read, check_article, one_line, reject, size_label
from newsweave.ingest.decode import decode_bytes
from newsweave.ingest.markup import extract_page
from newsweave.model import RawArticle, Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# An HTML page may carry far more markup than text; past this multiple of the
# text limit a record is not read into memory.
MARKUP_FACTOR = 20
_HEAD_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"


def read_warc(data: bytes | BinaryIO, source: str, settings: Settings) -> Read:
    """Every HTML `response` (or `resource`) record of a WARC or WARC.gz as an article.

    `data` is the archive's bytes or a binary stream (large archives are read
    record by record). Records are numbered from 1 in archive order; a record
    that holds no article text is rejected as ``source#N``. A damaged archive
    keeps the records read before the damage and lists it as rejected.
    """
    stream = _open_archive(io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data)
    if stream is None:
        return reject(source, "malformed WARC: no WARC header at the start")
    records = _QuietArchiveIterator(stream)
    parts: list[Read] = []
    seen_html, n = False, 0
    try:
        for n, record in enumerate(records, start=1):
            page = _html_record(record)
            found = _record_article(record, page, f"{source}#{n}", settings) if page else Read()
            if _cut_short(record):
                return Read.join([*parts, reject(source, f"malformed WARC: truncated in record {n}")])
            seen_html = seen_html or page is not None
            parts.append(found)
    except Exception as exc:  # warcio raises many types for damaged archives; all mean the same here
        where = f" after record {n}" if n else ""
        return Read.join([*parts, reject(source, f"malformed WARC{where}: {one_line(exc) or type(exc).__name__}")])
    damage = _damage(records, stream, n, source)
    if not seen_html:
        empty = "no HTML response records in the WARC" if n else "no WARC records"
        return Read.join([*damage, reject(source, empty)])
    return Read.join([*parts, *damage])


def _open_archive(stream: BinaryIO) -> BinaryIO | None:
    """The archive's records as a plain stream, or None when it does not open like a WARC or ARC.

    Gzip is undone here rather than by warcio, which writes damage to stderr
    and reads on; `_GzipStream` remembers the damage for a rejection instead.
    """
    if not _starts_like_archive(stream):
        return None
    gzipped = stream.read(2) == _GZIP_MAGIC
    stream.seek(0)
    return _GzipStream(fileobj=stream) if gzipped else stream


def _damage(records: ArchiveIterator, stream: BinaryIO, n: int, source: str) -> list[Read]:
    """Rejections for damage that warcio read past: records of the wrong length, a cut gzip stream."""
    damage = []
    if records.err_count:
        wrong = records.err_count
        damage.append(reject(source, f"malformed WARC: {wrong} record(s) not of their declared length"))
    if getattr(stream, "cut_off", False):
        damage.append(reject(source, f"malformed WARC: the gzip stream is cut off after record {n}"))
    return damage


class _GzipStream(gzip.GzipFile):
    """A gzip stream that ends where the data is cut off and remembers it (`cut_off`).

    gzip raises EOFError there, which warcio silently takes for the archive's end.
    """

    cut_off = False

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(io.DEFAULT_BUFFER_SIZE), b""))
        try:
            return self.read1(size)  # one step at a time: `read` would lose what came before the cut
        except EOFError:
            self.cut_off = True
            return b""


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its multi-line stderr warning on a bad Content-Length.

    warcio writes ``INC_RECORD.format(...)`` to stderr and counts `err_count`;
    an empty template silences the write, and the count becomes a rejection.
    """

    INC_RECORD = ""


def _starts_like_archive(stream: BinaryIO) -> bool:
    """Whether the (possibly gzipped) stream opens with a WARC or ARC header; warcio reads any text as ARC."""
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def _cut_short(record) -> bool:
    """Whether the archive ended before the record's declared length (warcio yields such records)."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    return getattr(raw, "limit", 0) > 0


def _html_record(record) -> str | None:
    """The Content-Type of a successful HTML response or resource record, else None."""
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2"):
            return None
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return content_type if content_type.lower().startswith(_HTML_TYPES) else None


def _record_article(record, content_type: str, source: str, settings: Settings) -> Read:
    limit = settings.max_text_bytes * MARKUP_FACTOR
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return reject(source, f"HTML too large: over {size_label(limit)}")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    charset = _CHARSET.search(content_type)
    try:
        page = extract_page(decode_bytes(body, declared=True, hint=charset and charset.group(1)), url)
    except IngestError as exc:
        return reject(source, str(exc))
    article = RawArticle(
        id=None, path=source, text=page.text, title=page.title, outlet=page.outlet,
        url=url or page.url, author=page.author, published=page.published, extracted=True,
    )
    return check_article(article, source, settings)
