"""Types: each form's kind (PERSON, PLACE, ORG, OTHER) from its labels and cues, fixed with the gazetteer."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from newsweave.nlp import ParsedArticle

from . import names
from .forms import Form
from .geo import COUNTRY_ABBREVIATIONS, Gazetteer, story_countries
from .places import anchors_of, rank_place, story_geography
from .references import set_references
from .unlisted import place_unlisted, refer_unlisted_sites
from .backoff import back_off
from .places_states import read_states_after_towns
from .places_within import place_by_inner_name


# A cue (a title, "X district") outweighs this many bare NER labels.
CUE_WEIGHT = 3
KINDS = ("PERSON", "PLACE", "ORG", "OTHER")

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
        if f.acronym and (f.votes["PLACE"] or names.squashed(f.tokens).upper() in COUNTRY_ABBREVIATIONS):
            f.places = gazetteer.lookup_code(names.squashed(f.tokens))  # "UAE" labelled an organisation too
        if not f.places:
            f.places = gazetteer.candidates(f.tokens)
    if gazetteer.states_after_towns:
        read_states_after_towns(forms, gazetteer, {p.article.id: p.article.text for p in parsed})
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
    if gazetteer.backoff:
        back_off(forms, geography.countries, gazetteer.backoff_population, gazetteer.backoff_ratio)
    if gazetteer.unlisted:
        place_unlisted(forms, gazetteer, {p.article.id: p.article.text for p in parsed})
    if gazetteer.within:
        place_by_inner_name(forms, gazetteer, geography, known, [p.article.text for p in parsed])
    name_parts = {t for f in forms if f.kind == "PERSON" and len(f.tokens) > 1 for t in f.tokens}
    for f in forms:
        if f.kind == "PERSON" and f.tokens[0] in name_parts:
            f.place = None  # a name part ("Jordan" of "Steven Lee Jordan") stays a person
        if f.place is not None and f.kind != "PLACE" and _gazetteer_says_place(f, countries):
            f.kind = "PLACE"
            f.gazetteer_place = True
        if f.kind != "PLACE":
            f.place = None
    set_references(forms, gazetteer, geography, known, [p.article.text for p in parsed])
    if gazetteer.unlisted:
        refer_unlisted_sites(forms, {p.article.id: p.article.text for p in parsed})


def _vote(f: Form) -> str:
    """The kind with most votes: NER labels count once, cues `CUE_WEIGHT` times.

    Being the subject of a verb of saying is a person cue for a name spaCy
    labels a person at least once and nothing marks as a place
    (organisations speak too; "Meadow Lake" is a town even as a subject).
    """
    votes = Counter(f.votes)
    votes["PERSON"] += CUE_WEIGHT * (f.person_cues + (f.speaker_cues if _speaks_as_person(f) else 0))
    votes["PLACE"] += CUE_WEIGHT * f.place_cues
    return max(KINDS, key=lambda k: (votes[k], -KINDS.index(k)))


def _speaks_as_person(f: Form) -> bool:
    """True when spaCy labels the form a person at least once and no cue marks it a place."""
    return f.votes["PERSON"] > 0 and f.place_cues == 0


def _gazetteer_says_place(f: Form, countries: Counter) -> bool:
    """Whether a non-place form is really the gazetteer's place.

    A nationality or other label needs a match in one of the story's
    countries; an organisation label needs a place cue, or a country, a
    province or a major city; a person with a title is never retyped.
    """
    place = f.place
    if place is None or f.person_cues or (f.speaker_cues and _speaks_as_person(f)):
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
