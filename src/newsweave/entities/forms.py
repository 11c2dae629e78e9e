"""Forms: all mentions sharing one normalised name, and the sets they are joined into.

Mentions found by spaCy are grouped by name; mentions it missed (an acronym
defined in parentheses, a known name seen again) are recovered, and spans that
run two names together ("Donetsk's Bakhmut", a headline's "Kyiv Volodymyr
Zelensky") are split into their names.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from newsweave.nlp import ParsedArticle

from . import names
from .geo import Place
from .mentions import CLASS_OF_LABEL, RawMention, mention_at



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
    speaker_cues: int = 0  # mentions that are the subject of a verb of saying
    acronym: bool = False
    places: tuple[Place, ...] = ()
    place: Place | None = None
    kind: str = "OTHER"
    gazetteer_place: bool = False  # retyped to PLACE by the gazetteer
    reference: object | None = None  # the place a non-place form points at (`references.Reference`)

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
    form.speaker_cues += m.speaker_cue
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
                                           m.person_cue, m.place_cue, m.hint, m.speaker_cue))
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
