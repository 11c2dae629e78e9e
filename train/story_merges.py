"""Train the recall pass's story-pair model (`newsweave.stories.merge`) and write its weights.

Pairs come from the clusterer's own output: each training collection's mix
(as `benchmarks/stories.py` clusters it) is placed with today's setting, the
recall pass off, at several join thresholds (`JOINS`: a higher threshold
leaves more of a story's reports apart, so the model sees more parts of one
story beside look-alikes); every story is paired with its `MERGE_CANDIDATES`
nearest, label 1 when the two stories' majority true stories are one. A
logistic regression over `MERGE_FEATURES` (standardised, classes balanced) is
fitted on those pairs.

Data: the benchmark caches of `benchmarks/story_data.py` (MultiLing 2011,
Multi-News validation sample, ECB+ *train* topics only: ECB+ dev stays out).
Seed 0 (liblinear is deterministic; the seed is recorded).

Run: ``PYTHONPATH=src .venv/bin/python train/story_merges.py [--out src/newsweave/data/story_merges.json]``
(needs the `train` extra: scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "train"))

from newsweave.model import ClusteringSettings  # noqa: E402
from newsweave.stories.cluster import Clusterer, Features, StoryState, cluster  # noqa: E402
from newsweave.stories.merge import MERGE_FEATURES, candidate_pairs, merge_features  # noqa: E402
from newsweave.stories.pairs import PairScorer  # noqa: E402

SEED = 0
C = 1.0  # inverse regularisation: of 1 and 0.05, the one chosen in docs/BENCHMARKS.md
JOINS = (0.45, 0.5, 0.55, 0.6, 0.65)
MODEL = f"LogisticRegression(C={C}, liblinear, class_weight=balanced)"
# The collections clustered together, as the benchmark mixes them.
MIXES = {"multiling+multinews": ("multiling", "multinews"), "ecbplus": ("ecbplus",)}


def story_states(groups: list[list[str]], features: dict[str, Features]) -> list[StoryState]:
    """The running sums of each group's articles (in canonical order), as the clusterer keeps them."""
    out = []
    for n, g in enumerate(groups):
        s = StoryState(f"s{n}")
        for a in sorted(g, key=lambda a: features[a].key):
            s.add(features[a])
        out.append(s)
    return out


def pairs_of_groups(groups: list[list[str]], features: dict[str, Features],
                    truth: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """(story-pair features, labels) of every story with its nearest stories, as the recall pass pairs them."""
    states = story_states(groups, features)
    clusterer = Clusterer(states, lambda: "unused")  # for its counts of articles holding each mark
    pairs = candidate_pairs(states, set(range(len(states))))
    major = [Counter(truth[a] for a in s.members).most_common(1)[0][0] for s in states]
    if not pairs:
        return np.zeros((0, len(MERGE_FEATURES))), np.zeros(0, dtype=np.int8)
    x = np.stack([merge_features(states[i], states[j], cos, lex, clusterer._mark_df, clusterer._articles)
                  for i, j, cos, lex in pairs])
    return x, np.array([major[i] == major[j] for i, j, _, _ in pairs], dtype=np.int8)


def training_pairs(features: list[Features], truth: dict[str, str],
                   params: ClusteringSettings = ClusteringSettings()) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of one mix's stories, placed at every join threshold of `JOINS` with the recall pass off."""
    by_id = {f.article: f for f in features}
    xs, ys = [], []
    for join in JOINS:
        x, y = pairs_of_groups(cluster(features, replace(params, join=join)), by_id, truth)
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, c: float = C) -> PairScorer:
    """A standardised logistic regression on the pairs (classes balanced: few pairs are one story)."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), np.clip(x.std(axis=0), 1e-6, None)
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=SEED, max_iter=1000)
    model.fit((x - mean) / scale, y)
    return PairScorer(model.coef_[0].astype(np.float64), float(model.intercept_[0]), mean, scale, MERGE_FEATURES)


def train_merger(records: dict[str, list], c: float = C) -> tuple[PairScorer, dict]:
    """The model trained on the named collections' records (mixed as the benchmark mixes them), and on what."""
    x, y, sizes = records_pairs(records)
    return fit(x, y, c), {"data": sizes, "pairs": int(len(y)), "positive_pairs": int(y.sum())}


def records_pairs(records: dict[str, list]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """(pair features, labels, articles of each collection) of the named collections' records, mixed as the benchmark mixes them."""
    import story_data

    xs, ys, sizes = [], [], {}
    for collections in MIXES.values():
        rs = [r for name in collections if name in records for r in records[name]]
        if not rs:
            continue
        features = story_data.features_of(rs)
        x, y = training_pairs(features, {r.id: r.truth for r in rs})
        xs.append(x)
        ys.append(y)
        sizes.update({name: len(records[name]) for name in collections if name in records})
    return np.concatenate(xs), np.concatenate(ys), sizes


def main() -> int:
    import story_data
    from story_pairs import train_ids

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data" / "story_merges.json")
    args = parser.parse_args()
    records = {name: story_data.load_collection(name, args.cache) for name in story_data.COLLECTIONS}
    records["ecbplus"] = [r for r in records["ecbplus"] if r.id in train_ids()]
    merger, trained_on = train_merger(records)
    data = merger.to_json()
    data["meta"] = {
        "trained_by": "train/story_merges.py", "seed": SEED, "model": MODEL, "features": list(MERGE_FEATURES),
        "joins": list(JOINS), **trained_on,
        "split": "MultiLing 2011 (all 10 topics) mixed with the Multi-News validation sample (200 clusters);"
                 " ECB+ train topics; ECB+ dev topics held out",
        "figures": "docs/BENCHMARKS.md, section 'Stories that transfer: a learned recall pass'",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in data.items() if k != "meta"}), data["meta"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
