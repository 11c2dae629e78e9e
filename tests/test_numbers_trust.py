"""Numbers: the evidence a flag needs before a fact-checker sees it (issue #16, numbers6).

Each case is a false flag read on the blind golds, cut from its ECB+ report
(the Brian Nichols sentencing, 2008; the Detroit-area office shooting, 2007;
the Jaguars-Colts game, 2008; Teixeira's 2008 season; the New Bedford
murders, 2008), with the case the rule
must still flag where there is one.
"""

from __future__ import annotations

from newsweave.claims import numbers
from newsweave.nlp import parse_articles

from number_helpers import news_article, rule_discrepancies_between


def _quantities(models, text: str, published: str | None = None):
    parsed = parse_articles([news_article(text, "a1", published)], models)
    return numbers.extract_quantities(parsed[0], numbers._named_before)


def _one(qs, text):
    return next(q for q in qs if q.text == text)


def test_life_sentences_count_no_dead(models):
    qs = _quantities(models, "A Georgia judge handed Brian Nichols four consecutive life sentences without parole.")
    assert _one(qs, "four consecutive life sentences").predicate == "sentence"
    toll = _quantities(models, "The storm claimed 200 lives in the capital.")
    assert _one(toll, "200 lives").predicate == "deaths"


def test_people_shot_to_death_are_the_dead_not_the_people_shot(models):
    found = rule_discrepancies_between(
        models,
        news_article("A gunman shot three people at a suburban Detroit office building Monday morning.", "a1"),
        news_article("A Michigan man shot to death one person and injured two others Monday at the suburban "
                     "Detroit accounting firm.", "a2"))
    assert found == []
    qs = _quantities(models, "A Michigan man shot to death one person at the firm.")
    assert _one(qs, "one person").predicate == "deaths"


def test_the_whole_of_a_partitive_told_as_one_number_phrase_is_no_total(models):
    found = rule_discrepancies_between(
        models,
        news_article("Garrard completed 28 of 41 passes for 329 yards and a touchdown.", "a1"),
        news_article("Garrard, who completed 28 passes for 329 yards, ran for two yards.", "a2"))
    assert found == []


def test_figures_over_spans_of_other_lengths_are_not_one_figure(models):
    qs = _quantities(models, "Teixeira hit .358 with 13 homers and 43 RBIs in 54 games with the Angels.")
    assert "in 54 game" in _one(qs, "13 homers").scope.modifiers
    assert "in 54 game" in _one(qs, "43 RBIs").scope.modifiers  # joined to the noun that has the span
    found = rule_discrepancies_between(
        models,
        news_article("Teixeira hit .358 with 13 homers and 43 RBIs in 54 games with the Angels.", "a1"),
        news_article("Playing in a combined 157 games with the Angels and Braves, Teixeira had 33 homers and "
                     "121 RBIs.", "a2"))
    assert found == []


def test_an_early_report_the_article_says_came_first_is_no_report_of_its_own(models):
    qs = _quantities(models, "Local evening news in Michigan originally reported that two of the three "
                             "victims died.")
    assert all(q.superseded for q in qs if q.text.startswith("two"))
    assert not any(q.superseded for q in _quantities(models, "Police said two of the three victims died."))


def test_a_mixed_fraction_is_one_value(models):
    qs = _quantities(models, "He was sentenced to 2 1/2 years, with 9 months to serve.")
    sentence = _one(qs, "2 1/2 years")
    assert (sentence.low, sentence.high) == (2.375 * 365, 2.625 * 365)
    assert numbers.parse_value("2-1/2") == 2.5 and numbers.parse_value("3 3 / 4") == 3.75


def test_one_sentence_copied_with_two_values_is_a_likely_error(models):
    # ECB+ 32_1ecb / 32_3ecb: the same wire paragraph, "2 years" in one copy and "2 1/2 years" in the other
    found = rule_discrepancies_between(
        models,
        news_article("He was sentenced to 2 years, with 9 months to serve in that case.", "a1"),
        news_article("He was sentenced to 2 1/2 years, with 9 months to serve in that case.", "a2"))
    assert [(d.relation, sorted(v.text for v in d.values)) for d in found] == [
        ("likely_error", ["2 1/2 years", "2 years"])]
    assert "word for word" in found[0].about


def test_a_figure_joins_the_group_that_gives_its_value(models):
    # the "9 months" of a2 is a1's "9 months", not the "2 years" a1 gives first
    found = rule_discrepancies_between(
        models,
        news_article("He was sentenced to 2 years, with 9 months to serve in that case.", "a1"),
        news_article("The judge sentenced him, with 9 months to serve in that case.", "a2"))
    assert not [d for d in found if d.relation == "conflict"]
