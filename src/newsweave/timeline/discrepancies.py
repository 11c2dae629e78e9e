"""Date discrepancies: publication dates that conflict, and events that sources date differently.

`publication_conflicts` flags a given publication date that the article's own
text or the rest of the story contradicts; `date_discrepancies` reports events
that different articles give different days (not when one article itself gives
two of the days: that is a series of like events).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Discrepancy, DiscrepancyValue
from newsweave.nlp import ParsedArticle
from newsweave.timeline.dated import Dated
from newsweave.timeline.entries import representative
from newsweave.timeline.events import DateMention, find_mentions
from newsweave.timeline.expressions import normalise
from newsweave.timeline.merge import similarity
from newsweave.timeline.publication import contradicted_date, parse_day

# Much higher bar for calling two differently dated mentions one event (a discrepancy).
SAME_EVENT_OTHER_DATE = 0.8
# A report dated this far from all the story's other reports (which agree) is flagged.
STORY_DAYS = 30


def publication_conflicts(parsed: Sequence[ParsedArticle]) -> list[Discrepancy]:
    """Given publication dates that conflict with the article's own text or with the story.

    Each becomes a `Discrepancy(kind="date")` about the article's publication
    date. Against its own text (a scrape date, say): the given date and the
    date the text points to, cited at the full date it is read from. Against
    the story: a date more than `STORY_DAYS` from every other report's while
    those agree, beside the nearest other report's date. A date is cited where
    the text states it; one from the input's metadata has an empty span at 0.
    """
    out = []
    for p in parsed:
        given = parse_day(p.article.published)
        if given is None or p.article.published_from == "inferred":
            continue
        mentions = find_mentions(p)
        conflict = contradicted_date(mentions, given)
        if conflict is not None:
            e = conflict.evidence
            second = DiscrepancyValue(e.text, conflict.better.isoformat(), None, p.article.id, e.start, e.end)
            out.append(Discrepancy("", "date", f"publication date of {p.article.id}",
                                   (_stated(p, mentions, given), second)))
            continue
        others = [(q, d) for q in parsed if q is not p and (d := parse_day(q.article.published))]
        if len(others) < 2 or max(d for _, d in others) - min(d for _, d in others) > timedelta(days=STORY_DAYS):
            continue
        q, nearest = min(others, key=lambda o: abs((o[1] - given).days))
        if abs((nearest - given).days) > STORY_DAYS:
            out.append(Discrepancy("", "date", f"publication date of {p.article.id}",
                                   (_stated(p, mentions, given), _stated(q, find_mentions(q), nearest))))
    return out


def _stated(p: ParsedArticle, mentions: Sequence[DateMention], day: date) -> DiscrepancyValue:
    """An article's publication date as a discrepancy value, cited where its text states it."""
    stated = next((m for m in mentions if (v := normalise(m.text, None)) is not None
                   and v.precision == "day" and v.value == day), None)
    if stated is None:
        return DiscrepancyValue("", day.isoformat(), None, p.article.id, 0, 0)
    return DiscrepancyValue(stated.text, day.isoformat(), None, p.article.id, stated.start, stated.end)


def date_discrepancies(groups: list[list[Dated]], vectors: Mapping[tuple[str, int], np.ndarray]) -> list[Discrepancy]:
    """Events that different articles give different days: one `Discrepancy(kind="date")` each."""
    exact = [g for g in groups if g[0].value.precision == "day" and not g[0].value.approximate]
    out: list[Discrepancy] = []
    used: set[int] = set()
    for i, a in enumerate(exact):
        if i in used:
            continue
        members = [a]
        for j in range(i + 1, len(exact)):
            b = exact[j]
            if j in used or b[0].value.iso == a[0].value.iso:
                continue
            if _same_event_other_date(a, b, vectors):
                members.append(b)
                used.add(j)
        if len(members) > 1 and not _one_article_gives_two_days(members):
            out.append(_discrepancy(members))
    return out


def _one_article_gives_two_days(members: list[list[Dated]]) -> bool:
    """True when one article dates the "event" on two different days: it tells of two events.

    An article does not contradict itself; a series of like events (two
    aftershocks, two rounds of talks) reads like one event with two dates.
    """
    seen: dict[str, int] = {}
    for n, group in enumerate(members):
        for d in group:
            if seen.setdefault(d.mention.article, n) != n:
                return True
    return False


def _same_event_other_date(a: list[Dated], b: list[Dated], vectors) -> bool:
    """True when some mention of `a` and one of `b`, from different articles, tell the same event."""
    for x in a:
        for y in b:
            if x.mention.article == y.mention.article:
                continue
            if similarity(x, y, vectors) >= SAME_EVENT_OTHER_DATE and _same_action(x, y):
                return True
    return False


def _same_action(x: Dated, y: Dated) -> bool:
    """True when two events share their verb or most of their words (not just their topic)."""
    ex, ey = x.mention.event, y.mention.event
    if ex.verb and ex.verb == ey.verb:
        return True
    small = min(len(ex.words), len(ey.words))
    return small > 0 and len(ex.words & ey.words) / small >= 0.6


def _discrepancy(members: list[list[Dated]]) -> Discrepancy:
    """A date discrepancy citing every article's date expression for the event."""
    about = representative([d for g in members for d in g]).mention.event.text
    values = []
    for group in members:
        for d in group:
            m = d.mention
            values.append(DiscrepancyValue(m.text, d.value.iso, None, m.article, m.start, m.end))
    return Discrepancy("", "date", about, tuple(values))
