"""Attributed claims in one article: who says what, through which cue, in which words.

Rules over spaCy's dependency parse, after textacy's `direct_quotations`
(a quote plus a reporting verb with a subject near it) and the cue/source/
content frames of PARC 3.0 (Pareti 2016), extended to what textacy leaves out:

- direct quotes, also over several sentences and interrupted by "he said"
  (a quote with no cue of its own continues the speaker of the quote or claim
  just before it, within the same or the previous paragraph; a quote over
  several paragraphs is one claim; a paragraph after "X wrote:" is X's);
- indirect speech: a reporting verb (`lexicon.REPORTING`) with a subject and a
  clausal complement ("X said (that) ...", "X said on Sunday the group would
  ..."), or at the clause's end ("..., X said", "..., reported X");
- "according to X" (X is the speaker, or the channel when a verb already
  names one);
- a line written "Speaker: what they say" (a headline "Graham: Trump's
  rhetoric ...", an interview transcript "TAPPER: Do you think ...");
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

The frames are found in `frames` (cues, speakers, chains; then the learned
cues of `cues` where the rules found none, each kept only when the learned
second stage scores the whole frame high enough; a learned cue with no
subject in the parse takes the nearest name before it, and the stage knows
the speaker was guessed) over the token ranges of `clauses`
(speaker phrases, content clauses); this module turns them into `Found`
claims and adds quotes attributed from their edges (`quoted`: '“...,” X
told', 'X said: “...”', 'X said, “...”'), the quote continuations and the outlet's voice.

Limits: a parse error loses the frame (the sentence then falls back to the
outlet's voice); speakers in another sentence than their cue ("He added:"
before a block quote) are found only through the continuation rule; nested
quotes inside quotes are content, never frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from newsweave.claims.frames import Frame, sentence_frames, speaker_of
from newsweave.claims.lexicon import HEDGE_ADVERBS
from newsweave.claims.quoted import LineCue, QuoteCue, cue_after_quote, cue_before_quote, speaker_lines
from newsweave.claims.speakers import ArticleEntities, SpeakerMemory, resolve_speaker
from newsweave.model import Entity
from newsweave.nlp import ParsedArticle

_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_QUOTE_RE = re.compile(r"“([^”\n]{2,}?)”|\"([^\"\n]{2,}?)\"|«([^»\n]{2,}?)»")
_OPEN_PARAGRAPH_RE = re.compile(r"(?:^|(?<=\n))[“\"][^”\"\n]{20,}\n")  # a paragraph opening a quote it does not close
_OPENERS, _CLOSERS = "“«", "”»"  # curly and angle quotation marks, opening and closing
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
    speaker_span: tuple[int, int] | None = None  # the speaker's words as written; None for the outlet
    cue_span: tuple[int, int] | None = None  # the cue's words as written; None for the outlet
    score: float = 1.0  # the learned cue's probability (1.0 for a rule's claim)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks that hold speech (four words or more).

    A quote over several paragraphs, written as news style writes it (each
    paragraph opens with a quotation mark, only the last one closes), is one range.
    """
    out = []
    for m in _QUOTE_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        if len(m.group(g).split()) >= _MIN_QUOTE_WORDS:
            out.append((m.start(g), m.end(g)))
    long = _paragraph_quotes(text)
    return sorted([q for q in out if not any(a <= q[0] and q[1] <= b for a, b in long)] + long)


def _paragraph_quotes(text: str) -> list[tuple[int, int]]:
    """Quotes that run over paragraphs: '“A ...\n\n“B ...”' (the first paragraph left open)."""
    out = []
    for m in _OPEN_PARAGRAPH_RE.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        pos = m.end()
        while True:
            while pos < len(text) and text[pos] in " \t\n":
                pos += 1
            if pos >= len(text) or text[pos] not in "“\"":
                break
            mark = "”" if text[pos] == "“" else "\""
            close = min((i for i in (text.find(mark, pos + 1), text.find("\n", pos + 1)) if i >= 0), default=-1)
            if close < 0:
                break
            if text[close] == mark:
                out.append((m.start() + 1, close))
                break
            pos = close
    return out


def extract_claims(parsed: ParsedArticle, index: ArticleEntities | None,
                   entities: Sequence[Entity], acts: bool = True, cue_model=None) -> list[Found]:
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
    seen: dict[int, float] = {}  # learned cue probabilities by token index, computed once for frames and tagger
    for sent in sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        spans.append(span)
        made: list[Found] = []
        if span is not None and len(span) > 0:
            inside = [q for q in quotes if q[0] < sent.end and q[1] > sent.start]
            for frame in sentence_frames(span, quotes, acts, cue_model, seen):
                claim = _to_found(frame, sent, span, inside, parsed, index, memory, entities)
                if claim is not None and not any(_same_claim(claim, m) for m in made):
                    made.append(claim)
                    memory.add(claim.cue_start, claim.speaker)
        per_sentence.append(made)
    for line in speaker_lines(doc, text):
        k = next((i for i, s in enumerate(sentences) if s.start <= line.cue.idx < s.end), None)
        if k is not None and not any(f.cue_start == line.cue.idx for f in per_sentence[k]):
            per_sentence[k].append(_line_claim(line, sentences[k], parsed, index, memory, entities))
    owned = [(f.content_start, f.content_end) for made in per_sentence for f in made
             if not f.anaphoric and f.kind != "act"]  # an act ("criticized X") owns no quote or sentence
    for q in quotes:
        if any(a < q[1] and q[0] < b for a, b in owned):
            continue
        k = next((i for i, s in enumerate(sentences) if s.start <= q[0] < s.end + 2), None)
        edge = (cue_after_quote(doc, text, q) or cue_before_quote(doc, text, q, speaker_of)) if k is not None else None
        if edge is not None:
            per_sentence[k].append(_edge_claim(q, sentences[k], edge, parsed, index, memory, entities))
            owned.append(q)
            continue
        if k is None or text[sentences[k].start:q[0]].strip(" \t\n\"“«„'‘"):
            continue  # only a quote that opens its sentence continues the speaker before
        earlier = [f for made in per_sentence[: k + 1] for f in made if f.start < q[0]]
        prev = _previous_speaker_claim(earlier, q[0])
        if prev is not None:
            per_sentence[k].append(_continuation(q, sentences[k], prev, article))
            owned.append(q)
    for block in _blocks_after_colon(text):
        if any(a < block[1] and block[0] < b for a, b in owned):
            continue
        k = next((i for i, s in enumerate(sentences) if s.start <= block[0] < s.end + 2), None)
        edge = cue_before_quote(doc, text, block, speaker_of) if k is not None else None
        if edge is not None:
            per_sentence[k].append(_edge_claim(block, sentences[k], edge, parsed, index, memory, entities))
            owned.append(block)
    tagger = getattr(cue_model, "tagger", None)
    if tagger is not None and acts:  # the tagger's claims are of kind "act"
        _add_tagged(parsed, sentences, spans, per_sentence, quotes, cue_model, index, memory, entities, seen)
    for k, (sent, span) in enumerate(zip(sentences, spans)):
        made = per_sentence[k]
        if span is None or any(not f.anaphoric and f.kind != "act" for f in made):  # an act leaves the outlet's report
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


def _add_tagged(parsed: ParsedArticle, sentences, spans, per_sentence: list[list[Found]], quotes, model,
                index, memory, entities, seen: dict[int, float] | None = None) -> None:
    """Claims of the contents the token tagger finds (`attribution_tagger`) where no claim holds most of them.

    Each is a claim of kind "act": counted as an attribution, kept out of
    propositions, and the sentence around it stays the outlet's report too.
    Its speaker is its cue's as the frames find one (subject, agent, inherited
    subject, the name just before); a run with no cue strong enough that opens
    its sentence inside a quote goes on with the claim just before it.
    """
    from newsweave.claims import attribution_tagger as tagging

    tagger = model.tagger
    doc, text = parsed.doc, parsed.article.text
    held = [(f.content_start, f.content_end) for made in per_sentence for f in made if f.kind != "reported"]
    for k, (feats, probs) in enumerate(tagging.article_features(spans, model, quotes, seen)):
        if not feats:
            continue
        span, sent = spans[k], sentences[k]
        scores = [tagger.probability(f) for f in feats]
        for run in tagging.tagged_contents(span, scores, probs, tagger):
            cs, ce = _strip_chars(text, doc[run.start].idx, doc[run.end - 1].idx + len(doc[run.end - 1].text))
            if ce - cs < 2 or any(min(ce, b) - max(cs, a) >= 0.5 * (ce - cs) for a, b in held):
                continue
            if run.cue is not None and _widened(per_sentence[k], doc[run.cue].idx, cs, ce):
                held.append((cs, ce))
                continue
            claim = _tagged_claim(run, (cs, ce), sent, span, probs, per_sentence[: k + 1], parsed, index,
                                  memory, entities, tagger.min_cue)
            if claim is not None:
                per_sentence[k].append(claim)
                held.append((cs, ce))


def _widened(made: list[Found], cue_start: int, cs: int, ce: int) -> bool:
    """True when the sentence already has a claim of the run's cue (one cue, one claim); a stance act inside the
    run is widened to it.

    "X criticized A for B, while C": the frame holds A, the run more. A
    statement keeps the content its frame found: "Kerry said that A, but the
    State Department has not confirmed B" leaves B to the outlet, and what
    propositions group is the clause the cue reports.
    """
    for k, f in enumerate(made):
        if f.kind == "reported" or f.cue_start != cue_start:
            continue
        if f.kind == "act" and cs <= f.content_start and f.content_end <= ce:
            made[k] = replace(f, content_start=cs, content_end=ce, end=max(f.end, ce))
        return True
    return False


def _tagged_claim(run, content: tuple[int, int], sent, span, probs, before: list[list[Found]],
                  parsed: ParsedArticle, index, memory, entities, min_cue: float) -> Found | None:
    """The claim of one tagged content: its cue and that cue's speaker, or the speaker of the quote it goes on."""
    from newsweave.claims.frames import _named_before

    doc = parsed.doc
    cs, ce = content
    cue = doc[run.cue] if run.cue is not None and probs[run.cue] >= min_cue else None
    speaker = None
    if cue is not None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
        speaker = speaker_of(cue, passive) or _named_before(cue, span)
        if speaker is not None and speaker.start < run.end and run.start < speaker.end:
            speaker = None
    if speaker is None:
        quoted = parsed.article.text[sent.start:cs].strip(" \t\n\"“«„'‘") == ""
        earlier = [f for made in before for f in made if f.start < cs]
        prev = _previous_speaker_claim(earlier, cs) if quoted else None
        if prev is None or cue is not None:
            return None
        return replace(prev, start=sent.start, end=sent.end, content_start=cs, content_end=ce, kind="act",
                       cue_start=doc[run.start].idx, score=run.score, anaphoric=False, hedge=False)
    resolved = resolve_speaker(speaker, index, memory, entities)
    return Found(
        article=parsed.article.id, start=sent.start, end=sent.end, content_start=cs, content_end=ce,
        speaker=resolved.entity if resolved else None, speaker_text=speaker.text, via=(), cue=cue.lower_,
        kind="act", polarity="assert", cue_start=cue.idx, speaker_span=_char_span(speaker),
        cue_span=(cue.idx, cue.idx + len(cue.text)), score=run.score,
    )


def _blocks_after_colon(text: str) -> list[tuple[int, int]]:
    """Paragraphs that follow a paragraph ending with a colon ('Smith wrote:' and a block quote)."""
    out = []
    for m in re.finditer(r":[ \t]*\n+", text):
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if len(text[start:end].split()) >= _MIN_QUOTE_WORDS:
            out.append((start, end))
    return out


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


def _to_found(frame: Frame, sent, span, inside, parsed: ParsedArticle, index, memory, entities) -> Found | None:
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
    if best is not None and not frame.anaphoric and frame.polarity == "assert" and kind != "act":
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
        speaker_span=_char_span(frame.speaker) if frame.speaker is not None else None,
        cue_span=_cue_span(frame), score=frame.score,
    )


def _cue_text(frame: Frame) -> str:
    tok = frame.cue
    if frame.kind == "according_to":
        return "according to"
    if frame.hedge:
        parts = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i] + [tok]
        return " ".join(t.text.lower() for t in sorted(parts, key=lambda t: t.i))
    return tok.text.lower()


def _char_span(span) -> tuple[int, int]:
    """Character offsets of a spaCy span."""
    return span.start_char, span.end_char


def _cue_span(frame: Frame) -> tuple[int, int]:
    """Character offsets of the cue as written: the verb, "according to", or "could not be confirmed"."""
    tok = frame.cue
    last = tok
    if frame.kind == "according_to":
        last = tok.doc[tok.i + 1]
    first = min((c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < tok.i),
                key=lambda c: c.i, default=tok) if frame.hedge else tok
    return first.idx, last.idx + len(last.text)


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
    return _balanced_quotes(text, start, end)


def _balanced_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the quotation mark it opens or closes without its pair.

    A content that ends inside a quoted phrase ('inflicted "numerous
    casualties"') keeps the closing mark that follows it (with a comma or full
    stop written before the mark), and one that starts inside it keeps the
    opening mark: cutting at the mark, not before it, keeps the quotes balanced.
    """
    inner = text[start:end]
    curly = sum(inner.count(c) for c in _OPENERS) - sum(inner.count(c) for c in _CLOSERS)
    straight = inner.count('"') % 2 == 1
    opens_last = straight and _opens(inner, inner.rindex('"'))
    if curly > 0 or opens_last:
        closers = _CLOSERS if curly > 0 else '"'
        for width in (1, 2):
            tail = text[end:end + width]
            if len(tail) == width and tail[-1] in closers and all(c in ",." for c in tail[:-1]):
                return start, end + width
    if (curly < 0 or (straight and not opens_last)) and start > 0 \
            and text[start - 1] in (_OPENERS if curly < 0 else '"'):
        return start - 1, end
    return start, end


def _opens(inner: str, at: int) -> bool:
    """True when the straight quotation mark at `at` opens a quotation (a word follows it, none before)."""
    before = inner[at - 1] if at > 0 else " "
    after = inner[at + 1] if at + 1 < len(inner) else " "
    return (before.isspace() or before in "([") and not after.isspace()


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
        speaker_span=prev.speaker_span, cue_span=prev.cue_span,
    )


def _edge_claim(q: tuple[int, int], sent, edge: QuoteCue, parsed: ParsedArticle, index, memory,
                entities) -> Found:
    """A direct claim for a quote whose speaker and cue stand at its edge (`quoted`)."""
    cs, ce = _strip_chars(parsed.article.text, *q)
    resolved = resolve_speaker(edge.speaker, index, memory, entities)
    return Found(
        article=parsed.article.id, start=min(sent.start, q[0]), end=max(sent.end, q[1]), content_start=cs,
        content_end=ce, speaker=resolved.entity, speaker_text=edge.speaker.text, via=(),
        cue=edge.cue.lower_, kind="direct", polarity="assert", cue_start=edge.cue.idx,
        speaker_span=_char_span(edge.speaker), cue_span=(edge.cue.idx, edge.cue.idx + len(edge.cue.text)),
    )


def _line_claim(line: LineCue, sent, parsed: ParsedArticle, index, memory, entities) -> Found:
    """The claim of a line written 'Speaker: what they say' (`quoted.speaker_lines`): the rest of the line."""
    cs, ce = _strip_chars(parsed.article.text, *line.content)
    resolved = resolve_speaker(line.speaker, index, memory, entities)
    memory.add(line.cue.idx, resolved.entity)
    return Found(
        article=parsed.article.id, start=sent.start, end=max(sent.end, ce), content_start=cs, content_end=ce,
        speaker=resolved.entity, speaker_text=line.speaker.text, via=(), cue=":", kind="indirect",
        polarity="assert", cue_start=line.cue.idx, speaker_span=_char_span(line.speaker),
        cue_span=(line.cue.idx, line.cue.idx + 1),
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
