"""Attributed claims in one article: who says what, through which cue, in which words.

Rules over spaCy's dependency parse, after textacy's `direct_quotations`
(a quote plus a reporting verb with a subject near it) and the cue/source/
content frames of PARC 3.0 (Pareti 2016), extended to what textacy leaves out:

- direct quotes, also over several sentences and interrupted by "he said"
  (a quote with no cue of its own continues the speaker of the quote or claim
  just before it, within the same or the previous paragraph);
- indirect speech: a reporting verb (`lexicon.REPORTING`) with a subject and a
  clausal complement ("X said (that) ...", "X said on Sunday the group would
  ..."), or at the clause's end ("..., X said", "..., reported X");
- "according to X" (X is the speaker, or the channel when a verb already
  names one);
- chains: a reporting frame whose content holds another frame ("A reported
  that B said C"), or a quoting verb ("A quoted B (as) saying C") makes A a
  `via` of B's claim;
- denials: a denying verb over a statement noun or pronoun ("denied the
  claim", "a claim the group denied", "this was disputed by X") is a claim
  with polarity "deny" whose target is found among the claims before it; one
  over a clause ("denied that ...") carries its own content; an unconfirmed
  report ("could not be corroborated", "has yet to be confirmed") is a
  hedged denial;
- every other statement-like sentence is the outlet's own claim (kind
  "reported").

Limits: a parse error loses the frame (the sentence then falls back to the
outlet's voice); speakers in another sentence than their cue ("He added:"
before a block quote) are found only through the continuation rule; nested
quotes inside quotes are content, never frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from newsweave.claims.lexicon import (
    CLAIM_NOUNS, CONFIRMING, DENYING, HEDGE_ADVERBS, OBJECT_CONTENT_VERBS, QUOTE_VERBS, REPORTING,
)
from newsweave.claims.speakers import ArticleEntities, SpeakerMemory, resolve_speaker
from newsweave.model import Entity
from newsweave.nlp import ParsedArticle

# Deny verbs that deny only a statement, never an action ("rejected the offer" is an act).
_STATEMENT_ONLY_DENY = {"reject", "dismiss", "challenge", "question", "counter", "contest", "doubt"}
_SPEAKER_DEPS = ("nsubj",)
_KEEP_IN_SPEAKER = {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "prep", "pobj",
                    "cc", "conj", "quantmod", "advmod", "punct"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_OPEN_QUOTES = "“\"«„"
_QUOTE_RE = re.compile(r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|«([^»\n]{2,}?)»")
_MIN_QUOTE_WORDS = 4  # shorter quotes are scare quotes ("numerous casualties"), not speech


@dataclass(frozen=True, slots=True)
class Found:
    """A claim found in an article, before it gets its story-wide id.

    `anaphoric` marks a denial of "the claim"/"this": its target is looked up
    among earlier claims; `target_hint` is the entity named as the claim's
    owner ("the group's claim"). `hedge` marks "could not be confirmed".
    """

    article: str
    start: int
    end: int
    content_start: int
    content_end: int
    speaker: Entity | None
    speaker_text: str | None
    via: tuple[str, ...]
    cue: str
    kind: str
    polarity: str
    hedge: bool = False
    anaphoric: bool = False
    target_hint: Entity | None = None
    cue_start: int = 0


@dataclass(frozen=True, slots=True)
class _Frame:
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


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks that hold speech (four words or more)."""
    out = []
    for m in _QUOTE_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        if len(m.group(g).split()) >= _MIN_QUOTE_WORDS:
            out.append((m.start(g), m.end(g)))
    return out


def extract_claims(parsed: ParsedArticle, index: ArticleEntities | None,
                   entities: Sequence[Entity]) -> list[Found]:
    """Every attributed claim and outlet statement of one article, in reading order.

    Three passes: reporting frames per sentence; quotes that no frame took
    (continuations of the speaker before); the outlet's own voice for every
    statement-like sentence left without a claim and outside any quote.
    """
    article, doc = parsed.article, parsed.doc
    text = article.text
    quotes = quote_spans(text)
    memory = SpeakerMemory()
    per_sentence: list[list[Found]] = []
    spans = []
    sentences = _units(parsed)
    for sent in sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        spans.append(span)
        made: list[Found] = []
        if span is not None and len(span) > 0:
            inside = [q for q in quotes if q[0] < sent.end and q[1] > sent.start]
            for frame in _frames(span, quotes):
                claim = _to_found(frame, sent, span, inside, parsed, index, memory, entities)
                if claim is not None and not any(_same_claim(claim, m) for m in made):
                    made.append(claim)
                    memory.add(claim.cue_start, claim.speaker)
        per_sentence.append(made)
    owned = [(f.content_start, f.content_end) for made in per_sentence for f in made if not f.anaphoric]
    for q in quotes:
        if any(a < q[1] and q[0] < b for a, b in owned):
            continue
        k = next((i for i, s in enumerate(sentences) if s.start <= q[0] < s.end + 2), None)
        if k is None or text[sentences[k].start:q[0]].strip(" \t\n\"“«„'‘"):
            continue  # only a quote that opens its sentence continues the speaker before
        earlier = [f for made in per_sentence[: k + 1] for f in made if f.start < q[0]]
        prev = _previous_speaker_claim(earlier, q[0])
        if prev is not None:
            per_sentence[k].append(_continuation(q, sentences[k], prev, article))
            owned.append(q)
    for k, (sent, span) in enumerate(zip(sentences, spans)):
        made = per_sentence[k]
        if span is None or any(not f.anaphoric for f in made):
            continue
        if any(a <= sent.start + 1 and sent.end - 1 <= b for a, b in owned):
            continue  # a sentence inside a quote already attributed
        if _is_statement(span, sent.is_headline):
            first_anaphor = min((f.cue_start for f in made if f.anaphoric), default=sent.end)
            own = _outlet_claim(parsed, sent, span, first_anaphor)
            if own is not None:
                made.insert(0, own)
    found: list[Found] = []
    for made in per_sentence:
        found.extend(sorted(made, key=lambda f: (f.content_start, f.cue_start)))
    return found


def _units(parsed: ParsedArticle) -> list:
    """The article's sentences, a verbless fragment joined to the next one on its line.

    The parser sometimes cuts "Jane Doe, the spokeswoman ..., was killed"
    after the name; a fragment without a verb and no line break after it is
    the start of the next sentence.
    """
    from dataclasses import replace as _replace

    text = parsed.article.text
    out = []
    pending = None
    for s in parsed.sentences:
        if pending is not None:
            s = _replace(s, start=pending.start, text=text[pending.start:s.end])
            pending = None
        short = len(s.text.split()) <= 4 and not s.is_headline and "\n" not in text[s.end:s.end + 2]
        span = parsed.doc.char_span(s.start, s.end, alignment_mode="expand")
        if short and span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span) \
                and s is not parsed.sentences[-1]:
            pending = s
            continue
        out.append(s)
    return out


def _same_claim(a: Found, b: Found) -> bool:
    """Two frames over one content by one speaker ('quoted a source claiming ...')."""
    return (a.content_start, a.content_end) == (b.content_start, b.content_end) and a.polarity == b.polarity


def _frames(span, quotes: list[tuple[int, int]]) -> list[_Frame]:
    """The reporting frames of one sentence, chains folded into `via`."""
    frames: list[_Frame] = []
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
    return _fold_chains(frames, span)


def _in_quote(tok, quotes) -> bool:
    return any(a <= tok.idx < b for a, b in quotes)


def _verb_frame(tok, span) -> _Frame | None:
    """A frame around a reporting verb, or None when it has no speaker or no content."""
    lemma = REPORTING[tok.text.lower()]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    speaker = _speaker_of(tok, passive)
    via: tuple = ()
    if lemma in QUOTE_VERBS and not passive:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None:
            via = (speaker,) if speaker is not None else ()
            speaker = _phrase(obj)
    elif lemma in QUOTE_VERBS and passive:
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:
            via = (speaker,) if speaker is not None else ()
            speaker = _phrase(subj)
    if lemma in CONFIRMING and _negated(tok):
        return _hedge_frame(tok, speaker, passive)
    deny = lemma in DENYING
    anaphoric, hint = False, None
    if deny:
        target = _denied_object(tok, passive)
        clause = [c for c in tok.children if c.dep_ == "ccomp"]
        if clause:
            content = _trim(min(c.left_edge.i for c in clause), max(c.right_edge.i for c in clause) + 1, tok.doc, span)
        elif target is not None and _is_statement_noun(target):
            anaphoric, hint = True, _owner(target)
            content = (target.left_edge.i, target.i + 1) if target.i < tok.i or target.left_edge.i > tok.i \
                else (target.i, target.i + 1)
        elif target is not None and lemma not in _STATEMENT_ONLY_DENY:
            content = _trim(target.left_edge.i, target.right_edge.i + 1, tok.doc, span)
        else:
            return None
    else:
        content = _content_of(tok, span)
    if speaker is None:
        return None
    if content is None and not anaphoric:
        if _at_clause_end(tok) or lemma == "report":
            return _Frame(tok, speaker, None, "indirect", "assert", via=via, is_channel=True)
        return None
    return _Frame(tok, speaker, content, "indirect", "deny" if deny else "assert",
                  anaphoric=anaphoric, hint=hint, via=via)


def _hedge_frame(tok, speaker, passive) -> _Frame:
    """'could not be corroborated', 'has yet to be confirmed': a hedged denial."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if passive:
        speaker = _agent(tok)
    anaphoric = subj is None or _is_statement_noun(subj)
    content = None if anaphoric else (subj.left_edge.i, subj.right_edge.i + 1)
    return _Frame(tok, speaker, content, "indirect", "deny", hedge=True, anaphoric=anaphoric)


def _negated(tok) -> bool:
    """True when a confirming verb is negated: 'not', 'never', 'yet to', 'unable to'."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    window = tok.doc[max(0, tok.i - 4): tok.i]
    words = {t.text.lower() for t in window}
    if "yet" in words or "unable" in words or "failed" in words:
        return True
    head = tok.head
    return head is not tok and head.dep_ != "ROOT" and any(c.dep_ == "neg" for c in head.children) and tok.dep_ == "xcomp"


def _speaker_of(tok, passive: bool):
    """The speaker phrase of a reporting verb: its subject, agent, or inherited subject."""
    if passive:
        agent = _agent(tok)
        if agent is not None:
            return agent
    subjects = [c for c in tok.children if c.dep_ in _SPEAKER_DEPS and c.text.lower() not in ("that", "which", "who")]
    if any(_negated_noun(c) for c in subjects):
        return None  # "no damages reported", "no one said": nobody is speaking
    if subjects:
        return _phrase_of_many(subjects)
    if tok.dep_ == "relcl" and not passive:
        return None
    if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp") and tok.head is not tok:
        head = tok.head
        if head.dep_ == "prep" and head.head is not head:  # "quoted him as saying"
            head = head.head
        for anc in [head, *head.ancestors][:6]:  # "saying that the crew returned, and stating ..."
            if anc.text.lower() in REPORTING:
                head = anc
                break
        return _speaker_of(head, any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children))
    if tok.dep_ == "acl":
        noun = tok.head
        if noun.text.lower() in CLAIM_NOUNS and noun.head is not noun:
            h = noun.head
            return _speaker_of(h, any(c.dep_ in ("nsubjpass", "auxpass") for c in h.children))
        return _phrase(noun)
    # Inverted order at a clause's end: "..., reported Channel Four." / "..., said Jane Doe."
    after = [c for c in tok.children if c.i > tok.i and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")
             and (c.pos_ in ("PROPN", "NOUN", "PRON"))]
    if after and _at_clause_end(tok):
        return _phrase(after[0])
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
    return _phrase(obj) if obj is not None else None


def _phrase(head):
    """The noun phrase around `head`, without appositions, relative clauses or trailing punctuation."""
    keep = [head.i]
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and head.pos_ != "PROPN":  # "his grandmother, Jane Doe"
            keep.extend(t.i for t in c.subtree if t.dep_ != "punct" or t.i < max(x.i for x in c.subtree))
            continue
        if c.dep_ in _KEEP_IN_SPEAKER and not (c.dep_ == "prep" and c.text.lower() not in ("of", "for")):
            if c.dep_ == "punct":
                continue
            keep.extend(t.i for t in c.subtree)
    lo, hi = min(keep), max(keep) + 1
    doc = head.doc
    while hi > lo + 1 and doc[hi - 1].is_punct:
        hi -= 1
    return doc[lo:hi]


def _phrase_of_many(heads):
    spans = [_phrase(h) for h in heads]
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    return heads[0].doc[lo:hi]


def _content_of(tok, span) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports: its clausal complement(s)."""
    comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and not _is_frame_verb(c)
             and c.i > tok.i - 40]
    for c in tok.children:  # "quoted a source claiming that ...", "quoted him as saying ..."
        if c.dep_ in ("dobj", "prep", "advcl") and REPORTING.get(tok.text.lower()) in QUOTE_VERBS:
            for g in c.subtree:
                if g.dep_ == "ccomp":
                    comps.append(g)
    comps = [c for c in comps if c.dep_ == "ccomp" or c.pos_ in ("VERB", "AUX")]
    if comps:
        lo = min(c.left_edge.i for c in comps)
        hi = max(c.right_edge.i for c in comps) + 1
        return _trim(lo, hi, tok.doc, span)
    if _at_clause_end(tok) and tok.i > span.start + 2:
        lo = span.start
        hi = min(t.i for t in tok.subtree)
        return _trim(lo, hi, tok.doc, span)
    if REPORTING.get(tok.text.lower()) in OBJECT_CONTENT_VERBS:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.text.lower() not in CLAIM_NOUNS:
            return _trim(obj.left_edge.i, obj.right_edge.i + 1, tok.doc, span)
    return None


def _is_frame_verb(tok) -> bool:
    """A reporting verb with its own subject before its head or closing the clause: a frame, not content."""
    return tok.text.lower() in REPORTING and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) \
        and (tok.i < tok.head.i or _at_clause_end(tok))


def _at_clause_end(tok) -> bool:
    """True when the verb's own subtree closes its clause ('..., X said.')."""
    doc = tok.doc
    right = tok.right_edge.i + 1
    if right < len(doc) and not doc[right].is_punct and doc[right].text not in ("”", "\""):
        nxt = doc[right]
        if not nxt.is_sent_start:
            return False
    left = tok.left_edge.i
    while left < tok.i and doc[left].is_punct:
        left += 1
    return left > 0 and (doc[left - 1].text in (",", "”", "\"", "’", "—", "-", ":") or doc[left - 1].is_punct)


def _trim(lo: int, hi: int, doc, span) -> tuple[int, int] | None:
    """Shrink a token range: no leading 'that'/punctuation, no trailing ', a claim that ...'."""
    lo, hi = max(lo, span.start), min(hi, span.end)
    for i in range(lo, hi):
        t = doc[i]
        if t.dep_ in ("npadvmod", "appos") and t.text.lower() in CLAIM_NOUNS and i > lo:
            hi = _back_to_comma(doc, lo, i)
            break
        if t.text.lower() == "according" and i + 1 < len(doc) and doc[i + 1].text.lower() == "to" and i > lo:
            hi = _back_to_comma(doc, lo, i)
            break
        if i > lo + 2 and t.text.lower() in REPORTING and t.dep_ != "ROOT" and _at_clause_end(t) \
                and any(c.dep_ == "nsubj" and c.i > t.i or c.dep_ == "nsubj" for c in t.children):
            hi = _back_to_comma(doc, lo, min(x.i for x in t.subtree))
            break
        if i > lo + 2 and t.text.lower() in REPORTING and t.dep_ in ("advcl", "conj", "pcomp") \
                and (t.tag_ == "VBG" or any(c.dep_ == "nsubj" for c in t.children)):
            cut = min(x.i for x in t.subtree)  # "..., saying ..." / "while X insists" / "before confirming"
            if cut > lo and doc[cut - 1].dep_ in ("prep", "mark"):
                cut -= 1
            hi = _back_to_comma(doc, lo, cut)
            break
        if t.dep_ == "mark" and t.text.lower() in ("though", "although", "while", "whereas") and i > lo:
            hi = _back_to_comma(doc, lo, i)
            break
    while lo < hi and (doc[lo].is_punct or doc[lo].text.lower() in ("that",) and doc[lo].dep_ == "mark"):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc" or doc[hi - 1].text.lower() in ("but", "and")):
        hi -= 1
    return (lo, hi) if hi - lo >= 2 else None


def _back_to_comma(doc, lo: int, i: int) -> int:
    """The end of a range that stops before token `i` and its leading article/comma."""
    j = i
    while j > lo and (doc[j - 1].dep_ in ("det",) or doc[j - 1].is_punct):
        j -= 1
    return j


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
    return _phrase(poss) if poss is not None else None


def _according_frame(tok, span) -> _Frame | None:
    """'according to X': X speaks; the rest of the sentence is what X says."""
    to = tok.doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    speaker = _phrase(obj)
    phrase_lo = tok.i
    phrase_hi = max(tok.right_edge.i, to.right_edge.i, obj.right_edge.i) + 1
    if phrase_lo - span.start >= 3:
        content = _trim(span.start, phrase_lo, tok.doc, span)
    else:
        content = _trim(phrase_hi, span.end, tok.doc, span)
    return _Frame(tok, speaker, content, "according_to", "assert", is_channel=True)


def _fold_chains(frames: list[_Frame], span) -> list[_Frame]:
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


def _reports(outer: _Frame, inner: _Frame) -> bool:
    """True when `inner` is the clause `outer` reports ("A reported that B said C"), by another speaker."""
    if outer.speaker is None or inner.speaker is None:
        return False
    if (outer.speaker.start, outer.speaker.end) == (inner.speaker.start, inner.speaker.end):
        return False
    if inner.cue.head.i == outer.cue.i:
        return True
    return _at_clause_end(outer.cue) and outer.cue.i > inner.cue.i  # "B said C, A reported"


def _to_found(frame: _Frame, sent, span, inside, parsed: ParsedArticle, index, memory, entities) -> Found | None:
    """A `Found` claim from a frame: char offsets, resolved speaker, direct or not."""
    text = parsed.article.text
    doc = parsed.doc
    if frame.content is not None:
        a, b = frame.content
        cs, ce = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    elif frame.anaphoric:
        cs, ce = frame.cue.idx, frame.cue.idx + len(frame.cue.text)
    else:
        return None
    kind = frame.kind
    start, end = sent.start, sent.end
    best = max(inside, key=lambda q: min(ce, q[1]) - max(cs, q[0]), default=None)
    if best is not None and not frame.anaphoric and frame.polarity == "assert":
        shared = min(ce, best[1]) - max(cs, best[0])
        # A quote that is most of the content makes the claim direct; a quoted phrase inside
        # indirect speech ('said he would free them as a "gift"') leaves it indirect.
        if shared > 0 and (shared >= 0.6 * (ce - cs) or (frame.content is None)):
            cs, ce = best
            kind = "direct"
            start = min(start, _sentence_start(parsed, best[0]))
    cs, ce = _strip_chars(text, cs, ce)
    if ce <= cs:
        return None
    resolved = resolve_speaker(frame.speaker, index, memory, entities) if frame.speaker is not None else None
    speaker_text = frame.speaker.text if frame.speaker is not None else parsed.article.outlet
    hint = resolve_speaker(frame.hint, index, memory, entities).entity if frame.hint is not None else None
    via = tuple(v.text for v in frame.via)
    return Found(
        article=parsed.article.id, start=start, end=end, content_start=cs, content_end=ce,
        speaker=resolved.entity if resolved else None, speaker_text=speaker_text, via=via,
        cue=_cue_text(frame), kind=kind, polarity=frame.polarity, hedge=frame.hedge,
        anaphoric=frame.anaphoric, target_hint=hint, cue_start=frame.cue.idx,
    )


def _cue_text(frame: _Frame) -> str:
    tok = frame.cue
    if frame.kind == "according_to":
        return "according to"
    if frame.hedge:
        parts = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i] + [tok]
        return " ".join(t.text.lower() for t in sorted(parts, key=lambda t: t.i))
    return tok.text.lower()


def _sentence_start(parsed: ParsedArticle, offset: int) -> int:
    for s in parsed.sentences:
        if s.start <= offset < s.end + 2:
            return s.start
    return offset


def _strip_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space, quotation marks and trailing commas at a span's edges."""
    strip = " \t\n\"“”‘’'«»,;:—-"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _previous_speaker_claim(found: list[Found], before: int) -> Found | None:
    """The last direct or indirect claim before `before` within about two sentences."""
    for f in reversed(found):
        if f.start >= before:
            continue
        if f.kind in ("direct", "indirect") and f.polarity == "assert" and before - f.end < 400:
            return f
        if f.kind == "reported":
            return None
    return None


def _continuation(q: tuple[int, int], sent, prev: Found, article) -> Found:
    """A quote with no cue of its own: the speaker of the claim just before goes on."""
    cs, ce = _strip_chars(article.text, *q)
    return Found(
        article=article.id, start=min(sent.start, q[0]), end=max(sent.end, q[1]), content_start=cs,
        content_end=ce, speaker=prev.speaker, speaker_text=prev.speaker_text, via=prev.via,
        cue=prev.cue, kind="direct", polarity="assert", cue_start=q[0],
    )


def _is_statement(span, headline: bool) -> bool:
    """A sentence that states something: a finite verb and four words or more."""
    words = [t for t in span if t.is_alpha]
    if len(words) < 4:
        return False
    if any(t.tag_ in _FINITE for t in span):
        return True
    return any(t.tag_ in ("VBN", "VBG") and t.dep_ == "ROOT" for t in span) or \
        (headline and any(t.pos_ == "VERB" for t in span))


def _outlet_claim(parsed: ParsedArticle, sent, span, stop: int) -> Found | None:
    """The outlet's own statement: the sentence up to the first anaphoric denial in it."""
    text = parsed.article.text
    end = sent.end
    if stop < sent.end:
        doc = parsed.doc
        tok = next((t for t in span if t.idx >= stop), None)
        if tok is not None:
            first = min(t.i for t in tok.subtree)
            first = min(first, next((c.i for c in tok.children if c.dep_ == "mark"), first))
            end = doc[first].idx
    cs, ce = _strip_chars(text, sent.start, end)
    if ce - cs < 10:
        return None
    hedged = any(t.text.lower() in HEDGE_ADVERBS for t in span)
    return Found(
        article=parsed.article.id, start=sent.start, end=sent.end, content_start=cs, content_end=ce,
        speaker=None, speaker_text=parsed.article.outlet, via=(),
        cue=next((t.text.lower() for t in span if t.text.lower() in HEDGE_ADVERBS), "reported"),
        kind="reported", polarity="assert", hedge=hedged, cue_start=sent.start,
    )
