"""Train the event split's "same event?" model of two articles (`newsweave.stories.split`) and write its weights.

Pairs: every two articles of one ECB+ *train* topic (each topic holds two
events of one kind, its sub-topics `ecb` and `ecbplus`), label 1 when they
report the same sub-topic. These are the pairs a split must tell apart: two
reports of like events that share their words. Features (`EVENT_FEATURES`):
cosines of the rarity-weighted names, numbers, years, lead predicates and
their arguments (`stories.events`), whether their years disagree, the cosines
of their TF-IDF and lead vectors; the rarity (document frequency) is over the
train topics' articles, as a batch of them would count it. A logistic
regression, standardised, classes balanced, liblinear, seed 0.

Data: the benchmark caches of `benchmarks/story_data.py` (ECB+ train topics
only; the dev topics, MultiLing and Multi-News are never read here: the split's
threshold is chosen leave one collection out by `benchmarks/stories.py`).

Run: ``PYTHONPATH=src .venv/bin/python train/story_splits.py [--cache /tmp/stories]
[--out src/newsweave/data/story_splits.json]`` (needs the `train` extra: scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from newsweave.stories.pairs import PairScorer  # noqa: E402
from newsweave.stories.split import EVENT_FEATURES, event_pair_features  # noqa: E402

SEED = 0
C = 1.0
MODEL = f"LogisticRegression(C={C}, liblinear, class_weight=balanced)"


def topic_of(truth: str) -> str:
    """The ECB+ topic of a true story id ("ecb-35-ecbplus" -> "ecb-35")."""
    return truth.rsplit("-", 1)[0]


def training_pairs(features: list, truth: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """(x, y): the features and labels of every two articles of one topic (each pair once)."""
    df = Counter(m for f in features for m in f.marks)
    by_topic: dict[str, list] = defaultdict(list)
    for f in features:
        by_topic[topic_of(truth[f.article])].append(f)
    xs, ys = [], []
    for topic in sorted(by_topic):
        members = sorted(by_topic[topic], key=lambda f: f.key)
        x = event_pair_features(members, df, len(features))
        upper = np.triu_indices(len(members), k=1)
        xs.append(x[upper])
        labels = np.array([truth[f.article] for f in members])
        ys.append((labels[:, None] == labels[None, :])[upper].astype(int))
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray) -> PairScorer:
    """The standardised, class-balanced logistic regression of the pairs."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", random_state=SEED)
    model.fit((x - mean) / scale, y)
    return PairScorer(model.coef_[0].astype(np.float64), float(model.intercept_[0]), mean, scale, EVENT_FEATURES)


def train_features(cache: Path) -> tuple[list, dict[str, str]]:
    """Clustering features (with lead events) of the ECB+ train-topic articles, and their true stories."""
    import story_data
    from stories import dev_ids

    records = [r for r in story_data.load_collection("ecbplus", cache) if r.id not in dev_ids()]
    features = [f for f in story_data.features_of(records, story_data.load_events("ecbplus", cache)) if f.substantial]
    return features, {r.id: r.truth for r in records}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data" / "story_splits.json")
    args = parser.parse_args()
    features, truth = train_features(args.cache)
    x, y = training_pairs(features, truth)
    scorer = fit(x, y)
    p = scorer.probabilities(x)
    record = scorer.to_json()
    record["meta"] = {
        "data": "ECB+ train topics (benchmarks/story_data.py, ecbplus-train-dev.jsonl.gz, split == train)",
        "pairs": int(len(y)), "positive": int(y.sum()), "articles": len(features), "model": MODEL, "seed": SEED,
        "train_accuracy": float(((p >= 0.5) == y).mean()),
        "threshold": "ClusteringSettings.split_event, chosen leave one collection out (docs/BENCHMARKS.md)",
    }
    args.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} pairs ({int(y.sum())} same event), train accuracy {record['meta']['train_accuracy']:.3f}")
    for name, w in zip(EVENT_FEATURES, scorer.weights):
        print(f"  {name:14s} {w:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
