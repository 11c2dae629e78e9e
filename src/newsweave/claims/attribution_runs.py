"""A learned second stage over the content tagger's runs: is this run an attribution, as a whole?

The token tagger (`attribution_tagger`) scores tokens one by one; a run of
tokens over its threshold is a candidate content. Deciding on the run by its
mean score and length alone keeps about nine in ten right only for strong
runs. This stage scores each candidate run as a whole (one logistic model,
trained by `train/attribution_runs.py` on PolNeAR train; it is on only when
its weights are in `newsweave/data/attribution_runs.json`, and they are not
shipped: on PolNeAR it kept no more than the tagger's own floors, see
docs/BENCHMARKS.md) over features of the run: its token
scores (mean, lowest, highest, first, last), its length and the share of its
sentence it covers, whether it is quoted, the relation and part of speech of
its root, the cue it takes (its probability, whether the run hangs under it,
side and distance, its relation, its stem unless it is a proper noun, a
number or written with a capital), the speaker that cue gives (a pronoun, a name, a noun, the speaker
of the quote before, none), the sentence's place and the claims it already
holds. With it the tagger runs at lower settings for recall and the stage
decides what is kept.

No word of a proper noun or a number is a feature (no name of a training
article becomes a weight).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from newsweave.claims.cues import logistic_probability, stem

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "attribution_runs.json"
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_WORD_EDGES = (2, 3, 4, 6, 9, 13, 20)
_CUE_EDGES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)


@dataclass(frozen=True, slots=True)
class RunStage:
    """The run model's bias, weights and the probability a run must reach to become a claim."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        """The probability that a run with these features is an attributed content."""
        return logistic_probability(self.bias, self.weights, features)


def load_run_stage(path: str | None = None) -> tuple[RunStage, dict] | None:
    """The shipped run stage (or the one at `path`) and the tagger setting its candidates are made at;
    None when the weights file is absent."""
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    d = json.loads(p.read_text(encoding="utf-8"))
    stage = RunStage(float(d["bias"]), {k: float(v) for k, v in d["weights"].items()}, float(d["threshold"]))
    return stage, {k: d["candidates"][k] for k in ("threshold", "min_words", "min_cue", "min_score")}


def run_kept(stage: RunStage | None, features: list[str]) -> bool:
    """Whether a candidate run becomes a claim: over the stage's threshold (no stage: every run)."""
    return stage is None or stage.probability(features) >= stage.threshold


def _decile(p: float) -> str:
    return str(min(9, int(p * 10)))


def _edge_bucket(x: float, edges: tuple) -> str:
    return str(next((k for k, e in enumerate(edges) if x < e), len(edges)))


def _speaker_kind(doc, claim, run_first_char: int) -> str:
    """What speaks for the run: none, the speaker of the claim before (a quote going on), a pronoun, a name, a noun."""
    if claim is None:
        return "none"
    if claim.speaker_span is None:
        return "outlet"
    if claim.cue_start == run_first_char:
        return "cont"
    span = doc.char_span(claim.speaker_span[0], claim.speaker_span[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return "other"
    head = span.root
    return head.pos_ if head.pos_ in ("PRON", "PROPN", "NOUN") else "other"


def run_features(run, span, scores: list[float], probs: dict[int, float], quotes, claim, made,
                 sentence_index: int, is_headline: bool, opens_paragraph: bool) -> list[str]:
    """Binary features of one candidate run of the tagger (what the run stage weighs).

    `run`: the `TaggedContent`; `span`: its sentence; `scores`: the tagger's
    token probabilities over the sentence; `probs`: the sentence's cue
    probabilities; `claim`: the claim the run would make (None when no speaker
    is found); `made`: the sentence's claims so far.
    """
    doc = span.doc
    a, b = run.start - span.start, run.end - span.start
    sc = scores[a:b]
    toks = doc[run.start:run.end]
    words = sum(1 for t in toks if t.is_alpha)
    sent_words = max(1, sum(1 for t in span if t.is_alpha))
    mean = sum(sc) / len(sc)
    wb = _edge_bucket(words, _WORD_EDGES)
    at_start = all(t.is_punct or t.is_space for t in span[:a])
    at_end = all(t.is_punct or t.is_space for t in span[b:])
    out = [f"mean={_decile(mean)}", f"min={_decile(min(sc))}", f"max={_decile(max(sc))}",
           f"first={_decile(sc[0])}", f"last={_decile(sc[-1])}", f"words={wb}", f"mean|words={_decile(mean)}|{wb}",
           f"cover={min(4, words * 5 // sent_words)}", f"edges={at_start}|{at_end}"]
    cs, ce = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    inq = sum(max(0, min(ce, qb) - max(cs, qa)) for qa, qb in quotes)
    q = "none" if inq == 0 else ("all" if inq >= 0.9 * (ce - cs) else "part")
    out.append(f"q={q}")
    ids = range(run.start, run.end)
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    root = roots[0]
    out += [f"roots={min(len(roots), 3)}", f"root={root.dep_}|{root.pos_}",
            f"finite={any(t.tag_ in _FINITE for t in toks)}", f"q|mean={q}|{_decile(mean)}"]
    if run.cue is None:
        out.append("cue=-")
    else:
        c = doc[run.cue]
        p = probs.get(run.cue, 0.0)
        cb = _edge_bucket(p, _CUE_EDGES)
        above = any(anc.i == run.cue for anc in root.ancestors)
        via = next((t for t in [root, *root.ancestors] if t.head.i == run.cue), None) if above else None
        rel = via.dep_ if via is not None else "-"
        side = "L" if run.cue >= run.end else "R"
        gap = run.start - run.cue if side == "R" else run.cue - run.end + 1
        out += [f"cue={cb}", f"cue|above={cb}|{above}", f"cue|rel={rel}", f"cue|rel|side={rel}|{side}",
                f"cue|side={cb}|{side}", f"cue|gap={min(gap, 12) // 3}", f"cue|pos={c.pos_}",
                f"cue|mean={cb}|{_decile(mean)}"]
        if c.is_lower and c.pos_ not in ("PROPN", "NUM") and not c.like_num:  # a capital: maybe a name
            out.append(f"cue|s={stem(c.lower_)}")
    kind = _speaker_kind(doc, claim, toks[0].idx)
    out += [f"spk={kind}", f"spk|q={kind}|{q}"]
    others = [f for f in made if f.kind != "reported"]
    overlap = max((max(0, min(ce, f.content_end) - max(cs, f.content_start)) / (ce - cs) for f in others),
                  default=0.0)
    same_cue = run.cue is not None and any(f.cue_start == doc[run.cue].idx for f in others)
    out += [f"others={min(len(others), 2)}", f"overlap={min(4, int(overlap * 10))}", f"same_cue={same_cue}",
            f"sent={min(sentence_index, 5)}", f"headline={is_headline}", f"para={opens_paragraph}"]
    return out
