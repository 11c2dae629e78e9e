"""The Python API of the contract: `analyze()`, `summarize()` and `check()`.

Models load on the first call and are kept for the life of the process.
"""

from __future__ import annotations

import threading
from typing import Any, Sequence

from newsweave.model import Settings
from newsweave.nlp import Models, load_models

_models: Models | None = None
_lock = threading.Lock()


def models() -> Models:
    """The process's models, loaded once on first use."""
    global _models
    with _lock:
        if _models is None:
            _models = load_models()
        return _models


def analyze(paths_or_articles: Sequence[Any], single_story: bool = False, summary_words: int = 100) -> dict:
    """Analyse paths (files or folders) or JSONL-shaped dicts; the contract's JSON as a dict."""
    from newsweave.pipeline import run

    settings = Settings(single_story=single_story, summary_words=summary_words)
    return run(_as_list(paths_or_articles), models(), settings).to_dict()


def summarize(paths_or_articles: Sequence[Any], words: int = 100) -> str:
    """The summary of all inputs taken as one story: plain sentences, one per line."""
    from newsweave.pipeline import run

    settings = Settings(single_story=True, summary_words=words)
    result = run(_as_list(paths_or_articles), models(), settings)
    if not result.stories:
        return ""
    return "\n".join(s.text for s in result.stories[0].summary)


def check(claim: str, paths_or_articles: Sequence[Any]) -> dict:
    """Each article's stance on `claim` (supports / refutes / discusses / unrelated), a score and the
    evidence sentences; the contract's {"claim", "articles": [...]} as a dict. An empty claim: ValueError."""
    from newsweave.check import check as check_stances

    return check_stances(claim, _as_list(paths_or_articles), models()).to_dict()


def _as_list(items: Any) -> list[Any]:
    """Accept one path or dict as well as a list of them."""
    if isinstance(items, (str, dict)) or hasattr(items, "__fspath__"):
        return [items]
    return list(items)
