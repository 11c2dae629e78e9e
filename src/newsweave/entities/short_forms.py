"""Short forms: a surname, a first name or a part of an organisation's name resolved to its full name.

Resolved mention by mention to the salient full name of that article, or of
the story when the article has none; when in doubt, kept apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from . import names
from .forms import Form, UnionFind
from .joining import compatible
from .mentions import RawMention



def assign_mentions(forms: list[Form], uf: UnionFind) -> dict[int, list[RawMention]]:
    """Mentions by entity root: a form's own root, or for a short form the salient full name.

    An organisation's short form that can stand for one organisation only is
    joined to it outright; person name parts (and ambiguous organisation
    parts) are resolved mention by mention, in their article.
    """
    counts = _root_counts(forms, uf)
    _, org_index = _short_form_indexes(forms, uf)
    for f in forms:
        candidates = {uf.find(r) for r in _org_candidates(f, forms, uf, org_index, counts)}
        if len(candidates) == 1:
            uf.union(f.index, next(iter(candidates)))
    person_index, org_index = _short_form_indexes(forms, uf)
    story_counts = _root_counts(forms, uf)
    article_counts: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[tuple[str, int], int] = {}
    for f in forms:
        root = uf.find(f.index)
        for m in f.mentions:
            article_counts[m.article][root] += 1
            key = (m.article, root)
            first_seen[key] = min(first_seen.get(key, m.start), m.start)
    assigned: dict[int, list[RawMention]] = defaultdict(list)
    for f in forms:
        candidates, article_only = _person_candidates(f, forms, uf, person_index)
        if not candidates and uf.size[uf.find(f.index)] == 1:
            candidates = _org_candidates(f, forms, uf, org_index, story_counts)
            article_only = f.kind == "PLACE" and len(f.tokens) == 1
        for m in f.mentions:
            target = None
            if candidates:
                target = _salient(candidates, m.article, article_counts, story_counts, first_seen,
                                  article_only=article_only)
            assigned[target if target is not None else uf.find(f.index)].append(m)
    return assigned


def _root_counts(forms: list[Form], uf: UnionFind) -> Counter:
    """Mentions under each root."""
    counts: Counter = Counter()
    for f in forms:
        counts[uf.find(f.index)] += f.count
    return counts


def _short_form_indexes(forms: list[Form], uf: UnionFind):
    """Person name parts (first, last, with phonetic keys) and organisation sub-names, to roots."""
    person: dict[tuple, set[int]] = defaultdict(set)
    org: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for f in forms:
        root = uf.find(f.index)
        core = tuple(t for t in f.tokens if not names.is_initial(t))
        if f.kind == "PERSON" and len(core) >= 2:
            person[("last", core[-1])].add(f.index)
            person[("first", core[0])].add(f.index)
            person[("skel", names.skeleton(core[-1]))].add(f.index)
        elif f.kind in ("ORG", "OTHER", "PLACE") and len(f.tokens) >= 2 and not f.acronym:
            for part in _org_short_forms(f.tokens):
                if f.kind != "PLACE" or len(part) >= 2:
                    org[part].add(root)
    return person, org


def _org_short_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """What an organisation's name may be shortened to.

    Its head: a suffix of two or more words not starting after a preposition
    ("Resistance Front", "Security Council"; not "Climate Change" of "Panel
    on Climate Change"), or the words before "of"/"de" ("Tour" of "Tour de
    France"). Never a leading part ("United Nations" of "United Nations
    Security Council" is another body).
    """
    out = []
    n = len(tokens)
    for i in range(1, n - 1):
        if tokens[i - 1] not in names.FUNCTION_WORDS and tokens[i] not in names.FUNCTION_WORDS:
            out.append(tokens[i:])
    for k in range(1, n - 1):
        if tokens[k] in ("of", "de", "for", "du", "des") and tokens[0] not in names.FUNCTION_WORDS:
            out.append(tokens[:k])
            break
    return out


def _person_candidates(f: Form, forms: list[Form], uf: UnionFind, person_index) -> tuple[set[int], bool]:
    """The people a one-word name may stand for, and whether only in its own article.

    A surname (or one after an honorific: "Lady Thatcher") may stand for a
    full name ending with it, else a first name for one beginning with it
    (across articles only with no rival full name); a place's name never
    for a first name ("Ariel" the settlement is not "Ariel Sharon").
    """
    own = uf.find(f.index)
    core = names.without_titles(f.tokens) if f.kind == "PERSON" else f.tokens
    if len(core) != 1 or f.place is not None or f.acronym:
        return set(), False
    token = core[0]
    last = {uf.find(i) for i in person_index.get(("last", token), ())}
    if not last:
        last = {
            uf.find(i) for i in person_index.get(("skel", names.skeleton(token)), ())
            if names.close_tokens(token, forms[i].tokens[-1])
        }
    last -= {own}
    if f.kind == "PLACE":  # a surname spaCy took for a place: resolved only next to the full name
        return last, True
    found = last or {uf.find(i) for i in person_index.get(("first", token), ())} - {own}
    if found and (f.kind == "PERSON" or f.votes["PERSON"] or f.person_cues or len(f.mentions) <= 3):
        return found, False
    return set(), False


def _org_candidates(f: Form, forms: list[Form], uf: UnionFind, org_index, story_counts: Counter) -> set[int]:
    """The organisations (or multi-word places) whose shorter name this form may be."""
    if f.acronym or f.kind not in ("ORG", "OTHER", "PLACE") or (f.kind == "PLACE" and len(f.tokens) < 2):
        return set()
    own = uf.find(f.index)
    # an organisation's part is rarer than its full name ("Hamas" is not short for "Hamas government")
    found = {
        r for r in (uf.find(i) for i in org_index.get(f.tokens, ()))
        if r != own and compatible(f, forms[r]) and (len(f.tokens) > 1 or story_counts[r] >= f.count)
    }
    # a head two organisations share ("Standard Oil" of "Standard Oil of New Jersey" and "of New York")
    # is a name of its own
    before_of = f.tokens + ("of",)
    if len(found) > 1 and sum(g.tokens[: len(before_of)] == before_of for g in forms) > 1:
        return set()
    return found


def _salient(
    candidates: set[int], article: str, article_counts: dict[str, Counter],
    story_counts: Counter, first_seen: dict[tuple[str, int], int], article_only: bool = False,
) -> int | None:
    """The candidate most mentioned in this article (then story, then first); story-level if none.

    At story level a candidate is taken only when it is the only one or has
    at least twice the mentions of the next: when in doubt, keep apart.
    """
    here = [c for c in candidates if article_counts[article][c] > 0]
    if here:
        return max(here, key=lambda c: (article_counts[article][c], story_counts[c], -first_seen[(article, c)]))
    if article_only:
        return None
    ranked = sorted(candidates, key=lambda c: -story_counts[c])
    if len(ranked) == 1 or story_counts[ranked[0]] >= 2 * story_counts[ranked[1]]:
        return ranked[0]
    return None
