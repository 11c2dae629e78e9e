"""Shared fixtures: the loaded models (once per test session) and the reference example's paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "panjshir"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_of(original, copy_id: str = "copy", edits: dict[int, str] | None = None):
    """A wire copy of a parsed article (`duplicate_of` it), the same sentences, `edits` replacing some texts."""
    from dataclasses import replace

    from newsweave.nlp import ParsedArticle

    edits = edits or {}
    return ParsedArticle(replace(original.article, id=copy_id, duplicate_of=original.article.id), original.doc,
                         tuple(replace(s, article=copy_id, text=edits.get(k, s.text))
                               for k, s in enumerate(original.sentences)))


@pytest.fixture(scope="session")
def models():
    """The models, loaded once for the whole test session (the API's own, so the CLI tests share them)."""
    from newsweave.api import shared_models

    return shared_models()


@pytest.fixture(scope="session")
def haiti(models):
    """Four MultiLing reports of Haiti's earthquake (`summary_helpers.HAITI`), parsed once for every summary test."""
    from newsweave.nlp import parse_articles
    from summary_helpers import Story, haiti_articles

    return Story(parse_articles(haiti_articles(), models), models)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"the reference samples are missing: {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def samples_report_dir(tmp_path_factory, samples_dir, models) -> Path:
    """`newsweave analyze` of the samples, run once per session: the folder with its JSON, HTML and Markdown.

    The report and browser tests read the same outputs.
    """
    from newsweave.cli import main

    out = tmp_path_factory.mktemp("samples-report")
    code = main(["analyze", str(samples_dir), "--single-story", "-o", str(out / "report.json"),
                 "--html", str(out / "report.html"), "--md", str(out / "report.md")])
    assert code == 0
    return out


# The switches of the gazetteer that geocoding tests turn off (the benchmark's ablations use them too).
GAZETTEER_SWITCHES = ("backoff", "within", "states_after_towns")


@pytest.fixture()
def gazetteer(models):
    """The process's gazetteer, every switch a test turns put back as it was after the test."""
    from newsweave.entities import gazetteer_of

    gaz = gazetteer_of(models)
    before = {name: getattr(gaz, name) for name in GAZETTEER_SWITCHES}
    yield gaz
    for name, value in before.items():
        setattr(gaz, name, value)
