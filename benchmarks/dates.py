"""Dates benchmark: TimeML values of the gold TIMEX3 spans of TempEval-3 (TimeBank + AQUAINT).

Data: `../shared/bench/temporal/tempeval3-train.jsonl.gz`, 256 news articles,
1,822 gold TIMEX3 (DATE / TIME / DURATION / SET) with their values and the
article's date (`dct`). Split: articles by the parity of the first byte of the
MD5 of their id; the even half is dev (the rules were read and adjusted
there), the odd half held out. Both are reported apart.

Scores, newsweave beside dateparser 1.5.0 in the same run:
- value accuracy given the gold span: newsweave reads the span with
  `timeline.timex.read_timex` against the dct, in the tense of its sentence's
  spaCy parse (`timeline.tense.tense_of`), after the reference times the
  article named before it (`timeline.timex.Anchors`: last date, day, period);
  dateparser reads the same span with RELATIVE_BASE = dct (its date cut to
  the period it reports: day, week, month or year);
- on the gold DATE expressions with a calendar value (the value starts with a
  digit: days, months, years, weeks, quarters, seasons, decades), on all DATE
  expressions, and on all four kinds together (kind and value both right);
- the same with the value alone ("value only": TempEval-3 scores the type and
  the value of a TIMEX3 as two attributes; a gold DATE "Friday morning" =
  1998-08-07TMO that newsweave reads as a time of that value is right here);
- "spelling aside" (not the target; kind and value both asked, as in the first column): the gold and
  newsweave's values compared after the spellings of one value are made one (`spelling_aside`: "1949-XX"
  and "1994-XX-XX" for a plain year, "2000-W7" for "2000-W07", "196X" for "196"), how much of what is
  left is the way a value is written rather than which value it is;
- span recall of newsweave's own extractor (`timeline.dates.expression_spans`):
  gold spans found exactly, and found overlapping;
- end to end, on the gold DATE expressions with a calendar value: newsweave
  finds its own expressions and reads them after its own anchors
  (`timeline.dates.doc_timexes`, what `story_dates` gives a user); a gold
  expression counts right when the found expression that overlaps it most
  has its value (TempEval-3's relaxed match), and, stricter, when that
  expression also has its exact span. A gold expression newsweave does not
  find counts wrong here; in the rows above every gold span is handed over.

Run: PYTHONPATH=src .venv/bin/python benchmarks/dates.py [--errors dev]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "bench" / "temporal" / "tempeval3-train.jsonl.gz"
CACHE = Path("/tmp/dates/tempeval3-docs.spacy")


def split_of(article_id: str) -> str:
    """"dev" or "held-out" for an article, by the parity of its id's MD5."""
    return "dev" if hashlib.md5(article_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load_records() -> list[dict]:
    """The TempEval-3 records, each with its TIMEX3 list in text order."""
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    for r in records:
        r["timexes"] = sorted(r["timexes"], key=lambda t: t["start"])
    return records


def parse_all(records: list[dict]):
    """spaCy docs of every article's text (cached under /tmp/dates/)."""
    import spacy
    from spacy.tokens import DocBin

    from newsweave import nlp as nw_nlp

    nw_nlp.register_components()
    model = spacy.load(nw_nlp.SPACY_PACKAGE, disable=["lemmatizer"])
    model.add_pipe("newsweave_line_breaks", before="parser")
    if CACHE.exists():
        docs = list(DocBin().from_bytes(CACHE.read_bytes()).get_docs(model.vocab))
        if len(docs) == len(records) and all(d.text == r["text"] for d, r in zip(docs, records)):
            return docs
    docs = list(model.pipe((r["text"] for r in records), batch_size=8))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(DocBin(docs=docs, store_user_data=False).to_bytes())
    return docs


def dct_of(record: dict) -> date:
    """The article's date (the dct may carry a time)."""
    return date.fromisoformat(record["dct"][:10])


def newsweave_readings(record: dict, doc) -> list:
    """newsweave's Timex for each gold span of one article, in text order."""
    from newsweave.timeline.dates import read_span
    from newsweave.timeline.timex import next_previous

    out, previous = [], None
    for t in record["timexes"]:
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        found = read_span(t["text"], span, dct_of(record), previous)
        out.append(found)
        previous = next_previous(previous, found, t["text"])
    return out


def spelling_aside(value: str) -> str:
    """A TimeML value with the spellings of one value made one: unknown trailing parts dropped ("1949-XX",
    "1994-XX-XX" = "1994"), weeks unpadded ("2000-W7" = "2000-W07"), a decade's X dropped ("196X" = "196").
    Only different ways of writing the same value; nothing that changes what it means."""
    while re.search(r"^\d{3,4}.*-XX$", value):
        value = value[:-3]
    value = re.sub(r"-W0(\d)\b", r"-W\1", value)
    return re.sub(r"^(\d{3})X$", r"\1", value)


def dateparser_value(text: str, dct: date) -> str | None:
    """dateparser's reading of a span as a TimeML date value (day, ISO week, month or year)."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past"}
    try:
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings: no reading
        return None
    if found is None or found.date_obj is None:
        return None
    d = found.date_obj.date()
    period = found.period or "day"
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return d.isoformat() + found.date_obj.strftime("T%H:%M")
    return d.isoformat()


def span_recall(record: dict, doc) -> tuple[int, int]:
    """Gold spans of one article that newsweave's extractor finds exactly, and overlapping."""
    from newsweave.timeline.dates import expression_spans

    found = expression_spans(doc, record["text"])
    exact = sum((t["start"], t["end"]) in found for t in record["timexes"])
    overlap = sum(any(s < t["end"] and t["start"] < e for s, e in found) for t in record["timexes"])
    return exact, overlap


def end_to_end(record: dict, doc) -> list[tuple[bool, bool]]:
    """For each gold DATE with a calendar value: (value right on the most-overlapping found expression,
    value right and span exact), newsweave reading its own expressions after its own anchors."""
    from newsweave.timeline.dates import doc_timexes

    found = doc_timexes(doc, record["text"], dct_of(record))
    out = []
    for t in record["timexes"]:
        if t["type"] != "DATE" or not t["value"][:1].isdigit():
            continue
        best, most = None, 0
        for start, end, timex in found:
            shared = min(end, t["end"]) - max(start, t["start"])
            if shared > most:
                best, most = (start, end, timex), shared
        right = best is not None and best[2].value == t["value"]
        out.append((right, right and (best[0], best[1]) == (t["start"], t["end"])))
    return out


def main() -> int:
    """Score both systems on both halves and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", choices=["dev", "held-out"], help="print the wrong readings of a half")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"error: benchmark data not found: {DATA}", file=sys.stderr)
        return 1
    started = time.time()
    records = load_records()
    docs = parse_all(records)
    rows: dict[str, dict[str, list[int]]] = {}
    recall: dict[str, list[int]] = {}
    whole: dict[str, list[int]] = {}
    for record, doc in zip(records, docs):
        half = split_of(record["id"])
        dct = dct_of(record)
        mine = newsweave_readings(record, doc)
        exact, overlap = span_recall(record, doc)
        r = recall.setdefault(half, [0, 0, 0])
        r[0] += exact
        r[1] += overlap
        r[2] += len(record["timexes"])
        w = whole.setdefault(half, [0, 0, 0])
        for relaxed, exact_span in end_to_end(record, doc):
            w[0] += relaxed
            w[1] += exact_span
            w[2] += 1
        for gold, got in zip(record["timexes"], mine):
            kind = gold["type"].lower()
            theirs = dateparser_value(gold["text"], dct) if kind in ("date", "time") else None
            value_ok = got is not None and got.value == gold["value"]
            ok = value_ok and got.kind == kind
            spelled_ok = got is not None and got.kind == kind and spelling_aside(got.value) == spelling_aside(gold["value"])
            base = theirs == gold["value"]
            sets = ["all kinds"]
            if kind == "date":
                sets.append("DATE")
                if gold["value"][:1].isdigit():
                    sets.append("DATE, calendar value")
            for name in sets:
                cell = rows.setdefault(half, {}).setdefault(name, [0, 0, 0, 0, 0])
                cell[0] += ok
                cell[1] += base
                cell[2] += 1
                cell[3] += value_ok
                cell[4] += spelled_ok
            if args.errors == half and not ok:
                print(f"{record['dct'][:10]}\t{gold['type']}\t{gold['text']!r}\tgold={gold['value']}\t"
                      f"got={got.value if got else None}/{got.kind if got else ''}\tdp={theirs}")
    print(f"TempEval-3 train (TimeBank + AQUAINT), {len(records)} articles; {time.time() - started:.0f} s\n")
    print("| gold spans | half | n | newsweave | newsweave, value only | newsweave, spelling aside | dateparser |")
    print("|---|---|---|---|---|---|---|")
    for name in ("DATE, calendar value", "DATE", "all kinds"):
        for half in ("dev", "held-out"):
            ok, base, n, value_ok, spelled_ok = rows[half][name]
            print(f"| {name} | {half} | {n} | {ok / n:.3f} ({ok}) | {value_ok / n:.3f} ({value_ok}) | "
                  f"{spelled_ok / n:.3f} ({spelled_ok}) | {base / n:.3f} ({base}) |")
    print("\n| span recall of newsweave's extractor | half | gold spans | exact | overlapping |")
    print("|---|---|---|---|---|")
    for half in ("dev", "held-out"):
        exact, overlap, n = recall[half]
        print(f"| spaCy DATE/TIME entities, trimmed, a day and its time joined, cut into TimeML extents | {half} | "
              f"{n} | {exact / n:.3f} | {overlap / n:.3f} |")
    print("\n| end to end: gold DATE, calendar value, newsweave's own expressions | half | n | "
          "value right (overlap) | value right, exact span |")
    print("|---|---|---|---|---|")
    for half in ("dev", "held-out"):
        relaxed, exact_span, n = whole[half]
        print(f"| newsweave | {half} | {n} | {relaxed / n:.3f} ({relaxed}) | {exact_span / n:.3f} ({exact_span}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
