"""Reading inputs: files, folders and JSONL-shaped dicts become `RawArticle`s.

Bad input never stops a run: each unreadable input becomes a `Rejected` with a
one-line reason, and the rest goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from newsweave.model import RawArticle, Rejected, Settings


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What was read, and what could not be."""

    articles: tuple[RawArticle, ...]
    rejected: tuple[Rejected, ...]


def read_inputs(inputs: Sequence[Any], settings: Settings) -> IngestResult:
    """Every article in `inputs` (paths, folders, or dicts shaped like a JSONL line)."""
    articles: list[RawArticle] = []
    rejected: list[Rejected] = []
    for item in inputs:
        if isinstance(item, dict):
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                rejected.append(Rejected(str(item.get("id", "<dict>")), "no text"))
                continue
            articles.append(RawArticle(id=item.get("id"), path=None, text=text, title=item.get("title"),
                                       outlet=item.get("outlet"), url=item.get("url"),
                                       published=item.get("published")))
            continue
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                rejected.append(Rejected(str(f), f"unreadable: {exc.__class__.__name__}"))
                continue
            if not text.strip():
                rejected.append(Rejected(str(f), "empty file"))
                continue
            articles.append(RawArticle(id=None, path=str(f), text=text))
    return IngestResult(tuple(articles), tuple(rejected))
