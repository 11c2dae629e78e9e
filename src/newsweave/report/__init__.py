"""Writing results: JSON by the contract, Markdown and a self-contained HTML report."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.model import Result


def to_json(result: Result) -> str:
    """The contract's JSON for a result, pretty-printed, UTF-8 text."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def write_json(result: Result, path: str | Path) -> None:
    """Write the contract's JSON to `path` atomically (a partial file never replaces a good one)."""
    _write_atomic(Path(path), to_json(result))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_markdown(result: Result, path: str | Path) -> None:
    """Write the Markdown report of a result to `path`."""
    from newsweave.report.markdown import render_markdown

    _write_atomic(Path(path), render_markdown(result))


def write_html(result: Result, path: str | Path) -> None:
    """Write the self-contained HTML report of a result to `path`."""
    from newsweave.report.html import render_html

    _write_atomic(Path(path), render_html(result))


def write_story_files(result: Result, out_dir: str | Path) -> None:
    """One contract JSON per story (`<story id>.json`, holding its own articles) and an `index.jsonl`.

    For runs too large for one file: each line of the index names a story, its
    title, its size and its file; rejected inputs go to `rejected.json`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_id = {a.id: a for a in result.articles}
    index_lines = []
    for story in result.stories:
        own = Result(tuple(by_id[i] for i in story.articles), (), (story,))
        name = f"{story.id}.json"
        _write_atomic(out / name, to_json(own))
        index_lines.append(json.dumps({"id": story.id, "title": story.title, "articles": len(story.articles),
                                       "file": name}, ensure_ascii=False))
    _write_atomic(out / "rejected.json", json.dumps([r.to_dict() for r in result.rejected], ensure_ascii=False))
    _write_atomic(out / "index.jsonl", "\n".join(index_lines) + ("\n" if index_lines else ""))
