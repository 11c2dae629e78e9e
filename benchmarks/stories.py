"""Story clustering benchmark: B-cubed precision, recall and F1 against the true stories.

Reads its data from ../shared/bench (outside the repository; see its README).

Three collections of different kinds (see `story_data.py`): MultiLing 2011
(WikiNews), the Multi-News sample (scraped web pages) and ECB+ train and dev
(tokenised news text with no dates, every sub-topic a true story: two
different events of one kind per topic must come out apart). Two mixes are
clustered, as they would arrive in one input: (1) MultiLing + Multi-News
shuffled together, (2) ECB+ alone; each collection is scored on its own
articles, beside the TF-IDF single-link baseline in the same run.

Then (3) leave one collection out: for each collection, the setting is chosen
on the other two (the join threshold and the split share for the hand-set
score, the threshold of the baseline, the training data of the learned pair
scorer and its split share) and scored on the one left out; next to it, the
collection's figure with the setting chosen on all three (the gap the targets
bound at 0.03). The split pass (`stories.split`) runs after the placement of a
batch, so its grid is applied to one placement per join threshold or scorer
(`split_labels`, the clusterer's own pass on the final groups; the rows of the
first table run the real path). The recall pass (`stories.merge`, on by
default) is scored the same way: trained on the other two, its C, probability
and lexical gate (fixed at the default, off, or chosen too) chosen on them.
The event split (`ClusteringSettings.split_event`, its model trained on the
ECB+ train topics by `train/story_splits.py`) is scored over its share's grid,
the share chosen on the other collections with ECB+ by its train topics only
(`event_leave_one_out`); ECB+ dev is reported apart. The lead events come
from a parse of each text's first characters, cached beside the records
(`story_data.load_events`).

B-cubed (Bagga and Baldwin, 1998; Amigó et al., 2009): for each article,
precision is the share of its predicted story that truly belongs with it,
recall the share of its true story found in its predicted story; both are
averaged over articles.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/stories.py [--cache /tmp/stories] [--no-learned]``
(the learned rows of the leave-one-out part need the `train` extra).
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "train"))

import story_data  # noqa: E402
from newsweave.model import ClusteringSettings  # noqa: E402
from newsweave.stories.cluster import Clusterer, StoryState, cluster, story_marks  # noqa: E402
from newsweave.stories.merge import load_merge_scorer  # noqa: E402
from newsweave.stories.pairs import PairScorer, load_scorer  # noqa: E402
from newsweave.stories.split import load_split_scorer, split_groups  # noqa: E402

MIXES = {"multiling+multinews": ("multiling", "multinews"), "ecbplus": ("ecbplus",)}
JOIN_GRID = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65)
TFIDF_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
SPLIT_GRID = (0.0, 0.3, 0.35, 0.4, 0.45, 0.5)
MERGE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)  # the recall pass's probability
MERGE_C = (1.0, 0.05)  # the recall model's inverse regularisation
GATE_GRID = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)  # the recall pass's least TF-IDF centroid cosine
RECALL = ClusteringSettings().merge_probability  # the recall pass's probability (the default, chosen on all three)
GATE = ClusteringSettings().merge_lexical  # its lexical gate (the default)
EVENT_GRID = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # the event split's share (0: off), ascending: a tie takes the least
EVENT = ClusteringSettings().split_event  # the event split's share (the default)
# The collections the event split's share is chosen on: ECB+ by its train topics only (dev held out).
EVENT_CHOICE = ("multiling", "multinews", "ecbplus-train")


@dataclass(frozen=True, slots=True)
class Scores:
    """B-cubed precision, recall and F1, and the number of predicted stories."""

    precision: float
    recall: float
    f1: float
    clusters: int


def bcubed(pred: dict[str, str], truth: dict[str, str], ids: list[str]) -> Scores:
    """B-cubed scores over `ids` (predicted and true story of each article)."""
    pred_groups, true_groups = defaultdict(set), defaultdict(set)
    for a in ids:
        pred_groups[pred[a]].add(a)
        true_groups[truth[a]].add(a)
    p = r = 0.0
    for a in ids:
        same = len(pred_groups[pred[a]] & true_groups[truth[a]])
        p += same / len(pred_groups[pred[a]])
        r += same / len(true_groups[truth[a]])
    p, r = p / len(ids), r / len(ids)
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(pred_groups))


def partition(labels: dict[str, str]) -> set[frozenset[str]]:
    """The stories of a labelling as sets of article ids (labels' names aside)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for a, g in labels.items():
        groups[g].add(a)
    return {frozenset(g) for g in groups.values()}


def tfidf_single_link(texts: dict[str, str], threshold: float) -> dict[str, str]:
    """Baseline: TF-IDF cosine over words, single-link (connected components) above `threshold`."""
    ids = sorted(texts)
    docs = [Counter(re.findall(r"[a-z]{3,}", texts[a].lower())) for a in ids]
    df = Counter(w for d in docs for w in d)
    vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c >= 2)}
    matrix = np.zeros((len(ids), len(vocab)), dtype=np.float32)
    for i, d in enumerate(docs):
        for w, c in d.items():
            if w in vocab:
                matrix[i, vocab[w]] = (1 + math.log(c)) * math.log(len(ids) / df[w])
    matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9, None)
    sims = matrix @ matrix.T
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(sims, 1) >= threshold)):
        parent[find(i)] = find(j)
    return {a: f"c{find(i)}" for i, a in enumerate(ids)}


class Bench:
    """The cached records of every mix, their features, and the clustering runs over them."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.records = {c: story_data.load_collection(c, cache) for c in story_data.COLLECTIONS}
        self.truth = {r.id: r.truth for rs in self.records.values() for r in rs}
        self.collection = {r.id: r.collection for rs in self.records.values() for r in rs}
        self.mix_records = {m: [r for c in cs for r in self.records[c]] for m, cs in MIXES.items()}
        self.events = {k: v for c in story_data.COLLECTIONS for k, v in story_data.load_events(c, cache).items()}
        self.mix_features = {m: story_data.features_of(rs, self.events) for m, rs in self.mix_records.items()}

    def ours(self, params: ClusteringSettings, scorer: PairScorer | None = None,
             merger: PairScorer | None = None, splitter: PairScorer | None = None) -> dict[str, str]:
        """Predicted story of every article, each mix clustered on its own."""
        return self.labels(self.groups(params, scorer, merger, splitter))

    def groups(self, params: ClusteringSettings, scorer: PairScorer | None = None,
               merger: PairScorer | None = None, splitter: PairScorer | None = None) -> dict[str, list[list[str]]]:
        """The stories of each mix (article ids), each mix clustered on its own.

        `merger`: the recall pass's model; `splitter`: the event split's (None: no event split).
        """
        return {m: cluster(self.mix_features[m], params, scorer, merger, splitter) for m in self.mix_records}

    def labels(self, groups: dict[str, list[list[str]]]) -> dict[str, str]:
        """Predicted story of every article (copies with their originals) from each mix's stories."""
        labels = {}
        for m, rs in self.mix_records.items():
            labels.update({a: f"{m}:{g}" for a, g in story_data.labels_with_copies(groups[m], rs).items()})
        return labels

    def split_labels(self, groups: dict[str, list[list[str]]], share: float, side: int,
                     year_conflict: float = ClusteringSettings().split_year_conflict) -> dict[str, str]:
        """Labels after the split pass over the final stories of a placement made with the split off.

        The same pass as the clusterer's at the end of a batch: the rarity of each
        mark over all the mix's articles, every story of at least 2 x `side` articles.
        """
        out = {}
        for m, gs in groups.items():
            features = {f.article: f for f in self.mix_features[m]}
            df = Counter(x for f in features.values() for x in f.marks)
            parts = []
            for g in gs:
                members = sorted((features[a] for a in g), key=lambda f: f.key)
                if len(members) < 2 * side:
                    parts.append(g)
                    continue
                for part in split_groups([story_marks(f.marks) for f in members], df, len(features), share, side,
                                         year_conflict):
                    parts.append([members[i].article for i in part])
            out[m] = parts
        return self.labels(out)

    def recall_labels(self, groups: dict[str, list[list[str]]], merger: PairScorer, probability: float,
                      gate: float = GATE) -> dict[str, str]:
        """Labels after the recall pass over the final stories of a placement made without it.

        The same pass as the clusterer's at the end of a batch (`Clusterer.merge_recall`
        over every story, the counts of marks over all the mix's articles).
        """
        out = {}
        for m, gs in groups.items():
            features = {f.article: f for f in self.mix_features[m]}
            states = []
            for n, g in enumerate(gs):
                states.append(StoryState(f"s{n}"))
                for a in sorted(g, key=lambda a: features[a].key):
                    states[-1].add(features[a])
            settings = replace(ClusteringSettings(), merge_probability=probability, merge_lexical=gate)
            clusterer = Clusterer(states, lambda: "unused", settings, merger=merger)
            clusterer.merge_recall({s.id for s in states}, set())
            out[m] = [list(s.members) for s in clusterer.stories]
        return self.labels(out)

    def baseline(self, threshold: float) -> dict[str, str]:
        """The TF-IDF single-link baseline's story of every article, each mix on its own."""
        labels = {}
        for m, rs in self.mix_records.items():
            labels.update({a: f"{m}:{g}" for a, g in tfidf_single_link({r.id: r.text for r in rs}, threshold).items()})
        return labels

    def score(self, labels: dict[str, str], collection: str) -> Scores:
        """B-cubed of the labels on one collection's articles (see `ids_of`)."""
        return bcubed(labels, self.truth, self.ids_of(labels, collection))

    def ids_of(self, labels: dict[str, str], collection: str) -> list[str]:
        """The labelled articles of a collection ("ecbplus-dev" / "ecbplus-train": that part of ECB+ only)."""
        dev = dev_ids()
        if collection == "ecbplus-dev":
            return [a for a in labels if a in dev]
        if collection == "ecbplus-train":
            return [a for a in labels if self.collection[a] == "ecbplus" and a not in dev]
        return [a for a in labels if self.collection[a] == collection]


@functools.cache
def dev_ids() -> frozenset[str]:
    """Benchmark ids of the ECB+ dev articles."""
    import gzip
    import json

    with gzip.open(story_data.ECBPLUS, "rt", encoding="utf-8") as fh:
        return frozenset(f"ecb-{row['doc_id']}" for row in map(json.loads, fh) if row["split"] == "dev")


def rows(name: str, bench: Bench, labels: dict[str, str],
         collections: tuple[str, ...] = story_data.COLLECTIONS + ("ecbplus-train", "ecbplus-dev")) -> list[str]:
    """Markdown rows of one method's scores on each collection."""
    out = []
    for c in collections:
        s = bench.score(labels, c)
        n = len(bench.ids_of(labels, c))
        out.append(f"| {name} | {c} | {n} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.clusters} |")
    return out


def leave_one_out(bench: Bench, runs: dict[str, dict[str, str]]) -> dict[str, dict[str, float]]:
    """For each collection: F1 with the setting best on the other two, and with the one best on all three.

    `runs` maps a setting's name to its labels; a setting is chosen by the mean F1 over the collections.
    """
    f1 = {name: {c: bench.score(labels, c).f1 for c in story_data.COLLECTIONS} for name, labels in runs.items()}
    best_all = max(f1, key=lambda n: np.mean(list(f1[n].values())))
    out = {}
    for c in story_data.COLLECTIONS:
        others = [o for o in story_data.COLLECTIONS if o != c]
        chosen = max(f1, key=lambda n: np.mean([f1[n][o] for o in others]))
        out[c] = {"chosen": chosen, "left_out": f1[chosen][c], "all": f1[best_all][c], "all_setting": best_all}
    return out


def learned_leave_one_out(bench: Bench, params: ClusteringSettings) -> dict[str, dict]:
    """Each collection's F1 with the pair scorer trained, and the split share chosen, on the other two.

    ECB+ lends its train part only. `params` has the split off; the split grid
    runs over each scorer's placement. Beside it: the scorer trained and the share
    chosen on all three.
    """
    import story_pairs

    train_ids = story_pairs.train_ids()
    parts = {o: [r for r in bench.records[o] if o != "ecbplus" or r.id in train_ids] for o in story_data.COLLECTIONS}

    def f1_by_share(records: dict) -> dict[float, dict[str, float]]:
        placed = bench.groups(params, story_pairs.train_scorer(records)[0])
        return {share: {c: bench.score(bench.split_labels(placed, share, params.split_side), c).f1
                        for c in story_data.COLLECTIONS} for share in SPLIT_GRID}

    full = f1_by_share(parts)
    best_all = max(full, key=lambda s: np.mean(list(full[s].values())))
    out = {}
    for c in story_data.COLLECTIONS:
        others = [o for o in story_data.COLLECTIONS if o != c]
        f1 = f1_by_share({o: parts[o] for o in others})
        chosen = max(f1, key=lambda s: np.mean([f1[s][o] for o in others]))
        out[c] = {"chosen": f"split {chosen}", "left_out": f1[chosen][c], "all": full[best_all][c],
                  "all_setting": f"split {best_all}"}
    return out


def event_leave_one_out(bench: Bench, runs: dict[float, dict[str, str]]) -> dict[str, dict]:
    """For each collection: F1 with the event split's share chosen on the other collections of `EVENT_CHOICE`.

    ECB+ takes part in the choice by its train topics only; a collection left
    out is scored whole (ECB+ train and dev), and its dev topics apart. Ties go
    to the first share of the grid (the least splitting).
    """
    f1 = {share: {c: bench.score(labels, c).f1 for c in EVENT_CHOICE + ("ecbplus", "ecbplus-dev")}
          for share, labels in runs.items()}
    best_all = max(f1, key=lambda s: np.mean([f1[s][c] for c in EVENT_CHOICE]))
    out = {}
    for c, scored in (("multiling", "multiling"), ("multinews", "multinews"), ("ecbplus", "ecbplus-train")):
        others = [o for o in EVENT_CHOICE if o != scored]
        chosen = max(f1, key=lambda s: np.mean([f1[s][o] for o in others]))
        out[c] = {"chosen": chosen, "left_out": f1[chosen][c], "all": f1[best_all][c], "all_setting": best_all,
                  "dev": f1[chosen]["ecbplus-dev"], "dev_all": f1[best_all]["ecbplus-dev"]}
    return out


def merge_pairs(bench: Bench, name: str, records: dict) -> tuple:
    """The recall model's training pairs of the named collections' records (cached beside the parses)."""
    import pickle

    import story_merges

    path = bench.cache / f"merge_pairs_{name}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    pairs = story_merges.records_pairs(records)
    path.write_bytes(pickle.dumps(pairs))
    return pairs


def merge_leave_one_out(bench: Bench, params: ClusteringSettings) -> dict[str, dict]:
    """Each collection's F1 with the recall model trained, and its setting chosen, on the other two.

    The setting: C, the probability, and the lexical gate, either fixed (`GATE`,
    0 = no gate) or chosen too ("gate chosen"). ECB+ lends its train part only
    (`train/story_merges.py`). Beside it: the model trained, and the setting
    chosen, on all three. `params` has the recall pass off (the placement it
    runs on). Returns also the grid on all three.
    """
    import story_merges
    import story_pairs

    train_ids = story_pairs.train_ids()
    parts = {o: [r for r in bench.records[o] if o != "ecbplus" or r.id in train_ids] for o in story_data.COLLECTIONS}
    placed = bench.groups(params)

    def f1_grid(names: tuple[str, ...]) -> dict[tuple, dict[str, float]]:
        out = {}
        x, y, _ = merge_pairs(bench, "+".join(names), {o: parts[o] for o in names})
        for c in MERGE_C:
            merger = story_merges.fit(x, y, c)
            for gate in GATE_GRID:
                for p in MERGE_GRID:
                    labels = bench.recall_labels(placed, merger, p, gate)
                    out[(gate, c, p)] = {k: bench.score(labels, k).f1 for k in story_data.COLLECTIONS + ("ecbplus-dev",)}
        return out

    def name(key: tuple) -> str:
        return f"C {key[1]}, p ≥ {key[2]}, TF-IDF cosine ≥ {key[0]}"

    full = f1_grid(story_data.COLLECTIONS)
    out = {"grid": {name(k): v for k, v in full.items() if k[1] == 1.0}}
    lefts = {c: f1_grid(tuple(o for o in story_data.COLLECTIONS if o != c)) for c in story_data.COLLECTIONS}
    for label, keep in ((f"gate {GATE}", lambda k: k[0] == GATE), ("no gate", lambda k: k[0] == 0.0),
                        ("gate chosen", lambda k: True)):
        keys = [k for k in full if keep(k)]
        best_all = max(keys, key=lambda k: np.mean([full[k][c] for c in story_data.COLLECTIONS]))
        out[label] = {}
        for c in story_data.COLLECTIONS:
            others = [o for o in story_data.COLLECTIONS if o != c]
            f1 = lefts[c]
            chosen = max(keys, key=lambda k: np.mean([f1[k][o] for o in others]))
            out[label][c] = {"chosen": name(chosen), "left_out": f1[chosen][c], "all": full[best_all][c],
                             "all_setting": name(best_all)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--no-learned", action="store_true", help="skip the learned pair scorer")
    args = parser.parse_args()

    bench = Bench(args.cache)
    today = ClusteringSettings()
    merger = load_merge_scorer()
    splitter = load_split_scorer()
    start = time.process_time()
    ours_events = bench.ours(today, None, merger, splitter)
    cpu_events = time.process_time() - start
    start = time.process_time()
    bench.ours(today, None, merger)
    cpu_no_events = time.process_time() - start
    placed_articles = sum(len(fs) for fs in bench.mix_features.values())
    before = replace(today, merge_probability=0.0)  # the recall pass off (the default until cluster5)
    ungated = replace(today, merge_lexical=0.0)
    unsplit = replace(before, split=0.0)
    start = time.perf_counter()
    ours_merged = bench.ours(today, None, merger)
    elapsed_merged = time.perf_counter() - start
    ours_ungated = bench.ours(ungated, None, merger)
    start = time.perf_counter()
    placed_before = bench.groups(before)
    elapsed = time.perf_counter() - start
    ours = bench.labels(placed_before)
    start = time.perf_counter()
    placed_unsplit = bench.groups(unsplit)
    elapsed_unsplit = time.perf_counter() - start
    ours_unsplit = bench.labels(placed_unsplit)
    same = bench.split_labels(placed_unsplit, today.split, today.split_side)
    assert partition(same) == partition(ours), "split_labels is not the clusterer's pass"
    same = bench.recall_labels(placed_before, merger, RECALL)
    assert partition(same) == partition(ours_merged), "recall_labels is not the clusterer's pass"

    print(f"{sum(len(r) for r in bench.records.values())} articles; clustering both mixes took {elapsed_merged:.1f} s"
          f" (without the recall pass: {elapsed:.1f} s; without it and the split pass: {elapsed_unsplit:.1f} s)\n")
    print("| method | collection | articles | B³ precision | B³ recall | B³ F1 | stories |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print(f"CPU of clustering both mixes ({placed_articles} articles placed, time.process_time):"
          f" {cpu_events:.2f} s with the event split, {cpu_no_events:.2f} s without"
          f" ({1000 * cpu_events / placed_articles:.2f} and {1000 * cpu_no_events / placed_articles:.2f} ms an article)\n")
    table = rows(f"newsweave, today's setting (join {today.join}, split {today.split}, event split {EVENT},"
                 f" recall pass p ≥ {RECALL} at TF-IDF cosine ≥ {GATE})", bench, ours_events)
    table += rows(f"newsweave, join {today.join}, split {today.split}, no event split, recall pass p ≥ {RECALL}"
                  f" at TF-IDF cosine ≥ {GATE} (the default before)", bench, ours_merged)
    table += rows(f"newsweave, join {today.join}, split {today.split}, recall pass p ≥ {RECALL} without the gate",
                  bench, ours_ungated)
    table += rows(f"newsweave, join {today.join}, split {today.split}, no recall pass (the default before)", bench, ours)
    table += rows(f"newsweave, join {today.join}, split {today.split} without the year conflict, no recall pass", bench,
                  bench.split_labels(placed_unsplit, today.split, today.split_side, 0.0))
    table += rows(f"newsweave, join {today.join}, no split pass, no recall pass", bench, ours_unsplit)
    shipped = None if args.no_learned else load_scorer()
    learned_params = replace(before, learned=True)
    if shipped is not None:
        table += rows(f"newsweave, learned pair scorer (shipped), split {today.split}, recall pass p ≥ {RECALL}"
                      f" at TF-IDF cosine ≥ {GATE}", bench, bench.ours(replace(today, learned=True), shipped, merger))
        table += rows(f"newsweave, learned pair scorer (shipped), split {today.split}, no recall pass", bench,
                      bench.ours(learned_params, shipped))
        placed_learned = bench.groups(replace(learned_params, split=0.0), shipped)
        table += rows("newsweave, learned pair scorer (shipped), no split pass", bench, bench.labels(placed_learned))
    base = {t: bench.baseline(t) for t in TFIDF_GRID}
    for t in (0.2, 0.3):
        table += rows(f"baseline: TF-IDF single-link ≥ {t}", bench, base[t])
    print("\n".join(table), flush=True)

    print("\nThe event split's share (join, split and recall pass as today), B³ F1\n")
    events = {share: bench.ours(replace(today, split_event=share), None, merger, splitter) for share in EVENT_GRID}
    print("| event split share | " + " | ".join(story_data.COLLECTIONS + ("ecbplus-train", "ecbplus-dev")) + " |")
    print("|---:|" + "---:|" * (len(story_data.COLLECTIONS) + 2))
    for share, labels in events.items():
        print(f"| {share} | " + " | ".join(f"{bench.score(labels, c).f1:.3f}" for c in
                                           story_data.COLLECTIONS + ("ecbplus-train", "ecbplus-dev")) + " |")
    print("\nThe event split's share left out (chosen on the other collections, ECB+ by its train topics)\n")
    print("| collection | share chosen without it | F1 left out | ECB+ dev | share chosen on all | F1 | gap |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for c, r in event_leave_one_out(bench, events).items():
        print(f"| {c} | {r['chosen']} | {r['left_out']:.3f} | {r['dev']:.3f} | {r['all_setting']} | {r['all']:.3f} |"
              f" {r['all'] - r['left_out']:+.3f} |", flush=True)

    print("\nLeave one collection out (B³ F1; setting chosen by mean F1 on the other collections)\n")
    print("| method | collection | setting chosen without it | F1 left out | setting chosen on all | F1 | gap |")
    print("|---|---|---|---:|---|---:|---:|")
    joins = {}
    for j in JOIN_GRID:
        placed = bench.groups(replace(unsplit, join=j))
        for share in SPLIT_GRID:
            joins[f"join {j}, split {share}"] = bench.split_labels(placed, share, today.split_side)
    for name, runs in (("newsweave, hand-set score", joins),
                       ("baseline: TF-IDF single-link", {f"≥ {t}": labels for t, labels in base.items()})):
        for c, r in leave_one_out(bench, runs).items():
            print(f"| {name} | {c} | {r['chosen']} | {r['left_out']:.3f} | {r['all_setting']} | {r['all']:.3f} |"
                  f" {r['all'] - r['left_out']:+.3f} |")
    if not args.no_learned:
        merges = merge_leave_one_out(bench, before)
        for label in (f"gate {GATE}", "no gate", "gate chosen"):
            for c in story_data.COLLECTIONS:
                r = merges[label][c]
                print(f"| newsweave, recall pass, {label} (join {today.join}, split {today.split}) | {c} | trained on"
                      f" the other two, {r['chosen']} | {r['left_out']:.3f} | trained on all three,"
                      f" {r['all_setting']} | {r['all']:.3f} | {r['all'] - r['left_out']:+.3f} |", flush=True)
        for c, r in learned_leave_one_out(bench, replace(learned_params, split=0.0)).items():
            print(f"| newsweave, learned pair scorer + split | {c} | trained on the other two, {r['chosen']} |"
                  f" {r['left_out']:.3f} | trained on all three, {r['all_setting']} | {r['all']:.3f} |"
                  f" {r['all'] - r['left_out']:+.3f} |")
        print("\nThe recall pass trained on all three (ECB+ train topics), its grid at C 1\n")
        print("| setting | " + " | ".join(story_data.COLLECTIONS + ("ecbplus-dev",)) + " |")
        print("|---|" + "---:|" * (len(story_data.COLLECTIONS) + 1))
        for name, f1 in merges["grid"].items():
            print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in f1.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
