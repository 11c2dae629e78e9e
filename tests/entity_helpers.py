"""Story entities straight from spaCy's mentions, and a story's attributed claims, for tests of the stages that read them."""

from __future__ import annotations

from collections import defaultdict

from newsweave import claims
from newsweave.model import Article, Entity, Span
from newsweave.nlp import parse_articles

_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "OTHER"}


def exact_entities(parsed) -> list[Entity]:
    """One entity per exact name and type of spaCy's mentions: enough where merging is not under test."""
    groups, names = defaultdict(list), {}
    for p in parsed:
        for ent in p.doc.ents:
            if ent.label_ in _TYPES:
                key = (ent.text.lower(), _TYPES[ent.label_])
                groups[key].append(Span(p.article.id, ent.start_char, ent.end_char))
                names.setdefault(key, ent.text)
    return [Entity(f"e{i}", names[k], k[1], (names[k],), tuple(v)) for i, (k, v) in enumerate(groups.items(), 1)]


def attributed_story(models, texts: list[str]):
    """Parsed articles (one an outlet, "Outlet 1", "Outlet 2", ...), their exact entities and their claims."""
    arts = [Article(id=f"a{i}", path=None, title=None, outlet=f"Outlet {i}", url=None, published=None,
                    published_from=None, text=t) for i, t in enumerate(texts, 1)]
    parsed = parse_articles(arts, models)
    ents = exact_entities(parsed)
    found = []
    for p in parsed:
        found.extend(claims.attribute_article(p, ents, start_id=len(found) + 1, cue_model=models.attribution_cues))
    return parsed, ents, found
