"""Plain-text files: one article each, left raw for `clean` to tidy."""

from __future__ import annotations

from newsweave.ingest.common import Read, check_article
from newsweave.ingest.decode import decode_bytes
from newsweave.model import RawArticle, Settings


def read_text(data: bytes, source: str, settings: Settings) -> Read:
    """The file as one article: its decoded text, untouched apart from line breaks."""
    text = decode_bytes(data)
    return check_article(RawArticle(id=None, path=source, text=text), source, settings)
