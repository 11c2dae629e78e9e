"""The embedded store: one SQLite file (WAL mode, no server) that grows as articles arrive.

`Store.ingest` reads inputs in chunks, skips content it has seen (a hash of the
text), marks copies against everything stored (MinHash bands kept in a table),
places new articles into stories with the online clusterer (story sums kept in
a table, so story ids stay stable; each article's clustering features kept
beside it, so a stored story the split pass cuts in two moves its articles in
the same transaction), and re-analyses only the stories that
changed (inferring its articles' missing publication dates from the story, as
`analyze` does), storing each `Story` as contract JSON. Full-text search over articles
and claims uses FTS5.

Crash safety: each chunk of articles is written in one transaction together
with the story sums it changed, and a changed story is flagged `dirty` in that
same transaction; each story's analysis is written in a transaction of its own
that clears the flag. An ingest killed at any moment leaves either a whole
chunk or none of it, and the next run analyses the stories still flagged.
Memory stays flat in the number of articles: inputs are read a chunk at a time
and only story sums (one row per story) are held in memory (the split pass reads
one touched story's articles' features at a time).

One writer at a time: `ingest` and `analyze_pending` hold an exclusive lock on
``<store>.lock`` (fcntl) for their whole run, and load the story sums the
clusterer starts from only once they hold it, so a second process waits (its
progress callback hears "waiting") and then sees everything the first stored:
the same input given twice at once is skipped by the second. Story ids are
numbered from a counter committed with each chunk (``meta.stories_numbered``),
so they depend only on what is stored: a run killed and resumed numbers its
stories as an uninterrupted run does, and an id is never given twice.

Reads (`list_stories`, `story_result`, `search`, `counts`) use a connection of
their own per thread: in WAL mode they never wait for a writer, and they see
the last committed chunk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from newsweave import pipeline
from newsweave.ingest import expand_paths
from newsweave.model import Article, Rejected, Result, Settings, Story
from newsweave.nlp import EMBEDDING_DIM, Models
from newsweave.pipeline import Progress, no_progress
from newsweave.sqlite import Transaction
from newsweave.stories import dedup
from newsweave.stories import scorer_for
from newsweave.stories.cluster import (TERM_DIM, Clusterer, Features, StoryState, article_features,
                                       _day, document_frequencies, term_counts)

SCHEMA_VERSION = 1
TOP_ENTITIES = 5


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE,
    story_id TEXT,
    duplicate_of TEXT,
    published TEXT,
    data TEXT NOT NULL,
    vector BLOB,
    entities TEXT NOT NULL DEFAULT '[]',
    clustering TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL, article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bands_key ON bands(band, key);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    size INTEGER NOT NULL,
    vector_sum BLOB NOT NULL,
    term_sum BLOB,
    core_sum BLOB NOT NULL,
    core TEXT NOT NULL,
    entity_counts TEXT NOT NULL,
    first_day INTEGER,
    last_day INTEGER,
    dirty INTEGER NOT NULL DEFAULT 1,
    title TEXT,
    top_entities TEXT NOT NULL DEFAULT '[]',
    analysis TEXT,
    mark_counts TEXT
);
CREATE TABLE IF NOT EXISTS term_df (one INTEGER PRIMARY KEY CHECK (one = 1), docs INTEGER NOT NULL, df BLOB NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, title, text);
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(story_id UNINDEXED, article_id UNINDEXED, text);
"""


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: articles added, inputs skipped as already stored, rejected inputs, stories re-analysed."""

    added: int
    skipped: int
    rejected: tuple[Rejected, ...]
    stories_updated: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """One line of the story list."""

    id: str
    title: str
    size: int
    first_date: str | None
    last_date: str | None
    top_entities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text match: an article, or a claim of a story."""

    kind: str  # "article" | "claim"
    story_id: str | None
    article_id: str
    snippet: str


@dataclass(frozen=True, slots=True)
class _Placed:
    """A chunk's new articles, marked and placed, ready to be written."""

    articles: list[Article]
    hashes: dict[str, str]
    features: dict[str, Features]
    bands: dict[str, list[tuple[int, int]]]
    story_of: dict[str, str]
    merged: dict[str, str]
    term_df: tuple[int, np.ndarray]  # documents seen and word-bucket frequencies, with this chunk's
    moved: dict[str, str]  # stored article -> its story after a split
    touched: tuple[str, ...]  # every story the chunk changed (a split one too)



WAL_WAIT_SECONDS = 30.0


def _set_wal(db: sqlite3.Connection) -> None:
    """Put the database in WAL mode, waiting while another process holds the lock that needs.

    Two processes opening a new store together can get "database is locked"
    here before the connection's busy timeout has run out (seen in the
    concurrent-ingest test), so the pragma is tried again for up to
    `WAL_WAIT_SECONDS`; any other error is raised at once.
    """
    deadline = time.monotonic() + WAL_WAIT_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """An embedded, crash-safe store of articles and their stories (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._stories_numbered = 0  # see `_next_story_id`
        self._writing = 0  # depth of `_writer` in this process
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()  # guards `_readers` only (never held while writing)
        self._db = self._connect()
        with self._transaction():
            for statement in _statements(_SCHEMA):
                self._db.execute(statement)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            _add_mark_counts(self._db)
            _add_article_clustering(self._db)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (the file stays, consistent)."""
        with self._lock, self._readers_lock:
            self._db.close()
            for reader in self._readers:
                reader.close()
            self._readers.clear()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
        _set_wal(db)
        # NORMAL is safe against a killed process in WAL mode (only power loss may drop the last commits).
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection (WAL: it never waits for the writer)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._connect()
            self._local.db = db
            with self._readers_lock:
                self._readers.append(db)
        return db

    @contextmanager
    def _writer(self, progress: Progress = no_progress) -> Iterator[None]:
        """Hold the store's write lock (one writer per store, across processes); re-entrant in this process.

        A second writer waits for the first to finish, after telling `progress` ("waiting", 0).
        """
        with self._lock:
            if self._writing:
                self._writing += 1
                try:
                    yield
                finally:
                    self._writing -= 1
                return
            handle = _lock_file(self.path, progress)
            self._writing = 1
            try:
                self._stories_numbered = self._story_counter()
                yield
            finally:
                self._writing = 0
                if handle is not None:
                    os.close(handle)  # releases the lock

    # -- writing -----------------------------------------------------------------------------

    def ingest(self, inputs: Sequence[Any], models: Models, settings: Settings,
               progress: Progress = no_progress) -> IngestReport:
        """Add the articles of `inputs` (paths, folders or JSONL-shaped dicts) and bring stories up to date.

        Content already stored is skipped; new articles are marked as copies,
        placed in stories (stable ids), and every story that changed, or was
        left unanalysed by an interrupted run, is analysed again. `progress` is
        called after each committed chunk ("chunk", articles so far) and story ("story", n).
        """
        size = settings.store_chunk
        added = skipped = 0
        rejected: list[Rejected] = []
        with self._writer(progress):
            # Loaded under the lock: no other writer can change the stories until this run ends.
            clusterer = Clusterer(self._load_stories(), self._next_story_id, settings.clustering,
                                  scorer_for(models, settings.clustering), self._stored_features,
                                  models.story_merger, models.story_splitter)
            for units in _chunks(expand_paths(inputs), size):
                read = pipeline.read(units, settings)
                rejected.extend(read.rejected)
                for raws in _chunks(read.articles, size):
                    fresh = self._unseen(raws)
                    skipped += len(raws) - len(fresh)
                    if fresh:
                        placed = self._place(fresh, clusterer, models)
                        self._write(placed, clusterer)
                        added += len(placed.articles)
                        progress("chunk", added)
            updated = self.analyze_pending(models, settings, progress)
        return IngestReport(added, skipped, tuple(rejected), tuple(updated))

    def analyze_pending(self, models: Models, settings: Settings, progress: Progress = no_progress) -> list[str]:
        """Analyse every story flagged as changed, each in its own transaction; their ids."""
        with self._writer(progress):
            ids = [r[0] for r in self._db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY seq")]
            for n, story_id in enumerate(ids, start=1):
                self._analyze(story_id, models, settings)
                progress("story", n)
            return ids

    def _unseen(self, raws: Sequence[Any]) -> list[tuple[str, Any]]:
        """(hash, raw article) of each article whose content is not stored yet (first of equal ones)."""
        fresh, hashes = [], set()
        for raw in raws:
            digest = content_hash(raw.text)
            if digest not in hashes and not self._has_hash(digest):
                hashes.add(digest)
                fresh.append((digest, raw))
        return fresh

    def _place(self, fresh: list[tuple[str, Any]], clusterer: Clusterer, models: Models) -> _Placed:
        """The pipeline's steps for one chunk: clean, ids, copies (against the store too), parse, place."""
        digests = [digest for digest, _ in fresh]
        prepared = [pipeline.prepare_article(raw) for _, raw in fresh]
        articles = pipeline.assign_ids(prepared, first_number=self._next_article_number(), taken=self._has_id)
        hashes = {a.id: digest for a, digest in zip(articles, digests)}
        found = dedup.search_copies(articles, stored=_StoredCopies(self._db))
        copies = found.copies
        articles = dedup.with_duplicates(articles, copies)
        originals = [a for a in articles if a.id not in copies]
        parsed = pipeline.parse(originals, models)
        docs, df = self._term_df()
        features = {f.article: f for f in article_features(parsed, models, df, docs)}
        term_df = (docs + len(parsed), df + document_frequencies(term_counts(p.article.text) for p in parsed))
        assignment = clusterer.add(list(features.values()))
        story_of = dict(assignment.story_of)
        for a in articles:
            if a.id in copies:
                story_of[a.id] = story_of.get(copies[a.id]) or self._story_of(copies[a.id], assignment.merged)
        return _Placed(articles, hashes, features, found.bands, story_of, assignment.merged, term_df,
                       assignment.moved, assignment.touched)

    def _story_of(self, article_id: str, merged: dict[str, str]) -> str | None:
        row = self._db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        story = row[0] if row else None
        return merged.get(story, story) if story else None

    def _write(self, placed: _Placed, clusterer: Clusterer) -> None:
        """One transaction: the chunk's articles, their bands and search rows, and the story sums."""
        by_id = {s.id: s for s in clusterer.stories}
        with self._transaction():
            for gone, keep in placed.merged.items():
                self._db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (keep, gone))
                self._db.execute("DELETE FROM stories WHERE id = ?", (gone,))
                self._db.execute("DELETE FROM claims_fts WHERE story_id = ?", (gone,))
            for article_id, story_id in placed.moved.items():
                self._db.execute("UPDATE articles SET story_id = ? WHERE id = ? OR duplicate_of = ?",
                                 (story_id, article_id, article_id))
            for a in placed.articles:
                f = placed.features.get(a.id)
                self._db.execute(
                    "INSERT INTO articles (id, hash, story_id, duplicate_of, published, data, vector, entities,"
                    " clustering) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, placed.hashes[a.id], placed.story_of.get(a.id), a.duplicate_of, a.published,
                     _json(a.to_dict()),
                     f.vector.astype(np.float32).tobytes() if f is not None else None,
                     json.dumps(list(f.entities) if f is not None else []),
                     _clustering_json(f) if f is not None else None))
                self._db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                                     [(b, k, a.id) for b, k in placed.bands.get(a.id, [])])
                self._db.execute("INSERT INTO articles_fts VALUES (?, ?, ?)", (a.id, a.title or "", a.text))
            self._db.execute("INSERT INTO meta VALUES ('stories_numbered', ?) ON CONFLICT(key) DO UPDATE"
                             " SET value = excluded.value", (str(self._stories_numbered),))
            docs, df = placed.term_df
            self._db.execute("INSERT INTO term_df VALUES (1, ?, ?) ON CONFLICT(one) DO UPDATE SET"
                             " docs = excluded.docs, df = excluded.df", (docs, df.astype(np.int64).tobytes()))
            changed = set(placed.story_of.values()) | set(placed.merged.values()) | set(placed.touched)
            for story_id in sorted(changed):
                if story_id in by_id:
                    self._save_story(by_id[story_id])

    def _save_story(self, s: StoryState) -> None:
        seq = int(s.id[1:]) if s.id[1:].isdigit() else 0
        self._db.execute(
            "INSERT INTO stories (id, seq, size, vector_sum, term_sum, core_sum, core, entity_counts, first_day,"
            " last_day, dirty, mark_counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)"
            " ON CONFLICT(id) DO UPDATE SET size = excluded.size, vector_sum = excluded.vector_sum,"
            " term_sum = excluded.term_sum, mark_counts = excluded.mark_counts,"
            " core_sum = excluded.core_sum, core = excluded.core, entity_counts = excluded.entity_counts,"
            " first_day = excluded.first_day, last_day = excluded.last_day, dirty = 1",
            (s.id, seq, s.size, s.vector_sum.astype(np.float64).tobytes(), s.term_sum.astype(np.float32).tobytes(),
             s.core_sum.astype(np.float64).tobytes(),
             json.dumps(s.core), json.dumps(dict(s.entity_counts)), s.first_day, s.last_day,
             json.dumps(dict(s.mark_counts))))

    def _analyze(self, story_id: str, models: Models, settings: Settings) -> None:
        articles = self._story_articles(story_id)
        if not articles:
            with self._transaction():
                self._db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            return
        parsed = pipeline.dated_articles(articles, models)
        story = pipeline.analyze_story(story_id, parsed, models, settings)
        top = _top_entities(story)
        redated = [p.article for p, old in zip(parsed, articles) if p.article.published != old.published]
        with self._transaction():
            self._db.executemany("UPDATE articles SET published = ?, data = ? WHERE id = ?",
                                 [(a.published, _json(a.to_dict()), a.id) for a in redated])
            self._db.execute("UPDATE stories SET analysis = ?, title = ?, top_entities = ?, dirty = 0 WHERE id = ?",
                             (_json(story.to_dict()), story.title, json.dumps(top),
                              story_id))
            self._db.execute("DELETE FROM claims_fts WHERE story_id = ?", (story_id,))
            self._db.executemany("INSERT INTO claims_fts VALUES (?, ?, ?)",
                                 [(story_id, c.article, c.text) for c in story.claims])

    # -- reading -----------------------------------------------------------------------------

    def list_stories(self) -> list[StoryInfo]:
        """Every story, largest first: title, size, span of publication dates, top entities."""
        with _snapshot(self._reader()) as db:
            rows = db.execute(
                "SELECT s.id, s.title, s.size, s.top_entities, s.entity_counts,"
                " (SELECT MIN(published) FROM articles a WHERE a.story_id = s.id),"
                " (SELECT MAX(published) FROM articles a WHERE a.story_id = s.id),"
                " (SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id),"
                " (SELECT data FROM articles a WHERE a.story_id = s.id ORDER BY seq LIMIT 1)"
                " FROM stories s ORDER BY 8 DESC, s.seq").fetchall()
        out = []
        for sid, title, size, top, counts, first, last, n, first_article in rows:
            top_list = json.loads(top) or [e for e, _ in Counter(json.loads(counts)).most_common(TOP_ENTITIES)]
            if not title and first_article:
                title = json.loads(first_article).get("title")
            out.append(StoryInfo(sid, title or "Untitled story", n, first, last, tuple(top_list)))
        return out

    def story_result(self, story_id: str) -> Result | None:
        """That one story and its articles as a contract `Result` (None for an unknown id).

        A story whose analysis is still pending comes with its articles and title only.
        """
        with _snapshot(self._reader()) as db:
            row = db.execute("SELECT analysis, title FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            articles = _story_articles(db, story_id)
        if row[0]:
            story = Story.from_dict(json.loads(row[0]))
        else:
            story = Story(story_id, row[1] or (articles[0].title if articles else None) or "Untitled story",
                          tuple(a.id for a in articles))
        return Result(tuple(articles), (), (story,))

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles and claims matching every word of `query` (FTS5, best matches first)."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            "SELECT * FROM ("
            " SELECT 'article' AS kind, a.story_id, f.article_id,"
            "  snippet(articles_fts, 2, '[', ']', '…', 12) AS snip, bm25(articles_fts) AS rank"
            "  FROM articles_fts f LEFT JOIN articles a ON a.id = f.article_id WHERE articles_fts MATCH ?"
            " UNION ALL"
            " SELECT 'claim', story_id, article_id, snippet(claims_fts, 2, '[', ']', '…', 12), bm25(claims_fts)"
            "  FROM claims_fts WHERE claims_fts MATCH ?"
            ") ORDER BY rank LIMIT ?")
        rows = self._reader().execute(sql, (match, match, int(limit))).fetchall()
        return [SearchHit(kind, story, article, snip) for kind, story, article, snip, _ in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table (articles, stories, dirty stories), for reports and tests."""
        with _snapshot(self._reader()) as db:
            one = lambda sql: int(db.execute(sql).fetchone()[0])  # noqa: E731
            return {"articles": one("SELECT COUNT(*) FROM articles"), "stories": one("SELECT COUNT(*) FROM stories"),
                    "dirty": one("SELECT COUNT(*) FROM stories WHERE dirty = 1")}

    # -- helpers -----------------------------------------------------------------------------

    def _transaction(self):
        return Transaction(self._db)

    def _term_df(self) -> tuple[int, np.ndarray]:
        """Documents seen and document frequency of each hashed word bucket (for TF-IDF weights)."""
        row = self._db.execute("SELECT docs, df FROM term_df WHERE one = 1").fetchone()
        if row is None:
            return 0, np.zeros(TERM_DIM, dtype=np.int64)
        return int(row[0]), np.frombuffer(row[1], dtype=np.int64).copy()

    def _has_hash(self, digest: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE hash = ?", (digest,)).fetchone() is not None

    def _story_articles(self, story_id: str) -> list[Article]:
        return _story_articles(self._db, story_id)

    def _load_stories(self) -> list[StoryState]:
        rows = self._db.execute("SELECT id, size, vector_sum, term_sum, core_sum, core, entity_counts, first_day,"
                                " last_day, mark_counts FROM stories ORDER BY seq")
        return [StoryState(id=sid, vector_sum=_vector(vs, np.float64), core_sum=_vector(cs, np.float64),
                           term_sum=_terms(ts), size=size, entity_counts=Counter(json.loads(ec)), first_day=fd,
                           last_day=ld, core=json.loads(core), mark_counts=Counter(json.loads(mc or "{}")))
                for sid, size, vs, ts, cs, core, ec, fd, ld, mc in rows]

    def _stored_features(self, story_id: str) -> list[Features]:
        """Clustering features of the story's stored originals, as placed (the split pass reads them).

        An article stored before these were kept has none and is left out, so
        such a story never splits (the clusterer sees fewer articles than its size).
        """
        rows = self._db.execute("SELECT id, published, vector, entities, clustering FROM articles"
                                " WHERE story_id = ? AND duplicate_of IS NULL AND clustering IS NOT NULL",
                                (story_id,))
        return [_features_from(*row) for row in rows]

    def _next_story_id(self) -> str:
        # Counted in memory within a chunk and committed with it (`_write`): a
        # chunk rolled back by a crash gives the same numbers again when rerun.
        self._stories_numbered += 1
        return f"s{self._stories_numbered}"

    def _story_counter(self) -> int:
        """The number of the last story id given: the committed counter, else the highest stored id."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'stories_numbered'").fetchone()
        stored = self._max_number("SELECT id FROM stories UNION SELECT DISTINCT story_id FROM articles", "s")
        return max(int(row[0]) if row and row[0].isdigit() else 0, stored)

    def _next_article_number(self) -> int:
        """The number the next unnamed article gets (a{n}): one past the highest stored."""
        return self._max_number("SELECT id FROM articles", "a") + 1

    def _has_id(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def _max_number(self, sql: str, prefix: str) -> int:
        """The highest n of the ids `prefix`n (n all digits) in the column `id` that `sql` lists (0 when none).

        Counted by SQLite over the id index: it runs once per chunk, so it must
        not walk every stored row in Python.
        """
        row = self._db.execute(
            f"SELECT MAX(CAST(substr(id, 2) AS INTEGER)) FROM ({sql}) WHERE id GLOB ? AND id NOT GLOB ?",
            (f"{prefix}[0-9]*", f"{prefix}*[^0-9]*")).fetchone()
        return int(row[0]) if row and row[0] is not None else 0


class _StoredCopies:
    """The stored articles as `dedup.StoredCopies`: band keys in the `bands` table, texts in `articles`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def candidates(self, keys: Sequence[tuple[int, int]], exclude: str) -> list[dedup.Fingerprint]:
        ids: set[str] = set()
        for band, key in keys:
            ids.update(r[0] for r in self._db.execute(
                "SELECT article_id FROM bands WHERE band = ? AND key = ?", (band, key)))
        ids.discard(exclude)
        out = []
        for article_id in sorted(ids):
            row = self._db.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row:
                out.append(dedup.fingerprint(Article.from_dict(json.loads(row[0]))))
        return out

    def original_of(self, article_id: str) -> str:
        row = self._db.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row and row[0] else article_id


@contextmanager
def _snapshot(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction on `db`: every query inside sees the same committed state."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


def _story_articles(db: sqlite3.Connection, story_id: str) -> list[Article]:
    rows = db.execute("SELECT data FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))
    return [Article.from_dict(json.loads(r[0])) for r in rows]


def _json(value: Any) -> str:
    """`value` as JSON text SQLite can store, and that reads back the same.

    UTF-8 where possible; a value holding lone surrogates (a file name's
    undecodable bytes, as the OS gives them) is written with ASCII escapes.
    """
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)
    return text


def _lock_file(store: Path, progress: Progress) -> int | None:
    """An open descriptor of ``<store>.lock`` holding an exclusive lock (waiting for it if needed).

    None where there is no file to lock (an in-memory store) or no fcntl (Windows:
    there SQLite's own locking is all, one transaction at a time).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    if str(store) == ":memory:":
        return None
    handle = os.open(os.fspath(store) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress("waiting", 0)
            fcntl.flock(handle, fcntl.LOCK_EX)
    except BaseException:
        os.close(handle)
        raise
    return handle


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _add_mark_counts(db: sqlite3.Connection) -> None:
    """Give a store made before story marks (`StoryState.mark_counts`) their column (its stories start with none)."""
    if "mark_counts" not in {row[1] for row in db.execute("PRAGMA table_info(stories)")}:
        db.execute("ALTER TABLE stories ADD COLUMN mark_counts TEXT")


def _add_article_clustering(db: sqlite3.Connection) -> None:
    """Give a store made before the split pass its articles' clustering column (older articles have none)."""
    if "clustering" not in {row[1] for row in db.execute("PRAGMA table_info(articles)")}:
        db.execute("ALTER TABLE articles ADD COLUMN clustering TEXT")


def _clustering_json(f: Features) -> str:
    """What the split pass needs of an article besides its vector: order key, marks, TF-IDF (sparse)."""
    terms = np.nonzero(f.terms)[0] if f.terms is not None else np.zeros(0, dtype=np.int64)
    return json.dumps({"key": f.key, "marks": list(f.marks), "substantial": f.substantial,
                       "terms": [terms.tolist(), f.terms[terms].astype(float).tolist() if len(terms) else []]})


def _features_from(article_id: str, published: str | None, vector: bytes | None, entities: str,
                   clustering: str) -> Features:
    """An article's clustering features from its stored row."""
    data = json.loads(clustering)
    terms = np.zeros(TERM_DIM, dtype=np.float32)
    index, values = data["terms"]
    terms[np.asarray(index, dtype=np.int64)] = np.asarray(values, dtype=np.float32)
    vec = np.frombuffer(vector, dtype=np.float32).copy() if vector else np.zeros(EMBEDDING_DIM, dtype=np.float32)
    return Features(article_id, vec, tuple(json.loads(entities)), _day(published), data["key"], terms,
                    bool(data["substantial"]), tuple(data["marks"]))


def _vector(blob: bytes | None, dtype) -> np.ndarray:
    if not blob:
        return np.zeros(EMBEDDING_DIM, dtype=np.float64)
    return np.frombuffer(blob, dtype=dtype).astype(np.float64).copy()


def _terms(blob: bytes | None) -> np.ndarray:
    if not blob or len(blob) != TERM_DIM * 4:
        return np.zeros(TERM_DIM, dtype=np.float32)
    return np.frombuffer(blob, dtype=np.float32).copy()


def _top_entities(story: Story, n: int = TOP_ENTITIES) -> list[str]:
    ranked = sorted(story.entities, key=lambda e: (-len(e.mentions), e.name))
    return [e.name for e in ranked[:n]]


def content_hash(text: str) -> str:
    """SHA-256 of the text with white space collapsed: the same content read twice has one hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """A safe FTS5 query: every word of `query` quoted, all required (no FTS syntax from the user)."""
    return " ".join(f'"{w}"' for w in _FTS_WORD.findall(query))


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
