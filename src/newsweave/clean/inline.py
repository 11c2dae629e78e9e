"""Inline fragments: furniture scraped into long lines (ad labels, photo credits, sign-up and archive notices)."""

from __future__ import annotations

import re

from newsweave.clean.lines import SPACES, words
from newsweave.clean.reasons import ADVERTISEMENT, ARCHIVE, BANNER, CREDIT, NAVIGATION, NEWSLETTER, RELATED, SHARE
from newsweave.model import Removed

_INLINE = [
    # An ad label between sentences: right after a sentence end or at the start, never after "an"/"the".
    (re.compile(r"(?:^|(?<=[.!?\"”’)\]] ))(?:photo )?advertisement(?: continue reading the main story)?(?= |$)",
                re.I), ADVERTISEMENT),
    (re.compile(r"\bcontinue reading the main story\b", re.I), ADVERTISEMENT),
    (re.compile(r"\(\s*click [^()]{0,80}\)", re.I), NAVIGATION),
    (re.compile(r"\(\s*(?:[\w .,'’-]{0,40})?\bphoto(?:graph)?s?\s*(?:credit)?\s*[:/][^()]{0,80}\)", re.I), CREDIT),
    (re.compile(r"\(\s*[^()]{1,60}/\s*(?:getty(?: images)?|afp|ap|reuters|epa)\s*\)", re.I), CREDIT),
    (re.compile(r"\b(?:photo(?: credit)?|image):\s+[^.()]{0,60}?getty images\b\.?", re.I), CREDIT),
    (re.compile(r"\bphoto(?:graph)?(?: credit)?:\s+[\w .'’-]{1,40}?/\s*(?:ap|afp|reuters|epa)\b", re.I), CREDIT),
    (re.compile(r"\bbuy photo\b", re.I), CREDIT),
    (re.compile(r"\benlarge this image toggle caption (.{3,60}?) \1(?= |$)", re.I), CREDIT),
    (re.compile(r"\benlarge this image(?: toggle caption)?\b", re.I), CREDIT),
    (re.compile(r"\bimage copyright\b.{0,80}?\bimage caption\b", re.I), CREDIT),
    (re.compile(r"^image caption\b|\bimage copyright\b(?:\s+\w+){0,5}$", re.I), CREDIT),
    (re.compile(r"\bmedia playback is unsupported on your device(?: media caption)?", re.I), BANNER),
    (re.compile(r"\[\s*sign up for [^\]]{0,200}\]", re.I), NEWSLETTER),
    (re.compile(r"\[\s*(?:[^\]]{0,40}\bgallery|related|see also|read more|watch|video)\s*:[^\]]{0,150}\]", re.I), RELATED),
    # Photo-gallery controls: "image 1 of / 42 caption close ... 1 / 42 back to gallery".
    (re.compile(r"\b(?:\d+ of \d+ )?full screen autoplay close\b|\bskip ad\b(?: ×)?", re.I), NAVIGATION),
    (re.compile(r"\bimage \d+ of\s*/?\s*\d+(?: caption close)?|\b\d+ / \d+ back to gallery\b", re.I), NAVIGATION),
    (re.compile(r"(?:^|(?<=[.!?\"”] ))read more\W?$", re.I), RELATED),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+")
_SENTENCE_NEWSLETTER = re.compile(
    r"^(?:sign up\b|subscribe\b|get .{0,40}\bsubscribe\b)|\bnewsletter\b.*\b(?:sign up|subscribe|(?:in|to) your inbox)\b"
    r"|\b(?:sign up|subscribe)\b.*\bnewsletter\b|\bby entering your e-?mail\b|\byou can unsubscribe\b", re.I)
_SENTENCE_CLICK = re.compile(r"^click here\b", re.I)
_PRIVACY_TERMS = re.compile(
    r"privacy (?:policy|choices|settings|notice)|personal data|third[- ]party advertisers|personali[sz]ed (?:digital )?ads"
    r"|personali[sz]ed advertising"
    r"|tracking technologies|cookies?\b|consent\b|opt[- ]out|enabl\w* javascript|javascript (?:is )?(?:disabled|required)"
    r"|view ads|ad ?blocker", re.I)
_ARCHIVE_TERMS = re.compile(
    r"internet archive|wayback machine|archive-it|crawl data|\bcrawls?\b|web page captures|broken links"
    r"|no more 404|archived (?:pages|web page)|embargo period", re.I)
# What a social network's or a publisher's widget tells its user (an embedded tweet's
# location notice, a reprint notice, a video player's sharing notice): a scrape that
# caught only the widget holds nothing else.
_PLATFORM_TERMS = re.compile(
    r"tweet with a location|add a location to your tweets|location information|location history"
    r"|non-commercial use|presentation-ready copies|order reprints|reprints tool"
    r"|share videos you watch|posted to your timeline|\blog ?out\b|logged out of your \w+ account", re.I)
# Distinct terms that make a run of sentences a notice of each kind.
_NOTICE_TERMS = {ARCHIVE: (_ARCHIVE_TERMS, 2), SHARE: (_PLATFORM_TERMS, 3)}


def strip_inline(line: str) -> tuple[str, list[Removed]]:
    """A line without the furniture fragments inside it, and those fragments with their reasons.

    Needed for text scraped into one long line, where an ad label or a photo
    credit sits between two sentences of the article.
    """
    removed: list[Removed] = []
    line, cut = _strip_sentences(line)
    removed.extend(cut)
    for pattern, reason in _INLINE:
        pieces = [m.group(0).strip() for m in pattern.finditer(line)]
        if pieces:
            line = SPACES.sub(" ", pattern.sub(" ", line)).strip()
            removed.extend(Removed(p, reason) for p in pieces if p)
    return line, removed


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line, split after . ! ? and a space."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(line):
        spans.append((start, len(line)))
    return spans


def _strip_sentences(line: str) -> tuple[str, list[Removed]]:
    """Whole sentences that are sign-up prompts, "click here" links or site notices, removed.

    A one-sentence line is only checked for web-archive and platform notices,
    whose terms are specific enough to tell a notice from a sentence about them.
    """
    sentences = [line[a:b] for a, b in _sentence_spans(line)]
    reasons: list[str | None] = [None] * len(sentences)
    for reason, (terms, least) in _NOTICE_TERMS.items():
        for k in _notice_block(sentences, terms, least):
            reasons[k] = reasons[k] or reason
    if len(sentences) >= 2:
        for k, s in enumerate(sentences):
            if _SENTENCE_NEWSLETTER.search(s):
                reasons[k] = reasons[k] or NEWSLETTER
            elif _SENTENCE_CLICK.search(s):
                reasons[k] = reasons[k] or RELATED
        for k in _notice_block(sentences, _PRIVACY_TERMS):
            reasons[k] = reasons[k] or BANNER
    if not any(reasons):
        return line, []
    kept = " ".join(s.strip() for s, r in zip(sentences, reasons) if r is None)
    removed = [Removed(s.strip(), r) for s, r in zip(sentences, reasons) if r]
    return kept, removed


def _notice_block(sentences: list[str], terms_re: re.Pattern[str], least: int = 2) -> list[int]:
    """Indices of a site notice (web archive's crawl notice, privacy or ad-blocker notice) at either end of a text.

    The notice is a run of sentences naming its terms (crawls, the Wayback
    Machine; privacy policy, personal data, JavaScript), one sentence between
    two such being part of it, touching the start or the end of the text, with
    at least `least` distinct terms in all. An article about such things
    mentions them in its middle too, so it keeps them.
    """
    hits = [k for k, s in enumerate(sentences) if terms_re.search(s)]
    if not hits:
        return []
    runs: list[list[int]] = [[hits[0]]]
    for k in hits[1:]:
        if k - runs[-1][-1] <= 2:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: list[int] = []
    last = len(sentences) - 1
    for run in runs:
        lo, hi = run[0], run[-1]
        terms = {m.group(0).casefold() for k in range(lo, hi + 1) for m in terms_re.finditer(sentences[k])}
        if len(terms) >= 3:
            # A long notice also takes the one short sentence that opens or closes it ("Welcome!").
            if lo == 1 and len(words(sentences[0])) <= 12:
                lo = 0
            if hi == last - 1 and len(words(sentences[last])) <= 12:
                hi = last
        if (lo == 0 or hi == last) and len(terms) >= least:
            out.extend(range(lo, hi + 1))
    return out
