"""Joining forms: union the forms that name one referent, pair by pair from blocking keys.

Candidate pairs come from blocking keys (never all pairs): the same squashed
name, the same place without its designator, the same gazetteer entry, one
close spelling, a middle initial, "X of <place>", a country-led name, and an
acronym whose letters are the initials of one long name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

from newsweave.nlp import ParsedArticle

from . import names
from .forms import Form, UnionFind
from .geo import Gazetteer



def compatible(a: Form, b: Form) -> bool:
    """Whether two forms may name one referent at all (kinds agree, places agree)."""
    if a.place is not None and b.place is not None and a.place.key != b.place.key:
        return False
    kinds = {a.kind, b.kind}
    if len(kinds) == 1:
        return True
    if "PERSON" in kinds:
        return "OTHER" in kinds and not (a.place or b.place)
    return "OTHER" in kinds or kinds == {"ORG", "PLACE"} and not (a.place or b.place)


def join_forms(forms: list[Form], uf: UnionFind, parsed: Sequence[ParsedArticle], gazetteer: Gazetteer) -> None:
    """Union the forms that name one referent, pair by pair from blocking keys."""
    _join_by_key(forms, uf, lambda f: ("sq", names.squashed(f.tokens)) if len(names.squashed(f.tokens)) >= 4 else None)
    _join_by_key(forms, uf, _place_core_key)
    _join_by_key(forms, uf, lambda f: ("gz", f.place.key) if f.place is not None and f.kind == "PLACE" else None)
    _join_by_key(forms, uf, _org_core_key)
    _join_country_led(forms, uf, gazetteer)
    _join_middle_initials(forms, uf)
    _join_titled_names(forms, uf, parsed)
    _join_name_extensions(forms, uf, parsed)
    _join_place_led(forms, uf, parsed, gazetteer)
    _join_of_place(forms, uf, gazetteer)
    _join_spelling_variants(forms, uf)
    _join_acronyms(forms, uf, parsed, gazetteer)
    _join_expanded_heads(forms, uf)


def _join_by_key(forms: list[Form], uf: UnionFind, key_of) -> None:
    """Union compatible forms that share a key."""
    groups: dict[object, list[Form]] = defaultdict(list)
    for f in forms:
        key = key_of(f)
        if key is not None:
            groups[key].append(f)
    for group in groups.values():
        for other in group[1:]:
            if compatible(group[0], other):
                uf.union(group[0].index, other.index)


def _place_core_key(f: Form):
    """Places without designators: "Bekaa valley" and "Bekaa province" share "bekaa"."""
    if f.kind != "PLACE":
        return None
    return ("pc", names.place_core(f.tokens))


def _org_core_key(f: Form):
    """Organisations without a generic tail: "Oxfam International" and "Oxfam" share "oxfam"."""
    if f.kind not in ("ORG", "OTHER") or f.acronym:
        return None
    core = f.tokens
    while len(core) > 1 and core[-1] in names.ORG_DESIGNATORS:
        core = core[:-1]
    return ("oc", core) if len(names.squashed(core)) >= 4 else None


def _country_prefix_key(f: Form, gazetteer: Gazetteer):
    """Organisations led by a country's name, with the country as its code ("US Army", "United States Army")."""
    if f.kind != "ORG" or len(f.tokens) < 2:
        return None
    for k in (1, 2, 3):
        if k >= len(f.tokens):
            break
        head = f.tokens[:k]
        places = gazetteer.lookup_code(head[0]) if k == 1 and len(head[0]) <= 3 else ()
        places = places or tuple(p for p in gazetteer.lookup(" ".join(head)) if p.kind == "country")
        if places and places[0].kind == "country":
            return ("cp", places[0].country, f.tokens[k:])
    return None


def _join_country_led(forms: list[Form], uf: UnionFind, gazetteer: Gazetteer) -> None:
    """"US Army", "United States Army" and, when no other country's army is named, "Army"."""
    _join_by_key(forms, uf, lambda f: _country_prefix_key(f, gazetteer))
    by_tokens = {f.tokens: f for f in forms}
    countries_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
    led: dict[tuple[str, ...], Form] = {}
    for f in forms:
        key = _country_prefix_key(f, gazetteer)
        if key is not None:
            countries_of[key[2]].add(key[1])
            led[key[2]] = f
    for rest, countries in countries_of.items():
        short = by_tokens.get(rest)
        if short is not None and len(countries) == 1 and short.kind == "ORG" and not short.acronym:
            uf.union(short.index, led[rest].index)


def _join_middle_initials(forms: list[Form], uf: UnionFind) -> None:
    """"George W. Bush" and "George Bush", unless the story also has "George H. W. Bush"."""
    groups: dict[tuple[str, ...], list[Form]] = defaultdict(list)
    for f in forms:
        core = tuple(t for t in f.tokens if not names.is_initial(t))
        if f.kind == "PERSON" and len(core) >= 2:
            groups[core].append(f)
    for group in groups.values():
        with_initials = {f.tokens for f in group if any(names.is_initial(t) for t in f.tokens)}
        if len(group) > 1 and len(with_initials) <= 1:
            for f in group[1:]:
                uf.union(group[0].index, f.index)


def _join_titled_names(forms: list[Form], uf: UnionFind, parsed: Sequence[ParsedArticle]) -> None:
    """A person's name after a title and the same name without it ("Coroner Gary Hargrove", "Gary Hargrove").

    A leading word is a title when it is an honorific or a word the story
    also writes in lower case ("the county coroner"); the rest must be a
    person's name of two words or more that the story uses on its own.
    """
    by_tokens = {f.tokens: f for f in forms}
    lower = {w for p in parsed for w in re.findall(r"\b[a-z]{3,}\b", p.article.text)}
    for f in forms:
        if f.kind != "PERSON" or len(f.tokens) < 3:
            continue
        i = 0
        while len(f.tokens) - i > 2 and (f.tokens[i] in names.HONORIFICS or f.tokens[i] in lower):
            i += 1
        rest = by_tokens.get(f.tokens[i:]) if i else None
        if rest is not None and rest is not f and rest.kind == "PERSON":
            uf.union(f.index, rest.index)


def _join_name_extensions(forms: list[Form], uf: UnionFind, parsed: Sequence[ParsedArticle]) -> None:
    """A person's name and the same name with more words after it ("Carlos Flores", "Carlos Flores Facusse").

    A second surname or a "Jr." is dropped in later mentions. Only when the
    shorter name begins one longer name of the story (two people "John
    Smith Jr." and "John Smith Sr." leave "John Smith" alone), and never for
    a name that differs inside (a father "George Herbert Walker Bush" and his
    son "George Walker Bush"). A headline's name run into its verb ("Esther Williams
    Dies", labelled anything) is the name too.
    """
    people = {f.tokens: f for f in forms if f.kind == "PERSON" and len(f.tokens) >= 2}
    verbal = _verbal_words(parsed)
    longer: dict[tuple[str, ...], list[Form]] = defaultdict(list)
    for f in forms:
        for k in range(2, len(f.tokens)):
            if f.tokens[:k] in people and (f.kind == "PERSON" or f.tokens[k] in verbal):
                longer[f.tokens[:k]].append(f)
    for short, found in longer.items():
        if len({uf.find(f.index) for f in found}) == 1:
            uf.union(people[short].index, found[0].index)


def _verbal_words(parsed: Sequence[ParsedArticle]) -> frozenset[str]:
    """Lower-case words the story uses mostly as verbs, adverbs or prepositions ("dies", "checks", "into")."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in parsed:
        for token in p.doc:
            if token.is_lower and token.is_alpha:
                counts[token.text][token.pos_ in ("VERB", "AUX", "ADV", "ADP", "PART")] += 1
    return frozenset(w for w, (other, verbal) in counts.items() if verbal > other)


def _join_place_led(forms: list[Form], uf: UnionFind, parsed: Sequence[ParsedArticle], gazetteer: Gazetteer) -> None:
    """An organisation led by its city's name and the same organisation without it ("New Orleans Saints", "Saints").

    Only when one such organisation has that rest, and the rest is a name
    (not a designator, nor a word the story writes in lower case as often as
    capitalised).
    """
    by_tokens = {f.tokens: f for f in forms}
    lower: Counter = Counter()
    for p in parsed:
        for w in re.findall(r"\b[A-Za-z]{3,}\b", p.article.text):
            lower[w.lower()] += 1 if w.islower() else -1
    led: dict[tuple[str, ...], list[Form]] = defaultdict(list)
    for f in forms:
        if f.kind != "ORG" or len(f.tokens) < 2 or f.acronym:
            continue
        for k in (1, 2, 3):
            if k >= len(f.tokens):
                break
            rest = f.tokens[k:]
            if any(t in names.ORG_DESIGNATORS or t in names.FUNCTION_WORDS or lower[t] >= 0 for t in rest):
                continue
            if _names_a_city(f.tokens[:k], by_tokens, gazetteer):
                led[rest].append(f)
                break
    for rest, found in led.items():
        short = by_tokens.get(rest)
        if short is None or short.kind not in ("ORG", "OTHER") or short.acronym or len(found) > 1:
            continue
        uf.union(found[0].index, short.index)


def _names_a_city(tokens: tuple[str, ...], by_tokens: dict, gazetteer: Gazetteer) -> bool:
    """True when these words are a place of the story, or a country, province or city of 100,000 anywhere."""
    form = by_tokens.get(tokens)
    if form is not None and form.kind == "PLACE":
        return True
    return any(p.kind in ("country", "province") or p.population >= 100_000
               for p in gazetteer.lookup(" ".join(tokens)))


def _join_of_place(forms: list[Form], uf: UnionFind, gazetteer: Gazetteer) -> None:
    """An organisation "X of <place>" and the same organisation named "X".

    Not when the story has "X of" two places: "Standard Oil of New Jersey"
    and "Standard Oil of New York" are two companies, and "Standard Oil"
    alone is neither.
    """
    by_tokens = {f.tokens: f for f in forms}
    of_place: dict[tuple[str, ...], list[Form]] = defaultdict(list)
    for f in forms:
        if f.kind not in ("ORG", "OTHER") or "of" not in f.tokens[2:]:
            continue
        cut = len(f.tokens) - 1 - f.tokens[::-1].index("of")
        head, tail = f.tokens[:cut], f.tokens[cut + 1 :]
        if len(head) >= 2 and _names_a_place(tail, by_tokens, gazetteer):
            of_place[head].append(f)
    for head, found in of_place.items():
        short = by_tokens.get(head)
        if short is None or short.kind not in ("ORG", "OTHER") or len(found) > 1:
            continue
        uf.union(found[0].index, short.index)


def _names_a_place(tokens: tuple[str, ...], by_tokens: dict, gazetteer: Gazetteer) -> bool:
    """True when these words are a place of the story, or a country or province anywhere."""
    form = by_tokens.get(tokens)
    if form is not None and form.kind == "PLACE":
        return True
    return any(p.kind in ("country", "province") for p in gazetteer.lookup(" ".join(tokens)))


def _join_spelling_variants(forms: list[Form], uf: UnionFind) -> None:
    """Typos and transliterations: forms one close token apart, found by phonetic keys."""
    blocks: dict[tuple, list[Form]] = defaultdict(list)
    for f in forms:
        if f.acronym or len(names.squashed(f.tokens)) < 5:
            continue
        for key in _spelling_keys(f.tokens):
            blocks[key].append(f)
        if len(f.tokens) > 1 and f.tokens[-1].endswith("s"):
            blocks[("pl", f.tokens[:-1] + (f.tokens[-1][:-1],))].append(f)
        blocks[("pl", f.tokens)].append(f)
    seen: set[tuple[int, int]] = set()
    for block in blocks.values():
        if len(block) > 50:  # a key this common blocks nothing useful
            continue
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                pair = (min(a.index, b.index), max(a.index, b.index))
                if pair in seen:
                    continue
                seen.add(pair)
                if _spelling_match(a, b):
                    uf.union(a.index, b.index)


def _spelling_keys(tokens: tuple[str, ...]) -> list[tuple]:
    """Blocking keys: token count with the phonetic key of every token, or of all but one."""
    skel = tuple(names.skeleton(t) for t in tokens)
    keys = [("sk", skel)]
    if len(tokens) > 1:
        keys += [("sk-1", i, skel[:i] + skel[i + 1 :]) for i in range(len(tokens))]
    keys.append(("sq3", names.squashed(tokens)[:3], len(tokens)))
    return keys


def _spelling_match(a: Form, b: Form) -> bool:
    """Two spellings of one name, of compatible kinds, not seen together as frequent names.

    Shared context: two well-attested spellings used side by side in one
    article are more likely two referents than one misspelt.
    """
    # spaCy labels some full person names ORG: a two-word variant of a person's name is allowed
    person_org = {a.kind, b.kind} == {"PERSON", "ORG"} and min(len(a.tokens), len(b.tokens)) >= 2
    if not (compatible(a, b) or person_org):
        return False
    plural = a.kind == b.kind == "ORG" and names.plural_variant(a.tokens, b.tokens)
    if not plural and not names.variant_names(a.tokens, b.tokens):
        return False
    if _is_nationality(a) != _is_nationality(b):  # "Chilean" is not a spelling of "Chillan"
        return False
    if len(a.tokens) != len(b.tokens):
        return True
    together = {m.article for m in a.mentions} & {m.article for m in b.mentions}
    return not together or min(a.count, b.count) <= 1


def _join_expanded_heads(forms: list[Form], uf: UnionFind) -> None:
    """Organisations whose leading words are one entity named two ways.

    "UN Security Council" and "United Nations Security Council" when "UN" and
    "United Nations" are one entity, or when "UN" is the initials of
    "United Nations" and the story names it alone.
    """
    by_tokens = {f.tokens: f for f in forms}
    groups: dict[tuple, list[Form]] = defaultdict(list)
    for f in forms:
        if f.kind != "ORG" or len(f.tokens) < 2:
            continue
        first_word = f.mentions[0].text.split()[0]
        for k in range(1, min(3, len(f.tokens) - 1) + 1):
            rest = f.tokens[k:]
            head = by_tokens.get(f.tokens[:k])
            if head is not None and uf.size[uf.find(head.index)] > 1:
                groups[(uf.find(head.index), rest)].append(f)
            if k == 1 and names.looks_like_acronym(first_word):
                groups[("ac", f.tokens[0], rest)].append(f)
            elif k >= 2 and head is not None:
                for initials in names.initials_variants(f.tokens[:k], False):
                    groups[("ac", initials, rest)].append(f)
    for group in groups.values():
        for other in group[1:]:
            if other is not group[0]:
                uf.union(group[0].index, other.index)


def _is_nationality(f: Form) -> bool:
    """True when most of the form's mentions are labelled NORP (nationality, group)."""
    return 2 * sum(m.label == "NORP" for m in f.mentions) > f.count


def _join_acronyms(forms: list[Form], uf: UnionFind, parsed: Sequence[ParsedArticle], gazetteer: Gazetteer) -> None:
    """An acronym and the one long name whose initials it is (defined or not).

    An acronym the text does not define joins only a long name of its own
    kind: "GM" (a company) is not the "Gulf of Mexico" (a place).
    """
    index: dict[str, set[int]] = defaultdict(set)
    by_tokens = {f.tokens: f for f in forms}
    for f in forms:
        if f.acronym or f.kind == "PERSON" or len(f.tokens) < 2:
            continue
        last_is_place = "of" in f.tokens[1:-1] and _names_a_place(
            f.tokens[len(f.tokens) - f.tokens[::-1].index("of") :], by_tokens, gazetteer
        )
        spelled = {w.replace(".", "").lower() for m in f.mentions[:1] for w in m.text.split()
                   if names.looks_like_acronym(w)}
        for variant in names.initials_variants(f.tokens, last_is_place, spelled):
            index[variant].add(f.index)
    defined = _defined_acronyms(forms, parsed)
    for f in forms:
        if not f.acronym or f.kind == "PERSON" or len(f.tokens) != 1:
            continue
        here = {uf.find(i) for i in defined.get(f.tokens[0], ())}
        roots = {
            uf.find(i) for i in index.get(f.tokens[0], ())
            if compatible(f, forms[i]) and (_same_kind(f, forms[i]) or uf.find(i) in here)
        }
        if len(roots) > 1:
            roots &= here
        if len(roots) == 1:
            uf.union(f.index, next(iter(roots)))


def _same_kind(a: Form, b: Form) -> bool:
    """True when both forms have one kind, or one of them is OTHER (spaCy's vaguer labels)."""
    return a.kind == b.kind or "OTHER" in (a.kind, b.kind)


def _defined_acronyms(forms: list[Form], parsed: Sequence[ParsedArticle]) -> dict[str, set[int]]:
    """Acronyms the text defines: a long name followed by "(ACRONYM)"."""
    texts = {p.article.id: p.article.text for p in parsed}
    out: dict[str, set[int]] = defaultdict(set)
    for f in forms:
        if f.acronym or len(f.tokens) < 2:
            continue
        for m in f.mentions:
            after = texts[m.article][m.end : m.end + 12]
            if after.startswith(" (") and ")" in after:
                out[names.normalize(after[2 : after.index(")")]).replace(" ", "")].add(f.index)
    return out
