"""Places that non-place entities point at: a demonym's country, the place named inside a name.

"Russian troops" names no place, yet a reader wants to know the country;
"Illinois Department of Public Health" is an organisation, and Illinois is
where it works. Neither becomes a place of the story (they stay off the map
and keep their type); each gets a reference to the place it points at
(`model.PlaceReference`, on `Entity.refers_to`):

- ``demonym``: a form whose words are a national demonym (countryinfo's, its
  plural too) refers to that country. Peoples of no one country ("Kurdish",
  "Arab", "European") refer to none.
- ``named_in``: in the name of an organisation (or of an event, a law, a
  work), a run of capitalised words that names a place: the story's own
  place of those words when it placed one (its geocode in context), else the
  ranker's choice in the story's geography among the gazetteer's countries
  (anywhere in the name: "HSBC Bank Malta"), and, where the run opens the
  name, follows "of", "in", "for", "at" or a hyphen, or ends the name ("Star
  India"), its provinces, and its towns and districts of `NAMED_TOWN` people
  or more in a country the story names (elsewhere a town of `WORLD_CITY`),
  by their own name (not another name of theirs), and not a name that
  provinces of `GENERIC_AREA_COUNTRIES` countries share ("Central"), nor a word the
  story also writes in lower case. A demonym anywhere in the name refers to
  its country ("Syrian Observatory for Human Rights", "BBC Russian Service"),
  unless a hyphen binds it to a word before ("Inter-American") or a region's
  word stands before it ("Central American", "North American"). A person's
  name is never read so ("Jack London") unless its last word heads an
  organisation's ("Maryland State Police"); a single word labelled a person
  that is a demonym, with no title, is a nationality ("Slovak"); nor a name that is nothing but
  the place, nor a word with a possessive ("Victoria's Secret").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

from newsweave.model import Entity, PlaceReference

from . import names
from .forms import Form
from .geo import Gazetteer, Place
from .places import Geography, rank_place

# A town named inside an organisation's name must be this large to be read as a place without the
# story naming it as one ("Bolton Wanderers", "Seattle Seahawks"; not every village called "General").
# A town or district inside a name is read only in a country the story names, unless it is
# `WORLD_CITY` large ("Chicago Tribune", "Buffalo Bisons" anywhere). Both chosen on the GeoWebNews
# train half, whole pipeline, toponyms right of 1008 (branch geo6; NAMED_TOWN / WORLD_CITY):
# 10k/100k 734, 10k/300k 733, 10k/1M 733, 30k/100k 734, 30k/300k 733, 30k/1M 733, 100k/100k 732,
# 100k/300k 731, 100k/1M 731 (the setting before); the tie taken at the larger town.
NAMED_TOWN = 30_000
WORLD_CITY = 100_000
# Provinces of this many countries share the name: a generic word ("Central", "Eastern"), not a place.
GENERIC_AREA_COUNTRIES = 3
# Words after which a place opens the rest of a name: "University of California", "Bank of England".
_BEFORE_PLACE = frozenset({"of", "in", "for", "at"})
_WORD = re.compile(r"[^\W_][\w.'’&]*")
_HYPHEN = re.compile(r"[-‐‑–]")
# Words that make a demonym after them a region's adjective: "Central American", "North American" and
# "Latin American" are no American (United States) thing.
_REGION_WORDS = frozenset({"central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
                           "latin"})
# Prefixes that keep a demonym's country: "anti-Russian", "All-American" ("Inter-American" does not).
_PREFIXES = frozenset({"anti", "pro", "all", "non", "ex"})
# Head nouns of organisations' names: a name ending in one is no person's even when labelled one
# ("Maryland State Police", "the Lagos Chamber of Commerce").
ORG_HEADS = frozenset({
    "police", "department", "ministry", "office", "agency", "service", "services", "commission", "committee",
    "council", "court", "university", "college", "school", "institute", "association", "federation", "union",
    "chamber", "bank", "company", "corporation", "authority", "board", "party", "army", "navy", "guard",
    "club", "hospital", "museum", "foundation", "society", "organisation", "organization",
})
MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Reference:
    """A form's reference while entities are built: how, to which gazetteer entry, through which words."""

    relation: str  # "demonym" | "named_in"
    place: Place
    text: str


def set_references(forms: Sequence[Form], gazetteer: Gazetteer, geography: Geography, known: frozenset[str],
                   texts: Sequence[str] = ()) -> None:
    """Give every non-place form the place it refers to (`Form.reference`), if any.

    A demonym typed a place ("Emirati" handler) with no gazetteer entry is
    retyped OTHER: a nationality is not a place, it refers to one. `texts`
    are the story's articles: a word they also write in lower case
    ("central", "federal") is a common word inside a name, not a place.
    """
    demonyms = gazetteer.demonyms()
    lower = frozenset(w for t in texts for w in re.findall(r"\b[a-z]{3,}\b", t))
    placed = {f.tokens: f.place for f in forms if f.kind == "PLACE" and f.place is not None}
    for f in forms:
        key = " ".join(f.tokens)
        if f.kind == "PLACE" and f.place is None and demonyms.get(key) is not None:  # "the British city of"
            f.kind = "OTHER"
        nationality = len(f.tokens) == 1 and bool(demonyms.get(key)) and not f.person_cues  # "Slovak" labelled a person
        if f.kind == "PLACE" or not f.mentions or (f.kind == "PERSON" and f.tokens[-1] not in ORG_HEADS
                                                   and not nationality):
            continue
        f.reference = demonym_reference(f, gazetteer) or named_in_reference(f, gazetteer, geography, known, placed,
                                                                            lower)


def demonym_reference(form: Form, gazetteer: Gazetteer) -> Reference | None:
    """The country a form's demonym refers to ("russian" -> Russia), or None.

    A hyphenated word refers through its first part when that is a demonym
    ("Russian-backed", the "Syrian" of "Syrian-Turkish"), or through the part
    after "anti", "pro", "all" or "non" ("anti-Russian", "All-American"); not
    otherwise ("Inter-American" is no American thing).
    """
    demonyms = gazetteer.demonyms()
    surface = _most_used_text(form)
    code = demonyms.get(" ".join(form.tokens))
    text = surface
    if code is None and form.kind != "PERSON" and _HYPHEN.search(surface):
        parts = _HYPHEN.split(surface)
        if parts[0].lower() in _PREFIXES and len(parts) > 1:
            parts = parts[1:]
        code = demonyms.get(" ".join(names.tokens_of(parts[0])))
        text = parts[0]
    country = gazetteer.country(code) if code else None
    if country is None and gazetteer.continents:  # "European", "EU": the continent, when continents are placed
        country = gazetteer.continent_of_word(" ".join(form.tokens))
    if country is None or country.lat is None:
        return None
    return Reference("demonym", country, text)


def named_in_reference(form: Form, gazetteer: Gazetteer, geography: Geography, known: frozenset[str],
                       placed: dict, lower: frozenset[str] = frozenset()) -> Reference | None:
    """The place named inside the form's name (see the module docstring), or None."""
    surface = _most_used_text(form)
    words = [(m.group(), m.start()) for m in _WORD.finditer(surface)]
    if len(words) < 2:
        return None
    demonyms = gazetteer.demonyms()
    for i in range(len(words)):
        gap = surface[words[i - 1][1] + len(words[i - 1][0]):words[i][1]] if i else ""
        hyphenated = _HYPHEN.fullmatch(gap.strip() or " ") is not None
        opens = i == 0 or words[i - 1][0].lower() in _BEFORE_PLACE or (i == 1 and words[0][0].lower() == "the") \
            or hyphenated or "/" in gap
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            run = words[i:i + n]
            ends = i + n == len(words)
            if len(run) == len(words) or not all(w[:1].isupper() for w, _ in run):
                continue
            text = surface[run[0][1]:run[-1][1] + len(run[-1][0])]
            tokens = names.tokens_of(text)
            if not tokens or any(t in names.FUNCTION_WORDS for t in tokens):
                continue
            code = demonyms.get(" ".join(tokens))
            if code and i and words[i - 1][0].lower() in _REGION_WORDS and not gap.strip():
                continue  # "Central American migrants": a region's people, not the United States'
            continent = gazetteer.continent_of_word(" ".join(tokens)) if gazetteer.continents else None
            if continent is not None and not (hyphenated and words[i - 1][0].lower() not in _PREFIXES):
                return Reference("named_in", continent, text)  # "European Central Bank", with continents on
            if code and hyphenated and words[i - 1][0].lower() not in _PREFIXES:
                continue  # "Inter-American Development Bank"
            if code:
                country = gazetteer.country(code)
                if country is not None and country.lat is not None:
                    return Reference("named_in", country, text)
                continue
            if len(tokens) == 1 and tokens[0] in lower:
                continue  # "Central Valley Baptist Church", "Federal Government": a common word
            if names.place_core(tokens) != tokens and not gazetteer.lookup(" ".join(tokens)):
                continue  # "Maryland State" is read as "Maryland", one word shorter
            owner = re.search(r"['’]s$", run[-1][0]) is not None  # "Victoria's Secret": someone's, not a place
            place = placed.get(tokens) or _named_place(tokens, gazetteer, geography, known, (opens or ends) and not owner)
            if place is not None and place.lat is not None:
                return Reference("named_in", place, text)
    return None


def _named_place(tokens: tuple[str, ...], gazetteer: Gazetteer, geography: Geography,
                 known: frozenset[str], at_edge: bool) -> Place | None:
    """The ranker's choice for a place name inside another name, among large enough entries.

    A country may stand anywhere in the name ("HSBC Bank Malta plc"); an area
    or a town only at an edge: opening it, after "of" or a hyphen, or ending it.
    """
    if len(tokens) == 1 and len(tokens[0]) <= 3:
        candidates = gazetteer.lookup_code(names.squashed(tokens))  # "US Army", "UK Border Force"
    else:
        candidates = gazetteer.candidates(tokens)
    query = " ".join(tokens)
    areas = {p.country for p in candidates if p.kind == "province"}
    if len(areas) >= GENERIC_AREA_COUNTRIES:
        candidates = tuple(p for p in candidates if p.kind == "country")  # "Central", "Eastern": no one place
    candidates = tuple(p for p in candidates if names.normalize(p.name.split(",")[0]) == query or p.kind == "country")
    candidates = tuple(p for p in candidates if p.kind == "country" or (at_edge and (
        p.kind == "province" or (p.kind in ("city", "district") and p.population >= NAMED_TOWN
                                 and (geography.countries[p.country] > 0 or p.population >= WORLD_CITY)))))
    if not candidates:
        return None
    probe = Form(index=-1, tokens=tokens, places=candidates)
    return rank_place(probe, geography, None, known, gazetteer.ranker)


def _most_used_text(form: Form) -> str:
    """The form's most used spelling."""
    return Counter(m.text for m in form.mentions).most_common(1)[0][0]


def with_references(entities: list[Entity], members: Sequence[Sequence[Form]]) -> list[Entity]:
    """The entities with `refers_to` set from their forms' references (the most mentioned form's).

    A reference names the story's PLACE entity for its place when there is one.
    A demonym that its cues typed a place ("the British city of Salisbury":
    "city" after it) and that has no point becomes OTHER with its reference.
    """
    place_ids = {}
    for entity, forms in zip(entities, members):
        if entity.type == "PLACE":
            for f in forms:
                if f.place is not None:
                    place_ids.setdefault(f.place.key, entity.id)
    out = []
    for entity, forms in zip(entities, members):
        refs = [f for f in forms if f.reference is not None]
        demonym = entity.type == "PLACE" and entity.geo is None and bool(refs) \
            and all(f.kind == "OTHER" and f.reference is not None for f in forms)  # "the British city of"
        if (entity.type == "PLACE" and not demonym) or not refs:
            out.append(entity)
            continue
        ref = max(refs, key=lambda f: f.count).reference
        out.append(replace(entity, type="OTHER" if demonym else entity.type, refers_to=PlaceReference(
            relation=ref.relation, name=ref.place.name, text=ref.text, geo=ref.place.geo(),
            place=place_ids.get(ref.place.key))))
    return out
