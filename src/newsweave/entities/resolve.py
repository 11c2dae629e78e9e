"""Cross-document resolution: the story's mentions grouped into one entity per referent.

Mentions with the same normalised name form a *form*. Forms are joined with a
union-find over candidate pairs that blocking keys bring together (never all
pairs): the same squashed name ("AlJazeera"), the same place without its
designator ("Bekaa valley"), the same gazetteer entry, one close spelling
("Gadafi"/"Gaddafi"), a middle initial, "X of <place>" for an organisation X,
and an acronym whose letters are the initials of one long name. Short forms
(a person's surname or first name, a part of an organisation's name) are then
resolved mention by mention to the salient full name of that article, or of
the story when the article has none.

What is never merged: two full person names that differ by a name part
(a father "John Smith" and his son "John Henry Smith"), two names sharing only
a first name, two places the gazetteer knows as different entries, and a
short form whose referent is ambiguous.

The stages live in their own modules: `forms` (grouping, recovering and
splitting mentions), `kinds` (typing), `joining` (union of forms that name one
referent), `short_forms` (name parts resolved to full names) and `clusters`
(the entities built from them).
"""

from __future__ import annotations

from typing import Sequence

from newsweave.model import Entity
from newsweave.nlp import ParsedArticle

from .clusters import build_entities
from .forms import Form, UnionFind, build_forms, recover_mentions, split_place_prefixes, split_possessives
from .geo import Gazetteer
from .joining import join_forms
from .kinds import type_forms
from .mentions import extract_mentions
from .places import missed_place_mentions
from .toponyms import with_found_places
from .pairs import PairModel, join_scored_pairs
from .short_forms import assign_mentions


def resolve(parsed: Sequence[ParsedArticle], gazetteer: Gazetteer, pair_model: PairModel | None = None) -> list[Entity]:
    """The story's entities, most mentioned first (see the module docstring)."""
    order = {p.article.id: i for i, p in enumerate(parsed)}
    joined = joined_forms(parsed, gazetteer)
    if joined is None:
        return []
    forms, uf = joined
    join_scored_pairs(forms, uf, parsed, pair_model)
    assigned = assign_mentions(forms, uf)
    return build_entities(forms, assigned, order, gazetteer)


def joined_forms(parsed: Sequence[ParsedArticle], gazetteer: Gazetteer) -> tuple[list[Form], UnionFind] | None:
    """The story's forms, typed and joined by the rules (None when it names nothing).

    The pair scorer's training reads the candidates left after this step.
    """
    found = [(p, extract_mentions(p)) for p in parsed]
    found = [(p, [*ms, *missed_place_mentions(p, ms, gazetteer)]) for p, ms in found]
    found = [(p, with_found_places(p, ms, gazetteer, gazetteer.finder)) for p, ms in found]
    forms = build_forms(m for _, ms in found for m in ms)
    if not forms:
        return None
    forms = recover_mentions(forms, parsed)
    split_possessives(forms, parsed)
    split_place_prefixes(forms, parsed)
    forms = [f for f in forms if f.mentions]
    for i, f in enumerate(forms):
        f.index = i
    type_forms(forms, gazetteer, parsed)
    uf = UnionFind(len(forms))
    join_forms(forms, uf, parsed, gazetteer)
    return forms, uf
