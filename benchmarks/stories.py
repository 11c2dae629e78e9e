"""Story clustering benchmark: B-cubed precision, recall and F1 against the true stories.

Shuffles together every article of MultiLing 2011 (10 stories of 10 WikiNews
articles) and of the Multi-News sample (200 clusters of scraped articles),
clusters the mix with newsweave's story clustering, and scores the result on
each collection's articles (and on the whole mix) beside two baselines run on
the same articles in the same run: TF-IDF single-link at a cosine threshold,
and all articles in one story.

B-cubed (Bagga and Baldwin, 1998; Amigó et al., 2009): for each article,
precision is the share of its predicted story that truly belongs with it,
recall the share of its true story found in its predicted story; both are
averaged over articles.

Run as a plain script: ``.venv/bin/python benchmarks/stories.py [--seed N] [--sweep]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave import pipeline, stories  # noqa: E402
from newsweave.model import Settings  # noqa: E402
from newsweave.nlp import load_models, parse_articles  # noqa: E402
from newsweave.model import ClusteringSettings  # noqa: E402
from newsweave.stories.cluster import cluster  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
MULTILING = BENCH / "multiling2011-en" / "sources"
MULTINEWS = BENCH / "multinews-val-200.jsonl.gz"


@dataclass(frozen=True, slots=True)
class Scores:
    """B-cubed precision, recall and F1, and the number of predicted stories."""

    precision: float
    recall: float
    f1: float
    clusters: int


def load_articles() -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """JSONL-shaped dicts of every benchmark article, each one's true story, and its collection."""
    items, truth, collection = [], {}, {}
    for path in sorted(MULTILING.glob("M*.english")):
        aid = f"ml-{path.stem}"
        items.append({"id": aid, "text": path.read_text(encoding="utf-8")})
        truth[aid], collection[aid] = f"ml-{path.stem[:4]}", "multiling"
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for n, doc in enumerate(row["documents"]):
                aid = f"mn-{row['idx']}-{n}"
                items.append({"id": aid, "text": doc})
                truth[aid], collection[aid] = f"mn-{row['idx']}", "multinews"
    return items, truth, collection


def bcubed(pred: dict[str, str], truth: dict[str, str], ids: list[str]) -> Scores:
    """B-cubed scores over `ids` (predicted and true story of each article)."""
    pred_groups, true_groups = defaultdict(set), defaultdict(set)
    for a in ids:
        pred_groups[pred[a]].add(a)
        true_groups[truth[a]].add(a)
    p = r = 0.0
    for a in ids:
        same = len(pred_groups[pred[a]] & true_groups[truth[a]])
        p += same / len(pred_groups[pred[a]])
        r += same / len(true_groups[truth[a]])
    p, r = p / len(ids), r / len(ids)
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(pred_groups))


def tfidf_single_link(texts: dict[str, str], threshold: float) -> dict[str, str]:
    """Baseline: TF-IDF cosine over words, single-link (connected components) above `threshold`."""
    ids = sorted(texts)
    docs = [Counter(re.findall(r"[a-z]{3,}", texts[a].lower())) for a in ids]
    df = Counter(w for d in docs for w in d)
    vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c >= 2)}
    matrix = np.zeros((len(ids), len(vocab)), dtype=np.float32)
    for i, d in enumerate(docs):
        for w, c in d.items():
            if w in vocab:
                matrix[i, vocab[w]] = (1 + math.log(c)) * math.log(len(ids) / df[w])
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9, None)
    sims = matrix @ matrix.T
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(sims, 1) >= threshold)):
        parent[find(i)] = find(j)
    return {a: f"c{find(i)}" for i, a in enumerate(ids)}


def groups_to_labels(groups: list[list[str]]) -> dict[str, str]:
    return {a: f"g{n}" for n, g in enumerate(groups) for a in g}


def report(name: str, pred: dict[str, str], truth: dict[str, str], collection: dict[str, str]) -> list[str]:
    rows = []
    for coll in ("multiling", "multinews", "all"):
        ids = [a for a in pred if coll == "all" or collection[a] == coll]
        s = bcubed(pred, truth, ids)
        rows.append(f"| {name} | {coll} | {len(ids)} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.clusters} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13, help="shuffle seed")
    parser.add_argument("--sweep", action="store_true", help="also try a grid of join thresholds")
    args = parser.parse_args()

    items, truth, collection = load_articles()
    random.Random(args.seed).shuffle(items)
    models = load_models()
    settings = Settings()
    start = time.perf_counter()
    prepared = pipeline.prepare(items, settings)
    parsed = pipeline.mark_copies(parse_articles(prepared.articles, models))
    groups = stories.cluster_articles(parsed, models, settings.clustering)
    elapsed = time.perf_counter() - start
    ours = groups_to_labels([[p.article.id for p in g] for g in groups])
    kept = {a: truth[a] for a in ours}
    texts = {p.article.id: p.article.text for p in parsed}
    copies = sum(1 for p in parsed if p.article.duplicate_of)

    print(f"{len(items)} articles read, {len(parsed)} analysed, {len(prepared.rejected)} rejected, "
          f"{copies} marked as copies; {elapsed:.1f} s from reading to stories (seed {args.seed})\n")
    print("| method | collection | articles | B³ precision | B³ recall | B³ F1 | stories |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in report("newsweave (embeddings + TF-IDF + entities + time, online)", ours, kept, collection):
        print(row)
    for threshold in (0.2, 0.3):
        base = tfidf_single_link(texts, threshold)
        for row in report(f"baseline: TF-IDF single-link ≥ {threshold}", base, kept, collection):
            print(row)
    for row in report("baseline: all in one story", {a: "one" for a in ours}, kept, collection):
        print(row)

    if args.sweep:
        originals = [p for p in parsed if not p.article.duplicate_of]
        feats = stories.article_features(originals, models)
        for join in (0.40, 0.45, 0.50, 0.55, 0.60):
            for drift in (0.25, 0.35):
                labels = groups_to_labels(cluster(feats, ClusteringSettings(join=join, drift=drift)))
                labels.update({p.article.id: labels[p.article.duplicate_of] for p in parsed if p.article.duplicate_of})
                for row in report(f"sweep join={join} drift={drift}", labels, kept, collection):
                    print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
