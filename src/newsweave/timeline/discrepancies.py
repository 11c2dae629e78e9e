"""Publication dates that conflict with the article's own text or with the rest of the story.

`publication_conflicts` flags a given publication date that the article's own
text or the rest of the story contradicts. Events that different articles date
differently are decided in one place, `claims.date_figures` (the claims
stage's date discrepancies, scored by the pair model of `claims.number_pairs`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from newsweave.model import Discrepancy, DiscrepancyValue
from newsweave.nlp import ParsedArticle
from newsweave.timeline.events import DateMention, find_mentions
from newsweave.timeline.expressions import normalise
from newsweave.timeline.publication import contradicted_date, parse_day

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
