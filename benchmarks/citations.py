"""Citation precision: does each cited span state the summary sentence it is cited for?

    .venv/bin/python benchmarks/citations.py sample     # draw the citations to annotate
    .venv/bin/python benchmarks/citations.py score      # score them against the annotation
    .venv/bin/python benchmarks/citations.py sample --clusters 100-199 \
        --out benchmarks/data/citations_sample2.jsonl   # a new sample, from clusters never annotated
    .venv/bin/python benchmarks/citations.py score --sample benchmarks/data/citations_sample2.jsonl \
        --gold benchmarks/data/citations_gold2.jsonl
    .venv/bin/python benchmarks/citations.py count [--clusters 0-99] [--without-check]
    .venv/bin/python benchmarks/citations.py sample --all --clusters 0-199 --multiling \
        --out benchmarks/data/citations_sample3.jsonl   # 100 of all citations, own sources included

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

`--clusters A-B` draws from the Multi-News clusters at positions A to B of
the file instead (both included; MultiLing is then left out unless
`--multiling` is given), into `--out`; which system each item came from goes
beside it (`citations_sample2.jsonl` -> `citations_systems2.json`), for
`score` to read once the sample is annotated. Such a sample also holds up to
`ITEMS` "rejected" items: citations that the rule before the support check
made for the same summary sentences and the check no longer makes (what it
left out, to tell whether it left out spans that state the sentence). `count` reports how many
summary sentences cite at least one other article, with the support check
(`summary_support.states`) or, `--without-check`, with the rule before it.
"""

from __future__ import annotations

import argparse
import json
from contextlib import contextmanager
import random
import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import summaries  # noqa: E402  (the summaries benchmark: story preparation and data loading)

from newsweave import summary_support as support  # noqa: E402
from newsweave.context import StoryContext  # noqa: E402
from newsweave.nlp import load_models  # noqa: E402
from newsweave.summary import summarize_story  # noqa: E402

SAMPLE = ROOT / "benchmarks" / "data" / "citations_sample.jsonl"
GOLD = ROOT / "benchmarks" / "data" / "citations_gold.jsonl"
SEED = 7
ITEMS = 100
MULTINEWS_CLUSTERS = 100


def stories(models, clusters: range = range(MULTINEWS_CLUSTERS), multiling: bool = True):
    """(name, prepared story, words) for every story the sample draws from."""
    if multiling:
        for topic in summaries.multiling_topics():
            yield topic, summaries.prepared_story(summaries.multiling_docs(topic), models, False), 250
    for row in summaries.multinews_clusters(clusters.stop)[clusters.start:]:
        docs = [{"id": f"n{row['idx']}-{i}", "text": d} for i, d in enumerate(row["documents"]) if d.strip()]
        yield f"multinews-{row['idx']}", summaries.prepared_story(docs, models, False), 260


def cluster_range(text: str) -> range:
    """"100-199" -> the positions 100 to 199 of the Multi-News file, both included."""
    try:
        first, last = (int(x) for x in text.split("-", 1))
    except ValueError:
        raise SystemExit(f"--clusters: expected FIRST-LAST (e.g. 100-199), got {text!r}") from None
    if first < 0 or last < first:
        raise SystemExit(f"--clusters: expected 0 <= FIRST <= LAST, got {text!r}")
    return range(first, last + 1)


def systems_path(sample_path: Path) -> Path:
    """Where the key of a sample goes: citations_sample2.jsonl -> citations_systems2.json."""
    return sample_path.with_name(sample_path.stem.replace("sample", "systems") + ".json")


@contextmanager
def support_check(on: bool):
    """Summaries with the support check (`summary_support.states`) on, or off: the rule before it."""
    saved = support.states
    if not on:
        support.states = lambda a, b, cosine, rule=None: True
    try:
        yield
    finally:
        support.states = saved


def citations(name, story, words, head=None) -> tuple[list[dict], list[dict], list[dict]]:
    """newsweave's citations of other articles in this story's summary, the baseline's, and the rejected ones.

    The rejected ones are what the rule before the support check cited
    (cosine >= 0.75, numbers agreeing) for the same summary sentences, that
    the check no longer cites: annotated too, they tell what the check left out.
    """
    parsed, vectors, sources, superseded, sides, count = story
    context = StoryContext(tuple(parsed), vectors, sources)
    text_of = {p.article.id: p.article.text for p in parsed}
    ours, base, rejected = [], [], []
    summary = summarize_story(context, words, superseded, sides, count, head)
    with support_check(False):
        before = {s.text: s.citations[1:] for s in summarize_story(context, words, superseded, sides, count, head)}
    for sentence in summary:
        own = sentence.citations[0]
        for c in sentence.citations[1:]:
            ours.append({"story": name, "sentence": sentence.text, "cited": text_of[c.article][c.start:c.end]})
        for c in before.get(sentence.text, ()):
            if c not in sentence.citations:
                rejected.append({"story": name, "sentence": sentence.text,
                                 "cited": text_of[c.article][c.start:c.end]})
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
    return ours, base, rejected


def every_citation(name, story, words, head=None, stance=None) -> list[tuple[str, dict]]:
    """Every citation of this story's summary, the sentence's own first: ("own" | "other", item).

    `head` and `stance` are `Models.salience` and `Models.stance`, as `analyze` passes them."""
    parsed, vectors, sources, superseded, sides, count = story
    text_of = {p.article.id: p.article.text for p in parsed}
    summary = summarize_story(StoryContext(tuple(parsed), vectors, sources), words, superseded, sides, count, head,
                              stance)
    return [("own" if n == 0 else "other",
             {"story": name, "sentence": sentence.text, "cited": text_of[c.article][c.start:c.end]})
            for sentence in summary for n, c in enumerate(sentence.citations)]


def sample_all(clusters: range, multiling: bool, out: Path) -> int:
    """Draw `ITEMS` citations at random among all of the summaries' citations, as the issue asks, and every
    citation of another article beside them (key "other, not drawn"), shuffled together.

    Most are a sentence's citation of its own source span: it states the
    sentence unless the offsets or the cleaning of its opening are wrong,
    which is what an annotator then checks. How many own citations give back
    exactly the summary's text is counted over all of them, not only the drawn.
    """
    models = load_models()
    every = [x for name, story, words in stories(models, clusters, multiling)
             for x in every_citation(name, story, words, models.salience, models.stance)]
    own = [item for kind, item in every if kind == "own"]
    exact = sum(1 for item in own if item["cited"] == item["sentence"])
    rng = random.Random(SEED)
    drawn = rng.sample(every, min(ITEMS, len(every)))
    # Every citation of another article goes in too, as its own stratum: a random draw holds one or two.
    drawn += [("other, not drawn", item) for kind, item in every if kind == "other" and (kind, item) not in drawn]
    rng.shuffle(drawn)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for n, (_, item) in enumerate(drawn, start=1):
            f.write(json.dumps({"id": n, **item}, ensure_ascii=False) + "\n")
    key = systems_path(out)
    key.write_text(json.dumps({n: kind for n, (kind, _) in enumerate(drawn, start=1)}, indent=0) + "\n")
    print(f"{len(every)} citations ({len(own)} of a sentence's own source, {exact} of them giving back exactly "
          f"the summary's text; {len(every) - len(own)} of other articles); {len(drawn)} items ({ITEMS} drawn at random) in {out}")
    return 0


def sample(clusters: range, multiling: bool, out: Path) -> int:
    """Draw up to `ITEMS` newsweave citations of other articles, as many baseline ones and rejected ones, shuffled.

    The rejected ones are drawn only with `--clusters` (the first sample had none).
    """
    models = load_models()
    ours, base, rejected = [], [], []
    for name, story, words in stories(models, clusters, multiling):
        o, b, r = citations(name, story, words, models.salience)
        ours.extend(o)
        base.extend(b)
        rejected.extend(r)
    rng = random.Random(SEED)
    drawn = [("newsweave", x) for x in rng.sample(ours, min(ITEMS, len(ours)))]
    drawn += [("baseline", x) for x in rng.sample(base, min(ITEMS, len(base)))]
    if clusters != range(MULTINEWS_CLUSTERS):
        drawn += [("rejected", x) for x in rng.sample(rejected, min(ITEMS, len(rejected)))]
    rng.shuffle(drawn)  # the annotator cannot tell the systems apart by position
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for n, (_, item) in enumerate(drawn, start=1):
            f.write(json.dumps({"id": n, **item}, ensure_ascii=False) + "\n")
    key = systems_path(out)  # which system each id came from
    key.write_text(json.dumps({n: system for n, (system, _) in enumerate(drawn, start=1)}, indent=0) + "\n")
    print(f"{len(ours)} newsweave citations of other articles, {len(base)} baseline ones, {len(rejected)} "
          f"rejected by the support check; {len(drawn)} drawn into {out} (key: {key.name})")
    return 0


def score(sample_path: Path, gold: Path) -> int:
    """The share of yes / part / no per system among the annotated items of the sample."""
    key = systems_path(sample_path)
    for path in (key, gold):
        if not path.exists():
            raise SystemExit(f"score: {path} does not exist")
    systems = json.loads(key.read_text())
    labels = {json.loads(line)["id"]: json.loads(line)["label"]
              for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    print("| system | citations judged | states the sentence | in part | does not |")
    print("|---|---:|---:|---:|---:|")
    order = ("newsweave", "rejected", "baseline", "own", "other", "other, not drawn")
    for system in sorted(set(systems.values()), key=order.index):
        judged = [labels[int(i)] for i, s in systems.items() if s == system and int(i) in labels]
        n = len(judged) or 1
        shares = [judged.count(x) / n for x in ("yes", "part", "no")]
        print(f"| {system} | {len(judged)} | " + " | ".join(f"{s:.2f}" for s in shares) + " |")
    return 0


def count(clusters: range, multiling: bool, without_check: bool) -> int:
    """How many summary sentences cite at least one other article, and how many such citations."""
    models = load_models()
    rows: dict[str, list[int]] = {}
    for name, story, words in stories(models, clusters, multiling):
        parsed, vectors, sources, superseded, sides, count = story
        with support_check(not without_check):
            summary = summarize_story(StoryContext(tuple(parsed), vectors, sources), words, superseded, sides, count,
                                      models.salience, None if without_check else models.stance)
        part = "MultiLing" if not name.startswith("multinews") else "Multi-News"
        r = rows.setdefault(part, [0, 0, 0])
        r[0] += len(summary)
        r[1] += sum(1 for s in summary if len(s.citations) > 1)
        r[2] += sum(len(s.citations) - 1 for s in summary)
    print(f"check: {'off (cosine >= 0.75, numbers agree)' if without_check else 'on'}")
    print("| set | summary sentences | citing another article | citations of other articles |")
    print("|---|---:|---:|---:|")
    for part, (n, citing, cited) in rows.items():
        print(f"| {part} | {n} | {citing} | {cited} |")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["sample", "score", "count"])
    ap.add_argument("--clusters", help="Multi-News positions FIRST-LAST (default: MultiLing and 0-99)")
    ap.add_argument("--multiling", action="store_true", help="with --clusters: draw from MultiLing too")
    ap.add_argument("--out", type=Path, default=SAMPLE, help="sample: where the items go")
    ap.add_argument("--sample", type=Path, default=SAMPLE, help="score: the annotated sample")
    ap.add_argument("--gold", type=Path, default=GOLD, help="score: its annotation")
    ap.add_argument("--without-check", action="store_true", help="count: the citation rule before the check")
    ap.add_argument("--all", action="store_true",
                    help="sample: draw among all citations (a sentence's own source included), not only of other articles")
    args = ap.parse_args(argv)
    clusters = cluster_range(args.clusters) if args.clusters else range(MULTINEWS_CLUSTERS)
    multiling = args.multiling or not args.clusters
    if args.step == "sample":
        return (sample_all if args.all else sample)(clusters, multiling, args.out)
    if args.step == "score":
        return score(args.sample, args.gold)
    return count(clusters, multiling, args.without_check)


if __name__ == "__main__":
    raise SystemExit(main())
