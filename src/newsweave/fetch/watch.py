"""Rounds of a watch: poll the sources, fetch the pages their feeds list, add the articles to the store.

A round (`Watcher.run_round`):
1. fetches every source conditionally (a 304 costs nothing more); a feed's new
   entries are queued (with the entry's title and date) in the transaction
   that saves the feed's validators; a source that is a page is itself a page
   to read;
2. fetches the queued pages that are due, a batch at a time, keeps each in
   the WARC evidence, extracts it (trafilatura's text and metadata; the feed
   entry's title and date where the page has none), and hands the batch to
   `Store.ingest`, which skips stored content, marks copies and updates the
   stories it touches; only then do the pages leave the queue;
3. records what failed, per source, with its reason and when it is retried.

Nothing here raises for what the network or a page does; a round always ends
with its `RoundReport`.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from newsweave.fetch.evidence import WarcRecorder, warc_folder
from newsweave.fetch.feeds import feed_entries, is_feed
from newsweave.fetch.fetcher import FetchResult, Fetcher, FetchSettings
from newsweave.fetch.state import Queued, SourceError, WatchState
from newsweave.ingest.common import IngestError
from newsweave.ingest.decode import decode_http
from newsweave.ingest.markup import extract_page
from newsweave.model import Settings

BATCH = 32  # pages fetched and stored together: one ingest (and one re-analysis per story) each
_HTML_TYPES = ("text/html", "application/xhtml+xml")

FetchProgress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class RoundReport:
    """What one round did: answers fetched and unchanged, articles added, stories changed, what failed."""

    round: int
    fetched: int
    unchanged: int
    added: int
    skipped: int
    stories_changed: tuple[str, ...]
    errors: tuple[SourceError, ...]
    pending: int

    def summary(self) -> str:
        """The round on one line, as `newsweave watch` prints it."""
        n = len(self.errors)
        line = (f"round {self.round}: {self.added} new article{'s' * (self.added != 1)}, "
                f"{len(self.stories_changed)} stor{'y' if len(self.stories_changed) == 1 else 'ies'} changed, "
                f"{n} error{'s' * (n != 1)} ({self.fetched} fetched, {self.unchanged} unchanged")
        if self.skipped:
            line += f", {self.skipped} already stored"
        if self.pending:
            line += f", {self.pending} waiting for a retry"
        return line + ")"


@dataclass(frozen=True, slots=True)
class _Page:
    """A page fetched in this round, ready for the store (or its failure)."""

    queued: Queued
    result: FetchResult
    record: dict[str, Any] | None = None
    error: str | None = None
    give_up: bool = False


class Watcher:
    """Runs rounds over a store: its fetcher, its WARC evidence and its state (see the module docstring).

    `store` is a `newsweave.store.Store` on `db`; `models` and `settings` are
    what `Store.ingest` needs.
    """

    def __init__(self, db: str | Path, store: Any, models: Any, settings: Settings,
                 fetch_settings: FetchSettings = FetchSettings(), progress: FetchProgress = _quiet,
                 batch: int = BATCH, transport: Any = None) -> None:
        self.store, self.models, self.settings = store, models, settings
        self.state = WatchState(db)
        self.recorder = WarcRecorder(warc_folder(db))
        self.fetcher = Fetcher(fetch_settings, recorder=self.recorder, transport=transport)
        self.progress = progress
        self.batch = max(batch, 1)
        self._workers = max(fetch_settings.concurrency, 1)

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the fetcher, the WARC file and the state's connection."""
        self.fetcher.close()
        self.recorder.close()
        self.state.close()

    def run_round(self, sources: Sequence[str]) -> RoundReport:
        """One round over `sources` (canonical feed or page URLs); never raises for network or page trouble."""
        round_id = self.state.begin_round()
        self.recorder.rotate_if_full()
        errors: list[SourceError] = []
        held = {url: self.state.validators(url) for url in sources}  # read here: the connection stays on this thread
        results = self._fetch_all(list(sources), "sources", lambda url: self.fetcher.fetch(
            url, held[url].etag, held[url].last_modified))
        fetched = unchanged = 0
        direct: list[Queued] = []
        pages: list[_Page] = []
        for url, result in zip(sources, results):
            if result.not_modified:
                unchanged += 1
                self.state.save_unchanged(url, result.fetched_at)
            elif not result.ok:
                errors.append(self._failed(round_id, url, url, result.error or "failed"))
            elif is_feed(result.body, result.final_url or url):
                fetched += 1
                try:
                    entries = feed_entries(result.body, result.final_url or url)
                except Exception as exc:  # feedparser promises never to raise, yet does on some damage
                    errors.append(self._failed(round_id, url, url, f"malformed feed: {type(exc).__name__}"))
                    continue
                self.state.save_feed(url, result.status or 200, result.etag, result.last_modified, result.fetched_at,
                                     [Queued(e.url, url, e.title, e.published) for e in entries])
            else:
                fetched += 1
                direct.append(Queued(url, url, None, None))
                pages.append(self._prepared(Queued(url, url, None, None), result))
        added = skipped = 0
        stories: set[str] = set()
        tried: set[str] = set()
        if pages:  # sources that are pages: read now, stored with the first batch
            a, s, changed = self._store(round_id, pages, errors)
            added, skipped = added + a, skipped + s
            stories.update(changed)
            tried.update(q.url for q in direct)
        while True:
            batch = [q for q in self.state.due(self.batch + len(tried)) if q.url not in tried][: self.batch]
            if not batch:
                break
            tried.update(q.url for q in batch)
            for q in batch:
                self.recorder.notes[q.url] = (q.title, q.published)
            results = self._fetch_all([q.url for q in batch], "pages", lambda url: self.fetcher.fetch(url))
            for q in batch:
                self.recorder.notes.pop(q.url, None)
            fetched += sum(1 for r in results if r.ok)
            a, s, changed = self._store(round_id, [self._prepared(q, r) for q, r in zip(batch, results)], errors)
            added, skipped = added + a, skipped + s
            stories.update(changed)
        self.state.finish_round(round_id, fetched, unchanged, added, stories, len(errors))
        return RoundReport(round_id, fetched, unchanged, added, skipped, tuple(sorted(stories)), tuple(errors),
                           self.state.pending())

    def _fetch_all(self, urls: list[str], stage: str, fetch: Callable[[str], FetchResult]) -> list[FetchResult]:
        """`fetch` of every URL, several at once (the fetcher keeps each host polite), in the order given."""
        if not urls:
            return []
        done = 0
        out: list[FetchResult] = []
        with ThreadPoolExecutor(max_workers=min(self._workers, len(urls))) as pool:
            for result in pool.map(fetch, urls):
                out.append(result)
                done += 1
                self.progress(stage, done, len(urls))
        return out

    def _prepared(self, queued: Queued, result: FetchResult) -> _Page:
        """The page's input for the store (a JSONL-shaped record), or why there is none."""
        if result.not_modified:
            return _Page(queued, result)
        if not result.ok:
            return _Page(queued, result, error=result.error or "failed")
        media = result.content_type.split(";", 1)[0].strip().lower()
        if media not in _HTML_TYPES:
            return _Page(queued, result, error=f"not an HTML page ({media or 'no Content-Type'})", give_up=True)
        url = result.exchanges[-1].url
        try:
            html = decode_http(result.body, result.content_type)
            page = extract_page(html, url)
        except IngestError as exc:
            return _Page(queued, result, error=str(exc), give_up=True)
        archived = result.records[-1] if result.records else None
        record = {"html": html, "url": url, "title": page.title or queued.title,
                  "published": page.published or queued.published}
        if archived is not None:
            record["archived"] = archived.to_dict()
        return _Page(queued, result, record=record)

    def _store(self, round_id: int, pages: list[_Page], errors: list[SourceError]) -> tuple[int, int, list[str]]:
        """Add the batch's articles to the store, then mark its pages done; (added, skipped, stories changed)."""
        for p in pages:
            if p.error is not None:
                errors.append(self._failed(round_id, p.queued.source, p.queued.url, p.error, p.give_up,
                                           p.result.status))
        ready = [p for p in pages if p.record is not None]
        report = None
        if ready:
            report = self.store.ingest([p.record for p in ready], self.models, self.settings)
            for rej in report.rejected:
                errors.append(self._failed(round_id, "store", rej.path, rej.reason, True))
        done = [p for p in pages if p.record is not None or p.result.not_modified]
        rows = []
        for p in done:
            r = p.result
            archived = r.records[-1] if r.records and r.ok else None
            for url in {p.queued.url, r.final_url or p.queued.url}:
                rows.append((url, r.status or 0, r.etag, r.last_modified, r.fetched_at, archived))
        self.state.save_pages(rows)
        if report is None:
            return 0, 0, []
        self.state.touch_stories(report.stories_updated)
        return report.added, report.skipped, list(report.stories_updated)

    def _failed(self, round_id: int, source: str, url: str, reason: str, give_up: bool = False,
                status: int | None = None) -> SourceError:
        if source != "store":
            self.state.save_failure(url, reason, status, give_up=give_up)
        self.state.save_error(round_id, source, url, reason)
        return SourceError(source, url, reason)


def parse_interval(text: str) -> float:
    """Seconds in an interval written ``90``, ``30s``, ``10m``, ``1h`` or ``1d``; `ValueError` otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match:
        raise ValueError(f"not an interval: {text!r} (write 30s, 10m, 1h)")
    seconds = float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if seconds <= 0:
        raise ValueError(f"the interval must be positive: {text!r}")
    return seconds


def watch(sources: Callable[[], Sequence[str]], watcher: Watcher, every: float, once: bool,
          report: Callable[[RoundReport], None], sleep: Callable[[float], None] = time.sleep,
          failed: Callable[[Exception], None] | None = None) -> int:
    """Run rounds every `every` seconds (one with `once`), reading `sources()` afresh each time; rounds run.

    A round that fails outright (the disk full, the store locked for too
    long) is passed to `failed` and the watch goes on with the next round;
    with `once`, or without `failed`, the error is raised.
    """
    rounds = 0
    while True:
        started = time.monotonic()
        try:
            report(watcher.run_round(list(sources())))
        except Exception as exc:
            if once or failed is None:
                raise
            failed(exc)
        rounds += 1
        if once:
            return rounds
        sleep(max(every - (time.monotonic() - started), 0.0))
