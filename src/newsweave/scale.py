"""Running the pipeline on a Dask cluster, for corpora that outgrow one process.

newsweave grows no scheduler of its own: `dask.distributed` runs the same
stage functions as `pipeline.run`, in three mapped steps with two cheap
collection-wide steps between them, on the client:

1. read, clean and fill metadata (`pipeline.prepare_unnumbered`), mapped over
   partitions of the inputs (files, or slices of a list of dicts);
2. *client*: number the articles in input order (`pipeline.assign_ids`);
3. spaCy over partitions of articles (`nlp.parse_articles`), with the
   title-and-lead vectors that clustering needs; the parsed docs travel back
   as a compact `DocBin`, the vectors seed the client's embedder cache;
4. *client*: duplicates (`pipeline.complete_articles`) and story clustering
   (`pipeline.group_stories`), which need every article, then each story's
   missing publication dates (`pipeline.date_stories`);
5. per-story analysis (`pipeline.analyze_story`), mapped over stories.

Models load once per worker, through a worker plugin. Results come back
through futures, so a worker killed mid-run only makes Dask run its tasks
again elsewhere: every article appears once.

Limits: clustering runs on the client over all articles' title-and-lead
vectors (cheap next to parsing, but it holds every parsed doc in the client's
memory); a corpus that does not fit one machine's memory needs the store's
incremental path per shard instead.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from newsweave.model import Article, Result, Settings, Story
from newsweave.nlp import Models, ParsedArticle, load_models

_MODELS_ATTR = "newsweave_models"


def _models_plugin():
    """A Dask worker plugin that loads newsweave's models once per worker process."""
    from distributed import WorkerPlugin

    class ModelsPlugin(WorkerPlugin):
        name = "newsweave-models"

        def setup(self, worker) -> None:
            setattr(worker, _MODELS_ATTR, load_models(threads=_worker_threads(worker), parse_processes=1))

        def teardown(self, worker) -> None:
            if hasattr(worker, _MODELS_ATTR):
                delattr(worker, _MODELS_ATTR)

    return ModelsPlugin()


def attach_models(client) -> None:
    """Have every worker of `client`, present and future, load the models once."""
    loaded = client.run(lambda dask_worker: hasattr(dask_worker, _MODELS_ATTR))
    if not loaded or not all(loaded.values()):
        client.register_plugin(_models_plugin(), name="newsweave-models")


def _worker_threads(worker) -> int:
    """The threads Dask gave this worker: its embedder uses no more cores than that."""
    return max(1, worker.state.nthreads)


def _worker_models() -> Models:
    """The models of the worker this task runs on (loaded by `ModelsPlugin`)."""
    from distributed import get_worker

    worker = get_worker()
    models = getattr(worker, _MODELS_ATTR, None)
    if models is None:  # the plugin was registered after this worker started
        models = load_models(threads=_worker_threads(worker), parse_processes=1)
        setattr(worker, _MODELS_ATTR, models)
    return models


@dataclass(frozen=True, slots=True)
class PackedArticles:
    """Parsed articles made small enough to travel: articles, sentences and a `DocBin`."""

    articles: tuple[Article, ...]
    sentences: tuple[tuple, ...]
    docs: bytes


def pack(parsed: Sequence[ParsedArticle]) -> PackedArticles:
    """Parsed articles as a picklable bundle (spaCy docs serialised together)."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    for p in parsed:
        docbin.add(p.doc)
    return PackedArticles(tuple(p.article for p in parsed), tuple(p.sentences for p in parsed), docbin.to_bytes())


def unpack(packed: PackedArticles, models: Models) -> list[ParsedArticle]:
    """The parsed articles back, their docs bound to this process's vocabulary."""
    from spacy.tokens import DocBin

    docs = DocBin().from_bytes(packed.docs).get_docs(models.spacy.vocab)
    return [ParsedArticle(a, doc, sents) for a, doc, sents in zip(packed.articles, docs, packed.sentences)]


def _prepare_task(items: list[Any], settings: Settings):
    from newsweave.pipeline import prepare_unnumbered

    return prepare_unnumbered(items, settings)


def _parse_task(articles: list[Article]) -> tuple[PackedArticles, list[str], np.ndarray]:
    """Parsed articles, and the title-and-lead vectors that story clustering will ask for."""
    from newsweave.nlp import parse_articles
    from newsweave.stories.cluster import lead_text

    models = _worker_models()
    parsed = parse_articles(articles, models)
    leads = [lead_text(p) for p in parsed]
    return pack(parsed), leads, models.embedder.encode(leads)


def _story_task(story_id: str, packed: PackedArticles, settings: Settings) -> Story:
    from newsweave.pipeline import analyze_story

    models = _worker_models()
    return analyze_story(story_id, unpack(packed, models), models, settings)


def expand_inputs(inputs: Sequence[Any]) -> list[Any]:
    """Folders replaced by their files, in the order the readers walk them."""
    from newsweave import ingest

    expand = getattr(ingest, "expand_paths", None)
    if expand is not None:
        return list(expand(inputs))
    out: list[Any] = []
    for item in inputs:
        if isinstance(item, (str, os.PathLike)) and Path(item).is_dir():
            out.extend(str(p) for p in sorted(Path(item).rglob("*")) if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(item).parts))
        else:
            out.append(item)
    return out


def partitions(items: Sequence[Any], n: int) -> list[list[Any]]:
    """`items` cut into at most `n` contiguous slices of near-equal size, order kept."""
    n = max(1, min(n, len(items)))
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return [p for p in out if p]


def run_on_cluster(inputs: Sequence[Any], client, models: Models, settings: Settings,
                   partitions_per_worker: int = 4) -> Result:
    """The same `Result` as `pipeline.run`, with the heavy steps run by a Dask client.

    `models` are the client's own, used for the collection-wide steps.
    """
    from newsweave.pipeline import assign_ids, complete_articles, date_stories, group_stories, in_input_order

    attach_models(client)
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    n_parts = n_workers * partitions_per_worker

    items = expand_inputs(inputs)
    prepared = client.gather(client.map(_prepare_task, partitions(items, n_parts), settings=settings, pure=False))
    rejected = tuple(r for p in prepared for r in p.rejected)
    articles = assign_ids(a for p in prepared for a in p.articles)
    if not articles:
        return Result((), rejected, ())

    parsed_parts = client.gather(client.map(_parse_task, partitions(articles, n_parts), pure=False))
    for _, leads, vectors in parsed_parts:
        # The client's clustering then finds every lead already embedded.
        models.embedder.remember(leads, vectors)
    parsed = complete_articles([p for bundle, _, _ in parsed_parts for p in unpack(bundle, models)])
    groups = date_stories(group_stories(parsed, models, settings))
    futures = [client.submit(_story_task, f"s{n}", pack(group), settings, pure=False)
               for n, group in enumerate(groups, start=1)]
    stories = client.gather(futures)
    return Result(in_input_order(parsed, groups), rejected, tuple(stories))


def local_client(workers: int | None):
    """A client on a new `LocalCluster` of `workers` processes (default: one per core)."""
    from distributed import Client, LocalCluster

    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    return Client(cluster)


def remote_client(address: str):
    """A client on an existing Dask cluster at `address` (tcp://HOST:PORT)."""
    from distributed import Client

    return Client(address)


