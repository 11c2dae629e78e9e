"""Attribution measured on PolNeAR (Newell, Margolin & Ruths, LREC 2018), beside a said-verb baseline.

    PYTHONPATH=src .venv/bin/python benchmarks/attribution.py [--split dev] [--limit N] [--verbose]

Gold: `../shared/bench/attribution/polnear-{train,dev}.jsonl.gz`, attributions
with source, cue and content spans annotated by others. Each article's raw
`text` goes through spaCy and `claims.attribute_article` (no cleaning, so the
offsets are the gold's); the claims in the outlet's own voice (kind
"reported") are left out, every other claim (statements, and stance acts of
kind "act") is an attributed claim.

How a claim is matched (character offsets):

- a gold attribution's content (the union of its `content_fragments` when it
  has any, else its `content` span) is *found* when one attributed claim's
  content overlaps at least 50 % of it; the claim with the largest overlap is
  its match;
- the *speaker span is right* for a found attribution with a source when the
  matched claim's `speaker_start:speaker_end` is the gold source span
  (exact, after trimming white space and punctuation) or, the second
  figure, holds the gold source's head token (the token of the gold span
  whose parse head lies outside it: "Hillary Clinton's campaign manager" ->
  "manager", "he" -> "he");
- an attributed claim is *right* (precision) when its content overlaps some
  gold content by at least 50 % of the gold's or of its own length;
- beside the table, a gold content *found jointly* when all the claims over
  it together cover at least 50 % of it (a content over several sentences
  that newsweave holds as one claim a sentence): not the headline figure.

The baseline: a sentence holding a said-verb (said, says, told, added,
according to, ...): the capitalised words or pronoun just before the verb, or
just after it ("..., said Jane Doe"), are the speaker, the rest of the
sentence the content.

Parses are cached under /tmp/attribution/ (spaCy DocBin, by split and count).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench" / "attribution"
CACHE = Path("/tmp/attribution")
_STRIP = " \t\n\"“”‘’'«»,;:.—-"


@dataclass(frozen=True, slots=True)
class Predicted:
    """One attributed claim, as the scorer reads it (character offsets)."""

    article: str
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None


def load_records(split: str, limit: int | None = None) -> list[dict]:
    """The PolNeAR records of one split, in file order, at most `limit`."""
    path = BENCH / f"polnear-{split}.jsonl.gz"
    if not path.exists():
        sys.exit(f"error: {path} not found (the shared benchmark data)")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def parse_records(records: list[dict], models, split: str) -> list:
    """`ParsedArticle`s of the records, parsed once and cached as a spaCy DocBin under /tmp/attribution/."""
    from spacy.tokens import DocBin

    from newsweave.model import Article
    from newsweave.nlp import ParsedArticle, parse_articles, sentences_of

    articles = [Article(id=r["id"], path=None, title=r.get("title"), outlet=r.get("publisher"), url=None,
                        published=r.get("date"), published_from="metadata", text=r["text"]) for r in records]
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / f"polnear-{split}-{len(records)}.spacy"
    for older in sorted(CACHE.glob(f"polnear-{split}-*.spacy"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        if int(older.stem.rsplit("-", 1)[1]) >= len(records):  # a parse of as many articles or more: its prefix
            docs = list(DocBin().from_disk(older).get_docs(models.spacy.vocab))[:len(records)]
            if [d.text for d in docs] == [a.text for a in articles]:
                return [ParsedArticle(a, d, sentences_of(a, d)) for a, d in zip(articles, docs)]
    parsed = parse_articles(articles, models)
    bin_ = DocBin(store_user_data=False)
    for p in parsed:
        bin_.add(p.doc)
    bin_.to_disk(cache)
    return parsed


def newsweave_claims(parsed: list, cue_model, acts: bool = True) -> list[Predicted]:
    """newsweave's attributed claims of each article (no story entities: spans only); as in attribute_article."""
    from newsweave.claims import attribute_article

    out = []
    for p in parsed:
        for c in attribute_article(p, [], index={}, acts=acts, cue_model=cue_model):
            if c.kind == "reported":
                continue
            spk = (c.speaker_start, c.speaker_end) if c.speaker_start is not None else None
            cue = (c.cue_start, c.cue_end) if c.cue_start is not None else None
            out.append(Predicted(c.article, (c.content_start, c.content_end), spk, cue))
    return out


_SAID = r"(?:said|says|say|told|tells|added|adds|stated|wrote|writes|noted|argued|claimed|reported|explained|insisted)"
_NAME = r"(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"
_BEFORE = re.compile(rf"(?P<spk>{_NAME})\s+(?:has\s+|had\s+|also\s+)?(?P<cue>{_SAID})\b")
_AFTER = re.compile(rf"\b(?P<cue>{_SAID})\s+(?P<spk>{_NAME})")
_ACCORDING = re.compile(rf"\b(?P<cue>[Aa]ccording to)\s+(?P<spk>(?:the\s+)?{_NAME})")


def baseline_claims(records: list[dict]) -> list[Predicted]:
    """A sentence with a said-verb: the name or pronoun beside the verb speaks, the rest is content."""
    out = []
    for r in records:
        text = r["text"]
        for sent in re.finditer(r"[^.!?\n]+(?:[.!?]+[”\"]?)?", text):
            s = sent.group()
            m = _BEFORE.search(s) or _ACCORDING.search(s) or _AFTER.search(s)
            if m is None:
                continue
            base = sent.start()
            lo, hi = min(m.start("spk"), m.start("cue")), max(m.end("spk"), m.end("cue"))
            before, after = (base, base + lo), (base + hi, sent.end())
            content = before if before[1] - before[0] > after[1] - after[0] else after
            out.append(Predicted(r["id"], content, (base + m.start("spk"), base + m.end("spk")),
                                 (base + m.start("cue"), base + m.end("cue"))))
    return out


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and text[b - 1] in _STRIP:
        b -= 1
    return a, b


def _chars(attr: dict) -> set[int]:
    frags = attr.get("content_fragments") or [attr["content"]]
    return {i for f in frags for i in range(f[0], f[1])}


def _head_token(doc, span: tuple[int, int]) -> int | None:
    """Index of the token of a character span whose parse head lies outside it (its head)."""
    toks = [t for t in doc if t.idx >= span[0] and t.idx + len(t.text) <= span[1]]
    if not toks:
        return None
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return (heads or toks)[-1].i


def score(records: list[dict], parsed: list, predicted: list[Predicted], verbose: bool = False) -> dict:
    """Content found, speaker span right (exact and head-token) of those, precision of attributed claims."""
    docs = {p.article.id: p.doc for p in parsed}
    by_doc: dict[str, list[Predicted]] = {}
    for c in predicted:
        by_doc.setdefault(c.article, []).append(c)
    gold_total = found = with_source = exact = head = jointly = 0
    right_pred: set[int] = set()
    gold_chars_by_doc: dict[str, list[set[int]]] = {}
    for r in records:
        text, doc = r["text"], docs[r["id"]]
        claims = by_doc.get(r["id"], [])
        claim_chars = [set(range(*c.content)) for c in claims]
        for g in r["attributions"]:
            if not g.get("content"):
                continue
            gold_total += 1
            gc = _chars(g)
            gold_chars_by_doc.setdefault(r["id"], []).append(gc)
            overlaps = [len(gc & cc) for cc in claim_chars]
            best = max(range(len(claims)), key=lambda k: overlaps[k], default=None)
            covered = set().union(*(gc & cc for cc in claim_chars)) if claim_chars else set()
            jointly += len(covered) >= 0.5 * len(gc)
            if best is None or overlaps[best] < 0.5 * len(gc):
                if verbose:
                    print("  MISS", r["id"][:30], repr(g["cue"] and g["cue"][2]), repr(g["content"][2][:90]),
                          file=sys.stderr)
                continue
            found += 1
            if not g.get("has_source") or not g.get("source"):
                continue
            with_source += 1
            c = claims[best]
            gs = _trimmed(text, g["source"][0], g["source"][1])
            ps = _trimmed(text, *c.speaker) if c.speaker else None
            exact += ps == gs
            gh = _head_token(doc, gs)
            ok_head = ps is not None and gh is not None and ps[0] <= doc[gh].idx < ps[1]
            head += ok_head
            if verbose and not ok_head:
                print("  SPEAKER", r["id"][:30], repr(text[gs[0]:gs[1]]), "got",
                      repr(text[ps[0]:ps[1]] if ps else None), file=sys.stderr)
    n_pred = 0
    for r in records:
        golds = gold_chars_by_doc.get(r["id"], [])
        for c in by_doc.get(r["id"], []):
            n_pred += 1
            cc = set(range(*c.content))
            if any(len(cc & gc) >= 0.5 * min(len(gc), len(cc)) and cc & gc for gc in golds):
                right_pred.add(id(c))
            elif verbose:
                print("  FP", r["id"][:30], repr(r["text"][c.content[0]:c.content[1]][:90]), file=sys.stderr)
    return {"gold": gold_total, "found": found, "with_source": with_source, "exact": exact, "head": head,
            "predicted": n_pred, "right": len(right_pred), "jointly": jointly}


def _row(name: str, s: dict) -> str:
    f = s["found"] / s["gold"] if s["gold"] else 0.0
    e = s["exact"] / s["with_source"] if s["with_source"] else 0.0
    h = s["head"] / s["with_source"] if s["with_source"] else 0.0
    p = s["right"] / s["predicted"] if s["predicted"] else 0.0
    return (f"| {name} | {f:.3f} ({s['found']}/{s['gold']}) | {h:.3f} ({s['head']}/{s['with_source']})"
            f" | {e:.3f} ({s['exact']}/{s['with_source']}) | {p:.3f} ({s['right']}/{s['predicted']}) |")


def main(argv: list[str] | None = None) -> int:
    """Score newsweave and the baseline on one PolNeAR split; print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--verbose", action="store_true", help="list misses, speaker errors and false claims on stderr")
    args = ap.parse_args(argv)
    from newsweave.nlp import load_models

    records = load_records(args.split, args.limit)
    models = load_models()
    parsed = parse_records(records, models, args.split)
    cpu = time.process_time()
    predicted = newsweave_claims(parsed, models.attribution_cues)
    cpu = time.process_time() - cpu
    ours = score(records, parsed, predicted, args.verbose)
    statements = score(records, parsed, newsweave_claims(parsed, models.attribution_cues, acts=False))
    from newsweave.claims.cues import load_cue_model

    frames_only = load_cue_model(tagger_path="")
    cpu_frames = time.process_time()
    untagged_claims = newsweave_claims(parsed, frames_only)
    cpu_frames = time.process_time() - cpu_frames
    untagged = score(records, parsed, untagged_claims)
    alone = score(records, parsed, newsweave_claims(parsed, load_cue_model(claims_path="", tagger_path="")))
    rules = score(records, parsed, newsweave_claims(parsed, None))
    base = score(records, parsed, baseline_claims(records))
    n_tokens = sum(len(p.doc) for p in parsed)
    print(f"PolNeAR {args.split}: {len(records)} articles ({n_tokens} tokens), {ours['gold']} gold attributions"
          f" with content; attribution {cpu:.1f} s CPU (default), {cpu_frames:.1f} s without the tagger\n")
    print("| system | content found | speaker span right, head token (of found with a source)"
          " | speaker span right, exact | precision of attributed claims |")
    print("| --- | --- | --- | --- | --- |")
    print(_row("newsweave (default: statements and acts)", ours))
    print(_row("newsweave without the content tagger (frames, second stage, quotes)", untagged))
    print(_row("newsweave, statements only (acts=False)", statements))
    print(_row("newsweave, learned cues without the second stage or the tagger (cue thresholds)", alone))
    print(_row("newsweave, rules alone (no learned cues)", rules))
    print(_row("said-verb baseline", base))
    print(f"\nContent found when the claims over a gold content may cover its half together (a content over"
          f" several sentences held by one claim a sentence): default {ours['jointly'] / max(1, ours['gold']):.3f}"
          f" ({ours['jointly']}/{ours['gold']}),"
          + f" said-verb baseline {base['jointly'] / max(1, base['gold']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
