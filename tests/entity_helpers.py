"""Story entities straight from spaCy's mentions, for tests of the stages that read entities."""

from __future__ import annotations

from collections import defaultdict

from newsweave.model import Entity, Span

_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "OTHER"}


def exact_entities(parsed) -> list[Entity]:
    """One entity per exact name and type of spaCy's mentions: enough where merging is not under test."""
    groups, names = defaultdict(list), {}
    for p in parsed:
        for ent in p.doc.ents:
            if ent.label_ in _TYPES:
                key = (ent.text.lower(), _TYPES[ent.label_])
                groups[key].append(Span(p.article.id, ent.start_char, ent.end_char))
                names.setdefault(key, ent.text)
    return [Entity(f"e{i}", names[k], k[1], (names[k],), tuple(v)) for i, (k, v) in enumerate(groups.items(), 1)]
