"""Cluster centrality in the summary's objective: a sentence's degree in the story's sentence graph.

Real text: the Haiti reports of `tests/summary_helpers.py` (MultiLing 2011 topic
M006, WikiNews, CC BY 2.5): four reports of one earthquake, where the quake's
magnitude, place and toll recur across reports and the aid worker's remarks
stand in one report only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsweave import summary as stage
from newsweave.context import StoryContext

from summary_helpers import Story


def _graph(story: Story):
    units = stage.build_units(story.parsed, story.sources)
    matrix = stage._matrix(units, story.vectors)
    return units, matrix


def test_degree_counts_related_sentences_of_other_articles_only(haiti):
    units, matrix = _graph(haiti)
    counts, degree = stage.related_content(units, units, matrix)
    assert ((degree >= 0) & (degree <= 1)).all() and degree.max() > 0
    # The same count by hand: sentences of other articles at cosine >= SUPPORT_SIMILARITY.
    sims = matrix @ matrix.T
    by_hand = [sum(1 for j, v in enumerate(units) if v.sentence.article != u.sentence.article
                   and sims[i, j] >= stage.SUPPORT_SIMILARITY) / len(units) for i, u in enumerate(units)]
    assert np.allclose(degree, by_hand)
    assert np.array_equal(counts, stage.support_counts(units, units, matrix))
    # The sentences that open a report of the quake are more central than the aid worker's quotes.
    quake = [degree[i] for i, u in enumerate(units) if "7.0 magnitude" in u.text]
    quotes = [degree[i] for i, u in enumerate(units) if "enough shelter" in u.text]
    assert quake and quotes and max(quake) > max(quotes)


def test_a_story_of_one_article_has_no_centrality(haiti):
    units, matrix = _graph(haiti)
    one = [replace(u, sentence=replace(u.sentence, article="one")) for u in units]
    _, degree = stage.related_content(one, one, matrix)
    assert not degree.any()


def test_centrality_draws_the_summary_to_the_centre_of_the_cluster(haiti, monkeypatch):
    units, matrix = _graph(haiti)
    _, degree = stage.related_content(units, units, matrix)
    of = {u.text: degree[i] for i, u in enumerate(units)}
    context = StoryContext(tuple(haiti.parsed), haiti.vectors, haiti.sources)
    monkeypatch.setattr(stage, "CENTRALITY_WEIGHT", 0.0)
    without = [s.text for s in stage.summarize_story(context, 80)]
    monkeypatch.setattr(stage, "CENTRALITY_WEIGHT", 50.0)
    central = [s.text for s in stage.summarize_story(context, 80)]
    assert sum(len(t.split()) for t in central) <= 80
    assert set(central) != set(without)
    words = lambda texts: sum(len(t.split()) for t in texts)  # noqa: E731
    share = lambda texts: sum(of[t] * len(t.split()) for t in texts) / words(texts)  # noqa: E731
    assert share(central) > share(without)
