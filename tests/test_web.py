"""The web app's routes, limits and headers (FastAPI TestClient), over a fake store and the real one."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from newsweave.model import Result, Settings
from newsweave.store import IngestReport, SearchHit, StoryInfo
from newsweave.web import UploadLimits, create_app
from newsweave.web.app import CSP, check_upload, safe_name, save_upload, UploadError

GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "schema" / "story.schema.json"


def _fixture_module():
    spec = importlib.util.spec_from_file_location("nw_golden_fixture_web", GOLDEN / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURE = _fixture_module()


class FakeStore:
    """The STORE_API interface over fixed Results; `ingest` records the paths it was given."""

    def __init__(self, results: dict[str, Result]) -> None:
        self.results = results
        self.ingested: list[list[str]] = []

    def ingest(self, inputs, models, settings):
        self.ingested.append(list(inputs))
        return IngestReport(len(inputs), 0, (), tuple(self.results))

    def list_stories(self):
        return [StoryInfo(sid, r.stories[0].title, len(r.articles), "2021-09-05", "2021-09-06",
                     tuple(e.name for e in r.stories[0].entities[:3])) for sid, r in self.results.items()]

    def story_result(self, story_id):
        return self.results.get(story_id)

    def search(self, query, limit=20):
        return [SearchHit("article", sid, a.id, a.text[:80]) for sid, r in self.results.items()
                for a in r.articles if query.lower() in a.text.lower()][:limit]


@pytest.fixture(scope="module")
def fixture_result() -> Result:
    return Result.from_dict(json.loads((GOLDEN / "fixture_result.json").read_text(encoding="utf-8")))


@pytest.fixture()
def fake(fixture_result) -> FakeStore:
    hostile = Result.from_dict(FIXTURE.hostile(fixture_result.to_dict()))
    return FakeStore({"s1": fixture_result, "s2": replace(hostile, stories=(replace(hostile.stories[0], id="s2"),))})


@pytest.fixture()
def client(fake, tmp_path) -> TestClient:
    app = create_app(store=fake, models=lambda: None, upload_dir=tmp_path / "uploads",
                     limits=UploadLimits(max_file_bytes=2_000, max_files=3, max_request_bytes=20_000))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def test_story_list_and_search(client, fixture_result):
    page = client.get("/")
    assert page.status_code == 200
    assert fixture_result.stories[0].title in page.text
    assert 'href="/stories/s1"' in page.text
    found = client.get("/", params={"q": "provincial capital"})
    assert "Matches for" in found.text and found.text.count('class="hit"') == 2  # the fixture and its hostile twin


def test_story_page_is_the_report_with_linked_assets(client, fixture_result):
    page = client.get("/stories/s1")
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/static/report.css">' in page.text
    assert '<script src="/static/report.js" defer></script>' in page.text
    assert "<style>" not in page.text and "http-equiv" not in page.text
    for sentence in fixture_result.stories[0].summary:
        assert sentence.text in page.text


@pytest.mark.parametrize("path", ["/stories/nope", "/stories/..%2F..%2Fetc%2Fpasswd", "/api/stories/nope",
                                  "/static/..%2Fapp.py", "/static/../../store.py", "/static/world.json"])
def test_unknown_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_static_files_from_the_fixed_list(client):
    css = client.get("/static/report.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/report.js").headers["content-type"].startswith("text/javascript")


def test_every_answer_carries_the_security_headers(client):
    for path in ("/", "/stories/s1", "/api/stories", "/static/app.css", "/nope", "/openapi.json"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP


def test_json_api_returns_contract_objects(client, fixture_result):
    stories = client.get("/api/stories").json()
    assert [s["id"] for s in stories] == ["s1", "s2"]
    assert set(stories[0]) == {"id", "title", "size", "first_date", "last_date", "top_entities"}
    story = client.get("/api/stories/s1").json()
    assert story == fixture_result.to_dict()
    jsonschema.validate(story, json.loads(SCHEMA.read_text(encoding="utf-8")))
    hits = client.get("/api/search", params={"q": "Kabul"}).json()
    assert {(h["story_id"], h["article_id"][:2]) for h in hits} == {("s1", "a4"), ("s2", "a4")}
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_openapi_describes_the_api_and_the_contract(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest"} <= set(spec["paths"])
    assert "/upload" not in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert schemas["StoryResult"]["properties"]["stories"]["items"] == {"$ref": "#/components/schemas/Story_story"}
    refs = {v for v in _walk_refs(spec)}
    for ref in refs:
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    assert client.get("/docs").status_code == 404  # Swagger UI would load code from a CDN


def _walk_refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _walk_refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk_refs(v)


def wait_for_upload(client, status_page: str, seconds: float = 30.0):
    """The upload's status page once the job has finished (the page polls the same way)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        answer = client.get(status_page, follow_redirects=False)
        if answer.status_code != 200 or 'http-equiv="refresh"' not in answer.text or time.monotonic() > deadline:
            return answer
        time.sleep(0.05)


def test_upload_saves_safely_and_ingests(client, fake, tmp_path):
    files = [("files", ("../../evil name.txt", b"A short article.\nIt has two lines.", "text/plain")),
             ("files", ("feed.jsonl", b'{"text": "An article in JSONL."}\n', "application/json"))]
    answer = client.post("/upload", files=files, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/uploads/")
    answer = wait_for_upload(client, answer.headers["location"])
    assert answer.status_code == 303 and answer.headers["location"].startswith("/?added=2")
    paths = [Path(p) for p in fake.ingested[-1]]
    uploads = (tmp_path / "uploads").resolve()
    assert all(p.parent == uploads for p in paths)
    assert paths[0].name.endswith("-evil_name.txt") and paths[0].read_bytes().startswith(b"A short article.")
    assert "Added 2 articles" in client.get(answer.headers["location"]).text
    api = client.post("/api/ingest", files=[("files", ("one.txt", b"Another article.", "text/plain"))])
    assert api.status_code == 200 and api.json()["added"] == 1


@pytest.mark.parametrize("name, data, reason", [
    ("notes.pdf", b"%PDF-1.7", "not an accepted type"),
    ("run.sh", b"#!/bin/sh\nrm -rf /", "not an accepted type"),
    ("page.html", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data"),
    ("big.txt", b"x" * 2_001, "larger than"),
    ("empty.txt", b"", "empty file"),
    ("crawl.warc.gz", b"WARC/1.0\r\n", "not gzip"),
    ("crawl.warc", b"\x1f\x8b\x08", "not a WARC"),
])
def test_upload_type_and_size_limits(client, fake, name, data, reason):
    answer = client.post("/api/ingest", files=[("files", (name, data, "application/octet-stream"))])
    assert answer.status_code == 400 and reason in answer.json()["detail"]
    assert fake.ingested == []


def test_upload_count_and_request_size_limits(client, fake):
    many = [("files", (f"a{i}.txt", b"text", "text/plain")) for i in range(4)]
    assert client.post("/api/ingest", files=many).status_code == 400
    huge = [("files", (f"a{i}.txt", b"y" * 1_900, "text/plain")) for i in range(12)]
    assert client.post("/api/ingest", files=huge).status_code == 413
    assert fake.ingested == []


def test_cross_origin_posts_and_foreign_hosts_are_refused(client, fake):
    files = [("files", ("a.txt", b"text", "text/plain"))]
    assert client.post("/upload", files=files, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/upload", files=files, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/upload", files=files, headers={"Origin": "null"}).status_code == 403
    assert client.post("/upload", files=files, headers={"Origin": "null", "Sec-Fetch-Site": "same-site"}).status_code == 403
    assert client.post("/upload", files=files, headers={"Origin": "https://evil.example",
                                                         "Sec-Fetch-Site": "same-origin"}).status_code == 403
    same = client.post("/upload", files=files, headers={"Origin": "http://127.0.0.1:8000"}, follow_redirects=False)
    assert same.status_code == 303
    wait_for_upload(client, same.headers["location"])
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert len(fake.ingested) == 1  # only the same-origin post


def test_upload_error_page_escapes_the_file_name(client):
    answer = client.post("/upload", files=[("files", ('<img src=x onerror=alert(1)>.exe', b"x", "text/plain"))])
    assert answer.status_code == 400
    assert "<img" not in answer.text and "img_src_x_onerror_alert_1_.exe" in answer.text


def test_hostile_story_is_escaped_in_list_and_page(client):
    for path in ("/", "/stories/s2", "/?q=window"):
        text = client.get(path).text
        assert "<script>window" not in text and "<img src=x" not in text and "<svg onload" not in text


@pytest.mark.parametrize("name, expected", [
    ("report.txt", "report.txt"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    (".hidden.html", "hidden.html"),
    ("a b;c$(d).json", "a_b_c_d_.json"),
    ("", "upload"),
    ("..", "upload"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_save_upload_stays_in_its_folder(tmp_path):
    target = save_upload(tmp_path, "../../x.txt", b"data")
    assert target.parent == tmp_path.resolve() and target.read_bytes() == b"data"
    assert save_upload(tmp_path, "../../x.txt", b"data") == target  # same content, same file
    with pytest.raises(UploadError):
        check_upload("x.exe", b"data", UploadLimits())


def test_serve_command_is_loopback_by_default():
    from newsweave.cli import build_parser

    args = build_parser().parse_args(["serve", "--db", "news.db"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


@pytest.fixture(scope="module")
def real_client(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("webdb") / "news.db"
    app = create_app(db, models=lambda: models, settings=Settings())
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        yield c


def test_real_store_upload_of_the_samples_gives_one_story(real_client, samples_dir):
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(samples_dir.glob("*.txt"))]
    answer = real_client.post("/api/ingest", files=files)
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == 5
    stories = real_client.get("/api/stories").json()
    assert len(stories) == 1 and stories[0]["size"] == 5
    story = real_client.get(f"/api/stories/{stories[0]['id']}").json()
    jsonschema.validate(story, json.loads(SCHEMA.read_text(encoding="utf-8")))
    page = real_client.get(f"/stories/{stories[0]['id']}")
    assert page.status_code == 200 and story["stories"][0]["title"].split()[0] in page.text
    again = real_client.post("/api/ingest", files=files).json()
    assert (again["added"], again["skipped"]) == (0, 5)
