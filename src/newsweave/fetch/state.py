"""What the watch remembers between rounds, in its own tables of the store's SQLite file.

- ``watch_urls``: per canonical URL, the validators of the last answer (ETag,
  Last-Modified) for conditional GET, whether its article is stored (`done`),
  the WARC record of the page, and the failures: count, last reason, when to
  try again.
- ``watch_queue``: pages a feed listed that are not stored yet, with the
  entry's title and date. A feed's validators are saved in the same
  transaction as its entries, and a page leaves the queue only once its
  article is in the store, so a round killed at any moment loses nothing: the
  next round takes up the queue where it stopped.
- ``watch_rounds`` and ``watch_errors``: one row per round (counts) and one
  per source or page that failed in it.
- ``watch_story_updates``: when each story last gained articles (the web app
  sorts by it and marks what changed since the last visit).

Its own connection, WAL mode, short transactions; the store's tables are never touched.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from newsweave.model import Archived
from newsweave.sqlite import Transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_urls (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    status INTEGER,
    fetched_at TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    warc_file TEXT,
    warc_offset INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    retry_at REAL
);
CREATE TABLE IF NOT EXISTS watch_queue (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT,
    published TEXT,
    added_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_rounds (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    fetched INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    stories_changed INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS watch_errors (
    round INTEGER NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_story_updates (story_id TEXT PRIMARY KEY, updated_at REAL NOT NULL)
"""
# A page that keeps failing is tried again after 2, 4, 8, ... minutes, at most a day apart,
# and given up after this many failures (its reason stays recorded).
RETRY_BASE = 120.0
RETRY_MAX = 86400.0
MAX_FAILURES = 8


@dataclass(frozen=True, slots=True)
class Queued:
    """A page waiting to be fetched: its URL, the feed that listed it, and the entry's title and date."""

    url: str
    source: str
    title: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends back: the last answer's ETag and Last-Modified."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class RoundInfo:
    """One finished (or interrupted) round, for the status display."""

    id: int
    started: float
    finished: float | None
    fetched: int
    unchanged: int
    added: int
    stories_changed: int
    errors: int


@dataclass(frozen=True, slots=True)
class SourceError:
    """A source or page that failed in a round, and why."""

    source: str
    url: str
    reason: str


class WatchState:
    """The watch's tables in the store's file (see the module docstring)."""

    def __init__(self, db: str | Path) -> None:
        self._db = sqlite3.connect(str(db), timeout=30.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._tx():
            for statement in (s.strip() for s in _SCHEMA.split(";")):
                if statement:
                    self._db.execute(statement)

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close this connection."""
        self._db.close()

    def _tx(self):
        return Transaction(self._db)

    # -- per URL -------------------------------------------------------------------------------

    def validators(self, url: str) -> Validators:
        """The ETag and Last-Modified to send for `url` (None, None when it was never fetched whole)."""
        row = self._db.execute("SELECT etag, last_modified FROM watch_urls WHERE url = ?", (url,)).fetchone()
        return Validators(*row) if row else Validators(None, None)

    def is_done(self, url: str) -> bool:
        """Whether the page at `url` is stored already (or was given up)."""
        row = self._db.execute("SELECT done FROM watch_urls WHERE url = ?", (url,)).fetchone()
        return bool(row and row[0])

    def save_feed(self, url: str, status: int, etag: str | None, last_modified: str | None, fetched_at: str | None,
                  entries: Iterable[Queued]) -> int:
        """Record a feed's answer and queue its entries not stored or queued yet, in one transaction; how many."""
        added = 0
        with self._tx():
            self._upsert(url, status=status, etag=etag, last_modified=last_modified, fetched_at=fetched_at,
                         failures=0, reason=None, retry_at=None)
            for e in entries:
                done = self._db.execute("SELECT done FROM watch_urls WHERE url = ?", (e.url,)).fetchone()
                if done and done[0]:
                    continue
                cur = self._db.execute("INSERT OR IGNORE INTO watch_queue VALUES (?, ?, ?, ?, ?)",
                                       (e.url, e.source, e.title, e.published, time.time()))
                added += cur.rowcount
        return added

    def save_unchanged(self, url: str, fetched_at: str | None) -> None:
        """A 304: the copy held is current."""
        with self._tx():
            self._upsert(url, status=304, fetched_at=fetched_at, failures=0, reason=None, retry_at=None)

    def due(self, limit: int | None = None) -> list[Queued]:
        """Queued pages whose retry time has come, oldest first."""
        now = time.time()
        rows = self._db.execute(
            "SELECT q.url, q.source, q.title, q.published FROM watch_queue q LEFT JOIN watch_urls u ON u.url = q.url"
            " WHERE u.retry_at IS NULL OR u.retry_at <= ? ORDER BY q.added_at, q.rowid LIMIT ?",
            (now, -1 if limit is None else int(limit))).fetchall()
        return [Queued(*r) for r in rows]

    def pending(self) -> int:
        """How many pages wait in the queue (due or not)."""
        return int(self._db.execute("SELECT COUNT(*) FROM watch_queue").fetchone()[0])

    def save_pages(self, pages: Iterable[tuple[str, int, str | None, str | None, str | None, Archived | None]]) -> None:
        """Pages whose articles are now stored: (url, status, etag, last modified, fetch time, WARC record)."""
        with self._tx():
            for url, status, etag, last_modified, fetched_at, archived in pages:
                self._upsert(url, status=status, etag=etag, last_modified=last_modified, fetched_at=fetched_at,
                             done=1, failures=0, reason=None, retry_at=None,
                             warc_file=archived.file if archived else None,
                             warc_offset=archived.offset if archived else None)
                self._db.execute("DELETE FROM watch_queue WHERE url = ?", (url,))

    def save_failure(self, url: str, reason: str, status: int | None, give_up: bool = False) -> float | None:
        """Record a failed fetch; when to try again (None once given up: the page leaves the queue)."""
        with self._tx():
            row = self._db.execute("SELECT failures FROM watch_urls WHERE url = ?", (url,)).fetchone()
            failures = (row[0] if row else 0) + 1
            give_up = give_up or failures >= MAX_FAILURES
            retry_at = None if give_up else time.time() + min(RETRY_BASE * 2 ** (failures - 1), RETRY_MAX)
            self._upsert(url, status=status, failures=failures, reason=reason, retry_at=retry_at,
                         **({"done": 1} if give_up else {}))
            if give_up:
                self._db.execute("DELETE FROM watch_queue WHERE url = ?", (url,))
        return retry_at

    def failure_of(self, url: str) -> tuple[int, str | None, float | None]:
        """(failures, last reason, retry time) recorded for `url`."""
        row = self._db.execute("SELECT failures, reason, retry_at FROM watch_urls WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1], row[2]) if row else (0, None, None)

    def archived_of(self, url: str) -> Archived | None:
        """The WARC record of the stored page at `url`, if any."""
        row = self._db.execute("SELECT warc_file, warc_offset FROM watch_urls WHERE url = ?", (url,)).fetchone()
        return Archived(row[0], int(row[1])) if row and row[0] is not None else None

    def _upsert(self, url: str, **values: object) -> None:
        names = list(values)
        self._db.execute(
            f"INSERT INTO watch_urls (url, {', '.join(names)}) VALUES (?, {', '.join('?' for _ in names)})"
            f" ON CONFLICT(url) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names)}",
            (url, *values.values()))

    # -- rounds --------------------------------------------------------------------------------

    def begin_round(self) -> int:
        """A new round's id (its row says started, not finished)."""
        with self._tx():
            return int(self._db.execute("INSERT INTO watch_rounds (started) VALUES (?)", (time.time(),)).lastrowid)

    def save_error(self, round_id: int, source: str, url: str, reason: str) -> None:
        """A source or page that failed in round `round_id`."""
        with self._tx():
            self._db.execute("INSERT INTO watch_errors VALUES (?, ?, ?, ?)", (round_id, source, url, reason))

    def finish_round(self, round_id: int, fetched: int, unchanged: int, added: int, stories: Iterable[str],
                     errors: int) -> None:
        """Close a round with its counts, and stamp the stories it changed."""
        now = time.time()
        stories = sorted(set(stories))
        with self._tx():
            self._db.execute("UPDATE watch_rounds SET finished = ?, fetched = ?, unchanged = ?, added = ?,"
                             " stories_changed = ?, errors = ? WHERE id = ?",
                             (now, fetched, unchanged, added, len(stories), errors, round_id))

    def touch_stories(self, stories: Iterable[str]) -> None:
        """Stamp `stories` as updated now."""
        now = time.time()
        with self._tx():
            self._db.executemany("INSERT INTO watch_story_updates VALUES (?, ?) ON CONFLICT(story_id)"
                                 " DO UPDATE SET updated_at = excluded.updated_at",
                                 [(s, now) for s in sorted(set(stories))])

    def last_round(self) -> RoundInfo | None:
        """The latest round, or None before the first."""
        row = self._db.execute("SELECT id, started, finished, fetched, unchanged, added, stories_changed, errors"
                               " FROM watch_rounds ORDER BY id DESC LIMIT 1").fetchone()
        return RoundInfo(*row) if row else None

    def errors_of(self, round_id: int) -> list[SourceError]:
        """What failed in round `round_id`."""
        rows = self._db.execute("SELECT source, url, reason FROM watch_errors WHERE round = ? ORDER BY rowid",
                                (round_id,)).fetchall()
        return [SourceError(*r) for r in rows]

    def story_updates(self) -> dict[str, float]:
        """When each story last gained articles (Unix time), by story id."""
        return dict(self._db.execute("SELECT story_id, updated_at FROM watch_story_updates").fetchall())


def read_status(db: str | Path) -> tuple[RoundInfo | None, list[SourceError], dict[str, float]]:
    """The last round, its errors and the story update times of the store at `db` (empty when never watched).

    Read-only: opens the file without creating the watch's tables, for the web app.
    """
    path = Path(db)
    if not path.is_file():
        return None, [], {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "watch_rounds" not in tables:
            return None, [], {}
        row = con.execute("SELECT id, started, finished, fetched, unchanged, added, stories_changed, errors"
                          " FROM watch_rounds ORDER BY id DESC LIMIT 1").fetchone()
        last = RoundInfo(*row) if row else None
        errors = [SourceError(*r) for r in con.execute(
            "SELECT source, url, reason FROM watch_errors WHERE round = ? ORDER BY rowid", (last.id,))] if last else []
        updates = dict(con.execute("SELECT story_id, updated_at FROM watch_story_updates").fetchall())
        return last, errors, updates
    finally:
        con.close()
