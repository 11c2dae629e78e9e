"""Stories analysed by forked workers say exactly what the same stories analysed in this process say."""

from __future__ import annotations

import multiprocessing

import pytest

from newsweave import workers
from newsweave.model import Settings
from newsweave.nlp import parse_articles
from newsweave.pipeline import analyze_story, mark_copies, prepare

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the workers are forked")


@pytest.fixture(scope="module")
def groups(models, samples_dir):
    parsed = mark_copies(parse_articles(prepare([samples_dir], Settings()).articles, models))
    assert len(parsed) == 5
    # Any grouping will do: each story is analysed from its own articles only.
    return [("s1", parsed[:2]), ("s2", parsed[2:3]), ("s3", parsed[3:])]


def test_forked_workers_give_the_stories_of_one_process_in_input_order(models, groups):
    alone = [analyze_story(story_id, group, models, Settings()) for story_id, group in groups]
    seen = []
    forked = workers.analyze_in_processes(groups, models, Settings(), analyze_story, 2,
                                          lambda stage, n: seen.append((stage, n)))
    assert [s.to_dict() for s in forked] == [s.to_dict() for s in alone]
    assert [s.id for s in forked] == ["s1", "s2", "s3"]
    assert seen == [("story", 1), ("story", 2), ("story", 3)]
    assert forked[0].claims and forked[0].summary  # real analyses, not empty stories
    # The parent's embedder still runs after the workers ran their inherited copies of its session.
    assert models.embedder.encode(["The valley fell."]).shape == (1, 384)


def test_a_worker_error_is_raised_in_the_caller(models, groups):
    def failing(story_id, parsed, models, settings):
        raise ValueError(f"no analysis of {story_id}")

    with pytest.raises(ValueError, match="no analysis of s"):
        workers.analyze_in_processes(groups, models, Settings(), failing, 2, lambda stage, n: None)


def test_a_small_run_is_analysed_in_this_process(models, groups):
    assert workers.analysis_processes(groups, models) == 1
    big = [(f"s{i}", g) for i, (_, g) in enumerate(groups * 40)]
    assert workers.analysis_processes(big, models) == min(2, models.parse_processes)

