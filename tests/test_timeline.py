"""The timeline: date normalisation, events, inferred publication dates, merged entries.

Snippets are real: the Panjshir samples (September 2021) and WikiNews articles
of the MultiLing 2011 benchmark.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsweave import timeline
from newsweave.context import StoryContext
from newsweave.model import Article
from newsweave.nlp import embed_sentences, parse_articles
from newsweave.timeline.events import find_mentions
from newsweave.timeline.expressions import is_duration, normalise, resolve_weekday
from newsweave.timeline.publication import infer_publication_date

SUNDAY = date(2021, 9, 5)
MONDAY = date(2021, 9, 6)


def article(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, path=None, title=None, outlet=None, url=None, published=published,
                   published_from="metadata" if published else None, text=text)


@pytest.mark.parametrize("text, reference, future, iso, precision", [
    ("Sunday", SUNDAY, False, "2021-09-05", "day"),  # the same day, not a week back
    ("Monday", MONDAY, False, "2021-09-06", "day"),  # "said Monday" in a Monday's paper
    ("Sunday", MONDAY, False, "2021-09-05", "day"),
    ("Sunday night", MONDAY, False, "2021-09-05", "day"),
    ("Friday", date(2007, 12, 12), True, "2007-12-14", "day"),  # "is expected to end on Friday"
    ("Aug. 15", MONDAY, False, "2021-08-15", "day"),
    ("on Aug. 31", SUNDAY, False, "2021-08-31", "day"),
    ("September 9, 2001", MONDAY, False, "2001-09-09", "day"),
    ("September 06, 2021 15:50", None, False, "2021-09-06", "day"),
    ("18 April 2005", date(2009, 6, 1), False, "2005-04-18", "day"),
    ("June 1st", date(2009, 6, 5), False, "2009-06-01", "day"),
    ("June 1 last year", date(2010, 5, 6), False, "2009-06-01", "day"),
    ("December 26", date(2005, 1, 8), False, "2004-12-26", "day"),  # last year's
    ("May 25", date(2010, 5, 6), False, "2010-05-25", "day"),  # "the search was extended to May 25"
    ("March 30 – April 1, 2010", date(2010, 5, 6), False, "2010-03-30", "day"),
    ("Boxing Day 2004", date(2005, 1, 18), False, "2004-12-26", "day"),
    ("yesterday", date(2009, 6, 6), False, "2009-06-05", "day"),
    ("Earlier today", date(2009, 6, 6), False, "2009-06-06", "day"),
    ("the day before yesterday", date(2007, 12, 15), False, "2007-12-13", "day"),
    ("three weeks ago", MONDAY, False, "2021-08", "month"),
    ("last month", MONDAY, False, "2021-08", "month"),
    ("earlier this month", date(2009, 6, 18), False, "2009-06", "month"),
    ("June 2004", date(2007, 3, 23), False, "2004-06", "month"),
    ("the end of this year", date(2007, 6, 19), False, "2007", "year"),
    ("the 1980s", MONDAY, False, "1980", "year"),
    ("between 1996 and 2001", MONDAY, False, "1996", "year"),
    ("the year 2050", date(2007, 12, 5), False, "2050", "year"),
])
def test_normalise_reads_real_expressions(text, reference, future, iso, precision):
    value = normalise(text, reference, future)
    assert value is not None
    assert (value.iso, value.precision) == (iso, precision)


@pytest.mark.parametrize("text, end", [
    ("between 1996 and 2001", date(2001, 12, 31)),
    ("the 1980s", date(1989, 12, 31)),
    ("March 30 – April 1, 2010", date(2010, 4, 1)),
])
def test_ranges_and_decades_keep_their_end(text, end):
    assert normalise(text, MONDAY).end == end


@pytest.mark.parametrize("text", [
    "20 years", "after 20 years", "for decades", "decades", "years", "two years", "days", "just days",
    "five-day", "the 13 days", "almost four hours", "30 miles", "the next two years", "a couple of hours",
])
def test_durations_are_not_dates(text):
    assert normalise(text, MONDAY) is None


@pytest.mark.parametrize("text, duration", [("20 years", True), ("for decades", True),
                                             ("three weeks ago", False), ("last week", False)])
def test_is_duration(text, duration):
    assert is_duration(text) is duration


def test_relative_expressions_need_a_reference():
    assert normalise("Sunday", None) is None
    assert normalise("three weeks ago", None) is None
    assert normalise("Aug. 15", None) is None
    assert normalise("September 9, 2001", None).iso == "2001-09-09"


@pytest.mark.parametrize("weekday, reference, rel, future, expected", [
    (0, MONDAY, None, False, MONDAY),
    (0, MONDAY, "last", False, date(2021, 8, 30)),
    (0, MONDAY, "next", False, date(2021, 9, 13)),
    (4, date(2007, 12, 12), None, True, date(2007, 12, 14)),
    (6, MONDAY, None, False, SUNDAY),
])
def test_resolve_weekday(weekday, reference, rel, future, expected):
    assert resolve_weekday(weekday, reference, rel, future) == expected


@pytest.mark.parametrize("text, expression, future", [
    ("The Bali conference is expected to end on Friday.", "Friday", True),
    ("Climate conference in Bali begins on Monday", "Monday", True),
    ("According to CNN, a vessel from the Brazilian navy is to arrive at the scene on Wednesday.", "Wednesday", True),
    ("The report comes after the Taliban said Sunday that it has captured all the districts of the "
     "Panjshir Valley.", "Sunday", False),
    ("An airplane seat and life vest were found floating in Atlantic waters on Tuesday.", "Tuesday", False),
])
def test_tense_of_the_dated_clause(models, text, expression, future):
    parsed = parse_articles([article("a1", text)], models)[0]
    found = [m for m in find_mentions(parsed) if m.text == expression]
    assert found and found[0].future is future


@pytest.mark.parametrize("text, expression, words", [
    ("Fahim Dashti, the spokesman for the Panjshir resistance group, was killed on Sunday in the fighting "
     "with the Taliban.", "Sunday", {"was", "killed"}),
    ("The sailors and marines were captured by Iranian border guards on March 23 in the Persian Gulf.",
     "March 23", {"sailors", "captured"}),
    ("The wreckage is suspected to have come from Air France Flight 447, a passenger jet that went missing "
     "over the Atlantic Ocean on June 1.", "June 1", {"jet", "missing"}),
    ("According to new information about the earthquake of December 26, 2004, it was the longest-lasting "
     "earthquake ever recorded.", "December 26, 2004", {"earthquake"}),
])
def test_event_of_a_dated_clause(models, text, expression, words):
    parsed = parse_articles([article("a1", text)], models)[0]
    found = [m for m in find_mentions(parsed) if m.text == expression]
    assert found and found[0].event is not None
    assert words <= set(found[0].event.text.split())


def test_datelines_date_no_event(models):
    text = "Friday, April 19, 2024\nThe resistance group said on Sunday that it was ready for talks."
    parsed = parse_articles([article("a1", text)], models)[0]
    events = {m.text: m.event for m in find_mentions(parsed)}
    assert events["Friday, April 19, 2024"] is None
    assert events["Sunday"] is not None


@pytest.fixture(scope="module")
def sample(models, samples_dir):
    """The five reports, 002 dated from its text (as the metadata stage finds it), the rest undated."""
    files = sorted(samples_dir.glob("*.txt"))
    articles = [article(f.name[:3], f.read_text(encoding="utf-8"),
                        "2021-09-06" if f.name.startswith("002") else None) for f in files]
    parsed = timeline.infer_publication_dates(parse_articles(articles, models))
    vectors = embed_sentences(parsed, models)
    return parsed, timeline.build_timeline(StoryContext(tuple(parsed), vectors))


def test_mention_offsets_are_exact(sample):
    parsed, _ = sample
    for p in parsed:
        for m in find_mentions(p):
            assert p.article.text[m.start:m.end] == m.text


@pytest.mark.parametrize("aid, published", [
    ("000", "2021-09-05"),  # "on Aug. 31" and "on Sunday": the Sunday after
    ("001", "2021-09-05"),  # four times "on Sunday", beside a report of Monday the 6th
    ("003", "2021-09-06"),  # "said Monday", "said Sunday", "three weeks ago ... on Aug. 15"
    ("004", "2021-09-05"),
])
def test_publication_dates_inferred_from_the_story(sample, aid, published):
    parsed, _ = sample
    a = next(p.article for p in parsed if p.article.id == aid)
    assert (a.published, a.published_from) == (published, "inferred")


def test_given_dates_are_kept(sample):
    parsed, _ = sample
    a = next(p.article for p in parsed if p.article.id == "002")
    assert (a.published, a.published_from) == ("2021-09-06", "metadata")


def _entries(result, iso):
    return [e for e in result.entries if e.date == iso]


def test_the_reports_sunday(sample):
    _, result = sample
    sunday = _entries(result, "2021-09-05")
    assert sunday and all(e.precision == "day" for e in sunday)
    cited = {a for e in sunday for a in e.articles}
    # Every report that dates an event "Sunday": published on the Sunday (000, 001, 004) and the Monday (003).
    assert {"000", "001", "003", "004"} <= cited


@pytest.mark.parametrize("iso, articles, word", [
    ("2021-08-15", {"002", "003"}, "Kabul"),  # the capture of the capital
    ("2021-08-31", {"000"}, "left"),  # the foreign troops' departure
    ("2001-09-09", {"003"}, "attempt"),  # the assassination
])
def test_story_events_cite_every_report(sample, iso, articles, word):
    _, result = sample
    found = [e for e in _entries(result, iso) if word in e.text]
    assert len(found) == 1
    assert set(found[0].articles) == articles
    assert found[0].precision == "day"


def test_sunday_events_merge_across_reports(sample):
    _, result = sample
    killed = [e for e in _entries(result, "2021-09-05") if "spokesman" in e.text]
    assert killed and set(killed[0].articles) == {"000", "003"}


def test_entries_are_sorted_and_cite_exact_sentences(sample):
    parsed, result = sample
    texts = {p.article.id: p.article.text for p in parsed}
    sentences = {(s.article, s.start, s.end) for p in parsed for s in p.sentences}
    assert [e.date for e in result.entries] == sorted(e.date for e in result.entries)
    for e in result.entries:
        assert e.citations and {c.article for c in e.citations} == set(e.articles)
        for c in e.citations:
            assert (c.article, c.start, c.end) in sentences
            assert texts[c.article][c.start:c.end].strip()


def test_durations_stay_out_of_the_timeline(sample):
    _, result = sample
    assert not any(e.date.startswith("2001") and e.precision == "year" for e in result.entries)  # "20 years"
    assert not _entries(result, "2021-08-30")  # "last week" is too vague to place


def test_different_events_on_different_days_are_no_discrepancy(models):
    articles = [
        article("a1", "The sailors and marines were captured by Iranian border guards on March 23.", "2007-04-05"),
        article("a2", "Iranian President Mahmoud Ahmadinejad on Wednesday announced that he would free the "
                      "fifteen British navy personnel.", "2007-04-05"),
    ]
    parsed = parse_articles(articles, models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert not result.discrepancies
    assert [e.date for e in result.entries] == ["2007-03-23", "2007-04-04"]


def test_undated_article_keeps_only_absolute_dates(models):
    parsed = parse_articles([article("a1", "The plane went into service on 18 April 2005. It crashed on Monday.")],
                            models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert [e.date for e in result.entries] == ["2005-04-18"]


def test_no_anchor_no_inference(models):
    parsed = parse_articles([article("a1", "The Taliban said on Sunday they had taken the district.")], models)
    assert timeline.infer_publication_dates(parsed)[0].article.published is None


def test_lone_weekday_does_not_fix_the_week(models):
    parsed = parse_articles([article("a1", "Blair said on Tuesday that the sailors must be released.")], models)
    anchors = [date(2007, 3, 23), date(2007, 3, 30), date(2007, 4, 6)]  # one a week
    found = infer_publication_date(find_mentions(parsed[0]), anchors)
    assert found is not None and found.day_cues == 0


def test_empty_and_dateless_articles(models):
    parsed = parse_articles([article("a1", ""), article("a2", "No dates here at all.", "2021-09-06")], models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert result.entries == () and result.discrepancies == ()


def test_result_round_trips(sample):
    from newsweave.model import TimelineEntry

    _, result = sample
    for e in result.entries:
        assert TimelineEntry.from_dict(e.to_dict()) == e


def test_scrape_date_contradicted_by_the_text(models, samples_dir):
    text = (samples_dir / "002_4acce67ee90cc6c6.txt").read_text(encoding="utf-8")
    parsed = parse_articles([article("002", text, "2024-04-19")], models)  # the page's scrape date
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    found = [d for d in result.discrepancies if d.about == "publication date of 002"]
    assert len(found) == 1
    assert [v.value for v in found[0].values] == ["2024-04-19", "2021-09-06"]
    for v in found[0].values:
        assert text[v.start:v.end] == v.text and v.text
    # ... and a contradicted date anchors no inference.
    assert timeline.infer_publication_dates(parsed)[0].article.published == "2024-04-19"


def test_consistent_given_date_is_not_flagged(sample):
    _, result = sample
    assert not [d for d in result.discrepancies if d.about.startswith("publication date")]


@pytest.mark.parametrize("text", [
    "5000 years ago", "99999999 days ago", "between and", "", "—", "the 0s", "February 30", "between 2001 and",
    "9999-99-99", "Sunday Sunday Sunday", "from Monday to", "the eve of", "x" * 500,
])
def test_odd_expressions_never_raise(text):
    value = normalise(text, MONDAY)
    assert value is None or value.iso


def test_report_dated_far_from_the_story_is_flagged(models):
    articles = [
        article("a1", "The Taliban said on Sunday they had taken all districts.", "2021-09-05"),
        article("a2", "The resistance denied on Monday that the districts had fallen.", "2021-09-06"),
        article("a3", "Resistance leaders called for a ceasefire after heavy losses.", "2024-04-19"),
    ]
    parsed = parse_articles(articles, models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    found = [d for d in result.discrepancies if d.about == "publication date of a3"]
    assert len(found) == 1
    assert [(v.article, v.value) for v in found[0].values] == [("a3", "2024-04-19"), ("a2", "2021-09-06")]
    assert not [d for d in result.discrepancies if d.about in ("publication date of a1", "publication date of a2")]


def test_a_series_of_like_events_is_no_date_discrepancy(models):
    """One report dates two aftershocks on two days: they are two events, not a disagreement."""
    articles = [  # after MultiLing 2011 M005 (WikiNews, CC BY 2.5)
        article("a1", "A strong aftershock of magnitude 6.9 hit central Chile on March 11. "
                      "A strong aftershock of magnitude 6.0 hit central Chile on March 5.", "2010-03-12"),
        article("a2", "A strong aftershock of magnitude 6.9 hit central Chile on March 11.", "2010-03-12"),
    ]
    parsed = parse_articles(articles, models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert not [d for d in result.discrepancies if d.kind == "date"], result.discrepancies


@pytest.mark.parametrize("text, published, expected", [
    # A real TimeBank sentence (WSJ, dct 1989-10-27): a past verb sends "January" back.
    ("In January, American Medical brought in a new chief executive officer, Richard A. Gilleland.",
     "1989-10-27", "1989-01"),
    # The case: a November 1998 report; the nearest January is the coming one, the verb says the last.
    ("In January, Arafat wrote to the White House asking for help with the peace talks.", "1998-11-20", "1998-01"),
    # A date that ends a stretch is not sent back by the past verb.
    ("However, on May 4, the search was extended to May 25.", "2010-05-06", "2010-05-25"),
])
def test_timeline_reads_bare_dates_in_the_tense_of_their_clause(models, text, published, expected):
    parsed = parse_articles([article("a1", text, published)], models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert expected in {e.date for e in result.entries}


@pytest.mark.parametrize("text, expression, words", [
    # WikiNews (CC BY 2.5) sentences: the date names a noun's time, the entry tells the clause around it.
    ("Two inquiries into the seizure of Royal Navy personnel by Iran in March 2007 have found that the capture "
     "was not a result of a single failure.", "March 2007", {"inquiries", "seizure", "found"}),
    ("A bomb threat, which later turned out to be false, was also reported on a separate Air France flight from "
     "Buenos Aires, Argentina to Paris on May 27.", "May 27", {"threat", "reported", "flight"}),
    # An infinitive has no tense or subject of its own: the clause it hangs on tells it.
    ("The crash is said to be the world's worst aviation disaster since 2001.", "2001", {"crash", "said", "be"}),
])
def test_event_texts_are_clauses_not_noun_fragments(models, text, expression, words):
    parsed = parse_articles([article("a1", text, "2009-06-05")], models)[0]
    found = [m for m in find_mentions(parsed) if m.text == expression]
    assert found and found[0].event is not None
    assert words <= set(found[0].event.text.split())


@pytest.mark.parametrize("text, expression, words, not_words", [
    # The date dates a trailing "X reported": the entry tells what was reported, not the report alone.
    ("Deputy head of the Taliban's cultural affairs commission Ahmadullah Wasiq said that fighting between Taliban "
     "fighters and the Resistance Front was ongoing in central Panjshir, TOLO News reported on Sunday.", "Sunday",
     {"fighting", "ongoing"}, {"TOLO"}),
    ("The company will cut 2,000 jobs in Ohio, the Wall Street Journal reported on Tuesday.", "Tuesday",
     {"company", "cut", "jobs"}, {"Journal"}),
])
def test_a_trailing_report_is_told_by_what_it_reports(models, text, expression, words, not_words):
    parsed = parse_articles([article("a1", text, "2021-09-06")], models)[0]
    found = [m for m in find_mentions(parsed) if m.text == expression]
    assert found and found[0].event is not None
    told = set(found[0].event.text.split())
    assert words <= told and not (not_words & told)


def test_a_speaker_after_the_report_keeps_its_comma(models):
    parsed = parse_articles([article("a1", "Two soldiers were killed in the attack, the army said on Saturday.",
                                     "2021-09-06")], models)[0]
    (found,) = [m for m in find_mentions(parsed) if m.text == "Saturday"]
    assert found.event is not None and "the attack, the army said" in found.event.text


def test_a_year_is_folded_under_the_month_of_that_year_it_tells(models):
    # Two reports of one event: one gives the month, the other only the year.
    articles = [article("a1", "Iran seized 15 British sailors and marines in March 2007 in the northern Gulf.",
                        "2008-02-14"),
                article("a2", "Iran seized the 15 British sailors and marines in 2007 in the northern Gulf.",
                        "2008-02-15")]
    parsed = parse_articles(articles, models)
    result = timeline.build_timeline(StoryContext(tuple(parsed), embed_sentences(parsed, models)))
    assert [(e.date, e.articles) for e in result.entries] == [("2007-03", ("a1", "a2"))]
