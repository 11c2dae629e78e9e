"""From a stream of articles to stories: near-duplicates (`dedup`), story clustering (`cluster`),
its learned "same story?" scorer (`pairs`) and the pass that splits a story of two like events (`split`).

The pipeline calls the stage functions below; the store (`newsweave.store`)
uses the same pieces incrementally, keeping fingerprints and story sums on disk.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from newsweave.model import ClusteringSettings
from newsweave.nlp import Models, ParsedArticle
from newsweave.stories.cluster import Clusterer, Features, StoryState, article_features, article_marks, cluster
from newsweave.stories.dedup import find_copies, source_key, with_duplicates

__all__ = [
    "Clusterer", "Features", "StoryState", "article_features", "article_marks", "cluster",
    "mark_duplicates", "independent_sources", "cluster_articles", "story_title", "scorer_for",
]


def mark_duplicates(parsed: Sequence[ParsedArticle]) -> list[ParsedArticle]:
    """The articles, each syndicated or lightly edited copy marked with `duplicate_of` its original."""
    copies = find_copies([p.article for p in parsed])
    if not copies:
        return list(parsed)
    marked = with_duplicates([p.article for p in parsed], copies)
    return [p if p.article is a else ParsedArticle(a, p.doc, p.sentences) for p, a in zip(parsed, marked)]


def scorer_for(models: Models, params: ClusteringSettings):
    """The pair scorer that decides joins: the loaded one when `params.learned`, else None (thresholds)."""
    if not params.learned:
        return None
    if models.story_scorer is None:
        raise ValueError("learned story clustering asked for, but no story pair weights are installed")
    return models.story_scorer


def independent_sources(parsed: Sequence[ParsedArticle]) -> dict[str, str]:
    """Map article id -> its independent source: copies count as their original, one outlet once."""
    by_id = {p.article.id: p.article for p in parsed}
    return {
        p.article.id: source_key(p.article, by_id.get(p.article.duplicate_of or ""))
        for p in parsed
    }


def cluster_articles(parsed: Sequence[ParsedArticle], models: Models,
                     params: ClusteringSettings) -> list[list[ParsedArticle]]:
    """The articles grouped into stories, largest first; the grouping does not depend on input order.

    Copies (``duplicate_of``) follow their original into its story.
    """
    if not parsed:
        return []
    by_id = {p.article.id: p for p in parsed}
    originals = [p for p in parsed if not p.article.duplicate_of or p.article.duplicate_of not in by_id]
    groups = cluster(article_features(originals, models), params, scorer_for(models, params), models.story_merger,
                     models.story_splitter)
    story_of = {a: n for n, group in enumerate(groups) for a in group}
    for p in parsed:
        if p.article.id not in story_of:
            story_of[p.article.id] = story_of[p.article.duplicate_of]
    out: dict[int, list[ParsedArticle]] = {}
    for p in parsed:
        out.setdefault(story_of[p.article.id], []).append(p)
    position = {p.article.id: i for i, p in enumerate(parsed)}
    return sorted(out.values(), key=lambda g: (-len(g), min(position[p.article.id] for p in g)))


def story_title(parsed: Sequence[ParsedArticle], vectors: Mapping[tuple[str, int], np.ndarray]) -> str:
    """The title of the story's most central article (nearest to the mean of all its sentences)."""
    titled = [p for p in parsed if p.article.title]
    if not titled:
        first = next((p for p in parsed if p.sentences), None)
        return first.sentences[0].text if first else "Untitled story"
    if not vectors:
        return titled[0].article.title or "Untitled story"
    mean = np.mean(np.stack(list(vectors.values())), axis=0)

    def centrality(p: ParsedArticle) -> float:
        own = [vectors[(p.article.id, s.index)] for s in p.sentences if (p.article.id, s.index) in vectors]
        return float(np.mean(own, axis=0) @ mean) if own else -1.0

    return max(titled, key=lambda p: (centrality(p), -parsed.index(p))).article.title or "Untitled story"
