"""The Markdown report: the HTML report's content as headings and text tables.

Every string from an article is escaped for Markdown (`md_text`): table pipes,
emphasis and link brackets are backslash-escaped and ``<``, ``>``, ``&`` become
entities, so no article can add a link, an image or raw HTML to the report.
URLs become links only when they are http(s). Citations are written as
``a1:120-180`` (article id and character offsets into its text).
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence
from urllib.parse import quote, urlsplit

from newsweave.model import Article, Result
from newsweave.report.views import StoryView, relation_text, safe_url, source_label, span_ref, story_views

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!~])")


def md_text(text: object) -> str:
    """One line of untrusted text, safe inside a Markdown paragraph or table cell."""
    value = str(text if text is not None else "")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    return " ".join(value.split())


def md_link(label: str, url: str | None) -> str:
    """A Markdown link when `url` is http(s), else the escaped label alone."""
    safe = safe_url(url)
    if not safe:
        return md_text(label)
    target = quote(safe, safe=":/?#@!$&*+,;=%~-._")
    return f"[{md_text(label)}]({target})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def render_markdown(result: Result) -> str:
    """The Markdown report of `result`: every story's sections, then the inputs not read."""
    lines = ["# newsweave report", ""]
    views = story_views(result)
    if not views:
        lines += ["No story: nothing could be analysed.", ""]
    for n, view in enumerate(views, start=1):
        lines += _story(view, n)
    if result.rejected:
        lines += ["## Inputs not read", ""]
        lines += table(["Input", "Reason"], ([md_text(r.path), md_text(r.reason)] for r in result.rejected))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _story(view: StoryView, n: int) -> list[str]:
    story = view.story
    lines = [f"## Story {n}: {md_text(story.title)}", "",
             f"{len(view.articles)} articles · {len(story.claims)} claims · {len(story.propositions)} propositions · "
             f"{len(story.discrepancies)} discrepancies · {len(story.timeline)} dated events", ""]
    if not view.corroboration.possible:
        lines += [f"**Nothing in this story can be corroborated.** {md_text(view.corroboration.reason)}", ""]
    for section in (_summary, _propositions, _discrepancies, _timeline, _places, _entities, _sources):
        lines += section(view)
    return lines


def _cites(view: StoryView, spans: Iterable[object]) -> str:
    return "; ".join(f"{md_text(view.label(s.article))} ({md_text(span_ref(s))})" for s in spans)  # type: ignore[attr-defined]


def _summary(view: StoryView) -> list[str]:
    lines = ["### Summary", ""]
    if not view.story.summary:
        return lines + ["No summary.", ""]
    paragraphs = view.summary_paragraphs()
    if len(paragraphs) > 1:  # a long summary reads as paragraphs first; the table gives the citations
        for paragraph in paragraphs:
            lines += [" ".join(f"{md_text(s.text)} [{n}]" for n, s in paragraph), ""]
    rows = ([str(i), md_text(s.text), _cites(view, s.citations)] for i, s in enumerate(view.story.summary, start=1))
    return lines + table(["#", "Sentence", "Cited from"], rows) + [""]


def _propositions(view: StoryView) -> list[str]:
    lines = ["### Propositions", ""]
    if not view.story.propositions:
        return lines + ["No propositions.", ""]
    for group in view.groups:
        if not group.items:
            continue
        lines += [f"#### {group.label} ({len(group.items)})", ""]
        rows = ([md_text(item.proposition.text), str(item.proposition.independent_sources),
                 md_text(", ".join(item.proposition.supporters)), md_text(", ".join(item.proposition.disputers))]
                for item in group.items)
        lines += table(["Proposition", "Independent sources", "Asserted by", "Disputed by"], rows) + [""]
        lines += _disputes(view, group.items)
        quotes = [[md_text(item.proposition.text), md_text(view.speaker(c)),
                   md_text(c.cue) + (" (denies)" if c.polarity == "deny" else ""), md_text(c.text),
                   f"{md_text(view.label(c.article))} ({md_text(span_ref(c))})"]
                  for item in group.items for c in item.claims]
        if quotes:
            lines += ["Quotes behind them:", ""]
            lines += table(["Proposition", "Who", "Cue", "Quote", "Source"], quotes) + [""]
    return lines


def _disputes(view: StoryView, items) -> list[str]:
    """Each dispute as claim A against claim B, each with its speaker, quote and source."""
    rows = []
    for item in items:
        for d in item.disputes:
            rows.append([md_text(item.proposition.text)]
                        + [cell for c in (d.a, d.b) for cell in
                           (md_text(view.speaker(c)), md_text(c.text),
                            f"{md_text(view.label(c.article))} ({md_text(span_ref(c))})")])
    if not rows:
        return []
    return (["Claim against claim:", ""]
            + table(["Proposition", "Claim A: who", "Claim A: quote", "Claim A: source", "Claim B: who",
                     "Claim B: quote", "Claim B: source"], rows) + [""])


def _discrepancies(view: StoryView) -> list[str]:
    lines = ["### Discrepancies", ""]
    if not view.story.discrepancies:
        return lines + ["No discrepancies.", ""]
    rows = []
    for d in view.story.discrepancies:
        for v in d.values:
            value = f"{v.value} {v.unit}" if v.unit else f"{v.value}"
            rows.append([md_text(d.about), md_text(d.kind), md_text(relation_text(d)), md_text(value),
                         md_text(v.text), md_text(view.label(v.article)), md_text(span_ref(v))])
    return lines + table(["About", "Kind", "Relation", "Value", "As written", "Given by", "Where"], rows) + [""]


def _timeline(view: StoryView) -> list[str]:
    lines = ["### Timeline", ""]
    if not view.story.timeline:
        return lines + ["No dated events.", ""]
    rows = ([md_text(t.date), md_text(t.text), md_text(", ".join(view.label(a) for a in t.articles)),
             _cites(view, t.citations)] for t in view.story.timeline)
    return lines + table(["Date", "Event", "Reported by", "Cited from"], rows) + [""]


def _places(view: StoryView) -> list[str]:
    lines = ["### Places", ""]
    if not view.places:
        return lines + ["No place in this story has coordinates.", ""]
    rows = ([md_text(p.entity.name), f"{p.lat:.4f}", f"{p.lon:.4f}", md_text(p.precision)] for p in view.places)
    return lines + table(["Place", "Latitude", "Longitude", "Precision"], rows) + [""]


def _entities(view: StoryView) -> list[str]:
    lines = ["### Entities", ""]
    if not view.story.entities:
        return lines + ["No entities.", ""]
    rows = ([md_text(e.name), md_text(e.type), md_text(", ".join(a for a in e.aliases if a != e.name)),
             str(len(e.mentions)), md_text(refers_to(e))] for e in view.story.entities)
    return lines + table(["Name", "Type", "Also called", "Mentions", "Refers to"], rows) + [""]


def refers_to(entity) -> str:
    """The place a non-place entity points at, and how ("Russia (nationality)"); "" when none."""
    ref = entity.refers_to
    if ref is None:
        return ""
    how = {"demonym": "nationality", "located_in": "located in"}.get(ref.relation, "named in its name")
    return f"{ref.name} ({how})"


def _sources(view: StoryView) -> list[str]:
    lines = ["### Sources", ""]
    rows = ([md_text(a.id), md_text(a.title or ""), md_text(source_label(a)), md_text(_published(a)),
             md_link(urlsplit(safe_url(a.url) or "").hostname or "", a.url), md_text(a.duplicate_of or ""), str(len(a.removed))]
            for a in view.articles)
    lines += table(["Id", "Title", "Outlet", "Published", "URL", "Copy of", "Lines removed"], rows) + [""]
    removed = [[md_text(a.id), md_text(r.reason), md_text(r.text)] for a in view.articles for r in a.removed]
    if removed:
        lines += ["Removed boilerplate:", ""]
        lines += table(["Article", "Reason", "Line"], removed) + [""]
    return lines


def _published(article: Article) -> str:
    if not article.published:
        return ""
    return f"{article.published} ({article.published_from})" if article.published_from else article.published
