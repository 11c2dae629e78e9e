"""Articles and the numeric discrepancies newsweave finds between them, for the tests of claims.numbers."""

from __future__ import annotations

from newsweave.claims import numbers
from newsweave.model import Article, Discrepancy
from newsweave.nlp import embed_sentences, parse_articles


def news_article(text: str, aid: str, published: str | None = None) -> Article:
    """An article of `text` with id `aid`, published on `published` (an ISO day) or undated."""
    return Article(id=aid, path=None, title=None, outlet=None, url=None, published=published,
                   published_from=None, text=text)


def discrepancies_between(models, *arts: Article) -> list[Discrepancy]:
    """The numeric discrepancies of one story of `arts` (no entities), as the claims stage finds them."""
    parsed = parse_articles(list(arts), models)
    return numbers.find_discrepancies(parsed, [], models, embed_sentences(parsed, models))


def rule_discrepancies_between(models, *arts: Article) -> list[Discrepancy]:
    """The discrepancies the hand-written rules alone find in one story of `arts` (no pair model): for
    the tests of what the scope rules tell apart and still flag."""
    parsed = parse_articles(list(arts), models)
    return numbers.find_discrepancies(parsed, [], models, embed_sentences(parsed, models), pair_model=False)
