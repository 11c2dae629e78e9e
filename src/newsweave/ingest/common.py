"""What every reader shares: its result type, its error, and the per-article checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from newsweave.model import RawArticle, Rejected, Settings


@dataclass(frozen=True, slots=True)
class Read:
    """What one reader got from one input: its articles and the parts it had to reject."""

    articles: tuple[RawArticle, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    @classmethod
    def join(cls, parts: Iterable[Read]) -> Read:
        """All articles and rejections of `parts`, in order (one copy, however many parts)."""
        articles: list[RawArticle] = []
        rejected: list[Rejected] = []
        for part in parts:
            articles.extend(part.articles)
            rejected.extend(part.rejected)
        return cls(tuple(articles), tuple(rejected))


class IngestError(Exception):
    """An input that cannot be read; its message is the one-line reason shown to the user."""


def reject(source: str, reason: str) -> Read:
    """A `Read` holding only the rejection of `source`."""
    return Read(rejected=(Rejected(source, reason),))


def one_line(text: str, limit: int = 160) -> str:
    """`text` on one line, shortened to `limit` characters (for reasons built from library errors)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def size_label(n_bytes: int) -> str:
    """A byte count as people read it (5 MB, 120 kB)."""
    if n_bytes >= 1_000_000:
        return f"{n_bytes / 1_000_000:g} MB"
    if n_bytes >= 1_000:
        return f"{n_bytes / 1_000:g} kB"
    return f"{n_bytes} bytes"


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_article(article: RawArticle, source: str, settings: Settings) -> Read:
    """The article itself, or its rejection when its text is empty or over `settings.max_text_bytes`.

    Lone surrogates (JSON's ``"\\ud800"`` decodes to one) are not text and no
    UTF-8 store or output can hold them: in the text and metadata they become
    U+FFFD. The path is left as the OS gave it.
    """
    article = _without_surrogates(article)
    if not article.text.strip():
        return reject(source, "no text")
    size = len(article.text.encode("utf-8", "surrogatepass"))
    if size > settings.max_text_bytes:
        return reject(source, f"text too large: {size:,} bytes (limit {settings.max_text_bytes:,})")
    return Read(articles=(article,))


def _without_surrogates(article: RawArticle) -> RawArticle:
    fields = {name: _SURROGATE.sub("\ufffd", value) for name in ("id", "text", "title", "outlet", "url", "author",
                                                                  "published")
              if isinstance(value := getattr(article, name, None), str) and _SURROGATE.search(value)}
    return replace(article, **fields) if fields else article
