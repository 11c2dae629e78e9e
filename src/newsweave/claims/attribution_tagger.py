"""Attributed contents found token by token: a learned tagger over the parse, for what no frame built.

The frames (`frames`, `cues`) build a content from one cue's dependents; where
the parse hangs the content elsewhere, or the cue is weak, no frame holds it.
This tagger scores every token of a sentence as inside an attributed content
or not (one logistic model over binary features of the parse, trained by
`train/attribution_tagger.py` on PolNeAR train and shipped as feature weights
in `newsweave/data/attribution_tagger.json`): the token's own tag and relation,
its word (never a proper noun's or a number's), whether it stands inside
quotation marks, where it stands in its sentence,
and above all the cues around it, as the learned cue model scores them: the
nearest and the most probable cue among its ancestors, the relation by which
the token hangs under it, its side, the sentence's best cue and whether the
token lies in that cue's subject; the previous sentence's best cue for a
quote that goes on.

A run of tokens over the threshold with enough words is a content
(`tagged_contents`); the claim it makes takes the most probable cue over it
(an ancestor first, else the sentence's best outside the run) and that cue's
speaker as the frames find one (subject, agent, inherited subject, the name
just before it). `attribution.extract_claims` adds such a claim (of kind
"act", kept out of propositions) only where no claim of a frame or a quote
already holds half of the run and its cue has no claim in the sentence yet (a
stance act of that cue inside the run is widened to it). Its limits: one run
never crosses a sentence; a run with no cue in its sentence (a quote that goes
on) takes the speaker of the claim before it only within two sentences; at
precision 0.91 it adds about 0.02 of PolNeAR's contents (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from newsweave.claims.cues import CueModel, cue_probability, is_candidate, logistic_probability, stem

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "attribution_tagger.json"
_EDGES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)  # cue probability buckets
_OPENERS = "“\"«"
_CUE_FLOOR = 0.02  # a token under this cue probability is no cue to hang under


@dataclass(frozen=True, slots=True)
class SpanTagger:
    """The token model's bias and weights, the threshold a token must pass, what a run must hold to be a claim."""

    bias: float
    weights: dict[str, float]
    threshold: float
    min_words: int
    min_cue: float  # the cue a run takes must be at least this probable (a quote going on needs none)
    min_score: float = 0.0  # the mean token probability over the run (runs of weak tokens are mostly wrong)

    def probability(self, features: list[str]) -> float:
        """The probability that a token with these active features is inside an attributed content."""
        return logistic_probability(self.bias, self.weights, features)


@dataclass(frozen=True, slots=True)
class TaggedContent:
    """A content the tagger found: its token range [start, end), its cue token's index (or None), its mean score."""

    start: int
    end: int
    cue: int | None
    score: float


def load_span_tagger(path: str | None = None) -> SpanTagger | None:
    """The shipped tagger (or the one at `path`); None when the weights file is absent."""
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    d = json.loads(p.read_text(encoding="utf-8"))
    return SpanTagger(float(d["bias"]), {k: float(v) for k, v in d["weights"].items()}, float(d["threshold"]),
                      int(d["min_words"]), float(d["min_cue"]), float(d.get("min_score", 0.0)))


def is_name_or_number(t) -> bool:
    """Whether a token is a proper noun or a number, whose word the tagger never weighs (no story's names)."""
    return t.pos_ in ("PROPN", "NUM") or t.like_num


def _bucket(p: float) -> str:
    for k, e in enumerate(_EDGES):
        if p < e:
            return str(k)
    return str(len(_EDGES))


def cue_probabilities(span, model: CueModel, seen: dict[int, float] | None = None) -> dict[int, float]:
    """The learned cue probability of every candidate token of a sentence, by token index (`seen`: those known)."""
    return {t.i: cue_probability(t, model, seen) for t in span if is_candidate(t)}


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What `token_features` reads of a sentence, read off the parse once (spaCy makes a Token at each access)."""

    start: int
    n: int
    heads: dict[int, int]  # token index -> its head's index (the root: itself)
    pos: dict[int, str]
    dep: dict[int, str]
    tag: dict[int, str]
    lower: dict[int, str]
    named: frozenset[int]  # proper nouns and numbers: no word feature (a name or a figure is no general evidence)
    opens: bool
    probs: dict[int, float]
    buckets: dict[int, str]  # cue probability bucket of each candidate
    stems: dict[int, str]  # stem of each candidate over the cue floor
    quoted: frozenset[int]
    best: int | None
    prev_best: float
    subject: frozenset[int]
    colon: int | None


def token_features(i: int, s: _Sentence) -> list[str]:
    """Binary features of token `i` as a part of an attributed content (what the tagger weighs).

    Its tag, relation and its head's; its lowercased word unless it is a
    proper noun or a number; whether it is quoted and where it stands;
    the nearest (`na`) and the most probable (`ba`) cue among its ancestors,
    with the relation by which it hangs under it, its side and depth; the
    sentence's best cue outside quotes (`sb`) and whether the token is in its
    subject; the previous sentence's best cue; a colon before it.
    """
    q = i in s.quoted
    place = (i - s.start) * 5 // max(1, s.n)
    head = s.heads[i]
    out = [f"p={s.pos[i]}", f"d={s.dep[i]}", f"t={s.tag[i]}", f"hd={s.dep[head]}", f"hp={s.pos[head]}",
           f"q={q}", f"pl={place}", f"q|pl={q}|{place}",
           f"sq={s.opens}", f"prev={_bucket(s.prev_best)}|{s.opens}|{q}"]
    if i not in s.named:
        out.append(f"w={s.lower[i]}")
    probs = s.probs
    if i in probs:
        out.append(f"self={s.buckets[i]}")
    near = top = None
    child, anc, depth = i, head, 0
    while anc != child:
        depth += 1
        p = probs.get(anc, 0.0)
        if p >= _CUE_FLOOR:
            if near is None:
                near = (anc, child, depth)
            if top is None or p > probs[top[0]]:
                top = (anc, child, depth)
        if depth > 12:
            break
        child, anc = anc, s.heads[anc]
    for name, found in (("na", near), ("ba", top)):
        if found is None:
            out.append(f"{name}=-")
            continue
        anc, via, depth = found
        b = s.buckets[anc]
        side = "L" if i < anc else "R"
        rel = s.dep[via]
        st = s.stems[anc]
        out += [f"{name}={b}", f"{name}|rel={b}|{rel}", f"{name}|side={b}|{side}", f"{name}|rs={rel}|{side}",
                f"{name}|dep={min(depth, 6)}", f"{name}|s={st}", f"{name}|s|rel={st}|{rel}",
                f"{name}|q={b}|{q}", f"{name}|cp={s.pos[anc]}|{rel}"]
    best = s.best
    if best is not None:
        b = s.buckets[best]
        side = "L" if i < best else ("S" if i == best else "R")
        dist = min(abs(i - best), 20) // 4
        inside = top is not None and top[0] == best
        out += [f"sb={b}", f"sb|side={b}|{side}", f"sb|dist={b}|{dist}", f"sb|under={b}|{inside}",
                f"sb|subj={i in s.subject}", f"sb|q|side={q}|{side}"]
    else:
        out.append("sb=-")
    if s.colon is not None and i > s.colon:
        out.append("after_colon")
    return out


def article_features(spans, model: CueModel, quotes,
                     seen: dict[int, float] | None = None) -> list[tuple[list[list[str]], dict[int, float]]]:
    """Per sentence (spaCy span, or None): its tokens' `token_features` and its cue probabilities.

    One pass in reading order, so that a sentence sees the best cue of the one
    before it (a quote that goes on after "X said."). Training reads the same.
    `seen`: cue probabilities the frames already computed, by token index.
    """
    out = []
    prev_best = 0.0
    for span in spans:
        if span is None or len(span) == 0:
            out.append(([], {}))
            prev_best = 0.0
            continue
        probs = cue_probabilities(span, model, seen)
        out.append((sentence_features(span, probs, quotes, prev_best), probs))
        prev_best = max(probs.values(), default=0.0)
    return out


def sentence_features(span, probs: dict[int, float], quotes, prev_best: float) -> list[list[str]]:
    """`token_features` of every token of a sentence (training reads them too)."""
    doc = span.doc
    toks = list(span)
    heads, pos, dep, tag, lower = {}, {}, {}, {}, {}
    for t in toks:
        heads[t.i], pos[t.i], dep[t.i], tag[t.i], lower[t.i] = t.head.i, t.pos_, t.dep_, t.tag_, t.lower_
    for h in set(heads.values()) - heads.keys():  # a head outside the sentence (a unit joined from two)
        while h not in heads:
            t = doc[h]
            heads[h], pos[h], dep[h], tag[h], lower[h] = t.head.i, t.pos_, t.dep_, t.tag_, t.lower_
            h = t.head.i
    lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    near = [(a, b) for a, b in quotes if a < hi and b > lo]
    quoted = frozenset(t.i for t in toks if any(a <= t.idx < b for a, b in near)) if near else frozenset()
    free = {i: p for i, p in probs.items() if i not in quoted}
    best = max(free, key=free.get, default=None)
    subject: set[int] = set()
    if best is not None:
        for c in doc[best].children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                subject.update(range(c.left_edge.i, c.right_edge.i + 1))
    s = _Sentence(
        start=span.start, n=len(toks), heads=heads, pos=pos, dep=dep, tag=tag, lower=lower,
        named=frozenset(t.i for t in toks if is_name_or_number(t)),
        opens=toks[0].text in _OPENERS, probs=probs, buckets={i: _bucket(p) for i, p in probs.items()},
        stems={i: stem(lower[i]) for i, p in probs.items() if p >= _CUE_FLOOR and i in lower},
        quoted=quoted, best=best, prev_best=prev_best, subject=frozenset(subject),
        colon=next((t.i for t in toks if t.text == ":"), None))
    return [token_features(t.i, s) for t in toks]


def tagged_contents(span, scores: list[float], probs: dict[int, float], tagger: SpanTagger) -> list[TaggedContent]:
    """Runs of tokens over the threshold with at least `min_words` words and a mean score of `min_score`,
    each with the cue it hangs under.

    Punctuation joins a run but never starts or ends one; one word under the
    threshold between two over it is kept inside.
    """
    doc = span.doc
    out = []
    k, n = 0, len(span)
    while k < n:
        if scores[k] < tagger.threshold or span[k].is_punct:
            k += 1
            continue
        j = k
        while j + 1 < n and (scores[j + 1] >= tagger.threshold or span[j + 1].is_punct
                             or (j + 2 < n and scores[j + 2] >= tagger.threshold)):
            j += 1
        while j > k and span[j].is_punct:
            j -= 1
        words = sum(1 for t in span[k:j + 1] if t.is_alpha)
        mean = sum(scores[k:j + 1]) / (j + 1 - k)
        if words >= tagger.min_words and mean >= tagger.min_score:
            a, b = span.start + k, span.start + j + 1
            out.append(TaggedContent(a, b, _cue_of(doc, a, b, probs), mean))
        k = j + 1
    return out


def _cue_of(doc, a: int, b: int, probs: dict[int, float]) -> int | None:
    """The most probable cue over a run (among its tokens' ancestors outside it), else the sentence's best outside it."""
    over = {anc.i for t in doc[a:b] for anc in t.ancestors if not a <= anc.i < b}
    above = [i for i in over if probs.get(i, 0.0) >= _CUE_FLOOR]
    if above:
        return max(above, key=probs.get)
    outside = [i for i in probs if not a <= i < b and probs[i] >= _CUE_FLOOR]
    return max(outside, key=probs.get, default=None)
