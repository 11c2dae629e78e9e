"""End to end: the samples through every stage, and the dependency rule."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import newsweave
from newsweave.model import Discrepancy, DiscrepancyValue, Result, Settings
from newsweave.pipeline import not_told_already, run


def test_samples_analyse_into_one_story(models, samples_dir):
    result = run([samples_dir], models, Settings(single_story=True))
    assert len(result.articles) == 5
    assert len(result.stories) == 1
    story = result.stories[0]
    assert set(story.articles) == {a.id for a in result.articles}
    assert Result.from_dict(result.to_dict()) == result


EDGE = ("newsweave.cli", "newsweave.__main__", "newsweave.api", "newsweave.web", "newsweave.scale")
# What the stages may not import: the order of the stages and what is built on it.
ABOVE_STAGES = (*EDGE, "newsweave.pipeline", "newsweave.store", "newsweave.report", "newsweave.claim_check")
PACKAGE = Path(newsweave.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every newsweave module `path` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in out if m.startswith("newsweave")}


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: _module_name(p))
def test_the_core_never_imports_the_edge_and_stages_never_import_the_pipeline(path):
    module = _module_name(path)
    if _is_under(module, EDGE) or module == "newsweave":
        return  # the edge, and the package's face (which re-exports the API)
    forbidden = EDGE if _is_under(module, ABOVE_STAGES) else ABOVE_STAGES
    assert not {m for m in _imports(path) if _is_under(m, forbidden)}


def test_importing_the_pipeline_loads_no_edge_module_but_the_api():
    code = ("import sys, newsweave.pipeline, newsweave.store, newsweave.report; "
            "bad = [m for m in sys.modules if m.startswith(('newsweave.cli', 'newsweave.web', 'newsweave.scale'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_article_left_empty_by_cleaning_is_rejected_not_analysed():
    from newsweave.pipeline import prepare

    notice = {"id": "x1", "text": "Advertisement\nAdvertisement\n"}
    good = {"id": "x2", "text": "The council approved the budget on Monday after a long debate."}
    prepared = prepare([notice, good], Settings())
    assert [a.id for a in prepared.articles] == ["x2"]
    assert [r.path for r in prepared.rejected] == ["x1"]
    assert "nothing left" in prepared.rejected[0].reason


def test_missing_dates_are_inferred_from_the_articles_own_story(models):
    from newsweave.model import Article
    from newsweave.nlp import parse_articles
    from newsweave.pipeline import date_stories, in_input_order

    def art(i, text, published=None):
        return Article(id=i, path=None, title=None, outlet=None, url=None, published=published,
                       published_from="metadata" if published else None, text=text)

    parsed = parse_articles([
        art("a", "Resistance fighters said on Monday they still held the valley.", "2021-09-06"),
        art("b", "The Taliban said on Monday they had taken the valley and its capital."),
        art("c", "Iran seized fifteen British sailors in the Gulf, officials said.", "2007-03-19"),
    ], models)
    groups = date_stories([[parsed[0], parsed[1]], [parsed[2]]])
    articles = {a.id: a for a in in_input_order(parsed, groups)}
    # Monday 6 September 2021, its own story's day; over the whole collection the Monday
    # of the other story's report (19 March 2007) would fit as well, and no day would be given.
    assert articles["b"].published == "2021-09-06"
    assert articles["b"].published_from == "inferred"
    assert [a.id for a in in_input_order(parsed, groups)] == ["a", "b", "c"]


def test_only_a_story_of_several_articles_runs_the_embedder_over_its_sentences(models, samples_dir, monkeypatch):
    from newsweave.nlp import parse_articles
    from newsweave.pipeline import analyze_story, prepare, story_vectors

    parsed = parse_articles(prepare([samples_dir], Settings()).articles[:2], models)
    encoded = []
    real = models.embedder.encode
    monkeypatch.setattr(models.embedder, "encode", lambda texts, **kw: encoded.extend(texts) or real(texts, **kw))

    assert story_vectors(parsed[:1], models) == {}
    alone = analyze_story("s1", parsed[:1], models, Settings())
    assert encoded == []
    assert alone.summary and alone.claims
    # Each summary sentence cites its own span only: there is no other article to agree with.
    assert all(len(s.citations) == 1 for s in alone.summary)

    both = story_vectors(parsed, models)
    assert set(both) == {(p.article.id, s.index) for p in parsed for s in p.sentences}


def _date(article: str, start: int, text: str, iso: str) -> DiscrepancyValue:
    return DiscrepancyValue(text, iso, None, article, start, start + len(text))


def test_a_date_conflict_both_stages_find_is_told_once():
    tuesday, wednesday = _date("a1", 40, "on Tuesday", "2012-07-17"), _date("a2", 12, "on Wednesday", "2012-07-18")
    claims_found = [Discrepancy("d1", "date", "when the plant closed", (tuesday, wednesday))]
    same = Discrepancy("d1", "date", "the plant closed", (wednesday, tuesday))
    other = Discrepancy("d2", "date", "the vote", (_date("a1", 90, "March 3", "2012-03-03"), wednesday))
    assert not_told_already([same, other], claims_found) == [other]
    assert not_told_already([same], []) == [same]
