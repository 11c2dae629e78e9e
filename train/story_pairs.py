"""Train the "same story?" pair scorer (`newsweave.stories.pairs`) and write its weights.

Pairs come from replaying each training collection as a stream, in the
clusterer's canonical order, with the true stories: every article is paired
with the stories (built so far from the true grouping) that the clusterer
would look at (the `CANDIDATES` nearest by cosine, plus its true story when
that exists); label 1 for its true story, 0 for the others. A logistic
regression over `FEATURE_NAMES` (standardised, classes balanced) is fitted on
those pairs.

Data: the benchmark caches of `benchmarks/story_data.py` (MultiLing 2011,
Multi-News validation sample, ECB+ *train* topics only: ECB+ dev stays out).
Seed 0 (liblinear is deterministic; the seed is recorded).

Run: ``PYTHONPATH=src .venv/bin/python train/story_pairs.py [--out src/newsweave/data/story_pairs.json]``
(needs the `train` extra: scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newsweave.stories.cluster import CANDIDATES, Clusterer, StoryState  # noqa: E402
from newsweave.stories.pairs import FEATURE_NAMES, PairScorer, pair_features  # noqa: E402

SEED = 0
C = 0.1  # inverse regularisation: of 1 and 0.1, the better mean F1 left out (docs/BENCHMARKS.md)
MODEL = f"LogisticRegression(C={C}, liblinear, class_weight=balanced)"


def training_pairs(features: list, truth: dict[str, str], lexical_weight: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """(pair features, labels) from replaying `features` as a stream grouped by `truth`."""
    clusterer = Clusterer([], lambda: "unused")
    story_index: dict[str, int] = {}
    xs, ys = [], []
    for f in sorted(features, key=lambda f: f.key):
        own = truth[f.article]
        if f.substantial and clusterer.stories:
            cos, lexical = clusterer._index.cosines(f)
            blend = (1 - lexical_weight) * cos + lexical_weight * lexical
            candidates = list(np.argsort(-blend, kind="stable")[:CANDIDATES])
            if own in story_index and story_index[own] not in candidates:
                candidates.append(story_index[own])
            chosen = [clusterer.stories[i] for i in candidates]
            xs.append(pair_features(f, chosen, cos[candidates], lexical[candidates],
                                    clusterer._entity_df, clusterer._articles, clusterer._mark_df))
            ys.append(np.array([s.id == own for s in chosen], dtype=np.int8))
        if own not in story_index:
            story_index[own] = len(clusterer.stories)
            clusterer.stories.append(StoryState(own))
            clusterer._index.append(clusterer.stories[-1])
        i = story_index[own]
        clusterer.stories[i].add(f)
        clusterer._index.update(i, clusterer.stories[i])
        clusterer._count(f, 1)
    if not xs:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, dtype=np.int8)
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, c: float = C) -> PairScorer:
    """A standardised logistic regression on the pairs."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), np.clip(x.std(axis=0), 1e-6, None)
    # Balanced classes: each article has one true story among up to ten candidates, and the
    # clusterer compares the probability with 0.5, which then means even odds.
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=SEED, max_iter=1000)
    model.fit((x - mean) / scale, y)
    return PairScorer(model.coef_[0].astype(np.float64), float(model.intercept_[0]), mean, scale)


def pairs_of(collections: dict[str, tuple[list, dict[str, str]]]) -> tuple[np.ndarray, np.ndarray]:
    """Training pairs of several collections (each replayed on its own), stacked."""
    xs, ys = zip(*(training_pairs(f, t) for f, t in collections.values()))
    return np.concatenate(xs), np.concatenate(ys)


def train_scorer(records: dict[str, list]) -> tuple[PairScorer, dict]:
    """The scorer trained on the records of each named collection (each replayed as its own stream), and on what."""
    import story_data

    collections = {n: (story_data.features_of(rs), {r.id: r.truth for r in rs}) for n, rs in records.items()}
    x, y = pairs_of(collections)
    scorer = fit(x, y)
    return scorer, {"data": {n: len(f) for n, (f, _) in collections.items()},
                    "pairs": int(len(y)), "positive_pairs": int(y.sum())}


def main() -> int:
    import story_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data" / "story_pairs.json")
    args = parser.parse_args()
    records = {}
    for name in story_data.COLLECTIONS:
        records[name] = story_data.load_collection(name, args.cache)
        if name == "ecbplus":
            records[name] = [r for r in records[name] if r.id in train_ids()]
    scorer, trained_on = train_scorer(records)
    data = scorer.to_json()
    data["meta"] = {
        "trained_by": "train/story_pairs.py", "seed": SEED, "model": MODEL, "features": list(FEATURE_NAMES),
        **trained_on,
        "split": "MultiLing 2011 (all 10 topics), Multi-News validation sample (200 clusters), ECB+ train topics;"
                 " ECB+ dev topics held out",
        "figures": "docs/BENCHMARKS.md, section 'Stories that transfer'",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in data.items() if k != "meta"}), data["meta"])
    return 0


def train_ids() -> set[str]:
    """Ids (as the benchmark names them) of the ECB+ articles of the train split."""
    import gzip
    import story_data

    with gzip.open(story_data.ECBPLUS, "rt", encoding="utf-8") as fh:
        return {f"ecb-{row['doc_id']}" for row in map(json.loads, fh) if row["split"] == "train"}


if __name__ == "__main__":
    sys.exit(main())
