"""Train the entity pair scorer (`newsweave/entities/pairs.py`) on the ECB+ train topics.

Data: `../shared/bench/coref/ecbplus-train-dev.jsonl.gz` (ECB+, Cybulska &
Vossen 2014). For each train topic (its articles as one story) the rules join
what they can; every candidate pair left apart is labelled from the gold
cross-document chains (each form takes the chain most of its mentions hold
the head of; a pair is positive when both forms take one chain; forms no gold
mention covers are left out). A logistic regression (scikit-learn, seed 0) is
fit on those pairs; the threshold is the one of a small grid that gives the
best B-cubed F1 of the whole stage on the train topics with precision at least
`MIN_PRECISION`. Dev topics are scored for the record only, never used to choose.

Writes `src/newsweave/data/entity_pairs.json`: features, weights, bias,
threshold, and the record (data, split, seed, figures). Run:
``PYTHONPATH=src .venv/bin/python train/entity_pairs.py`` (extra `train`).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import entities as bench  # noqa: E402  (benchmarks/entities.py: ECB+ loading, parse cache, scoring)
from newsweave.entities import gazetteer_of  # noqa: E402
from newsweave.entities.pairs import FEATURES, PairModel, story_pairs  # noqa: E402
from newsweave.entities.resolve import joined_forms, resolve  # noqa: E402
from newsweave.nlp import load_models  # noqa: E402

OUT = ROOT / "src" / "newsweave" / "data" / "entity_pairs.json"
SEED = 0
MIN_PRECISION = 0.93
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def gold_heads(topic, parsed) -> dict[str, list[tuple[int, int, str]]]:
    """Per article, the head span (root token of the gold span in spaCy's parse) of each gold mention, with its chain."""
    docs = {p.article.id: p.doc for p in parsed}
    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for article, start, end, chain in topic.gold:
        span = docs[article].char_span(start, end, alignment_mode="expand")
        lo, hi = (span.root.idx, span.root.idx + len(span.root)) if span is not None and len(span) else (start, end)
        out[article].append((lo, hi, chain))
    return out


def form_chain(form, heads) -> str | None:
    """The gold chain most of the form's mentions hold the head of (None when none does)."""
    chains = Counter(c for m in form.mentions for lo, hi, c in heads[m.article] if m.start < hi and lo < m.end)
    return chains.most_common(1)[0][0] if chains else None


def topic_pairs(topic, parsed, gazetteer):
    """Feature rows and labels of a topic's labelled candidate pairs."""
    joined = joined_forms(parsed, gazetteer)
    if joined is None:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    forms, uf = joined
    pairs, x = story_pairs(forms, uf, parsed)
    heads = gold_heads(topic, parsed)
    chain = {f.index: form_chain(f, heads) for f in forms}
    keep = [i for i, (a, b) in enumerate(pairs) if chain[a.index] and chain[b.index]]
    y = np.array([chain[pairs[i][0].index] == chain[pairs[i][1].index] for i in keep], dtype=float)
    return x[keep], y


def bcubed_of(topics, parsed_of, gazetteer, model) -> dict:
    """B-cubed precision, recall and F1 of the whole stage with this pair model (None: rules alone)."""
    pairs = []
    for topic in topics:
        parsed = parsed_of[topic.topic]
        entities = resolve(parsed, gazetteer, pair_model=model or PairModel(np.zeros(len(FEATURES)), -1e9, 2.0))
        pairs += [(f"{topic.topic}/{g}", f"{topic.topic}/{e}") for g, e, _ in bench.covered_mentions(topic, parsed, entities)]
    p, r = bench.bcubed(pairs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(bench.f1(p, r), 4)}


def main() -> int:
    from sklearn.linear_model import LogisticRegression

    models = load_models()
    gazetteer = gazetteer_of(models)
    topics = bench.load_ecbplus()
    train = [t for t in topics if t.split == "train"]
    dev = [t for t in topics if t.split == "dev"]
    parsed_of = {t.topic: bench.parse_cached(t.articles, models) for t in topics}
    xs, ys = zip(*(topic_pairs(t, parsed_of[t.topic], gazetteer) for t in train))
    x, y = np.vstack(xs), np.concatenate(ys)
    clf = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED).fit(x, y)
    weights, bias = clf.coef_[0], float(clf.intercept_[0])
    rules = bcubed_of(train, parsed_of, gazetteer, None)
    grid = {}
    for t in THRESHOLDS:
        grid[t] = bcubed_of(train, parsed_of, gazetteer, PairModel(weights, bias, t))
        print(f"threshold {t}: train {grid[t]}  (rules alone {rules})")
    ok = [t for t in THRESHOLDS if grid[t]["precision"] >= MIN_PRECISION and grid[t]["f1"] > rules["f1"]]
    threshold = max(ok, key=lambda t: grid[t]["f1"]) if ok else 2.0  # 2.0: never joins
    chosen = PairModel(weights, bias, threshold)
    record = {
        "data": "../shared/bench/coref/ecbplus-train-dev.jsonl.gz (ECB+)",
        "split": {"train_topics": [t.topic for t in train], "dev_topics_reported_only": [t.topic for t in dev]},
        "seed": SEED, "model": "sklearn LogisticRegression(C=1.0)",
        "pairs": int(len(y)), "positive_pairs": int(y.sum()),
        "choice": f"best train B-cubed F1 with precision >= {MIN_PRECISION}, over thresholds {list(THRESHOLDS)}",
        "train_rules_alone": rules, "train_by_threshold": {str(k): v for k, v in grid.items()},
        "train_chosen": grid.get(threshold, rules),
        "dev_rules_alone": bcubed_of(dev, parsed_of, gazetteer, None),
        "dev_chosen": bcubed_of(dev, parsed_of, gazetteer, chosen),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"features": list(FEATURES), "weights": [round(float(w), 6) for w in weights],
                               "bias": round(bias, 6), "threshold": threshold, "record": record}, indent=1) + "\n")
    print(json.dumps(record, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
