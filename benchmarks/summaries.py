"""ROUGE of newsweave's summaries beside published and classic extractive systems.

Reads its data from ../shared/bench (outside the repository; see its README).

Run as a plain script (not collected by pytest):

    .venv/bin/python benchmarks/summaries.py [--fresh] [--multinews N] [--markdown]

One scorer for every row: the `rouge-score` package (0.1.2), Porter stemming
on, ROUGE-1 and ROUGE-2 recall and F, every summary cut to the word budget,
each score averaged over the topic's references, then over topics.

(a) MultiLing 2011 English (10 topics x 10 WikiNews articles, 3 references of
    about 250 words), at 250 words: newsweave, the 2011 peers re-scored from
    `peers/` (ID10 is a topline that saw the references), and sumy's LexRank,
    TextRank, LSA and SumBasic run here on the same sentences.
(b) Multi-News validation, 200 clusters, at 260 words: newsweave, the
    first-3-sentences-of-each-article baseline, and sumy's LexRank; scored on
    the dev half (clusters 0, 2, 4, ... of the file: settings are chosen
    there, and the salience head of `train/salience.py` is trained there),
    the held-out half (1, 3, 5, ...) and all of them, apart; also lines 0-99
    and 100-199 (each half dev, half held out), for comparison with figures
    quoted that way.
(c) Beside newsweave, in the same run, its ablations (`ABLATIONS`).

Parsed documents and vectors are cached in /tmp, keyed by the input text only
(parsing 1,000 Multi-News articles takes half an hour on two busy cores);
`--fresh` rebuilds them with the current cleaning and parsing code, and
`--cache DIR` keeps them elsewhere (one directory per engineer or variant).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import pickle
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave import claims, entities, pipeline, stories  # noqa: E402
from newsweave.model import Settings  # noqa: E402
from newsweave.nlp import load_models, parse_articles  # noqa: E402
from newsweave.context import StoryContext  # noqa: E402
from newsweave import summary  # noqa: E402
from newsweave.summary import dispute_sides, main_count, summarize_story, superseded_figures  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
MULTILING = BENCH / "multiling2011-en"
MULTINEWS = BENCH / "multinews-val-200.jsonl.gz"
CACHE = Path("/tmp/newsweave-bench-summaries")
PEER_NAMES = {"ID1": "CIST", "ID2": "CLASSY", "ID3": "JRC", "ID4": "LIF", "ID5": "SIEL_IIITH",
              "ID6": "TALN_UPF", "ID7": "UBSummarizer", "ID8": "UoEssex", "ID9": "centroid baseline",
              "ID10": "GA topline (saw the references)"}


# ---------------------------------------------------------------- inputs


def cache_path(docs: list[dict]) -> Path:
    """Where the prepared story of these documents is cached (keyed by their text only): `prepared_story`'s six parts."""
    key = hashlib.sha1(json.dumps(docs, sort_keys=True).encode()).hexdigest()
    return CACHE / f"{key}.story.pkl"


def is_cached(docs: list[dict]) -> bool:
    """Whether `prepared_story` will read these documents' story from the cache."""
    return cache_path(docs).exists()


def prepared_story(docs: list[dict], models, fresh: bool):
    """Parsed articles, vectors, independent sources and claims of one story (cached in /tmp).

    The claims stage runs as in `analyze`, so the summary gets what the
    product gives it: superseded figures, the sides of the main dispute and
    the main changing count (the sixth part).
    """
    path = cache_path(docs)
    if path.exists() and not fresh:
        with path.open("rb") as f:
            return pickle.load(f)
    story = _analysed_story(docs, models)
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(story, f)
    return story


def _analysed_story(docs: list[dict], models) -> tuple:
    """The six parts of `prepared_story`, computed."""
    settings = Settings(single_story=True)
    prepared = pipeline.prepare(docs, settings)
    parsed = stories.mark_duplicates(parse_articles(prepared.articles, models))
    vectors = pipeline.story_vectors(parsed, models)  # as `analyze` embeds a story
    sources = stories.independent_sources(parsed)
    context = StoryContext(tuple(parsed), vectors, sources)
    context = StoryContext(context.parsed, vectors, sources, tuple(entities.resolve_entities(parsed, models)))
    found = claims.analyze_claims(context, models)
    return (parsed, vectors, sources, superseded_figures(found.discrepancies),
            dispute_sides(found.claims, found.propositions), main_count(found.discrepancies))


def multiling_topics() -> list[str]:
    return sorted({p.name[:4] for p in (MULTILING / "sources").glob("M*.english")})


def multiling_docs(topic: str) -> list[dict]:
    paths = sorted((MULTILING / "sources").glob(f"{topic}*.english"))
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8", errors="replace")} for p in paths]


def multiling_refs(topic: str) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace")
            for p in sorted((MULTILING / "references").glob(f"{topic}.*"))]


def multiling_peers(topic: str) -> dict[str, str]:
    out = {}
    for p in (MULTILING / "peers").glob(f"{topic}.ID*"):
        out[p.suffix.lstrip(".")] = p.read_text(encoding="utf-8", errors="replace")
    return out


def multinews_clusters(limit: int | None) -> list[dict]:
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[:limit] if limit else rows


# ---------------------------------------------------------------- systems


def newsweave_summary(story, words: int, variant: str = "newsweave", head=None) -> str:
    """newsweave's summary of a prepared story with the salience `head` (`Models.salience`, as `analyze`
    passes it); `variant` names an ablation (`ABLATIONS`)."""
    parsed, vectors, sources, superseded, sides, count = story
    context = StoryContext(tuple(parsed), vectors, sources)
    if variant == ABLATIONS[0]:
        head = None
    if variant == ABLATIONS[1]:
        count = None
    settings = ABLATION_SETTINGS.get(variant, {})
    before = {name: getattr(summary, name) for name in settings}
    try:
        for name, value in settings.items():
            setattr(summary, name, value)
        return " ".join(s.text for s in summarize_story(context, words, superseded, sides, count, head))
    finally:
        for name, value in before.items():
            setattr(summary, name, value)


# Rows beside newsweave in the same run: without the learned salience head (the hand-set
# bonus alone, as before issue 19's third part), without the main count's latest figure,
# without the cluster centrality term (as before issue 19's fourth part), and without each
# change of its fifth part: one count told once, the openings cut up to a wire tag and
# photo captions left out, and concepts of one source kept in stories of two sources;
# and without the main count carried on by a later report (`summary.carried_on`, part 6).
ABLATIONS = ("newsweave without the salience head", "newsweave without the latest count",
             "newsweave without cluster centrality", "newsweave without one count told once",
             "newsweave without wire-tag openings and captions",
             "newsweave with one source's concepts in two-source stories",
             "newsweave without a later report's count carried on")
ABLATION_SETTINGS = {
    ABLATIONS[2]: {"CENTRALITY_WEIGHT": 0.0},
    ABLATIONS[3]: {"FIGURE_CLASH_SIMILARITY": None},
    ABLATIONS[4]: {"WIRE_TAG_WORDS": 0, "CAPTIONS_OUT": False},
    ABLATIONS[5]: {"SHARED_FROM_SOURCES": 3},
    ABLATIONS[6]: {"COUNT_CARRIED_ON": False},
}


def body_sentences(story) -> list[list[str]]:
    """Each article's sentences (headlines dropped), as the classic systems get them."""
    parsed = story[0]
    return [[" ".join(s.text.split()) for s in p.sentences if not s.is_headline] for p in parsed]


class WordTokenizer:
    """sumy's tokenizer interface over a plain word regex (NLTK's punkt cannot be downloaded)."""

    language = "english"

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9]+(?:'[a-z]+)?", sentence)

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]


def sumy_summary(kind: str, articles: list[list[str]], words: int) -> str:
    """sumy's `kind` summarizer on spaCy's sentences, asked for sentences until `words` is reached."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = WordTokenizer()
    doc = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sents])
                               for sents in articles if sents])
    cls = {"LexRank": LexRankSummarizer, "TextRank": TextRankSummarizer, "LSA": LsaSummarizer,
           "SumBasic": SumBasicSummarizer}[kind]
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    total = sum(len(s) for s in articles)
    all_words = [len(s.split()) for sents in articles for s in sents]
    k = max(1, math.floor(words / (sum(all_words) / max(1, len(all_words)))))
    text = ""
    while k <= total:
        text = " ".join(str(s) for s in summarizer(doc, k))
        if len(text.split()) >= words:
            break
        k += 1
    return text


def first3_summary(articles: list[list[str]]) -> str:
    return " ".join(s for sents in articles for s in sents[:3])


# ---------------------------------------------------------------- scoring


class Scorer:
    """ROUGE-1/2 recall and F of budget-cut summaries, averaged over references."""

    def __init__(self, words: int):
        from rouge_score import rouge_scorer

        self.words = words
        self._scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def cut(self, text: str) -> str:
        return " ".join(text.split()[: self.words])

    def score(self, summary: str, refs: list[str]) -> dict[str, float]:
        out = {"R1-R": 0.0, "R1-F": 0.0, "R2-R": 0.0, "R2-F": 0.0}
        for ref in refs:
            s = self._scorer.score(self.cut(ref), self.cut(summary))
            out["R1-R"] += s["rouge1"].recall
            out["R1-F"] += s["rouge1"].fmeasure
            out["R2-R"] += s["rouge2"].recall
            out["R2-F"] += s["rouge2"].fmeasure
        return {k: v / len(refs) for k, v in out.items()}


class Table:
    """Per-system score sums over topics."""

    def __init__(self):
        self.sums: dict[str, dict[str, float]] = {}
        self.counts: dict[str, int] = {}
        self.r2f: dict[str, list[float]] = {}  # per topic, in order: for paired differences

    def add(self, system: str, scores: dict[str, float]) -> None:
        row = self.sums.setdefault(system, {k: 0.0 for k in scores})
        for k, v in scores.items():
            row[k] += v
        self.counts[system] = self.counts.get(system, 0) + 1
        self.r2f.setdefault(system, []).append(scores["R2-F"])

    def paired(self, system: str = "newsweave") -> str:
        """`system` minus each other system, topic by topic: mean R-2 F difference +- standard error, ups and downs."""
        ours = self.r2f[system]
        lines = [f"| {system} minus | mean R-2 F difference | standard error | topics up | down |",
                 "|---|---:|---:|---:|---:|"]
        for other, theirs in self.r2f.items():
            if other == system or len(theirs) != len(ours):
                continue
            d = [a - b for a, b in zip(ours, theirs)]
            mean = sum(d) / len(d)
            se = math.sqrt(sum((x - mean) ** 2 for x in d) / max(1, len(d) - 1) / len(d))
            lines.append(f"| {other} | {mean:+.4f} | {se:.4f} | {sum(x > 0 for x in d)} | {sum(x < 0 for x in d)} |")
        return "\n".join(lines)

    def rows(self) -> list[tuple[str, dict[str, float]]]:
        out = [(s, {k: v / self.counts[s] for k, v in row.items()}) for s, row in self.sums.items()]
        return sorted(out, key=lambda r: -r[1]["R2-F"])

    def markdown(self, title: str) -> str:
        lines = [f"**{title}**", "", "| system | R-1 R | R-1 F | R-2 R | R-2 F |", "|---|---|---|---|---|"]
        for name, s in self.rows():
            cells = " | ".join(f"{s[k]:.4f}" for k in ("R1-R", "R1-F", "R2-R", "R2-F"))
            label = f"**{name}**" if name == "newsweave" else name
            lines.append(f"| {label} | {cells} |")
        return "\n".join(lines)


# ---------------------------------------------------------------- runs


def run_multiling(models, fresh: bool, sumy: bool) -> tuple[Table, float, Currency]:
    scorer, table, spent, currency = Scorer(250), Table(), 0.0, Currency()
    for topic in multiling_topics():
        story = prepared_story(multiling_docs(topic), models, fresh)
        refs = multiling_refs(topic)
        t0 = time.perf_counter()
        ours = newsweave_summary(story, 250, head=models.salience)
        spent += time.perf_counter() - t0
        table.add("newsweave", scorer.score(ours, refs))
        currency.add("newsweave", topic, ours)
        for variant in ABLATIONS:
            text = newsweave_summary(story, 250, variant, models.salience)
            table.add(variant, scorer.score(text, refs))
            currency.add(variant, topic, text)
        for peer, text in sorted(multiling_peers(topic).items()):
            name = f"{peer} {PEER_NAMES.get(peer, '')}".strip()
            table.add(name, scorer.score(text, refs))
            currency.add(name, topic, text)
        if sumy:
            articles = body_sentences(story)
            for kind in ("LexRank", "TextRank", "LSA", "SumBasic"):
                text = sumy_summary(kind, articles, 250)
                table.add(f"sumy {kind}", scorer.score(text, refs))
                currency.add(f"sumy {kind}", topic, text)
    return table, spent / max(1, len(multiling_topics())), currency


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100})


def figures_of(text: str) -> set[float]:
    """The numbers a text states, digits or words ("fifty"), scaled by a following "million"/"billion"."""
    scale = {"million": 1e6, "billion": 1e9}
    out = set()
    for m in re.finditer(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s+(million|billion))?|\b([a-z]+)\b", text.lower()):
        if m.group(1):
            out.add(float(m.group(1).replace(",", "")) * scale.get(m.group(2) or "", 1))
        elif m.group(3) in _NUMBER_WORDS:
            out.add(float(_NUMBER_WORDS[m.group(3)]))
    return out


class Currency:
    """Does a summary give the latest figure of its story's main changing count? (blind gold, see below)

    Gold: `benchmarks/data/numbers_gold.json`, annotated blind (from the
    articles alone, before any output was seen): per MultiLing topic, the
    figures that were updated as the story developed, oldest first. A topic's
    main count is its first `update` there; a summary "gives the latest" when
    it states the last value, "gives a superseded one" when it states an
    earlier value and not the last.
    """

    def __init__(self) -> None:
        gold = json.loads((ROOT / "benchmarks" / "data" / "numbers_gold.json").read_text(encoding="utf-8"))
        self.main: dict[str, list[set[float]]] = {}
        for story in gold["stories"]:
            updates = [d for d in story["discrepancies"] if d["relation"] == "update"]
            if story["set"] == "multiling" and updates:
                self.main[story["story"]] = [figures_of(v["text"]) for v in updates[0]["values"]]
        self.latest: dict[str, int] = {}
        self.stale: dict[str, int] = {}

    def add(self, system: str, topic: str, summary: str) -> None:
        if topic not in self.main:
            return
        *old, last = self.main[topic]
        given = figures_of(summary)
        latest = bool(last & given)
        self.latest[system] = self.latest.get(system, 0) + latest
        self.stale[system] = self.stale.get(system, 0) + (not latest and any(v & given for v in old))

    def markdown(self) -> str:
        n = len(self.main)
        lines = [f"**Currency** ({n} MultiLing topics whose main count changed: {', '.join(sorted(self.main))})", "",
                 "| system | gives the latest figure | gives only a superseded one |", "|---|---|---|"]
        for system in sorted(self.latest, key=lambda s: (-self.latest[s], self.stale[s], s)):
            label = f"**{system}**" if system == "newsweave" else system
            lines.append(f"| {label} | {self.latest[system]}/{n} | {self.stale[system]}/{n} |")
        return "\n".join(lines)


MULTINEWS_PARTS = ("dev", "held-out", "all", "lines 0-99", "lines 100-199")


def multinews_part(n: int) -> str:
    """The half a cluster belongs to by its line in the file: even lines are dev, odd ones held out."""
    return "held-out" if n % 2 else "dev"


def run_multinews(models, fresh: bool, sumy: bool, limit: int | None,
                  part: str = "all") -> tuple[dict[str, Table], float, float]:
    """Tables of the dev half, the held-out half and all clusters; seconds per cluster; newsweave's mean words."""
    scorer, spent, words, scored = Scorer(260), 0.0, 0, 0
    tables = {name: Table() for name in MULTINEWS_PARTS}
    for n, row in enumerate(multinews_clusters(limit)):
        if part != "all" and multinews_part(n) != part:
            continue
        docs = [{"id": f"n{row['idx']}-{i}", "text": d} for i, d in enumerate(row["documents"]) if d.strip()]
        story = prepared_story(docs, models, fresh)
        refs = [row["summary"]]
        t0 = time.perf_counter()
        ours = newsweave_summary(story, 260, head=models.salience)
        spent += time.perf_counter() - t0
        words += len(ours.split())
        scored += 1
        articles = body_sentences(story)
        rows = [("newsweave", ours), ("first 3 sentences of each article", first3_summary(articles)),
                *((variant, newsweave_summary(story, 260, variant, models.salience)) for variant in ABLATIONS)]
        if sumy:
            rows.append(("sumy LexRank", sumy_summary("LexRank", articles, 260)))
        for system, text in rows:
            scores = scorer.score(text, refs)
            for name in (multinews_part(n), "all", "lines 0-99" if n < 100 else "lines 100-199"):
                tables[name].add(system, scores)
    return tables, spent / max(1, scored), words / max(1, scored)


def replicated_story(stories_: list, copies: int):
    """One big story: every MultiLing topic's articles, `copies` times under fresh ids."""
    from dataclasses import replace

    from newsweave.nlp import ParsedArticle

    parsed, vectors, sources = [], {}, {}
    for k in range(copies):
        for story in stories_:
            for p in story[0]:
                new_id = f"{p.article.id}-{k}"
                sentences = tuple(replace(x, article=new_id) for x in p.sentences)
                parsed.append(ParsedArticle(replace(p.article, id=new_id), p.doc, sentences))
                vectors.update({(new_id, x.index): story[1][(p.article.id, x.index)] for x in p.sentences})
                sources[new_id] = new_id
    return parsed, vectors, sources


def run_scaling(models, fresh: bool) -> str:
    """Time and peak memory of summarize_story as the story grows (MultiLing articles replicated)."""
    import tracemalloc

    topics = [prepared_story(multiling_docs(t), models, fresh) for t in multiling_topics()]
    lines = ["| articles | sentences | seconds | peak MiB |", "|---|---|---|---|"]
    for copies in (1, 2, 4, 8):
        story = replicated_story(topics, copies)
        n = sum(len(p.sentences) for p in story[0])
        tracemalloc.start()
        t0 = time.perf_counter()
        summarize_story(StoryContext(tuple(story[0]), story[1], story[2]), 250, salience=models.salience)
        spent = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        lines.append(f"| {len(story[0])} | {n} | {spent:.2f} | {peak:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global CACHE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fresh", action="store_true", help="ignore the /tmp cache of parsed documents")
    ap.add_argument("--cache", type=Path, default=CACHE, metavar="DIR", help=f"cache directory (default {CACHE})")
    ap.add_argument("--part", choices=("dev", "held-out", "all"), default="all",
                    help="Multi-News clusters to score: the dev half (even lines), the held-out half, or both")
    ap.add_argument("--multinews", type=int, default=200, metavar="N", help="clusters to score (0: skip)")
    ap.add_argument("--no-sumy", action="store_true", help="skip the sumy systems (faster iteration)")
    ap.add_argument("--no-multiling", action="store_true")
    ap.add_argument("--scaling", action="store_true", help="also time one story of up to 800 articles")
    args = ap.parse_args(argv)
    CACHE = args.cache
    t0 = time.perf_counter()
    models = load_models()
    print(f"models loaded in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if not args.no_multiling:
        table, per_topic, currency = run_multiling(models, args.fresh, not args.no_sumy)
        print(table.markdown("MultiLing 2011 English, 10 topics, 250 words"))
        print("\n" + table.paired())
        print(f"\nnewsweave: {per_topic * 1000:.0f} ms per 10-article topic (summarize_story only)\n")
        print(currency.markdown() + "\n")
    if args.multinews:
        tables, per, mean_words = run_multinews(models, args.fresh, not args.no_sumy, args.multinews, args.part)
        for name in MULTINEWS_PARTS:
            if tables[name].counts:
                n = tables[name].counts["newsweave"]
                print(tables[name].markdown(f"Multi-News validation, {name}, {n} clusters, 260 words") + "\n")
                print(tables[name].paired() + "\n")
        print(f"newsweave: {per * 1000:.0f} ms per cluster (summarize_story only), {mean_words:.0f} words on average\n")
    if args.scaling:
        print("**Scaling: MultiLing articles replicated into one story, 250 words**\n")
        print(run_scaling(models, args.fresh))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
