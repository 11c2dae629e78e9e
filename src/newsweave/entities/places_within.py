"""Place names the gazetteer lacks, placed at the country, area or town their own words name.

"South Florida", "South Venezuela", "Kansas City Southern", "Lake Manassas"
and "British Embassy Tokyo" are typed places by the parse, and no gazetteer
entry bears the whole name; each holds a place the gazetteer does know.
When `unlisted.place_unlisted` finds no town of the story for such a name,
it is put at the place its words name, read exactly as the place inside an
organisation's name is (`references.named_in_reference`: a country anywhere
in the name; an area, or a town large enough, only opening or ending it),
at that place's precision (not through a demonym: "British Embassy Tokyo"
is no place in Britain). A name that is a world region ("Middle East"),
a demonym, or any gazetteer entry (an undecided namesake) stays as it is.
The place is copied under a key of its own, so it never merges with the
place it is put at.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from . import names
from .forms import Form
from .geo import Gazetteer
from .places import Geography
from .references import named_in_reference

# The key prefix of a place placed here (its inner place's entry under a key of its own).
_OWN_KEY = "within:"


def place_by_inner_name(forms: Sequence[Form], gazetteer: Gazetteer, geography: Geography,
                        known: frozenset[str], texts: Sequence[str] = ()) -> None:
    """Set `Form.place` of each unplaced place form the gazetteer lacks to the place its words name (see module).

    `texts` are the story's articles: a word they also write in lower case is
    a common word inside the name, not a place ("Central", "Federal").
    """
    demonyms = gazetteer.demonyms()
    lower = frozenset(w for t in texts for w in re.findall(r"\b[a-z]{3,}\b", t))
    placed = {f.tokens: f.place for f in forms if f.kind == "PLACE" and f.place is not None}
    for f in forms:
        if f.kind != "PLACE" or f.place is not None or f.places or len(f.tokens) < 2 or not f.mentions:
            continue
        key = " ".join(f.tokens)
        if gazetteer.is_region(key) or key in demonyms or gazetteer.knows(key):
            continue
        ref = named_in_reference(f, gazetteer, geography, known, placed, lower)
        if ref is None or ref.place.lat is None or ref.place.kind == "continent":
            continue
        if " ".join(names.tokens_of(ref.text)) in demonyms:
            continue  # "British Embassy Tokyo": a demonym qualifies the place, it does not locate it
        f.place = replace(ref.place, key=f"{_OWN_KEY}{ref.place.key}:{key}")
