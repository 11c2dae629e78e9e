"""Entities from the resolved mentions: kind by majority, name, aliases and geocode."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from newsweave.model import Entity, Span

from .forms import Form
from .geo import Gazetteer
from .kinds import CUE_WEIGHT, KINDS
from .mentions import CLASS_OF_LABEL, RawMention
from .references import with_references



def build_entities(
    forms: list[Form], assigned: dict[int, list[RawMention]], order: dict[str, int], gazetteer: Gazetteer
) -> list[Entity]:
    """Entities from the assigned mentions: kind by majority, name, aliases, geocode."""
    by_key = {(m.article, m.start, m.end): f for f in forms for m in f.mentions}
    drafts = []
    for root, mentions in assigned.items():
        mentions = sorted({(order[m.article], m.start, m.end): m for m in mentions}.values(),
                          key=lambda m: (order[m.article], m.start))
        members = {id(by_key[(m.article, m.start, m.end)]): by_key[(m.article, m.start, m.end)] for m in mentions}
        kind = _cluster_kind(mentions, members.values(), by_key)
        drafts.append((mentions, list(members.values()), kind))
    drafts.sort(key=lambda d: (-len(d[0]), order[d[0][0].article], d[0][0].start))
    entities = []
    for n, (mentions, members, kind) in enumerate(drafts, start=1):
        aliases = tuple(a for a, _ in Counter(m.text for m in mentions).most_common())
        geo = _cluster_geo(members) if kind == "PLACE" else None
        entities.append(Entity(
            id=f"e{n}", name=_cluster_name(mentions, members, kind, by_key), type=kind,
            aliases=aliases, mentions=tuple(Span(m.article, m.start, m.end) for m in mentions), geo=geo,
        ))
    return with_references(entities, [members for _, members, _ in drafts])


def _cluster_kind(mentions: list[RawMention], members: Iterable[Form], by_key) -> str:
    """Majority kind over the mentions; a gazetteer-confirmed place stays a place.

    A mention that is the subject of a verb of saying votes as a person cue
    when spaCy labels some mention of the cluster a person and none is cued a place.
    """
    votes: Counter = Counter()
    person_labelled = any(m.label == "PERSON" for m in mentions) and not any(m.place_cue for m in mentions)
    for m in mentions:
        form = by_key[(m.article, m.start, m.end)]
        if form.gazetteer_place:
            votes["PLACE"] += 1 + CUE_WEIGHT
            continue
        votes[CLASS_OF_LABEL[m.label]] += 1
        votes["PERSON"] += CUE_WEIGHT * (m.person_cue or (m.speaker_cue and person_labelled))
        votes["PLACE"] += CUE_WEIGHT * m.place_cue
    return max(KINDS, key=lambda k: (votes[k], -KINDS.index(k)))


def _cluster_name(mentions: list[RawMention], members: list[Form], kind: str, by_key) -> str:
    """The most used full name (not an acronym or a name part), in its most used spelling."""
    counts = Counter(by_key[(m.article, m.start, m.end)].index for m in mentions)
    full = [f for f in members if not f.acronym] or members
    if kind == "PERSON" and any(len(f.tokens) > 1 for f in full):
        full = [f for f in full if len(f.tokens) > 1]
    best = max(full, key=lambda f: (counts[f.index], len(f.tokens)))
    spellings = Counter(m.text for m in mentions if by_key[(m.article, m.start, m.end)] is best)
    return max(spellings, key=lambda s: (spellings[s], s[:1].isupper(), not s.isupper()))


def _cluster_geo(members: list[Form]):
    """The place of the cluster's most mentioned located form, when its forms agree."""
    located = [f for f in members if f.place is not None]
    if not located or len({f.place.key for f in located}) > 1:
        return None
    return located[0].place.geo()
