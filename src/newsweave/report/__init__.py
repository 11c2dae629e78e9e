"""Writing results: JSON by the contract, Markdown and a self-contained HTML report."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.model import Result


def to_json(result: Result) -> str:
    """The contract's JSON for a result, pretty-printed, UTF-8 text.

    A file name the OS gave with bytes that are not UTF-8 (kept surrogate-escaped)
    is written with a ``\\udcNN`` escape, which JSON readers read back as the same string.
    """
    return writable(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


def writable(text: str) -> str:
    """`text` with each lone surrogate written as its escape ``\\udcNN``, so it encodes as UTF-8.

    In JSON the escape sits inside a string, where it is the JSON escape of the
    same character; in Markdown or HTML it shows the undecodable byte visibly.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def write_json(result: Result, path: str | Path) -> None:
    """Write the contract's JSON to `path` atomically (a partial file never replaces a good one)."""
    _write_atomic(Path(path), to_json(result))


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through ``<path>.tmp``, which never stays behind (even when writing fails)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(writable(text), encoding="utf-8")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
