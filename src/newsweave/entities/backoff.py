"""A place name the ranker leaves undecided placed at the largest entry of that name.

The learned ranker (`places.rank_place`) abstains when no candidate reaches
its threshold, when two far-apart candidates are nearly as likely (a tie), or
when a small town or a district has no backing in the story. For a name the
text types a place, the plain "largest place of that name" answer (a country
first, else the most populous entry) is right more often than no answer: on
the GeoWebNews train half it is the population baseline's own strength where
newsweave abstained. The fall-back takes it only for a name typed a place;
among the candidates in the countries the story points at, when there are
any; only an entry found by its own name (not an alternate one), at least
`BACKOFF_RATIO` times as populous as any far rival of the name, and of
`BACKOFF_POPULATION` people or more (or a country or a province), so a
village that shares a common word's spelling, or one of two like-sized
namesakes, stays unplaced. A district is the exception to the least
population: the gazetteer's population of an area is its largest town's,
which says little of the area ("South Waziristan Agency": 2,223), so a
district with no far namesake at all, in a country the rest of the story
points at, is taken whatever that figure (on the GeoWebNews train half: 2
more right, none wrong).

The settings were chosen on the GeoWebNews train half under the floor of
`benchmarks/entities.py` (at most 3 wrong geocodes on its hand-annotated
stories): the plain largest entry placed 727 of the train half's 1008
toponyms right (716 without any fall-back) but put 9 of that gold's places
wrong (Washington the state for the city, Chilean towns in Bolivia and
Peru); these settings place 725 right there and 3 wrong on the floor's gold.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from .forms import Form
from .geo import Place, distance_km, story_countries
from .places import FAR_KM

# The least population of a town or district taken by the fall-back; countries and provinces always
# are. With `BACKOFF_RATIO` 2 on the GeoWebNews train half: 0 -> 727 of 1008 right but 7 wrong on
# `benchmarks/entities.py`'s gold (its floor: 3), 10,000 -> 725 and 3 wrong, 100,000 -> 723.
BACKOFF_POPULATION = 10_000
# The largest candidate must be this many times as populous as any far rival of its name (train half,
# no minimum: 1 -> 727 right and 9 wrong on the entities gold, 2 -> 727 and 7 wrong).
BACKOFF_RATIO = 2.0
# A district with no far namesake, in a country the rest of the story points at, is taken whatever its
# top town's population (branch geo6, train half +2 right, 0 wrong); False only to measure it.
DISTRICTS_ALONE = True


def alone(best: Place, places: Sequence[Place]) -> bool:
    """Whether no located candidate of the name lies farther than `places.FAR_KM` from `best`."""
    return all(p.lat is None or distance_km((p.lat, p.lon), (best.lat, best.lon)) <= FAR_KM for p in places)


def largest_place(places: Sequence[Place]) -> Place | None:
    """The population baseline's choice among located candidates: a country, else the most populous entry."""
    located = [p for p in places if p.lat is not None]
    countries = [p for p in located if p.kind == "country"]
    if countries:
        return countries[0]
    return max(located, key=lambda p: p.population, default=None)


def dominant_place(places: Sequence[Place], ratio: float = BACKOFF_RATIO) -> Place | None:
    """The largest candidate (`largest_place`) when it is `ratio` times as populous as every far rival, else None.

    A rival is a located candidate more than `places.FAR_KM` away that neither
    lies inside the largest nor holds it (Washington the state and the city
    are rivals; a town and its province are not). Entries found only by an
    alternate name give way to those found by their own ("Galle" is also a
    spelling of Halle).
    """
    own = [p for p in places if not p.alias] or list(places)
    best = largest_place(own)
    if best is None or best.kind == "country":
        return best
    for p in own:
        if p is best or p.lat is None or p.kind == "country":
            continue
        if best.key in p.areas or p.key in best.areas or distance_km((p.lat, p.lon), (best.lat, best.lon)) <= FAR_KM:
            continue
        if best.population < ratio * p.population:
            return None
    return best


def back_off(forms: Sequence[Form], countries: Counter, minimum: int = BACKOFF_POPULATION,
             ratio: float = BACKOFF_RATIO, within_story: bool = True) -> None:
    """Set the place of every place-typed form the ranker left unplaced to its dominant candidate (see module).

    `countries` are the story's country weights (`places.Geography.countries`).
    """
    for f in forms:
        if f.kind != "PLACE" or f.place is not None or not f.places:
            continue
        places = f.places
        if within_story:  # the candidates in a country the story points at, when there are any
            places = tuple(p for p in places if countries[p.country] > 0) or places
        best = dominant_place(places, ratio)
        if best is None or best.kind == "continent":
            continue
        if best.kind in ("country", "province") or best.population >= minimum:
            f.place = best
        elif DISTRICTS_ALONE and best.kind == "district" and alone(best, f.places) \
                and countries[best.country] > story_countries([(f.places, f.count)])[best.country]:
            f.place = best
