"""The learned pair model of numeric discrepancies: candidate pairs, its features, and the rules' flags it confirms.

Sentences are wire-style reports of real events (Hurricane Mitch, 1998; the
Washington Navy Yard shooting, 2013; the Exxon-Mobil deal, 1998), cut down to
the figure that matters.
"""

from __future__ import annotations

import json

import numpy as np

from newsweave.claims import number_pairs, numbers
from newsweave.claims.number_pairs import FEATURES, PairModel, load_pair_model
from newsweave.nlp import embed_sentences, parse_articles

from number_helpers import news_article


def _figures(models, *arts):
    parsed = parse_articles(list(arts), models)
    quantities = [q for p in parsed for q in numbers.extract_quantities(p, numbers._named_before)]
    return quantities, embed_sentences(parsed, models), parsed


def test_the_shipped_model_reads_the_features_of_this_code_and_records_how_it_was_made():
    model = load_pair_model()
    assert model is not None
    assert len(model.weights) == len(model.mean) == len(model.scale) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    card = json.loads(number_pairs.DATA.read_text(encoding="utf-8"))
    assert {"data", "split", "selection", "figures", "l2"} <= set(card)
    assert card["features"] == list(FEATURES)


def test_a_card_missing_is_no_model_and_a_broken_or_stale_one_a_one_line_error(tmp_path):
    import pytest

    from newsweave import salience

    assert load_pair_model(tmp_path / "none.json") is None
    assert salience.read_card(tmp_path / "none.json") is None  # one loader of cards for both models
    broken = tmp_path / "broken.json"
    broken.write_text('{"features": [', encoding="utf-8")
    for load in (load_pair_model, salience.read_card):
        with pytest.raises(ValueError, match="cannot be read") as e:
            load(broken)
        assert "\n" not in str(e.value)
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps({**json.loads(number_pairs.DATA.read_text(encoding="utf-8")),
                                 "features": ["compatible"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain with train/number_pairs.py"):
        load_pair_model(stale)


def test_candidates_are_two_articles_values_of_one_measure_that_cannot_both_hold(models):
    quantities, _, _ = _figures(models,
        news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
        news_article("Hurricane Mitch killed 11,000 people in Honduras, officials said.", "a2", "1998-11-02"),
        news_article("Officials said Hurricane Mitch killed about 7,000 people in Honduras.", "a3", "1998-11-02"))
    pairs = number_pairs.candidate_pairs(quantities, numbers._changed, numbers._same_order)
    texts = sorted(tuple(sorted((quantities[i].text, quantities[j].text))) for i, j in pairs)
    # 7,000 and "about 7,000" agree: no candidate; each of them against 11,000 is one
    assert texts == [("11,000 people", "7,000 people"), ("11,000 people", "about 7,000 people")]


def test_the_features_of_a_pair_do_not_depend_on_its_order(models):
    quantities, vectors, _ = _figures(models,
        news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
        news_article("Hurricane Mitch killed 11,000 people in Honduras, officials said.", "a2", "1998-11-04"))
    x = number_pairs.feature_matrix(quantities, [(0, 1), (1, 0)], vectors, None)
    assert x.shape == (2, len(FEATURES))
    assert np.allclose(x[0], x[1])


def test_the_counterpart_of_a_figure_is_the_one_whose_sentence_is_most_like_its_own(models):
    quantities, vectors, _ = _figures(models,
        news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
        news_article("Across Central America the storm left 2,000 people missing. Hurricane Mitch killed 9,000 "
                     "people in Honduras, officials said.", "a2", "1998-11-02"))
    context = number_pairs.story_context(quantities, vectors, None)
    honduras = next(q for q in quantities if q.article == "a1")
    best = context.best_match(honduras, "a2")
    assert next(q.text for q in quantities if q.article == "a2" and q.start == best) == "9,000 people"


def test_undated_reports_of_a_count_that_only_grows_are_an_update_lowest_first(models):
    parsed = parse_articles([
        news_article("The gunman killed 12 people at the Washington Navy Yard, police said.", "a1"),
        news_article("Police said the gunman killed four people at the Washington Navy Yard.", "a2")], models)
    found = numbers.find_discrepancies(parsed, [], models, embed_sentences(parsed, models), pair_model=False)
    assert [(d.relation, d.direction, d.from_date, d.to_date) for d in found] == [("update", "up", None, None)]
    assert [v.text for v in found[0].values] == ["four people", "12 people"]
    # dated reports keep their days: the later, lower toll of its own day disagrees
    parsed = parse_articles([
        news_article("The gunman killed 12 people at the Washington Navy Yard, police said.", "a1", "2013-09-16"),
        news_article("Police said the gunman killed four people at the Washington Navy Yard.", "a2",
                     "2013-09-17")], models)
    found = numbers.find_discrepancies(parsed, [], models, embed_sentences(parsed, models), pair_model=False)
    assert [d.relation for d in found] == ["conflict"]


def test_a_rules_flag_is_kept_only_when_the_model_scores_its_figures_at_its_threshold(models):
    parsed = parse_articles([
        news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
        news_article("Hurricane Mitch killed 11,000 people in Honduras, officials said.", "a2", "1998-11-02"),
        news_article("Exxon agreed to buy Mobil in a deal worth $1.2 billion.", "a3", "1998-12-01"),
        news_article("Exxon agreed to buy Mobil in a deal worth $1.2 million.", "a4", "1998-12-01")], models)
    vectors = embed_sentences(parsed, models)
    zeros = (0.0,) * len(FEATURES)
    even = dict(mean=zeros, scale=(1.0,) * len(FEATURES), weights=zeros, bias=0.0)  # every pair scores 0.5
    rules = numbers.find_discrepancies(parsed, [], models, vectors, pair_model=False)
    assert sorted(d.relation for d in rules) == ["conflict", "likely_error"]
    kept = numbers.find_discrepancies(parsed, [], models, vectors, pair_model=PairModel(**even, threshold=0.4))
    assert sorted(d.relation for d in kept) == ["conflict", "likely_error"]
    strict = numbers.find_discrepancies(parsed, [], models, vectors, pair_model=PairModel(**even, threshold=0.6))
    assert [d.relation for d in strict] == ["likely_error"]  # a scale-word slip is never a candidate pair


def test_the_shipped_model_confirms_two_reports_of_one_toll_told_alike(models):
    parsed = parse_articles([
        news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
        news_article("Hurricane Mitch killed 11,000 people in Honduras, officials said.", "a2", "1998-11-02")], models)
    found = numbers.find_discrepancies(parsed, [], models, embed_sentences(parsed, models))
    assert [(d.relation, sorted(v.text for v in d.values)) for d in found] == [
        ("conflict", ["11,000 people", "7,000 people"])]


def test_a_pair_scores_lower_when_one_article_gives_other_values_of_the_measure(models):
    alone = [news_article("Police said 46 people were arrested on Wednesday night in Flatbush.", "a1"),
             news_article("Police said 60 people were arrested on Wednesday night in Flatbush.", "a2")]
    crowded = [alone[0], news_article("Police said 60 people were arrested on Wednesday night in Flatbush. About 200 "
                                      "people joined a vigil, and 20 people were arrested on Monday.", "a2")]
    model = load_pair_model()

    def score_of(arts):
        quantities, vectors, _ = _figures(models, *arts)
        pairs, scores = numbers.pair_scores(quantities, vectors, None, model)
        return next(s for (i, j), s in zip(pairs, scores)
                    if {quantities[i].text, quantities[j].text} == {"46 people", "60 people"})

    assert score_of(crowded) < score_of(alone)
