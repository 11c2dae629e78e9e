"""The main count carried on by a later report that the claims stage did not pair: its figure is the latest.

Real multi-day text: three WikiNews reports of the loss of Air France Flight 447
(MultiLing 2011 English topic M008, CC BY 2.5), cut, in the order of their dates:
the bodies recovered rose from two (6 June) to sixteen (8 June) to "fifty or so"
(18 June). The claims stage pairs the first two as an update and leaves the third
out (a number word inside a relative clause), so the summary would stop at sixteen.
"""

from __future__ import annotations

import pytest

from newsweave import summary as stage
from newsweave.model import Article, Discrepancy, DiscrepancyValue
from summary_helpers import dated_reports

FLIGHT = [
    ('M0086', '2009-06-06', (
        'Possible bodies, wreckage from Air France Flight 447 found\n'
        '\n'
        'Saturday, June 6, 2009\n'
        '\n'
        'The Brazilian Air Force has located bodies and wreckage of Air France Flight 447 in the Atlantic Ocean. At least two bodies have been recovered so far.\n'
        '\n'
        'Brazilian Air Force Colonel Jorge Amaral confirmed that search teams had recovered 2 male bodies and wreckage including a seat, briefcase, oxygen mask, laptop computer and a ticket stub issued to a passenger from the flight. The 228 people on board the aircraft are presumed dead.'
    )),
    ('M0084', '2009-06-08', (
        'Tail from Air France jet recovered from Atlantic Ocean\n'
        '\n'
        'Monday, June 8, 2009\n'
        '\n'
        'A search team from Brazil has recovered a part of the tail section of Air France Flight 447, which crashed in the Atlantic on June 1. The Brazilian armed forces have released pictures of divers near the tail fin, painted with the Air France colours of blue, red, and white.\n'
        '\n'
        'Sixteen bodies have been recovered from the waters of the ocean last weekend.'
    )),
    ('M0087', '2009-06-18', (
        'Aviation experts suggest Air France Flight 447 broke up in midair\n'
        '\n'
        'Thursday, June 18, 2009\n'
        '\n'
        'Autopsies from casualties of Air France Flight 447, which crashed in the Atlantic Ocean earlier this month, reveal fractures in leg bones, suggesting that the jet may have been torn apart in midair.\n'
        '\n'
        "A Brazilian medical examiners' spokesman said on Wednesday that autopsies found fractures on an undisclosed fraction of the fifty or so bodies that have been found from the wreck of the plane so far."
    )),
]


def _value(articles: dict[str, Article], article: str, text: str, number: float) -> DiscrepancyValue:
    """The value `text` where it first stands in the article, as the claims stage gives it."""
    start = articles[article].text.index(text)
    return DiscrepancyValue(text, number, None, article, start, start + len(text))


def _story(models, reports):
    context, by_id = dated_reports(models, reports)
    # The update as the claims stage reads these reports: two bodies on 6 June, sixteen on 8 June.
    update = Discrepancy("d1", "number", "bodies", (_value(by_id, "M0086", "two", 2.0),
                                                    _value(by_id, "M0084", "Sixteen", 16.0)),
                         "update", "up", "2009-06-06", "2009-06-08")
    return context, stage.main_count([update])


@pytest.fixture(scope="module")
def flight(models):
    return _story(models, FLIGHT)


def _carried(context, count, words=250):
    units = stage.build_units(context.parsed, context.sources)
    return stage.carried_on(count, units, stage._matrix(units, context.vectors), words)


def test_a_later_report_counting_the_same_thing_higher_gives_the_latest_figure(flight):
    context, count = flight
    assert count.latest_value == 16.0
    carried = _carried(context, count)
    assert carried.latest_value == 50.0
    (span,) = carried.latest
    assert span.article == "M0087"
    assert "fifty or so bodies" in next(p for p in context.parsed if p.article.id == "M0087").article.text[
        span.start:span.end]
    assert carried.lowest == count.lowest and set(count.values) < set(carried.values)


def test_the_summary_gives_the_later_figure_and_not_the_passed_one(flight, models):
    context, count = flight
    texts = [s.text for s in stage.summarize_story(context, 150, count=count, salience=models.salience)]
    assert any("fifty or so bodies" in t for t in texts)
    assert not any("Sixteen bodies" in t for t in texts)
    assert sum(len(t.split()) for t in texts) <= 150


def test_without_a_later_report_the_count_is_unchanged(models):
    context, count = _story(models, FLIGHT[:2])
    assert _carried(context, count) == count


def test_a_later_sentence_longer_than_a_third_of_the_budget_is_not_taken(flight):
    context, count = flight
    assert _carried(context, count, words=60) == count  # the 37-word sentence is over 60 // 3
