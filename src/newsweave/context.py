"""What the per-story stages read: one `StoryContext` per story, built by `pipeline.analyze_story`.

The stages after grouping (entities, claims, timeline, summary) all need the
same few things about a story: its parsed articles, the sentence vectors that
tell which statements of different articles are close, and which independent
source each article counts as. Handing them one object keeps their signatures
from drifting apart as stages grow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from newsweave.model import Entity
from newsweave.nlp import ParsedArticle


@dataclass(frozen=True, slots=True)
class StoryContext:
    """One story's parsed articles, sentence vectors, independent sources and (once resolved) entities.

    `vectors` maps (article id, sentence index) to a unit vector; a
    one-article story has none (`pipeline.story_vectors`). `sources` maps an
    article id to its independent source: copies of one text and one outlet's
    reports share one.
    """

    parsed: tuple[ParsedArticle, ...]
    vectors: Mapping[tuple[str, int], np.ndarray] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()
