"""Story clustering benchmark: B-cubed precision, recall and F1 against the true stories.

Reads its data from ../shared/bench (outside the repository; see its README).

Three collections of different kinds (see `story_data.py`): MultiLing 2011
(WikiNews), the Multi-News sample (scraped web pages) and ECB+ train and dev
(tokenised news text with no dates, every sub-topic a true story: two
different events of one kind per topic must come out apart). Two mixes are
clustered, as they would arrive in one input: (1) MultiLing + Multi-News
shuffled together, (2) ECB+ alone; each collection is scored on its own
articles, beside the TF-IDF single-link baseline in the same run.

Then (3) leave one collection out: for each collection, the setting is chosen
on the other two (the join threshold for the hand-set score, the threshold
of the baseline, the training data of the learned pair scorer) and scored on
the one left out; next to it, the collection's figure with the setting chosen
on all three (the gap the targets bound at 0.03).

B-cubed (Bagga and Baldwin, 1998; Amigó et al., 2009): for each article,
precision is the share of its predicted story that truly belongs with it,
recall the share of its true story found in its predicted story; both are
averaged over articles.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/stories.py [--cache /tmp/stories] [--no-learned]``
(the learned rows of the leave-one-out part need the `train` extra).
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "train"))

import story_data  # noqa: E402
from newsweave.model import ClusteringSettings  # noqa: E402
from newsweave.stories.cluster import cluster  # noqa: E402
from newsweave.stories.pairs import PairScorer, load_scorer  # noqa: E402

MIXES = {"multiling+multinews": ("multiling", "multinews"), "ecbplus": ("ecbplus",)}
JOIN_GRID = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65)
TFIDF_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


@dataclass(frozen=True, slots=True)
class Scores:
    """B-cubed precision, recall and F1, and the number of predicted stories."""

    precision: float
    recall: float
    f1: float
    clusters: int


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


class Bench:
    """The cached records of every mix, their features, and the clustering runs over them."""

    def __init__(self, cache: Path):
        self.records = {c: story_data.load_collection(c, cache) for c in story_data.COLLECTIONS}
        self.truth = {r.id: r.truth for rs in self.records.values() for r in rs}
        self.collection = {r.id: r.collection for rs in self.records.values() for r in rs}
        self.mix_records = {m: [r for c in cs for r in self.records[c]] for m, cs in MIXES.items()}
        self.mix_features = {m: story_data.features_of(rs) for m, rs in self.mix_records.items()}

    def ours(self, params: ClusteringSettings, scorer: PairScorer | None = None) -> dict[str, str]:
        """Predicted story of every article, each mix clustered on its own."""
        labels = {}
        for m, rs in self.mix_records.items():
            groups = cluster(self.mix_features[m], params, scorer)
            labels.update({a: f"{m}:{g}" for a, g in story_data.labels_with_copies(groups, rs).items()})
        return labels

    def baseline(self, threshold: float) -> dict[str, str]:
        """The TF-IDF single-link baseline's story of every article, each mix on its own."""
        labels = {}
        for m, rs in self.mix_records.items():
            labels.update({a: f"{m}:{g}" for a, g in tfidf_single_link({r.id: r.text for r in rs}, threshold).items()})
        return labels

    def score(self, labels: dict[str, str], collection: str) -> Scores:
        """B-cubed of the labels on one collection's articles ("ecbplus-dev": its dev topics only)."""
        if collection == "ecbplus-dev":
            dev = dev_ids()
            ids = [a for a in labels if a in dev]
        else:
            ids = [a for a in labels if self.collection[a] == collection]
        return bcubed(labels, self.truth, ids)


@functools.cache
def dev_ids() -> frozenset[str]:
    """Benchmark ids of the ECB+ dev articles."""
    import gzip
    import json

    with gzip.open(story_data.ECBPLUS, "rt", encoding="utf-8") as fh:
        return frozenset(f"ecb-{row['doc_id']}" for row in map(json.loads, fh) if row["split"] == "dev")


def rows(name: str, bench: Bench, labels: dict[str, str],
         collections: tuple[str, ...] = story_data.COLLECTIONS + ("ecbplus-dev",)) -> list[str]:
    """Markdown rows of one method's scores on each collection."""
    out = []
    for c in collections:
        s = bench.score(labels, c)
        n = sum(1 for a in labels if (a in dev_ids() if c == "ecbplus-dev" else bench.collection[a] == c))
        out.append(f"| {name} | {c} | {n} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.clusters} |")
    return out


def leave_one_out(bench: Bench, runs: dict[str, dict[str, str]]) -> dict[str, dict[str, float]]:
    """For each collection: F1 with the setting best on the other two, and with the one best on all three.

    `runs` maps a setting's name to its labels; a setting is chosen by the mean F1 over the collections.
    """
    f1 = {name: {c: bench.score(labels, c).f1 for c in story_data.COLLECTIONS} for name, labels in runs.items()}
    best_all = max(f1, key=lambda n: np.mean(list(f1[n].values())))
    out = {}
    for c in story_data.COLLECTIONS:
        others = [o for o in story_data.COLLECTIONS if o != c]
        chosen = max(f1, key=lambda n: np.mean([f1[n][o] for o in others]))
        out[c] = {"chosen": chosen, "left_out": f1[chosen][c], "all": f1[best_all][c], "all_setting": best_all}
    return out


def learned_leave_one_out(bench: Bench, params: ClusteringSettings) -> dict[str, float]:
    """F1 on each collection of the pair scorer trained on the other two (ECB+: its train part only)."""
    import story_pairs

    train_ids = story_pairs.train_ids()
    out = {}
    for c in story_data.COLLECTIONS:
        records = {o: [r for r in bench.records[o] if o != "ecbplus" or r.id in train_ids]
                   for o in story_data.COLLECTIONS if o != c}
        scorer, _ = story_pairs.train_scorer(records)
        out[c] = bench.score(bench.ours(params, scorer), c).f1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--no-learned", action="store_true", help="skip the learned pair scorer")
    args = parser.parse_args()

    bench = Bench(args.cache)
    today = ClusteringSettings()
    start = time.perf_counter()
    ours = bench.ours(today)
    elapsed = time.perf_counter() - start
    print(f"{sum(len(r) for r in bench.records.values())} articles; clustering both mixes took {elapsed:.1f} s\n")
    print("| method | collection | articles | B³ precision | B³ recall | B³ F1 | stories |")
    print("|---|---|---:|---:|---:|---:|---:|")
    table = rows(f"newsweave, today's setting (join {today.join})", bench, ours)
    shipped = None if args.no_learned else load_scorer()
    learned_params = replace(today, learned=True)
    if shipped is not None:
        table += rows("newsweave, learned pair scorer (shipped)", bench, bench.ours(learned_params, shipped))
    base = {t: bench.baseline(t) for t in TFIDF_GRID}
    for t in (0.2, 0.3):
        table += rows(f"baseline: TF-IDF single-link ≥ {t}", bench, base[t])
    print("\n".join(table), flush=True)

    print("\nLeave one collection out (B³ F1; setting chosen by mean F1 on the other collections)\n")
    print("| method | collection | setting chosen without it | F1 left out | setting chosen on all | F1 | gap |")
    print("|---|---|---|---:|---|---:|---:|")
    joins = {f"join {j}": bench.ours(replace(today, join=j)) for j in JOIN_GRID}
    for name, runs in (("newsweave, hand-set score", joins),
                       ("baseline: TF-IDF single-link", {f"≥ {t}": labels for t, labels in base.items()})):
        for c, r in leave_one_out(bench, runs).items():
            print(f"| {name} | {c} | {r['chosen']} | {r['left_out']:.3f} | {r['all_setting']} | {r['all']:.3f} |"
                  f" {r['all'] - r['left_out']:+.3f} |")
    if not args.no_learned:
        for c, f in learned_leave_one_out(bench, learned_params).items():
            full = bench.score(bench.ours(learned_params, shipped), c).f1 if shipped is not None else float("nan")
            print(f"| newsweave, learned pair scorer | {c} | trained on the other two | {f:.3f} |"
                  f" trained on all three | {full:.3f} | {full - f:+.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
