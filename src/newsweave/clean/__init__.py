"""Cleaning plain text: page furniture out, every line of the article kept.

For text that no HTML extractor saw (`.txt`, JSONL, feeds). Each removed line
(or inline fragment, for text scraped into one long line) is recorded with its
reason so that nothing disappears silently.

The decisions rest on general signals of web pages, never on one site's
phrases: the shape of a line (length, case, punctuation, numbering), its
position (the header above the headline, the tail after the last paragraph),
repetition across the text, similarity to the article's own vocabulary, and
generic web-furniture vocabulary ("advertisement", "share", "read more",
"comments", "newsletter", photo credits). When in doubt a line is kept:
dropping a line of the article is worse than keeping a stray one.

Hand-written rather than trafilatura's `justext`-style scoring because that
works on the HTML tree, which plain text no longer has.

Modules: `lines` (splitting and the shapes of prose and headlines),
`patterns` (one table of rules that judge a line by itself), `passes`
(decisions that need the line's neighbours), `inline` (fragments inside long
lines), `reasons` (the reasons recorded under `removed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.clean.inline import strip_inline
from newsweave.clean.lines import is_headline_like, is_prose, normalize, split_lines, words
from newsweave.clean.passes import classify_lines, leftover_reasons
from newsweave.clean.patterns import DATE_EXPR, LINE_RULES, LineRule
from newsweave.clean.reasons import (ADVERTISEMENT, ARCHIVE, BANNER, BYLINE, COMMENTS, CREDIT, FOOTER, HEADLINE_REPEAT,
                                     NAVIGATION, NEWSLETTER, RELATED, REPEAT, SHARE, UNRELATED)
from newsweave.model import Removed

__all__ = ["CleanText", "DATE_EXPR", "LINE_RULES", "LineFate", "LineRule", "clean_text", "is_headline_like",
           "is_prose", "normalize", "words",
           "ADVERTISEMENT", "ARCHIVE", "BANNER", "BYLINE", "COMMENTS", "CREDIT", "FOOTER", "HEADLINE_REPEAT",
           "NAVIGATION", "NEWSLETTER", "RELATED", "REPEAT", "SHARE", "UNRELATED"]


@dataclass(frozen=True, slots=True)
class LineFate:
    """One non-blank line of the input (whitespace tidied) and why it was removed, or None if kept."""

    text: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class CleanText:
    """The cleaned body, the lines and fragments removed from it, and every input line's fate.

    `text` holds one paragraph per line, joined by "\\n". `lines` lets
    `metadata` read the removed bylines, banners and signatures.
    """

    text: str
    removed: tuple[Removed, ...]
    lines: tuple[LineFate, ...] = ()


def clean_text(text: str, extracted: bool = False, title: str | None = None) -> CleanText:
    """The article body without navigation, ads, prompts and other page furniture.

    `extracted=True` (an HTML extractor already chose the main text) only tidies
    whitespace and drops obvious leftovers (ad markers, share/comment prompts,
    photo credits). `title`, when the input has one, helps spot repeated
    headlines. The result is deterministic: later offsets point into it.
    Limits: inline furniture inside a paragraph is removed only for clear
    markers (ad labels, bracketed photo credits, sign-up and archive notices).
    """
    lines = split_lines(text)
    reasons = leftover_reasons(lines, title) if extracted else classify_lines(lines, title)
    kept: list[str] = []
    removed: list[Removed] = []
    for line, reason in zip(lines, reasons):
        if reason:
            removed.append(Removed(line, reason))
            continue
        line, cut = strip_inline(line)
        removed.extend(cut)
        if line:
            kept.append(line)
    fates = tuple(LineFate(line, reason) for line, reason in zip(lines, reasons))
    return CleanText("\n".join(kept), tuple(removed), fates)
