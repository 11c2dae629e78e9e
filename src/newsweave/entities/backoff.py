"""A place name the ranker leaves undecided placed at the largest entry of that name.

The learned ranker (`places.rank_place`) abstains when no candidate reaches
its threshold, when two far-apart candidates are nearly as likely (a tie), or
when a small town or a district has no backing in the story. For a name the
text types a place, the plain "largest place of that name" answer (a country
first, else the most populous entry) is right more often than no answer: on
the GeoWebNews train half it is the population baseline's own strength where
newsweave abstained. The fall-back takes it only for a name typed a place,
and only an entry of `BACKOFF_POPULATION` people or more (or a country or a
province), so a village that shares a common word's spelling stays unplaced.
"""

from __future__ import annotations

from typing import Sequence

from .forms import Form
from .geo import Place

# The least population of a town or district taken by the fall-back; countries and provinces always
# are. Chosen on the GeoWebNews train half among 0, 1,000, 10,000 and 100,000 (toponyms right: 724,
# 723, 721, 721 of 1008; without the fall-back 716).
BACKOFF_POPULATION = 0


def largest_place(places: Sequence[Place]) -> Place | None:
    """The population baseline's choice among located candidates: a country, else the most populous entry."""
    located = [p for p in places if p.lat is not None]
    countries = [p for p in located if p.kind == "country"]
    if countries:
        return countries[0]
    return max(located, key=lambda p: p.population, default=None)


def back_off(forms: Sequence[Form], minimum: int = BACKOFF_POPULATION) -> None:
    """Set the place of every place-typed form the ranker left unplaced to its largest candidate (see module).

    The largest of all its candidates, not of those in the story's countries: on the GeoWebNews train
    half the two are level (724 and 723 of 1008 toponyms right), and the plain choice is the baseline's.
    """
    for f in forms:
        if f.kind != "PLACE" or f.place is not None or not f.places:
            continue
        best = largest_place(f.places)
        if best is None or best.kind == "continent":
            continue
        if best.kind in ("country", "province") or best.population >= minimum:
            f.place = best
