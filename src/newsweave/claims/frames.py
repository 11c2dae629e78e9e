"""Reporting frames in one sentence: a cue token, its speaker, and the content it reports.

The frames of PARC 3.0 (Pareti 2016) over spaCy's parse: a reporting verb
with its subject (or agent, or the subject it inherits from the verb it
depends on), "according to X", a denying verb over a clause or a statement
noun, a negated confirming verb (a hedged denial); chains ("A reported that
B said C") are folded so the outer speaker becomes a `via` of the inner claim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsweave.claims.clauses import at_clause_end, content_range, phrase, phrase_of_many, trim
from newsweave.claims.cues import CueModel, claim_features, is_candidate, model_frames
from newsweave.claims.lexicon import CLAIM_NOUNS, CONFIRMING, DENYING, QUOTE_VERBS, REPORTING

# Deny verbs that deny only a statement, never an action ("rejected the offer" is an act).
_STATEMENT_ONLY_DENY = {"reject", "dismiss", "challenge", "question", "counter", "contest", "doubt"}
_SPEAKER_DEPS = ("nsubj",)


@dataclass(frozen=True, slots=True)
class Frame:
    """A reporting frame in a sentence: the cue token, speaker tokens, content tokens."""

    cue: object  # spaCy Token
    speaker: object | None  # spaCy Span
    content: tuple[int, int] | None  # token range [a, b)
    kind: str
    polarity: str
    hedge: bool = False
    anaphoric: bool = False
    hint: object | None = None  # spaCy Span naming the denied claim's owner
    via: tuple[object, ...] = ()  # spaCy Spans of channels
    is_channel: bool = False  # "according to X" / "..., reported X" with no content of its own
    score: float = 1.0  # the learned cue's probability (1.0 for a rule frame)
    learned_source: bool = False  # the speaker is a dependent the source model chose (not the rule's subject)
    learned_content: bool = False  # the content is the dependents the content model chose (not the rule's clause)
    guessed_speaker: bool = False  # no subject in the parse: the speaker is the nearest name before the cue


def sentence_frames(span, quotes: list[tuple[int, int]], acts: bool = True,
                    model: CueModel | None = None, seen: dict[int, float] | None = None) -> list[Frame]:
    """The reporting frames of one sentence, chains folded into `via`; learned cues after the rules.

    `acts`: a learned cue outside the reporting lexicon that takes no finite
    clause ("criticized Trump", "endorsed Cruz", "refuses to release them")
    gives a frame of kind "act" (a stance act or an intention, not a
    statement); without `acts` it gives none. With a second stage
    (`CueModel.claims`) a learned frame is kept only when the stage scores it
    over its threshold. `seen`: the learned cue probabilities by token
    index, filled as they are computed (`cues.cue_probability`).
    """
    frames: list[Frame] = []
    for tok in span:
        if _in_quote(tok, quotes):
            continue
        low = tok.text.lower()
        if low == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text.lower() == "to":
            f = _according_frame(tok, span)
        elif low in REPORTING and (tok.tag_.startswith("VB") or tok.pos_ == "VERB"):
            f = _verb_frame(tok, span)
        else:
            f = None
        if f is not None:
            frames.append(f)
    taken = {f.cue.i for f in frames}
    folded = _fold_chains(frames, span)
    if model is not None:
        for tok in span:
            if tok.i not in taken and is_candidate(tok) and not _in_quote(tok, quotes):
                f = _learned_frame(tok, span, model, acts, seen)
                if f is not None and _claim_kept(f, model, quotes):
                    folded.append(f)
    return folded


def _claim_kept(frame: Frame, model: CueModel, quotes) -> bool:
    """True when the second stage keeps a learned frame (always without one); statements and acts apart."""
    if model.claims is None or frame.content is None:
        return True
    feats = frame_features(frame, quotes)
    act = model.claims.act_threshold if model.claims.act_threshold is not None else model.claims.threshold
    return model.claims.probability(feats) >= (act if frame.kind == "act" else model.claims.threshold)


def frame_features(frame: Frame, quotes) -> list[str]:
    """The second stage's features of a learned frame with a content (`cues.claim_features`); training reads them too."""
    return claim_features(frame.cue, frame.speaker, frame.content, frame.kind, frame.score, quotes,
                          frame.learned_source, frame.cue.lower_ in REPORTING, frame.learned_content,
                          frame.guessed_speaker)


def _learned_frame(tok, span, model: CueModel, acts: bool, seen: dict[int, float] | None = None) -> Frame | None:
    """A frame at a token the learned model calls a cue: its scored source and content dependents.

    Without a dependent scored as the source the rule speaker is used
    (subject, agent, inherited subject); without one scored as content, the
    rule content (complement clause, or the words before a closing cue).
    """
    p, content, source = model_frames(tok, model, seen)
    if p < model.cue.floor():
        return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    speaker = phrase(source[0]) if source else speaker_of(tok, passive)
    expected = _expected_of(tok) if speaker is None and passive else None
    if expected is not None:  # "X is expected to endorse Y": X's intention, a stance act
        speaker, clause = expected
        if not acts:
            return None
        rng = trim(clause.left_edge.i, clause.right_edge.i + 1, tok.doc, span)
        if rng is None or p < (model.cue.act_threshold or model.cue.threshold):
            return None
        return Frame(tok, speaker, rng, "act", "assert", score=p, learned_source=False)
    if speaker is not None and speaker.root.lower_ in ("that", "which", "who"):
        speaker = _antecedent(tok) if tok.dep_ == "relcl" else None
    if speaker is not None and any(_negated_noun(t) for t in speaker if t.dep_ in _SPEAKER_DEPS):
        return None
    guessed = speaker is None
    if guessed:  # no subject in the parse ("Pope Francis calling Christmas a sham", a headline's "X Endorses Y")
        speaker = _named_before(tok, span)
        if speaker is None:
            return None
    content = [c for c in content if not (c.left_edge.i <= speaker.root.i <= c.right_edge.i)]
    # Outside the lexicon only a verb over a finite clause reports a statement ("believes that ...");
    # "criticized X" is a stance act, and so is an intention over an infinitive ("refuses to release them").
    # A noun cue ("his comments about the judge", "the announcement that ...") is an act too: the sentence
    # around it stays the outlet's report, which holds what the noun reports.
    act = tok.pos_ == "NOUN" or (tok.lower_ not in REPORTING and not any(c.dep_ == "ccomp" for c in content))
    act_threshold = model.cue.act_threshold if model.cue.act_threshold is not None else model.cue.threshold
    if (act and not acts) or p < (act_threshold if act else model.cue.threshold):
        return None
    if content:
        rng = trim(min(c.left_edge.i for c in content), max(c.right_edge.i for c in content) + 1, tok.doc, span)
    else:
        rng = content_range(tok, span)
        if rng is None and acts and tok.lower_ in REPORTING:  # "He mentioned freedom", "commented on the race"
            obj = _object_of(tok)
            rng = trim(obj.left_edge.i, obj.right_edge.i + 1, tok.doc, span) if obj is not None else None
            act = rng is not None
    if rng is None or rng[0] <= speaker.root.i < rng[1]:
        return None
    deny = REPORTING.get(tok.lower_) in DENYING
    return Frame(tok, speaker, rng, "act" if act else "indirect", "deny" if deny else "assert", score=p,
                 learned_source=bool(source), learned_content=bool(content), guessed_speaker=guessed)


_NAMED = ("PERSON", "ORG", "NORP")
_MAX_GUESS = 12  # tokens between a guessed speaker and its cue


def _named_before(tok, span):
    """The nearest person, organisation or group named before a cue in its sentence, or None.

    Only for a learned cue whose parse gives no subject: the second stage sees
    that the speaker was guessed (`Frame.guessed_speaker`) and decides.
    """
    if tok.dep_ in ("xcomp", "ccomp"):
        return None  # a complement's speaker is its head's ("is expected to endorse"): none to guess
    doc = tok.doc
    i = tok.i - 1
    while i >= max(span.start, tok.i - _MAX_GUESS):
        t = doc[i]
        if t.ent_type_ in _NAMED and t.pos_ in ("PROPN", "NOUN"):
            lo = i
            while lo > span.start and doc[lo].ent_iob_ == "I" and doc[lo - 1].ent_type_ == t.ent_type_:
                lo -= 1
            while lo > span.start and doc[lo - 1].dep_ == "compound" and doc[lo - 1].pos_ == "PROPN" \
                    and lo <= doc[lo - 1].head.i <= i:  # "Pope" of "Pope Francis", outside the entity
                lo -= 1
            return doc[lo:i + 1]
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return None  # another clause with its own subject lies between
        i -= 1
    return None


def _expected_of(tok):
    """(speaker, clause) of a passive cue without an agent over a clause: "The Times is expected to endorse ..."."""
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    clause = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if subj is None or clause is None or _agent(tok) is not None or subj.pos_ not in ("PROPN", "NOUN", "PRON") \
            or subj.lower_ in ("it", "that", "which", "this") or _negated_noun(subj):
        return None
    return phrase(subj), clause


def _object_of(tok):
    """The noun a reporting verb without a clause is about: its object, or the object of its "on"/"about"."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None:
        return obj
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "about")), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _in_quote(tok, quotes) -> bool:
    """True when the token starts inside one of the quoted character ranges."""
    return any(a <= tok.idx < b for a, b in quotes)


def _verb_frame(tok, span) -> Frame | None:
    """A frame around a reporting verb, or None when it has no speaker or no content."""
    lemma = REPORTING[tok.text.lower()]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    speaker = speaker_of(tok, passive)
    via: tuple = ()
    if lemma in QUOTE_VERBS and not passive:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None:
            via = (speaker,) if speaker is not None else ()
            speaker = phrase(obj)
    elif lemma in QUOTE_VERBS and passive:
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            via = (speaker,) if speaker is not None else ()
            speaker = phrase(subj)
    if lemma in CONFIRMING and _negated(tok):
        return _hedge_frame(tok, speaker, passive)
    deny = lemma in DENYING
    anaphoric, hint = False, None
    if deny:
        target = _denied_object(tok, passive)
        clause = [c for c in tok.children if c.dep_ == "ccomp"]
        if clause:
            content = trim(min(c.left_edge.i for c in clause), max(c.right_edge.i for c in clause) + 1, tok.doc, span)
        elif target is not None and _is_statement_noun(target):
            anaphoric, hint = True, _owner(target)
            content = (target.left_edge.i, target.i + 1) if target.i < tok.i or target.left_edge.i > tok.i \
                else (target.i, target.i + 1)
        elif target is not None and lemma not in _STATEMENT_ONLY_DENY:
            content = trim(target.left_edge.i, target.right_edge.i + 1, tok.doc, span)
        else:
            return None
    else:
        content = content_range(tok, span)
    if speaker is None:
        return None
    if content is None and not anaphoric:
        if at_clause_end(tok) or lemma == "report":
            return Frame(tok, speaker, None, "indirect", "assert", via=via, is_channel=True)
        return None
    return Frame(tok, speaker, content, "indirect", "deny" if deny else "assert",
                  anaphoric=anaphoric, hint=hint, via=via)


def _hedge_frame(tok, speaker, passive) -> Frame:
    """'could not be corroborated', 'has yet to be confirmed': a hedged denial."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if passive:
        speaker = _agent(tok)
    anaphoric = subj is None or _is_statement_noun(subj)
    content = None if anaphoric else (subj.left_edge.i, subj.right_edge.i + 1)
    return Frame(tok, speaker, content, "indirect", "deny", hedge=True, anaphoric=anaphoric)


def _according_frame(tok, span) -> Frame | None:
    """'according to X': X speaks; the rest of the sentence is what X says."""
    to = tok.doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    speaker = phrase(obj)
    phrase_lo = tok.i
    phrase_hi = max(tok.right_edge.i, to.right_edge.i, obj.right_edge.i) + 1
    if phrase_lo - span.start >= 3:
        content = trim(span.start, phrase_lo, tok.doc, span)
    else:
        content = trim(phrase_hi, span.end, tok.doc, span)
    return Frame(tok, speaker, content, "according_to", "assert", is_channel=True)


def _fold_chains(frames: list[Frame], span) -> list[Frame]:
    """Fold channels ("according to X", "..., reported X") and outer reporters into `via`.

    With a verb frame in the sentence, channels become its `via`; without one,
    an "according to X" frame is the claim itself. A verb frame whose content
    holds another frame's cue ("A reported that B said C") is that frame's `via`.
    """
    speech = [f for f in frames if not f.is_channel]
    channels = [f for f in frames if f.is_channel]
    if not speech:
        return [f for f in channels if f.kind == "according_to" and f.content is not None]
    outer = {id(f) for f in speech for g in speech
             if g is not f and f.polarity == "assert" and not f.hedge and f.content
             and g.polarity == "assert" and not g.anaphoric and f.content[0] <= g.cue.i < f.content[1]
             and _reports(f, g)}
    out = []
    for f in speech:
        if id(f) in outer:
            continue
        via = list(f.via)
        for g in speech:
            if id(g) in outer and g.content[0] <= f.cue.i < g.content[1]:
                via.extend([*g.via, g.speaker])
        via.extend(c.speaker for c in channels)
        out.append(replace(f, via=tuple(v for v in via if v is not None)))
    return out


def _reports(outer: Frame, inner: Frame) -> bool:
    """True when `inner` is the clause `outer` reports ("A reported that B said C"), by another speaker."""
    if outer.speaker is None or inner.speaker is None:
        return False
    if (outer.speaker.start, outer.speaker.end) == (inner.speaker.start, inner.speaker.end):
        return False
    if inner.cue.head.i == outer.cue.i:
        return True
    return at_clause_end(outer.cue) and outer.cue.i > inner.cue.i  # "B said C, A reported"


def _negated(tok) -> bool:
    """True when a confirming verb is negated: 'not', 'never', 'yet to', 'unable to'."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    window = tok.doc[max(0, tok.i - 4): tok.i]
    words = {t.text.lower() for t in window}
    if "yet" in words or "unable" in words or "failed" in words:
        return True
    head = tok.head
    return head.i != tok.i and head.dep_ != "ROOT" and any(c.dep_ == "neg" for c in head.children) and tok.dep_ == "xcomp"


def speaker_of(tok, passive: bool):
    """The speaker phrase of a reporting verb: its subject, agent, or inherited subject."""
    if passive:
        agent = _agent(tok)
        if agent is not None:
            return agent
    subjects = [c for c in tok.children if c.dep_ in _SPEAKER_DEPS and c.text.lower() not in ("that", "which", "who")]
    if any(_negated_noun(c) for c in subjects):
        return None  # "no damages reported", "no one said": nobody is speaking
    if subjects:
        return phrase_of_many(subjects)
    if tok.dep_ == "relcl" and not passive:
        return _antecedent(tok)
    if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp") and tok.head.i != tok.i:
        head = tok.head
        if head.dep_ == "prep" and head.head.i != head.i:  # "quoted him as saying"
            head = head.head
        for anc in [head, *head.ancestors][:6]:  # "saying that the crew returned, and stating ..."
            if anc.text.lower() in REPORTING:
                head = anc
                break
        return speaker_of(head, any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children))
    if tok.dep_ == "acl":
        noun = tok.head
        if noun.text.lower() in CLAIM_NOUNS and noun.head.i != noun.i:
            h = noun.head
            return speaker_of(h, any(c.dep_ in ("nsubjpass", "auxpass") for c in h.children))
        return phrase(noun)
    # Inverted order at a clause's end: "..., reported Channel Four." / "..., said Jane Doe."
    after = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
             and (c.pos_ in ("PROPN", "NOUN", "PRON"))]
    if after and at_clause_end(tok):
        return phrase(after[0])
    return None


def _antecedent(tok):
    """The noun a relative clause's "who"/"that" subject stands for ("Trump, who said ..." -> "Trump"), or None."""
    rel = any(c.dep_ in _SPEAKER_DEPS and c.lower_ in ("who", "that") for c in tok.children)
    head = tok.head
    if rel and head.i != tok.i and head.pos_ in ("PROPN", "NOUN") and not _negated_noun(head):
        return phrase(head)
    return None


def _negated_noun(tok) -> bool:
    """True for a noun phrase that names nobody: "no damages", "no one", "none"."""
    return tok.lower_ in ("none", "nobody", "noone") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _agent(tok):
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    if by is None:
        return None
    obj = next((c for c in by.children if c.dep_ == "pobj"), None)
    return phrase(obj) if obj is not None else None


def _denied_object(tok, passive: bool):
    """What a denying verb denies: its object, its passive subject, or the noun it modifies."""
    if passive:
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and subj.text.lower() in ("that", "which") and tok.dep_ == "relcl":
            return tok.head
        return subj
    if tok.dep_ == "relcl" and tok.head.text.lower() in CLAIM_NOUNS:
        return tok.head
    return next((c for c in tok.children if c.dep_ == "dobj"), None)


def _is_statement_noun(tok) -> bool:
    return tok.text.lower() in CLAIM_NOUNS


def _owner(noun):
    """'the group's claim' -> the span 'the group' (the owner of the denied claim)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    return phrase(poss) if poss is not None else None
