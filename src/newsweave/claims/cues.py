"""Learned attribution cues: which token is a cue, which of its dependents hold the content and the source.

Three logistic models over features of spaCy's parse, trained by
`train/attribution_cues.py` on the train part of PolNeAR (attributions of
speech, but also of thought, intention and stance: "X wants to ...", "X
criticized Y for ...") and shipped as feature weights in
`newsweave/data/attribution_cues.json` (inference is a sum of weights and a
logistic, no learning library at run time):

- `cue`: is this token the head of an attribution cue?
- `content`: is this dependent's subtree (mostly) the content the cue reports?
- `source`: does this dependent's subtree hold the source?

The rule frames of `frames` come first; a learned cue adds a frame only where
the rules found none at that token. A learned cue outside the reporting
lexicon that takes no clause is a stance act (kind "act"), kept only over its
own threshold (`Logistic.act_threshold`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "attribution_cues.json"
CANDIDATE_POS = {"VERB", "NOUN", "ADJ", "AUX", "ADP", "PROPN"}  # PROPN: title-case headline verbs ("Trump Blasts ...")


@dataclass(frozen=True, slots=True)
class Logistic:
    """One logistic model: a bias, weights by feature name, and the threshold chosen on train.

    `act_threshold` (the cue model only): the threshold for a cue that takes
    no clause, a stance act ("criticized X"), chosen apart from the one for
    statements.
    """

    bias: float
    weights: dict[str, float]
    threshold: float
    act_threshold: float | None = None

    def floor(self) -> float:
        """The lowest of the thresholds: under it a token is no cue of any kind."""
        return min(self.threshold, self.act_threshold if self.act_threshold is not None else self.threshold)

    def probability(self, features: Iterable[str]) -> float:
        """The model's probability for a set of active binary features."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class CueModel:
    """The three models of a learned attribution frame."""

    cue: Logistic
    content: Logistic
    source: Logistic


def load_cue_model(path: str | None = None) -> CueModel | None:
    """The shipped cue model (or the one at `path`); None when the weights file is absent.

    `nlp.load_models` loads it once, onto `Models.attribution_cues`.
    """
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))

    def part(name: str) -> Logistic:
        d = data[name]
        act = d.get("act_threshold")
        return Logistic(float(d["bias"]), {k: float(v) for k, v in d["weights"].items()}, float(d["threshold"]),
                        float(act) if act is not None else None)

    return CueModel(part("cue"), part("content"), part("source"))


def is_candidate(tok) -> bool:
    """A token that may head a cue: a verb, noun, adjective, auxiliary, preposition, or a colon, with dependents.

    A token without dependents has neither a content nor a source of its own to report.
    """
    return (tok.pos_ in CANDIDATE_POS or tok.text == ":") and tok.n_lefts + tok.n_rights > 0


def stem(word: str) -> str:
    """A crude stem that joins a verb's forms ("criticized", "criticizes" -> "criticiz"); the parser runs without lemmas."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def cue_features(tok) -> list[str]:
    """Binary features of a token as a possible cue head: its word, tag, relation, dependents and neighbours."""
    w = tok.lower_
    st = stem(w)
    doc = tok.doc
    out = [f"w={w}", f"s={st}", f"t={tok.tag_}", f"d={tok.dep_}", f"w|d={w}|{tok.dep_}", f"s|d={st}|{tok.dep_}",
           f"p={tok.pos_}", f"s|t={st}|{tok.tag_}"]
    deps = sorted({c.dep_ for c in tok.children})
    for d in deps:
        out.append(f"c={d}")
        out.append(f"w|c={w}|{d}")
        out.append(f"s|c={st}|{d}")
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        out.append(f"s|nosubj={st}")
    else:
        kind = subj.ent_type_ or (subj.lower_ if subj.pos_ == "PRON" else subj.pos_)
        out += [f"subj={kind}", f"s|subj={st}|{kind}"]
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None:
        out.append(f"s|obj={st}|{obj.ent_type_ or obj.pos_}")
    out.append(f"t|cs={tok.tag_}|{'+'.join(d for d in deps if d in _CORE)}")
    out += _context_features(tok, st)
    for c in tok.children:
        if c.dep_ in ("aux", "neg", "prt", "prep", "mark", "auxpass"):
            out.append(f"w|{c.dep_}={w}|{c.lower_}")
        if c.dep_ == "nsubj":
            out.append(f"subj={c.pos_}")
        if c.dep_ in ("ccomp", "xcomp"):
            out.append(f"w|{c.dep_}.first={w}|{c.left_edge.lower_}")
    if tok.head is not tok:
        out.append(f"h={tok.head.lower_}")
        out.append(f"d|hp={tok.dep_}|{tok.head.pos_}")
        out.append(f"s|hs={st}|{stem(tok.head.lower_)}")
    prev_w = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    next_w = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    out += [f"prev={prev_w}", f"next={next_w}", f"w|next={w}|{next_w}", f"w|prev={w}|{prev_w}"]
    return out


def _context_features(tok, st: str) -> list[str]:
    """Features of where a token stands: the subject it inherits, its clauses' verbs, its head's subject, a title line."""
    out = []
    clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    if clause is not None:
        out.append(f"s|clause={st}|{clause.dep_}")
        out.append(f"s|clause.v={st}|{stem(clause.lower_)}")
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and tok.head is not tok:
        inherited = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if inherited is not None:
            kind = inherited.ent_type_ or (inherited.lower_ if inherited.pos_ == "PRON" else inherited.pos_)
            out += [f"isubj={kind}", f"s|isubj={st}|{kind}|{tok.dep_}"]
    if tok.is_title and tok.i > 0 and tok.doc[tok.i - 1].is_title:
        out.append(f"title|p={tok.pos_}")
        out.append(f"title|s={st}")
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:
        out.append(f"s|agent={st}")
    return out


_CORE = {"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent", "oprd", "attr", "dative", "advcl"}


def child_features(cue, child) -> list[str]:
    """Binary features of one dependent of a cue: its relation, side, first word, and the cue's word."""
    w = cue.lower_
    side = "L" if child.i < cue.i else "R"
    d = child.dep_
    first = child.left_edge.lower_
    out = [f"d={d}", f"d|s={d}|{side}", f"d|w={d}|{w}", f"d|st={d}|{stem(w)}", f"p={child.pos_}",
           f"d|p={d}|{child.pos_}", f"d|e={d}|{child.ent_type_ or '-'}", f"d|s|st={d}|{side}|{stem(w)}",
           f"d|first={d}|{first}", f"s={side}", f"d|t={d}|{child.tag_}"]
    if d in ("prep", "mark", "agent", "dative", "prt"):
        out.append(f"d|cw={d}|{child.lower_}")
        out.append(f"d|cw|w={d}|{child.lower_}|{w}")
    n = child.right_edge.i - child.left_edge.i + 1
    out.append(f"len={min(n, 8) if n < 8 else '8+'}")
    return out


def model_frames(tok, model: CueModel) -> tuple[float, list, list]:
    """The cue probability of `tok` and, when it is a cue, its dependents scored as content and as source."""
    p = model.cue.probability(cue_features(tok))
    if p < model.cue.floor():
        return p, [], []  # not a cue: its dependents are not scored
    content = [c for c in tok.children if model.content.probability(child_features(tok, c)) >= model.content.threshold]
    scored = [(model.source.probability(child_features(tok, c)), c) for c in tok.children]
    source = [c for s, c in sorted(scored, key=lambda x: -x[0]) if s >= model.source.threshold]
    return p, content, source
