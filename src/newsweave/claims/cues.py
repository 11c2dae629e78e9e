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
lexicon that takes no finite clause is a stance act or an intention (kind
"act": "criticized X", "refuses to release them"), kept only over its own
threshold (`Logistic.act_threshold`).

A second stage (`CueModel.claims`, trained by `train/attribution_claims.py`,
weights in `newsweave/data/attribution_claims.json`) scores each whole
learned frame (its cue's probability, kind, content, speaker, quotes) and
keeps it over its own threshold; with it the cue model's thresholds fall to
the stage's `cue_floor`, so more cues are tried and the claim decides.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from typing import Iterable

WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "attribution_cues.json"
CLAIM_WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "attribution_claims.json"
CANDIDATE_POS = {"VERB", "NOUN", "ADJ", "AUX", "ADP", "PROPN"}  # PROPN: title-case headline verbs ("Trump Blasts ...")


def logistic_probability(bias: float, weights: dict[str, float], features: Iterable[str]) -> float:
    """A logistic model's probability for a set of active binary features (absent weights count 0)."""
    # map(get, ..., repeat(0.0)): the same sum in the same order, without a generator's frames.
    z = bias + sum(map(weights.get, set(features), repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class Logistic:
    """One logistic model: a bias, weights by feature name, and the threshold chosen on train.

    `act_threshold` (the cue model and the claim stage): the threshold for a cue that takes
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
        return logistic_probability(self.bias, self.weights, features)


@dataclass(frozen=True, slots=True)
class CueModel:
    """The three models of a learned attribution frame, and the optional second stage over whole frames."""

    cue: Logistic
    content: Logistic
    source: Logistic
    claims: Logistic | None = None  # scores a whole learned frame (`claim_features`); None: the cue thresholds decide
    tagger: object | None = None  # `attribution_tagger.SpanTagger`: contents tagged token by token; None: frames only


def _logistic(d: dict) -> Logistic:
    act = d.get("act_threshold")
    return Logistic(float(d["bias"]), {k: float(v) for k, v in d["weights"].items()}, float(d["threshold"]),
                    float(act) if act is not None else None)


def load_cue_model(path: str | None = None, claims_path: str | None = None,
                   tagger_path: str | None = None) -> CueModel | None:
    """The shipped cue model (or the one at `path`); None when the weights file is absent.

    The second stage is read from `claims_path` (default: the shipped
    `attribution_claims.json`, when present; "" for none); with it the cue's
    thresholds are the stage's `cue_floor`. The content tagger
    (`attribution_tagger`) is read from `tagger_path` the same way (default: the
    shipped `attribution_tagger.json`; "" for none). `nlp.load_models` loads it
    once, onto `Models.attribution_cues`.
    """
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    model = CueModel(_logistic(data["cue"]), _logistic(data["content"]), _logistic(data["source"]))
    if tagger_path != "":
        from newsweave.claims.attribution_tagger import load_span_tagger

        model = replace(model, tagger=load_span_tagger(tagger_path))
    q = CLAIM_WEIGHTS if claims_path is None else (Path(claims_path) if claims_path else None)
    if q is None or not q.exists():
        return model
    stage = json.loads(q.read_text(encoding="utf-8"))
    floor = float(stage["cue_floor"])
    return replace(model, cue=replace(model.cue, threshold=floor, act_threshold=floor), claims=_logistic(stage))


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
    children = list(tok.children)  # spaCy makes each child Token afresh at every pass over them
    deps = sorted({c.dep_ for c in children})
    for d in deps:
        out.append(f"c={d}")
        out.append(f"w|c={w}|{d}")
        out.append(f"s|c={st}|{d}")
    subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        out.append(f"s|nosubj={st}")
    else:
        kind = subj.ent_type_ or (subj.lower_ if subj.pos_ == "PRON" else subj.pos_)
        out += [f"subj={kind}", f"s|subj={st}|{kind}"]
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if obj is not None:
        out.append(f"s|obj={st}|{obj.ent_type_ or obj.pos_}")
    out.append(f"t|cs={tok.tag_}|{'+'.join(d for d in deps if d in _CORE)}")
    out += _context_features(tok, st, children)
    for c in children:
        if c.dep_ in ("aux", "neg", "prt", "prep", "mark", "auxpass"):
            out.append(f"w|{c.dep_}={w}|{c.lower_}")
        if c.dep_ == "nsubj":
            out.append(f"subj={c.pos_}")
        if c.dep_ in ("ccomp", "xcomp"):
            out.append(f"w|{c.dep_}.first={w}|{c.left_edge.lower_}")
    if tok.head.i != tok.i:
        out.append(f"h={tok.head.lower_}")
        out.append(f"d|hp={tok.dep_}|{tok.head.pos_}")
        out.append(f"s|hs={st}|{stem(tok.head.lower_)}")
    prev_w = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    next_w = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    out += [f"prev={prev_w}", f"next={next_w}", f"w|next={w}|{next_w}", f"w|prev={w}|{prev_w}"]
    return out


def _context_features(tok, st: str, children: list) -> list[str]:
    """Features of where a token stands: the subject it inherits, its clauses' verbs, its head's subject, a title line.

    `children`: the token's children, listed once by the caller.
    """
    out = []
    clause = next((c for c in children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    if clause is not None:
        out.append(f"s|clause={st}|{clause.dep_}")
        out.append(f"s|clause.v={st}|{stem(clause.lower_)}")
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in children) and tok.head.i != tok.i:
        inherited = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if inherited is not None:
            kind = inherited.ent_type_ or (inherited.lower_ if inherited.pos_ == "PRON" else inherited.pos_)
            out += [f"isubj={kind}", f"s|isubj={st}|{kind}|{tok.dep_}"]
    if tok.is_title and tok.i > 0 and tok.doc[tok.i - 1].is_title:
        out.append(f"title|p={tok.pos_}")
        out.append(f"title|s={st}")
    agent = next((c for c in children if c.dep_ == "agent"), None)
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


def cue_probability(tok, model: CueModel, seen: dict[int, float] | None = None) -> float:
    """The cue model's probability that `tok` heads a cue, from `seen` when it holds it (and put there)."""
    if seen is not None and tok.i in seen:
        return seen[tok.i]
    p = model.cue.probability(cue_features(tok))
    if seen is not None:
        seen[tok.i] = p
    return p


def model_frames(tok, model: CueModel, seen: dict[int, float] | None = None) -> tuple[float, list, list]:
    """The cue probability of `tok` and, when it is a cue, its dependents scored as content and as source.

    `seen`: cue probabilities by token index, read and filled (the content
    tagger reads the same probabilities, computed once).
    """
    p = cue_probability(tok, model, seen)
    if p < model.cue.floor():
        return p, [], []  # not a cue: its dependents are not scored
    content = [c for c in tok.children if model.content.probability(child_features(tok, c)) >= model.content.threshold]
    scored = [(model.source.probability(child_features(tok, c)), c) for c in tok.children]
    source = [c for s, c in sorted(scored, key=lambda x: -x[0]) if s >= model.source.threshold]
    return p, content, source


_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    """The first edge `n` is at most ("<=4"), else the last edge passed ("16+")."""
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f"{edges[-1]}+"


def claim_features(cue, speaker, content: tuple[int, int], kind: str, p: float, quotes, learned_source: bool,
                   reporting: bool, learned_content: bool = False, guessed_speaker: bool = False) -> list[str]:
    """Binary features of a whole learned frame, for the second stage (`CueModel.claims`).

    What a cue's own features cannot see: how probable the cue is, whether the
    frame reports a clause or acts on a noun, how long its content is and
    whether it holds a finite verb or a quote, what kind of phrase speaks and
    where (and whether it was only guessed, the parse giving no subject), and
    where the cue stands in its sentence; and the cue's word with each of
    these (a "said" by a person over a clause is not a "support" by one).
    """
    doc = cue.doc
    a, b = content
    toks = doc[a:b]
    n = b - a
    pb = f"{min(9, int(p * 10))}"
    finite = any(t.tag_ in _FINITE for t in toks)
    clause = next((t for t in toks if t.head.i == cue.i), None)
    top = next((t for t in toks if not a <= t.head.i < b or t.head.i == t.i), None)
    root = speaker.root if speaker is not None else None
    spk = (root.lower_ if root.pos_ == "PRON" else (root.ent_type_ or root.pos_)) if root is not None else "-"
    chars = max(1, doc[b - 1].idx + len(doc[b - 1].text) - doc[a].idx)
    quoted = sum(max(0, min(doc[b - 1].idx + len(doc[b - 1].text), q1) - max(doc[a].idx, q0)) for q0, q1 in quotes)
    sent = cue.sent
    place = (cue.i - sent.start) * 3 // max(1, len(sent))
    out = [
        f"p={pb}", f"k={kind}", f"k|p={kind}|{pb}", f"lex={reporting}", f"lex|p={reporting}|{pb}",
        f"cp={cue.pos_}", f"ct={cue.tag_}", f"cd={cue.dep_}", f"cs={stem(cue.lower_)}",
        f"n={_bucket(n, (1, 2, 4, 8, 16, 32))}", f"k|n={kind}|{_bucket(n, (2, 4, 8, 16))}",
        f"fin={finite}", f"k|fin={kind}|{finite}", f"cdep={clause.dep_ if clause is not None else '-'}",
        f"side={'R' if a > cue.i else 'L'}", f"first={toks[0].lower_ if toks[0].dep_ == 'mark' else toks[0].pos_}",
        f"spk={spk}", f"spk|k={spk}|{kind}", f"lsrc={learned_source}",
        f"sside={'-' if root is None else ('L' if root.i < cue.i else 'R')}",
        f"sdist={_bucket(abs(root.i - cue.i), (1, 2, 4, 8)) if root is not None else '-'}",
        f"quote={_bucket(int(10 * quoted / chars), (0, 5, 9))}", f"place={place}",
        f"slen={_bucket(len(sent), (8, 16, 32, 64))}",
        f"title={cue.is_title and cue.i > 0 and doc[cue.i - 1].is_title}",
        f"p20={min(19, int(p * 20))}", f"cs|k={stem(cue.lower_)}|{kind}", f"cs|fin={stem(cue.lower_)}|{finite}",
        f"croot={top.tag_ if top is not None else '-'}",
        f"splen={_bucket(len(speaker), (1, 2, 4)) if speaker is not None else '-'}",
    ]
    out += [f"aux={c.lower_}" for c in cue.children if c.dep_ in ("aux", "neg") and c.i < cue.i]
    cs = stem(cue.lower_)
    cdep = clause.dep_ if clause is not None else "-"
    out += [f"lcont={learned_content}", f"lcont|k={learned_content}|{kind}", f"cs|spk={cs}|{spk}",
            f"cs|cdep={cs}|{cdep}", f"cs|side={cs}|{'R' if a > cue.i else 'L'}", f"cd|k={cue.dep_}|{kind}",
            f"edge={a <= sent.start + 1}|{b >= sent.end - 1}"]
    if cue.head.i != cue.i:
        out += [f"hs={stem(cue.head.lower_)}", f"hs|k={stem(cue.head.lower_)}|{kind}"]
    if guessed_speaker:
        out += ["guess", f"guess|k={kind}", f"guess|spk={spk}", f"guess|p={pb}"]
    return out
