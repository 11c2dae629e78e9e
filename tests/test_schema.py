"""The JSON Schema of the contract, checked against real output of the pipeline on the samples."""

from __future__ import annotations

import copy
import json
import shutil
from importlib import resources
from typing import Any, Iterator

import jsonschema
import pytest

from newsweave.model import Settings
from newsweave.pipeline import run


@pytest.fixture(scope="module")
def schema() -> dict:
    text = (resources.files("newsweave") / "schema" / "story.schema.json").read_text("utf-8")
    found = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(found)
    return found


@pytest.fixture(scope="module")
def output(models, samples_dir, tmp_path_factory) -> dict:
    """The JSON of one real run: the five samples plus two bad files, so `rejected` is filled too."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(samples_dir, folder, dirs_exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cut.json").write_bytes(b'{"id": "x", "text": "The leader of')
    return run([folder], models, Settings()).to_dict()


def _errors(schema: dict, document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_real_output_is_valid(schema, output):
    assert len(output["articles"]) == 5
    assert len(output["rejected"]) == 2
    assert output["stories"]
    assert _errors(schema, output) == []


def _spans(node: Any) -> Iterator[tuple[dict, str, str]]:
    """Every (object, start key, end key) pair in the output that points into an article."""
    if isinstance(node, dict):
        if "article" in node and "start" in node and "end" in node:
            yield node, "start", "end"
        if "article" in node and node.get("content_start") is not None:
            yield node, "content_start", "content_end"
        for value in node.values():
            yield from _spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from _spans(value)


def test_every_offset_lies_in_its_article(output):
    texts = {a["id"]: a["text"] for a in output["articles"]}
    spans = list(_spans(output["stories"]))
    assert spans, "the samples must yield cited spans"
    for span, start, end in spans:
        text = texts[span["article"]]
        assert 0 <= span[start] <= span[end] <= len(text), (span, start, end)


def test_claim_and_value_offsets_give_their_text(output):
    texts = {a["id"]: a["text"] for a in output["articles"]}
    assert any(story["claims"] for story in output["stories"]), "the samples are full of attributed claims"
    for story in output["stories"]:
        for claim in story["claims"]:
            assert texts[claim["article"]][claim["start"]:claim["end"]] == claim["text"]
        for discrepancy in story["discrepancies"]:
            for value in discrepancy["values"]:
                assert texts[value["article"]][value["start"]:value["end"]] == value["text"]


def _set(document: dict, path: tuple, value: Any) -> dict:
    changed = copy.deepcopy(document)
    node = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    "path, value",
    [
        (("schema",), "newsweave.story/2"),
        (("articles", 0, "published"), "Sept. 5, 2021"),
        (("articles", 0, "published_from"), "guessed"),
        (("articles", 0, "id"), ""),
        (("rejected", 0, "reason"), "two\nlines"),
        (("stories", 0, "entities"), [{"id": "e1", "name": "x", "type": "LOCATION", "aliases": [],
                                        "mentions": [], "geo": None}]),
        (("stories", 0, "summary"), [{"text": "x", "citations": [{"article": "a1", "start": -1, "end": 3}]}]),
        (("stories", 0, "timeline"), [{"date": "2021-09", "precision": "day", "text": "x", "articles": []}]),
    ],
)
def test_schema_refuses_what_the_contract_forbids(schema, output, path, value):
    assert _errors(schema, _set(output, path, value))


def test_schema_allows_added_fields(schema, output):
    extended = _set(output, ("articles", 0, "language"), "en")
    extended["generator"] = {"name": "newsweave"}
    assert _errors(schema, extended) == []
