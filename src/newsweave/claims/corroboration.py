"""Whether a story's reports can corroborate one another at all.

A proposition is corroborated by two or more independent sources (outlets,
after collapsing copies of one text). When every report of a story comes
from one source, nothing in it can be corroborated, whatever the reports
say; the story says so, and why, instead of leaving a reader to wonder why
every proposition is "single source".
"""

from __future__ import annotations

from typing import Sequence

from newsweave.model import Article, Corroboration
from newsweave.stories.dedup import source_key


def corroboration_of(articles: Sequence[Article]) -> Corroboration:
    """Whether the articles of one story come from two or more independent sources, and why not.

    Sources are counted as `stories.independent_sources` counts them: a
    copy counts as its original, an article with an outlet as that outlet,
    one without as itself.
    """
    by_id = {a.id: a for a in articles}
    keys = {source_key(a, by_id.get(a.duplicate_of or "")) for a in articles}
    if len(keys) >= 2:
        return Corroboration(True, len(keys), None)
    return Corroboration(False, len(keys), _reason(articles, by_id))


def _reason(articles: Sequence[Article], by_id: dict[str, Article]) -> str:
    """Why one source is all there is: no report, one report, copies of one text, or one outlet."""
    if not articles:
        return "The story has no reports, so nothing can be corroborated."
    if len(articles) == 1:
        return "The story has a single report, so nothing in it can be corroborated."
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in by_id)]
    outlet = next((a.outlet.strip() for a in originals if a.outlet and a.outlet.strip()), None)
    if len(originals) == 1:
        return (f"All {len(articles)} reports are copies of one text"
                + (f" from {outlet}" if outlet else "") + ", so nothing in it can be corroborated.")
    return (f"All {len(articles)} reports come from one outlet ({outlet}), so nothing in the story can be "
            "corroborated: a second, independent outlet is needed.")
