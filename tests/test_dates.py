"""Every date of a story read as TimeML: tense from the parse, the article's date, the previous date.

The sentences are real ones from TimeBank / AQUAINT news (TempEval-3), with
the article's date (dct) the annotators read them against.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.model import Article, DateExpression, Result, Story
from newsweave.nlp import parse_articles
from newsweave.timeline import story_dates
from newsweave.timeline.dates import article_dates
from newsweave.timeline.timex import read_timex


def article(aid: str, text: str, published: str | None) -> Article:
    return Article(id=aid, path=None, title=None, outlet=None, url=None, published=published,
                   published_from="metadata" if published else None, text=text)


def read(models, text: str, dct: str) -> dict[str, DateExpression]:
    """The story's `dates` of one article, by the expression's text."""
    parsed = parse_articles([article("a1", text, dct)], models)
    return {d.text: d for d in story_dates(parsed)}


@pytest.mark.parametrize("text, dct, expression, value", [
    # A past-tense verb sends a bare month back (the nearest January would be the next one).
    ("In January, American Medical brought in a new chief executive officer, Richard A. Gilleland, 45.",
     "1989-10-27", "January", "1989-01"),
    # "said Friday" in a Friday paper is that Friday, though "will cost" (future) governs the sentence.
    ("A phony address listed on disclosure forms for a French donor will cost the far-right German People's "
     "Union about 549,000 marks (dlrs 305,000), parliament said Friday.", "1998-06-26", "Friday", "1998-06-26"),
    # A weekday equal to the paper's is that day when its own verb is past, whatever "will" governs above it.
    ("Elian Gonzalez will remain in the United States for at least two more weeks even after a federal appeals "
     "court Thursday refused to order a political asylum hearing for the fought-over Cuban child.",
     "2000-06-01", "Thursday", "2000-06-01"),
    # What is planned lies ahead, though "planned" is in the past.
    ("Protesters planned a large demonstration in Little Havana on Saturday and were planning to drive around "
     "Miami International Airport on Monday.", "2000-01-07", "Saturday", "2000-01-08"),
    # A past verb dates only what hangs on it: the dividend is paid in December, after the article.
    ("ONEIDA Ltd. declared a 10% stock dividend, payable Dec. 15 to stock of record Nov. 17.",
     "1989-10-26", "Dec. 15", "1989-12-15"),
    # A future verb sends a bare month forward, however near the last one is.
    ("Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space Shuttle Columbia for a "
     "mission in December.", "1998-03-04", "December", "1998-12"),
    # "last May" in February is the year before's.
    ("A major dispute concerns a broad political treaty calling for border demarcation, which the two "
     "presidents signed last May.", "1998-02-27", "last May", "1997-05"),
])
def test_tense_and_article_date_resolve_bare_dates(models, text, dct, expression, value):
    assert read(models, text, dct)[expression].value == value


def test_a_nouns_own_month_is_in_the_past_under_a_future_verb(models):
    # "April's peak" names what has happened; the old reading took the tense of "will need".
    dates = read(models, "The index will need months to regain April's peak, analysts said.", "1998-11-20")
    assert dates["April"].value == "1998-04"
    assert dates["April"].precision == "month"


def test_quarters_count_from_the_article_date_and_the_previous_one(models):
    text = ("DSM said net income in the third quarter jumped 63% as the company had substantially lower "
            "extraordinary charges. Net income was 58.3 million guilders, up from 35.7 million guilders "
            "a year earlier.")
    dates = read(models, text, "1989-11-02")
    assert dates["the third quarter"].value == "1989-Q3"
    assert dates["a year earlier"].value == "1988-Q3"


def test_kinds_durations_sets_and_references(models):
    text = ("Qantas plans daily flights between Sydney and Bombay, the airline announced Friday. "
            "Prices have risen for the past two months and are now near their high.")
    dates = read(models, text, "1998-02-13")
    assert (dates["daily"].kind, dates["daily"].value) == ("set", "P1D")
    assert (dates["the past two months"].kind, dates["the past two months"].value) == ("duration", "P2M")
    assert (dates["now"].kind, dates["now"].value, dates["now"].precision) == ("date", "PRESENT_REF", None)
    assert (dates["Friday"].value, dates["Friday"].precision) == ("1998-02-13", "day")


@pytest.mark.parametrize("text, value, kind, precision", [
    ("this week", "1998-W02", "date", "week"),
    ("10:35 a.m.", "1998-01-08T10:35", "time", None),
    ("Friday morning", "1998-01-02TMO", "time", None),
    ("the 1980s", "198", "date", None),
    ("five years", "P5Y", "duration", None),
    ("2 1/2 years", "P2Y6M", "duration", None),
    ("every Thursday", "XXXX-WXX-4", "set", None),
    ("last fall", "1997-FA", "date", None),
    ("nineteen ninety-one", "1991", "date", "year"),
])
def test_timeml_forms(text, value, kind, precision):
    found = read_timex(text, date(1998, 1, 8), tense="past")
    assert (found.value, found.kind, found.precision) == (value, kind, precision)


def test_offsets_are_exact_and_round_trip(models):
    text = "WASHINGTON, Jan. 8 (AP) The economy created jobs at a robust pace in December, the government said today."
    parsed = parse_articles([article("a1", text, "1998-01-08")], models)
    dates = article_dates(parsed[0], date(1998, 1, 8))
    assert dates and all(text[d.start:d.end] == d.text for d in dates)
    assert {d.text: d.value for d in dates}["December"] == "1997-12"
    story = Story(id="s1", title="", articles=("a1",), dates=tuple(dates))
    assert Story.from_dict(story.to_dict()).dates == tuple(dates)


def test_report_shows_how_each_date_was_read():
    from newsweave.report.html import render_html

    text = "The treaty was signed last May."
    d = DateExpression("a1", 22, 30, "last May", "date", "1997-05", "month")
    story = Story(id="s1", title="Treaty", articles=("a1",), dates=(d,))
    page = render_html(Result((article("a1", text, "1998-02-27"),), (), (story,)))
    assert 'title="read as 1997-05: a date, to the month"' in page
