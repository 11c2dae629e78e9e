"""Reading inputs: files, folders and JSONL-shaped dicts become `RawArticle`s.

One module per reader (`text`, `html`, `jsonl`, `feed`, `warc`), each a
function ``read_X(data, source, settings) -> Read``; `sniff` picks the reader,
`decode` turns bytes into text. Bad input never stops a run: each unreadable
input (or line, entry, record) becomes a `Rejected` with a one-line reason,
and the rest goes on. No exception escapes `read_inputs`.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from newsweave.ingest import sniff
from newsweave.ingest.common import IngestError, Read, one_line, reject, size_label
from newsweave.ingest.decode import binary_kind
from newsweave.ingest.feed import read_feed
from newsweave.ingest.html import read_html
from newsweave.ingest.jsonl import read_json, read_jsonl, record_to_article
from newsweave.ingest.text import read_text
from newsweave.ingest.warc import read_warc
from newsweave.model import RawArticle, Rejected, Settings

__all__ = ["IngestResult", "READERS", "Read", "expand_paths", "read_as", "read_bytes", "read_file", "read_inputs",
           "read_path"]

Reader = Callable[[bytes, str, Settings], Read]

READERS: dict[str, Reader] = {
    sniff.TEXT: read_text,
    sniff.HTML: read_html,
    sniff.JSON: read_json,
    sniff.JSONL: read_jsonl,
    sniff.FEED: read_feed,
    sniff.WARC: read_warc,
}
LINKED_FOLDER = "link to a folder, not followed (give the folder itself)"
# Files are read whole (WARC archives excepted, they stream); past this multiple of the
# text limit a file is refused rather than loaded into memory.
FILE_FACTOR = 20


@dataclass(frozen=True, slots=True)
class Unwalked:
    """A place under a folder that `expand_paths` did not walk, and why: read, it is that rejection."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What was read, and what could not be."""

    articles: tuple[RawArticle, ...]
    rejected: tuple[Rejected, ...]


def read_inputs(inputs: Sequence[Any], settings: Settings) -> IngestResult:
    """Every article in `inputs`: paths of files or folders, or dicts shaped like a JSONL line.

    Folders are walked recursively in sorted order, skipping hidden files and
    folders. Inputs that cannot be read are returned as `rejected`.
    """
    read = Read.join(_read_input(item, number, settings) for number, item in enumerate(inputs, start=1))
    return IngestResult(read.articles, read.rejected)


def _read_input(item: Any, number: int, settings: Settings) -> Read:
    name = _input_name(item, number)
    try:
        if isinstance(item, Unwalked):
            return reject(item.path, item.reason)
        if isinstance(item, dict):
            return record_to_article(item, name, None, settings)
        if isinstance(item, (str, os.PathLike)):
            if not os.fspath(item).strip():
                return reject(name, "empty path")  # Path("") would mean the current folder
            return read_path(Path(item), settings)
        return reject(name, f"not a path or a dict but {type(item).__name__}")
    except Exception as exc:  # the promise is "never a traceback for bad input"
        return reject(name, f"unexpected error: {type(exc).__name__}: {one_line(exc)}")


def expand_paths(inputs: Sequence[Any]) -> list[Any]:
    """`inputs` with each folder replaced by its files, in the order `read_inputs` reads them.

    For splitting work across processes: reading the expanded list gives the
    same articles and rejections as reading `inputs`. A folder with no visible
    files stays as it is (its rejection says so), and what a walk could not
    enter (an unlistable subfolder, a link to a folder) becomes an `Unwalked`
    that reads as its rejection.
    """
    out: list[Any] = []
    for item in inputs:
        folder = Path(item) if isinstance(item, (str, os.PathLike)) and os.fspath(item).strip() else None
        if folder is None or not folder.is_dir():
            out.append(item)
            continue
        files, errors = _walk(folder)
        out.extend(Unwalked(r.path, r.reason) for r in errors.rejected)  # first, as `read_path` reports them
        out.extend(str(f) for f in files)
        if not files and not errors.rejected:
            out.append(item)
    return out


def _input_name(item: Any, number: int) -> str:
    if isinstance(item, dict):
        ident = item.get("id")
        return str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else f"<input {number}>"
    if isinstance(item, (str, os.PathLike)):
        return os.fspath(item)
    return f"<input {number}>"


def read_path(path: Path, settings: Settings) -> Read:
    """The articles in one file, or in every visible file under one folder."""
    try:
        info = path.stat()
    except OSError as exc:
        return reject(str(path), _os_reason(exc))
    if stat.S_ISDIR(info.st_mode):
        files, errors = _walk(path)
        if not files and not errors.rejected:
            return reject(str(path), "folder holds no files")
        return Read.join([errors, *(read_file(file, settings) for file in files)])
    return read_file(path, settings)


def _walk(folder: Path) -> tuple[list[Path], Read]:
    """The visible files under `folder`, sorted by path, and what was not walked: subfolders that
    could not be listed, and links to folders (not followed: a link can loop back to its own folder)."""
    errors: list[OSError] = []
    found: list[Path] = []
    links: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        links.extend(Path(root, d) for d in dirs if os.path.islink(os.path.join(root, d)))
        found.extend(Path(root, n) for n in names if not n.startswith("."))
    found.sort(key=lambda p: p.relative_to(folder).parts)
    links.sort(key=lambda p: p.relative_to(folder).parts)
    return found, Read.join([*(reject(str(exc.filename or folder), _os_reason(exc)) for exc in errors),
                             *(reject(str(link), LINKED_FOLDER) for link in links)])


def read_file(path: Path, settings: Settings) -> Read:
    """The articles in one file; its rejection when it is unreadable, empty, too large or malformed."""
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return reject(name, "not a regular file")
        if sniff.suffix_of(name) in (".warc", ".arc"):
            with path.open("rb") as stream:
                return read_as(sniff.WARC, stream, name, settings)
        limit = settings.max_text_bytes * FILE_FACTOR
        if info.st_size > limit:
            return reject(name, f"file too large: {size_label(info.st_size)} (limit {size_label(limit)})")
        data = path.read_bytes()
    except OSError as exc:
        return reject(name, _os_reason(exc))
    return read_bytes(data, name, settings)


def read_bytes(data: bytes, name: str, settings: Settings) -> Read:
    """The articles in `data`, read from a file called `name`, with the reader its name and content call for."""
    if not data.strip():
        return reject(name, "empty file")
    kind = sniff.detect_format(name, data)
    if kind == sniff.BINARY:
        return reject(name, f"binary file ({binary_kind(data)})")
    if kind == sniff.GZIP:
        return _read_gzip(data, name, settings)
    return read_as(kind, data, name, settings)


def _read_gzip(data: bytes, name: str, settings: Settings) -> Read:
    limit = settings.max_text_bytes * FILE_FACTOR
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            inner = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return reject(name, f"malformed gzip: {one_line(exc) or type(exc).__name__}")
    if len(inner) > limit:
        return reject(name, f"file too large: over {size_label(limit)} uncompressed")
    if not inner.strip():
        return reject(name, "empty file")
    kind = sniff.detect_format(name.removesuffix(".gz").removesuffix(".GZ"), inner)
    if kind in (sniff.BINARY, sniff.GZIP):
        return reject(name, "binary file (inside gzip)")
    return read_as(kind, inner, name, settings)


def read_as(kind: str, data: Any, name: str, settings: Settings) -> Read:
    """What the reader for `kind` (a key of `READERS`) reads in `data`, never raising.

    Readers signal unreadable input by raising `IngestError`, which becomes the
    rejection of `name`. Any other exception is a reader's bug on malformed
    input: it is rejected as "unexpected error" too, so the run goes on.
    """
    try:
        return READERS[kind](data, name, settings)
    except IngestError as exc:
        return reject(name, str(exc))
    except MemoryError:
        return reject(name, "too large to read into memory")
    except Exception as exc:  # a library's unforeseen failure on malformed input
        return reject(name, f"unexpected error in the {kind} reader: {type(exc).__name__}: {one_line(exc)}")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"unreadable: {exc.strerror or type(exc).__name__}"


