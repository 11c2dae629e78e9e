"""A learned sentence-salience head: how much of a reference summary a candidate sentence is expected to carry.

The hand-set bonus of `summary` (sources that report related content, the
lead) says what a sentence is worth relative to the others by two rules; this
head learns the same from human summaries. For each candidate it reads a few
story-relative features (`FEATURES`: lead and position, length, the weight of
the story's shared bigrams it holds, the share of sources that report it
alike, its closeness to the story's and to the other articles' centroid, and
whether it is filler) and predicts the reference bigrams it matches per word.
`summary._salience_bonus` turns that prediction times the sentence's words into
a term of the bonus `summary.select` maximises, so a sentence is worth the reference content it is expected to
bring, and redundancy stays with the concept terms.

A ridge regression fitted by `train/salience.py` on the dev half of the
Multi-News validation clusters (even lines); its weights and the record of
data, split, seed and figures are in `newsweave/data/salience.json`. Numpy
only; `nlp.load_models` reads the weights once (`load_head`) and the head
reaches the summary through `Models.salience`.

Limits: the features are relative to one story, so they say nothing of a
sentence's worth across stories; the head is linear, and was trained on
lower-cased web text cut to about 500 words a cluster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from newsweave import cards

DATA = Path(__file__).parent / "data" / "salience.json"

FEATURES = (
    "lead",  # (1 + position) ** -2
    "log_position",  # log(1 + position)
    "relative_position",  # position / body sentences of the article
    "log_words",
    "concept_density",  # shared-bigram weight per word, per source
    "concept_share",  # shared-bigram weight of the sentence over the story's best sentence
    "support_share",  # sources that report related content, over the story's sources
    "centrality",  # cosine with the story's centroid
    "cross_centrality",  # cosine with the centroid of the other articles' sentences
    "filler",  # tier 1, or leaning on the sentence before it
    "has_number",
    "has_quote",
)


@dataclass(frozen=True, slots=True)
class SalienceModel:
    """Standardisation and ridge weights over `FEATURES`, as `train/salience.py` fitted them."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Predicted reference bigrams matched per word, one a row of `features` (never below 0)."""
        if features.size == 0:
            return np.zeros(len(features))
        z = (features - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.maximum(0.0, z @ np.asarray(self.coef) + self.intercept)

    def to_dict(self) -> dict:
        """The model as the JSON of `newsweave/data/salience.json` stores it."""
        return {"features": list(FEATURES), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept}


@dataclass(frozen=True, slots=True)
class SalienceHead:
    """The head as the summary uses it: the fitted model and its weight in the ILP objective."""

    model: SalienceModel
    weight: float  # as `train/salience.py` chose it; 0 leaves the hand-set bonus alone


def read_card(path: Path = DATA) -> dict | None:
    """The card of the head (weights, chosen weight, record of data and figures); None when it is absent."""
    return cards.read_card(path, "salience card")


def load_head(path: Path = DATA) -> SalienceHead | None:
    """The shipped salience head, read once by `nlp.load_models`; None without a card (hand-set bonus only)."""
    card = read_card(path)
    return SalienceHead(model_from_dict(card["model"]), float(card["weight"])) if card else None


def model_from_dict(d: Mapping) -> SalienceModel:
    """A `SalienceModel` from its JSON; its features must be today's `FEATURES`, in order."""
    if tuple(d["features"]) != FEATURES:
        raise ValueError(f"salience weights are for features {d['features']}, not {list(FEATURES)}")
    return SalienceModel(tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]), float(d["intercept"]))


def sentence_features(texts: Sequence[str], positions: Sequence[int], lengths: Sequence[int],
                      article_sizes: Sequence[int], concept_weight: Sequence[float],
                      support: Sequence[float], filler: Sequence[bool], vectors: np.ndarray,
                      story_sum: np.ndarray, other_sums: np.ndarray, n_sources: int,
                      concept_unit: float) -> np.ndarray:
    """The `FEATURES` of each candidate sentence, one row each.

    `concept_weight` is the weight of the shared bigrams a sentence holds
    (`summary.concept_weights`), `concept_unit` the weight one source gives
    one bigram; `support` the sources that report related content;
    `story_sum` the sum of every sentence vector of the story, `other_sums`
    per candidate the sum over the sentences of the other articles.
    """
    n = len(texts)
    out = np.zeros((n, len(FEATURES)))
    if n == 0:
        return out
    best_concepts = max(max(concept_weight), 1e-9)
    centroid = _unit(story_sum)
    for i, text in enumerate(texts):
        pos, words = positions[i], max(1, lengths[i])
        out[i] = (
            (1.0 + pos) ** -2.0,
            math.log1p(pos),
            pos / max(1, article_sizes[i]),
            math.log(words),
            concept_weight[i] / words / max(concept_unit * n_sources, 1e-9),
            concept_weight[i] / best_concepts,
            support[i] / max(1, n_sources),
            float(vectors[i] @ centroid),
            float(vectors[i] @ _unit(other_sums[i])),
            float(filler[i]),
            float(any(ch.isdigit() for ch in text)),
            float(any(q in text for q in "\"“”")),
        )
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
