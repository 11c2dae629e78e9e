"""Geocoding benchmark: toponyms placed within 161 km on GeoWebNews, TR-News and GeoVirus.

Each article of `../shared/bench/geo/{geowebnews,trnews,geovirus}.jsonl.gz`
(Gritta et al. 2019; records: `text`, `toponyms: [{start, end, text, lat,
lon, ...}]`) is one story: it is parsed and its entities resolved exactly as
the pipeline does (`resolve_entities`). Every mention of a PLACE entity is a
place mention with the entity's geocode. A gold toponym with coordinates is
aligned with the place mention that overlaps it most; it is right when that
mention's point lies within 161 km (100 miles, the customary threshold), and
wrong when it is farther, has no point, or no place mention overlaps it.

Reported for each set, in one run, on the same parses and the same gazetteer:
- newsweave: accuracy@161 km over all gold toponyms with coordinates, the
  median error (km, over toponyms given a point), and the share found (a
  mention overlaps them). A gold toponym that no place mention overlaps may be
  covered by the words of a non-place entity's place reference
  (`Entity.refers_to`: a demonym's country, a place named inside an
  organisation's name, the town of an organisation named like a building);
  "places only" scores place mentions alone;
- newsweave without the toponym finder (spaCy's places only), and the
  resolution time with and without it;
- newsweave with one lever switched off in each column, same run (`ablations`):
  earlier branches' (the finder, unlisted places, the learned ranker, the
  fall-back) and each of branch geo6's, and all of geo6's together (main's
  rules before the branch);
- population baseline on newsweave's spans: the largest gazetteer entry of
  that name (a country before anything else), for the same recognised spans;
- population baseline on gold spans: the same over the gold spans (no
  recognition errors);
- for GeoWebNews the development half (articles whose stable hash puts them
  outside the ranker's training half, `newsweave.entities.places.split_of`),
  "literal" figures that leave out the gold adjectives ("Russian") and the
  toponyms inside another name, and where the dev toponyms go (right, too
  far, found without a point, inside an entity of another type, not found).

Parses are cached under /tmp/geo/ (spaCy DocBin per set).
Run: ``PYTHONPATH=src .venv/bin/python benchmarks/geo.py [--sets trnews] [--write-docs]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsweave.entities import backoff, references, resolve_entities, toponyms  # noqa: E402
from newsweave.entities.places import FEATURES, RANKER_PATH, split_of  # noqa: E402
from newsweave.entities.toponyms import FEATURES as TOPONYM_FEATURES  # noqa: E402
from newsweave.entities.toponyms import FINDER_PATH  # noqa: E402
from newsweave.model import Article, Settings  # noqa: E402
from newsweave.nlp import ParsedArticle, load_models, parse_articles, sentences_of  # noqa: E402

DATA = ROOT.parent / "shared" / "bench" / "geo"
SETS = ("geowebnews", "trnews", "geovirus")
CACHE = Path("/tmp/geo")
DOCS = ROOT / "docs" / "BENCHMARKS.md"
KM = 161.0
SECTION = ("## Geocoding toward 0.85: states after towns, places inside place names, districts, lists, towns inside "
           "names (issue #17, branch geo6)")


@contextmanager
def switched(obj, **values):
    """Set attributes of `obj` (a module or the gazetteer) for the duration of one pass, then restore them."""
    old = {k: getattr(obj, k) for k in values}
    for k, v in values.items():
        setattr(obj, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(obj, k, v)


def ablations(gaz):
    """The same-run ablations: (column key, header, a function returning the context that switches it off).

    The first four measure earlier branches' levers; the others branch geo6's, each alone, and all of
    them together ("geo6 off": the rules of main before the branch, same run).
    """
    without_ex = references._PREFIXES - {"ex"}
    geo6 = [lambda: switched(gaz, states_after_towns=False), lambda: switched(gaz, within=False),
            lambda: switched(backoff, DISTRICTS_ALONE=False), lambda: switched(toponyms, LISTS=False),
            lambda: switched(references, NAMED_TOWN=100_000, WORLD_CITY=1_000_000),
            lambda: switched(references, _PREFIXES=without_ex)]

    @contextmanager
    def all_geo6():
        with geo6[0](), geo6[1](), geo6[2](), geo6[3](), geo6[4](), geo6[5]():
            yield

    return [
        ("no_finder", "without the finder", lambda: switched(gaz, finder=None)),
        ("no_unlisted", "without unlisted places", lambda: switched(gaz, unlisted=False)),
        ("plain_rule", "plain rule, no ranker", lambda: switched(gaz, ranker=PlainRule())),
        ("no_backoff", "without the fall-back", lambda: switched(gaz, backoff=False)),
        ("no_states", "without states after towns", geo6[0]),
        ("no_within", "without places inside place names", geo6[1]),
        ("no_districts", "without districts alone", geo6[2]),
        ("no_lists", "without persons in lists", geo6[3]),
        ("old_towns", "towns inside names at 100k / 1M", geo6[4]),
        ("no_ex", "without \"ex-\"", geo6[5]),
        ("geo6_off", "geo6 off (main's rules)", all_geo6),
    ]


def read_set(name: str) -> list[dict]:
    """The records of one set."""
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def article_of(record: dict) -> Article:
    """A benchmark record as a newsweave article (the outlet from its domain or URL)."""
    outlet = record.get("domain")
    if not outlet and record.get("url"):
        outlet = record["url"].split("/")[2] if "//" in record["url"] else None
    return Article(id=record["id"], path=None, title=record.get("title"), outlet=outlet, url=record.get("url"),
                   published=record.get("date"), published_from="metadata" if record.get("date") else None,
                   text=record["text"])


def parsed_set(name: str, articles: list[Article], models) -> list[ParsedArticle]:
    """The set's articles parsed by spaCy, from the cache under /tmp/geo/ when it matches."""
    from spacy.tokens import DocBin

    digest = hashlib.sha1("\x00".join(a.text for a in articles).encode()).hexdigest()[:12]
    path = CACHE / f"{name}-{digest}.spacy"
    if path.exists():
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(models.spacy.vocab))
    else:
        docs = [p.doc for p in parse_articles(articles, models)]
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(DocBin(docs=docs, store_user_data=False).to_bytes())
    return [ParsedArticle(a, d, sentences_of(a, d)) for a, d in zip(articles, docs)]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A predicted place span and its point (None when the entity has no geocode).

    `kind` is "place" for a mention of a PLACE entity, "demonym" or
    "named_in" for the words of a non-place entity's place reference
    (`Entity.refers_to`: "Russian", the "Illinois" of an organisation's name),
    and the entity's type ("ORG", "PERSON", "OTHER") for any other mention
    (those are never scored as placed; they say where a miss went).
    """

    start: int
    end: int
    text: str
    point: tuple[float, float] | None
    kind: str = "place"


def place_mentions(parsed: ParsedArticle, models, settings) -> list[PlaceMention]:
    """newsweave's place mentions of one article, each with its entity's point (see `PlaceMention`)."""
    out = []
    text = parsed.article.text
    for e in resolve_entities([parsed], models):
        if e.type == "PLACE":
            point = (e.geo.lat, e.geo.lon) if e.geo is not None else None
            out += [PlaceMention(m.start, m.end, text[m.start:m.end], point) for m in e.mentions]
            continue
        ref = e.refers_to
        point = (ref.geo.lat, ref.geo.lon) if ref is not None and ref.geo is not None else None
        for m in e.mentions:
            if point is not None and ref.relation == "located_in":  # the whole name lies in that town
                out.append(PlaceMention(m.start, m.end, text[m.start:m.end], point, ref.relation))
                continue
            if point is not None:
                at = text[m.start:m.end].lower().find(ref.text.lower())
                if at >= 0:
                    start = m.start + at
                    out.append(PlaceMention(start, start + len(ref.text), ref.text, point, ref.relation))
                    continue
            out.append(PlaceMention(m.start, m.end, text[m.start:m.end], None, e.type))
    return out


def aligned(gold: dict, mentions: list[PlaceMention], references: bool = True) -> PlaceMention | None:
    """The place mention overlapping the gold span most, else the reference that does, else None.

    Without `references` only PLACE entities' mentions count (the figures
    before place references existed).
    """
    for kinds in (("place",), ("demonym", "named_in", "located_in") if references else ()):
        best, found = 0, None
        for m in mentions:
            if m.kind not in kinds:
                continue
            overlap = min(gold["end"], m.end) - max(gold["start"], m.start)
            if overlap > best:
                best, found = overlap, m
        if found is not None:
            return found
    return None


def miss_of(gold: dict, mentions: list[PlaceMention]) -> str:
    """Where a gold toponym went: right, far, unplaced, inside an entity of another type, or not found."""
    m = aligned(gold, mentions)
    if m is not None and m.point is not None:
        return "right" if km(m.point[0], m.point[1], gold["lat"], gold["lon"]) <= KM else "placed too far"
    if m is not None:
        return "found, no point"
    other = [x for x in mentions if x.kind not in ("place", "demonym", "named_in", "located_in")
             and min(gold["end"], x.end) > max(gold["start"], x.start)]
    return f"inside an entity typed {other[0].kind}, no reference" if other else "not found"


class PlainRule:
    """Stands in for the learned ranker: the candidate of the story's most weighted country, then the most populous.

    The ranker's ablation (the rule `train/train_geo.py` records its first round with), with the same
    threshold-free choice: a located candidate is always taken.
    """

    def choose(self, form, rows):
        """The index of the located candidate with the highest country share plus log population."""
        located = [i for i, p in enumerate(form.places) if p.lat is not None]
        if not located:
            return None
        share, pop = FEATURES.index("country_share"), FEATURES.index("log_population")
        return max(located, key=lambda i: 2 * rows[i, share] + rows[i, pop])


def largest_point(gazetteer, name: str) -> tuple[float, float] | None:
    """The population baseline: a country of that name, else its most populous entry."""
    places = gazetteer.baseline_candidates(name)
    located = [p for p in places if p.lat is not None]
    if not located:
        return None
    countries = [p for p in located if p.kind == "country"]
    best = countries[0] if countries else max(located, key=lambda p: p.population)
    return best.lat, best.lon


@dataclass(slots=True)
class Tally:
    """Counts over gold toponyms for one system."""

    n: int = 0
    right: int = 0
    found: int = 0
    errors: list | None = None

    def add(self, found: bool, point, gold: dict) -> None:
        """Count one gold toponym: found or not, and the distance of its point."""
        if self.errors is None:
            self.errors = []
        self.n += 1
        self.found += found
        if point is not None:
            d = km(point[0], point[1], gold["lat"], gold["lon"])
            self.errors.append(d)
            self.right += d <= KM

    def row(self) -> dict:
        """accuracy@161, median error and share found."""
        errs = self.errors or []
        return {"n": self.n, "right": self.right, "acc": self.right / max(self.n, 1),
                "median_km": statistics.median(errs) if errs else float("nan"),
                "found": self.found / max(self.n, 1)}


def is_literal(gold: dict) -> bool:
    """A gold toponym that is a place name: not an adjective or demonym ("Russian"), not inside another name.

    GeoWebNews marks adjectives (`modifier_type` Adjective) and toponyms
    embedded in an organisation's name (`type` Embedded_*): the kinds that
    newsweave gives as references of non-place entities, never as places.
    """
    return gold.get("modifier_type") != "Adjective" and not str(gold.get("type")).startswith("Embedded")


def score_set(name: str, models, settings, write_errors: Path | None) -> dict:
    """Every figure of one set."""
    records = read_set(name)
    articles = [article_of(r) for r in records]
    t0 = time.time()
    parsed = parsed_set(name, articles, models)
    t_parse = time.time() - t0
    gaz = models.gazetteer
    parts = {"all": []}
    if name == "geowebnews":  # the only set that marks adjectives, and the one trained on
        parts["literal"] = []
        parts["train"] = []
        parts["dev"] = []
        parts["dev literal"] = []
    levers = ablations(gaz)
    systems = ("newsweave", "places_only", "pop_spans", "pop_gold", *(k for k, _, _ in levers))
    tallies = {part: {s: Tally() for s in systems} for part in parts}
    misses: Counter = Counter()
    errors = []
    for p in parsed:  # warm the gazetteer's look-up memo, so that no timed pass pays for it
        place_mentions(p, models, settings)
    ablated, cpu_ablated = {}, {}
    for key, _, switch in levers:  # each lever switched off, same run, same parses
        c0 = time.process_time()
        with switch():
            ablated[key] = [place_mentions(p, models, settings) for p in parsed]
        cpu_ablated[key] = time.process_time() - c0
    t_resolve = cpu_resolve = 0.0
    for i, (record, p) in enumerate(zip(records, parsed)):
        t0, c0 = time.time(), time.process_time()
        mentions = place_mentions(p, models, settings)
        t_resolve += time.time() - t0
        cpu_resolve += time.process_time() - c0
        for g in record["toponyms"]:
            if g.get("lat") is None or g.get("lon") is None:
                continue
            m = aligned(g, mentions)
            mp = aligned(g, mentions, references=False)
            others = {key: aligned(g, ablated[key][i]) for key in ablated}
            base_spans = largest_point(gaz, m.text) if m is not None else None
            base_gold = largest_point(gaz, g["text"])
            keys = ["all"] + (["literal"] if "literal" in parts and is_literal(g) else [])
            if "train" in parts and split_of(record["id"]) == "train":
                keys.append("train")
            if "dev" in parts and split_of(record["id"]) == "dev":
                keys += ["dev"] + (["dev literal"] if is_literal(g) else [])
            for k in keys:
                tallies[k]["newsweave"].add(m is not None, m.point if m else None, g)
                tallies[k]["places_only"].add(mp is not None, mp.point if mp else None, g)
                tallies[k]["pop_spans"].add(m is not None, base_spans, g)
                tallies[k]["pop_gold"].add(True, base_gold, g)
                for key, o in others.items():
                    tallies[k][key].add(o is not None, o.point if o else None, g)
            if "dev" in keys:
                kind = "adjective" if g.get("modifier_type") == "Adjective" else \
                    "embedded" if str(g.get("type")).startswith("Embedded") else "other"
                misses[(kind, miss_of(g, mentions))] += 1
            d = km(m.point[0], m.point[1], g["lat"], g["lon"]) if m and m.point else None
            readable = name == "geowebnews" and split_of(record["id"]) == "train"  # held-out errors never written
            if readable and (d is None or d > KM):
                inside = [x.text for x in mentions if x.kind not in ("place", "demonym", "named_in", "located_in")
                          and min(g["end"], x.end) > max(g["start"], x.start)]
                errors.append({"id": record["id"], "gold": g["text"], "type": g.get("type") or g.get("fcode"),
                               "outcome": miss_of(g, mentions), "inside": inside[0] if inside else None,
                               "found": m.text if m else None, "point": m.point if m else None,
                               "gold_point": (g["lat"], g["lon"]), "km": d,
                               "baseline_km": km(base_spans[0], base_spans[1], g["lat"], g["lon"]) if base_spans else None,
                               "context": record["text"][max(0, g["start"] - 60):g["end"] + 60]})
    if write_errors:
        write_errors.mkdir(parents=True, exist_ok=True)
        if errors:
            (write_errors / f"{name}-train-errors.json").write_text(json.dumps(errors, indent=1, ensure_ascii=False))
    dev = [g for r in records if name == "geowebnews" and split_of(r["id"]) == "dev" for g in r["toponyms"]
           if g.get("lat") is not None]
    kinds = {"adjectives": sum(g.get("modifier_type") == "Adjective" for g in dev),
             "embedded": sum(str(g.get("type")).startswith("Embedded") for g in dev)}
    return {"kinds": kinds, "misses": dict(misses), "articles": len(records), "parse_s": t_parse, "resolve_s": t_resolve,
            "cpu_s": cpu_resolve, "cpu_ablated_s": cpu_ablated, "levers": [(k, h) for k, h, _ in levers],
            "parts": {k: {s: t.row() for s, t in v.items()} for k, v in tallies.items()}}


def render(results: dict, commit: str) -> str:
    """The Markdown section."""
    levers = next(iter(results.values()))["levers"]
    lines = [SECTION, "",
             f"Commit `{commit}`. Data: `../shared/bench/geo/` (Gritta et al. 2019): GeoWebNews (200 articles), "
             "TR-News (118), GeoVirus (229); each article one story, parsed and resolved as the pipeline does. "
             "Accuracy = share of all gold toponyms with coordinates whose aligned mention is placed within "
             "161 km; a toponym not found or not placed counts as wrong. Aligned: the PLACE entity mention "
             "that overlaps the gold span most; where none does, the words of a non-place entity's place "
             "reference (`refers_to`: a demonym's country, \"Russian\"; the place named inside an "
             "organisation's name, the \"Illinois\" of \"Illinois Department of Public Health\"), which the "
             "output gives as references, never as places on the map. \"places only\" scores PLACE mentions "
             "alone. Median error over the toponyms given a point. Beside newsweave, in the same run on the "
             "same parses and gazetteer: the population baseline (the largest gazetteer entry of the name, a "
             "country first) on newsweave's place spans and on the gold spans, and newsweave with one lever "
             "switched off in each column. The toponym finder and the ranker are trained on the GeoWebNews "
             "train half only (`train/train_geo.py`, stable hash split), and every setting of branch geo6 was "
             "chosen on that half; GeoWebNews dev is scored (totals and the outcome table); TR-News and "
             "GeoVirus are held out (never trained on, their errors never written). \"literal\" leaves out "
             "the gold adjectives (\"Russian\") and the toponyms inside another name (`Embedded_*`).", "",
             "Columns, each one lever off: " + "; ".join(f"\"{h}\"" for _, h in levers) + ". Branch geo6's: "
             "a state's abbreviation after a town read as the state (`places_states`); a place name the "
             "gazetteer lacks placed at the place its words name (`places_within`); a district with no far "
             "namesake taken by the fall-back (`backoff.DISTRICTS_ALONE`); a person-labelled name listed beside "
             "a place taking the finder's general threshold (`toponyms.LISTS`); towns inside names at 30,000 "
             "people, 100,000 anywhere (`references.NAMED_TOWN`, `WORLD_CITY`; before: 100,000 and 1,000,000); "
             "\"ex-Russian\" keeping its country. \"geo6 off\" switches all six off together: main's rules "
             "before the branch, in the same run.", "",
             "| set | part | toponyms | newsweave acc@161 | places only | median km | found | "
             + " | ".join(h for _, h in levers) + " | pop. baseline (same spans) | pop. baseline (gold spans) |",
             "|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(levers) + "---:|---:|"]
    for name, r in results.items():
        for part, rows in r["parts"].items():
            nw, po, ps, pg = (rows[k] for k in ("newsweave", "places_only", "pop_spans", "pop_gold"))
            lines.append(f"| {name} | {part} | {nw['n']} | {nw['acc']:.3f} | {po['acc']:.3f} | "
                         f"{nw['median_km']:.0f} | {nw['found']:.3f} | "
                         + " | ".join(f"{rows[k]['acc']:.3f}" for k, _ in levers)
                         + f" | {ps['acc']:.3f} | {pg['acc']:.3f} |")
    lines += ["", "Toponyms right (counts, same run):", "",
              "| set | part | newsweave | " + " | ".join(h for _, h in levers) + " | pop. baseline (gold spans) |",
              "|---|---|---:|" + "---:|" * len(levers) + "---:|"]
    for name, r in results.items():
        for part, rows in r["parts"].items():
            lines.append(f"| {name} | {part} | {rows['newsweave']['right']} | "
                         + " | ".join(str(rows[k]["right"]) for k, _ in levers) + f" | {rows['pop_gold']['right']} |")
    web = results.get("geowebnews", {})
    kinds, misses = web.get("kinds", {}), web.get("misses", {})
    if misses:
        lines += ["", "Where the GeoWebNews dev toponyms go (full system; adjectives and embedded toponyms apart):",
                  "", "| outcome | adjective | embedded | other | all |", "|---|---:|---:|---:|---:|"]
        outcomes = sorted({o for _, o in misses}, key=lambda o: -sum(v for (_, x), v in misses.items() if x == o))
        for o in outcomes:
            row = [misses.get((k, o), 0) for k in ("adjective", "embedded", "other")]
            lines.append(f"| {o} | " + " | ".join(str(v) for v in row) + f" | {sum(row)} |")
    ranker = json.loads(RANKER_PATH.read_text(encoding="utf-8"))["provenance"]
    finder = json.loads(FINDER_PATH.read_text(encoding="utf-8"))
    lines += ["",
              f"GeoWebNews dev holds {kinds.get('adjectives', '?')} adjectives and {kinds.get('embedded', '?')} "
              f"embedded toponyms. Toponym finder: {len(TOPONYM_FEATURES)} features, C={finder['provenance']['C']}, "
              f"threshold {finder['threshold']} (a person-labelled name {finder.get('person_threshold')}). "
              f"Ranker: {len(FEATURES)} features, {ranker['articles']} train-half articles, "
              f"C={ranker['chosen']['C']}, threshold {ranker['chosen']['threshold']}, tie ratio "
              f"{ranker['chosen'].get('tie_ratio')}.",
              "",
              "Resolution (entities, geocoding and references, one story per article, gazetteer loaded and "
              "warmed by one untimed pass, same run): wall "
              + ", ".join(f"{k} {v['resolve_s']:.1f} s" for k, v in results.items()) + "; CPU "
              + ", ".join(f"{k} {v['cpu_s']:.2f} s (geo6 off {v['cpu_ablated_s']['geo6_off']:.2f} s)"
                          for k, v in results.items()) + ".", ""]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace this benchmark's section of docs/BENCHMARKS.md (or append it)."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1:] if end != -1 else "")
    DOCS.write_text(text, encoding="utf-8")


def main() -> int:
    """Run the benchmark on the chosen sets and print (optionally write) the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", default=list(SETS), choices=SETS)
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--errors", type=Path, default=CACHE,
                    help="where to write the GeoWebNews train half's errors (JSON; no other part's are written)")
    args = ap.parse_args()
    models = load_models()
    models.gazetteer.warm()  # read the gazetteer's tables before resolution is timed
    settings = Settings()
    results = {name: score_set(name, models, settings, args.errors) for name in args.sets}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    section = render(results, commit)
    print(section)
    print(json.dumps({k: {"parse_s": round(v["parse_s"], 1), "resolve_s": round(v["resolve_s"], 1),
                          "cpu_s": round(v["cpu_s"], 2)} for k, v in results.items()}))
    if args.write_docs:
        write_section(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
