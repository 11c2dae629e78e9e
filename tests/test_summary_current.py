"""The summary tells the main count as it stands: its latest figure in, the figures it has passed out.

Real multi-day text: three WikiNews reports of the 2004 Indian Ocean tsunami
(MultiLing 2011 English topic M000, CC BY 2.5), cut, in the order of their
dates, whose death toll rose from report to report.
"""

from __future__ import annotations

import pytest

from newsweave import summary as stage
from newsweave.model import Article, Discrepancy, DiscrepancyValue, Span
from summary_helpers import dated_reports

TSUNAMI = [
    ('M0006', '2004-12-29', (
        'Tsunami toll passes 80,000 people as relief effort continues\n'
        '\n'
        'December 29, 2004\n'
        '\n'
        'The death toll from the earthquake and tsunamis that has hit countries in Asia and Eastern Africa continues to rise, passing 80,000 people according to reports from several news agencies. A spokesman for the Red Cross speculated that the toll could increase to over 100,000 as some of the smaller islands in the Indian Ocean are checked, and a U.N. official said that the death toll might eventually approach 80,000 in Indonesia alone.\n'
        '\n'
        'The immediate fatalities from the earthquake and resulting tsunamis are but a fraction of the total effect from the disaster. The World Health Organization (WHO) estimates that 5 million people lack food, water or basic sanitation necessary for survival. Officials continue to struggle with burying the dead and delivering basic suvival provisions to the population in the coastal and island areas most hit by the disaster.'
    )),
    ('M0008', '2005-01-01', (
        'Tsunami deaths mount to more than 120,000\n'
        '\n'
        'Saturday, January 1, 2005\n'
        '\n'
        'Nearly a week after tsunami waves scoured the coasts of multiple countries in southern Asia, the confirmed death count is over 120,000. Indonesia reports it is no longer counting bodies, but merely struggling to deal with the aftermath and prevent a massive outbreak of typhoid.\n'
        '\n'
        'Local death tolls\n'
        '\n'
        "Near the epicenter of the earthquakes and tsunami, Indonesia's Aceh province alone may have as many as 80,000 death. Entire villages are gone, with no evidence left of their prior existence. Still, other countries are continuing to report the numbers of dead as best they can:\n"
        '\n'
        '    * Sri Lanka - approximately 28,500\n'
        '    * India - more than 7,700\n'
        '    * More than 300 were killed in Malaysia, Myanmar, Bangladesh, the Maldives, Somalia, Tanzania and Kenya.\n'
        '\n'
        'As many as 10,500 foreign nationals are missing in the region, most of them tourists. Sweden has 17 confirmed dead, but more than 2,500 are still missing.\n'
        '\n'
        'Reports of death toll\n'
        '\n'
        '    * AP - "confirmed death toll passed 121,000, and 5 million people were homeless."\n'
        '    * BBC - "at least 124,000 ... The UN says the toll is nearing 150,000 and may never be known."\n'
        '    * NP&CP - "The death toll passed 150,000."\n'
        '    * United Nations - "UN Emergency Relief Coordinator and Under-Secretary-General for Humanitarian Affairs Jan Egeland said the final death toll could climb beyond 150,000."'
    )),
    ('M0004', '2005-01-18', (
        'Romanians raise 395,000 euro for tsunami victims\n'
        '\n'
        'Countries affected by the 2004 Indian Ocean tsunami\n'
        '\n'
        'Tuesday, January 18, 2005Through a telethon, Romanians have raised 15 billion lei, or the equivalent of 395,000 euro for victims of the devastating Indian Ocean tsunami of Boxing Day 2004 that claimed more than 175,000 victims.\n'
        '\n'
        'The ten-hour telethon was organised on Sunday, January 16, by the television station Realitatea TV, and was the first time an event of this kind had been staged in the country. Nicoleta Drăguşin, a spokeswoman for the network, claims that, "it was a big success... [15 billion lei] is a lot of money for a private television station to raise."\n'
        '\n'
        'Dozens of Romanian celebrities took part in the telethon, including goalkeeper Bogdan Stelea, fashion designers Catinca Roman and Mihai Albu, former Foreign Affairs Minister Mircea Geoană and the soprano Mariana Nicolesco. Newly-elected president Traian Băsescu and prime minister Călin Popescu-Tăriceanu also took part. In between the live showings of celebrities picking up calls from Romanians who had called to donate, there were shown images and footage from the global catastrophe and its aftermath.'
    )),
]


def _value(articles: dict[str, Article], article: str, text: str) -> DiscrepancyValue:
    """The value `text` where it first stands in the article, as the claims stage would give it."""
    start = articles[article].text.index(text)
    number = float(text.split()[-2 if text.endswith("victims") else -1].replace(",", ""))
    return DiscrepancyValue(text, number, None, article, start, start + len(text))


@pytest.fixture(scope="module")
def tsunami(models):
    context, by_id = dated_reports(models, TSUNAMI)
    # The toll's update as the claims stage reads these reports: 121,000 and 150,000 on
    # 1 January, more than 175,000 on 18 January.
    values = (_value(by_id, "M0008", "121,000"), _value(by_id, "M0008", "150,000"),
              _value(by_id, "M0004", "more than 175,000 victims"))
    update = Discrepancy("d1", "number", "deaths", values, "update", "up", "2005-01-01", "2005-01-18")
    return context, update


@pytest.fixture(scope="module")
def head(models):
    """The salience head as `analyze` passes it to the summary."""
    return models.salience


def _texts(context, words, head, count=None) -> list[str]:
    return [s.text for s in stage.summarize_story(context, words, count=count, salience=head)]


def test_the_latest_figure_enters_the_summary(tsunami, head):
    context, update = tsunami
    before = _texts(context, 120, head)
    after = _texts(context, 120, head, stage.main_count([update]))
    assert not any("175,000" in t for t in before)  # the lead sentences of the early reports win without it
    assert any("175,000" in t for t in after)
    assert sum(len(t.split()) for t in after) <= 120


def test_earlier_reports_of_a_passed_figure_leave_the_summary(tsunami, head):
    context, update = tsunami
    before = _texts(context, 120, head)
    after = _texts(context, 120, head, stage.main_count([update]))
    passed = ("passing 80,000 people", "the confirmed death count is over 120,000")
    assert any(p in t for p in passed for t in before)
    assert not any(p in t for p in passed for t in after)


def test_a_figure_of_another_size_or_kind_is_no_rival(tsunami):
    context, update = tsunami
    count = stage.main_count([update])
    units = stage.build_units(context.parsed, context.sources)
    matrix = stage._matrix(units, context.vectors)
    latest = next(u for u in units if "175,000" in u.text)
    stated = [u.row for u in units if any(stage._holds_span(u, s) for s in count.values)]

    def rival(fragment: str) -> bool:
        return stage._stale_rival(next(u for u in units if fragment in u.text), latest, count, matrix, stated)

    assert rival("passing 80,000 people")
    assert not rival("5 million people lack food")  # a count, but not of the toll's size
    assert not rival("Sweden has 17 confirmed dead")  # a count of the dead, of another size
    assert not rival(latest.text)  # the latest report itself: nothing it says is passed


def test_the_main_count_is_the_update_reported_by_the_most_articles():
    def value(article, number):
        return DiscrepancyValue(f"{number:,}", number, None, article, 0, 5)

    toll = Discrepancy("d1", "number", "deaths", (value("a", 80000), value("b", 120000), value("c", 175000),
                                                  value("d", 175000)), "update", "up", "2004-12-29", "2005-01-18")
    aftershocks = Discrepancy("d2", "number", "aftershocks", (value("a", 13), value("a", 27)), "update", "up",
                              None, "2004-12-29")
    falling = Discrepancy("d3", "number", "magnitude", (value("a", 9), value("b", 8), value("c", 7)),
                          "update", "down", "2004-12-29", "2005-01-18")
    conflict = Discrepancy("d4", "number", "missing", (value("a", 1), value("b", 2), value("c", 3), value("d", 4),
                                                       value("e", 5)), "conflict")
    count = stage.main_count([aftershocks, falling, conflict, toll])
    assert count is not None
    assert count.latest == (Span("c", 0, 5), Span("d", 0, 5))
    assert (count.lowest, count.latest_value) == (80000.0, 175000.0)
    assert stage.main_count([falling, conflict]) is None
