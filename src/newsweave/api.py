"""The Python API of the contract: `analyze()`, `summarize()` and `check()`.

The contract asks that models load once per process and be reused across
calls, so this module holds the one process-wide `Models` of the API
(`shared_models()`, loaded on first use). Everything below the API takes its
models as an argument; the CLI and the web app get theirs from here.
"""

from __future__ import annotations

import threading
from typing import Any, Sequence

from newsweave.model import Settings
from newsweave.nlp import Models, load_models


class _LoadOnce:
    """Loads `Models` on the first `get()` and returns the same object afterwards (thread-safe)."""

    def __init__(self) -> None:
        self._models: Models | None = None
        self._lock = threading.Lock()

    def get(self) -> Models:
        with self._lock:
            if self._models is None:
                self._models = load_models()
            return self._models


_SHARED = _LoadOnce()


def shared_models() -> Models:
    """The API's models, loaded once per process on first use (the CLI and the web app use them too)."""
    return _SHARED.get()


def analyze(paths_or_articles: Sequence[Any], single_story: bool = False, summary_words: int = 100) -> dict:
    """Analyse paths (files or folders) or JSONL-shaped dicts; the contract's JSON as a dict."""
    from newsweave.pipeline import run

    settings = Settings(single_story=single_story, summary_words=summary_words)
    return run(as_inputs(paths_or_articles), shared_models(), settings).to_dict()


def summarize(paths_or_articles: Sequence[Any], words: int = 100) -> str:
    """The summary of all inputs taken as one story: plain sentences, one per line."""
    from newsweave.pipeline import run

    settings = Settings(single_story=True, summary_words=words)
    result = run(as_inputs(paths_or_articles), shared_models(), settings)
    if not result.stories:
        return ""
    return "\n".join(s.text for s in result.stories[0].summary)


def check(claim: str, paths_or_articles: Sequence[Any]) -> dict:
    """Each article's stance on `claim` (supports / refutes / discusses / unrelated), a score and the
    evidence sentences; the contract's {"claim", "articles": [...]} as a dict. An empty claim: ValueError."""
    from newsweave.claim_check import check as check_stances

    return check_stances(claim, as_inputs(paths_or_articles), shared_models()).to_dict()


def as_inputs(items: Any) -> list[Any]:
    """One path or dict, or a list of them, as the list the pipeline reads."""
    if isinstance(items, (str, dict)) or hasattr(items, "__fspath__"):
        return [items]
    return list(items)
