"""A learned "same story?" decision: logistic regression over article-story features.

Instead of a join threshold fitted per collection, the online clusterer asks
a small model the probability that an article belongs to a story, and joins
the best story when that probability reaches 0.5, else opens a new one (as
Miranda et al., "Multilingual clustering of streaming news", EMNLP 2018, do
for a multilingual news stream). The features are ones that carry across
collections of different kinds:

- cosine of the article's title-and-lead embedding to the story's centroid,
  and to the centroid of the story's first articles (its core);
- cosine of TF-IDF vectors over hashed words (rare words weigh most);
- shared salient entities: their share of the article's entities, and the same
  share weighted by each entity's rarity (inverse document frequency over all
  the articles placed so far);
- the days between the article and the story's window, when both are dated;
- the story's size (a large story's centroid is an average of many leads);
- the article's marks (`Features.marks`: every salient entity, number and year it
  names) held by the story's articles, as an average linkage: for names, numbers
  and years apart, the rarity-weighted share of the article's marks that each of
  the story's articles holds, averaged over them; and whether both name any
  number, any year. Two events of one kind (two earthquakes, two Oscars hosts)
  share their words but not these.

The weights are trained by `train/story_pairs.py` and ship as JSON in
`newsweave/data/`; inference is numpy only.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

import numpy as np

FEATURE_NAMES = ("centroid_cos", "core_cos", "lexical_cos", "entity_share", "entity_rare_share",
                 "log_days_apart", "dated", "log_size",
                 "name_share", "number_share", "year_share", "numbers_both", "years_both")
MARK_KINDS = ("e:", "n:", "y:")
WEIGHTS_FILE = "story_pairs.json"


@dataclass(frozen=True, slots=True)
class PairScorer:
    """Standardised logistic regression: p = sigmoid(((x - mean) / scale) . weights + bias)."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    names: tuple[str, ...] = FEATURE_NAMES

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The probability of "same story" for each row of pair features `x`."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict:
        """The scorer as plain JSON values."""
        return {"features": list(self.names), "weights": self.weights.tolist(), "bias": self.bias,
                "mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @staticmethod
    def from_json(data: dict, expected: tuple[str, ...] = FEATURE_NAMES) -> "PairScorer":
        """A scorer from `to_json`'s values; a clear error when its features are not `expected` (this version's)."""
        names = tuple(data["features"])
        if names != expected:
            raise ValueError(f"story pair weights are for features {names}, expected {expected}")
        return PairScorer(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]),
                          np.asarray(data["mean"], dtype=np.float64), np.asarray(data["scale"], dtype=np.float64),
                          names)


def load_scorer() -> PairScorer | None:
    """The shipped scorer from `newsweave/data/story_pairs.json`, or None when none ships."""
    path = resources.files("newsweave") / "data" / WEIGHTS_FILE
    if not path.is_file():
        return None
    return PairScorer.from_json(json.loads(path.read_text(encoding="utf-8")))


def entity_idf(entity_df: Counter, articles: int, entity: str) -> float:
    """Inverse document frequency of an entity among the articles placed so far."""
    return math.log((articles + 1) / (entity_df.get(entity, 0) + 1)) + 1.0


def pair_features(f, stories: Sequence, centroid_cos: np.ndarray, lexical_cos: np.ndarray,
                  entity_df: Counter, articles: int, mark_df: Counter | None = None) -> np.ndarray:
    """Pair features (`FEATURE_NAMES`) of article features `f` against each of `stories`.

    `centroid_cos` and `lexical_cos` are the cosines already computed against
    the same stories (in one matrix product by the caller); `mark_df` counts the
    articles placed so far that hold each mark (`Features.marks`).
    """
    x = np.zeros((len(stories), len(FEATURE_NAMES)), dtype=np.float64)
    idf = [entity_idf(entity_df, articles, e) for e in f.entities]
    total_idf = sum(idf) or 1.0
    marks = _marks_by_kind(f.marks, mark_df or Counter(), articles)
    for i, s in enumerate(stories):
        core = float(np.linalg.norm(s.core_sum))
        shared = [w for e, w in zip(f.entities, idf) if s.entity_counts.get(e, 0) > 0]
        days, dated = _days_apart(f, s)
        shares = [_mean_share(kind, s) for kind in marks]
        held = _kinds_held(s)
        x[i] = (centroid_cos[i], float(s.core_sum @ f.vector) / core if core > 1e-9 else 0.0, lexical_cos[i],
                len(shared) / max(len(f.entities), 1), sum(shared) / total_idf,
                math.log1p(days), float(dated), math.log1p(s.size),
                *shares, float(bool(marks[1]) and held[1]), float(bool(marks[2]) and held[2]))
    return x


def _marks_by_kind(marks: Sequence[str], mark_df: Counter, articles: int) -> list[list[tuple[str, float]]]:
    """The article's marks of each of `MARK_KINDS`, each with its rarity weight (idf over the articles placed)."""
    out: list[list[tuple[str, float]]] = [[] for _ in MARK_KINDS]
    for m in marks:
        if m[:2] in MARK_KINDS:
            out[MARK_KINDS.index(m[:2])].append((m, entity_idf(mark_df, articles, m)))
    return out


def _mean_share(marks: list[tuple[str, float]], s) -> float:
    """Average over the story's articles of the rarity-weighted share of the article's marks each holds.

    The average linkage of a mark overlap, read from the story's counts of
    articles holding each mark (so a mark held by one article of forty weighs
    a fortieth of one held by all).
    """
    total = sum(w for _, w in marks)
    if not total or not s.size:
        return 0.0
    return sum(w * s.mark_counts.get(m, 0) for m, w in marks) / (total * s.size)


def _kinds_held(s) -> tuple[bool, bool, bool]:
    """Whether any article of the story names an entity, a number, a year (`MARK_KINDS`)."""
    found = [False, False, False]
    for m in s.mark_counts:
        if m[:2] in MARK_KINDS:  # the lead's events ("v:", "a:") are the event split's, not this scorer's
            found[MARK_KINDS.index(m[:2])] = True
        if all(found):
            break
    return tuple(found)


def _days_apart(f, s) -> tuple[int, bool]:
    if f.day is None or s.first_day is None or s.last_day is None:
        return 0, False
    return max(0, s.first_day - f.day, f.day - s.last_day), True
