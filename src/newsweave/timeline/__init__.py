"""The timeline: dated events of a story, resolved against each article's publication date.

`build_timeline` finds every date expression of the story's articles
(`events.find_mentions`), reads it on the calendar against its article's
publication date (`expressions.normalise`), ties it to the event of its clause,
merges the mentions of one event across articles into one `TimelineEntry`
citing all of them, and reports events that sources date differently as
`Discrepancy(kind="date")` (not when one article itself gives two of the days:
that is a series of like events). `infer_publication_dates` (run over each
story's articles once stories are formed) fills missing publication dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

import numpy as np

from newsweave.context import StoryContext
from newsweave.model import Discrepancy, DiscrepancyValue, Span, TimelineEntry
from newsweave.nlp import ParsedArticle
from newsweave.timeline.events import DateMention, find_mentions
from newsweave.timeline.expressions import Normalised, normalise
from newsweave.timeline.publication import (contradicted_date, infer_publication_dates, parse_day,
                                            story_reference)

__all__ = ["TimelineResult", "Dated", "build_timeline", "date_mentions", "infer_publication_dates",
           "merge_events"]

# `similarity` above which two mentions of one date are one event, and the weight
# of shared event words in it; chosen on the dev topics of benchmarks/timeline.py
# (pairwise F1 is flat between 0.45 and 0.5; the higher bar keeps events apart).
SAME_EVENT = 0.5
OVERLAP_WEIGHT = 0.3
# Much higher bar for calling two differently dated mentions one event (a discrepancy).
SAME_EVENT_OTHER_DATE = 0.8
# A report dated this far from all the story's other reports (which agree) is flagged.
STORY_DAYS = 30
_RANK = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """Timeline entries sorted by date, and events that sources date differently."""

    entries: tuple[TimelineEntry, ...]
    discrepancies: tuple[Discrepancy, ...]


@dataclass(frozen=True, slots=True)
class Dated:
    """A date mention read on the calendar, with the sentence span it cites."""

    mention: DateMention
    value: Normalised
    sentence: Span


def build_timeline(context: StoryContext) -> TimelineResult:
    """The story's dated events, merged across articles, sorted by date, and date discrepancies.

    Each entry's `citations` are the sentences that date the event; its
    `articles` are every article among them. Mentions without an event (a
    dateline) or without a calendar value (a duration, or a relative date in
    an article with no publication date) are left out.
    """
    parsed, vectors = context.parsed, context.vectors
    dated = date_mentions(parsed)
    groups = merge_events(dated, vectors)
    entries = sorted((_entry(g, parsed) for g in groups), key=_entry_order)
    found = [*publication_conflicts(parsed), *_discrepancies(groups, vectors)]
    return TimelineResult(tuple(entries), tuple(found))


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
        for m in find_mentions(p):
            if m.event is None:
                continue
            value = normalise(m.text, reference, m.future)
            if value is None or value.kind == "week":
                continue
            if own is None and value.kind in ("weekday", "relative"):
                continue
            s = sentences[m.sentence]
            found.append(Dated(m, value, Span(p.article.id, s.start, s.end)))
        out.extend(_drop_coarser(found))
    return out


def _drop_coarser(found: list[Dated]) -> list[Dated]:
    """Without the vaguer of two compatible dates in one sentence ("three weeks ago, on August 15")."""
    keep = []
    for d in found:
        finer = [o for o in found if o is not d and o.mention.sentence == d.mention.sentence
                 and (_RANK[o.value.precision] > _RANK[d.value.precision]
                      or (d.value.approximate and not o.value.approximate))
                 and _compatible(d.value, o.value)]
        if not finer:
            keep.append(d)
    return keep


def _compatible(coarse: Normalised, fine: Normalised) -> bool:
    """True when the finer date falls within the coarser one (with slack for rough values)."""
    if coarse.approximate:
        return abs((coarse.value - fine.value).days) <= 10
    return fine.value.isoformat().startswith(coarse.iso)


def similarity(a: Dated, b: Dated, vectors: Mapping[tuple[str, int], np.ndarray]) -> float:
    """How alike two mentions' events are, from 0 to 1.

    The cosine of the two sentences' MiniLM vectors, raised by the overlap of
    the events' words (sentences of one story share its topic, so the events'
    own words help tell its happenings apart); mentions in one sentence score 1.
    """
    if a.mention.article == b.mention.article and a.mention.sentence == b.mention.sentence:
        return 1.0
    va = vectors.get((a.mention.article, a.mention.sentence))
    vb = vectors.get((b.mention.article, b.mention.sentence))
    cosine = max(0.0, float(np.dot(va, vb))) if va is not None and vb is not None else 0.0
    return min(1.0, cosine + OVERLAP_WEIGHT * word_overlap(a.mention.event.words, b.mention.event.words))


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the smaller set's size (0 when either has fewer than two words)."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def merge_events(dated: Sequence[Dated], vectors: Mapping[tuple[str, int], np.ndarray],
                 threshold: float = SAME_EVENT) -> list[list[Dated]]:
    """Mentions grouped into events: same calendar value, and alike by `similarity`.

    Average-link agglomerative clustering within each calendar value. Two
    sentences of one article are kept apart (an article that dates two
    sentences alike usually tells two events of that day).
    """
    by_date: dict[tuple[str, str], list[Dated]] = {}
    for d in dated:
        by_date.setdefault((d.value.iso, d.value.precision), []).append(d)
    groups: list[list[Dated]] = []
    for key in sorted(by_date):
        groups.extend(_cluster(by_date[key], vectors, threshold))
    return _fold_coarser(groups, vectors, threshold)


def _fold_coarser(groups: list[list[Dated]], vectors: Mapping[tuple[str, int], np.ndarray],
                  threshold: float) -> list[list[Dated]]:
    """Month- and year-dated mentions joined to the day-dated event they are ("in June" to "June 1")."""
    fine = [g for g in groups if g[0].value.precision == "day"]
    out = list(fine)
    for g in groups:
        if g[0].value.precision == "day":
            continue
        inside = [f for f in fine if _compatible(g[0].value, f[0].value)]
        scored = [(float(np.mean([similarity(a, b, vectors) for a in g for b in f])), f) for f in inside]
        best = max(scored, key=lambda x: x[0], default=None)
        if best is not None and best[0] >= threshold:
            best[1].extend(g)
        else:
            out.append(g)
    return out


def _cluster(items: list[Dated], vectors: Mapping[tuple[str, int], np.ndarray], threshold: float) -> list[list[Dated]]:
    """Average-link clusters of one date's mentions, never joining two sentences of one article.

    The cluster similarities are updated in place on each merge (Lance-Williams),
    so a date with hundreds of mentions costs O(n^2) per merge in numpy.
    """
    n = len(items)
    if n < 2:
        return [list(items)]
    sim = np.array([[similarity(a, b, vectors) for b in items] for a in items], dtype=np.float64)
    sentence = [(d.mention.article, d.mention.sentence) for d in items]
    # Two mentions may not share a cluster when they are different sentences of one article.
    apart = np.array([[x[0] == y[0] and x[1] != y[1] for y in sentence] for x in sentence])
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]
    while True:
        masked = np.where(apart | ~alive[:, None] | ~alive[None, :], -1.0, sim)
        np.fill_diagonal(masked, -1.0)
        x, y = np.unravel_index(int(np.argmax(masked)), masked.shape)
        if masked[x, y] < threshold:
            break
        sim[x, :] = sim[:, x] = (size[x] * sim[x, :] + size[y] * sim[y, :]) / (size[x] + size[y])
        apart[x, :] = apart[:, x] = apart[x, :] | apart[y, :]
        size[x] += size[y]
        alive[y] = False
        members[x].extend(members[y])
    return [[items[i] for i in sorted(members[k])] for k in range(n) if alive[k]]


def _entry(group: list[Dated], parsed: Sequence[ParsedArticle]) -> TimelineEntry:
    """One timeline entry for a group of mentions of one event."""
    order = {p.article.id: n for n, p in enumerate(parsed)}
    first = group[0].value
    text = _representative(group).mention.event.text
    articles = sorted({d.mention.article for d in group}, key=lambda a: order.get(a, 0))
    citations = []
    for d in sorted(group, key=lambda d: (order.get(d.sentence.article, 0), d.sentence.start)):
        if d.sentence not in citations:
            citations.append(d.sentence)
    return TimelineEntry(first.iso, first.precision, text, tuple(articles), tuple(citations))


def _representative(group: list[Dated]) -> Dated:
    """The mention whose event text says the most, among those sharing the most words with the rest."""
    def score(d: Dated) -> tuple[int, int]:
        shared = sum(len(d.mention.event.words & o.mention.event.words) for o in group if o is not d)
        return shared, len(d.mention.event.words)
    return max(group, key=score)


def _entry_order(entry: TimelineEntry) -> tuple[str, int, str]:
    return entry.date, _RANK[entry.precision], entry.text


def _discrepancies(groups: list[list[Dated]], vectors: Mapping[tuple[str, int], np.ndarray]) -> list[Discrepancy]:
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
    about = _representative([d for g in members for d in g]).mention.event.text
    values = []
    for group in members:
        for d in group:
            m = d.mention
            values.append(DiscrepancyValue(m.text, d.value.iso, None, m.article, m.start, m.end))
    return Discrepancy("", "date", about, tuple(values))
