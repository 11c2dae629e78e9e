"""Quantities in the story's text, normalised, and the numeric discrepancies between sources."""

from __future__ import annotations


def find_discrepancies(parsed, entities, models):
    """Numeric discrepancies between articles (filled in below)."""
    return []
