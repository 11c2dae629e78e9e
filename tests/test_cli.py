"""The real `newsweave` command in a subprocess: output, warnings and exit codes of the contract.

Each run that analyses loads the models (a few seconds), so these runs are few.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
_SCRIPT = Path(sys.executable).with_name("newsweave")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "newsweave.cli"]


def newsweave(*args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def _no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_samples_exit_0_with_five_articles(samples_dir):
    proc = newsweave("analyze", samples_dir)
    assert proc.returncode == 0, proc.stderr
    _no_traceback(proc)
    result = json.loads(proc.stdout)
    assert result["schema"] == "newsweave.story/1"
    assert len(result["articles"]) == 5 and result["rejected"] == []
    assert "warning" not in proc.stderr


def test_bad_files_beside_good_ones_are_listed_and_warned(samples_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(samples_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    shutil.copy(FIX / "pixel.png", folder / "photo.png")
    data = (FIX / "article.json").read_bytes()
    (folder / "cut.json").write_bytes(data[: len(data) // 2])
    out = tmp_path / "story.json"
    proc = newsweave("analyze", folder, "-o", out)
    assert proc.returncode == 0, proc.stderr
    _no_traceback(proc)
    result = json.loads(out.read_text("utf-8"))
    assert len(result["articles"]) == 5
    reasons = {Path(r["path"]).name: r["reason"] for r in result["rejected"]}
    assert reasons == {"cut.json": reasons.get("cut.json"), "empty.txt": "empty file",
                       "photo.png": "binary file (PNG image)"}
    assert reasons["cut.json"].startswith("malformed JSON")
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 3
    for name, reason in reasons.items():
        assert any(name in line and reason in line for line in warnings)


def test_only_bad_files_exit_1(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copy(FIX / "pixel.png", tmp_path)
    proc = newsweave("analyze", tmp_path, tmp_path / "missing.html")
    assert proc.returncode == 1
    _no_traceback(proc)
    assert proc.stderr.count("warning") == 3
    assert "no article could be analysed" in proc.stderr


def test_unwritable_output_is_one_line_and_exit_1(tmp_path):
    proc = newsweave("analyze", FIX / "article-utf8-bom.txt", "-o", tmp_path / "no" / "such" / "dir" / "out.json")
    assert proc.returncode == 1
    _no_traceback(proc)
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("newsweave: error:") and "out.json" in errors[0]


def test_no_arguments_exit_2():
    proc = newsweave(timeout=120)
    assert proc.returncode == 2, proc.stderr
    _no_traceback(proc)
    assert "usage:" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["analyze", "x.txt", "--summary-words", "zero"],
        ["analyze", "x.txt", "--summary-words", "-5"],
        ["analyze", "x.txt", "--no-such-option"],
        ["summarize"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args, capsys):
    # In-process: each subprocess costs seconds of imports, and argument parsing needs no models.
    from newsweave.cli import main

    assert main(args) == 2
    assert "usage:" in capsys.readouterr().err


def test_a_failure_inside_the_analysis_is_one_line_and_exit_1(monkeypatch, capsys):
    # In-process, with a stage that fails: the command reports it in one line instead of a traceback.
    import newsweave.api
    import newsweave.pipeline
    from newsweave.cli import main

    def broken(*args, **kwargs):
        raise ValueError("a stage\nfailed")

    monkeypatch.delenv("NEWSWEAVE_DEBUG", raising=False)
    monkeypatch.setattr(newsweave.api, "shared_models", lambda: None)
    monkeypatch.setattr(newsweave.pipeline, "run", broken)
    assert main(["analyze", str(FIX / "article-utf8-bom.txt")]) == 1
    assert capsys.readouterr().err == "newsweave: error: ValueError: a stage failed\n"


def test_analyze_without_a_path_prints_the_analyze_usage(capsys):
    from newsweave.cli import main

    assert main(["analyze"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: newsweave analyze") and "give at least one PATH" in err


def test_python_dash_m_runs_the_command():
    proc = subprocess.run([sys.executable, "-m", "newsweave", "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: newsweave")
