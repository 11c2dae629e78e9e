"""The JSON cards of the shipped learned models: weights with the record of how they were trained.

Each learned model of `newsweave/data/` is one JSON file (its "card": the
weights, the features they are for, the data, split and figures), written by
a script in `train/`. Loaders read it here, so that a missing card (the model
is then off) and a broken one (a clear one-line error) are told alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence


def read_card(path: Path, what: str) -> dict | None:
    """The card at `path` as a dict, or None when the file is absent (the model it holds is then not used).

    `what` names the model in the error a card that cannot be read raises.
    """
    if not path.exists():
        return None
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(f"{what} {path} cannot be read: {e}") from None
    if not isinstance(card, dict):
        raise ValueError(f"{what} {path} is not a JSON object")
    return card


def check_features(card: dict, features: Sequence[str], path: Path, script: str) -> None:
    """Raise a one-line error when a card's weights are for other features than `features` (in order):
    weights of other features would be read against the wrong columns."""
    if list(card.get("features", ())) != list(features):
        raise ValueError(f"{path}: its features are not those of this code; retrain with {script}")
