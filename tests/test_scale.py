"""The Dask path: same stories as the single-process run, and a killed worker loses nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from newsweave.model import Settings
from newsweave.pipeline import run
from newsweave.scale import local_client, partitions, run_on_cluster

MIXED = Path(__file__).resolve().parent / "fixtures" / "mixed"


@pytest.fixture(scope="module")
def client():
    c = local_client(2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def single_process(models):
    return run([MIXED], models, Settings())


@pytest.mark.parametrize("n_items, n_parts", [(10, 3), (3, 8), (1, 1), (0, 4), (7, 7)])
def test_partitions_keep_order_and_every_item(n_items, n_parts):
    items = list(range(n_items))
    parts = partitions(items, n_parts)
    assert [x for p in parts for x in p] == items
    assert len(parts) <= max(1, n_parts)
    if parts:
        assert max(map(len, parts)) - min(map(len, parts)) <= 1


def test_cluster_run_equals_single_process(client, models, single_process):
    distributed = run_on_cluster([MIXED], client, models, Settings())
    assert [a.id for a in distributed.articles] == [a.id for a in single_process.articles]
    assert distributed.articles == single_process.articles
    assert [s.articles for s in distributed.stories] == [s.articles for s in single_process.stories]
    assert [s.propositions for s in distributed.stories] == [s.propositions for s in single_process.stories]
    assert [s.summary for s in distributed.stories] == [s.summary for s in single_process.stories]
    assert distributed == single_process


def test_killed_worker_is_retried_and_nothing_is_lost_or_doubled(client, models, single_process):
    pids = client.run(os.getpid)  # worker address -> process id
    killed = []

    def kill_one_worker_when_busy():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [addr for addr, tasks in client.processing().items() if tasks]
            if busy and busy[0] in pids:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_worker_when_busy)
    killer.start()
    result = run_on_cluster([MIXED], client, models, Settings())
    killer.join()
    assert killed, "no worker was busy long enough to be killed"
    ids = [a.id for a in result.articles]
    assert len(ids) == len(set(ids)) == len(single_process.articles)
    in_stories = [i for s in result.stories for i in s.articles]
    assert sorted(in_stories) == sorted(ids)
    assert result == single_process
