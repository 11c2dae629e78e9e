"""Token ranges of a reporting frame: the speaker's noun phrase and the clause reported.

Read off spaCy's dependency parse: a speaker is the noun phrase around a
subject or agent (no appositions or relative clauses); content is a reporting
verb's clausal complement, or the words before it when the verb closes its
clause ("..., X said"), trimmed of leading "that", trailing conjunctions and
any trailing claim noun, "according to" or second reporting frame.
"""

from __future__ import annotations

from newsweave.claims.lexicon import CLAIM_NOUNS, OBJECT_CONTENT_VERBS, QUOTE_VERBS, REPORTING

_CONDITION_MARKS = frozenset({"if", "unless", "until", "once", "because"})
_KEEP_IN_SPEAKER = {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "prep", "pobj",
                    "cc", "conj", "quantmod", "advmod", "punct"}


def phrase(head):
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


def phrase_of_many(heads):
    """One span from the first to the last of several subjects' phrases ("A and B said")."""
    spans = [phrase(h) for h in heads]
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    return heads[0].doc[lo:hi]


def content_range(tok, span) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports: its clausal complement(s)."""
    comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and not _is_frame_verb(c)
             and c.i > tok.i - 40]
    for c in tok.children:  # "quoted a source claiming that ...", "quoted him as saying ..."
        if c.dep_ in ("dobj", "prep", "advcl") and REPORTING.get(tok.text.lower()) in QUOTE_VERBS:
            for g in c.subtree:
                if g.dep_ == "ccomp":
                    comps.append(g)
    comps = [c for c in comps if c.dep_ == "ccomp" or c.pos_ in ("VERB", "AUX")]
    if REPORTING.get(tok.text.lower()) == "continue":  # "continues to buck the trend" goes on doing, says nothing
        comps = [c for c in comps if c.dep_ != "xcomp"]
    if comps:
        lo = min(c.left_edge.i for c in comps)
        hi = max(c.right_edge.i for c in comps) + 1
        return trim(lo, hi, tok.doc, span)
    as_clause = tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    if (tok.dep_ == "parataxis" or as_clause) and tok.head.i != tok.i:  # "“A,” she said, “B”" / "As X reported, A"
        return _around_parenthetical(tok, span)
    if at_clause_end(tok) and tok.i > span.start + 2:
        lo = span.start
        hi = min(t.i for t in tok.subtree)
        return trim(lo, hi, tok.doc, span)
    if REPORTING.get(tok.text.lower()) in OBJECT_CONTENT_VERBS:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.text.lower() not in CLAIM_NOUNS:
            return trim(obj.left_edge.i, obj.right_edge.i + 1, tok.doc, span)
    return None


def _around_parenthetical(tok, span) -> tuple[int, int] | None:
    """What a parenthetical cue ("“A,” she said, “B”", "As X reported, A") reports: the longer side of its head's clause."""
    head = tok.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    before = (lo, tok.left_edge.i)
    after = (tok.right_edge.i + 1, hi)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    return trim(side[0], side[1], tok.doc, span)


def _is_frame_verb(tok) -> bool:
    """A reporting verb with its own subject before its head or closing the clause: a frame, not content."""
    return tok.text.lower() in REPORTING and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) \
        and (tok.i < tok.head.i or at_clause_end(tok))


def at_clause_end(tok) -> bool:
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


def trim(lo: int, hi: int, doc, span) -> tuple[int, int] | None:
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
        if i > lo + 2 and t.text.lower() in REPORTING and t.dep_ != "ROOT" and at_clause_end(t) \
                and any(c.dep_ == "nsubj" and c.i > t.i or c.dep_ == "nsubj" for c in t.children):
            hi = _back_to_comma(doc, lo, min(x.i for x in t.subtree))
            break
        if i > lo + 2 and t.text.lower() in REPORTING and t.dep_ in ("advcl", "conj", "pcomp") \
                and (t.tag_ == "VBG" or any(c.dep_ == "nsubj" for c in t.children)) and not _condition(t):
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


def _condition(tok) -> bool:
    """True for a clause that states a condition or cause ("if settlement activity continues"): content, not a frame."""
    return any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in tok.children)


def _back_to_comma(doc, lo: int, i: int) -> int:
    """The end of a range that stops before token `i` and its leading article/comma."""
    j = i
    while j > lo and (doc[j - 1].dep_ in ("det",) or doc[j - 1].is_punct):
        j -= 1
    return j
