"""End to end: the samples through every stage, and the dependency rule."""

from __future__ import annotations

import subprocess
import sys

from newsweave.model import Result, Settings
from newsweave.pipeline import run


def test_samples_analyse_into_one_story(models, samples_dir):
    result = run([samples_dir], models, Settings(single_story=True))
    assert len(result.articles) == 5
    assert len(result.stories) == 1
    story = result.stories[0]
    assert set(story.articles) == {a.id for a in result.articles}
    assert Result.from_dict(result.to_dict()) == result


def test_core_does_not_import_the_edge():
    code = ("import sys, newsweave.pipeline; "
            "bad = [m for m in sys.modules if m.startswith(('newsweave.cli', 'newsweave.web'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_article_left_empty_by_cleaning_is_rejected_not_analysed():
    from newsweave.pipeline import prepare

    notice = {"id": "x1", "text": "Advertisement\nAdvertisement\n"}
    good = {"id": "x2", "text": "The council approved the budget on Monday after a long debate."}
    prepared = prepare([notice, good], Settings())
    assert [a.id for a in prepared.articles] == ["x2"]
    assert [r.path for r in prepared.rejected] == ["x1"]
    assert "nothing left" in prepared.rejected[0].reason


def test_missing_dates_are_inferred_from_the_articles_own_story(models):
    from newsweave.model import Article
    from newsweave.nlp import parse_articles
    from newsweave.pipeline import date_stories, in_input_order

    def art(i, text, published=None):
        return Article(id=i, path=None, title=None, outlet=None, url=None, published=published,
                       published_from="metadata" if published else None, text=text)

    parsed = parse_articles([
        art("a", "Resistance fighters said on Monday they still held the valley.", "2021-09-06"),
        art("b", "The Taliban said on Monday they had taken the valley and its capital."),
        art("c", "Iran seized fifteen British sailors in the Gulf, officials said.", "2007-03-19"),
    ], models)
    groups = date_stories([[parsed[0], parsed[1]], [parsed[2]]])
    articles = {a.id: a for a in in_input_order(parsed, groups)}
    # Monday 6 September 2021, its own story's day; over the whole collection the Monday
    # of the other story's report (19 March 2007) would fit as well, and no day would be given.
    assert articles["b"].published == "2021-09-06"
    assert articles["b"].published_from == "inferred"
    assert [a.id for a in in_input_order(parsed, groups)] == ["a", "b", "c"]


def test_only_a_story_of_several_articles_runs_the_embedder_over_its_sentences(models, samples_dir, monkeypatch):
    from newsweave.nlp import parse_articles
    from newsweave.pipeline import analyze_story, prepare, story_vectors

    parsed = parse_articles(prepare([samples_dir], Settings()).articles[:2], models)
    encoded = []
    real = models.embedder.encode
    monkeypatch.setattr(models.embedder, "encode", lambda texts, **kw: encoded.extend(texts) or real(texts, **kw))

    assert story_vectors(parsed[:1], models) == {}
    alone = analyze_story("s1", parsed[:1], models, Settings())
    assert encoded == []
    assert alone.summary and alone.claims
    # Each summary sentence cites its own span only: there is no other article to agree with.
    assert all(len(s.citations) == 1 for s in alone.summary)

    both = story_vectors(parsed, models)
    assert set(both) == {(p.article.id, s.index) for p in parsed for s in p.sentences}
