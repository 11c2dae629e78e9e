"""Multi-document extractive summaries in which every sentence cites its sources."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Settings, Span, Summary
from newsweave.nlp import ParsedArticle


def summarize_story(parsed: Sequence[ParsedArticle], vectors: Mapping[tuple[str, int], np.ndarray],
                    sources: Mapping[str, str], words: int, settings: Settings) -> list[Summary]:
    """Summary sentences within `words` words, each citing the spans behind it."""
    out: list[Summary] = []
    used = 0
    for p in parsed:
        for s in p.sentences:
            if s.is_headline:
                continue
            n = len(s.text.split())
            if used + n > words:
                return out
            out.append(Summary(s.text, (Span(s.article, s.start, s.end),)))
            used += n
            break
    return out
