"""A state's abbreviation written right after a town ("Slidell, La.", "Albany, N.Y.") read as that state.

Alone, "La.", "Va.", "Pa." and "Ill." are a town's alternate name or a word
(Los Angeles, a town in Ghana, Chongqing's "Pa", "ill"), so the gazetteer does
not read them as states (`geo.QUALIFIER_ABBREVIATIONS`); the ranker already
reads them as the town's qualifier. Written after "Town, " they are the
state itself, and the parse makes a place of them: such a form's candidates
are the state alone, and it is a place.
"""

from __future__ import annotations

import re
from typing import Sequence

from . import names
from .forms import Form
from .geo import Gazetteer

# A town's name and its comma right before a mention: "Slidell, " of "Slidell, La.".
_TOWN_BEFORE = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}),\s+$")


def read_states_after_towns(forms: Sequence[Form], gazetteer: Gazetteer, texts: dict[str, str]) -> None:
    """Make each form written only as a state's abbreviation after a town that state (see the module docstring).

    `texts` maps article ids to their text. A form is changed only when
    every one of its mentions follows a name the gazetteer knows and a
    comma.
    """
    for f in forms:
        if len(f.tokens) != 1 or not f.mentions or len(f.tokens[0]) > 5:
            continue
        states = gazetteer.qualifier_state(names.squashed(f.tokens))
        if not states or not all(_after_town(texts.get(m.article, ""), m.start, gazetteer) for m in f.mentions):
            continue
        f.places = states
        f.kind = "PLACE"


def _after_town(text: str, start: int, gazetteer: Gazetteer) -> bool:
    """Whether a town the gazetteer knows and a comma stand right before `start` in `text`."""
    before = _TOWN_BEFORE.search(text[max(0, start - 60):start])
    return before is not None and gazetteer.knows(" ".join(names.tokens_of(before.group(1))))
