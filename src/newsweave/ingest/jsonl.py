"""JSON Lines and JSON files, and dicts passed to the API: records shaped like a JSONL line.

The contract's record: `text` required; `id`, `title`, `outlet`, `url`,
`published`, `html` optional (`author` too). With `html` and no `text`, the
text and any missing metadata come from trafilatura.
"""

from __future__ import annotations

import json
from typing import Any

from newsweave.ingest.common import IngestError, Read, check_article, one_line, reject
from newsweave.ingest.dates import normalize_date
from newsweave.ingest.decode import decode_bytes
from newsweave.ingest.markup import extract_page
from newsweave.model import Archived, RawArticle, Settings

_TEXT_FIELDS = ("title", "outlet", "url", "published", "author")


def read_jsonl(data: bytes, source: str, settings: Settings) -> Read:
    """One article per line; a bad line is rejected as ``source:LINE`` and the others go on."""
    return _read_lines(decode_bytes(data), source, settings)


def read_json(data: bytes, source: str, settings: Settings) -> Read:
    """A JSON object (one article) or array of objects (``source#N`` each).

    A file that does not parse as one document but whose first line is an
    object is read as JSON Lines (a common mislabelling).
    """
    text = decode_bytes(data)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if _looks_like_lines(text):
            return _read_lines(text, source, settings)
        return reject(source, _json_error(exc))
    if isinstance(value, dict):
        return record_to_article(value, source, source, settings)
    if isinstance(value, list) and value:
        names = (f"{source}#{n}" for n in range(1, len(value) + 1))
        return Read.join(record_to_article(item, name, name, settings) for item, name in zip(value, names))
    if isinstance(value, list):
        return reject(source, "empty JSON array")
    return reject(source, "JSON holds neither an object nor an array of objects")


def record_to_article(record: Any, source: str, path: str | None, settings: Settings) -> Read:
    """The article a contract record describes, or the rejection of `source` with the reason."""
    if not isinstance(record, dict):
        return reject(source, f"not a JSON object but {_json_type(record)}")
    try:
        article = _article(record, path)
    except IngestError as exc:
        return reject(source, str(exc))
    return check_article(article, source, settings)


def _article(record: dict[str, Any], path: str | None) -> RawArticle:
    fields = {name: _optional_str(record, name) for name in _TEXT_FIELDS}
    text, html = _optional_str(record, "text"), _optional_str(record, "html")
    published, extracted = normalize_date(fields["published"]), False
    if not (text and text.strip()) and html and html.strip():
        page = extract_page(html, fields["url"])
        text, extracted, published = page.text, True, published or page.published
        for name in ("title", "outlet", "url", "author"):
            fields[name] = fields[name] or getattr(page, name)
    if not (text and text.strip()):
        raise IngestError("no 'text' field" if "text" not in record else "empty 'text'")
    return RawArticle(
        id=_record_id(record), path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"),
        title=fields["title"], outlet=fields["outlet"], url=fields["url"], author=fields["author"],
        published=published, extracted=extracted, archived=_archived(record),
    )


def _archived(record: dict[str, Any]) -> Archived | None:
    """The record's optional `archived` pointer to a WARC record ({"file", "offset", "record", "date"})."""
    value = record.get("archived")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("file"), str) \
            or isinstance(value.get("offset"), bool) or not isinstance(value.get("offset"), int):
        raise IngestError("field 'archived' is not an object with a string 'file' and an integer 'offset'")
    return Archived.from_dict(value)


def _read_lines(text: str, source: str, settings: Settings) -> Read:
    parts = [_read_line(line, f"{source}:{number}", settings)
             for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return Read.join(parts) if parts else reject(source, "no JSON lines")


def _read_line(line: str, name: str, settings: Settings) -> Read:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return reject(name, _json_error(exc))
    return record_to_article(record, name, name, settings)


def _looks_like_lines(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):
        return False


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise IngestError(f"field '{name}' is {_json_type(value)}, not a string")


def _record_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise IngestError(f"field 'id' is {_json_type(value)}, not a string or integer")
    return str(value).strip()


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "malformed JSON: nested too deeply"
    return f"malformed JSON: {one_line(exc)}"


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
