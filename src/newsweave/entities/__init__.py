"""Entities of a story: one entity per real-world referent, typed and placed on the map.

`resolve_entities` is the stage function the pipeline calls; `entity_for_span`
lets later stages (claims) find the entity a span of text names.
"""

from __future__ import annotations

from typing import Sequence

from newsweave.model import Entity
from newsweave.nlp import Models, ParsedArticle

from .geo import Gazetteer
from .resolve import resolve

__all__ = ["resolve_entities", "entity_for_span", "gazetteer_of", "Gazetteer"]


def resolve_entities(parsed: Sequence[ParsedArticle], models: Models) -> list[Entity]:
    """The story's entities, most mentioned first, each with aliases, mentions and geocode.

    Mentions from every article are resolved across documents (acronyms,
    short forms, spelling variants), typed with context cues, the gazetteer
    and a majority vote, and places are geocoded in the story's context.
    """
    return resolve(parsed, gazetteer_of(models), models.entity_pairs)


def gazetteer_of(models: Models) -> Gazetteer:
    """The process's gazetteer, loaded once by `nlp.load_models` and kept on `models`."""
    if models.gazetteer is None:
        raise ValueError("models.gazetteer is not loaded: build Models with nlp.load_models()")
    return models.gazetteer


def entity_for_span(entities: Sequence[Entity], article_id: str, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping ``[start, end)`` of that article, or None.

    When several overlap, the one whose mention covers most of the span wins
    (then the tighter mention): a speaker span "spokesman John Kirby" finds
    the entity mentioned as "John Kirby".
    """
    best: tuple[int, int] | None = None
    found: Entity | None = None
    for entity in entities:
        for m in entity.mentions:
            if m.article != article_id or m.end <= start or m.start >= end:
                continue
            overlap = min(end, m.end) - max(start, m.start)
            score = (overlap, -(m.end - m.start))
            if best is None or score > best:
                best, found = score, entity
    return found
