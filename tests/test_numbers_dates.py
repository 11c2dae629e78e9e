"""Date discrepancies: dates of one event that articles give differently, read on the calendar.

Sentences are wire-style reports of real events (the Indian navy's INS Tabar
and the pirate mother ship it sank in November 2008; Mark Felt, who said in
May 2005 that he was "Deep Throat"; the Athens riots of December 2008), cut
down to the date that matters.
"""

from __future__ import annotations

from datetime import date

from newsweave.claims import date_figures, numbers
from newsweave.claims.number_pairs import FEATURES, PairModel
from newsweave.nlp import embed_sentences, parse_articles

from number_helpers import news_article

_ZEROS = (0.0,) * len(FEATURES)
_EVEN = dict(mean=_ZEROS, scale=(1.0,) * len(FEATURES), weights=_ZEROS, bias=0.0)  # every pair scores 0.5


def _dates(models, *arts):
    parsed = parse_articles(list(arts), models)
    return date_figures.story_date_figures(parsed), parsed


def _one(figures, text):
    return next(f for f in figures if f.text == text)


def test_a_date_without_a_year_in_an_undated_story_keeps_its_month_and_day(models):
    figures, _ = _dates(models, news_article("The INS Tabar sank the pirate mother ship on November 19.", "a1"))
    found = _one(figures, "November 19")
    assert (found.first, found.month_day, found.value) == (None, (11, 19), "XXXX-11-19")
    assert found.verb == "sank"  # the stem of the verb of the clause it dates


def test_a_weekday_is_read_against_its_articles_own_date(models):
    figures, _ = _dates(models, news_article("The INS Tabar sank the pirate mother ship on Tuesday.", "a1",
                                             "2008-11-20"))
    found = _one(figures, "Tuesday")
    assert found.first == date(2008, 11, 18) and found.weekday == 1


def test_a_year_and_a_month_are_compared_at_the_year(models):
    figures, _ = _dates(models,
                        news_article("Mark Felt revealed in 2006 that he was Deep Throat.", "a1"),
                        news_article("Mark Felt revealed in May 2005 that he was Deep Throat.", "a2"))
    a, b = _one(figures, "2006"), _one(figures, "May 2005")
    assert date_figures.apart(a, b) and date_figures.units_apart(a, b) == 1.0
    same_year = _one(_dates(models, news_article("Felt revealed in 2005 that he was Deep Throat.", "a3"))[0], "2005")
    assert not date_figures.apart(same_year, b)


def test_one_event_dated_on_two_next_days_is_a_candidate_pair(models):
    figures, _ = _dates(models,
                        news_article("The INS Tabar sank the pirate mother ship on November 18.", "a1"),
                        news_article("The INS Tabar sank the pirate mother ship on November 19.", "a2"))
    pairs = date_figures.candidate_date_pairs(figures)
    assert [{figures[i].text, figures[j].text} for i, j in pairs] == [{"November 18", "November 19"}]


def test_dates_a_week_apart_or_an_article_that_gives_both_days_are_no_candidates(models):
    apart, _ = _dates(models,
                      news_article("The INS Tabar sank the pirate mother ship on November 11.", "a1"),
                      news_article("The INS Tabar sank the pirate mother ship on November 19.", "a2"))
    assert date_figures.candidate_date_pairs(apart) == []
    both, _ = _dates(models,
                     news_article("The INS Tabar sank the pirate mother ship on November 18.", "a1"),
                     news_article("The INS Tabar sank the pirate mother ship on November 19. It had sunk a "
                                  "pirate boat on November 18.", "a2"))
    assert date_figures.candidate_date_pairs(both) == []


def test_two_weekdays_of_one_event_are_read_by_name_but_never_set_against_each_other(models):
    # a weekday is told from its report's day: outlets in other time zones, or a weekday read with the wrong
    # clause, set one event a day apart (ECB+ 27ecb: Microsoft's patch "on Wednesday" / "[Tuesday]")
    figures, _ = _dates(models,
                        news_article("Police shot the 15-year-old boy in Athens on Saturday.", "a1"),
                        news_article("Police shot the 15-year-old boy in Athens on Sunday.", "a2"))
    a, b = _one(figures, "Saturday"), _one(figures, "Sunday")
    assert (a.first, a.weekday, b.weekday) == (None, 5, 6)
    assert date_figures.apart(a, b) and date_figures.units_apart(a, b) == 1.0
    assert date_figures.candidate_date_pairs(figures) == []
    placed, _ = _dates(models,
                       news_article("Police shot the 15-year-old boy in Athens on Saturday.", "a1", "2008-12-08"),
                       news_article("Police shot the 15-year-old boy in Athens on Sunday.", "a2", "2008-12-08"))
    assert date_figures.candidate_date_pairs(placed) == []


def test_one_verb_of_two_happenings_is_no_one_event(models):
    # ECB+ 28ecb: "Nixon left office on Aug. 9, 1974" and "Felt left the FBI in 1973" share only their verb
    figures, _ = _dates(models,
                        news_article("When Nixon left office on Aug. 9, 1974, the reporters told their editor.", "a1"),
                        news_article("Felt left the FBI in 1973 for the lecture circuit.", "a2"))
    assert date_figures.candidate_date_pairs(figures) == []
    same, _ = _dates(models,
                     news_article("Felt left the FBI in 1973 for the lecture circuit.", "a1"),
                     news_article("Felt left the FBI in 1972 for the lecture circuit.", "a2"))
    assert len(date_figures.candidate_date_pairs(same)) == 1


def test_the_claims_stage_alone_tells_one_event_dated_apart_and_the_timeline_does_not(models):
    # one place decides whether two dates of one happening disagree: the claims stage (date_figures)
    from newsweave import timeline
    from newsweave.context import StoryContext

    articles = [
        news_article("Iranian border guards captured fifteen British sailors and marines in the Persian Gulf "
                     "on March 23.", "a1", "2007-03-25"),
        news_article("Iranian border guards captured fifteen British sailors and marines in the Persian Gulf "
                     "on March 22.", "a2", "2007-03-26"),
    ]
    parsed = parse_articles(articles, models)
    vectors = embed_sentences(parsed, models)
    found = [d for d in numbers.find_discrepancies(parsed, [], models, vectors,
                                                   pair_model=PairModel(**_EVEN, threshold=0.4)) if d.kind == "date"]
    assert [sorted((v.article, v.value) for v in d.values) for d in found] == [
        [("a1", "2007-03-23"), ("a2", "2007-03-22")]]
    texts = {a.id: a.text for a in articles}
    assert all(texts[v.article][v.start:v.end] == v.text for v in found[0].values)
    assert timeline.build_timeline(StoryContext(tuple(parsed), vectors)).discrepancies == ()


def test_a_kept_date_pair_is_a_date_conflict_citing_both_dates_and_the_threshold_decides(models):
    parsed = parse_articles([
        news_article("The INS Tabar sank the pirate mother ship on November 18.", "a1"),
        news_article("The INS Tabar sank the pirate mother ship on November 19.", "a2")], models)
    vectors = embed_sentences(parsed, models)
    kept = numbers.find_discrepancies(parsed, [], models, vectors, pair_model=PairModel(**_EVEN, threshold=0.4))
    dated = [d for d in kept if d.kind == "date"]
    assert [(d.relation, sorted((v.text, v.value) for v in d.values)) for d in dated] == [
        ("conflict", [("November 18", "XXXX-11-18"), ("November 19", "XXXX-11-19")])]
    strict = numbers.find_discrepancies(parsed, [], models, vectors, pair_model=PairModel(**_EVEN, threshold=0.6))
    assert not [d for d in strict if d.kind == "date"]
    fixed = numbers.find_discrepancies(parsed, [], models, vectors,
                                       pair_model=PairModel(**_EVEN, threshold=0.6, date_threshold=0.4))
    assert [d.kind for d in fixed] == ["date"]


def test_dates_of_other_happenings_are_not_compared(models):
    figures, _ = _dates(models,
                        news_article("The INS Tabar sank the pirate mother ship on November 18.", "a1"),
                        news_article("The shipping company said on November 19 that its crew was safe.", "a2"))
    assert date_figures.candidate_date_pairs(figures) == []


def test_two_statements_on_next_days_are_no_one_event(models):
    # a verb of saying dates the statement, not one happening both tell
    figures, _ = _dates(models,
                        news_article("Microsoft said on Tuesday that the flaw affects Internet Explorer.", "a1"),
                        news_article("Microsoft said on Wednesday that the flaw affects every browser.", "a2"))
    assert date_figures.candidate_date_pairs(figures) == []


def test_a_date_that_names_no_day_month_or_year_is_not_compared(models):
    figures, _ = _dates(models,
                        news_article("The INS Tabar sank the pirate mother ship on November 18, 2008.", "a1"),
                        news_article("The INS Tabar sank the pirate mother ship the same day.", "a2", "2008-11-19"))
    assert date_figures.candidate_date_pairs(figures) == []


def test_a_decade_is_no_year(models):
    # ECB+ 26_1ecbplus / 26_2ecbplus: "founded in the 1930's" and "founded in 1931" agree
    figures, _ = _dates(models,
                        news_article("The gang was founded in the 1930's by Charles Luciano.", "a1"),
                        news_article("The gang was founded in 1931 by Charles Luciano.", "a2"))
    assert [f.text for f in figures if f.article == "a1" and f.precision == "year"] == []
    assert date_figures.candidate_date_pairs(figures) == []


def test_a_recurring_day_or_a_weekday_in_a_name_is_no_date_of_an_event(models):
    # ECB+ 27_13ecb / 27_17ecb: Microsoft's monthly "Patch Tuesday", "the second Tuesday of each month"
    figures, _ = _dates(models, news_article("Microsoft typically releases patches for its software on the second "
                                             "Tuesday of each month.", "a1"),
                        news_article("Microsoft skipped its normal Patch Tuesday cycle.", "a2"))
    assert [f.text for f in figures if f.weekday is not None] == []
