"""Timeline merging measured on ECB+ event chains: one timeline event per real-world event.

    PYTHONPATH=src .venv/bin/python benchmarks/events.py

Data: `../shared/bench/coref/ecbplus-train-dev.jsonl.gz` (ECB+, Cybulska &
Vossen 2014; outside the repository): each topic's articles, both sub-topics,
as one story, text as given and no publication dates (as in
`benchmarks/entities.py`, whose loader and parse cache under /tmp/entities/
this reuses). Gold: the event mentions of the verified (`in_coref_sentence`)
sentences that belong to a cross-document chain.

What is scored: the timeline reads the dated mentions of a story
(`timeline.date_mentions`: a date expression and the event of its clause) and
merges those of one event across articles (`timeline.merge_events`). A gold
event mention is *covered* when it is the event of a dated mention: it lies in
the mention's sentence and its word is the event's verb (or, for a noun-phrase
event, one of its words); the nearest such gold mention to the date is taken.
B-cubed precision, recall and F1 over the covered gold mentions, the system
cluster being the merged group, beside two baselines in the same run on the
same mentions: one event per calendar value ("same date, same event") and no
merging (every mention its own event). Articles without a publication date
have only absolute dates read, so coverage is low and says how much of the
story the measure sees.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import entities as entity_bench  # noqa: E402  (ECB+ loading, parse cache, B-cubed)

from newsweave.nlp import load_models  # noqa: E402
from newsweave.pipeline import story_vectors  # noqa: E402
from newsweave.timeline import date_mentions, merge_events  # noqa: E402


def gold_events(path: Path = entity_bench.ECBPLUS) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per article: (start, end, text, chain id) of its cross-document gold event mentions."""
    out: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for m in rec["mentions"]:
                if m["kind"] == "event" and m["in_coref_sentence"] and m["chain_type"] == "cross_doc":
                    out[rec["doc_id"]].append((m["start"], m["end"], m["text"], m["chain_id"]))
    return out


def event_of(dated, gold: list[tuple[int, int, str, str]]) -> tuple[int, int, str, str] | None:
    """The gold event mention a dated mention's event stands for, or None."""
    event = dated.mention.event
    s = dated.sentence
    inside = [g for g in gold if s.start <= g[0] and g[1] <= s.end]
    if event.verb:
        hits = [g for g in inside if g[2].lower().startswith(event.verb.lower())]
    else:
        hits = [g for g in inside if any(w in event.words for w in g[2].lower().split())]
    if not hits:
        return None
    return min(hits, key=lambda g: abs(g[0] - dated.mention.start))


def score(models, topics) -> dict:
    """B-cubed of newsweave's merged timeline events and the two baselines, per split and over all."""
    golds = gold_events()
    rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, Counter] = defaultdict(Counter)
    for topic in topics:
        parsed = entity_bench.parse_cached(topic.articles, models)
        dated = [d for d in date_mentions(parsed) if d.mention.event is not None]
        groups = merge_events(dated, story_vectors(parsed, models))
        group_of = {id(d): k for k, g in enumerate(groups) for d in g}
        n_gold = sum(len(golds[a.id]) for a in topic.articles)
        seen = set()
        for d in dated:
            g = event_of(d, golds[d.mention.article])
            if g is None or (d.mention.article, g[0]) in seen or id(d) not in group_of:
                continue
            seen.add((d.mention.article, g[0]))
            chain = f"{topic.topic}/{g[3]}"
            for split in (topic.split, "all"):
                rows[split]["newsweave"].append((chain, f"{topic.topic}/{group_of[id(d)]}"))
                rows[split]["one event per date"].append((chain, f"{topic.topic}/{d.value.iso}"))
                rows[split]["no merging"].append((chain, f"{topic.topic}/{d.mention.article}/{d.mention.start}"))
        for split in (topic.split, "all"):
            counts[split]["gold"] += n_gold
            counts[split]["dated"] += len(dated)
    out = {}
    for split, systems in rows.items():
        out[split] = {"counts": dict(counts[split]), "covered": len(systems["newsweave"])}
        for name, pairs in systems.items():
            p, r = entity_bench.bcubed(pairs)
            out[split][name] = (p, r, entity_bench.f1(p, r))
    return out


def main() -> int:
    models = load_models()
    result = score(models, entity_bench.load_ecbplus())
    print("| split | gold event mentions | dated mentions | covered | system | B3 precision | B3 recall | B3 F1 |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for split in ("train", "dev", "all"):
        r = result.get(split)
        if r is None:
            continue
        for name in ("newsweave", "one event per date", "no merging"):
            p, rec, f = r[name]
            print(f"| {split} | {r['counts']['gold']} | {r['counts']['dated']} | {r['covered']} | {name} |"
                  f" {p:.3f} | {rec:.3f} | {f:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
