"""Citation precision: does each cited span state the summary sentence it is cited for?

    .venv/bin/python benchmarks/citations.py sample     # draw the citations to annotate
    .venv/bin/python benchmarks/citations.py score      # score them against the annotation

Reads the MultiLing 2011 and Multi-News sets in ../shared/bench (outside the
repository), through the summaries benchmark's story preparation (the claims
stage included, as `analyze` runs it).

`sample` summarises every MultiLing topic (250 words) and the first 100
Multi-News clusters (260 words), and draws 100 citations at random (seed 7)
among those that point at another article than the sentence's own (the first
citation is the sentence itself, so it always states it). Each item shows only
the summary sentence and the cited text: `benchmarks/data/citations_sample.jsonl`.
Those items are annotated by someone who has not seen which rule produced them
(`benchmarks/data/citations_gold.jsonl`: `{"id", "label": "yes" | "part" | "no",
"note"}`), and `score` reports the shares. The baseline in the same table is
the same number of citations drawn from what a plain rule would cite: for
each summary sentence, the sentence of each other article with the highest
MiniLM cosine, whatever its value.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import summaries  # noqa: E402  (the summaries benchmark: story preparation and data loading)

from newsweave.context import StoryContext  # noqa: E402
from newsweave.nlp import load_models  # noqa: E402
from newsweave.summary import summarize_story  # noqa: E402

SAMPLE = ROOT / "benchmarks" / "data" / "citations_sample.jsonl"
GOLD = ROOT / "benchmarks" / "data" / "citations_gold.jsonl"
SEED = 7
ITEMS = 100
MULTINEWS_CLUSTERS = 100


def stories(models):
    """(name, prepared story, words) for every story the sample draws from."""
    for topic in summaries.multiling_topics():
        yield topic, summaries.prepare_story(summaries.multiling_docs(topic), models, False), 250
    for row in summaries.multinews_clusters(MULTINEWS_CLUSTERS):
        docs = [{"id": f"n{row['idx']}-{i}", "text": d} for i, d in enumerate(row["documents"]) if d.strip()]
        yield f"multinews-{row['idx']}", summaries.prepare_story(docs, models, False), 260


def citations(name, story, words) -> tuple[list[dict], list[dict]]:
    """newsweave's citations of other articles in this story's summary, and the baseline's."""
    parsed, vectors, sources, superseded, sides = story
    context = StoryContext(tuple(parsed), vectors, sources)
    text_of = {p.article.id: p.article.text for p in parsed}
    ours, base = [], []
    for sentence in summarize_story(context, words, superseded, sides):
        own = sentence.citations[0]
        for c in sentence.citations[1:]:
            ours.append({"story": name, "sentence": sentence.text, "cited": text_of[c.article][c.start:c.end]})
        own_row = next((x for p in parsed for x in p.sentences
                        if x.article == own.article and x.start <= own.start < x.end), None)
        if own_row is None or (own.article, own_row.index) not in vectors:
            continue
        v = vectors[(own.article, own_row.index)]
        for p in parsed:
            if p.article.id == own.article:
                continue
            scored = [(float(vectors[(p.article.id, x.index)] @ v), x) for x in p.sentences
                      if not x.is_headline and (p.article.id, x.index) in vectors]
            if scored:
                _, best = max(scored, key=lambda t: t[0])
                base.append({"story": name, "sentence": sentence.text, "cited": best.text})
    return ours, base


def sample() -> int:
    models = load_models()
    ours, base = [], []
    for name, story, words in stories(models):
        o, b = citations(name, story, words)
        ours.extend(o)
        base.extend(b)
    rng = random.Random(SEED)
    drawn = [("newsweave", x) for x in rng.sample(ours, min(ITEMS, len(ours)))]
    drawn += [("baseline", x) for x in rng.sample(base, min(ITEMS, len(base)))]
    rng.shuffle(drawn)  # the annotator cannot tell the systems apart by position
    with SAMPLE.open("w", encoding="utf-8") as f:
        for n, (_, item) in enumerate(drawn, start=1):
            f.write(json.dumps({"id": n, **item}, ensure_ascii=False) + "\n")
    key = ROOT / "benchmarks" / "data" / "citations_systems.json"  # which system each id came from
    key.write_text(json.dumps({n: system for n, (system, _) in enumerate(drawn, start=1)}, indent=0) + "\n")
    print(f"{len(ours)} newsweave citations of other articles, {len(base)} baseline ones; "
          f"{len(drawn)} drawn into {SAMPLE.relative_to(ROOT)}")
    return 0


def score() -> int:
    systems = json.loads((ROOT / "benchmarks" / "data" / "citations_systems.json").read_text())
    labels = {json.loads(line)["id"]: json.loads(line)["label"]
              for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    print("| system | citations judged | states the sentence | in part | does not |")
    print("|---|---:|---:|---:|---:|")
    for system in ("newsweave", "baseline"):
        judged = [labels[int(i)] for i, s in systems.items() if s == system and int(i) in labels]
        n = len(judged) or 1
        shares = [judged.count(x) / n for x in ("yes", "part", "no")]
        print(f"| {system} | {len(judged)} | " + " | ".join(f"{s:.2f}" for s in shares) + " |")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["sample", "score"])
    args = ap.parse_args(argv)
    return sample() if args.step == "sample" else score()


if __name__ == "__main__":
    raise SystemExit(main())
