"""Who claims what: attributed claims, propositions, disputes and numeric discrepancies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from newsweave.model import Claim, Discrepancy, Entity, Proposition, Settings
from newsweave.nlp import Models, ParsedArticle


@dataclass(frozen=True, slots=True)
class ClaimsResult:
    """The story's claims, the propositions they group into, and numeric discrepancies."""

    claims: tuple[Claim, ...]
    propositions: tuple[Proposition, ...]
    discrepancies: tuple[Discrepancy, ...]


def analyze_claims(parsed: Sequence[ParsedArticle], entities: Sequence[Entity],
                   vectors: Mapping[tuple[str, int], np.ndarray], sources: Mapping[str, str],
                   models: Models, settings: Settings) -> ClaimsResult:
    """Claims with attribution, grouped into propositions with a status, and number conflicts."""
    return ClaimsResult((), (), ())
