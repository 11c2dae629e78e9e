"""A learned pair scorer: two forms the rules left apart, joined when a small model says they are one.

The rules join names that are spelt alike or defined as one; they fall short
where spaCy types one name two ways ("Peyton Manning" an organisation,
"Manning" a person) or where a short form is not of the shapes they know.
Candidates are pairs of forms sharing a word (never two full person names: a
father and his son share words too, and the rules decide those), described
by a few features of their words, kinds and articles, and scored by a
logistic regression trained on the ECB+ train topics (`train/entity_pairs.py`,
weights and their record in `newsweave/data/entity_pairs.json`). Inference
needs only numpy.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

import numpy as np

from newsweave.nlp import ParsedArticle

from . import names
from .forms import Form, UnionFind

FEATURES = (
    "jaccard", "suffix", "prefix", "subset", "one_word", "length_gap",
    "same_kind", "person_org", "person_place", "org_place", "other",
    "same_article", "count_ratio", "extra_lower", "extra_verbal", "extra_designator",
    "extra_place", "surname", "acronym",
)
# Forms sharing one word: more than this many in one block and the word is too common to join on.
MAX_BLOCK = 30
_KINDS_TWO_NAMES = ("PERSON", "PERSON")


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic-regression weights over `FEATURES`, with the threshold chosen on the train topics."""

    weights: np.ndarray
    bias: float
    threshold: float

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row's pair names one referent."""
        return 1.0 / (1.0 + np.exp(-np.clip(x @ self.weights + self.bias, -50.0, 50.0)))


def load_pair_model() -> PairModel | None:
    """The shipped weights (None when the package has none: the rules alone then decide).

    `nlp.load_models` loads them once, onto `Models.entity_pairs`.
    """
    try:
        text = resources.files("newsweave").joinpath("data/entity_pairs.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise ValueError("newsweave/data/entity_pairs.json was trained on other features; retrain it")
    return PairModel(np.asarray(data["weights"], dtype=float), float(data["bias"]), float(data["threshold"]))


@dataclass(frozen=True, slots=True)
class StoryWords:
    """What the story says about words: written mostly in lower case, used mostly as verbs."""

    lower: frozenset[str]
    verbal: frozenset[str]


def story_words(parsed: Sequence[ParsedArticle]) -> StoryWords:
    """The story's lower-case and verbal words (for the features of a name's extra words)."""
    case: Counter = Counter()
    verb: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in parsed:
        for w in re.findall(r"\b[A-Za-z]{3,}\b", p.article.text):
            case[w.lower()] += 1 if w.islower() else -1
        for token in p.doc:
            if token.is_lower and token.is_alpha:
                verb[token.text][token.pos_ in ("VERB", "AUX", "ADV", "ADP", "PART")] += 1
    return StoryWords(frozenset(w for w, n in case.items() if n >= 0),
                      frozenset(w for w, (other, v) in verb.items() if v > other))


def candidate_pairs(forms: Sequence[Form], uf: UnionFind) -> list[tuple[Form, Form]]:
    """Pairs of forms in different sets that share a content word (two full person names excluded)."""
    blocks: dict[str, list[Form]] = defaultdict(list)
    for f in forms:
        for t in set(f.tokens):
            if len(t) >= 3 and t not in names.FUNCTION_WORDS and t not in names.ORG_DESIGNATORS:
                blocks[t].append(f)
    seen: set[tuple[int, int]] = set()
    out = []
    for block in blocks.values():
        if len(block) > MAX_BLOCK:
            continue
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                pair = (min(a.index, b.index), max(a.index, b.index))
                if pair in seen or uf.find(a.index) == uf.find(b.index):
                    continue
                seen.add(pair)
                if _allowed(a, b):
                    out.append((a, b) if (len(a.tokens), a.tokens) <= (len(b.tokens), b.tokens) else (b, a))
    return out


def _allowed(a: Form, b: Form) -> bool:
    """Pairs the rules alone decide are never scored: two full person names, two different places.

    Nor a place inside a longer name ("London" of "London Underground",
    "United States" of "United States Army"): the rules join a place's
    variants, and a place in a name is most often a part, not the whole.
    """
    if (a.kind, b.kind) == _KINDS_TWO_NAMES and min(len(a.tokens), len(b.tokens)) >= 2:
        return False
    short, long = (a, b) if (len(a.tokens), a.tokens) <= (len(b.tokens), b.tokens) else (b, a)
    if short.kind == "PLACE" or short.place is not None:
        return False
    # an organisation's leading words name another body ("United Nations" of "UN Security Council")
    if long.kind == "ORG" and short.kind in ("ORG", "OTHER") and set(short.tokens) <= set(long.tokens[: len(short.tokens) + 1]):
        return False
    # a nationality inside a name ("Indian" of "Indian Ocean")
    if 2 * sum(m.label == "NORP" for m in short.mentions) > short.count:
        return False
    if a.place is not None and b.place is not None and a.place.key != b.place.key:
        return False
    return not (a.acronym and b.acronym)


def _adds_a_noun(short: Form, long: Form, words: StoryWords) -> bool:
    """True when the longer name adds a word the story writes in lower case and not as a verb,
    or is a name of something else that begins with the shorter ("Bush Administration")."""
    extra = [t for t in long.tokens if t not in short.tokens]
    if any(t in words.lower and t not in words.verbal for t in extra):
        return True
    n = len(short.tokens)
    return long.kind != "PERSON" and long.tokens[:n] == short.tokens and not all(t in words.verbal for t in extra)


def pair_features(short: Form, long: Form, words: StoryWords, place_tokens: frozenset) -> list[float]:
    """The features of one candidate pair (the shorter form first), in the order of `FEATURES`."""
    s, lt = short.tokens, long.tokens
    extra = [t for t in lt if t not in s] or [""]
    kinds = {short.kind, long.kind}
    n = len(s)
    return [
        len(set(s) & set(lt)) / len(set(s) | set(lt)),
        float(lt[-n:] == s),
        float(lt[:n] == s),
        float(set(s) <= set(lt)),
        float(n == 1),
        float(len(lt) - n),
        float(short.kind == long.kind),
        float(kinds == {"PERSON", "ORG"}),
        float(kinds == {"PERSON", "PLACE"}),
        float(kinds == {"ORG", "PLACE"}),
        float("OTHER" in kinds),
        float(bool({m.article for m in short.mentions} & {m.article for m in long.mentions})),
        math.log((1 + short.count) / (1 + long.count)),
        sum(t in words.lower for t in extra) / len(extra),
        sum(t in words.verbal for t in extra) / len(extra),
        sum(t in names.ORG_DESIGNATORS for t in extra) / len(extra),
        float(tuple(t for t in lt if t not in s) in place_tokens),
        float(n == 1 and long.kind == "PERSON" and lt[-1] == s[0]),
        float(short.acronym or long.acronym),
    ]


def story_pairs(forms: Sequence[Form], uf: UnionFind, parsed: Sequence[ParsedArticle]):
    """The candidate pairs of a story and their feature matrix.

    A longer name whose extra words include a common noun of the story
    ("Air France flight", "Betty Ford Center") names something else, and is
    no candidate.
    """
    words = story_words(parsed)
    pairs = [(a, b) for a, b in candidate_pairs(forms, uf) if not _adds_a_noun(a, b, words)]
    place_tokens = frozenset(f.tokens for f in forms if f.kind == "PLACE")
    x = np.array([pair_features(a, b, words, place_tokens) for a, b in pairs], dtype=float).reshape(-1, len(FEATURES))
    return pairs, x


def join_scored_pairs(forms: Sequence[Form], uf: UnionFind, parsed: Sequence[ParsedArticle],
                      model: PairModel | None = None) -> None:
    """Union the candidate pairs the model scores at or above its threshold, surest first.

    A form joins one other set at most, and only when every candidate it
    has (scored high or not) is in that set: a name that could be short for
    two referents ("Mahmood" of two brothers) is left to the short-form
    rules, which resolve it in context.
    """
    if model is None:
        return
    pairs, x = story_pairs(forms, uf, parsed)
    if not pairs:
        return
    scores = model.scores(x)
    rivals: dict[int, set[int]] = defaultdict(set)
    best: dict[int, list[Form]] = defaultdict(list)
    for (a, b), score in zip(pairs, scores):
        rivals[a.index].add(uf.find(b.index))
        if score >= model.threshold:
            best[a.index].append(b)
    plan = [(index, found[0].index) for index, found in best.items() if len(rivals[index]) == 1]
    for a, b in plan:  # decided on the sets as the rules left them: the order of the articles does not matter
        uf.union(a, b)
