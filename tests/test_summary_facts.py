"""One fact, one summary sentence; openings of wire copy cut off; citations the stance model reads as support.

Real text: two reports of one church shooting, published the same day, cut
from a Multi-News validation cluster (Fabbri et al. 2019; the set lower-cases
its text and spaces out its brackets): an AP report whose lead sentence comes
after a photo caption and a dateline, and a CNN report. Both give the death
toll, in two wordings.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsweave import stories
from newsweave import summary as stage
from newsweave.context import StoryContext
from newsweave.model import Article
from newsweave.nlp import embed_sentences, parse_articles

AP = (
    "Law enforcement officials work the scene of a fatal shooting at the first baptist church in sutherland "
    "springs, texas, on sunday, nov. 5, 2017. ( nick wagner/austin american-statesman via ap ) ( associated press ) "
    "sutherland springs, texas ( ap ) — a man dressed in black tactical-style gear and armed with an assault "
    "rifle opened fire inside a church in a small south texas community on sunday, killing 26 people and wounding "
    "about 20 in what the governor called the deadliest mass shooting in the state's history. The dead ranged in "
    "age from 5 to 72 years old. Authorities didn't identify the attacker during a news conference sunday night, "
    "but two other officials — one a u.s. Official and one in law enforcement — identified him as devin kelley. "
    "They spoke to the associated press on the condition of anonymity because they weren't authorized to discuss "
    "the investigation. The u.s. Official said kelley lived in a san antonio suburb and didn't appear to be linked "
    "to organized terrorist groups."
)
CNN = (
    "( cnn ) at least 26 people were killed in sunday's church shooting in sutherland springs, texas, gov. Greg "
    "abbott said at a press conference. About 20 others were wounded, said freeman martin, a regional director "
    "with the texas department of public safety, with victims ranging in age from 5 to 72 years old. Among the "
    "dead is the 14-year-old daughter of the first baptist church's pastor, frank pomeroy, according to his wife, "
    "sherri pomeroy, the girl's mother. The couple were traveling out of state when the shooting occurred. "
    "Authorities have not said what may have motivated the suspected shooter, who was later found dead in his "
    "vehicle. The shooting has devastated the small texas town east of san antonio, described as a place where "
    "\" everybody knows everybody. \""
)
TOLL = (26.0, "people")


@pytest.fixture(scope="module")
def shooting(models):
    articles = [Article(id=name, path=None, title=None, outlet=name, url=None, published=None,
                        published_from=None, text=text) for name, text in (("ap", AP), ("cnn", CNN))]
    parsed = parse_articles(articles, models)
    return StoryContext(tuple(parsed), embed_sentences(parsed, models), stories.independent_sources(parsed))


def _units(context):
    return stage.build_units(context.parsed, context.sources)


def _unit(context, opening: str):
    return next(u for u in _units(context) if u.text.startswith(opening))


def test_counts_are_read_with_the_thing_counted_and_dates_are_no_counts(shooting):
    assert _unit(shooting, "at least 26 people were killed").figures == {TOLL}
    assert TOLL in _unit(shooting, "a man dressed in black").figures
    assert _unit(shooting, "About 20 others were wounded").figures == {(20.0, "other")}
    # "nov. 5, 2017" is a date, "14-year-old" counts years, not people; under ten is never a count
    assert _unit(shooting, "Law enforcement officials work the scene").figures == frozenset()
    assert TOLL not in _unit(shooting, "Among the dead is the 14-year-old").figures


def test_one_toll_in_two_wordings_takes_one_summary_sentence(shooting, monkeypatch):
    def tolls(summary):
        return [s.text for s in summary if "26 people" in s.text]

    assert len(tolls(stage.summarize_story(shooting, 100))) == 1
    monkeypatch.setattr(stage, "FIGURE_CLASH_SIMILARITY", None)
    assert len(tolls(stage.summarize_story(shooting, 100))) == 2  # without the rule both are chosen


def test_reports_of_other_days_may_each_give_the_figure(shooting):
    ap, cnn = _unit(shooting, "a man dressed in black"), _unit(shooting, "at least 26 people were killed")
    assert stage._same_day(ap, cnn)
    assert not stage._same_day(replace(ap, published="2017-11-05"), replace(cnn, published="2017-11-07"))


def test_a_photo_caption_is_never_chosen_nor_cited(shooting):
    caption = _unit(shooting, "Law enforcement officials work the scene")
    assert caption.removed
    assert stage.is_caption(AP, caption.sentence)
    assert not stage.is_caption(AP, _unit(shooting, "The dead ranged in age").sentence)
    for s in stage.summarize_story(shooting, 150):
        assert not s.text.startswith("Law enforcement officials")
        assert all((c.article, c.start) != (caption.sentence.article, caption.sentence.start) for c in s.citations)


def test_a_caption_and_dateline_before_the_wire_tag_are_cut_with_exact_offsets(shooting):
    unit = _unit(shooting, "a man dressed in black")
    assert AP[unit.sentence.start:unit.sentence.end].startswith("a man dressed in black")
    assert " ".join(AP[unit.sentence.start:unit.sentence.end].split()) == unit.text
    assert unit.tier == 0  # it starts where the sentence proper starts: its lower case is the set's
    tagged = _unit(shooting, "at least 26 people")
    assert CNN[tagged.sentence.start:tagged.sentence.end].startswith("at least 26 people")


def test_the_stance_model_reads_the_other_report_of_the_toll_as_support_and_other_facts_not(models, shooting):
    units = _units(shooting)
    matrix = stage._matrix(units, shooting.vectors)
    toll = _unit(shooting, "at least 26 people were killed")
    assert stage.stance_allows(models.stance, toll, _unit(shooting, "a man dressed in black"), matrix)
    assert not stage.stance_allows(models.stance, toll, _unit(shooting, "Greg abbott said"), matrix)
    assert stage.stance_allows(None, toll, _unit(shooting, "Greg abbott said"), matrix)


def test_citations_with_the_stance_check_are_those_without_it_that_it_allows(models, shooting):
    units = _units(shooting)
    matrix = stage._matrix(units, shooting.vectors)
    by_span = {(u.sentence.article, u.sentence.start, u.sentence.end): u for u in units}
    plain = stage.summarize_story(shooting, 150)
    checked = stage.summarize_story(shooting, 150, stance=models.stance)
    assert [s.text for s in plain] == [s.text for s in checked]  # citations never change the choice
    for before, after in zip(plain, checked):
        own = by_span[(before.citations[0].article, before.citations[0].start, before.citations[0].end)]
        kept = [c for c in before.citations[1:]
                if stage.stance_allows(models.stance, own, by_span[(c.article, c.start, c.end)], matrix)]
        assert list(after.citations) == [before.citations[0], *kept]
