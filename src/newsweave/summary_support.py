"""Does a sentence of another article state everything a summary sentence states?

A summary sentence cites, after its own span, the sentences of other articles
that state it (issue 19): not the ones that are about the same thing, nor the
ones that state part of it. The check compares what the parse finds in the
summary sentence A with what it finds in the candidate B:

- its numbers, as values with their unit's dimension and scale ("20km/h (12mph)"
  and "12 miles per hour" are one speed; "more than 4,400" is stated by
  "4,443", within the rounding of A's figure);
- its dates (month and weekday names, years, "today"; clock times are numbers);
- its names (proper nouns and named entities);
- its content words (nouns, verbs, adjectives, adverbs; numbers apart) and
  its predicate-argument pairs (a verb with its subject or object, a noun
  with its modifier), inflections stripped;
- its negation (one of them negated, the other not: a contradiction, not support);
- and the MiniLM cosine of the two sentences.

`states` decides on these: every number, date and name of A must be in B, the
negations agree, and the cosine and the shares of A's content words and pairs
found in B reach the thresholds of `SupportRule` (the grid set the pairs'
threshold to 0: parses of one fact told two ways differ too often). The
thresholds were chosen on a grid against blind annotations of 167 citations,
for precision first
(`train/cite_support.py`; its record, with the cross-validated figures, in
`src/newsweave/data/cite_support.json`): a span that leaves out one figure,
date or place of the sentence is not cited. A logistic regression on the same
features did worse under cross-validation (0.75 precision against 1.00), so
the rule ships.

Limits: synonyms and paraphrases ("cured" / "successfully treated") count as
missing words, so a faithful paraphrase may go uncited; a name written two ways
("Iraq" / "Iraqi") counts as missing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

# The numbers stage reads the figures, so that both read a figure alike.
from newsweave.claims.numbers import figures_in

_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_RELATIVE_DAYS = frozenset("today yesterday tomorrow tonight overnight".split())
_DATE_WORDS = frozenset(_MONTHS) | frozenset(_DAYS) | _RELATIVE_DAYS
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
_PAIR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "amod", "compound", "agent", "dative",
                        "acomp", "oprd", "nmod", "poss", "appos"})
_NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "without"})
_GLUED_UNIT = re.compile(r"(\d)([^\W\d_]|%)")  # "20km/h", "12mph": the number apart from its unit
_ROOT_CHARS = 6  # words that share their first six letters after inflections are stripped count as one


@dataclass(frozen=True, slots=True)
class Statement:
    """What a sentence states, as the support check compares it: the parse's words, figures and names."""

    words: frozenset[str]  # content words, as roots
    pairs: frozenset[tuple[str, str]]  # (head root, dependent root) of predicate-argument and modifier arcs
    numbers: tuple[tuple[float, float, str], ...]  # (value in the base unit, tolerance, dimension)
    dates: frozenset[str]  # month, weekday, relative-day and year words
    names: frozenset[str]  # roots of the words of names
    negated: bool
    lowered: frozenset[str]  # every word, lowercased (names and dates are looked up here)
    length: int  # words


@dataclass(frozen=True, slots=True)
class SupportRule:
    """The thresholds of `states` (chosen by `train/cite_support.py`; see the card it writes)."""

    cosine: float = 0.75
    words: float = 0.85
    pairs: float = 0.0


RULE = SupportRule()


def statement_of(tokens: Sequence, text: str | None = None) -> Statement:
    """The `Statement` of a sentence from its spaCy tokens (and its text, for the numbers).

    Works on the tokens of a sentence of a parsed article (`doc.char_span`)
    or of a sentence parsed alone; names are read from the entity labels and
    from proper nouns, so a lowercased sentence still has the names NER finds.
    """
    text = text if text is not None else "".join(t.text_with_ws for t in tokens)
    words, names, dates, lowered = set(), set(), set(), set()
    pairs = set()
    negated = False
    for t in tokens:
        lower = t.lower_
        lowered.add(lower)
        if t.is_punct or t.is_space or not any(ch.isalnum() for ch in lower):
            continue
        if lower in _NEGATIONS or t.dep_ == "neg":
            negated = not negated
            continue
        if lower in _DATE_WORDS or (_YEAR.fullmatch(lower) and t.ent_type_ in _TIME_ENTS | {""}):
            dates.add(lower)
        if t.ent_type_ in _NAME_ENTS or t.pos_ == "PROPN":
            if not t.is_stop and lower not in _DATE_WORDS:
                names.add(word_root(lower))
        if t.pos_ in _CONTENT_POS and not t.is_stop and not t.like_num:
            words.add(word_root(lower))
            head = t.head
            if t.dep_ in _PAIR_DEPS and head.i != t.i and head.pos_ in _CONTENT_POS and not head.is_stop:
                pairs.add((word_root(head.lower_), word_root(lower)))
    return Statement(frozenset(words), frozenset(pairs), numbers_of(text), frozenset(dates), frozenset(names),
                     negated, frozenset(lowered), sum(1 for t in tokens if not t.is_punct and not t.is_space))


def word_root(word: str) -> str:
    """A word without its inflection, cut to `_ROOT_CHARS` letters: killed, kills, killing -> kill.

    Hand-written and crude on purpose (no stemmer is a runtime dependency): it
    is only used to tell whether a word of one sentence is in another.
    """
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", ""), ("'s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + keep
            break
    return word[:_ROOT_CHARS]


def numbers_of(text: str) -> tuple[tuple[float, float, str], ...]:
    """Every number the text states as (value in its base unit, tolerance, dimension).

    Units and scale words are read as in the numbers stage (`claims/numbers.py`):
    "12 mph" is a speed of 19.3 km/h, "$5 million" 5e6 US dollars. The tolerance
    is the rounding of the figure as written ("4,400": 50), so a rounder figure
    is stated by a precise one. Years and clock times are numbers too.
    """
    out = []
    for written, value, dimension, factor in figures_in(_GLUED_UNIT.sub(r"\1 \2", text)):
        if not re.search(r"\d", written) and value < 2:
            continue  # "one of", "a" alone: not a figure
        out.append((value * factor, _tolerance(value, written) * factor, dimension))
    return tuple(out)


def _tolerance(value: float, written: str) -> float:
    """Half the step the figure is rounded to as written ("50" -> 5, "7.0" -> 0.05), at most 5 %."""
    digits = written.replace(",", "")
    if "." in digits:
        step = 0.5 * 10 ** -len(digits.split(".")[1].split()[0])
    elif re.search(r"\d", digits):
        whole = re.sub(r"\D", "", digits.split()[0])
        zeros = len(whole) - len(whole.rstrip("0"))
        step = 0.5 * 10 ** zeros if zeros else 0.5
        if re.search(r"[a-z]", digits, re.IGNORECASE):  # "1.2 million" style: a scale word
            step = 0.05 * value
    else:
        step = 0.05 * value  # a spelled-out number is a round one
    return min(step, 0.05 * abs(value)) if value else step


def support_features(a: Statement, b: Statement, cosine: float) -> dict[str, float]:
    """How much of A's content B states, feature by feature (shares in 0-1; 1 when A has none).

    The features of `states` and of the cross-validation in `train/cite_support.py`.
    """
    return {
        "cosine": float(cosine),
        "words": _share(a.words, b.words),
        "pairs": _share(a.pairs, b.pairs),
        "numbers": _number_share(a.numbers, b.numbers),
        "dates": _share(a.dates, b.lowered),
        "names": _share(a.names, b.names | {word_root(w) for w in b.lowered}),
        "negation": float(a.negated == b.negated),
        "length": math.log((b.length + 1) / (a.length + 1)),
    }


def states(a: Statement, b: Statement, cosine: float, rule: SupportRule = RULE) -> bool:
    """Whether B states everything A states: every figure, date and name, and most words and pairs.

    Precision first: a cited span is shown as a source of the summary sentence,
    so one that leaves out part of it is not cited (`SupportRule`).
    """
    if not a.length or not b.length:
        return False  # a sentence without a parse: nothing to compare
    f = support_features(a, b, cosine)
    return (f["cosine"] >= rule.cosine and f["words"] >= rule.words and f["pairs"] >= rule.pairs
            and f["numbers"] == 1.0 and f["dates"] == 1.0 and f["names"] == 1.0 and f["negation"] == 1.0)


def _share(part: Iterable, whole: frozenset | set) -> float:
    """The share of `part` found in `whole` (1 when `part` is empty)."""
    part = set(part)
    return len(part & set(whole)) / len(part) if part else 1.0


def _number_share(part: Sequence[tuple[float, float, str]], whole: Sequence[tuple[float, float, str]]) -> float:
    """The share of A's numbers that B states: same dimension, value within A's rounding."""
    if not part:
        return 1.0
    found = sum(1 for v, tol, dim in part
                if any(d == dim and abs(w - v) <= tol + 1e-9 * max(1.0, abs(v)) for w, _, d in whole))
    return found / len(part)


class Statements(Mapping):
    """The `Statement` of each sentence span of a story's parsed articles, read once when first asked for.

    Keyed by (article id, start, end) of the span. An article without a parse
    gives statements without words, which `states` never takes as support.
    """

    def __init__(self, parsed: Sequence) -> None:
        self._docs = {p.article.id: p.doc for p in parsed}
        self._texts = {p.article.id: p.article.text for p in parsed}
        self._read: dict[tuple[str, int, int], Statement] = {}

    def __getitem__(self, key: tuple[str, int, int]) -> Statement:
        if key not in self._read:
            article, start, end = key
            if article not in self._texts:
                raise KeyError(key)
            doc = self._docs[article]
            span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
            self._read[key] = statement_of(list(span) if span is not None else [], self._texts[article][start:end])
        return self._read[key]

    def __iter__(self):
        return iter(self._read)

    def __len__(self) -> int:
        return len(self._read)
