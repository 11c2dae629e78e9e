"""Running the pipeline on a Dask cluster, for corpora that outgrow one process.

newsweave grows no scheduler of its own: `run_on_cluster` is `pipeline.run`
with `DaskSteps`, which spread its three mapped steps over the workers, while
the collection-wide steps between them (ids, copies, grouping, dating) run on
the client, in the order `pipeline.run` gives:

- read and clean (`pipeline.read_and_clean`: read, clean, metadata), mapped over partitions
  of the inputs (files, or slices of a list of dicts);
- parse (`pipeline.parse`), mapped over partitions of articles, with the
  title-and-lead vectors that clustering needs; the parsed docs travel back
  as a compact `DocBin`, the vectors seed the client's embedder cache;
- analyse (`pipeline.analyze_story`), one task per story.

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
from typing import Any, Sequence

import numpy as np

from newsweave.ingest import expand_paths
from newsweave.model import Article, Result, Settings, Story
from newsweave.nlp import Models, ParsedArticle, load_models
from newsweave.pipeline import Prepared, Progress, no_progress, run

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


def _prepare_task(items: list[Any], settings: Settings) -> Prepared:
    from newsweave.pipeline import read_and_clean

    return read_and_clean(items, settings)


def _parse_task(articles: list[Article]) -> tuple[PackedArticles, list[str], np.ndarray]:
    """Parsed articles, and the title-and-lead vectors that story clustering will ask for."""
    from newsweave.pipeline import parse
    from newsweave.stories.cluster import lead_text

    models = _worker_models()
    parsed = parse(articles, models)
    leads = [lead_text(p) for p in parsed]
    return pack(parsed), leads, models.embedder.encode(leads)


def _story_task(story_id: str, packed: PackedArticles, settings: Settings) -> Story:
    from newsweave.pipeline import analyze_story

    models = _worker_models()
    return analyze_story(story_id, unpack(packed, models), models, settings)


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


@dataclass
class DaskSteps:
    """`pipeline.Steps` on a Dask client: each mapped step spread over the workers, results in order.

    `models` are the client's own: parsed docs come back bound to their
    vocabulary, and the lead vectors the workers computed seed their embedder.
    """

    client: Any
    models: Models
    partitions_per_worker: int = 4

    def _parts(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {}))) * self.partitions_per_worker

    def read_and_clean(self, inputs: Sequence[Any], settings: Settings) -> Prepared:
        items = expand_paths(inputs)
        done = self.client.gather(self.client.map(_prepare_task, partitions(items, self._parts()),
                                                  settings=settings, pure=False))
        return Prepared(tuple(a for p in done for a in p.articles), tuple(r for p in done for r in p.rejected))

    def parse(self, articles: Sequence[Article]) -> list[ParsedArticle]:
        done = self.client.gather(self.client.map(_parse_task, partitions(articles, self._parts()), pure=False))
        for _, leads, vectors in done:
            # The client's clustering then finds every lead already embedded.
            self.models.embedder.remember(leads, vectors)
        return [p for bundle, _, _ in done for p in unpack(bundle, self.models)]

    def analyze(self, groups: Sequence[tuple[str, Sequence[ParsedArticle]]], settings: Settings,
                progress: Progress) -> list[Story]:
        futures = [self.client.submit(_story_task, story_id, pack(group), settings, pure=False)
                   for story_id, group in groups]
        stories = self.client.gather(futures)
        progress("story", len(stories))
        return stories


def run_on_cluster(inputs: Sequence[Any], client, models: Models, settings: Settings,
                   partitions_per_worker: int = 4, progress: Progress = no_progress) -> Result:
    """The same `Result` as `pipeline.run`, with its mapped steps run by a Dask client.

    `models` are the client's own, used for the collection-wide steps.
    """
    attach_models(client)
    return run(inputs, models, settings, progress, steps=DaskSteps(client, models, partitions_per_worker))


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


