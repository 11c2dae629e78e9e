"""Frames the rules and the learned cues build on real-style news sentences: split quotes, intentions, "but" clauses."""

from __future__ import annotations

from newsweave import claims
from newsweave.model import Article, Claim
from newsweave.nlp import parse_articles


def _parsed(models, text: str):
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return parse_articles([art], models)[0]


def _attributed(models, text: str, **kw) -> list[Claim]:
    found = claims.attribute_article(_parsed(models, text), [], cue_model=models.attribution_cues, **kw)
    return [c for c in found if c.kind != "reported"]


def test_a_cue_inside_a_split_quote_reports_its_longer_side(models):
    text = ("“Only you, Dinesh,” she said, “would use the occasion of a rather harsh sentence to reaffirm "
            "your love for this country.”")
    (c,) = _attributed(models, text)
    assert (c.speaker_text, c.cue) == ("she", "said")
    assert c.content.startswith("would use the occasion") and "love for this country" in c.content


def test_an_expected_intention_is_an_act_of_its_subject(models):
    text = "The New York Times is expected to endorse the Democratic candidate in the 2016 presidential election."
    (c,) = _attributed(models, text)
    assert c.kind == "act" and c.speaker_text == "The New York Times"
    assert c.content.startswith("to endorse the Democratic candidate")
    assert _attributed(models, text, acts=False) == []


def test_said_that_a_but_that_b_keeps_both_clauses(models):
    text = ("Kerry said that the first 10,000 refugees would arrive by September, but that the rest would "
            "wait for the security checks.")
    (c,) = _attributed(models, text)
    assert c.content.startswith("the first 10,000 refugees") and c.content.endswith("the security checks")


def test_a_but_clause_that_reports_again_is_not_content(models):
    text = "Trump said that the wall would be built, but Clinton replied that it would never be paid for."
    said = [c for c in _attributed(models, text) if c.cue == "said"]
    assert len(said) == 1 and "Clinton" not in said[0].content


def test_as_x_reported_attributes_the_main_clause(models):
    text = "As Politico reported on Friday, the campaign has spent more than $2 million on ads in Iowa."
    (c,) = _attributed(models, text)
    assert (c.speaker_text, c.cue) == ("Politico", "reported")
    assert c.content.startswith("the campaign has spent")


def test_said_that_a_but_b_leaves_b_to_the_outlet(models):
    text = ("Kerry said that the first 10,000 refugees would arrive by September, but the State Department "
            "has not confirmed the date.")
    said = [c for c in _attributed(models, text) if c.cue == "said"]
    assert len(said) == 1 and said[0].content.endswith("by September")


def test_continue_to_do_is_no_report_but_continued_after_a_quote_is(models):
    text = "Sales of the new pickup truck continue to grow across the Midwest this year."
    found = claims.attribute_article(_parsed(models, text), [])
    assert [c for c in found if c.kind != "reported"] == []
    quote = "“We will not give up on this fight for the families of the victims,” he continued."
    (c,) = [c for c in claims.attribute_article(_parsed(models, quote), []) if c.kind != "reported"]
    assert (c.speaker_text, c.cue, c.kind) == ("he", "continued", "direct")
