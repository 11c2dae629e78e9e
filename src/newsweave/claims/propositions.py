"""Claims grouped into propositions."""

from __future__ import annotations


def group_propositions(parsed, claims, entities, sources, models):
    """Propositions (filled in below)."""
    return []
