"""The public Python API (`newsweave.analyze`, `newsweave.summarize`) as a user calls it."""

from __future__ import annotations

import json

import jsonschema
import pytest

import newsweave
from newsweave.api import as_inputs, shared_models

SCHEMA = json.loads((__import__("importlib.resources").resources.files("newsweave") / "schema" / "story.schema.json")
                    .read_text(encoding="utf-8"))

# Two reports of one event in their own words (cut from MultiLing 2011 topic M006, WikiNews, CC BY 2.5).
REPORTS = [
    {"id": "w1", "title": "Magnitude 7.0 earthquake hits Haiti", "published": "2010-01-13",
     "text": "A magnitude 7.0 earthquake struck Haiti on Tuesday, the United States Geological Survey said.\n"
             "The quake's epicentre was about 15 kilometres from the capital, Port-au-Prince.\n"
             "Buildings collapsed across the city and communications were cut."},
    {"id": "w2", "title": "Haiti earthquake leaves capital in ruins", "published": "2010-01-14",
     "text": "The earthquake that struck Haiti on Tuesday had a magnitude of 7.0, according to the USGS.\n"
             "Its epicentre lay near Port-au-Prince, the capital, where many buildings collapsed.\n"
             "Aid agencies said that communications with the country were cut."},
]


def test_the_api_shares_one_models_object_per_process(models):
    assert shared_models() is models is shared_models()


def test_analyze_returns_the_contract_json_for_dicts(models):
    result = newsweave.analyze(REPORTS, single_story=True, summary_words=40)
    jsonschema.validate(result, SCHEMA)
    assert result["schema"] == "newsweave.story/1"
    assert [a["id"] for a in result["articles"]] == ["w1", "w2"]
    (story,) = result["stories"]
    assert story["articles"] == ["w1", "w2"]
    assert 0 < sum(len(s["text"].split()) for s in story["summary"]) <= 40
    texts = {a["id"]: a["text"] for a in result["articles"]}
    for sentence in story["summary"]:
        for c in sentence["citations"]:
            assert texts[c["article"]][c["start"]:c["end"]].strip()


def test_analyze_takes_a_folder_and_one_path_alone(models, samples_dir):
    result = newsweave.analyze(samples_dir, single_story=True)
    assert len(result["articles"]) == 5 and len(result["stories"]) == 1
    assert not result["rejected"]


def test_bad_input_is_rejected_not_raised(models, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = newsweave.analyze([str(empty), REPORTS[0]])
    assert [r["path"] for r in result["rejected"]] == [str(empty)]
    assert [a["id"] for a in result["articles"]] == ["w1"]


def test_summarize_gives_plain_sentences_within_the_budget(models):
    text = newsweave.summarize(REPORTS, words=30)
    lines = text.splitlines()
    assert lines and sum(len(line.split()) for line in lines) <= 30
    assert not any("[" in line for line in lines)


def test_summarize_of_nothing_readable_is_empty(models, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert newsweave.summarize([str(empty)]) == ""


@pytest.mark.parametrize("given, expected", [
    ("a.txt", ["a.txt"]),
    ({"text": "x"}, [{"text": "x"}]),
    (["a.txt", "b.txt"], ["a.txt", "b.txt"]),
    (("a.txt",), ["a.txt"]),
])
def test_one_input_or_many(given, expected):
    assert as_inputs(given) == expected
