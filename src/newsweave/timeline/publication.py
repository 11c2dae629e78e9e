"""Publication dates for articles that came without one, inferred from the story.

A news text dates its events relative to the day it was written ("on Sunday",
"three weeks ago", "Aug. 31"): read backwards, those cues say when it was
written. `infer_publication_date` scores every candidate day near the known
publication dates of the collection's other articles (the anchors, which also
give the year) and keeps the day most consistent with the article's cues:

- a weekday is most often the day of writing or one of the few days before it,
  so each weekday cue costs the days between it and the candidate;
- a month-day without a year ("Aug. 31") costs a little per day since it, and
  any dated past event costs a lot when it would lie after the candidate;
- a week count with a date in the same sentence ("three weeks ago ... on
  August 15") costs the days by which the two disagree beyond a few days' slack;
- a candidate far from every anchor costs a little per day.

Ties go to the earliest day. Only articles whose cues fix the day are given
one: a weekday, a month-day or a week count with a date; and no day about a
week away may fit nearly as well (a lone weekday fits every week).

Limits: needs at least one other article with a known date (without one, a
full date in the text may be history, not the day of writing); expressions
that count from another event ("the day before") are not cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import median_low
from typing import Iterable, Sequence

from newsweave.nlp import ParsedArticle
from newsweave.timeline.events import DateMention, find_mentions
from newsweave.timeline.expressions import normalise

# Each tuned constant in days or in cost units; see the module docstring.
WINDOW_DAYS = 21  # candidates lie within three weeks of an anchor
ANCHOR_WEIGHT = 0.5  # cost per week from the nearest anchor: a story's reports come out together
RECENCY_DAYS = 60  # a month-day costs 0.5 at two months' distance
RECENCY_WEIGHT = 0.5
OFFSET_SLACK_DAYS = 3  # "three weeks ago" is rarely exactly 21 days
AFTER_PUBLICATION_COST = 2.0
RIVAL_DAYS = 4  # a rival day this far away would resolve the cues differently
AMBIGUITY_MARGIN = 0.15  # about two days' distance from an anchor
CONTRADICTION_MARGIN = 1.0  # as much as a week's offset disagreement or a dated event after publication
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


@dataclass(frozen=True, slots=True)
class Inference:
    """The most consistent publication day for an article, its cost, and whether cues fix the day."""

    day: date
    cost: float
    day_cues: int


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD string as a date (None for a missing or partial one)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def infer_publication_dates(parsed: Sequence[ParsedArticle]) -> list[ParsedArticle]:
    """The articles, with `published` inferred (`published_from="inferred"`) where it was missing.

    Anchors are the dates that came with the input or were read from the text;
    an article is only given a date when its own weekday or relative cues fix it.
    """
    anchors = [d for p in parsed if (d := parse_day(p.article.published))
               and contradicted_date(find_mentions(p), d) is None]
    if not anchors:
        return list(parsed)
    out = []
    for p in parsed:
        if p.article.published:
            out.append(p)
            continue
        found = infer_publication_date(find_mentions(p), anchors)
        if found is None or found.day_cues == 0:
            out.append(p)
            continue
        article = replace(p.article, published=found.day.isoformat(), published_from="inferred")
        out.append(replace(p, article=article))
    return out


def infer_publication_date(mentions: Sequence[DateMention], anchors: Iterable[date]) -> Inference | None:
    """The candidate day near the `anchors` that best fits the article's date `mentions`."""
    anchors = sorted(set(anchors))
    if not anchors:
        return None
    candidates = sorted({a + timedelta(days=k) for a in anchors for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1)})
    scored = [(day, *consistency_cost(day, mentions, anchors)) for day in candidates]
    day, cost, cues = min(scored, key=lambda x: (x[1], x[0]))
    # A weekday fits every week alike: when a day a week away fits nearly as well, the cues
    # do not fix the week, and the day is not given.
    rivals = [c for d, c, _ in scored if abs((d - day).days) >= RIVAL_DAYS]
    if rivals and min(rivals) - cost < AMBIGUITY_MARGIN:
        cues = 0
    return Inference(day, cost, cues)


def consistency_cost(day: date, mentions: Sequence[DateMention], anchors: Sequence[date]) -> tuple[float, int]:
    """How badly publication on `day` fits the mentions and anchors, and how many day cues there are."""
    cost, cues = 0.0, 0
    by_sentence: dict[int, list] = {}
    for m in mentions:
        value = normalise(m.text, day, m.future)
        if value is None or m.future:
            continue
        by_sentence.setdefault(m.sentence, []).append(value)
        if value.kind == "weekday":
            cues += 1
            cost += (day - value.value).days / 7
        elif value.kind in ("date", "holiday") and value.precision == "day":
            gap = (day - value.value).days
            if gap < 0:
                cost += AFTER_PUBLICATION_COST
            elif not _YEAR.search(m.text):
                cues += 1
                cost += RECENCY_WEIGHT * min(gap, RECENCY_DAYS) / RECENCY_DAYS
    for values in by_sentence.values():
        cost += _offset_cost(values)
        cues += sum(v.kind == "relative" and v.approximate for v in values) and any(
            v.kind == "date" for v in values)
    if anchors:
        gap = min(abs((day - a).days) for a in anchors)
        cost += ANCHOR_WEIGHT * gap / 7
    return cost, cues


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A given publication date its own text contradicts, and the day the text points to instead.

    `evidence` is the full date in the text ("Updated on: September 06, 2021")
    near which the better day lies.
    """

    given: date
    better: date
    evidence: DateMention


def contradicted_date(mentions: Sequence[DateMention], given: date) -> Contradiction | None:
    """The article's own dates against its given publication date (a scrape date, a wrong year).

    Candidates lie within three weeks after each full date of the text; when one
    fits the article's cues much better than the given date, the given date is
    contradicted. Without full dates in the text nothing is said.
    """
    given_cost, _ = consistency_cost(given, mentions, ())
    best: Contradiction | None = None
    best_cost = given_cost - CONTRADICTION_MARGIN
    for m in mentions:
        if not _YEAR.search(m.text):
            continue
        value = normalise(m.text, None, m.future)
        if value is None or value.precision != "day" or abs((value.value - given).days) <= WINDOW_DAYS:
            continue
        for k in range(WINDOW_DAYS + 1):
            day = value.value + timedelta(days=k)
            cost, _ = consistency_cost(day, mentions, ())
            if cost < best_cost - 1e-9:
                best, best_cost = Contradiction(given, day, m), cost
    return best


def _offset_cost(values: list) -> float:
    """Disagreement between a relative offset and a full date given in the same sentence."""
    offsets = [v for v in values if v.kind == "relative"]
    dated = [v for v in values if v.kind in ("date", "holiday") and v.precision == "day"]
    if not offsets or not dated:
        return 0.0
    worst = 0.0
    for offset in offsets:
        gap = min(abs((offset.value - d.value).days) for d in dated)
        worst = max(worst, max(0, gap - OFFSET_SLACK_DAYS) / 7)
    return worst


def story_reference(parsed: Sequence[ParsedArticle]) -> date | None:
    """A day to read years against when an article has no date: the story's median known date."""
    days = sorted(d for p in parsed if (d := parse_day(p.article.published)))
    return median_low(days) if days else None
