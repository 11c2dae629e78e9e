"""HTML pages: trafilatura's main text and metadata, one article per page."""

from __future__ import annotations

from newsweave.ingest.common import Read, check_article
from newsweave.ingest.decode import decode_bytes
from newsweave.ingest.markup import extract_page
from newsweave.model import RawArticle, Settings


def read_html(data: bytes, source: str, settings: Settings, url: str | None = None) -> Read:
    """The page's main text (paragraphs one per line), title, date, site name, author and URL."""
    page = extract_page(decode_bytes(data, declared=True), url)
    article = RawArticle(
        id=None, path=source, text=page.text, title=page.title, outlet=page.outlet,
        url=page.url, author=page.author, published=page.published, extracted=True,
    )
    return check_article(article, source, settings)
