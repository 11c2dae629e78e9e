"""The evidence: every HTTP exchange written to a WARC file beside the store, as it was received.

Each exchange becomes a `response` record (status line, headers, the body as
transferred, the fetch time as WARC-Date) followed by the `request` record
that asked for it. A page fetched for a feed entry also carries the entry's
title and date in two extra WARC headers, which `ingest.warc` reads back
where the page itself has none, so reading the WARC again gives the same
articles. Records are gzipped one by one and flushed to disk at once: a
process killed while writing leaves at most the last record cut short, which
readers report and skip. Each run writes its own file (``<store>-warc/``,
named by time and process), so a cut record never sits before later ones.
"""

from __future__ import annotations

import io
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.fetch.fetcher import Exchange
from newsweave.ingest.warc import ENTRY_PUBLISHED, ENTRY_TITLE
from newsweave.model import Archived

# A watch's WARC file is closed and a new one begun past this size, and each new day (UTC).
MAX_FILE_BYTES = 1_000_000_000
# Hop-by-hop framing that the stored body no longer has (httpx has undone the chunking).
_FRAMING = ("transfer-encoding",)


def warc_folder(db: str | Path) -> Path:
    """The folder beside the store `db` that holds its WARC files: ``news.db`` -> ``news-warc/``."""
    path = Path(db)
    return path.with_name(f"{path.stem}-warc")


class WarcRecorder:
    """Writes exchanges to one WARC file (created on the first record); thread-safe.

    Call it with an `Exchange` (the fetcher's recorder); it returns the
    `Archived` pointer to the response record. `notes` maps a URL to the feed
    entry's title and date, written with that page's record.
    """

    def __init__(self, folder: str | Path, prefix: str = "watch", max_bytes: int = MAX_FILE_BYTES) -> None:
        self.folder = Path(folder)
        self._prefix = prefix
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._file = None
        self._writer: WARCWriter | None = None
        self.path = self._new_path()
        self.notes: dict[str, tuple[str | None, str | None]] = {}

    def _new_path(self) -> Path:
        now = datetime.now(timezone.utc)
        self._day = now.date()
        return self.folder / f"{self._prefix}-{now.strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}.warc.gz"

    def rotate_if_full(self) -> None:
        """Start a new file when this one has grown past the size limit or was begun on an earlier day (UTC)."""
        with self._lock:
            if self._file is None:
                return
            if self._file.tell() < self._max_bytes and datetime.now(timezone.utc).date() == self._day:
                return
            self._file.close()
            self._file, self._writer = None, None
            self.path = self._new_path()

    def __call__(self, exchange: Exchange) -> Archived:
        with self._lock:
            writer = self._open()
            response = self._response_record(writer, exchange)
            offset = self._file.tell()
            writer.write_record(response)
            writer.write_record(self._request_record(writer, exchange, response))
            self._file.flush()
            os.fsync(self._file.fileno())
            return Archived(str(self.path), offset, response.rec_headers.get_header("WARC-Record-ID"),
                            response.rec_headers.get_header("WARC-Date"))

    def close(self) -> None:
        """Close the file (nothing is written until the first record)."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file, self._writer = None, None

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")
            self._writer = WARCWriter(self._file, gzip=True)
            self._writer.write_record(self._writer.create_warcinfo_record(
                self.path.name, {"software": "newsweave watch", "format": "WARC File Format 1.1",
                                 "description": "pages and feeds as newsweave fetched them"}))
        return self._writer

    def _response_record(self, writer: WARCWriter, exchange: Exchange):
        status = f"{exchange.status} {exchange.reason}".strip()
        headers = [(k, v) for k, v in exchange.headers if k.lower() not in _FRAMING]
        http = StatusAndHeaders(status, headers, protocol=_protocol(exchange.http_version))
        extra = {"WARC-Date": _warc_date(exchange.fetched_at)}
        title, published = self.notes.get(exchange.url, (None, None))
        if title:
            extra[ENTRY_TITLE] = " ".join(title.split())
        if published:
            extra[ENTRY_PUBLISHED] = published
        return writer.create_warc_record(exchange.url, "response", payload=io.BytesIO(exchange.raw),
                                         length=len(exchange.raw), http_headers=http, warc_headers_dict=extra)

    def _request_record(self, writer: WARCWriter, exchange: Exchange, response):
        target = exchange.url.split("/", 3)[3] if exchange.url.count("/") >= 3 else ""
        http = StatusAndHeaders(f"{exchange.method} /{target} {_protocol(exchange.http_version)}",
                                list(exchange.request_headers), is_http_request=True)
        extra = {"WARC-Date": response.rec_headers.get_header("WARC-Date"),
                 "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")}
        return writer.create_warc_record(exchange.url, "request", payload=io.BytesIO(b""), length=0,
                                         http_headers=http, warc_headers_dict=extra)


def _protocol(version: str) -> str:
    return version if version.startswith("HTTP/") else "HTTP/1.1"


def _warc_date(iso: str) -> str:
    return iso if iso.endswith("Z") else iso + "Z"
