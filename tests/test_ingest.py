"""Reading inputs: every format, every encoding, and bad input that never raises.

Fixtures in `fixtures/ingest/` wrap real paragraphs of the reference samples
in HTML pages, JSON records, RSS/Atom feeds and a WARC archive.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from newsweave.ingest import READERS, expand_paths, read_as, read_bytes, read_inputs
from newsweave.ingest.dates import normalize_date
from newsweave.ingest.decode import decode_bytes
from newsweave.ingest.markup import fragment_to_text
from newsweave.ingest.sniff import detect_format
from newsweave.model import Settings

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
SAMPLES = Path(__file__).resolve().parents[1] / "examples" / "panjshir"
SETTINGS = Settings()

# Real lines of the samples that the fixtures carry.
HEADLINE_004 = "Leader of Afghan resistance in Panjshir Ahmad Massoud says ready to talk to Taliban"
QUOTE_004 = ("“The National Resistance Front of Afghanistan (NRFA) is ready to stop the war immediately "
             "in order to achieve stable peace, if the Taliban ends it military attacks on Panjshir and Andarab,” "
             "Massoud said.")
DASH_004 = "north of Kabul – the last stronghold of opposition to the Taliban"
LEAD_000 = "The offer came from Ahmad Massoud, the leader of the resistance group in Panjshir"
LEAD_003 = "Kolkata, India: The leader of the forces resisting the Taliban"


def read_one(path: Path, settings: Settings = SETTINGS):
    return read_inputs([path], settings)


# --- formats -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, n, title, outlet, url, author, published, extracted",
    [
        ("article.html", 1, HEADLINE_004, "Example Herald",
         "https://herald.example.com/world/resistance-ready-to-talk", "Staff Reporter", "2021-09-05", True),
        ("article-cp1252.htm", 1, HEADLINE_004, "Example Herald",
         "https://herald.example.com/world/resistance-ready-to-talk", "Staff Reporter", "2021-09-05", True),
        ("article.json", 1, "The leader of a group in Afghanistan resisting Taliban contr", "Example Wire",
         "https://wire.example.org/1", None, "2021-09-05", False),
        ("feed.rss", 2, "The leader of a group in Afghanistan resisting Taliban control in the",
         "Example Wire: World", "https://wire.example.org/0", "Wire Desk", "2021-09-05", False),
        ("feed.atom", 2, "Panjshir leader tells Taliban they’re open for negotiations", "Example Herald",
         "https://herald.example.com/1", "Herald Staff", "2021-09-06", False),
        ("feed-unnamed.dat", 2, "The leader of a group in Afghanistan resisting Taliban control in the",
         "Example Wire: World", "https://wire.example.org/0", "Wire Desk", "2021-09-05", False),
        ("pages.warc.gz", 2, HEADLINE_004, "Example Herald",
         "https://herald.example.com/world/resistance-ready-to-talk", "Staff Reporter", "2021-09-05", True),
    ],
)
def test_metadata_of_first_article(name, n, title, outlet, url, author, published, extracted):
    result = read_one(FIX / name)
    assert result.rejected == ()
    assert len(result.articles) == n
    first = result.articles[0]
    assert (first.title, first.outlet, first.url, first.author, first.published, first.extracted) == (
        title, outlet, url, author, published, extracted)


@pytest.mark.parametrize("name", ["article-utf16.txt", "article-cp1252.txt", "article-utf8-bom.txt"])
def test_text_encodings_read_exactly(name):
    original = [line for line in (SAMPLES / "004_e619fb0d5ecc3523.txt").read_text("utf-8").split("\n") if line.strip()]
    (article,) = read_one(FIX / name).articles
    assert article.text == "\n".join(original[:4]) + "\n"
    assert article.extracted is False and article.path == str(FIX / name)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Café “quoted” – naïve résumé coöperate.", "cp1252"),
        ("naïve café", "latin-1"),
        ("El niño comió — ¿qué pasó? Sí, señor.", "cp1252"),
        ("Der Bürgermeister sagte, dass die Straße gesperrt ist.", "latin-1"),
        ("Министр заявил, что переговоры продолжатся на следующей неделе в столице страны.", "cp1251"),
        ("Ο υπουργός δήλωσε ότι οι συνομιλίες θα συνεχιστούν την επόμενη εβδομάδα.", "cp1253"),
        ("Massoud said “ready to talk” – 2021", "utf-16"),
        ("Massoud said “ready to talk” – 2021", "utf-8"),
    ],
)
def test_decode_bytes_detects_encoding(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("name", ["article.html", "article-cp1252.htm"])
def test_html_keeps_paragraphs_and_drops_furniture(name):
    (article,) = read_one(FIX / name).articles
    lines = article.text.split("\n")
    assert QUOTE_004 in lines  # one paragraph, one line, curly quotes intact
    assert any(DASH_004 in line for line in lines)
    for furniture in ("Most read", "All rights reserved", "Advertisement", "Sport"):
        assert furniture not in article.text


def test_jsonl_keeps_ids_and_rejects_bad_lines_only():
    result = read_one(FIX / "articles.jsonl")
    jsonl = str(FIX / "articles.jsonl")
    assert [a.id for a in result.articles] == ["herald-1", "42", None]
    assert [a.path for a in result.articles] == [f"{jsonl}:1", f"{jsonl}:2", f"{jsonl}:5"]
    assert result.articles[1].published == "2021-09-06"  # RFC 2822 in the record
    html_only = result.articles[2]
    assert html_only.extracted and html_only.title == "html only" and QUOTE_004 in html_only.text
    assert html_only.published == "2021-09-05"  # the record's "not a date" gives way to the page's own
    reasons = {r.path: r.reason for r in result.rejected}
    assert set(reasons) == {f"{jsonl}:3", f"{jsonl}:4"}
    assert reasons[f"{jsonl}:3"].startswith("malformed JSON: Unterminated string")
    assert reasons[f"{jsonl}:4"] == "no 'text' field"


def test_json_array_and_gzipped_jsonl():
    array = read_one(FIX / "articles.json")
    assert [(a.id, a.path) for a in array.articles] == [
        ("herald-1", f"{FIX / 'articles.json'}#1"), ("42", f"{FIX / 'articles.json'}#2")]
    zipped = read_one(FIX / "articles.jsonl.gz")
    assert [a.id for a in zipped.articles] == ["herald-1", "42"] and zipped.rejected == ()
    assert LEAD_003 in zipped.articles[1].text


def test_feed_entries_are_text_with_paragraph_breaks():
    rss = read_one(FIX / "feed.rss").articles
    assert [a.path for a in rss] == [f"{FIX / 'feed.rss'}#1", f"{FIX / 'feed.rss'}#2"]
    assert rss[0].text.split("\n")[1].startswith(LEAD_000)
    assert "<p>" not in rss[0].text
    atom = read_one(FIX / "feed.atom").articles
    assert atom[0].text.startswith(LEAD_003) and atom[0].text.count("\n") == 3
    assert atom[1].title == "Summary only" and atom[1].text.startswith("Fierce fighting")


def test_warc_reads_html_responses_only_with_their_urls():
    result = read_one(FIX / "pages.warc.gz")
    warc = str(FIX / "pages.warc.gz")
    assert [(a.path, a.url) for a in result.articles] == [
        (f"{warc}#2", "https://herald.example.com/world/resistance-ready-to-talk"),
        (f"{warc}#5", "https://herald.example.com/world/offer-of-talks"),
    ]
    assert QUOTE_004 in result.articles[0].text
    assert LEAD_000 in result.articles[1].text  # served as windows-1252, read correctly


def test_uncompressed_warc(tmp_path):
    target = tmp_path / "pages.warc"
    target.write_bytes(gzip.decompress((FIX / "pages.warc.gz").read_bytes()))
    assert len(read_one(target).articles) == 2


def test_dicts_like_jsonl_lines():
    result = read_inputs([{"id": "x1", "text": LEAD_000, "published": "5 September 2021"},
                          {"text": "  "}, {"title": "no text"}, {"html": (FIX / "article.html").read_text()}],
                         SETTINGS)
    assert [(a.id, a.path, a.published) for a in result.articles] == [("x1", None, "2021-09-05"), (None, None, "2021-09-05")]
    assert [r.reason for r in result.rejected] == ["empty 'text'", "no 'text' field"]


# --- folders -------------------------------------------------------------------------------

def test_folders_walk_sorted_recursively_and_skip_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ["z.txt", "b/a.txt", "a.txt", ".hidden.txt", ".git/x.txt", "b/.DS_Store"]:
        (tmp_path / rel).write_text(f"{LEAD_000} ({rel})\n", encoding="utf-8")
    result = read_one(tmp_path)
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in result.articles] == ["a.txt", "b/a.txt", "z.txt"]
    assert result.rejected == ()


def test_expanded_paths_read_the_same(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "empty").mkdir()
    for rel in ["z.txt", "b/a.txt", "a.txt", ".hidden.txt"]:
        (tmp_path / rel).write_text(f"{LEAD_000} ({rel})\n", encoding="utf-8")
    inputs = [tmp_path, {"text": LEAD_003}, tmp_path / "empty", FIX / "feed.rss"]
    expanded = expand_paths(inputs)
    assert len(expanded) == 6
    assert read_inputs(expanded, SETTINGS) == read_inputs(inputs, SETTINGS)


@pytest.mark.parametrize(
    "name, head, kind",
    [
        ("x.txt", b"plain words", "text"),
        ("x", b"<!DOCTYPE html><html><body>", "html"),
        ("x.txt", b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("x.xml", b"<html><body>", "html"),
        ("x", b"WARC/1.0\r\n", "warc"),
        ("x.dat", gzip.compress(b"WARC/1.1\r\n"), "warc"),
        ("x.jsonl.gz", gzip.compress(b"{}"), "gzip"),
        ("x", b'  {"text": "a"}', "json"),
        ("x.html", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_detect_format(name, head, kind):
    assert detect_format(name, head) == kind


# --- bad input -----------------------------------------------------------------------------

def _truncated(name: str, keep: float) -> bytes:
    data = (FIX / name).read_bytes()
    return data[: int(len(data) * keep)]


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.html", b" \n\t\n", "empty file"),
        ("pixel.png", (FIX / "pixel.png").read_bytes(), "binary file (PNG image)"),
        ("image.txt", (FIX / "pixel.png").read_bytes(), "binary file (PNG image)"),
        ("nul.txt", b"abc\x00\x01\x02def", "binary file (NUL bytes)"),
        ("ctl.txt", bytes(range(1, 9)) * 50, "binary file (control characters)"),
        ("cut.json", _truncated("article.json", 0.5), "malformed JSON: Unterminated string"),
        ("list.json", b"[1, 2]", "not a JSON object but a number"),
        ("scalar.json", b"17", "JSON holds neither an object nor an array of objects"),
        ("deep.json", b"[" * 100_000, "malformed JSON"),
        ("cut.rss", _truncated("feed.rss", 0.2), "malformed feed: "),
        ("notfeed.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS/Atom feed"),
        ("page.html", b"<html><head><title>t</title></head><body></body></html>", "no article text found in the HTML"),
        ("bad.warc", b"this is not an archive\n", "malformed WARC: "),
        ("cut.warc.gz", _truncated("pages.warc.gz", 0.3), "malformed WARC"),
        ("cut.jsonl.gz", _truncated("articles.jsonl.gz", 0.5), "malformed gzip"),
    ],
)
def test_bad_bytes_are_rejected_with_a_reason(name, data, reason):
    read = read_bytes(data, name, SETTINGS)
    assert read.articles == () or name == "cut.warc.gz"
    assert read.rejected and read.rejected[-1].reason.startswith(reason)
    assert all("\n" not in r.reason for r in read.rejected)


def test_truncated_feed_keeps_whole_entries_and_reports_the_break():
    read = read_bytes(_truncated("feed.rss", 0.7), "cut.rss", SETTINGS)
    assert len(read.articles) == 1 and read.articles[0].text.startswith("The leader of a group")
    assert [r.path for r in read.rejected] == ["cut.rss#2", "cut.rss"]
    assert read.rejected[0].reason == "entry cut off where the feed breaks"
    assert read.rejected[1].reason.startswith("malformed feed: ") and read.rejected[1].reason.endswith("(kept 1 whole entry)")


@pytest.mark.parametrize(
    "declared, reason",
    [
        (b"Content-Length: 1900", "malformed WARC after record 2: Invalid WARC record"),
        (b"Content-Length: 9999", "malformed WARC: truncated in record 2"),
    ],
)
def test_damaged_warc_is_reported_not_printed(declared, reason, capfd):
    raw = gzip.decompress((FIX / "pages.warc.gz").read_bytes()).replace(b"Content-Length: 1944", declared, 1)
    read = read_bytes(raw, "damaged.warc", SETTINGS)
    assert any(r.reason.startswith(reason) for r in read.rejected)
    assert capfd.readouterr().err == ""  # warcio's own multi-line warning is silenced


def test_text_over_the_limit_is_rejected(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 1_000_001)  # just over the default 5 MB
    (rejected,) = read_one(big).rejected
    assert rejected.reason == "text too large: 5,000,005 bytes (limit 5,000,000)"
    small = Settings(max_text_bytes=100)
    assert read_inputs([{"text": "x" * 101}], small).rejected[0].reason.startswith("text too large")
    assert read_inputs([{"text": "x" * 100}], small).articles


def test_unreadable_paths(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(tmp_path / "pipe")
    result = read_inputs([tmp_path / "missing.txt", tmp_path / "dangling", tmp_path / "pipe", "", 3.5, None],
                         SETTINGS)
    assert [r.reason for r in result.rejected] == [
        "no such file or directory", "no such file or directory", "not a regular file", "empty path",
        "not a path or a dict but float", "not a path or a dict but NoneType"]
    assert result.articles == ()


def test_permission_denied(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text(LEAD_000)
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads files whatever their mode: refuse as the OS would for others
        real_read, real_open = Path.read_bytes, Path.open

        def refuse(method):
            def guarded(self, *args, **kwargs):
                if self == secret:
                    raise PermissionError(13, "Permission denied", str(self))
                return method(self, *args, **kwargs)
            return guarded

        monkeypatch.setattr(Path, "read_bytes", refuse(real_read))
        monkeypatch.setattr(Path, "open", refuse(real_open))
    result = read_inputs([secret, tmp_path], SETTINGS)
    assert [r.reason for r in result.rejected] == ["permission denied", "permission denied"]
    assert result.articles == ()


def test_folder_of_good_and_bad_files(tmp_path, samples_dir):
    shutil.copytree(samples_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copy(FIX / "pixel.png", tmp_path)
    (tmp_path / "cut.json").write_bytes(_truncated("article.json", 0.6))
    result = read_one(tmp_path)
    assert len(result.articles) == 5
    assert sorted(Path(r.path).name for r in result.rejected) == ["cut.json", "empty.txt", "pixel.png"]


# --- dates and fragments -------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-09-05", "2021-09-05"),
        ("2021-09-05T18:30:00+05:30", "2021-09-05"),
        ("Sun, 05 Sep 2021 10:00:00 +0000", "2021-09-05"),
        ("September 06, 2021", "2021-09-06"),
        ("Sept. 5, 2021", "2021-09-05"),
        ("2021-09", None),
        ("yesterday", None),
        ("2021-13-45", None),
        ("0001-01-01", None),
        ("", None),
        (20210905, None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "fragment, text",
    [
        ("<p>One &amp; two.</p><p>Three <b>four</b><br>five</p>", "One & two.\nThree four\nfive"),
        ("<div><script>track()</script>Body</div>", "Body"),
        ("plain 3 < 4 & 5", "plain 3 < 4 & 5"),
        ("<ul><li>a</li><li>b</li></ul>tail", "a\nb\ntail"),
    ],
)
def test_fragment_to_text(fragment, text):
    assert fragment_to_text(fragment) == text


# --- properties: no input makes a reader raise ---------------------------------------------

FIXTURE_NAMES = sorted(p.name for p in FIX.iterdir())
PROPERTY = hsettings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _accounted(read) -> bool:
    """Every input gives articles or a rejection, and no reader failed unexpectedly."""
    return bool(read.articles or read.rejected) and not any("unexpected error" in r.reason for r in read.rejected)


@pytest.mark.parametrize("kind", sorted(READERS))
@PROPERTY
@given(data=st.binary(max_size=2048))
def test_every_reader_survives_random_bytes(kind, data):
    assert _accounted(read_as(kind, data, f"random.{kind}", SETTINGS))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@PROPERTY
@given(keep=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_fixtures_never_raise(name, keep):
    data = _truncated(name, keep)
    if not data.strip():
        data = b" "
    assert _accounted(read_bytes(data, name, SETTINGS))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@PROPERTY
@given(data=st.data())
def test_fixtures_with_flipped_bytes_never_raise(name, data):
    raw = bytearray((FIX / name).read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    assert _accounted(read_bytes(bytes(raw), name, SETTINGS))


def test_empty_folder_and_folder_of_hidden_files(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".notes.txt").write_text(LEAD_000)
    result = read_inputs([tmp_path / "empty", tmp_path / "hidden"], SETTINGS)
    assert [(Path(r.path).name, r.reason) for r in result.rejected] == [
        ("empty", "folder holds no files"), ("hidden", "folder holds no files")]


@PROPERTY
@given(name=st.sampled_from(FIXTURE_NAMES), kind=st.sampled_from(sorted(READERS)),
       keep=st.floats(min_value=0.0, max_value=1.0))
def test_every_reader_survives_every_truncated_fixture(name, kind, keep):
    assert _accounted(read_as(kind, _truncated(name, keep), name, SETTINGS))
