"""The timeline: dated events, relative dates resolved against publication dates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Discrepancy, Entity, Settings, TimelineEntry
from newsweave.nlp import ParsedArticle


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """Timeline entries sorted by date, and events that sources date differently."""

    entries: tuple[TimelineEntry, ...]
    discrepancies: tuple[Discrepancy, ...]


def build_timeline(parsed: Sequence[ParsedArticle], entities: Sequence[Entity],
                   vectors: Mapping[tuple[str, int], np.ndarray], settings: Settings) -> TimelineResult:
    """The story's dated events, merged across articles, sorted by date."""
    return TimelineResult((), ())
