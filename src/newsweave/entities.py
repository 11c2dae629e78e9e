"""Entities of a story: spaCy's mentions resolved into one entity per referent."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from newsweave.model import Entity, Settings, Span
from newsweave.nlp import Models, ParsedArticle

TYPE_OF_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "OTHER"}


def resolve_entities(parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> list[Entity]:
    """The story's entities, most mentioned first (merged by exact normalised name)."""
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for p in parsed:
        for ent in p.doc.ents:
            if ent.label_ not in TYPE_OF_LABEL:
                continue
            key = (ent.text.lower(), TYPE_OF_LABEL[ent.label_])
            groups[key].append(Span(p.article.id, ent.start_char, ent.end_char))
            names.setdefault(key, ent.text)
    ordered = sorted(groups, key=lambda k: -len(groups[k]))
    return [Entity(f"e{i}", names[k], k[1], (names[k],), tuple(groups[k])) for i, k in enumerate(ordered, 1)]
