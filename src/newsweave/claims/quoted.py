"""Cues found from a quote's edges, where the parse of the sentence around it fails.

A quote that no reporting frame took is still attributed when the words
around it say who speaks, read off the tokens rather than the dependency tree
(which often splits or misattaches long quotes):

- after it: `“...,” Jane Doe told reporters.` / `“...?” said the senator.`
  (the quote ends with a comma, question or exclamation mark; a short noun
  phrase and a reporting verb, in either order, follow the closing mark);
- before it: `The senator said: “...”` (a colon opens the quote; the reporting
  verb before the colon and its subject speak), or `Clinton says, “...”` (the
  reporting verb and its subject just before the quote).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.claims.lexicon import REPORTING

_NP_POS = {"PROPN", "PRON", "NOUN", "DET", "ADJ", "NUM", "PART", "CCONJ"}
_NP_WORDS = {"of", "for", "at", "'s", "’s", ",", "-", "."}
_MAX_NP = 8


@dataclass(frozen=True, slots=True)
class QuoteCue:
    """Who speaks a quote, by token ranges of the quote's doc: the speaker words and the cue token."""

    speaker: object  # spaCy Span
    cue: object  # spaCy Token


def cue_after_quote(doc, text: str, quote: tuple[int, int]) -> QuoteCue | None:
    """The speaker and cue just after a quote ('“...,” Jane Doe said'), or None."""
    close = quote[1]
    inner = text[quote[0]:close].rstrip()
    after = text[close:close + 3]
    if not (inner.endswith((",", "?", "!", "—")) or after[1:2] == ","):
        return None
    first = _first_token_from(doc, close + 1)
    toks = [doc[i] for i in range(first, min(len(doc), first + _MAX_NP + 2))]
    while toks and (toks[0].is_punct or toks[0].text in ("”", "\"")):
        toks.pop(0)
    if not toks:
        return None
    if _is_cue(toks[0]):  # '“...,” said Jane Doe'
        np_ = _noun_phrase(toks[1:])
        return QuoteCue(doc[np_[0].i:np_[-1].i + 1], toks[0]) if np_ else None
    np_ = _noun_phrase(toks)
    if np_ and len(toks) > len(np_):
        nxt = toks[len(np_)]
        if nxt.pos_ == "AUX" and len(toks) > len(np_) + 1:  # '..., he has said'
            nxt = toks[len(np_) + 1]
        if _is_cue(nxt):
            return QuoteCue(doc[np_[0].i:np_[-1].i + 1], nxt)
    return None


def cue_before_quote(doc, text: str, quote: tuple[int, int], speaker_of) -> QuoteCue | None:
    """The reporting verb before a colon that opens a quote ('X said: “...”'), or just before the quote
    ('X says, “...”'), and its speaker, or None.

    `speaker_of(token, passive)` is the rule speaker of a reporting verb.
    """
    lead = text[:quote[0]].rstrip(" \t\n\"“«„'‘")
    if not lead.endswith(":"):
        return _verb_before_quote(doc, lead, speaker_of)
    at = _first_token_from(doc, len(lead) - 1)
    if at == len(doc) or doc[at].idx != len(lead) - 1:
        return None
    colon = doc[at]
    sent = colon.sent
    verbs = [t for t in sent if t.i < colon.i and _is_cue(t)]
    for verb in reversed(verbs):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        speaker = speaker_of(verb, passive)
        if speaker is not None:
            return QuoteCue(speaker, verb)
    return None


def _verb_before_quote(doc, lead: str, speaker_of) -> QuoteCue | None:
    """A reporting verb written just before a quote, a comma between or not ('Clinton says, “...”'), and its speaker.

    The parse often hangs such a quote off the verb as something other than
    its complement (an adverbial clause, a second root), so no frame takes it.
    """
    end = len(lead) - 1 if lead.endswith(",") else len(lead)
    word = lead[:end].rstrip()
    # The token ending where the word does: the last one starting before that end.
    last = _first_token_from(doc, len(word)) - 1 if word else -1
    verb = doc[last] if last >= 0 and doc[last].idx + len(doc[last].text) == len(word) else None
    if verb is None or not _is_cue(verb):
        return None
    speaker = speaker_of(verb, any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children))
    return QuoteCue(speaker, verb) if speaker is not None else None


def _first_token_from(doc, offset: int) -> int:
    """The index of the first token of `doc` starting at or after character `offset` (len(doc) if none).

    A binary search over the tokens' offsets, which grow with the index: a
    scan would make a spaCy `Token` for every token before the quote, once a quote.
    """
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _is_cue(tok) -> bool:
    return tok.lower_ in REPORTING and (tok.tag_.startswith("VB") or tok.pos_ == "VERB")


def _noun_phrase(toks: list) -> list:
    """The leading tokens that can form a short speaker phrase (a name, a pronoun, 'a spokesman for X')."""
    out = []
    for t in toks[:_MAX_NP]:
        if t.pos_ in _NP_POS or t.lower_ in _NP_WORDS:
            if t.pos_ == "PRON" and out:
                break
            out.append(t)
            if t.pos_ == "PRON":
                break
        else:
            break
    while out and (out[-1].is_punct or out[-1].pos_ in ("CCONJ", "DET", "ADP")):
        out.pop()
    if not out or not any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in out):
        return []
    return out


_LINE_LINKS = frozenset({"of", "the", "for", "to", "and", "&", "de", "van", "von"})
_MAX_LINE_SPEAKER = 6


@dataclass(frozen=True, slots=True)
class LineCue:
    """A line that opens with its speaker and a colon ('Graham: Trump’s rhetoric ...', 'TAPPER: Do you ...')."""

    speaker: object  # spaCy Span: the words before the colon
    cue: object  # spaCy Token: the colon
    content: tuple[int, int]  # character range: the rest of the line


def speaker_lines(doc, text: str) -> list[LineCue]:
    """Lines written 'Speaker: what they say' (headlines, interview transcripts).

    The words before the colon are a short capitalised name (six words at
    most, joined only by "of", "to", "and" ..., a proper noun or a person or
    organisation among them, or a capitalised name that opens two lines or
    more, the turns of a transcript) with no finite verb, the line
    does not open with a quotation mark, and at least three words follow.
    """
    lines = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        colon = line.find(":")
        if colon <= 0 or line[:1] in "\"“‘'«" or len(line[colon + 1:].split()) < 3:
            continue
        lines.append((start, start + colon, start + len(line)))
    heads = [text[a:c].strip() for a, c, _ in lines]
    turns = {h for h in heads if h.isupper() and heads.count(h) >= 2}  # "TAPPER:" ... "TAPPER:": a transcript
    out = []
    for (start, colon_at, end), head in zip(lines, heads):
        found = _line_cue(doc, text, start, colon_at, end, head in turns)
        if found is not None:
            out.append(found)
    return out


def _line_cue(doc, text: str, start: int, colon_at: int, end: int, turn: bool) -> LineCue | None:
    """The speaker and colon of one line, or None when the words before the colon are no name."""
    span = doc.char_span(start, colon_at, alignment_mode="expand")
    colon = next((t for t in doc[span.end:span.end + 1] if t.idx == colon_at), None) if span is not None else None
    if span is None or colon is None or len(span) == 0:
        return None
    words = [t for t in span if not t.is_punct]
    if not 1 <= len(words) <= _MAX_LINE_SPEAKER or not (words[0].is_title or words[0].is_upper):
        return None
    if any(not (t.is_title or t.is_upper or t.lower_ in _LINE_LINKS or t.text[:1].isdigit()) for t in words):
        return None
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.pos_ != "PROPN" for t in words):
        return None
    if not turn and not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in words):
        return None  # a name speaks; "Update:", "Note:" head a line but say nothing of a speaker
    if any(t.text == "," for t in span) and all(t.ent_type_ in ("GPE", "LOC") for t in words):
        return None  # "Mumbai, India: The leader ... said": a dateline, a town and its country
    cs = colon.idx + 1
    while cs < end and text[cs].isspace():
        cs += 1
    return LineCue(span, colon, (cs, end))
