"""The timeline: dated events of a story, resolved against each article's publication date.

`build_timeline` finds every date expression of the story's articles
(`events.find_mentions`), reads it on the calendar against its article's
publication date (`expressions.normalise`), ties it to the event of its clause,
merges the mentions of one event across articles into one `TimelineEntry`
citing all of them, and reports publication dates that the text or the story
contradicts as `Discrepancy(kind="date")` (events that sources date
differently are decided in one place, the claims stage's
`claims.date_figures`). `infer_publication_dates` (run over each
story's articles once stories are formed) fills missing publication dates.
`story_dates` gives every temporal expression of the articles with its
TimeML reading (the story's `dates`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.context import StoryContext
from newsweave.model import Discrepancy, TimelineEntry
from newsweave.timeline.dated import Dated, date_mentions
from newsweave.timeline.dates import story_dates
from newsweave.timeline.discrepancies import publication_conflicts
from newsweave.timeline.entries import entry, entry_order
from newsweave.timeline.merge import merge_events
from newsweave.timeline.publication import infer_publication_dates

__all__ = ["TimelineResult", "Dated", "build_timeline", "date_mentions", "infer_publication_dates",
           "merge_events", "story_dates"]


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """Timeline entries sorted by date, and publication dates that conflict."""

    entries: tuple[TimelineEntry, ...]
    discrepancies: tuple[Discrepancy, ...]


def build_timeline(context: StoryContext) -> TimelineResult:
    """The story's dated events, merged across articles, sorted by date, and publication-date conflicts.

    Each entry's `citations` are the sentences that date the event; its
    `articles` are every article among them. Mentions without an event (a
    dateline) or without a calendar value (a duration, or a relative date in
    an article with no publication date) are left out.
    """
    parsed, vectors = context.parsed, context.vectors
    dated = date_mentions(parsed)
    groups = merge_events(dated, vectors)
    entries = sorted((entry(g, parsed) for g in groups), key=entry_order)
    return TimelineResult(tuple(entries), tuple(publication_conflicts(parsed)))
