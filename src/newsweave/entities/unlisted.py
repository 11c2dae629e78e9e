"""Named places the gazetteer lacks (a cathedral, a street, a stadium) placed at the town they lie in.

The gazetteer holds countries, areas and towns; a story also names
buildings, streets, parks and neighbourhoods ("Manila Cathedral", "Eglinton
Avenue West", "Rogers Centre"). Such a place, typed a place by the parse and
with no gazetteer entry at all, is put where the story itself puts it, at
the town's precision ("city", or the area's):

1. a placed town or area of the story named inside its name ("Manila
   Cathedral", "Old Town Manassas");
2. else a placed town or area written right after it ("Kamenne Square in
   Bratislava", "Dulles Airport, Virginia");
3. else, for a name whose last word makes it a building, a street or a
   site (`SITE_HEADS`: "Rogers Centre", "Eglinton Avenue West" ends in
   "west", so its last word but a compass point), the story's own town: the
   placed town or district the story mentions most, at least
   `MAIN_TOWN_MENTIONS` times and more often than any other. A name of
   another kind ("Eastern Ghouta", "West Coast") may be a region far from
   the story's town, and is left unplaced.

An organisation whose name is a site's ("Barclays Center", "Kendale Lakes
Elementary School") and that refers to no place otherwise gets, by the same
three steps, a reference to its town (`located_in`, on `Entity.refers_to`):
it keeps its type and stays off the map, as other references do.

A name that the gazetteer knows (ambiguous, undecided), a continent or world
region, and a demonym stay as they are. The town's entry is copied under a
key of its own, so the place is never merged with its town.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Sequence

from . import names
from .forms import Form
from .geo import Gazetteer, Place
from .references import Reference

# The story's own town must be mentioned this often to stand for the places it does not locate.
MAIN_TOWN_MENTIONS = 2
# Last words of names of buildings, streets and sites: places smaller than the town they lie in.
SITE_HEADS = frozenset({
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive", "way", "square",
    "plaza", "park", "airport", "station", "bridge", "stadium", "arena", "centre", "center", "hall",
    "cathedral", "church", "chapel", "basilica", "mosque", "temple", "synagogue", "museum", "library",
    "hospital", "school", "college", "university", "campus", "castle", "palace", "tower", "prison", "jail",
    "mall", "market", "hotel", "estate", "embassy", "courthouse", "terminal", "pier", "harbour", "harbor",
})
_COMPASS = frozenset({"north", "south", "east", "west"})
# The key prefix of a place placed here (its town's entry under a key of its own).
_OWN_KEY = "in:"
# Kinds of placed form a named place may be located by (a country is too coarse for a building).
_LOCATING_KINDS = frozenset({"city", "district", "province"})
# A place written right after a name: "X in Y", "X at Y", "X near Y", "X, Y".
_AFTER = re.compile(r"\s*(?:,|\bin\b|\bat\b|\bnear\b)\s+(?:the\s+)?((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})")


def place_unlisted(forms: Sequence[Form], gazetteer: Gazetteer, texts: dict[str, str]) -> None:
    """Set `Form.place` of each unlisted place form to the town the story puts it in (see the module docstring).

    `texts` maps article ids to their text (for the words written after a mention).
    """
    placed = located_places(forms)
    if not placed:
        return
    main = main_town(forms)
    demonyms = gazetteer.demonyms()
    for f in forms:
        if f.kind != "PLACE" or f.place is not None or f.places or not f.tokens:
            continue
        key = " ".join(f.tokens)
        if gazetteer.is_region(key) or key in demonyms or gazetteer.knows(key):
            continue
        town = named_inside(f.tokens, placed) or written_after(f, placed, texts) or (main if is_site(f.tokens) else None)
        if town is not None:
            f.place = replace(town, key=f"{_OWN_KEY}{town.key}:{key}")


def refer_unlisted_sites(forms: Sequence[Form], texts: dict[str, str]) -> None:
    """Give each organisation named like a site, with no reference yet, a `located_in` reference to its town."""
    placed = located_places(forms)
    if not placed:
        return
    main = main_town(forms)
    for f in forms:
        if f.kind != "ORG" or f.reference is not None or not f.mentions or not is_site(f.tokens):
            continue
        town = named_inside(f.tokens, placed) or written_after(f, placed, texts) or main
        if town is not None and town.lat is not None:
            f.reference = Reference("located_in", town, town.name.split(",")[0])


def located_places(forms: Sequence[Form]) -> dict[tuple[str, ...], Place]:
    """The story's towns and areas placed from the gazetteer, by their forms' tokens (not places placed here)."""
    return {f.tokens: f.place for f in forms if f.kind == "PLACE" and f.place is not None
            and f.place.kind in _LOCATING_KINDS and not f.place.key.startswith(_OWN_KEY)}


def is_site(tokens: tuple[str, ...]) -> bool:
    """Whether a name of several words ends in a building's, a street's or a site's word (`SITE_HEADS`), a compass point aside."""
    words = [t.rstrip(".") for t in tokens]
    if len(words) > 2 and words[-1] in _COMPASS:
        words = words[:-1]
    return len(words) > 1 and words[-1] in SITE_HEADS


def main_town(forms: Sequence[Form]) -> Place | None:
    """The placed town or district the story mentions most, when it is mentioned often enough and alone at the top."""
    counts: Counter = Counter()
    by_key: dict[str, Place] = {}
    for f in forms:
        if f.kind == "PLACE" and f.place is not None and f.place.kind in ("city", "district") \
                and not f.place.key.startswith(_OWN_KEY):
            counts[f.place.key] += f.count
            by_key[f.place.key] = f.place
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MAIN_TOWN_MENTIONS or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return by_key[ranked[0][0]]


def named_inside(tokens: tuple[str, ...], placed: dict) -> Place | None:
    """The longest run of a name's words that is a placed town or area of the story ("manila" of "manila cathedral")."""
    for n in range(len(tokens) - 1, 0, -1):
        for i in range(len(tokens) - n + 1):
            found = placed.get(tokens[i:i + n])
            if found is not None:
                return found
    return None


def written_after(form: Form, placed: dict, texts: dict[str, str]) -> Place | None:
    """A placed town or area written right after one of the form's mentions ("... in Bratislava"), or None."""
    for m in form.mentions:
        after = _AFTER.match(texts.get(m.article, ""), m.end)
        if after:
            words = names.tokens_of(after.group(1))
            for n in range(len(words), 0, -1):
                found = placed.get(words[:n])
                if found is not None:
                    return found
    return None
