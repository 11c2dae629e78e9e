"""The stages of an analysis, in order: the one place that reads that order.

    inputs --read--> RawArticle --clean (page furniture, metadata)--> Article
           --ids--> Article --parse (spaCy, sentences)--> ParsedArticle
           --mark copies--> ParsedArticle --group into stories--> groups
           --date (missing publication dates, from each story's own)--> dated groups
           --analyse each story: entities, claims, timeline, summary--> Story

`run` is that order. Where the heavy steps run is a `Steps` object: `LocalSteps`
in this process (the default), `scale.DaskSteps` on a Dask cluster; both
implement the same three mapped steps (read and clean, parse, analyse) with the
functions below, so the order is never written twice. The store's incremental
path (`store.Store.ingest`) takes the same steps chunk by chunk: `read`,
`clean`, `assign_ids`, copies (`stories.dedup.search_copies`, against what is
stored), `parse`, and for each story that changed `dated_articles` then
`analyze_story`.

Each step is a function of data (and of the loaded `Models` and the run's
`Settings`) that returns data; nothing here imports the edge (`cli`, `api`,
`web`, `scale`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Protocol, Sequence

import numpy as np

from newsweave import claims, clean as cleaning, entities, ingest, metadata, stories, timeline, workers
from newsweave.claims.corroboration import corroboration_of
from newsweave.context import StoryContext
from newsweave.model import Article, Discrepancy, RawArticle, Rejected, Result, Settings, Story
from newsweave.nlp import Models, ParsedArticle, analysed_part, embed_compared_sentences, parse_articles
from newsweave.summary import dispute_sides, main_count, summarize_story, superseded_figures

Progress = Callable[[str, int], None]
NOTHING_LEFT = "nothing left after removing page furniture"


def no_progress(stage: str, n: int) -> None:
    """The progress callback that reports nothing."""
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Articles read and cleaned, and the inputs that were rejected."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]


# -- the steps, in order ---------------------------------------------------------------------


def read(inputs: Sequence[Any], settings: Settings) -> ingest.IngestResult:
    """Step 1: every raw article in `inputs` (paths, folders, JSONL-shaped dicts), and what could not be read."""
    return ingest.read_inputs(inputs, settings)


def clean(raws: Iterable[RawArticle]) -> Prepared:
    """Step 2: each raw article cleaned of page furniture, with title, outlet and date; empty ones rejected."""
    articles, rejected = [], []
    for raw in raws:
        article = prepare_article(raw)
        if article.text.strip():
            articles.append(article)
        else:
            rejected.append(Rejected(raw.path or raw.id or "<input>", NOTHING_LEFT))
    return Prepared(tuple(articles), tuple(rejected))


def read_and_clean(inputs: Sequence[Any], settings: Settings) -> Prepared:
    """Steps 1 and 2 (`read`, `clean`) over `inputs`, without ids: a partition of a run can do them alone."""
    raw = read(inputs, settings)
    cleaned = clean(raw.articles)
    return Prepared(cleaned.articles, (*raw.rejected, *cleaned.rejected))


def prepare(inputs: Sequence[Any], settings: Settings) -> Prepared:
    """Steps 1 to 3 over `inputs`: read, cleaned, and numbered (`assign_ids`)."""
    prepared = read_and_clean(inputs, settings)
    return Prepared(tuple(assign_ids(prepared.articles)), prepared.rejected)


def prepare_article(raw: RawArticle) -> Article:
    """One raw article cleaned of page furniture, with title, outlet and date filled in (no id yet).

    Text beyond `nlp.MAX_ANALYSED_CHARS` is not analysed: it is moved to `removed`, with its reason.
    """
    cleaned = cleaning.clean_text(raw.text, extracted=raw.extracted, title=raw.title)
    meta = metadata.infer_metadata(raw, cleaned)
    text, beyond = analysed_part(cleaned.text)
    return Article(
        id=raw.id or "",
        path=raw.path,
        title=meta.title,
        outlet=meta.outlet,
        url=raw.url,
        published=meta.published,
        published_from=meta.published_from,
        text=text,
        removed=(*cleaned.removed, *beyond),
        author=meta.author,
        archived=raw.archived,
    )


def assign_ids(articles: Iterable[Article], first_number: int = 1,
               taken: Callable[[str], bool] = lambda _: False) -> list[Article]:
    """Step 3: each input keeps its own id (made unique), the others get a{n}, n counting from `first_number`.

    `n` is the article's position among `articles` plus `first_number - 1`, so
    ids depend only on the input order. `taken` says which ids are already in
    use elsewhere (the store's); a clash gets a suffix (``a5-2``).
    """
    out: list[Article] = []
    seen: set[str] = set()
    for n, article in enumerate(articles, start=first_number):
        base = article.id or f"a{n}"
        new_id, k = base, 1
        while new_id in seen or taken(new_id):
            k += 1
            new_id = f"{base}-{k}"
        seen.add(new_id)
        out.append(replace(article, id=new_id) if new_id != article.id else article)
    return out


def parse(articles: Sequence[Article], models: Models) -> list[ParsedArticle]:
    """Step 4: spaCy over the articles, each split into sentences with offsets into its text."""
    return parse_articles(articles, models)


def mark_copies(parsed: Sequence[ParsedArticle]) -> list[ParsedArticle]:
    """Step 5: which articles are copies of another (``duplicate_of``); needs every article of the run."""
    return stories.mark_duplicates(parsed)


def group_stories(parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> list[list[ParsedArticle]]:
    """Step 6: the parsed articles grouped into stories (one group with `single_story`)."""
    if settings.single_story:
        return [list(parsed)]
    return stories.cluster_articles(parsed, models, settings.clustering)


def date_stories(groups: Sequence[Sequence[ParsedArticle]]) -> list[list[ParsedArticle]]:
    """Step 7: each story's articles, missing publication dates inferred from the story's dated reports.

    Per story, not over the whole collection: a story's reports come out
    together, so its own dates are the anchors, and the work grows with the
    story, not with the square of the collection (a mixed day of feeds has
    anchors on many days).
    """
    return [timeline.infer_publication_dates(group) for group in groups]


def analyze_story(story_id: str, parsed: Sequence[ParsedArticle], models: Models, settings: Settings) -> Story:
    """Step 8: everything newsweave says about one story, from its parsed and dated articles."""
    context = StoryContext(tuple(parsed), story_vectors(parsed, models), stories.independent_sources(parsed))
    context = replace(context, entities=tuple(entities.resolve_entities(context.parsed, models)))
    found = claims.analyze_claims(context, models)
    dated = timeline.build_timeline(context)
    summary = summarize_story(context, settings.summary_words, superseded_figures(found.discrepancies),
                              dispute_sides(found.claims, found.propositions), main_count(found.discrepancies),
                              models.salience, models.stance)
    return Story(
        id=story_id,
        title=stories.story_title(context.parsed, context.vectors),
        articles=tuple(p.article.id for p in parsed),
        summary=tuple(summary),
        entities=context.entities,
        claims=tuple(found.claims),
        propositions=tuple(found.propositions),
        discrepancies=tuple(renumber_discrepancies([*found.discrepancies,
                                                    *not_told_already(dated.discrepancies, found.discrepancies)])),
        timeline=tuple(dated.entries),
        corroboration=corroboration_of([p.article for p in parsed]),
        dates=timeline.story_dates(parsed),
    )


def dated_articles(articles: Sequence[Article], models: Models) -> list[ParsedArticle]:
    """Steps 4 and 7 for one stored story: its articles parsed, missing publication dates inferred afresh.

    Dates inferred at an earlier analysis are inferred again from the story as
    it is now, never used as anchors for each other.
    """
    undated = [replace(a, published=None, published_from=None) if a.published_from == "inferred" else a
               for a in articles]
    return date_stories([parse(undated, models)])[0]


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


def not_told_already(timeline_found: Sequence[Discrepancy], claims_found: Sequence[Discrepancy]) -> list[Discrepancy]:
    """The timeline's date discrepancies less those whose every value the claims stage already cites.

    The dates that articles give one event are decided in one place, the claims
    stage (`claims.date_figures`); the timeline gives only publication dates
    that conflict, and one that cites nothing but dates a claims-stage conflict
    already cites is told once, in the claims stage's words.
    """
    cited = {(v.article, v.start, v.end) for d in claims_found if d.kind == "date" for v in d.values}
    return [d for d in timeline_found
            if not all((v.article, v.start, v.end) in cited for v in d.values)]


def renumber_discrepancies(items: list) -> list:
    """Discrepancies from several stages, numbered d1, d2, ... in one sequence."""
    return [replace(d, id=f"d{i}") for i, d in enumerate(items, start=1)]


def in_input_order(parsed: Sequence[ParsedArticle], groups: Sequence[Sequence[ParsedArticle]]) -> tuple[Article, ...]:
    """The articles in input order, as the stories left them (with inferred dates)."""
    final = {p.article.id: p.article for group in groups for p in group}
    return tuple(final.get(p.article.id, p.article) for p in parsed)


# -- where the heavy steps run ---------------------------------------------------------------


class Steps(Protocol):
    """The three steps of `run` that can be spread over processes; `run` decides their order."""

    def read_and_clean(self, inputs: Sequence[Any], settings: Settings) -> Prepared:
        """`read_and_clean` over all inputs, in input order."""

    def parse(self, articles: Sequence[Article]) -> list[ParsedArticle]:
        """`parse` over all articles, in order."""

    def analyze(self, groups: Sequence[tuple[str, Sequence[ParsedArticle]]], settings: Settings,
                progress: Progress) -> list[Story]:
        """`analyze_story` of each (story id, articles), in order."""


@dataclass(frozen=True, slots=True)
class LocalSteps:
    """The steps in this process, with this process's models."""

    models: Models

    def read_and_clean(self, inputs: Sequence[Any], settings: Settings) -> Prepared:
        return read_and_clean(inputs, settings)

    def parse(self, articles: Sequence[Article]) -> list[ParsedArticle]:
        return parse(articles, self.models)

    def analyze(self, groups: Sequence[tuple[str, Sequence[ParsedArticle]]], settings: Settings,
                progress: Progress) -> list[Story]:
        processes = workers.analysis_processes(groups, self.models)
        if processes > 1:  # stories are independent: one forked worker per core (`workers`)
            return workers.analyze_in_processes(groups, self.models, settings, analyze_story, processes, progress)
        out = []
        for n, (story_id, group) in enumerate(groups, start=1):
            out.append(analyze_story(story_id, group, self.models, settings))
            progress("story", n)
        return out


def run(inputs: Sequence[Any], models: Models, settings: Settings, progress: Progress = no_progress,
        steps: Steps | None = None) -> Result:
    """The whole analysis of `inputs` (paths or JSONL-shaped dicts) as a `Result`.

    `models` serve the collection-wide steps (copies, grouping); `steps` run
    the mapped ones (in this process unless given).
    """
    steps = steps or LocalSteps(models)
    prepared = steps.read_and_clean(inputs, settings)
    articles = assign_ids(prepared.articles)
    progress("read", len(articles))
    if not articles:
        return Result((), prepared.rejected, ())
    parsed = mark_copies(steps.parse(articles))
    progress("parsed", len(parsed))
    groups = date_stories(group_stories(parsed, models, settings))
    story_list = steps.analyze([(f"s{n}", group) for n, group in enumerate(groups, start=1)], settings, progress)
    return Result(in_input_order(parsed, groups), prepared.rejected, tuple(story_list))
