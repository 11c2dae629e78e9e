"""Numbers over time: conversions, scope, updates against conflicts, revisions and scale-word slips.

Sentences are wire-style reports of real events (Hurricane Mitch, 1998; the
Buffett gift of 2015, Multi-News validation cluster 48489; the 2007 Tour de
France, MultiLing 2011 M003), cut down to the figure that matters.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from newsweave.claims import numbers
from newsweave.model import Discrepancy, DiscrepancyValue
from newsweave.nlp import parse_articles

from number_helpers import discrepancies_between, news_article


def _texts(d: Discrepancy) -> list[str]:
    return [v.text for v in d.values]


def test_a_speed_and_its_conversion_in_brackets_are_one_value(models):
    text = "Mitch churned through the western Caribbean with sustained winds of 180 mph (290 kph) on Monday."
    parsed = parse_articles([news_article(text, "a1", "1998-10-27")], models)
    found = numbers.extract_quantities(parsed[0], numbers._named_before)
    assert [q.text for q in found] == ["180 mph (290 kph)"]
    assert found[0].dimension == "speed" and found[0].scope.thing == "speed of wind"


def test_winds_of_a_moving_storm_on_different_days_are_an_update_not_a_conflict(models):
    found = discrepancies_between(models,
                   news_article("Mitch churned through the western Caribbean with sustained winds of 180 mph (290 kph) "
                            "on Monday.", "a1", "1998-10-27"),
                   news_article("Mitch weakened as it neared Honduras, with top winds of 100 mph (160 kph).", "a2",
                            "1998-10-29"))
    assert len(found) == 1, found
    d = found[0]
    assert (d.relation, d.direction, d.from_date, d.to_date) == ("update", "down", "1998-10-26", "1998-10-29")
    assert _texts(d) == ["180 mph (290 kph)", "100 mph (160 kph)"]


def test_dead_of_two_countries_and_people_who_fled_are_not_one_toll(models):
    found = discrepancies_between(models,
                   news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
                   news_article("In Nicaragua, 1,400 people died in Hurricane Mitch, and 600,000 people fled their "
                            "homes.", "a2", "1998-11-02"),
                   news_article("Across Central America the death toll of Hurricane Mitch was put at 9,000.", "a3",
                            "1998-11-02"))
    assert found == [], [(d.about, _texts(d)) for d in found]


def test_two_tolls_of_one_country_on_one_day_are_a_conflict(models):
    found = discrepancies_between(models,
                   news_article("The storm killed 4,299 people in Nicaragua, the government said.", "a1", "1998-11-03"),
                   news_article("The storm left some 3,000 victims in Nicaragua.", "a2", "1998-11-03"))
    assert len(found) == 1 and found[0].relation == "conflict" and found[0].direction is None
    assert sorted(_texts(found[0])) == ["4,299 people", "some 3,000 victims"]
    assert found[0].about.startswith("death toll (nicaragua)")


def test_an_official_revision_in_one_sentence_is_an_update(models):
    found = discrepancies_between(models, news_article("Honduran officials on Wednesday lowered the confirmed death toll from 7,000 to "
                                    "about 6,100.", "a1", "1998-11-04"))
    assert len(found) == 1
    d = found[0]
    assert (d.relation, d.direction, d.to_date) == ("update", "down", "1998-11-04")
    assert _texts(d) == ["7,000", "about 6,100"]


def test_the_revised_figure_is_not_compared_with_other_reports(models):
    """The old figure of a revision is no one's current claim: only the new one meets the other report's."""
    found = discrepancies_between(models,
                   news_article("Officials lowered the confirmed death toll in Honduras from 7,000 to 5,600.", "a1",
                            "1998-11-04"),
                   news_article("The death toll in Honduras stood at 7,000.", "a2", "1998-11-04"))
    relations = sorted(d.relation for d in found)
    assert relations == ["conflict", "update"], [(d.relation, _texts(d)) for d in found]
    conflict = next(d for d in found if d.relation == "conflict")
    assert sorted(_texts(conflict)) == ["5,600", "7,000"] and {v.article for v in conflict.values} == {"a1", "a2"}


def test_a_figure_that_differs_only_by_its_scale_word_is_a_likely_error(models):
    found = discrepancies_between(models,
                   news_article("Exxon agreed to buy Mobil in a deal worth $1.2 billion.", "a1", "1998-12-01"),
                   news_article("Exxon agreed to buy Mobil in a deal worth $1.2 million.", "a2", "1998-12-01"))
    assert [d.relation for d in found] == ["likely_error"], [(d.relation, _texts(d)) for d in found]
    assert sorted(_texts(found[0])) == ["$1.2 billion", "$1.2 million"]


def test_last_year_s_figure_is_not_this_year_s(models):
    # Multi-News validation cluster 48489 (two reports of one gift, no publication dates)
    found = discrepancies_between(models,
                   news_article("Buffett's gift schedule called for him to give the Gates Foundation 16.6 million class B "
                            "shares this year.", "a1"),
                   news_article("The donation beat last year's record gift, when Buffett gave the Gates Foundation 17.5 "
                            "million shares.", "a2"))
    assert found == [], [(d.relation, _texts(d)) for d in found]


@pytest.mark.parametrize("text", [
    "Alexander Vinokourov of Kazakhstan has won stage 13 of the 2007 Tour de France.",  # MultiLing 2011 M0035
    "The remains were those of Randy Bilyeu, a 54-year-old grandfather from Colorado.",  # Multi-News 47580
    "The study shows that 2,000 ten-person vehicles could serve New York City.",  # Multi-News 48504
    "One year on, London remembers 7/7 victims.",  # MultiLing 2011 M0015
    "Marine commandos recovered 12 AK 47 guns from the pirates.",  # ECB+ 12_19ecb
])
def test_numbers_that_name_or_describe_are_no_figures(models, text):
    parsed = parse_articles([news_article(text, "a1")], models)
    found = [q.text for q in numbers.extract_quantities(parsed[0], numbers._named_before)]
    assert not any(t in found for t in ("13", "54-year", "ten-person", "7 victims", "47 guns")), found


def test_a_capacity_stated_with_can_is_a_figure_and_could_a_projection(models):
    # Multi-News 48504: "can serve 98 %" says what a fleet does; "could rise to" what a toll may reach
    parsed = parse_articles([news_article("Our results show that 3,000 cars of capacity 4 can serve 98 % of the demand. "
                                          "Officials said the toll could rise to 100,000.", "a1")], models)
    found = {q.text: q.projected for q in numbers.extract_quantities(parsed[0], numbers._named_before)}
    assert found.get("98 %") is False and found.get("100,000") in (True, None), found


def test_a_discrepancy_writes_and_reads_its_relation_and_days():
    d = Discrepancy("d1", "number", "speed of wind: an update",
                    (DiscrepancyValue("180 mph", 180, "mph", "a1", 0, 7),
                     DiscrepancyValue("100 mph", 100, "mph", "a2", 0, 7)),
                    "update", "down", "1998-10-26", "1998-10-29")
    out = d.to_dict()
    assert (out["relation"], out["direction"], out["from"], out["to"]) == ("update", "down", "1998-10-26",
                                                                            "1998-10-29")
    assert "from_date" not in out and Discrepancy.from_dict(json.loads(json.dumps(out))) == d
    old = {k: v for k, v in out.items() if k not in ("relation", "direction", "from", "to")}
    assert Discrepancy.from_dict(old).relation == "conflict"  # JSON written before the fields existed
    schema = json.loads((resources.files("newsweave") / "schema" / "story.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/discrepancy"})
    assert not list(validator.iter_errors(out))
    assert list(validator.iter_errors({**out, "relation": "sources disagree"}))
    assert list(validator.iter_errors({**out, "from": "26 October"}))


def test_a_lower_bound_that_rises_in_later_reports_is_an_update(models):
    found = discrepancies_between(models,
                   news_article("Hurricane Mitch killed at least 350 people in Honduras, officials said.", "a1",
                            "1998-10-31"),
                   news_article("Hurricane Mitch killed at least 5,000 people in Honduras, officials said.", "a2",
                            "1998-11-02"))
    assert [(d.relation, d.direction, d.from_date, d.to_date) for d in found] == [
        ("update", "up", "1998-10-31", "1998-11-02")]


def test_a_toll_that_falls_in_a_later_report_without_a_revision_is_a_conflict(models):
    found = discrepancies_between(models,
                   news_article("Hurricane Mitch killed 7,000 people in Honduras, officials said.", "a1", "1998-11-02"),
                   news_article("Hurricane Mitch killed 3,000 people in Honduras, officials said.", "a2", "1998-11-05"))
    assert [d.relation for d in found] == ["conflict"]


def test_a_projected_toll_contradicts_no_report(models):
    # MultiLing 2011 M0006 / M0008: what the toll could reach is no report of it
    found = discrepancies_between(models,
                   news_article("A spokesman for the Red Cross speculated that the toll could increase to over 100,000 "
                            "in Indonesia.", "a1", "2004-12-29"),
                   news_article("Indonesia's Aceh province alone may have as many as 80,000 deaths, officials said.",
                            "a2", "2004-12-29"),
                   news_article("In Indonesia the death toll is 60,000, officials said.", "a3", "2004-12-29"))
    assert found == [], [(d.relation, _texts(d)) for d in found]


def test_magnitudes_of_the_shocks_of_a_story_are_no_update(models):
    # MultiLing 2011 M005: each report measures another shock of one sequence
    found = discrepancies_between(models,
                   news_article("An 8.8 magnitude earthquake was recorded in Chile on Saturday.", "a1", "2010-02-27"),
                   news_article("An aftershock of 6.5 magnitude rocked Chile on Wednesday, the USGS reported.", "a2",
                            "2010-03-03"),
                   news_article("The aftershock had a magnitude of 5.8 and occurred at a depth of 32 kilometers in "
                            "Chile.", "a3", "2010-03-05"))
    assert found == [], [(d.relation, _texts(d)) for d in found]


def test_people_left_without_homes_and_displaced_people_are_not_one_count(models):
    # MultiLing 2011 M0064 / M0069: homeless and displaced are different counts
    found = discrepancies_between(models,
                   news_article("In Haiti 1.5 million people have been left without homes.", "a1", "2010-01-29"),
                   news_article("In Haiti the earthquake left 766,000 displaced people, the United Nations said.", "a2",
                            "2010-01-29"))
    assert found == [], [(d.relation, _texts(d)) for d in found]


def test_people_left_without_homes_in_two_reports_of_one_day_are_compared(models):
    found = discrepancies_between(models,
                   news_article("In Haiti 1.5 million people have been left without homes.", "a1", "2010-01-29"),
                   news_article("In Haiti 700,000 people have been left without homes, aid agencies said.", "a2",
                            "2010-01-29"))
    assert [d.relation for d in found] == ["conflict"], [(d.relation, _texts(d)) for d in found]


def test_counts_of_people_keep_their_verbs_apart(models):
    found = discrepancies_between(models,
                   news_article("Police said 20 people were arrested in Athens on Saturday night.", "a1"),
                   news_article("Police said 30 people were injured in Athens on Saturday night.", "a2"))
    assert [d for d in found if d.kind == "number"] == [], found


def test_parts_of_a_whole_are_not_the_whole(models):
    # ECB+ 12_12ecb / 12_5ecb: "12 Somali and 11 Yemeni pirates" are the 23 pirates
    found = discrepancies_between(models,
                   news_article("The commandos seized rifles from the 12 Somali and 11 Yemeni pirates on board.", "a1"),
                   news_article("The commandos seized rifles from the 23 pirates on board.", "a2"))
    assert [d for d in found if d.kind == "number"] == [], found
