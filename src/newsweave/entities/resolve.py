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
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from newsweave.model import Entity, Span
from newsweave.nlp import ParsedArticle

from . import names
from .geo import Gazetteer, Place, story_countries
from .places import anchors_of, missed_place_mentions, rank_place, story_geography
from .mentions import CLASS_OF_LABEL, RawMention, extract_mentions, mention_at

# A cue (a title, "X district") outweighs this many bare NER labels.
CUE_WEIGHT = 3
KINDS = ("PERSON", "PLACE", "ORG", "OTHER")


@dataclass(slots=True)
class Form:
    """All mentions sharing one normalised name, and what is known about it (a builder)."""

    index: int
    tokens: tuple[str, ...]
    mentions: list[RawMention] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    hints: Counter = field(default_factory=Counter)
    person_cues: int = 0
    place_cues: int = 0
    acronym: bool = False
    places: tuple[Place, ...] = ()
    place: Place | None = None
    kind: str = "OTHER"
    gazetteer_place: bool = False  # retyped to PLACE by the gazetteer

    @property
    def count(self) -> int:
        """How many mentions the form has."""
        return len(self.mentions)


class UnionFind:
    """Disjoint sets over form indices (path halving, union by size)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, i: int) -> int:
        """The root of i's set."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Join the sets of a and b."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def resolve(parsed: Sequence[ParsedArticle], gazetteer: Gazetteer) -> list[Entity]:
    """The story's entities, most mentioned first (see the module docstring)."""
    order = {p.article.id: i for i, p in enumerate(parsed)}
    found = [(p, extract_mentions(p)) for p in parsed]
    forms = build_forms(m for p, ms in found for m in (*ms, *missed_place_mentions(p, ms, gazetteer)))
    if not forms:
        return []
    forms = recover_mentions(forms, parsed)
    split_possessives(forms, parsed)
    split_place_prefixes(forms, parsed)
    forms = [f for f in forms if f.mentions]
    for i, f in enumerate(forms):
        f.index = i
    type_forms(forms, gazetteer, parsed)
    uf = UnionFind(len(forms))
    join_forms(forms, uf, parsed, gazetteer)
    assigned = assign_mentions(forms, uf)
    return build_entities(forms, assigned, order, gazetteer)


# ---------------------------------------------------------------- forms


def build_forms(mentions: Iterable[RawMention]) -> list[Form]:
    """Mentions grouped by normalised name, with their label votes and cues."""
    by_tokens: dict[tuple[str, ...], Form] = {}
    for m in mentions:
        toks = names.tokens_of(m.text)
        if not toks:
            continue
        form = by_tokens.get(toks)
        if form is None:
            form = by_tokens[toks] = Form(len(by_tokens), toks)
        add_mention(form, m)
    return list(by_tokens.values())


def add_mention(form: Form, m: RawMention) -> None:
    """Record one mention's label, cues and acronym look on its form."""
    form.mentions.append(m)
    form.votes[CLASS_OF_LABEL[m.label]] += 1
    form.person_cues += m.person_cue
    form.place_cues += m.place_cue
    if m.hint:
        form.hints[m.hint] += 1
    form.acronym = form.acronym or names.looks_like_acronym(m.text)


def recover_mentions(forms: list[Form], parsed: Sequence[ParsedArticle]) -> list[Form]:
    """Mentions spaCy missed: acronyms defined in parentheses, and known names seen again.

    A name is looked for again when it is an acronym or was found at least
    twice, starts with a capital, and (for one word) never occurs in lower
    case in the story, so that common words ("Media") are not taken for names.
    """
    by_tokens = {f.tokens: f for f in forms}
    by_article = {p.article.id: p for p in parsed}
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for f in forms:
        for m in f.mentions:
            taken[m.article].append((m.start, m.end))
    for spans in taken.values():
        spans.sort()

    def add(article: str, start: int, end: int, label: str) -> None:
        """Record a found name as a mention unless it overlaps one already taken."""
        if _overlaps(taken[article], start, end):
            return
        m = mention_at(by_article[article], start, end, label)
        if m is None or (m.start, m.end) != (start, end):
            return
        toks = names.tokens_of(m.text)
        form = by_tokens.get(toks)
        if form is None:
            form = by_tokens[toks] = Form(len(by_tokens), toks)
            forms.append(form)
        add_mention(form, m)
        bisect.insort(taken[article], (start, end))

    for f in list(forms):
        if len(f.tokens) < 2 or f.acronym:
            continue
        for m in list(f.mentions):
            text = by_article[m.article].article.text
            d = _DEFINITION.match(text, m.end)
            if d and names.looks_like_acronym(d.group(1)) and d.group(1)[0].lower() == f.tokens[0][0]:
                add(m.article, d.start(1), d.end(1), m.label)
    lower_words = {w for p in parsed for w in re.findall(r"\b[a-z]{3,}\b", p.article.text)}
    wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for f in forms:
        surfaces = Counter(m.text for m in f.mentions)
        label = Counter(m.label for m in f.mentions).most_common(1)[0][0]
        for surface in surfaces:
            if not surface[:1].isupper() or not (f.acronym or f.count >= 2):
                continue
            if len(f.tokens) == 1 and (f.tokens[0] in lower_words or len(surface) < (2 if f.acronym else 4)):
                continue
            wanted[surface.split()[0]].append((surface, label))
    for p in parsed:
        text = p.article.text
        for w in _CAPITALISED.finditer(text):
            for surface, label in wanted.get(w.group(0), ()):
                end = w.start() + len(surface)
                if text.startswith(surface, w.start()) and (end == len(text) or not text[end].isalnum()):
                    add(p.article.id, w.start(), end, label)
    return forms


_DEFINITION = re.compile(r"\s*\(([A-Z][A-Za-z.]{1,9})\)")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w.'’-]*?(?=[^\w]|$)")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the sorted spans."""
    i = bisect.bisect_left(spans, (start, end))
    for j in (i - 1, i):
        if 0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1]:
            return True
    return False


def split_possessives(forms: list[Form], parsed: Sequence[ParsedArticle]) -> None:
    """Split "Donetsk's Bakhmut" into its two names when the first is a name of its own here.

    So is "X's Y district". "King's Cross" stays whole: "King" is not a name
    the story uses alone.
    """
    by_tokens = {f.tokens: f for f in forms}
    texts = {p.article.id: p.article.text for p in parsed}
    for form in list(forms):
        keep = []
        for m in form.mentions:
            cut = _POSSESSIVE.search(m.text)
            head_tokens = names.tokens_of(m.text[: cut.start()]) if cut else ()
            head = by_tokens.get(head_tokens)
            if head is None and cut and m.hint in ("district", "province") and head_tokens:
                # "Donetsk's Bakhmut district": a place inside a named area
                head = by_tokens[head_tokens] = Form(len(forms), head_tokens)
                forms.append(head)
            if head is None or head is form or not cut:
                keep.append(m)
                continue
            text = texts[m.article]
            tail_start = m.start + cut.end()
            label = head.mentions[0].label if head.mentions else "GPE"
            add_mention(head, RawMention(m.article, m.start, m.start + cut.start(), m.text[: cut.start()], label))
            tail = names.tokens_of(text[tail_start : m.end])
            target = by_tokens.get(tail)
            if target is None:
                target = by_tokens[tail] = Form(len(forms), tail)
                forms.append(target)
            add_mention(target, RawMention(m.article, tail_start, m.end, text[tail_start : m.end], m.label,
                                           m.person_cue, m.place_cue, m.hint))
        if len(keep) != len(form.mentions):
            form.mentions[:] = keep
            form.votes = Counter(CLASS_OF_LABEL[m.label] for m in keep)


_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")


def split_place_prefixes(forms: list[Form], parsed: Sequence[ParsedArticle]) -> None:
    """Split spans like "Kyiv Volodymyr Zelensky" (a headline's place run into a name).

    Only when the prefix is a place form and the rest a person form of the
    same story, both seen on their own elsewhere.
    """
    by_tokens = {f.tokens: f for f in forms}
    texts = {p.article.id: p.article.text for p in parsed}
    for form in forms:
        if len(form.tokens) < 3 or form.votes["PERSON"] == 0:
            continue
        for k in (1, 2):
            head, rest = by_tokens.get(form.tokens[:k]), by_tokens.get(form.tokens[k:])
            if head is None or rest is None or head is form or rest is form:
                continue
            if head.votes["PLACE"] + head.place_cues == 0 or rest.votes["PERSON"] == 0:
                continue
            for m in form.mentions:
                words = [w for w in _word_spans(m.text)]
                if len(words) <= k:
                    continue
                cut = m.start + words[k][0]
                text = texts[m.article]
                add_mention(rest, RawMention(m.article, cut, m.end, text[cut : m.end], "PERSON"))
                end = m.start + words[k - 1][1]
                add_mention(head, RawMention(m.article, m.start, end, text[m.start : end], "GPE"))
            form.mentions.clear()
            break


def _word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each white-space separated word of `text`."""
    out, i = [], 0
    for word in text.split():
        i = text.index(word, i)
        out.append((i, i + len(word)))
        i += len(word)
    return out


# ---------------------------------------------------------------- types


def type_forms(forms: list[Form], gazetteer: Gazetteer, parsed: Sequence[ParsedArticle] = ()) -> None:
    """Each form's kind from its labels and cues, then fixed with the gazetteer.

    Places are chosen twice: the second pass knows which areas the story
    names, which is what lets a small town or a district be located.
    """
    for f in forms:
        f.kind = _vote(f)
    for f in forms:
        if len(f.tokens) > 4 or (f.kind == "PERSON" and (len(f.tokens) > 1 or f.person_cues)):
            continue
        if f.acronym and f.votes["PLACE"]:
            f.places = gazetteer.lookup_code(names.squashed(f.tokens))
        if not f.places:
            f.places = gazetteer.candidates(f.tokens)
    countries = story_countries((f.places, f.count) for f in forms if f.kind == "PLACE")
    if countries:
        top = countries.most_common(1)[0][0]
        for f in forms:
            hint = f.hints.most_common(1)[0][0] if f.hints else None
            if f.kind != "PLACE" or hint not in ("district", "province") or len(f.tokens) > 3:
                continue
            if not any(p.country == top and p.kind == hint for p in f.places):
                near = gazetteer.near_spelling(" ".join(names.place_core(f.tokens)), top, hint)
                f.places = f.places + ((near,) if near is not None else ())
    geography = story_geography(forms, parsed, countries, gazetteer)
    known: frozenset[str] = frozenset()
    for _ in range(2):
        for f in forms:
            if f.places:
                hint = f.hints.most_common(1)[0][0] if f.hints else None
                f.place = rank_place(f, geography, hint, known, gazetteer.ranker)
        known = frozenset(f.place.key for f in forms if f.place is not None and f.kind != "PERSON")
        geography = replace(geography, anchors=anchors_of(forms))
    name_parts = {t for f in forms if f.kind == "PERSON" and len(f.tokens) > 1 for t in f.tokens}
    for f in forms:
        if f.kind == "PERSON" and f.tokens[0] in name_parts:
            f.place = None  # a name part ("Jordan" of "Steven Lee Jordan") stays a person
        if f.place is not None and f.kind != "PLACE" and _gazetteer_says_place(f, countries):
            f.kind = "PLACE"
            f.gazetteer_place = True
        if f.kind != "PLACE":
            f.place = None


def _vote(f: Form) -> str:
    """The kind with most votes: NER labels count once, cues `CUE_WEIGHT` times."""
    votes = Counter(f.votes)
    votes["PERSON"] += CUE_WEIGHT * f.person_cues
    votes["PLACE"] += CUE_WEIGHT * f.place_cues
    return max(KINDS, key=lambda k: (votes[k], -KINDS.index(k)))


def _gazetteer_says_place(f: Form, countries: Counter) -> bool:
    """Whether a non-place form is really the gazetteer's place.

    A nationality or other label needs a match in one of the story's
    countries; an organisation label needs a place cue, or a country, a
    province or a major city; a person with a title is never retyped.
    """
    place = f.place
    if place is None or f.person_cues:
        return False
    if f.kind == "OTHER":  # a nationality is a place only when it names a country, province or city
        big = place.kind in ("country", "province") or place.population >= 100_000
        return big and (countries[place.country] > 0 or place.kind == "country")
    if f.kind == "ORG":
        return bool(f.place_cues) or place.kind in ("country", "province") or place.population >= 100_000
    if f.kind == "PERSON":  # one word, no title, never part of a person's name: a place mislabelled
        top = countries.most_common(1)[0][0] if countries else None
        if place.kind in ("country", "province"):
            return countries[place.country] > 0
        return place.country == top and (place.population >= 10_000 or bool(f.place_cues))
    return False


# ---------------------------------------------------------------- joining forms


def _compatible(a: Form, b: Form) -> bool:
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
            if _compatible(group[0], other):
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


def _join_of_place(forms: list[Form], uf: UnionFind, gazetteer: Gazetteer) -> None:
    """An organisation "X of <place>" and the same organisation named "X"."""
    by_tokens = {f.tokens: f for f in forms}
    for f in forms:
        if f.kind not in ("ORG", "OTHER") or "of" not in f.tokens[2:]:
            continue
        cut = len(f.tokens) - 1 - f.tokens[::-1].index("of")
        head, tail = f.tokens[:cut], f.tokens[cut + 1 :]
        short = by_tokens.get(head)
        if short is None or short.kind not in ("ORG", "OTHER") or len(head) < 2:
            continue
        if _names_a_place(tail, by_tokens, gazetteer):
            uf.union(f.index, short.index)


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
    if not (_compatible(a, b) or person_org):
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
    """An acronym and the one long name whose initials it is (defined or not)."""
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
        roots = {uf.find(i) for i in index.get(f.tokens[0], ()) if _compatible(f, forms[i])}
        if len(roots) > 1:
            roots &= {uf.find(i) for i in defined.get(f.tokens[0], ())}
        if len(roots) == 1:
            uf.union(f.index, next(iter(roots)))


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


# ---------------------------------------------------------------- short forms


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
        candidates = _person_candidates(f, forms, uf, person_index)
        if not candidates and uf.size[uf.find(f.index)] == 1:
            candidates = _org_candidates(f, forms, uf, org_index, story_counts)
        for m in f.mentions:
            target = None
            if candidates:
                target = _salient(candidates, m.article, article_counts, story_counts, first_seen,
                                  article_only=f.kind == "PLACE" and len(f.tokens) == 1)
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


def _person_candidates(f: Form, forms: list[Form], uf: UnionFind, person_index) -> set[int]:
    """The people a one-word name may stand for: a full name ending (or starting) with it."""
    own = uf.find(f.index)
    if len(f.tokens) != 1 or f.place is not None or f.acronym:
        return set()
    token = f.tokens[0]
    last = {uf.find(i) for i in person_index.get(("last", token), ())}
    if not last:
        last = {
            uf.find(i) for i in person_index.get(("skel", names.skeleton(token)), ())
            if names.close_tokens(token, forms[i].tokens[-1])
        }
    first = {uf.find(i) for i in person_index.get(("first", token), ())}
    found = (last or first) - {own}
    if found and f.kind == "PLACE":  # a surname spaCy took for a place: resolved only next to the full name
        return found
    if found and (f.kind == "PERSON" or f.votes["PERSON"] or f.person_cues or len(f.mentions) <= 3):
        return found
    return set()


def _org_candidates(f: Form, forms: list[Form], uf: UnionFind, org_index, story_counts: Counter) -> set[int]:
    """The organisations (or multi-word places) whose shorter name this form may be."""
    if f.acronym or f.kind not in ("ORG", "OTHER", "PLACE") or (f.kind == "PLACE" and len(f.tokens) < 2):
        return set()
    own = uf.find(f.index)
    # an organisation's part is rarer than its full name ("Hamas" is not short for "Hamas government")
    return {
        r for r in (uf.find(i) for i in org_index.get(f.tokens, ()))
        if r != own and _compatible(f, forms[r]) and (len(f.tokens) > 1 or story_counts[r] >= f.count)
    }


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


# ---------------------------------------------------------------- entities


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
    return entities


def _cluster_kind(mentions: list[RawMention], members: Iterable[Form], by_key) -> str:
    """Majority kind over the mentions; a gazetteer-confirmed place stays a place."""
    votes: Counter = Counter()
    for m in mentions:
        form = by_key[(m.article, m.start, m.end)]
        if form.gazetteer_place:
            votes["PLACE"] += 1 + CUE_WEIGHT
            continue
        votes[CLASS_OF_LABEL[m.label]] += 1
        votes["PERSON"] += CUE_WEIGHT * m.person_cue
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
