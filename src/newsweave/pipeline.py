"""The stages of an analysis, in order: the one place that reads that order.

    inputs --ingest--> RawArticle --clean+metadata--> Article --nlp--> ParsedArticle
           --stories (duplicates, clustering)--> groups of articles
           --timeline (missing publication dates, from each story's own)--> dated groups
           --per story: entities, claims/propositions/discrepancies, timeline, summary--> Story

Each stage is a function of data (and of the loaded `Models` and the run's
`Settings`) that returns data. The edge (`cli`, `api`, `web`) builds the
settings and the models and calls `run()`; nothing here imports the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from newsweave import claims, clean, entities, ingest, metadata, stories, timeline
from newsweave.model import Article, RawArticle, Rejected, Result, Settings, Story
from newsweave.nlp import Models, ParsedArticle, embed_compared_sentences, parse_articles
# `newsweave.summarize` is also the API function's name: import the stage function directly.
from newsweave.summarize import summarize_story

Progress = Callable[[str, int], None]


def _no_progress(stage: str, n: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Articles read and cleaned, and the inputs that were rejected."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]


def prepare(inputs: Sequence[Any], settings: Settings) -> Prepared:
    """Read every input, clean each article, fill its metadata, and give it its id."""
    prepared = prepare_unnumbered(inputs, settings)
    return Prepared(tuple(assign_ids(prepared.articles)), prepared.rejected)


def prepare_unnumbered(inputs: Sequence[Any], settings: Settings) -> Prepared:
    """`prepare` without the ids, for a partition of a larger input (ids need the whole order)."""
    read = ingest.read_inputs(inputs, settings)
    articles, rejected = [], list(read.rejected)
    for raw in read.articles:
        article = prepare_article(raw)
        if article.text.strip():
            articles.append(article)
        else:
            rejected.append(Rejected(raw.path or raw.id or "<input>", "nothing left after removing page furniture"))
    return Prepared(tuple(articles), tuple(rejected))


def prepare_article(raw: RawArticle) -> Article:
    """One raw article cleaned of page furniture, with title, outlet and date filled in."""
    cleaned = clean.clean_text(raw.text, extracted=raw.extracted, title=raw.title)
    meta = metadata.infer_metadata(raw, cleaned)
    return Article(
        id=raw.id or "",
        path=raw.path,
        title=meta.title,
        outlet=meta.outlet,
        url=raw.url,
        published=meta.published,
        published_from=meta.published_from,
        text=cleaned.text,
        removed=cleaned.removed,
        author=meta.author,
    )


def assign_ids(articles: Iterable[Article]) -> list[Article]:
    """Keep each input's own id (made unique), give the others a1, a2, ... in input order."""
    out: list[Article] = []
    seen: set[str] = set()
    for n, article in enumerate(articles, start=1):
        base = article.id or f"a{n}"
        new_id, k = base, 1
        while new_id in seen:
            k += 1
            new_id = f"{base}-{k}"
        seen.add(new_id)
        out.append(replace(article, id=new_id) if new_id != article.id else article)
    return out


def analyze_story(story_id: str, parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> Story:
    """Everything newsweave says about one story, from its parsed articles."""
    vectors = story_vectors(parsed, models)
    sources = stories.independent_sources(parsed)
    ents = entities.resolve_entities(parsed, models, settings)
    found = claims.analyze_claims(parsed, ents, vectors, sources, models, settings)
    dated = timeline.build_timeline(parsed, ents, vectors, settings)
    summary = summarize_story(parsed, vectors, sources, settings.summary_words, settings)
    return Story(
        id=story_id,
        title=stories.story_title(parsed, vectors),
        articles=tuple(p.article.id for p in parsed),
        summary=tuple(summary),
        entities=tuple(ents),
        claims=tuple(found.claims),
        propositions=tuple(found.propositions),
        discrepancies=tuple(renumber_discrepancies([*found.discrepancies, *dated.discrepancies])),
        timeline=tuple(dated.entries),
        dates=timeline.story_dates(parsed),
    )


def story_vectors(parsed: Sequence[ParsedArticle], models: Models) -> dict[tuple[str, int], np.ndarray]:
    """Sentence vectors of a story with several articles; none for a one-article story.

    The vectors tell which statements of different articles say the same thing
    (support, citations, propositions, one event's dates). An article alone
    has nothing to be compared with, and the embedder is most of the cost of
    an analysis: in a day of feeds, most stories are one report. In a larger
    story, only sentences that another article says something close to go
    through MiniLM (`nlp.embed_compared_sentences`).
    """
    return embed_compared_sentences(parsed, models) if len(parsed) > 1 else {}


def renumber_discrepancies(items: list) -> list:
    """Discrepancies from several stages, numbered d1, d2, ... in one sequence."""
    return [replace(d, id=f"d{i}") for i, d in enumerate(items, start=1)]


def complete_articles(parsed: Sequence[ParsedArticle]) -> list[ParsedArticle]:
    """Facts about each article that need the whole collection: which articles are copies.

    Runs once over all parsed articles, before they are grouped into stories.
    """
    return stories.mark_duplicates(parsed)


def date_stories(groups: Sequence[Sequence[ParsedArticle]]) -> list[list[ParsedArticle]]:
    """Each story's articles, missing publication dates inferred from the story's dated reports.

    Per story, not over the whole collection: a story's reports come out
    together, so its own dates are the anchors, and the work grows with the
    story, not with the square of the collection (a mixed day of feeds has
    anchors on many days).
    """
    return [timeline.infer_publication_dates(group) for group in groups]


def in_input_order(parsed: Sequence[ParsedArticle], groups: Sequence[Sequence[ParsedArticle]]) -> tuple[Article, ...]:
    """The articles in input order, as the stories left them (with inferred dates)."""
    final = {p.article.id: p.article for group in groups for p in group}
    return tuple(final.get(p.article.id, p.article) for p in parsed)


def group_stories(parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> list[list[ParsedArticle]]:
    """The parsed articles grouped into stories (one group with `single_story`)."""
    if settings.single_story:
        return [list(parsed)]
    return stories.cluster_articles(parsed, models, settings)


def run(inputs: Sequence[Any], models: Models, settings: Settings, progress: Progress = _no_progress) -> Result:
    """The whole analysis of `inputs` (paths or JSONL-shaped dicts) as a `Result`."""
    prepared = prepare(inputs, settings)
    progress("read", len(prepared.articles))
    if not prepared.articles:
        return Result((), prepared.rejected, ())
    parsed = complete_articles(parse_articles(prepared.articles, models))
    progress("parsed", len(parsed))
    groups = date_stories(group_stories(parsed, models, settings))
    story_list = []
    for n, group in enumerate(groups, start=1):
        story_list.append(analyze_story(f"s{n}", group, models, settings))
        progress("story", n)
    return Result(in_input_order(parsed, groups), prepared.rejected, tuple(story_list))
