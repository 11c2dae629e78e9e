"""Toponyms spaCy's NER misses or mislabels, found through the gazetteer and kept by a learned classifier.

spaCy's small model finds about two thirds of the place names of news
text: it leaves datelines in capitals ("COLUMBUS, Ohio"), towns after a
preposition ("driving to Castlegar") and the second half of "X, Y"
unlabelled, and calls towns people or organisations ("in Nelson",
"militias from Misrata"). Every capitalised run of up to four tokens that
the gazetteer knows as a place is a candidate here, unless spaCy already
labels it a place or it lies inside a longer name. A logistic regression
over parse and gazetteer features (the preceding preposition, spaCy's label,
the "X, Y" and "the town of X" patterns, the name written in lower case
elsewhere, population, namesakes) decides whether a
candidate is a place (a name spaCy labels a person needs a higher
probability, unless a comma, "and" or "or" joins it to a labelled place:
"stops in Hilversum and Almelo"). It is trained by `train/train_geo.py` on the
GeoWebNews train half (weights in `data/toponym_finder.json`, read with
numpy). Demonyms and adjectives ("Russian") are never candidates, nor is a
word that is part of a person's full name in the article ("Valverde" of
"Alejandro Valverde").
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from .geo import Gazetteer
from .mentions import RawMention, mention_at

FINDER_PATH = Path(__file__).resolve().parents[1] / "data" / "toponym_finder.json"
FEATURES = (
    "label_none", "label_org", "label_person", "label_norp", "label_other",
    "prev_locative", "prev_of", "prev_designator_of", "next_comma_area", "prev_comma_place",
    "log_population", "has_country", "has_province", "has_district", "has_town_10k", "log_namesakes",
    "all_alias", "tokens", "all_caps", "sentence_start", "lower_in_text",
    "possessive_next", "dateline", "place_elsewhere", "prev_capital", "next_capital", "acronym", "all_propn",
    "in_headline_case", "person_cue", "speaker_cue",
)
LOCATIVE = frozenset({
    "in", "at", "from", "near", "outside", "across", "around", "to", "into", "toward", "towards",
    "through", "throughout", "via", "between", "inside", "within", "beyond", "off",
})
DESIGNATORS = frozenset({
    "town", "city", "village", "capital", "province", "region", "district", "state", "county",
    "suburb", "port", "island", "municipality", "borough", "parish", "republic", "kingdom",
})
_MONTHS_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
_CAPITALISED = re.compile(r"[A-Z][\w.'’-]*")
MAX_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Candidate:
    """A capitalised span the gazetteer knows, with what spaCy made of it and its feature row."""

    start: int
    end: int
    label: str  # spaCy's label of the mention with exactly this span, "" when no mention holds it
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Finder:
    """A logistic regression over `FEATURES` and the probability a candidate needs to be a place."""

    weights: np.ndarray
    bias: float
    threshold: float
    person_threshold: float | None = None  # the probability a name spaCy labels a person needs (else `threshold`)

    def accepted(self, candidates: Sequence[Candidate], listed: frozenset = frozenset()) -> list[Candidate]:
        """The candidates whose probability of being a place reaches the threshold (a person's, for a person's label).

        A person-labelled candidate whose span is in `listed` (it stands in a
        list of places: `listed_with_places`) needs only the general threshold.
        """
        if not candidates:
            return []
        rows = np.asarray([c.features for c in candidates], dtype=np.float64)
        probs = 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))
        person = FEATURES.index("label_person")
        strict = self.threshold if self.person_threshold is None else self.person_threshold
        return [c for c, p in zip(candidates, probs)
                if p >= (strict if c.features[person] and (c.start, c.end) not in listed else self.threshold)]


def load_finder(path: Path = FINDER_PATH) -> Finder | None:
    """The shipped classifier (`data/toponym_finder.json`, written by `train/train_geo.py`), or None without one."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path.name}: its features do not match this version of newsweave; retrain it")
    person = data.get("person_threshold")
    return Finder(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]), float(data["threshold"]),
                  float(person) if person is not None else None)


def with_found_places(parsed, mentions: Sequence[RawMention], gazetteer: Gazetteer, finder) -> list[RawMention]:
    """The article's mentions, with the toponyms the finder accepts added or marked as places.

    A candidate that is exactly a mention spaCy labelled otherwise becomes
    a place mention with a place cue; one no mention covers is added; a
    name that speaks as a person somewhere in the article (`speaking_person`)
    is never taken.
    `finder` is a `Finder` (or a training recorder); None changes nothing.
    """
    if finder is None:
        return list(mentions)
    mentions = split_town_and_area(parsed, mentions, gazetteer)
    found = candidates(parsed, mentions, gazetteer)
    text = parsed.article.text
    speakers = {text[c.start:c.end] for c in found if speaking_person(c)}
    listed = listed_with_places(text, found, mentions) if LISTS else frozenset()
    found = [c for c in finder.accepted(found, listed) if text[c.start:c.end] not in speakers]
    if not found:
        return list(mentions)
    relabel = {(c.start, c.end) for c in found if c.label}
    out = [replace(m, label="GPE", place_cue=True) if (m.start, m.end) in relabel else m for m in mentions]
    for c in found:
        if not c.label:
            m = mention_at(parsed, c.start, c.end, "GPE")
            if m is not None and (m.start, m.end) == (c.start, c.end):
                out.append(m)
    return out


# A person-labelled name in a list of places needs only the general threshold (`listed_with_places`;
# GeoWebNews train half: 730 of 1008 toponyms right against 729 without); False only to measure it.
LISTS = True
# A list's joint between two names: "Hilversum and Almelo", "Nitra, Prešov and Košice".
_JOINT = re.compile(r",?\s+(?:and|or)\s+|,\s+")


def listed_with_places(text: str, found: Sequence[Candidate], mentions: Sequence[RawMention]) -> frozenset:
    """The spans of the person-labelled candidates written in a list right beside a place spaCy labelled.

    "stops in Hilversum and Almelo", "Žilina, Nitra, Prešov and Košice": a
    name joined by a comma, "and" or "or" to a place is likelier a place
    than a person, whatever label spaCy gave it.
    """
    person = FEATURES.index("label_person")
    places = sorted((m.start, m.end) for m in mentions if m.label in ("GPE", "LOC"))
    if not places:
        return frozenset()
    ends = {e for _, e in places}
    starts = {s for s, _ in places}
    out = set()
    for c in found:
        if not c.features[person]:
            continue
        before = next((m for m in (_JOINT.search(text, max(0, c.start - 7), c.start),) if m and m.end() == c.start), None)
        after = _JOINT.match(text, c.end)
        if (before is not None and before.start() in ends) or (after is not None and after.end() in starts):
            out.add((c.start, c.end))
    return frozenset(out)


def speaking_person(candidate: Candidate) -> bool:
    """Whether spaCy labelled the candidate a person and it is the subject of a verb of saying ("Kelly said").

    Such a name is a speaker, whatever towns bear it: the finder never makes it a place. A country's
    or a province's name is not held to it ("Tamil Nadu said", labelled a person, is the state).
    """
    features = dict(zip(FEATURES, candidate.features))
    if features["has_country"] or features["has_province"]:
        return False  # "Tamil Nadu said": a state speaks through its government
    return bool(features["label_person"]) and bool(features["speaker_cue"])


def split_town_and_area(parsed, mentions: Sequence[RawMention], gazetteer: Gazetteer) -> list[RawMention]:
    """Place mentions written "X, Y" ("Thruxton, Hampshire") as two, when Y is a country or an area and X a place.

    spaCy sometimes takes a town and its area for one name; each is a place of its own.
    """
    from . import names

    out: list[RawMention] = []
    for m in mentions:
        comma = m.text.find(", ")
        if m.label not in ("GPE", "LOC", "FAC") or comma <= 0 or m.text.count(",") != 1:
            out.append(m)
            continue
        left, right = m.text[:comma], m.text[comma + 2:]
        area = gazetteer.candidates(names.tokens_of(right))
        if not any(p.kind != "city" for p in area) or not gazetteer.candidates(names.tokens_of(left)):
            out.append(m)
            continue
        parts = [mention_at(parsed, m.start, m.start + comma, m.label),
                 mention_at(parsed, m.start + comma + 2, m.end, m.label)]
        out.extend(p for p in parts if p is not None)
    return out


def candidates(parsed, mentions: Sequence[RawMention], gazetteer: Gazetteer) -> list[Candidate]:
    """Every capitalised run of tokens that the gazetteer knows as a place and spaCy did not call one.

    At each token the longest known run is taken. A run that overlaps a
    place mention, or lies inside (or across) a mention of another kind,
    is no candidate; one that is exactly such a mention is, with its label.
    """
    from . import names

    doc = parsed.doc
    text = parsed.article.text
    spans = sorted((m.start, m.end, m.label) for m in mentions)
    starts = [s for s, _, _ in spans]
    at = {(m.start, m.end): m for m in mentions}
    context = _ArticleContext.of(parsed, mentions)
    out: list[Candidate] = []
    caps = [_capitalised(t) for t in doc]
    i = 0
    while i < len(doc):
        if not caps[i]:
            i += 1
            continue
        longest = 1
        while longest < MAX_TOKENS and i + longest < len(doc) and caps[i + longest]:
            longest += 1
        best = None
        for k in range(longest, 0, -1):
            last = doc[i + k - 1]
            surface = text[doc[i].idx:last.idx + len(last.text)]
            if "\n" in surface:
                continue
            run = doc[i:i + k]
            tokens = names.tokens_of(surface)
            if tokens and gazetteer.knows(" ".join(tokens)):
                places = gazetteer.candidates(tokens)
                if places:
                    best = (run, tokens, places)
                    break
        if best is None or (len(best[0]) == 1 and (best[0][0].is_stop or best[0][0].pos_ in ("PRON", "DET", "ADP",
                                                                                               "CCONJ", "ADV"))):
            i += 1
            continue
        run, tokens, places = best
        if len(tokens) == 1 and tokens[0] in context.person_parts:
            i += 1  # "Valverde" of "Alejandro Valverde" stays a person
            continue
        start, end = run.start_char, run.end_char
        label = _label_at(spans, starts, start, end)
        if label is not None:
            row = _features(run, tokens, places, label, text, context, gazetteer)
            mention = at.get((start, end)) if label else None
            row += [bool(mention and mention.person_cue), bool(mention and mention.speaker_cue)]
            out.append(Candidate(start, end, label, tuple(row)))
        i += len(run)
    return out


def _capitalised(token) -> bool:
    """A token that may be (part of) a proper name: capitalised, not a month or a weekday."""
    word = token.text
    return bool(_CAPITALISED.fullmatch(word)) and len(word) > 1 and word.lower() not in _MONTHS_DAYS


def _label_at(spans, starts, start: int, end: int) -> str | None:
    """"" when no mention overlaps the span, spaCy's label when one mention is exactly it, else None."""
    i = bisect_left(starts, start)
    near = spans[max(0, i - 3):i + 3]
    overlapping = [(s, e, lab) for s, e, lab in near if s < end and start < e]
    if not overlapping:
        return ""
    if len(overlapping) == 1 and overlapping[0][:2] == (start, end) and overlapping[0][2] not in ("GPE", "LOC", "FAC"):
        return overlapping[0][2]
    return None


@dataclass(frozen=True, slots=True)
class _ArticleContext:
    """What the features read from the whole article: its lower-case words, person-name parts, place names."""

    lower: frozenset
    person_parts: frozenset
    place_names: frozenset

    @classmethod
    def of(cls, parsed, mentions: Sequence[RawMention]) -> _ArticleContext:
        """The article's context, read once for all its candidates."""
        from . import names

        text = parsed.article.text
        lower = frozenset(re.findall(r"\b[a-z][a-z'-]+\b", text))
        parts = {t for m in mentions if m.label == "PERSON" for t in (names.tokens_of(m.text) or ())
                 if len(names.tokens_of(m.text)) > 1}
        places = frozenset(names.tokens_of(m.text) for m in mentions if m.label in ("GPE", "LOC"))
        return cls(lower, frozenset(parts), places)


def _features(run, tokens, places, label: str, text: str, ctx: _ArticleContext, gazetteer: Gazetteer) -> list[float]:
    """The feature row of one candidate (in `FEATURES` order)."""
    from . import names

    doc = run.doc
    prev = doc[run.start - 1] if run.start > 0 else None
    prev2 = doc[run.start - 2] if run.start > 1 else None
    nxt = doc[run.end] if run.end < len(doc) else None
    nxt2 = doc[run.end + 1] if run.end + 1 < len(doc) else None
    population = max((p.population for p in places), default=0)
    after_comma = ()
    if nxt is not None and nxt.text == "," and nxt2 is not None and _capitalised(nxt2):
        after_comma = names.tokens_of(nxt2.text)
    next_area = bool(after_comma) and any(
        p.kind in ("country", "province") for p in (gazetteer.lookup_code(names.squashed(after_comma))
                                                    or gazetteer.candidates(after_comma)))
    prev_place = prev is not None and prev.text == "," and prev2 is not None and _capitalised(prev2) and \
        bool(gazetteer.candidates(names.tokens_of(prev2.text)))
    words = run.text.split()
    return [
        label == "", label == "ORG", label == "PERSON", label == "NORP",
        label not in ("", "ORG", "PERSON", "NORP"),
        prev is not None and prev.lower_ in LOCATIVE,
        prev is not None and prev.lower_ == "of",
        prev is not None and prev.lower_ == "of" and prev2 is not None and prev2.lower_ in DESIGNATORS,
        next_area,
        prev_place,
        math.log10(population + 1) / 7,
        any(p.kind == "country" for p in places),
        any(p.kind == "province" for p in places),
        any(p.kind == "district" for p in places),
        any(p.kind == "city" and p.population >= 10_000 for p in places),
        math.log(len(places)) / 5,
        all(p.alias for p in places),
        len(tokens) / MAX_TOKENS,
        all(w.isupper() for w in words) and len(run.text) > 3,
        run[0].is_sent_start or prev is None or prev.text in ("\n", "\"", "“", "(", "—", "-"),
        len(tokens) == 1 and tokens[0] in ctx.lower,
        nxt is not None and nxt.text in ("'s", "’s"),
        run.start_char < 200 and nxt is not None and nxt.text in (",", "(", "—", "–", "-", "--"),
        tokens in ctx.place_names,
        prev is not None and _capitalised(prev) and not run[0].is_sent_start,
        nxt is not None and _capitalised(nxt),
        names.looks_like_acronym(run.text) and len(run.text) <= 4,
        all(t.pos_ == "PROPN" for t in run),
        _title_case_line(text, run.start_char),
    ]


def _title_case_line(text: str, start: int) -> bool:
    """Whether the span's line has most words capitalised (a headline or a caption, where case says little)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    words = text[line_start:line_end if line_end != -1 else len(text)].split()
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
