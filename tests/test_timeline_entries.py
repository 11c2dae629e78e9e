"""Timeline entries as a journalist reads them: the day each one names, and a text that tells what happened.

Sentences written for these tests in the style of wire copy (none is taken from a benchmark
story); each article is dated as its comment says. `build_timeline` is run as the pipeline runs
it on a one-article story.
"""

from __future__ import annotations

import pytest

from newsweave import timeline
from newsweave.context import StoryContext
from newsweave.model import Article
from newsweave.nlp import parse_articles

THURSDAY = "2026-03-05"  # a Thursday
FRIDAY = "2026-03-06"


def entries(models, text: str, published: str):
    """The timeline entries of a one-article story: (date, text) pairs in timeline order."""
    article = Article(id="a", path=None, title=None, outlet=None, url=None, published=published,
                      published_from="metadata", text=text)
    result = timeline.build_timeline(StoryContext(tuple(parse_articles([article], models)), {}))
    return [(e.date, e.text) for e in result.entries]


def dates(models, text: str, published: str) -> list[str]:
    return [d for d, _ in entries(models, text, published)]


@pytest.mark.parametrize("text, published, want", [
    # the paper's own weekday in a clause that looks ahead is that day, not a week off
    ("The mayor is expected to unveil her budget at City Hall on Thursday night.", THURSDAY, "2026-03-05"),
    ("The governor will sign the bill on Friday, his office said.", FRIDAY, "2026-03-06"),
    # "next" names the week after; another weekday ahead is the coming one
    ("The mayor will unveil her budget next Thursday.", THURSDAY, "2026-03-12"),
    ("The mayor will unveil her budget on Saturday.", THURSDAY, "2026-03-07"),
    # a reporting verb in the past: the paper's day, or the days before it
    ("The governor said Friday that he would not run again.", FRIDAY, "2026-03-06"),
    ("The governor said Thursday that he would not run again.", FRIDAY, "2026-03-05"),
    ("The governor said Saturday that he would not run again.", FRIDAY, "2026-02-28"),
    # a month after the paper's month, told in the past, lies in the year before; in the future, ahead
    ("In October, the council voted to close the library on Main Street.", THURSDAY, "2025-10"),
    ("The council will vote on the library's future in October.", THURSDAY, "2026-10"),
    ("Last month, the union rejected the company's offer.", THURSDAY, "2026-02"),
])
def test_entry_dates_follow_tense_and_the_papers_day(models, text, published, want):
    assert dates(models, text, published) == [want]


def test_a_when_clause_after_the_date_tells_the_event(models):
    [(day, text)] = entries(models, "The trouble started on Monday, when a water main broke under Elm Street.", THURSDAY)
    assert day == "2026-03-02"
    assert text.startswith("The trouble started when a water main broke")


def test_a_participle_under_since_keeps_its_preposition_and_a_comma(models):
    [(day, text)] = entries(models, "Since taking office in January, the governor has signed 40 bills into law.",
                            THURSDAY)
    assert day == "2026-01"
    assert text.startswith("Since taking office, the governor has signed")


def test_a_dateline_run_into_the_first_sentence_dates_nothing(models):
    text = ("Springfield, Ill. (March 5, 2026) – Firefighters rescued two children from a burning house on "
            "Wednesday, the fire department said.")
    found = entries(models, text, THURSDAY)
    assert [d for d, _ in found] == ["2026-03-04"]
    assert not found[0][1].startswith("Springfield")


def test_an_aside_between_commas_leaves_no_stray_comma(models):
    [(_, text)] = entries(models, "The proposal, officials said, was withdrawn on Tuesday.", THURSDAY)
    assert "," not in text
    assert text.startswith("The proposal was withdrawn")


def test_the_object_of_an_infinitive_keeps_its_of_phrase(models):
    [(_, text)] = entries(models, "The mayor is set to announce the winner of the design contest on Friday.", THURSDAY)
    assert "the winner of the design contest" in text


def test_an_adjective_after_its_pronoun_stays_with_it(models):
    [(_, text)] = entries(models, "The first hint of anything wrong came on Tuesday, when the alarms failed.",
                          THURSDAY)
    assert "anything wrong" in text


def test_a_number_after_its_name_stays_with_it(models):
    [(_, text)] = entries(models, "Flight 212 landed safely in Denver on Tuesday after an engine warning.", THURSDAY)
    assert text.startswith("Flight 212 landed")


def test_a_feast_that_names_a_kind_of_thing_dates_nothing(models):
    assert entries(models, "Police closed the Christmas market in the old town after a bomb threat, officials said.",
                   "2026-12-10") == []
    assert dates(models, "The shops will close early on Christmas Eve.", "2026-12-10") == ["2026-12-24"]


def test_a_date_left_out_of_a_noun_phrase_leaves_its_article_agreeing(models):
    [(_, text)] = entries(models, "The judge set an August 30 deadline for both sides to file their briefs.", THURSDAY)
    assert text.startswith("The judge set a deadline")


def test_a_verb_with_only_a_that_clause_keeps_the_clause(models):
    [(_, text)] = entries(models, "As of Monday, it seems that the strike has ended at the port.", THURSDAY)
    assert text.startswith("It seems that the strike has ended")


def test_a_date_the_parse_took_for_a_subject_leaves_the_subject_of_the_clause(models):
    text = ("The school board finished its search last month and on Tuesday, March 3, approved a contract for the "
            "new superintendent.")
    found = dict(entries(models, text, THURSDAY))
    assert found["2026-03-03"].startswith("The school board approved a contract")


def test_a_month_day_naming_an_event_takes_the_year_the_article_writes_it_with(models):
    text = ("Investigators reopened the file on the March 14, 2019, explosion at the refinery. Residents still "
            "remember the March 14 explosion, which shattered windows across the valley. The plant met regulators "
            "on March 14 to discuss the new permit.")
    found = sorted(entries(models, text, "2026-05-20"))
    assert [d for d, _ in found] == ["2019-03-14", "2019-03-14", "2026-03-14"]


def test_a_date_on_a_noun_under_a_present_clause_is_told_by_the_noun_phrase(models):
    text = "The new report appears to contradict 2019 testimony from the former fire chief about the blaze."
    [(day, told)] = entries(models, text, THURSDAY)
    assert day == "2019"
    assert told.startswith("Testimony from the former fire chief")
    # a clause in the past may tell the dated event, and stays
    [(_, told)] = entries(models, "Two reviews of the flooding in March 2024 have found serious failings.", THURSDAY)
    assert told.startswith("Two reviews of the flooding have found")


def test_a_when_clause_after_a_since_date_is_told_alone(models):
    text = "Since January, when the factory began laying off workers, the town has lost a tenth of its people."
    [(day, told)] = entries(models, text, THURSDAY)
    assert day == "2026-01"
    assert told.startswith("The factory began laying off workers")


def test_a_weekday_inside_a_name_dates_nothing(models):
    assert entries(models, "The race stayed too close to call for much of Super Tuesday election night.",
                   THURSDAY) == []


def test_a_participle_describing_a_noun_is_told_by_the_clause_it_belongs_to(models):
    text = "The mayor said she was cancelling a town meeting scheduled for Saturday because of the storm."
    [(day, told)] = entries(models, text, THURSDAY)
    assert day == "2026-03-07"
    assert "was cancelling a town meeting scheduled" in told


def test_what_a_reported_hope_or_plan_holds_stays_in_the_text(models):
    [(_, told)] = entries(models, "The minister said Tuesday that he hoped the unions would accept the offer.", THURSDAY)
    assert told.startswith("The minister said that he hoped the unions would accept the offer")
    [(_, told)] = entries(models, "Officials said the talks were going to be very difficult tomorrow.", THURSDAY)
    assert "going to be very difficult" in told


def test_a_chronology_line_keeps_its_own_date(models):
    text = "1941 - Congress passes a law that fixes the holiday on the fourth Thursday of the month."
    assert "1941" in dates(models, text, "2026-11-18")


def test_more_verbs_of_saying_keep_what_was_said(models):
    [(_, told)] = entries(models, "The governor argued on Tuesday that the plan was dead.", THURSDAY)
    assert told == "The governor argued that the plan was dead"


def test_a_relative_pronoun_stands_for_its_noun(models):
    [(_, told)] = entries(models, "The senator visited the town that elected him in 2010.", THURSDAY)
    assert told.startswith("The town elected him")


def test_an_aside_after_a_dash_in_the_subject_is_not_taken_for_it(models):
    text = ("The leader of the fighters holding the northern valley — one of the last strongholds of the "
            "rebels, said on Thursday they were ready to negotiate.")
    (entry,) = entries(models, text, FRIDAY)
    assert entry[0] == THURSDAY
    assert entry[1].startswith("The leader of the fighters")
