"""The embedded store: incremental ingest, stable stories, export, search, and crash safety (kill -9)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsweave.cli import main
from newsweave.model import Result, Settings
from newsweave.store import Store, content_hash, fts_query

ONE_BY_ONE = Settings(store_chunk=1)


@pytest.fixture(scope="module")
def filled(models, samples_dir, tmp_path_factory) -> Path:
    """A store holding the five samples, ingested twice."""
    db = tmp_path_factory.mktemp("store") / "news.db"
    with Store(db) as store:
        first = store.ingest([samples_dir], models, Settings())
        second = store.ingest([samples_dir], models, Settings())
    assert (first.added, first.skipped) == (5, 0)
    assert (second.added, second.skipped, second.stories_updated) == (0, 5, ())
    return db


def test_samples_ingested_twice_make_one_story_of_five(filled):
    with Store(filled) as store:
        infos = store.list_stories()
        assert [info.size for info in infos] == [5]
        assert store.counts() == {"articles": 5, "stories": 1, "dirty": 0}
        info = infos[0]
        assert info.first_date and info.last_date and info.first_date <= info.last_date
        assert info.top_entities and info.title


def test_story_export_is_a_contract_result(filled):
    with Store(filled) as store:
        story_id = store.list_stories()[0].id
        result = store.story_result(story_id)
        assert store.story_result("no-such-story") is None
    assert result is not None and len(result.stories) == 1 and result.rejected == ()
    assert set(result.stories[0].articles) == {a.id for a in result.articles}
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    texts = {a.id: a.text for a in result.articles}
    for claim in result.stories[0].claims:
        assert texts[claim.article][claim.start:claim.end] == claim.text


@pytest.mark.parametrize("query, kind", [("ceasefire", "article"), ("resistance talks", "article")])
def test_search_finds_articles(filled, query, kind):
    with Store(filled) as store:
        hits = store.search(query)
    assert hits and all(h.story_id for h in hits)
    assert any(h.kind == kind for h in hits)


@pytest.mark.parametrize("query", ['"unbalanced', "NEAR(", "a AND OR", "*", ""])
def test_search_never_breaks_on_fts_syntax(filled, query):
    with Store(filled) as store:
        assert isinstance(store.search(query), list)
    assert '"' not in fts_query(query).replace('" "', "").strip('"')


def test_stored_story_has_the_publication_dates_analyze_infers(filled, models, samples_dir):
    from newsweave.pipeline import run

    direct = run([samples_dir], models, Settings(single_story=True))
    expected = {a.path and Path(a.path).name: (a.published, a.published_from) for a in direct.articles}
    assert ("inferred" in {f for _, f in expected.values()}), "the samples include undated reports"
    with Store(filled) as store:
        stored = store.story_result(store.list_stories()[0].id)
    got = {a.path and Path(a.path).name: (a.published, a.published_from) for a in stored.articles}
    assert got == expected


def test_content_hash_ignores_white_space_only():
    assert content_hash("Police search  houses.\n") == content_hash("Police search houses.")
    assert content_hash("Police search houses.") != content_hash("Police searched houses.")


def test_bad_inputs_are_rejected_and_the_rest_is_stored(models, samples_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(samples_dir.glob("*.txt")), folder / "good.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 20)
    with Store(tmp_path / "news.db") as store:
        report = store.ingest([folder], models, ONE_BY_ONE)
    assert report.added == 1
    assert {Path(r.path).name for r in report.rejected} == {"empty.txt", "binary.txt"}


def test_cli_ingest_stories_and_export(models, samples_dir, tmp_path, capsys):
    db, out = str(tmp_path / "news.db"), tmp_path / "story.json"
    assert main(["ingest", str(samples_dir), "--db", db]) == 0
    assert main(["stories", "--db", db, "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [s["size"] for s in listed] == [5]
    assert main(["analyze", "--db", db, "--story", listed[0]["id"], "-o", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert exported["schema"] == "newsweave.story/1" and len(exported["articles"]) == 5
    assert main(["analyze", "--db", db, "--story", "s999"]) == 1
    assert main(["analyze", "--db", db]) == 2
    assert main(["stories", "--db", str(tmp_path / "missing.db")]) == 1


# -- crash safety ---------------------------------------------------------------------------

INGEST = """
import sys
from newsweave.api import shared_models
from newsweave.model import Settings
from newsweave.store import Store
with Store(sys.argv[1]) as store:
    store.ingest(sys.argv[2:], shared_models(), Settings(store_chunk=1),
                 progress=lambda stage, n: print(stage, n, flush=True))
print("done", flush=True)
"""


def ingest_and_kill(db: Path, folder: Path, stage: str, after: int, delay: float) -> bool:
    """Run an ingest in a child process and kill -9 it `delay` s after its `after`-th `stage` event."""
    proc = subprocess.Popen([sys.executable, "-c", INGEST, str(db), str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    seen = 0
    try:
        for line in proc.stdout:
            if line.startswith(stage):
                seen += 1
                if seen >= after:
                    time.sleep(delay)
                    proc.send_signal(signal.SIGKILL)
                    break
            if line.startswith("done"):
                break
    finally:
        proc.wait(timeout=120)
        proc.stdout.close()
    return proc.returncode == -signal.SIGKILL


def check_consistent(db: Path) -> dict[str, int]:
    """integrity_check passes and no row is left half-written; the row counts."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        articles = one("SELECT COUNT(*) FROM articles")
        assert one("SELECT COUNT(*) FROM articles_fts") == articles
        assert one("SELECT COUNT(*) FROM articles WHERE story_id IS NULL") == 0
        assert one("SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)") == 0
        assert one("SELECT COUNT(*) FROM stories WHERE id NOT IN (SELECT story_id FROM articles)") == 0
        assert one("SELECT COUNT(*) FROM bands WHERE article_id NOT IN (SELECT id FROM articles)") == 0
        return {"articles": articles, "stories": one("SELECT COUNT(*) FROM stories"),
                "dirty": one("SELECT COUNT(*) FROM stories WHERE dirty = 1")}
    finally:
        con.close()


def test_ingest_killed_with_sigkill_leaves_a_consistent_store_that_resumes(models, samples_dir, tmp_path):
    db = tmp_path / "news.db"
    killed = [
        ingest_and_kill(db, samples_dir, "chunk", after=1, delay=0.05),  # inside the second chunk
        ingest_and_kill(db, samples_dir, "chunk", after=1, delay=0.3),  # the run resumed, killed again
    ]
    assert all(killed), "the child finished before it could be killed"
    mid = check_consistent(db)
    assert 1 <= mid["articles"] < 5
    with Store(db) as store:
        report = store.ingest([samples_dir], models, ONE_BY_ONE)
    final = check_consistent(db)
    assert report.added == 5 - mid["articles"] and report.skipped == mid["articles"]
    assert final == {"articles": 5, "stories": 1, "dirty": 0}


def test_ingest_killed_while_analysing_resumes_the_analysis(models, samples_dir, tmp_path):
    db = tmp_path / "news.db"
    assert ingest_and_kill(db, samples_dir, "chunk", after=5, delay=0.5)  # all stored, analysis under way
    mid = check_consistent(db)
    assert mid["articles"] == 5 and mid["dirty"] == 1
    with Store(db) as store:
        report = store.ingest([samples_dir], models, ONE_BY_ONE)
        assert store.story_result(report.stories_updated[0]).stories[0].summary
    assert (report.added, report.skipped, len(report.stories_updated)) == (0, 5, 1)
    assert check_consistent(db) == {"articles": 5, "stories": 1, "dirty": 0}


def test_wal_mode_waits_for_a_process_that_still_holds_the_new_store_locked(tmp_path):
    import threading

    from newsweave.store import _set_wal

    path = tmp_path / "s.db"
    holder = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode=WAL")  # what a bare connection gets while the lock is held
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        _set_wal(other)
    finally:
        release.join()
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    holder.close()
    other.close()
