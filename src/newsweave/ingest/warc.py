"""WARC archives (warcio): each HTML response record an article, ``source#N``, its URL kept."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import replace
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsweave.ingest.common import IngestError, Read, check_article, one_line, reject, size_label
from newsweave.ingest.decode import decode_http
from newsweave.ingest.markup import extract_page
from newsweave.ingest.dates import normalize_date
from newsweave.model import Archived, RawArticle, Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# An HTML page may carry far more markup than text; past this multiple of the
# text limit a record is not read into memory.
MARKUP_FACTOR = 20
_HEAD_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"
# WARC headers `newsweave watch` adds to a page's response record: the feed entry's title and date.
ENTRY_TITLE, ENTRY_PUBLISHED = "Newsweave-Entry-Title", "Newsweave-Entry-Published"


def read_warc(data: bytes | BinaryIO, source: str, settings: Settings) -> Read:
    """Every HTML `response` (or `resource`) record of a WARC or WARC.gz as an article.

    `data` is the archive's bytes or a binary stream (large archives are read
    record by record). Records are numbered from 1 in archive order; a record
    that holds no article text is rejected as ``source#N``. A damaged archive
    keeps the records read before the damage and lists it as rejected.
    """
    raw = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    stream = _open_archive(raw)
    members = _member_offsets(raw) if isinstance(stream, _GzipStream) else None
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
            if found.articles:
                offset = records.get_record_offset() if members is None else \
                    (members[n - 1] if n <= len(members) else None)
                found = _archived(found, record, source, offset)
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


def _archived(found: Read, record, source: str, offset: int | None) -> Read:
    """The record's article pointing at the record (file, byte offset, WARC-Record-ID, WARC-Date)."""
    if offset is None:
        return found
    archived = Archived(source, offset, record.rec_headers.get_header("WARC-Record-ID"),
                        record.rec_headers.get_header("WARC-Date"))
    return Read(tuple(replace(a, archived=archived) for a in found.articles), found.rejected)


def _member_offsets(stream: BinaryIO) -> list[int]:
    """Where each gzip member of `stream` starts: a WARC written record by record has one per record.

    warcio reads the archive here through a decompressed stream, whose
    positions are not those of the file; a record's offset in the file is its
    member's. Stops at the first damage (later records get no offset).
    """
    offsets: list[int] = []
    start = 0
    try:
        while True:
            stream.seek(start)
            if stream.read(2) != _GZIP_MAGIC:
                break
            stream.seek(start)
            offsets.append(start)
            inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            pos = start
            while not inflater.eof:
                chunk = stream.read(65536)
                if not chunk:
                    return offsets
                pos += len(chunk)
                out = inflater.decompress(chunk, 65536)
                while inflater.unconsumed_tail and not inflater.eof:
                    out = inflater.decompress(inflater.unconsumed_tail, 65536)
                del out
            start = pos - len(inflater.unused_data)
    except (OSError, zlib.error):
        pass
    finally:
        stream.seek(0)
    return offsets


def _record_article(record, content_type: str, source: str, settings: Settings) -> Read:
    limit = settings.max_text_bytes * MARKUP_FACTOR
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return reject(source, f"HTML too large: over {size_label(limit)}")
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    try:
        page = extract_page(decode_http(body, content_type), url)
    except IngestError as exc:
        return reject(source, str(exc))
    # A page fetched from a feed (`newsweave watch`) carries the entry's title and date, used where the page has none.
    entry_title = record.rec_headers.get_header(ENTRY_TITLE) or None
    entry_date = normalize_date(record.rec_headers.get_header(ENTRY_PUBLISHED))
    article = RawArticle(
        id=None, path=source, text=page.text, title=page.title or entry_title, outlet=page.outlet,
        url=url or page.url, author=page.author, published=page.published or entry_date, extracted=True,
    )
    return check_article(article, source, settings)
