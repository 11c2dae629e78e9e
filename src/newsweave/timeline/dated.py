"""Date mentions read on the calendar: each event mention of a story with its calendar value.

`date_mentions` reads every dated event mention of a story's articles against
its article's publication date (the story's median known date when the article
has none), and drops the vaguer of two compatible dates of one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Sequence

from newsweave.model import Span
from newsweave.nlp import ParsedArticle
from newsweave.timeline.events import DateMention, find_mentions
from newsweave.timeline.expressions import Normalised, normalise
from newsweave.timeline.publication import parse_day, story_reference

RANK = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True, slots=True)
class Dated:
    """A date mention read on the calendar, with the sentence span it cites."""

    mention: DateMention
    value: Normalised
    sentence: Span


def date_mentions(parsed: Sequence[ParsedArticle]) -> list[Dated]:
    """Every dated event mention of the story, read against its article's publication date.

    An article without a publication date has only its absolute dates read,
    with years taken from the story's median known date.
    """
    fallback = story_reference(parsed)
    out: list[Dated] = []
    for p in parsed:
        own = parse_day(p.article.published)
        reference = own or fallback
        sentences = {s.index: s for s in p.sentences}
        found = []
        mentions = [m for m in find_mentions(p) if m.event is not None]
        written = years_written(mentions, reference)
        for m in mentions:
            value = papers_own_day(normalise(m.text, reference, m.future, m.past), m, own)
            value = named_events_year(value, m, written)
            if value is None or value.kind == "week":
                continue
            if own is None and value.kind in ("weekday", "relative"):
                continue
            s = sentences[m.sentence]
            found.append(Dated(m, value, Span(p.article.id, s.start, s.end)))
        out.extend(_drop_coarser(found))
    return out


_WRITTEN_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b")


def years_written(mentions: Sequence[DateMention], reference: date | None) -> dict[tuple[int, int], int]:
    """The year each month-day of the article is written with ("the Sept. 11, 2001, attacks"), when only one."""
    years: dict[tuple[int, int], set[int]] = {}
    for m in mentions:
        if not _WRITTEN_YEAR.search(m.text):
            continue
        value = normalise(m.text, reference)
        if value is not None and value.precision == "day" and value.kind == "date" and value.end is None:
            years.setdefault((value.value.month, value.value.day), set()).add(value.value.year)
    return {k: next(iter(v)) for k, v in years.items() if len(v) == 1}


def named_events_year(value: Normalised | None, mention: DateMention, written: dict[tuple[int, int], int]
                      ) -> Normalised | None:
    """The value, or for a month-day without a year that names an event ("the Sept. 11 attacks", "the April 5
    killing") the year the article writes that month-day with elsewhere: the same event, however far back.
    A month-day that dates a clause ("met on Sept. 11") keeps the reading its tense gives."""
    if (value is None or value.kind != "date" or value.precision != "day" or mention.event is None
            or mention.event.verb or _WRITTEN_YEAR.search(mention.text)):
        return value
    year = written.get((value.value.month, value.value.day))
    return value if year is None or year == value.value.year else replace(value, value=value.value.replace(year=year))


_NAMES_WEEK = re.compile(r"\b(?:next|coming|following|upcoming)\b", re.I)


def papers_own_day(value: Normalised | None, mention: DateMention, published: date | None) -> Normalised | None:
    """The value, or the paper's own day for its own weekday in a clause that looks ahead.

    "Obama is preparing to deliver his State of the Union Address on Tuesday night" in a Tuesday's
    paper is that night: news names a day a week off by "next" or by its date ("next Tuesday" stays
    a week off). `expressions.resolve_weekday` keeps the strict future, on which the inference of
    missing publication dates relies; this reading is the timeline's, as `timex` reads TimeML.
    """
    if (value is None or published is None or value.kind != "weekday" or not mention.future
            or value.value - published != timedelta(days=7) or _NAMES_WEEK.search(mention.text)):
        return value
    return replace(value, value=published)


def _drop_coarser(found: list[Dated]) -> list[Dated]:
    """Without the vaguer of two compatible dates in one sentence ("three weeks ago, on August 15")."""
    keep = []
    for d in found:
        finer = [o for o in found if o is not d and o.mention.sentence == d.mention.sentence
                 and (RANK[o.value.precision] > RANK[d.value.precision]
                      or (d.value.approximate and not o.value.approximate))
                 and compatible(d.value, o.value)]
        if not finer:
            keep.append(d)
    return keep


def compatible(coarse: Normalised, fine: Normalised) -> bool:
    """True when the finer date falls within the coarser one (with slack for rough values)."""
    if coarse.approximate:
        return abs((coarse.value - fine.value).days) <= 10
    return fine.value.isoformat().startswith(coarse.iso)
