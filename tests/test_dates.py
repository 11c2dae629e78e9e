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
from newsweave.timeline.dates import article_dates, read_span
from newsweave.timeline.timex import next_previous, read_timex


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
    # Issue 17: "In January, Arafat wrote ..." in a November article is the past January.
    ("In January, Arafat wrote to the president about the talks.", "1998-11-12", "January", "1998-01"),
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


def test_the_quarter_is_the_last_one_named_whatever_dates_came_between(models):
    # TempEval-3 wsj_0171: "1990" and "currently" come between "third-quarter" and "the quarter".
    text = ("Valley Federal Savings amp Loan Association took an $89.9 million charge as it reported a "
            "third-quarter loss of $70.7 million, or $12.09 a share. The thrift said that the association "
            "expects to achieve near record earnings in 1990. Valley Federal is currently being examined by "
            "regulators. New loans continue to slow; they were $6.6 million in the quarter compared with "
            "$361.8 million a year ago.")
    dates = read(models, text, "1989-11-02")
    assert dates["1990"].value == "1990"
    assert dates["the quarter"].value == "1989-Q3"
    assert dates["a year ago"].value == "1988-Q3"


def test_a_year_earlier_after_a_stretch_of_months_is_the_year_before():
    # wsj_1013: "For the nine months, losses totaled $212 million ..., compared with net income of
    # $48.7 million ..., a year earlier." after "the third quarter": the nine months are the period now.
    reference = date(1989, 10, 26)
    anchors = next_previous(None, read_timex("the third quarter", reference), "the third quarter")
    assert read_timex("a year earlier", reference, None, anchors).value == "1988-Q3"
    nine = read_timex("the nine months", reference, None, anchors)
    assert (nine.kind, nine.value) == ("duration", "P9M")
    anchors = next_previous(anchors, nine, "the nine months")
    assert read_timex("a year earlier", reference, None, anchors).value == "1988"


def test_a_year_earlier_counts_from_the_quarter_while_later_dates_lie_within_it():
    # wsj_0325: "third-quarter ... the quarter ended Sept. 30 ... The year-ago results": still the quarter;
    # a date outside it (wsj_0348's "yesterday") ends its hold on "a year ago", not on "the quarter".
    reference = date(1989, 11, 1)
    anchors = next_previous(None, read_timex("third-quarter", reference), "third-quarter")
    anchors = next_previous(anchors, read_timex("Sept. 30", reference, "past", anchors), "Sept. 30")
    assert read_timex("year-ago", reference, None, anchors).value == "1988-Q3"
    anchors = next_previous(anchors, read_timex("yesterday", reference, "past", anchors), "yesterday")
    assert read_timex("a year ago", reference, None, anchors).value == "1988"
    assert read_timex("the quarter", reference, None, anchors).value == "1989-Q3"


def test_the_1988_period_is_the_quarter_named_before_in_that_year():
    # wsj_0928: "the fiscal first quarter ... In the 1988 period, the company earned $20.6 million".
    reference = date(1989, 10, 26)
    anchors = next_previous(None, read_timex("the fiscal first quarter", reference), "the fiscal first quarter")
    assert read_timex("the 1988 period", reference, None, anchors).value == "1988-Q1"
    assert read_timex("the 1988 period", reference).value == "1988"


def test_the_previous_friday_counts_from_the_day_named(models):
    # wsj_0586, a Monday's paper: "Friday" is the 27th; "the previous Friday" the week before it.
    text = ("London shares closed sharply lower Friday. The Financial Times 100-share index shed 47.3 points "
            "to close at 2082.1, down 4.5% from the previous Friday and 6.8% from Oct. 13.")
    dates = read(models, text, "1989-10-30")
    assert dates["Friday"].value == "1989-10-27"
    assert dates["the previous Friday"].value == "1989-10-20"


@pytest.mark.parametrize("text, dct, before, value", [
    # NYT 2000-02-24: "The day before last Tuesday's federal court hearing, Manuel went to Lazaro's home."
    ("day before last Tuesday", "2000-02-24", None, "2000-02-21"),
    # wsj_0534: "... through Nov. 30 ... Until then, Conseco said the stock remains convertible".
    ("then", "1989-10-30", "Nov. 30", "1989-11-30"),
    # wsj_0810: "twice as high a dividend this year as last".
    ("last", "1989-10-27", "this year", "1988"),
    # VOA 1998-03-05: "International Women's Day is this coming Sunday, March eighth."
    ("this coming Sunday, March eighth", "1998-03-05", None, "1998-03-08"),
    # NYT 2000-02-24: "may finally be resolved in a court hearing the week of March 6".
    ("the week of March 6", "2000-02-24", None, "2000-W10"),
    # APW 2000-04-17: "protesters prayed for divine help as Easter week began" (Easter: April 23, 2000).
    ("Easter week", "2000-04-17", None, "2000-W16"),
    ("Good Friday", "2000-05-10", None, "2000-04-21"),
])
def test_expressions_counted_from_a_named_day_or_written_out(text, dct, before, value):
    reference = date.fromisoformat(dct)
    anchors = next_previous(None, read_timex(before, reference), before) if before else None
    assert read_timex(text, reference, None, anchors).value == value


def test_capital_may_is_the_month_and_lower_case_may_is_not():
    # APW 1998-03-22: "the multi-party talks that are supposed to conclude by May".
    assert read_timex("May", date(1998, 3, 22)).value == "1998-05"
    assert read_timex("may", date(1998, 3, 22)) is None


@pytest.mark.parametrize("text, dct, expression, value", [
    # "set" describing a noun plans nothing: the record high was set in the past August.
    ("Stocks rose, pushing the Dow Jones industrial average up 72.24 points, to 8,189.49, leaving the index "
     "within 70 points of its record high set on Aug. 6.", "1998-02-06", "Aug. 6", "1997-08-06"),
    # "might come as soon as Tuesday": the modal looks ahead through "as soon as".
    ("The group might come to the U.S. as soon as Tuesday, according to unconfirmed media reports.",
     "2000-04-03", "Tuesday", "2000-04-04"),
    # A present participle has no tense of its own: "departing" takes the "would" of "would leave".
    ("In a joint statement with Tourism Minister Andrew Thomson, it said two new flights would leave Bombay on "
     "Monday and Tuesday nights from March 30, with the third departing each Thursday from August 6.",
     "1998-02-13", "August 6", "1998-08-06"),
    # A plan told in the past perfect lies behind: wsj_0533, "was extended to Nov. 16. It had been due to
    # expire Friday evening." in a Monday's paper.
    ("The bid was extended to Nov. 16. It had been due to expire Friday evening.", "1989-10-30",
     "Friday evening", "1989-10-27TEV"),
    # A past participle tells of what is done, whatever "would" follows ("announced Friday").
    ("But under new terms of the agreement, announced Friday, LIN holders would receive a special cash dividend "
     "of $42 a share, shortly before the proposed merger.", "1989-10-30", "Friday", "1989-10-27"),
])
def test_participles_and_modals_through_their_adverbs(models, text, dct, expression, value):
    assert read(models, text, dct)[expression].value == value


@pytest.mark.parametrize("text, value", [
    # TimeML gives a part of a period the value of the whole (TempEval-3: "the end of 1994" = 1994,
    # "the beginning of October" = 1989-10, "the end of this week" = the week); a half has its own.
    ("the end of the year", "1989"),
    ("the beginning of October", "1989-10"),
    ("the end of 1994", "1994"),
    ("the end of this week", "1989-W43"),
    ("the first half of 1989", "1989-H1"),
    ("the second half of next year", "1990-H2"),
    # A period named by its last day: the quarter most of whose months lie before it, a fiscal year,
    # a week; a stretch of months stays a duration.
    ("the quarter ended Sept. 30", "1989-Q3"),
    ("the quarter ended July 31", "1989-Q2"),
    ("the third quarter ended Sept. 30, 1988", "1988-Q3"),
    ("the fiscal year ended June 30", "1989"),
    ("the week ended Oct. 20", "1989-W42"),
    ("the nine months ended Sept. 30", "P9M"),
    # Quarters counted from the article's date; "the last decade" is the decade before this one.
    ("last quarter", "1989-Q3"),
    ("next quarter", "1990-Q1"),
    ("fiscal 1989's first quarter", "1989-Q1"),
    ("the year's final quarter", "1989-Q4"),
    ("the last decade", "197"),
    ("past decade", "P10Y"),
    ("the current year", "1989"),
    ("the next day", "1989-10-27"),
])
def test_parts_of_periods_periods_by_their_end_and_relative_quarters(text, value):
    assert read_timex(text, date(1989, 10, 26)).value == value


def test_the_following_week_counts_from_the_day_named():
    reference = date(1998, 2, 12)
    anchors = next_previous(None, read_timex("Jan. 5", reference, "past"), "Jan. 5")
    assert read_timex("the following week", reference, None, anchors).value == "1998-W03"
    assert read_timex("the following week", reference).value == "1998-W08"


def test_the_previous_quarter_counts_from_the_quarter_named():
    reference = date(1989, 10, 26)
    anchors = next_previous(None, read_timex("the first quarter", reference), "the first quarter")
    assert read_timex("the previous quarter", reference, None, anchors).value == "1988-Q4"
    assert read_timex("the following month", reference, None,
                      next_previous(None, read_timex("March", reference, "past"), "March")).value == "1989-04"


@pytest.mark.parametrize("text, value", [
    ("the summer of '88", "1988-SU"),
    ("fiscal '98", "1998"),
    ("10/19/87", "1987-10-19"),
    ("the '80s", "198"),
    ("years ago", "PAST_REF"),
    ("some time ago", "PAST_REF"),
    ("earlier in the week", "1998-W07"),
    ("the early part of the year", "1998"),
])
def test_short_years_numeric_dates_and_uncounted_pasts(text, value):
    assert read_timex(text, date(1998, 2, 12)).value == value


def test_a_length_of_time_is_no_vague_past():
    assert read_timex("some time", date(1998, 2, 12)) is None


@pytest.mark.parametrize("text, value", [
    # TempEval-3 writes quarters as quarters ("the past two quarters" P2Q), counts "more" out of the
    # number ("two more weeks" P2W), keeps the plural under "ahead" and reads "couple of" as two.
    ("the past two quarters", "P2Q"),
    ("two more weeks", "P2W"),
    ("at least 20 more years", "P20Y"),
    ("the weeks ahead", "PXW"),
    ("the next couple of years", "P2Y"),
    ("the year-earlier nine months", "P9M"),
])
def test_durations_as_timeml_writes_them(text, value):
    found = read_timex(text, date(1989, 10, 27))
    assert (found.kind, found.value) == ("duration", value)


def test_next_friday_counts_from_the_article_and_the_next_friday_from_the_day_named():
    reference = date(1998, 2, 12)  # a Thursday
    anchors = next_previous(None, read_timex("Jan. 5", reference, "past"), "Jan. 5")
    assert read_timex("next Friday", reference, None, anchors).value == "1998-02-13"
    assert read_timex("the next Friday", reference, None, anchors).value == "1998-01-09"
    assert read_timex("the next week", reference, None, anchors).value != "1998-W03"


def test_a_day_and_its_time_of_day_are_one_expression(models):
    # spaCy tags "Friday" (DATE) and "evening" (TIME) apart; TimeML reads "Friday evening" as one.
    dates = read(models, "Talks went on for more than four hours Friday, and the bid had been due to expire "
                         "Friday evening.", "1989-10-30")
    assert (dates["Friday evening"].kind, dates["Friday evening"].value) == ("time", "1989-10-27TEV")
    assert "evening" not in dates
    assert dates["more than four hours"].value == "PT4H" and dates["Friday"].value == "1989-10-27"


@pytest.mark.parametrize("text, dct, expected", [
    # The ends of a range are two expressions: no single value reads "from Aug. 26 to Oct. 20".
    ("Hewlett-Packard holds 1,384,119 shares, including 100,000 shares bought from Aug. 26 to Oct. 20 for "
     "$23.31 to $24.25 a share.", "1989-10-27", {"Aug. 26": "1989-08-26", "Oct. 20": "1989-10-20"}),
    ("Mr. Antar is being sued for profits from the sale of his shares between 1985 and 1987.", "1989-10-27",
     {"1985": "1985", "1987": "1987"}),
    # A comma inside one date does not cut it.
    ("Farkas was sent into space on board the Soyuz 36 on May 26, 1980.", "1998-01-16",
     {"May 26, 1980": "1980-05-26"}),
    # A period named by its last day: the period read with its end, and the day apart.
    ("Coast had a loss of $92.2 million, or $6.98 a share, for the quarter ended Sept. 30.", "1989-10-25",
     {"the quarter": "1989-Q3", "Sept. 30": "1989-09-30"}),
    # A determiner that belongs to the noun after the date, and a possessive, stay out of the expression.
    ("Octel received 730,070 common shares as a result of an Aug. 10, 1988, stock purchase agreement.",
     "1989-10-25", {"Aug. 10, 1988": "1988-08-10"}),
    ("He tried to bridge the gap between Israeli and Palestinian positions before next week's talks in London.",
     "1998-05-01", {"next week": "1998-W19"}),
])
def test_entities_are_cut_into_timeml_expressions(models, text, dct, expected):
    found = read(models, text, dct)
    assert {k: found[k].value for k in expected if k in found} == expected


def test_a_month_day_after_last_is_the_latest_one_before_the_article():
    assert read_timex("last Oct. 23", date(1999, 1, 22)).value == "1998-10-23"
    assert read_timex("last Oct. 23", date(1999, 11, 2)).value == "1999-10-23"
    assert read_timex("next Oct. 23", date(1999, 1, 22)).value == "1999-10-23"


def test_a_day_the_entity_model_leaves_untagged_is_still_read(models):
    text = ("``Our goal is to reunite Elian and his father,'' said Maria Cardona. Late Monday, U.S. State "
            "Department officials said that travel visas had been approved for Elian's father.")
    found = read(models, text, "2000-04-03")
    assert any("Monday" in k and d.value == "2000-04-03" for k, d in found.items())


def test_the_quarter_a_year_ago_is_the_named_quarter_a_year_back():
    previous = next_previous(None, read_timex("the third quarter", date(1989, 10, 26)), "the third quarter")
    assert read_timex("the quarter a year ago", date(1989, 10, 26), "past", previous).value == "1988-Q3"


def test_a_bare_length_before_earlier_is_a_point_in_time(models):
    text = ("Ogden Corp. reported third-quarter net income of $27.1 million, or 67 cents a share, more than twice "
            "the $13.5 million, or 34 cents a share, a year earlier.")
    parsed = parse_articles([article("a1", text, "1989-11-01")], models)
    doc = parsed[0].doc
    start = text.index("a year earlier")
    span = doc.char_span(start, start + len("a year"))
    previous = next_previous(None, read_timex("third-quarter", date(1989, 11, 1)), "third-quarter")
    assert read_span("a year", span, date(1989, 11, 1), previous).value == "1988-Q3"
    # A length that is no point stays a duration ("for a year").
    text2 = "The company said it would keep the plant open for a year."
    doc2 = parse_articles([article("a2", text2, "1989-11-01")], models)[0].doc
    s2 = text2.index("a year")
    assert read_span("a year", doc2.char_span(s2, s2 + 6), date(1989, 11, 1)).kind == "duration"


@pytest.mark.parametrize("text, dct, words, value", [
    # An entity that does not read is cut to the words of it that name a date.
    ("During the day Friday, Elian played in his relatives' yard with other children.", "2000-01-07",
     "Friday", "2000-01-07"),
    ("Based on physical evidence, including a rifle found in April month buried near the doctor's house, "
     "investigators named a suspect.", "1999-05-07", "April", "1999-04"),
])
def test_an_unreadable_entity_is_cut_to_the_date_it_names(models, text, dct, words, value):
    found = read(models, text, dct)
    assert found[words].value == value


def test_a_holiday_the_entity_model_calls_an_event_is_read(models):
    found = read(models, "Elian was found Thanksgiving Day clinging to an inner tube at sea.", "2000-01-07")
    assert any("Thanksgiving" in k and d.value == "1999-11-25" for k, d in found.items())


@pytest.mark.parametrize("text, dct, value, kind", [
    ("as soon as possible", date(1989, 10, 30), "FUTURE_REF", "date"),
    ("recent weeks and months", date(1989, 10, 27), "PAST_REF", "date"),
    ("Tuesday nights", date(1998, 2, 13), "XXXX-WXX-2TNI", "set"),
    ("Sundays", date(1998, 2, 13), "XXXX-WXX-7", "set"),
    ("a minute and a half", date(1998, 1, 14), "PT1M30S", "duration"),
    ("the next 12 to 18 months", date(1989, 10, 30), "PXM", "duration"),
    ("several-year", date(1989, 11, 2), "PXY", "duration"),
    # "a few years ago" in 1998 is some year of the 1990s; in 2002 it may be the 1990s or the 2000s.
    ("a few years ago", date(1998, 2, 12), "199X", "date"),
    ("a few years ago", date(2002, 2, 12), "PAST_REF", "date"),
])
def test_vague_counts_sets_and_references(text, dct, value, kind):
    found = read_timex(text, dct)
    assert (found.value, found.kind) == (value, kind)


def test_forms_of_other_news_a_probe_found_unread():
    """Expressions of 2015-16 political news (an unannotated probe, PolNeAR texts) the reader left unread."""
    assert read_timex("the ‘90s", date(2016, 3, 25)).value == "199"
    assert read_timex("a quarter-century", date(2016, 3, 25)).value == "P25Y"
    assert read_timex("the first quarter of the year", date(2016, 7, 2)).value == "2016-Q1"
    named = next_previous(None, read_timex("March 3", date(2016, 3, 25), "past"), "March 3")
    assert read_timex("later that month", date(2016, 3, 25), "past", named).value == "2016-03"
    assert read_timex("that week", date(2016, 3, 25), "past", named).value == "2016-W09"


def test_a_holiday_outside_every_entity_is_read_with_its_last(models):
    text = "Elian was found clinging to an inner tube in the Atlantic last Thanksgiving following a boat wreck."
    found = read(models, text, "2000-01-07")
    assert any("Thanksgiving" in k and d.value == "1999-11-25" for k, d in found.items())


def test_a_day_inside_an_event_name_is_not_read_against_the_article(models):
    # "the September 11 attacks" in a 2021 report is 2001's: the article's date would give the coming one.
    text = ("Dashti had escaped the suicide attempt that killed Massoud's father, Ahmad Shah Massoud, on "
            "September 9, 2001, just days before the September 11 attacks on the US.")
    found = read(models, text, "2021-09-06")
    assert found["September 9, 2001"].value == "2001-09-09"
    assert not any(d.value == "2021-09-11" for d in found.values())



def test_a_time_a_verb_of_deferral_puts_off_to_lies_ahead(models):
    # In Thursday's paper the Tuesday put off to is the next one; "until" without a deferral keeps the past.
    text = ("U.S. Immigration officials postponed until Tuesday morning any action on revoking the boy's temporary "
            "permission to stay in the United States.")
    assert read(models, text, "2000-03-30")["Tuesday morning"].value == "2000-04-04TMO"
    lasted = read(models, "The talks between the two families lasted until Tuesday, officials said.", "2000-03-30")
    assert lasted["Tuesday"].value == "2000-03-28"


def test_a_bare_quarter_is_the_one_its_end_day_closes(models):
    # The gold span is "the quarter" alone; the end day after it names the quarter (May to July: Q2).
    text = "In the quarter ended July 31, Jayark had an average of 5.6 million shares outstanding."
    doc = parse_articles([article("a1", text, "1989-10-30")], models)[0].doc
    start = text.index("the quarter")
    span = doc.char_span(start, start + len("the quarter"))
    assert read_span("the quarter", span, date(1989, 10, 30)).value == "1989-Q2"
    # A fiscal quarter named before is the one meant, whatever its end day says.
    first = read_timex("the fiscal first quarter", date(1989, 10, 26))
    named = next_previous(None, first, "the fiscal first quarter")
    assert read_span("the quarter", span, date(1989, 10, 26), named).value == first.value == "1989-Q1"


def test_the_latest_fiscal_year_is_the_last_one_ended():
    assert read_timex("the latest fiscal year", date(1989, 10, 26)).value == "1988"
    assert read_timex("its most recent fiscal year", date(1989, 10, 26)).value == "1988"


def test_a_weekday_ahead_that_is_the_papers_own_is_that_day(models):
    # Political news of 2016 (PolNeAR texts): "Friday" in a Friday's paper is today, looking ahead or not;
    # "next Friday" is the week after, and another weekday ahead is the next one.
    assert read(models, "She'll present her proposals in a speech Friday in Port St. Lucie, Florida.",
                "2016-09-30")["Friday"].value == "2016-09-30"
    assert read(models, "The film, which debuts on Netflix Friday, explores a loophole in the 13th amendment.",
                "2016-10-07")["Friday"].value == "2016-10-07"
    assert read(models, "Yellen and her Fed colleagues will get one more big data point on Friday with the "
                        "release of the jobs report.", "2015-12-01")["Friday"].value == "2015-12-04"
    assert read(models, "The senators will meet again next Friday.", "2016-09-30")["next Friday"].value == "2016-10-07"


def test_a_past_participle_tells_of_what_is_done_under_a_plan(models):
    # "plan" above it is a noun, not a verb of planning: the plan was released, on the paper's own Tuesday.
    text = "The White House largely played it safe politically in the nine-page plan released Tuesday."
    assert read(models, text, "2016-02-23")["Tuesday"].value == "2016-02-23"
    # A participle of planning still looks ahead.
    text2 = "The senators will debate the nine-page plan, scheduled for a vote on Thursday."
    assert read(models, text2, "2016-02-23")["Thursday"].value == "2016-02-25"


def test_forms_a_second_probe_of_political_news_found_unread_or_misread():
    """Expressions of PolNeAR texts (2015-16 political news, unannotated) that read as nothing or wrongly."""
    thursday = date(2016, 3, 10)
    assert read_timex("just last week", thursday, "past").value == "2016-W09"  # it read as a duration, P1W
    assert read_timex("just this month", thursday).value == "2016-03"
    assert read_timex("less than two weeks ago", thursday, "past").value == "2016-W08"
    assert read_timex("only two weeks", thursday).value == "P2W"  # a hedged length stays a length
    # "this weekend" is the weekend of the paper's week: on a Thursday the coming one, unless told in the past.
    assert read_timex("this weekend", thursday, "future").value == "2016-W10-WE"
    assert read_timex("this weekend", thursday).value == "2016-W10-WE"
    assert read_timex("this weekend", thursday, "past").value == "2016-W09-WE"
    assert read_timex("a quarter-century ago", thursday, "past").value == "1991"
    assert read_timex("half a decade", thursday).value == "P5Y"
    assert read_timex("6 o'clock this afternoon", thursday).value == "2016-03-10T18:00"
    assert read_timex("three o’clock in the morning", thursday).value == "2016-03-10T03:00"


def test_a_decade_ago_is_the_year_ten_years_back():
    # TempEval-3 (AQUAINT): "just a decade ago were still under the Soviet umbrella" in 1999 is 1989, not the 1980s.
    assert read_timex("a decade ago", date(1999, 3, 12), "past").value == "1989"
    assert read_timex("the last decade", date(1998, 2, 6)).value == "198"  # the decade before stays a decade


def test_an_infinitive_completing_a_noun_looks_ahead(models):
    # A Wednesday's paper (PolNeAR text): the victories are still to be won, the coming Saturday.
    text = ("He's also in a strong position to reel off a few more victories on Saturday, when caucuses in "
            "Alaska, Hawaii, and Washington take place.")
    assert read(models, text, "2016-03-23")["Saturday"].value == "2016-03-26"
    # An infinitive under a verb tells nothing of its own: the nearest Saturday, the past one, is kept.
    text2 = "The governor was forced to resign on Saturday after the vote."
    assert read(models, text2, "2016-03-23")["Saturday"].value == "2016-03-19"


def test_a_march_is_no_month(models):
    # PolNeAR texts: the entity model tags the noun as the month.
    found = read(models, "Sanders is likely to mention that he was at the March on Washington in 1963.", "2016-02-11")
    assert "March" not in found and found["1963"].value == "1963"
    found = read(models, "said Thomas Burke, a leader of the Coalition to Stop Trump and March on the RNC.", "2016-06-23")
    assert "March" not in found
    found = read(models, "Prices rose in February and March on strong demand.", "2016-06-23")
    assert found["March"].value == "2016-03"


def test_a_bare_weekday_after_a_day_of_the_coming_week_is_in_that_week(models):
    # TR-News, a Saturday's paper: the celebration is the coming week's, and so is "the Thursday show".
    text = ("The 46th Annual Bob Wills Day celebration returns to Turkey on Thursday and runs through Sunday.\n"
            "Tickets for the Thursday show are $15, according to the city of Turkey.")
    found = {d.start: d.value for d in story_dates(parse_articles([article("a1", text, "2017-04-22")], models))}
    assert found[text.index("Thursday")] == "2017-04-27"
    assert found[text.index("Thursday show")] == "2017-04-27"  # the Thursday past, 2017-04-20, before
    # A day far ahead sets no scene: "Thursday's closing price" stays the last Thursday.
    far = read_timex("Thursday", date(1989, 10, 30), None,
                     next_previous(None, read_timex("Oct. 15, 1999", date(1989, 10, 30)), "Oct. 15, 1999"))
    assert far.value == "1989-10-26"


def test_what_since_counts_from_lies_behind(models):
    # PolNeAR text, August 2016: the October of the announcement is the last one, not the coming one.
    text = "Since announcing in October that he would not seek the presidency, Mr. Biden has campaigned for others."
    assert read(models, text, "2016-08-17")["October"].value == "2015-10"
    # TempEval-3 (wsj_0586), a stock table's note in October 1989: the year-end passed, 1988's.
    assert read(models, "The percentage change is since year-end.", "1989-10-30")["year-end"].value == "1988"
    assert read(models, "The deal is expected to close by year-end.", "1989-10-30")["year-end"].value == "1989"


def test_a_weekday_in_a_name_is_no_day(models):
    # PolNeAR texts: a programme's name is no date; the day the interview aired is.
    found = read(models, "Jessica Mendoza replaced Schilling on ESPN's marquee ''Sunday Night Baseball'' broadcasts.",
                 "2016-04-21")
    assert not any("Sunday" in k for k in found)
    found = read(models, "Obama recently sat for an interview with Chris Wallace on ''Fox News Sunday.''", "2016-07-25")
    assert "Sunday" not in found
    found = read(models, "He spoke on NBC's Meet the Press on Sunday.", "2016-07-25")
    assert found["Sunday"].value == "2016-07-24"


def test_a_sentence_told_in_the_past_takes_no_week_from_a_day_ahead(models):
    # "Thursday" hangs on a noun, not on "drew", but the sentence tells of the past: the Thursday just gone,
    # though a day of the coming week was named before.
    text = "The summit opens next Monday. The Thursday rally drew thousands of protesters."
    found = {d.start: d.value for d in story_dates(parse_articles([article("a1", text, "2017-04-22")], models))}
    assert found[text.index("next Monday")] == "2017-04-24"
    assert found[text.index("Thursday")] == "2017-04-20"


def test_a_day_written_before_its_month_keeps_its_day(models):
    # WikiNews (MultiLing sources): the parse hangs "26" on "tsunami", but "26 December" is one day.
    found = read(models, "The 26 December tsunami killed thousands of people in Aceh.", "2005-03-26")
    assert found["26 December"].value == "2004-12-26"
    assert read(models, "He sold 30 January shares.", "2005-03-26").get("30 January") is None  # a count stays out
