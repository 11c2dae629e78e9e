"""Benchmark articles for story clustering, parsed once and cached.

Reads its data from ../shared/bench (outside the repository; see its README).

Three collections, each article with its true story: MultiLing 2011 (10
WikiNews stories of 10 articles), the Multi-News sample (200 clusters of
scraped web pages) and ECB+ train and dev (33 topics, each of two sub-topics:
two different events of one kind; every sub-topic is one true story; the
articles are tokenised text and get no dates).

Parsing and embedding is the slow part, so `load_mix` keeps what clustering
reads of each article (`Record`: the lead embedding, the named entities, the
day, the text) in a cache folder and rebuilds `Features` from it in
milliseconds. The cache holds benchmark data only; it never ships.
"""

from __future__ import annotations

import gzip
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
MULTILING = BENCH / "multiling2011-en" / "sources"
MULTINEWS = BENCH / "multinews-val-200.jsonl.gz"
ECBPLUS = BENCH / "coref" / "ecbplus-train-dev.jsonl.gz"
COLLECTIONS = ("multiling", "multinews", "ecbplus")


@dataclass(frozen=True, slots=True)
class Record:
    """What story clustering reads of one parsed benchmark article, and its truth."""

    id: str
    collection: str
    truth: str
    text: str
    title: str | None
    published: str | None
    duplicate_of: str | None
    lead: np.ndarray  # unit embedding of title and lead
    entities: tuple[tuple[str, str, bool], ...]  # (text, label, in the lead) of every named entity
    key: str


def raw_items(collection: str) -> list[tuple[dict, str]]:
    """JSONL-shaped dicts of a collection's articles, each with its true story."""
    out = []
    if collection == "multiling":
        for path in sorted(MULTILING.glob("M*.english")):
            out.append(({"id": f"ml-{path.stem}", "text": path.read_text(encoding="utf-8")}, f"ml-{path.stem[:4]}"))
    elif collection == "multinews":
        with gzip.open(MULTINEWS, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                for n, doc in enumerate(row["documents"]):
                    out.append(({"id": f"mn-{row['idx']}-{n}", "text": doc}, f"mn-{row['idx']}"))
    elif collection == "ecbplus":
        with gzip.open(ECBPLUS, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                out.append(({"id": f"ecb-{row['doc_id']}", "text": row["text"]},
                            f"ecb-{row['topic']}-{row['subtopic']}"))
    else:
        raise ValueError(f"unknown collection {collection!r}")
    return out


def parse_collection(collection: str, models) -> list[Record]:
    """Read, clean, mark copies and parse one collection (slow); its records."""
    from newsweave import pipeline
    from newsweave.model import Settings
    from newsweave.nlp import parse_articles
    from newsweave.stories.cluster import _key, _lead_end, lead_text

    items = raw_items(collection)
    truth = {item["id"]: t for item, t in items}
    prepared = pipeline.prepare([item for item, _ in items], Settings())
    parsed = pipeline.mark_copies(parse_articles(prepared.articles, models))
    leads = models.embedder.encode([lead_text(p) for p in parsed])
    out = []
    for p, lead in zip(parsed, leads):
        end = _lead_end(p)
        ents = tuple((e.text, e.label_, e.start_char < end) for e in p.doc.ents)
        a = p.article
        out.append(Record(a.id, collection, truth[a.id], a.text, a.title, a.published, a.duplicate_of,
                          lead.astype(np.float32), ents, _key(p)))
    return out


class _Unpickler(pickle.Unpickler):
    """Finds `Record` here even when the cache was written by this file run as a script."""

    def find_class(self, module: str, name: str):
        if name == "Record":
            return Record
        return super().find_class(module, name)


def load_collection(collection: str, cache: Path, models=None) -> list[Record]:
    """The collection's records, from the cache when there (else parsed and cached)."""
    path = cache / f"{collection}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return _Unpickler(fh).load()
    if models is None:
        from newsweave.nlp import load_models
        models = load_models()
    records = parse_collection(collection, models)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(records))
    return records


def load_events(collection: str, cache: Path, models=None) -> dict[str, tuple[str, ...]]:
    """Each record's lead events (`stories.events.event_marks`), from the cache when there.

    The parse is of the text's first `LEAD_CHARS` characters (the records keep
    no parse): the first sentences, as `article_features` reads them from the
    parse of the whole text.
    """
    path = cache / f"{collection}-events.json"
    if path.exists():
        return {k: tuple(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    from newsweave.stories.events import event_marks
    if models is None:
        from newsweave.nlp import load_models
        models = load_models()
    records = load_collection(collection, cache, models)
    docs = models.spacy.pipe([r.text[:LEAD_CHARS] for r in records], batch_size=32)
    events = {r.id: event_marks(d) for r, d in zip(records, docs)}
    path.write_text(json.dumps(events), encoding="utf-8")
    return events


LEAD_CHARS = 2500


def features_of(records: list[Record], events: dict[str, tuple[str, ...]] | None = None) -> list:
    """Clustering features of the records that are not copies, as `article_features` builds them.

    The TF-IDF weights are over these records, as in one run over the mix;
    `events`: each record's lead events (`load_events`), added to its marks.
    """
    from newsweave.stories.cluster import (EMBEDDING_DIM, MIN_WORDS, TERM_DIM, Features, _day, article_marks,
                                           document_frequencies, salient_of, term_counts, tfidf_vectors)

    originals = [r for r in records if not r.duplicate_of]
    counts = [term_counts(r.text) for r in originals]
    terms = tfidf_vectors(counts, document_frequencies(counts), len(originals))
    out = []
    for r, t in zip(originals, terms):
        substantial = len(r.text.split()) >= MIN_WORDS
        marks = article_marks(r.text, ((text, label) for text, label, _ in r.entities)) if substantial else ()
        if substantial and events:
            marks = tuple(sorted(set(marks) | set(events.get(r.id, ()))))
        vector = r.lead if substantial else np.zeros(EMBEDDING_DIM, dtype=np.float32)
        out.append(Features(r.id, vector, salient_of(r.entities), _day(r.published), r.key,
                            t if substantial else np.zeros(TERM_DIM, dtype=np.float32), substantial, marks))
    return out


def labels_with_copies(groups: list[list[str]], records: list[Record]) -> dict[str, str]:
    """Predicted story of every record: the group of its own, or its original's for a copy."""
    labels = {a: f"g{n}" for n, g in enumerate(groups) for a in g}
    by_id = {r.id: r for r in records}
    for r in records:
        if r.id not in labels:
            original = r.duplicate_of
            while original not in labels and by_id.get(original) and by_id[original].duplicate_of:
                original = by_id[original].duplicate_of
            labels[r.id] = labels.get(original, f"copy-{r.id}")
    return labels


if __name__ == "__main__":
    import sys
    import time

    sys.path.insert(0, str(ROOT / "src"))
    from newsweave.nlp import load_models

    m = load_models()
    for c in sys.argv[1:] or COLLECTIONS:
        t = time.perf_counter()
        r = load_collection(c, Path("/tmp/stories"), m)
        print(c, len(r), f"{time.perf_counter() - t:.0f}s", flush=True)
