"""Stories analysed by forked worker processes, one per core: the analysis stage uses both cores.

After grouping, each story's analysis (`pipeline.analyze_story`) reads only
its own articles, the models and the settings, so stories can be analysed
in any order and in any process with the same result. Most of that work is
single-threaded Python (entities, attribution, the summary's ILP); in one
process it leaves the second core idle while MiniLM is not running. Here a
few worker processes are forked from this one once the articles are parsed
and grouped: they inherit the parsed docs and the loaded models without
copying them (copy-on-write pages), each analyses whole stories, largest
first, and sends the `Story` back.

Limits: it needs the "fork" start method (`nlp.default_parse_processes` gives
one process elsewhere, and then nothing is forked). Each worker runs the
parent's ONNX session, one model run at a time: the session has no threads of
its own to lose in the fork (`nlp.Embedder.with_threads`).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Sequence

from newsweave.model import Settings, Story
from newsweave.nlp import TEXTS_PER_PROCESS, Models, ParsedArticle

Analyze = Callable[[str, Sequence[ParsedArticle], Models, Settings], Story]

# What the forked workers read: set by `analyze_in_processes` just before they
# start, so they inherit it instead of receiving the parsed docs through a pipe.
_JOB: tuple[Sequence[tuple[str, Sequence[ParsedArticle]]], Models, Settings, Analyze] | None = None


def analysis_processes(groups: Sequence[tuple[str, Sequence[ParsedArticle]]], models: Models) -> int:
    """How many worker processes should analyse `groups`: 1 (this process) for a small run.

    Forking pays for itself from about `TEXTS_PER_PROCESS` articles per
    process (the threshold the parse uses) and with two stories or more.
    """
    articles = sum(len(g) for _, g in groups)
    return max(1, min(models.parse_processes, len(groups), articles // TEXTS_PER_PROCESS))


def analyze_in_processes(groups: Sequence[tuple[str, Sequence[ParsedArticle]]], models: Models,
                         settings: Settings, analyze: Analyze, processes: int,
                         progress: Callable[[str, int], None]) -> list[Story]:
    """`analyze(story_id, articles, models, settings)` of every group, by `processes` forked workers.

    Returns the stories in the order of `groups`; `progress("story", n)` is
    called as the n-th story comes back. Larger stories start first, so the
    last one to finish is a small one. A worker's error is raised here.
    """
    global _JOB
    import multiprocessing

    if models.gazetteer is not None:
        models.gazetteer.warm()  # read once here and shared, rather than once per worker
    order = sorted(range(len(groups)), key=lambda i: -story_cost(groups[i][1]))
    out: list[Story | None] = [None] * len(groups)
    _JOB = (groups, models, settings, analyze)
    try:
        with _quiet_tokenizer_fork(), ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker) as pool:
            futures = {pool.submit(_analyze_group, i): i for i in order}
            for n, future in enumerate(as_completed(futures), start=1):
                out[futures[future]] = future.result()
                progress("story", n)
    finally:
        _JOB = None
    return out  # type: ignore[return-value]


def story_cost(parsed: Sequence[ParsedArticle]) -> int:
    """A rough cost of analysing a story: its characters, times its articles when it has several.

    Its sentences are compared across articles, so a story's work grows
    faster than its text; only the order of the stories depends on this.
    """
    return sum(len(p.article.text) for p in parsed) * max(1, len(parsed))


class _quiet_tokenizer_fork:
    """Set TOKENIZERS_PARALLELISM while the workers are forked (unless the caller set it).

    The Hugging Face tokenizer, forked after it has used its threads, prints a
    warning in each child and turns its threads off there; said beforehand, it
    stays silent. The parent's own setting is restored afterwards.
    """

    def __enter__(self):
        self._set = "TOKENIZERS_PARALLELISM" not in os.environ
        if self._set:
            os.environ["TOKENIZERS_PARALLELISM"] = "false"
        return self

    def __exit__(self, *exc) -> None:
        if self._set:
            os.environ.pop("TOKENIZERS_PARALLELISM", None)


def _start_worker() -> None:
    """In a freshly forked worker: the inherited embedder, one model run at a time (the worker has one core's share)."""
    assert _JOB is not None
    models = _JOB[1]
    models.embedder = models.embedder.with_threads(1)
    _one_blas_thread()


def _one_blas_thread() -> None:
    """Limit OpenBLAS (numpy's and scipy's) to one thread in this worker: a worker has one core's share.

    With its default of a thread per core, each worker's BLAS threads spin
    after every small matrix product while the other worker needs that core:
    on the 1,000-article benchmark set the workers took 120 CPU s with them
    and 98 with one thread each, and the stories' JSON was byte-identical.
    Without threadpoolctl installed, nothing changes.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1, user_api="blas")


def _analyze_group(i: int) -> Story:
    """In a worker: the analysis of group `i` of the job it inherited."""
    assert _JOB is not None
    groups, models, settings, analyze = _JOB
    story_id, parsed = groups[i]
    return analyze(story_id, parsed, models, settings)
