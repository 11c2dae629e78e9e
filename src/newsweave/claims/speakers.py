"""Who a speaker phrase refers to: story entities through names, pronouns and role phrases.

No coreference model runs offline, so this is a heuristic in
the spirit of Lappin & Leass (1994) salience, cut down to what attribution
needs:

1. a named speaker ("army spokesman John Smith") is the entity
   whose mention overlaps the phrase, a PERSON over an ORG, the one that
   holds the phrase's head first;
2. a personal pronoun ("he", "she") is the most recent PERSON speaker of the
   article, else the most recent PERSON mentioned in the three sentences
   before; "they", "it", "we" take the most recent group (ORG/OTHER) the same way;
3. a role phrase ("the spokesman", "the group", "resistance forces") is the
   entity that an earlier phrase with the same head noun named ("X, the
   spokesman for ...", "spokesman X"), else the entity whose name holds a
   modifier of the phrase ("resistance forces" -> "... Resistance Front"),
   else, for group nouns, the most recent group speaker.

Mentions are looked up in a per-article index sorted by offset (bisect), not
with `entities.entity_for_span`, which scans every mention of the story per
call (too slow for thousands of claims) and prefers the largest overlap where
attribution needs a PERSON over the organisation named beside them.

Limits: no gender or number agreement beyond he/she vs they/it; cataphora
("Before he left, Smith said") resolves backwards only; a role phrase whose
antecedent sits in another article stays unresolved (entity None).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

from newsweave.claims.lexicon import GROUP_PRONOUNS, PERSON_PRONOUNS, ROLE_NOUNS
from newsweave.model import Entity
from newsweave.nlp import earlier_tokens_with_word

_TYPE_RANK = {"PERSON": 0, "ORG": 1, "OTHER": 2, "PLACE": 3}
_WINDOW_CHARS = 1200
_ANAPHORIC_GROUPS = frozenset({"group", "movement", "organisation", "organization", "militants", "rebels",
                               "insurgents", "organisation", "outfit", "faction"})
# Head nouns too common in organisation names to tie a phrase to one ("the group" is no "X Group").
_TOO_COMMON = frozenset({"group", "party", "forces", "force", "government", "ministry", "council",
                         "committee", "news", "agency", "department", "office", "company", "national"})  # about three sentences of news prose


@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker phrase's referent: the story entity (or None) and how it was found."""

    entity: Entity | None
    how: str  # "name", "pronoun", "role", "modifier", "none"


@dataclass(slots=True)
class ArticleEntities:
    """The mentions of the story's entities in one article, sorted by start offset."""

    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, Entity]] = field(default_factory=list)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions that overlap ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start - 200)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e, ent = self.spans[i]
            if e > start:
                out.append(self.spans[i])
            i += 1
        return out

    def before(self, offset: int, window: int = _WINDOW_CHARS) -> list[tuple[int, int, Entity]]:
        """Mentions that end before `offset`, nearest first, within `window` characters."""
        i = bisect.bisect_left(self.starts, offset)
        out = []
        while i > 0:
            i -= 1
            s, e, ent = self.spans[i]
            if s < offset - window:
                break
            if e <= offset:
                out.append(self.spans[i])
        return out


def index_entities(entities: Sequence[Entity]) -> dict[str, ArticleEntities]:
    """Per article, every entity mention sorted by offset (for overlap look-ups)."""
    per: dict[str, list[tuple[int, int, Entity]]] = {}
    for ent in entities:
        for m in ent.mentions:
            per.setdefault(m.article, []).append((m.start, m.end, ent))
    out = {}
    for art, spans in per.items():
        spans.sort(key=lambda x: (x[0], -x[1]))
        out[art] = ArticleEntities([s[0] for s in spans], spans)
    return out


def entity_at(index: ArticleEntities | None, start: int, end: int, head_start: int | None = None,
              types: tuple[str, ...] | None = None) -> Entity | None:
    """The best entity mentioned inside ``[start, end)``: PERSON first, the head's own next."""
    if index is None:
        return None
    found = [(s, e, ent) for s, e, ent in index.overlapping(start, end)
             if types is None or ent.type in types]
    if not found:
        return None

    def rank(item):
        s, e, ent = item
        holds_head = head_start is not None and s <= head_start < e
        return (_TYPE_RANK.get(ent.type, 4), not holds_head, -s)

    return min(found, key=rank)[2]


@dataclass(slots=True)
class SpeakerMemory:
    """The speakers already resolved in an article, in reading order (for pronouns)."""

    recent: list[tuple[int, Entity]] = field(default_factory=list)

    def add(self, offset: int, entity: Entity | None) -> None:
        """Remember a resolved speaker at `offset` (nothing for an unresolved one)."""
        if entity is not None:
            self.recent.append((offset, entity))

    def last(self, before: int, types: tuple[str, ...]) -> Entity | None:
        """The latest speaker of one of `types` before `before`, or None."""
        for offset, ent in reversed(self.recent):
            if offset < before and ent.type in types:
                return ent
        return None


def resolve_speaker(tokens, index: ArticleEntities | None, memory: SpeakerMemory,
                    entities: Sequence[Entity]) -> Resolved:
    """Resolve a speaker phrase (a spaCy Span) to a story entity by the heuristic above."""
    if len(tokens) == 0:
        return Resolved(None, "none")
    head = tokens.root
    start, end = tokens.start_char, tokens.end_char
    named = entity_at(index, start, end, head.idx)
    low = head.text.lower()
    if low in PERSON_PRONOUNS:
        ent = memory.last(start, ("PERSON",)) or _recent_mention(index, start, ("PERSON",))
        return Resolved(ent, "pronoun" if ent else "none")
    if low in GROUP_PRONOUNS:
        ent = memory.last(start, ("ORG", "OTHER")) or _recent_mention(index, start, ("ORG", "OTHER"))
        return Resolved(ent, "pronoun" if ent else "none")
    head_named = named is not None and any(
        s <= head.idx < e and ent is named for s, e, ent in index.overlapping(start, end))
    if named is not None and (head_named or named.type == "PERSON"):
        return Resolved(named, "name")
    if low in ROLE_NOUNS or head.pos_ == "NOUN":
        ent = _role_antecedent(head, index)
        if ent is not None:
            return Resolved(ent, "role")
    if named is not None and named.type != "PLACE" and _modifies_head(tokens, named, index):
        return Resolved(named, "name")  # "a rebel source": the affiliation speaks
    if low in ROLE_NOUNS or head.pos_ == "NOUN":
        ent = _by_modifier(tokens, entities)
        if ent is not None:
            return Resolved(ent, "modifier")
        bare = all(t.dep_ == "det" or t.i == head.i for t in tokens)
        if low in _ANAPHORIC_GROUPS and bare:  # "the group said": the last group that spoke
            ent = memory.last(start, ("ORG", "OTHER")) or _recent_mention(index, start, ("ORG", "OTHER"))
            if ent is not None:
                return Resolved(ent, "role")
    return Resolved(None, "none")


def _modifies_head(tokens, named: Entity, index: ArticleEntities) -> bool:
    """Whether a mention of `named` in the phrase describes its head without a verb between.

    "a rebel source", "the leader of the rebels": the group is the speaker's
    affiliation. "The leader of the forces resisting the rebels": the rebels
    are what the forces resist, the object of a verb inside the phrase, and
    never the speaker.
    """
    doc = tokens.doc
    for s, e, ent in index.overlapping(tokens.start_char, tokens.end_char):
        span = doc.char_span(s, e, alignment_mode="expand") if ent is named else None
        if span is not None and _describes_head(span.root, tokens.root):
            return True
    return False


def _describes_head(tok, head) -> bool:
    """Whether `tok` hangs from `head` with no verb and no clause (acl, relcl, advcl) on the way up."""
    for _ in range(len(tok.doc)):
        if tok.i == head.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i != head.i and (tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("acl", "relcl", "advcl")):
            return False
    return False


def _recent_mention(index: ArticleEntities | None, offset: int, types: tuple[str, ...]) -> Entity | None:
    """The nearest entity of `types` mentioned before `offset`, within the window."""
    if index is None:
        return None
    for s, e, ent in index.before(offset):
        if ent.type in types:
            return ent
    return None


def _role_antecedent(head, index: ArticleEntities | None) -> Entity | None:
    """The entity an earlier phrase with the same role noun named ("X, the spokesman")."""
    if index is None:
        return None
    word = head.text.lower()
    doc = head.doc
    for i in earlier_tokens_with_word(doc, word, head.i):
        for cand in _linked_names(doc[i]):
            ent = entity_at(index, cand.idx, cand.idx + len(cand.text), cand.idx, ("PERSON", "ORG", "OTHER"))
            if ent is not None:
                return ent
    return None


def _linked_names(tok):
    """Proper nouns tied to a role noun by apposition, compounding or the head it describes."""
    out = [c for c in tok.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"]
    if tok.dep_ in ("appos", "compound") and tok.head.pos_ == "PROPN":
        out.append(tok.head)
    return out


def _by_modifier(tokens, entities: Sequence[Entity]) -> Entity | None:
    """An entity whose name holds a capitalised-or-common modifier of the phrase."""
    words = {t.text.lower() for t in tokens if t.is_alpha and not t.is_stop
             and (t.dep_ in ("compound", "amod", "poss", "nmod") or t.i == tokens.root.i)
             and _describes_head(t, tokens.root)}
    words -= _TOO_COMMON
    if not words:
        return None
    best, best_n = None, 0
    for ent in entities:
        if ent.type == "PLACE":
            continue
        names = {w.lower() for a in (ent.name, *ent.aliases) for w in a.split()}
        if words & names and len(ent.mentions) > best_n:
            best, best_n = ent, len(ent.mentions)
    return best
