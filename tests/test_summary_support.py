"""The summary citation check: does a sentence of another article state the whole summary sentence?

Sentences are real: pairs of a summary sentence and a cited sentence from the
Multi-News validation set and MultiLing 2011 (WikiNews, CC BY 2.5), cut into
the test; where a test needs the same sentence without one of its facts, the
fact is cut out of the real sentence.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsweave import summary_support as sp

OHIO = ("The newspaper found that more than 4,400 girls age 17 or younger were married in ohio between "
        "2000 and 2015, including 59 who were 15 or younger.")
OHIO_CITED = ("A dayton daily news investigation found 4,443 girls age 17 or younger were married in ohio "
              "between 2000 and 2015, including 59 who were 15 and younger.")
OHIO_WITHOUT_59 = ("A dayton daily news investigation found 4,443 girls age 17 or younger were married in ohio "
                   "between 2000 and 2015.")
DOG = "Around 1: 20 p.m. 4-year-old yumenosuke stopped near a house, the first floor of which was buried in mud."
DOG_COPY = ("From asia &amp; japan watch: around 1: 20 p.m. 4-year-old yumenosuke stopped near a house, the "
            "first floor of which was buried in mud.")
TRIAL = "The results of the trial were published in the journal science translational medicine on 13 june."
TRIAL_CITED = "The results were published today in science translational medicine."
WATERS = "The Iranian government initially gave the location of the incident as being inside Iraqi waters."
WATERS_CITED = ("The Iranian government initially gave the position of the incident as being outside Iranian "
                "territorial waters.")
VLAAR = "Vlaar was not available for comment on friday, but his congregation was shocked by the suspension."


def _statement(models, text: str) -> sp.Statement:
    return sp.statement_of(list(models.spacy(text)), text)


def _states(models, a: str, b: str) -> bool:
    va, vb = models.embedder.encode([a, b])
    return sp.states(_statement(models, a), _statement(models, b), float(va @ vb))


def test_a_sentence_that_states_every_figure_is_cited_and_one_that_omits_a_figure_is_not(models):
    assert _states(models, OHIO, OHIO_CITED)  # "more than 4,400" is stated by "4,443"
    assert not _states(models, OHIO, OHIO_WITHOUT_59)


def test_a_copy_with_a_credit_line_states_the_sentence(models):
    assert _states(models, DOG, DOG_COPY)


def test_a_cited_sentence_without_the_date_does_not_state_it(models):
    assert not _states(models, TRIAL, TRIAL_CITED)
    assert _statement(models, TRIAL).dates == {"june"}


def test_a_cited_sentence_naming_another_place_does_not_state_it(models):
    assert not _states(models, WATERS, WATERS_CITED)


def test_a_negated_sentence_does_not_state_its_affirmative(models):
    affirmative = VLAAR.replace("was not available", "was available")
    assert _statement(models, VLAAR).negated and not _statement(models, affirmative).negated
    assert not _states(models, VLAAR, affirmative)
    assert _states(models, VLAAR, VLAAR)


def test_numbers_are_read_with_their_units_and_rounding():
    (speed,) = [n for n in sp.numbers_of("faster than 20km/h ( 12mph ), research suggests") if n[2] == "speed"
                and abs(n[0] - 19.3) < 0.1]
    (same,) = sp.numbers_of("any faster than 12 miles per hour")
    assert same[2] == "speed" and abs(same[0] - speed[0]) < 1e-6
    (money,) = sp.numbers_of("Ford offered $ 5,000 and a car")
    assert money[0] == 5000 and money[2].startswith("money")
    (round_figure,) = sp.numbers_of("more than 4,400 girls")
    assert round_figure[1] == 50  # stated by 4,443, not by 4,500
    assert sp.numbers_of("one of the gloves") == ()


def test_feature_shares_are_one_when_the_sentence_has_nothing_of_the_kind(models):
    a = _statement(models, "The antibodies target and neutralize a glycoprotein on the surface of the virus.")
    f = sp.support_features(a, a, 1.0)
    assert f["numbers"] == f["dates"] == 1.0 and f["words"] == f["names"] == 1.0


def test_the_shipped_thresholds_are_those_the_training_record_chose():
    card = json.loads(resources.files("newsweave").joinpath("data/cite_support.json").read_text(encoding="utf-8"))
    assert card["thresholds"] == {"cosine": sp.RULE.cosine, "words": sp.RULE.words, "pairs": sp.RULE.pairs}
    assert card["cross_validated"]["rule"]["yes"] > 0 and "split" in card and "data" in card


def test_statements_read_spans_of_parsed_articles_and_an_unparsed_one_supports_nothing(models):
    from dataclasses import replace

    from newsweave.model import Article
    from newsweave.nlp import parse_articles

    article = Article(id="dog", path=None, title=None, outlet=None, url=None, published=None,
                      published_from="metadata", text=DOG_COPY)
    (parsed,) = parse_articles([article], models)
    start = DOG_COPY.index("around")
    statement = sp.Statements([parsed])[("dog", start, len(DOG_COPY))]
    alone = _statement(models, DOG_COPY[start:])
    assert (statement.numbers, statement.length) == (alone.numbers, alone.length)
    assert {"yumeno", "house", "floor", "mud"} <= statement.words
    unparsed = sp.Statements([replace(parsed, doc=None)])[("dog", start, len(DOG_COPY))]
    assert unparsed.length == 0 and not sp.states(_statement(models, DOG), unparsed, 1.0)
    with pytest.raises(KeyError):
        sp.Statements([parsed])[("elsewhere", 0, 5)]


@pytest.mark.parametrize("word, root", [("killed", "kill"), ("kills", "kill"), ("killing", "kill"),
                                        ("neutralising", "neutra"), ("stories", "story")])
def test_word_roots_conflate_inflections(word, root):
    assert sp.word_root(word) == root
