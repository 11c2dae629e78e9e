"""`newsweave check`: the CLI, the API and the web app answer the contract's object with real evidence offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.claim_check import check, check_articles, valid_claim
from newsweave.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main

CLAIM = "A meteorite crashed near the airport in Managua, Nicaragua"
# Real news sentences (FNC-1 style): one report of the event, one denial, one unrelated story.
SUPPORTING = (
    "Meteorite leaves crater in Nicaraguan capital\n\n"
    "A small meteorite crashed into a wooded area in Nicaragua's capital of Managua overnight, the government "
    "said Sunday. Residents reported hearing a mysterious boom that left a 16-foot deep crater near the city's "
    "airport. Government spokeswoman Rosario Murillo said a committee formed to study the event determined it "
    "was a relatively small meteorite.\n"
)
UNRELATED = (
    "Man finds spider living under his skin\n\n"
    "An Australian man returned from a holiday in Bali with a tiny spider living under his skin, doctors said. "
    "The spider had crawled into a scar on his stomach while he slept, and was removed at a hospital in Sydney.\n"
)


@pytest.fixture()
def reports(tmp_path) -> list[Path]:
    paths = []
    for name, text in (("meteorite.txt", SUPPORTING), ("spider.txt", UNRELATED)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_check_returns_the_contract_object_with_offsets_on_real_sentences(models, reports):
    result = check(CLAIM, [str(p) for p in reports], models)
    out = result.to_dict()
    assert set(out) == {"claim", "articles"} and out["claim"] == CLAIM
    assert [a["article"] for a in out["articles"]] == [a.id for a in result.articles]
    for item in out["articles"]:
        assert set(item) == {"article", "stance", "score", "evidence"}
        assert item["stance"] in {"supports", "refutes", "discusses", "unrelated"}
        assert 0.0 <= item["score"] <= 1.0
    texts = {a.id: a.text for a in result.articles}
    meteorite, spider = out["articles"]
    assert meteorite["stance"] in {"supports", "discusses"}
    assert spider["stance"] == "unrelated" and spider["evidence"] == []
    assert meteorite["evidence"]
    for span in meteorite["evidence"]:
        quote = texts[meteorite["article"]][span["start"]:span["end"]]
        assert quote == quote.strip() and len(quote.split()) >= 5
    best = texts[meteorite["article"]][meteorite["evidence"][0]["start"]:meteorite["evidence"][0]["end"]]
    assert "meteorite" in best.lower() or "crater" in best.lower()


def test_a_denial_reads_as_refuting(models):
    from newsweave.model import Article

    text = ("Officials deny meteorite report\n\nNicaraguan officials denied on Monday that a meteorite had "
            "crashed near the airport in Managua, calling the reports false. Scientists said the crater was not "
            "caused by a meteorite.")
    article = Article("a1", None, None, None, None, None, None, text)
    (found,) = check_articles(CLAIM, [article], models)
    assert found.stance == "refutes"


def test_the_python_api_is_exported(reports):
    import newsweave

    assert "check" in newsweave.__all__
    out = newsweave.check(CLAIM, [str(p) for p in reports])
    assert out["claim"] == CLAIM and len(out["articles"]) == 2


def test_an_empty_claim_is_a_one_line_error():
    with pytest.raises(ValueError, match="empty"):
        valid_claim("   ")
    assert valid_claim("  two   words ") == "two words"


def test_cli_table_json_and_exit_codes(models, reports, capsys):
    assert main(["check", CLAIM, str(reports[0]), str(reports[1])]) == EXIT_OK
    table = capsys.readouterr().out
    assert table.startswith(f"Claim: {CLAIM}") and "unrelated" in table and "spider.txt" in table

    assert main(["check", CLAIM, str(reports[0]), "--json"]) == EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"claim", "articles"} and len(out["articles"]) == 1

    assert main(["check", "  ", str(reports[0])]) == EXIT_USAGE
    assert "empty" in capsys.readouterr().err
    assert main(["check", CLAIM, str(reports[0].parent / "missing.txt")]) == EXIT_NOTHING
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert main(["check", CLAIM]) == EXIT_USAGE


def test_web_api_and_story_page_box(models, tmp_path):
    from dataclasses import dataclass

    from fastapi.testclient import TestClient

    from newsweave.model import Result
    from newsweave.pipeline import prepare
    from newsweave.model import Settings
    from newsweave.web import create_app

    (tmp_path / "m.txt").write_text(SUPPORTING, encoding="utf-8")
    articles = prepare([str(tmp_path / "m.txt")], Settings()).articles
    result = Result(articles, (), ())

    @dataclass
    class Store:
        def story_result(self, story_id):
            return result if story_id == "s1" else None

    app = create_app(store=Store(), models=lambda: models, upload_dir=tmp_path / "up")
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    answer = client.post("/api/check", json={"claim": CLAIM, "story": "s1"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["claim"] == CLAIM and body["articles"][0]["article"] == articles[0].id
    span = body["articles"][0]["evidence"][0]
    assert articles[0].text[span["start"]:span["end"]].strip()
    assert client.post("/api/check", json={"claim": " ", "story": "s1"}).status_code == 400
    assert client.post("/api/check", json={"claim": CLAIM, "story": "nope"}).status_code == 404

    page = client.post("/stories/s1/check", data={"claim": CLAIM}, headers={"Origin": "http://127.0.0.1:8000"})
    assert page.status_code == 200 and "<blockquote>" in page.text and "meteorite" in page.text


def test_story_page_carries_the_check_box(tmp_path):
    from fastapi.testclient import TestClient

    from newsweave.model import Result
    from newsweave.web import create_app

    golden = Path(__file__).resolve().parent / "golden" / "fixture_result.json"
    result = Result.from_dict(json.loads(golden.read_text(encoding="utf-8")))

    class Store:
        def story_result(self, story_id):
            return result if story_id == "s1" else None

    client = TestClient(create_app(store=Store(), models=lambda: None, upload_dir=tmp_path / "up"),
                        base_url="http://127.0.0.1:8000")
    page = client.get("/stories/s1")
    assert page.status_code == 200
    assert 'action="/stories/s1/check"' in page.text and 'name="claim"' in page.text
    assert page.text.index('class="check-box"') < page.text.rindex("</body>")
