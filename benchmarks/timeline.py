"""Timeline benchmark: normalised dates, publication-date inference and event merging.

Data: WikiNews articles of the TAC 2011 MultiLing pilot (`../shared/bench/
multiling2011-en/sources`), whose second line is the publication date. The
date line is removed from the text the system reads; the annotated set
`benchmarks/data/timeline_gold.jsonl` gives, for every DATE/TIME span spaCy
finds in the chosen topics, its value on the calendar (null for durations and
other non-dates) and, for the topics annotated for merging, an event key
(mentions of one event share it).

Scores, newsweave beside a baseline in the same run:
- normalisation accuracy given the true publication date, on all dated gold
  expressions and on the day-precision ones (target >= 0.9); baseline:
  dateparser 1.5.0 on the same span with RELATIVE_BASE and past preference;
- non-dates rejected (durations the system leaves undated);
- publication date inferred for each article with its own date hidden and its
  topic's other dates known (leave one out); baseline: the nearest other date;
- event merging, pairwise precision/recall/F1 over cross-article pairs of
  dated gold mentions; baselines: one event per date, and no merging;
- timeline entry texts: the share that, parsed alone, are a clause (a verb
  with its subject), beside the first 12 words of the cited sentence.

Run: .venv/bin/python benchmarks/timeline.py [--dump TOPIC...]
`--dump` prints the spans of the topics with both systems' values, the
starting point of the annotation (each line was then checked by hand).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from datetime import date, datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "bench" / "multiling2011-en" / "sources"
GOLD = ROOT / "benchmarks" / "data" / "timeline_gold.jsonl"
SAMPLES = ROOT / "examples" / "panjshir"
PANJSHIR_GOLD = ROOT / "benchmarks" / "data" / "timeline_gold_panjshir.jsonl"
DATE_LINE = re.compile(r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
                       r"(\w+ \d{1,2}, \d{4})\s*")


def read_article(path: Path):
    """A WikiNews source as an Article without its date line, and its publication date."""
    from newsweave.model import Article

    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    published = None
    for i in nonempty[1:3]:
        m = DATE_LINE.match(lines[i])
        if m:
            published = datetime.strptime(m.group(1), "%B %d, %Y").date()
            lines[i] = lines[i][m.end():]
            break
    text = "\n".join(line.rstrip() for line in lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    article = Article(id=path.stem, path=str(path), title=None, outlet="WikiNews", url=None,
                      published=None, published_from=None, text=text)
    return article, published


def load_topics(topics: list[str], models):
    """Parsed articles of each topic, with their true publication dates."""
    from newsweave.nlp import parse_articles

    out = {}
    for topic in topics:
        read = [read_article(p) for p in sorted(SOURCES.glob(f"{topic}*.english"))]
        parsed = parse_articles([a for a, _ in read], models)
        out[topic] = (parsed, {a.id: d for a, d in read})
    return out


def with_dates(parsed, truth, hide: str | None = None):
    """The parsed articles with their true dates filled in, except the hidden one."""
    return [p if p.article.id == hide or truth[p.article.id] is None else
            replace(p, article=replace(p.article, published=truth[p.article.id].isoformat(),
                                       published_from="metadata"))
            for p in parsed]


def baseline_value(text: str, reference: date):
    """Plain dateparser on the span: (iso, precision) or None."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
                "PREFER_DATES_FROM": "past"}
    try:
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:
        return None
    if found is None or found.date_obj is None:
        return None
    period = {"month": "month", "year": "year"}.get(found.period, "day")
    from newsweave.timeline.expressions import format_date

    return format_date(found.date_obj.date(), period), period


def system_value(mention, reference: date):
    from newsweave.timeline.expressions import normalise

    value = normalise(mention.text, reference, mention.future, mention.past)
    return (value.iso, value.precision) if value else None


def dump(topics: list[str], models) -> None:
    """Every DATE/TIME span of the topics, with context and both systems' values (for annotation)."""
    from newsweave.timeline.events import find_mentions

    for topic, (parsed, truth) in load_topics(topics, models).items():
        for p in parsed:
            ref = truth[p.article.id]
            sentences = {s.index: s.text for s in p.sentences}
            for m in find_mentions(p):
                row = {"doc": p.article.id, "start": m.start, "end": m.end, "text": m.text,
                       "published": ref.isoformat(), "ours": system_value(m, ref),
                       "dateparser": baseline_value(m.text, ref),
                       "event": m.event.text if m.event else None,
                       "sentence": sentences[m.sentence][:220]}
                print(json.dumps(row, ensure_ascii=False))


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]


def _find(mentions_by_doc: dict, g: dict):
    """The system mention that overlaps a gold span (spans may be extended by a word)."""
    for m, ref in mentions_by_doc.get(g["doc"], []):
        if m.start < g["end"] and g["start"] < m.end:
            return m, ref
    return None


def score_normalisation(gold, loaded) -> dict:
    """Accuracy of ours and dateparser's values on the gold spans, given the true publication date.

    Rows per split: `dev` (topics the rules were written against) and `test`
    (a topic annotated from the sentences alone and never tuned on).
    """
    from newsweave.timeline.events import find_mentions

    by_doc: dict[str, list] = {}
    for parsed, truth in loaded.values():
        for p in parsed:
            by_doc[p.article.id] = [(m, truth[p.article.id]) for m in find_mentions(p)]
    rows: dict = {}
    errors = []
    for g in gold:
        found = _find(by_doc, g)
        want = (g["value"], g["precision"]) if g["value"] else None
        buckets = ["nondate"] if want is None else (["all", "day"] if want[1] == "day" else ["all"])
        for split in (g.get("split", "dev"), "all"):
            for name in ("ours", "dateparser"):
                if found is None:
                    got = None
                else:
                    m, ref = found
                    got = system_value(m, ref) if name == "ours" else baseline_value(m.text, ref)
                for b in buckets:
                    cell = rows.setdefault((split, name, b), [0, 0])
                    cell[1] += 1
                    cell[0] += int(got == want if want else got is None)
                if name == "ours" and got != want and split != "all":
                    errors.append((split, g["doc"], g["text"], want, got))
    return {"rows": rows, "errors": errors}


def score_publication(loaded) -> dict:
    """Leave-one-out publication-date inference, ours vs the nearest other date of the topic.

    Two settings: every other date of the topic as anchors (WikiNews topics run
    for weeks or months, so a weekday rarely fixes the week), and only the
    dates within three days of the article's own (a story's reports, which come
    out together; the window uses the true date, as a story clustering would).
    """
    from newsweave.timeline.events import find_mentions
    from newsweave.timeline.publication import infer_publication_date

    rows = {}
    for parsed, truth in loaded.values():
        for p in parsed:
            true = truth[p.article.id]
            if true is None:
                continue
            others = [d for k, d in truth.items() if k != p.article.id and d]
            mentions = find_mentions(p)
            for setting, anchors in (("topic", others), ("story (±3 days)", [d for d in others if abs((d - true).days) <= 3])):
                if not anchors:
                    continue
                found = infer_publication_date(mentions, anchors)
                nearest = min(anchors, key=lambda a: abs((a - true).days))
                for name, guess in (("newsweave", found.day if found and found.day_cues else None),
                                    ("nearest anchor (oracle)", nearest)):
                    row = rows.setdefault((setting, name), [0, 0, 0, 0])  # exact, within 1 day, dated, total
                    row[3] += 1
                    if guess is not None:
                        row[2] += 1
                        row[0] += int(guess == true)
                        row[1] += int(abs((guess - true).days) <= 1)
    return rows


def _wikinews_events(gold, loaded, topics):
    """The topics annotated for merging: articles with their true dates, and event keys."""
    parsed = [p for t in topics for p in with_dates(*loaded[t])]
    labelled = {(g["doc"], g["start"], g["end"]): g["event"] for g in gold if g.get("event")}
    return parsed, labelled


def load_panjshir(models):
    """The five reference reports (002 dated as its text says, the others inferred) and their event keys."""
    from newsweave import timeline
    from newsweave.model import Article
    from newsweave.nlp import parse_articles

    articles = []
    for path in sorted(SAMPLES.glob("*.txt")):
        dated = path.name.startswith("002")
        articles.append(Article(id=path.name[:3], path=str(path), title=None, outlet=None, url=None,
                                published="2021-09-06" if dated else None,
                                published_from="text" if dated else None,
                                text=path.read_text(encoding="utf-8")))
    parsed = timeline.infer_publication_dates(parse_articles(articles, models))
    gold = [json.loads(line) for line in PANJSHIR_GOLD.read_text().splitlines() if line.strip()]
    return parsed, {(g["doc"], g["start"], g["end"]): g["event"] for g in gold}


def score_merging(datasets, models) -> dict:
    """Pairwise P/R/F1 of event merging over cross-article pairs of gold-labelled dated mentions.

    `datasets` maps a name to (parsed articles with their dates, {(doc, start, end): event key}).
    """
    from newsweave import timeline
    from newsweave.pipeline import story_vectors

    counts = {}
    for dataset, (parsed, labelled) in datasets.items():
        vectors = story_vectors(parsed, models)  # as `analyze` embeds a story
        dated = [(d, key) for d in timeline.date_mentions(parsed)
                 for key in [next((v for (doc, s0, e0), v in labelled.items()
                                   if doc == d.mention.article and s0 < d.mention.end and d.mention.start < e0), None)]
                 if key]
        group_of = {}
        for n, group in enumerate(timeline.merge_events([d for d, _ in dated], vectors)):
            for d in group:
                group_of[id(d)] = n
        for (a, ka), (b, kb) in combinations(dated, 2):
            if a.mention.article == b.mention.article:
                continue
            predictions = {"newsweave": group_of[id(a)] == group_of[id(b)],
                           "same date": (a.value.iso, a.value.precision) == (b.value.iso, b.value.precision),
                           "no merging": False}
            for name, same in predictions.items():
                c = counts.setdefault((dataset, name), [0, 0, 0])  # tp, fp, fn
                c[0] += int(same and ka == kb)
                c[1] += int(same and ka != kb)
                c[2] += int(ka == kb and not same)
    return counts


def is_clause(text: str, nlp) -> bool:
    """True when a text, parsed alone, is a clause: a verb with its subject (not a noun fragment)."""
    doc = nlp(text)
    return any(t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in t.children)
               for t in doc)


def score_entry_texts(datasets, models) -> dict:
    """Share of timeline entries whose text is a clause with a verb and its subject (a blind check).

    Each entry text is parsed on its own, so the check does not see the
    sentence it came from. Baseline in the same run: the first 12 words of the
    sentence each entry cites first (what a reader would see without the parse).
    """
    from newsweave import timeline
    from newsweave.context import StoryContext
    from newsweave.pipeline import story_vectors

    rows = {}
    for dataset, parsed in datasets.items():
        result = timeline.build_timeline(StoryContext(tuple(parsed), story_vectors(parsed, models)))
        texts = {p.article.id: p.article.text for p in parsed}
        for entry in result.entries:
            c = entry.citations[0]
            window = " ".join(texts[c.article][c.start:c.end].split()[:12])
            for name, text in (("newsweave", entry.text), ("first 12 words of the sentence", window)):
                row = rows.setdefault((dataset, name), [0, 0])
                row[0] += int(is_clause(text, models.spacy))
                row[1] += 1
        rows[(dataset, "entries")] = [len(result.entries), len({(e.date, e.text) for e in result.entries})]
    return rows


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", nargs="*", metavar="TOPIC", help="print spans of these topics for annotation")
    parser.add_argument("--errors", action="store_true", help="list our normalisation errors")
    args = parser.parse_args(argv)
    from newsweave.nlp import load_models

    models = load_models()
    if args.dump:
        dump(args.dump, models)
        return 0
    gold = load_gold()
    topics = sorted({g["doc"][:4] for g in gold})
    t0 = time.perf_counter()
    loaded = load_topics(topics, models)
    norm = score_normalisation(gold, loaded)
    pub = score_publication(loaded)
    datasets = {"WikiNews M002+M008": _wikinews_events(gold, loaded, ("M002", "M008")),
                "Panjshir samples": load_panjshir(models)}
    merge = score_merging(datasets, models)
    texts = score_entry_texts({"WikiNews M002+M008": datasets["WikiNews M002+M008"][0],
                               "Panjshir samples": datasets["Panjshir samples"][0]}, models)
    elapsed = time.perf_counter() - t0
    print(f"topics {', '.join(topics)}; {len(gold)} gold spans; {elapsed:.1f} s\n")
    print("| normalisation (true publication date) | split | newsweave | dateparser |")
    print("|---|---|---|---|")
    for split in ("dev", "test", "all"):
        for bucket, label in (("day", "day-precision dates"), ("all", "all dates"),
                              ("nondate", "non-dates left undated")):
            cells = []
            for name in ("ours", "dateparser"):
                ok, n = norm["rows"].get((split, name, bucket), [0, 0])
                cells.append(f"{ok / n:.3f} ({ok}/{n})" if n else "-")
            print(f"| {label} | {split} | {cells[0]} | {cells[1]} |")
    print("\n| publication date, own date hidden | anchors | exact | within 1 day | dated / total |")
    print("|---|---|---|---|---|")
    for (setting, name), (exact, near, dated, total) in pub.items():
        print(f"| {name} | {setting} | {exact / max(dated, 1):.3f} | {near / max(dated, 1):.3f} | {dated}/{total} |")
    print("\n| event merging (cross-article pairs) | data | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    for (dataset, name), (tp, fp, fn) in merge.items():
        p, r, f = prf(tp, fp, fn)
        print(f"| {name} | {dataset} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print("\n| timeline entry texts (blind parse) | data | clause with verb and subject | entries |")
    print("|---|---|---|---|")
    for (dataset, name), (ok, n) in texts.items():
        if name != "entries":
            print(f"| {name} | {dataset} | {ok / max(n, 1):.3f} ({ok}/{n}) | {texts[(dataset, 'entries')][0]} |")
    if args.errors:
        print()
        for e in norm["errors"]:
            print("ERR", *e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
