"""What the Markdown and HTML reports show, computed once from a `Result`.

The two renderers differ only in markup; the choices of what to show (which
label names a source, how propositions are grouped, which claims back a
proposition, which places have coordinates) live here so the reports agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from newsweave.claims.corroboration import corroboration_of
from newsweave.model import (Article, Claim, Corroboration, DateExpression, Discrepancy, Entity, Proposition, Result,
                             Span, Story, Summary)

# The order and the words a reader sees for each proposition status.
STATUSES: tuple[tuple[str, str], ...] = (
    ("corroborated", "Corroborated"),
    ("disputed", "Disputed"),
    ("single_source", "Single source"),
)


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two claims that oppose each other: claim A, and claim B that denies or contradicts it."""

    a: Claim
    b: Claim


@dataclass(frozen=True, slots=True)
class PropositionView:
    """A proposition with the claims (quotes) behind it resolved, and its disputes as pairs of claims."""

    proposition: Proposition
    claims: tuple[Claim, ...]
    disputes: tuple[Dispute, ...] = ()


@dataclass(frozen=True, slots=True)
class PropositionGroup:
    """The propositions of one status, in the story's order."""

    status: str
    label: str
    items: tuple[PropositionView, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """An entity with coordinates, as the map draws it."""

    entity: Entity
    lat: float
    lon: float
    precision: str


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story with its articles and the lookups the renderers need."""

    story: Story
    articles: tuple[Article, ...]
    by_id: dict[str, Article]
    groups: tuple[PropositionGroup, ...]
    places: tuple[Place, ...]
    corroboration: Corroboration

    def label(self, article_id: str) -> str:
        """How a reader names the article: its outlet, else its site, else its id."""
        article = self.by_id.get(article_id)
        return source_label(article) if article else article_id

    def source_index(self, article_id: str) -> int:
        """The article's position among the story's sources (-1 when the story lacks it)."""
        for i, a in enumerate(self.articles):
            if a.id == article_id:
                return i
        return -1

    def entity_name(self, entity_id: str | None) -> str | None:
        """The display name of an entity id (None when unknown)."""
        for e in self.story.entities:
            if e.id == entity_id:
                return e.name
        return None

    def summary_paragraphs(self) -> list[list[tuple[int, Summary]]]:
        """The summary's sentences, numbered from 1, in runs of one paragraph each."""
        out: list[list[tuple[int, Summary]]] = []
        for n, s in enumerate(self.story.summary, start=1):
            if not out or s.paragraph != out[-1][-1][1].paragraph:
                out.append([])
            out[-1].append((n, s))
        return out

    def speaker(self, claim: Claim) -> str:
        """Who made a claim: the speaker's words, the resolved entity, else the outlet."""
        return claim.speaker_text or self.entity_name(claim.speaker) or self.label(claim.article)


def source_label(article: Article) -> str:
    """An article's outlet, else the host of its URL, else its id."""
    if article.outlet:
        return article.outlet
    host = safe_url(article.url)
    if host:
        return urlsplit(host).hostname or article.id
    return article.id


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link; None for anything else (javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(ch) < 33 or ch in "\"'<>`\\" for ch in url):
        return None
    return url


def relation_text(d: Discrepancy) -> str:
    """How a discrepancy's values relate, in words: "conflict", "likely error", "update, down (from X to Y)"."""
    if d.relation == "update":
        days = " ".join(part for part in (f"from {d.from_date}" if d.from_date else "",
                                          f"to {d.to_date}" if d.to_date else "") if part)
        return f"update, {d.direction}" + (f" ({days})" if days else "") if d.direction else "update"
    return d.relation.replace("_", " ")


def span_ref(span: Span | Claim | object) -> str:
    """The `article:start-end` reference of a span (the report's link target after `#`)."""
    return f"{span.article}:{span.start}-{span.end}"  # type: ignore[attr-defined]


def date_reading(expression: DateExpression) -> str:
    """How a date expression was read, for the report's hover text ("read as 1998-01: a date, to the month")."""
    precision = f", to the {expression.precision}" if expression.precision else ""
    return f"read as {expression.value}: a {expression.kind}{precision}"


def story_views(result: Result) -> list[StoryView]:
    """One view per story of the result, in the result's order."""
    by_id = {a.id: a for a in result.articles}
    return [story_view(story, by_id) for story in result.stories]


def story_view(story: Story, by_id: dict[str, Article]) -> StoryView:
    """The view of one story; articles the story names but the result lacks are left out."""
    articles = tuple(by_id[a] for a in story.articles if a in by_id)
    corroboration = story.corroboration or corroboration_of(articles)
    return StoryView(story, articles, {a.id: a for a in articles}, _groups(story), _places(story), corroboration)


def _groups(story: Story) -> tuple[PropositionGroup, ...]:
    claims = {c.id: c for c in story.claims}
    props = {p.id: p for p in story.propositions}
    names = {e.id: e.name for e in story.entities}
    groups = []
    for status, label in STATUSES:
        items = tuple(
            PropositionView(p, tuple(claims[c] for c in p.claims if c in claims),
                            disputes_of(p, claims, props, names) if status == "disputed" else ())
            for p in story.propositions
            if p.status == status
        )
        groups.append(PropositionGroup(status, label, items))
    return tuple(groups)


def disputes_of(p: Proposition, claims: dict[str, Claim], props: dict[str, Proposition],
                names: dict[str, str] | None = None) -> tuple[Dispute, ...]:
    """A disputed proposition as pairs of claims side by side: each denial against what it denies
    (the claim it names, else the proposition's first assertion), each assertion whose speaker the
    proposition counts among its disputers (an opposing statement: "said he disagreed with the arrest")
    against the first assertion of a supporter, and the proposition's first assertion against the first
    assertion of each proposition it contradicts. `names` maps entity ids to names, as the sides use them."""
    names = names or {}
    own = [claims[c] for c in p.claims if c in claims]
    asserting = [c for c in own if c.polarity == "assert"]
    out: list[Dispute] = []
    for d in (c for c in own if c.polarity == "deny"):
        target = claims.get(d.denies or "")
        if target is None or target.polarity != "assert":
            target = next((c for c in asserting if c.article != d.article or c.speaker != d.speaker), None)
        if target is not None:
            out.append(Dispute(target, d))
    side = {c.id: names.get(c.speaker or "") or c.speaker_text for c in asserting}
    against = [c for c in asserting if side[c.id] in p.disputers and side[c.id] not in p.supporters]
    backing = [c for c in asserting if c not in against and side[c.id] not in p.disputers]
    for c in against:
        target = next((b for b in backing if b.article != c.article), None)
        if target is not None:
            out.append(Dispute(target, c))
    for other_id in p.contradicts:
        other = props.get(other_id)
        theirs = next((claims[c] for c in other.claims if c in claims and claims[c].polarity == "assert"), None) \
            if other is not None else None
        if asserting and theirs is not None:
            out.append(Dispute(asserting[0], theirs))
    return tuple(out)


def _places(story: Story) -> tuple[Place, ...]:
    """The story's places for the map and its table: a continent's point is left off (it would read as a town)."""
    return tuple(
        Place(e, e.geo.lat, e.geo.lon, e.geo.precision)
        for e in story.entities
        if e.geo is not None and e.geo.precision != "continent" and -90 <= e.geo.lat <= 90 and -180 <= e.geo.lon <= 180
    )

