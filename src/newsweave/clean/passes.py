"""Whole-text passes: decisions that need a line's neighbours (header, tail, repeats, teasers, signatures)."""

from __future__ import annotations

import re

from newsweave.clean.lines import END_PUNCT, is_headline_like, is_prose, normalize, words
from newsweave.clean.patterns import DOMAIN, NUMBERED, line_pattern_reason
from newsweave.clean.reasons import (ADVERTISEMENT, BANNER, BYLINE, COMMENTS, CREDIT, FOOTER, HEADLINE_REPEAT,
                                     NAVIGATION, NEWSLETTER, RELATED, REPEAT, SHARE, UNRELATED)


def classify_lines(lines: list[str], title: str | None) -> list[str | None]:
    """A removal reason (or None) for each line of a text no extractor saw."""
    reasons = [line_pattern_reason(line) for line in lines]
    _mark_numbered_menus(lines, reasons)
    _mark_header(lines, reasons)
    _mark_tags(lines, reasons)
    _mark_repeats(lines, reasons, title)
    _mark_signatures(lines, reasons)
    _mark_teasers(lines, reasons)
    _mark_offtopic_section(lines, reasons)
    _mark_tail_footer(lines, reasons)
    _mark_date_stamps(lines, reasons)
    return reasons


def leftover_reasons(lines: list[str], title: str | None) -> list[str | None]:
    """Reasons for the obvious leftovers an extractor may keep: ads, prompts, credits, repeated lines."""
    leftover_kinds = {ADVERTISEMENT, SHARE, COMMENTS, NEWSLETTER, RELATED, CREDIT}
    reasons = [r if r in leftover_kinds else None for r in (line_pattern_reason(line) for line in lines)]
    _mark_repeats(lines, reasons, title)
    return reasons


def _first_prose(lines: list[str], reasons: list[str | None]) -> int:
    """Index of the first kept line of running text (len(lines) when there is none)."""
    return next((i for i, line in enumerate(lines) if reasons[i] is None and is_prose(line)), len(lines))


def _mark_numbered_menus(lines: list[str], reasons: list[str | None]) -> None:
    """Runs of 3+ numbered short items without sentence ends (1. Home, 2. News, ...) above the text.

    Below the first paragraph a numbered list is the article's own and stays.
    """
    first = _first_prose(lines, reasons)
    i = 0
    while i < len(lines):
        run = _numbered_run(lines, i)
        if len(run) >= 3 and i < first:
            for j in run:
                reasons[j] = reasons[j] or NAVIGATION
            i = run[-1] + 1
        else:
            i += 1


def _numbered_run(lines: list[str], start: int) -> list[int]:
    """Indices of consecutive lines numbered 1, 2, 3, ... from `start`, each short and not a sentence."""
    run: list[int] = []
    expected = 1
    for j in range(start, len(lines)):
        m = NUMBERED.match(lines[j])
        if not m or int(m.group(1)) != expected:
            break
        item = m.group(2)
        if len(words(item)) > 15 or item.endswith((".", "!", "?")):
            break
        run.append(j)
        expected += 1
    return run


def _mark_header(lines: list[str], reasons: list[str | None]) -> None:
    """Short section labels ("News", "World") above the headline: the site's menu.

    Two or more are needed: a single short line on top may be a short headline.
    """
    labels = []
    for i, line in enumerate(lines):
        if reasons[i]:
            continue
        if is_prose(line) or len(words(line)) >= 4:
            break
        if not line.endswith((".", "!", "?", ":")) and len(words(line)) <= 3:
            labels.append(i)
    if len(labels) >= 2:
        for i in labels:
            reasons[i] = NAVIGATION


def _mark_tags(lines: list[str], reasons: list[str | None]) -> None:
    """Keyword lines ("economy, elections, europe"): short, all lower case, comma separated.

    Only in texts written in mixed case; lower-cased corpora keep every line.
    """
    cased = [line for line in lines if any(c.isalpha() for c in line)]
    if not cased or sum(any(c.isupper() for c in line) for line in cased) < 0.8 * len(cased):
        return
    for i, line in enumerate(lines):
        if reasons[i] or "," not in line or line.endswith(END_PUNCT):
            continue
        if len(words(line)) <= 10 and not any(c.isupper() for c in line):
            reasons[i] = NAVIGATION


def _mark_repeats(lines: list[str], reasons: list[str | None], title: str | None) -> None:
    """Lines repeated from above, and headlines glued to a section word ("NewsThe headline")."""
    kept_norms: set[str] = set()
    headlines = [normalize(title)] if title else []
    first_kept = next((i for i, r in enumerate(reasons) if r is None), None)
    if first_kept is not None and is_headline_like(lines[first_kept]):
        headlines.append(normalize(lines[first_kept]))
    norms = [normalize(line) if reasons[i] is None else "" for i, line in enumerate(lines)]
    headline_like = [reasons[i] is None and is_headline_like(line) for i, line in enumerate(lines)]
    for i, line in enumerate(lines):
        if reasons[i]:
            continue
        norm = norms[i]
        if norm in kept_norms and len(norm) >= 12:
            reasons[i] = HEADLINE_REPEAT if headline_like[i] else REPEAT
            continue
        neighbours = [norms[j] for j in (i - 1, i + 1) if 0 <= j < len(lines) and reasons[j] is None and headline_like[j]]
        if headline_like[i] and any(_glued(norm, h) for h in headlines + neighbours):
            reasons[i] = HEADLINE_REPEAT
            continue
        kept_norms.add(norm)


def _glued(norm: str, headline: str) -> bool:
    """`norm` is `headline` with a short section word stuck before or after it."""
    if len(headline) < 15 or norm == headline:
        return False
    squeezed, target = norm.replace(" ", ""), headline.replace(" ", "")
    extra = len(squeezed) - len(target)
    return 0 < extra <= 20 and (squeezed.endswith(target) or squeezed.startswith(target))


_PROFESSION = re.compile(
    r"\b(?:reporter|journalist|writer|editor|editor-in-chief|correspondent|author|columnist|contributor"
    r"|freelancer?|analyst|producer|photographer|blogger|anchor)\b",
    re.I,
)
_CONTACT = re.compile(r"\bcontact\s*:|@\w|\bfollow (?:him|her|them)\b|\be-?mail\s*:", re.I)


def _mark_signatures(lines: list[str], reasons: list[str | None]) -> None:
    """An author's signature after the text: a name line, then a bio line about that person."""
    first = _first_prose(lines, reasons)
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if reasons[i] or not _PROFESSION.search(line) or len(words(line)) > 60:
            continue
        about_someone = re.match(r"^(?:[A-Z][\w’'-]+\s+){1,3}(?:is|was|has been|writes|covers)\b", line)
        name = _name_line_before(lines, reasons, i)
        if name is not None and re.match(rf"^{re.escape(words(lines[name])[0])}\b", line) and about_someone:
            reasons[name] = BYLINE
            reasons[i] = BYLINE
        elif about_someone and _CONTACT.search(line) and i > len(lines) - 6:
            reasons[i] = BYLINE


def _name_line_before(lines: list[str], reasons: list[str | None], i: int) -> int | None:
    """Index of the line just before `i` when it has a person's name shape (2-4 capitalised words)."""
    j = i - 1
    if j < 0 or reasons[j]:
        return None
    ws = words(lines[j])
    if 2 <= len(ws) <= 4 and all(w[0].isupper() for w in ws) and not lines[j].endswith(END_PUNCT):
        return j
    return None


_STOP = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been has have had it its this that "
    "these those their they them he she his her we our you your i not no after before over under into about than "
    "then there here will would could should can may might also more most said says new one two who what when "
    "where which while how why all any some just up out so if".split()
)


def content_tokens(text: str) -> set[str]:
    """The lower-cased content words of a text (stop words and short words left out)."""
    return {w for w in (x.casefold().replace("’", "'") for x in words(text)) if len(w) > 2 and w not in _STOP}


def topic_overlap(line: str, vocabulary: set[str]) -> float:
    """Share of a line's content words that also occur in the article's vocabulary (0 when it has none)."""
    tokens = content_tokens(line)
    return len(tokens & vocabulary) / len(tokens) if tokens else 0.0


# A teaser from another story shares few words with the article: its headline and
# snippet are mostly other names and topics. Measured on a real teaser block: teaser
# lines share 0 to 0.29 of their content words with the article, the article's own
# lines 0.21 to 0.77 with the rest of it; the threshold is only ever applied to
# lines already shaped like teasers at the end of the text.
UNRELATED_OVERLAP = 0.34


def _mark_teasers(lines: list[str], reasons: list[str | None]) -> None:
    """A block of other stories' teasers at the end ("Latest news", headline, snippet...).

    The block is the tail after the last paragraph of the article made only of
    short headline-like lines, truncated snippets ("..."), and furniture; it
    counts when it holds two truncated snippets or three headlines, and its
    lines are kept unless they share few words with the article.
    """
    start = len(lines)
    snippets = headlines = 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if reasons[i]:
            start = i
            continue
        if _is_truncated(line):
            snippets += 1
        elif is_headline_like(line) or (len(words(line)) <= 4 and not line.endswith(".")):
            headlines += 1
        else:
            break
        start = i
    if snippets < 2 and headlines < 3:
        return
    block = [i for i in range(start, len(lines)) if reasons[i] is None]
    vocabulary = set().union(*(content_tokens(lines[i]) for i in range(start) if reasons[i] is None))
    if not vocabulary:
        return
    # Without truncated snippets the shape is weaker evidence: ask for a lower overlap.
    threshold = UNRELATED_OVERLAP if snippets >= 2 else UNRELATED_OVERLAP / 2
    labels = [i for i in block if len(words(lines[i])) <= 4]
    items = [i for i in block if i not in labels]
    for i in items:
        if topic_overlap(lines[i], vocabulary) < threshold:
            reasons[i] = UNRELATED
        elif snippets >= 2:
            reasons[i] = RELATED
    unrelated = sum(reasons[i] == UNRELATED for i in items)
    if snippets >= 2 or unrelated * 2 > len(items):
        for i in labels:
            reasons[i] = UNRELATED if unrelated * 2 > len(items) else RELATED


# An off-topic closing section must be clearly off topic: teasers of other stories
# average under 0.1 overlap; the article's own closing paragraphs stay above 0.2.
OFFTOPIC_MEAN_OVERLAP = 0.15
# ... and the article above the label must say enough to tell what is off its topic:
# one short paragraph (a quote, a dateline) shares few words even with its own story.
MIN_TOPIC_WORDS = 40


def _mark_offtopic_section(lines: list[str], reasons: list[str | None]) -> None:
    """A closing section under a short label ("Latest news") whose lines are all about other things.

    Catches teaser lists whose snippets are full sentences. The label must sit
    in the second half of the text; two or more teaser-shaped lines (see
    `_teaser_shaped`) must follow it, sharing
    on average under `OFFTOPIC_MEAN_OVERLAP` of their words with the article
    above (at least `MIN_TOPIC_WORDS` content words) and none more than
    `UNRELATED_OVERLAP`.
    """
    for i in range(len(lines) // 2, len(lines)):
        if reasons[i] not in (None, RELATED) or not _is_label(lines[i]):
            continue
        after = [j for j in range(i + 1, len(lines)) if reasons[j] is None]
        above = [j for j in range(i) if reasons[j] is None]
        if len(after) < 2 or not above or not _teaser_shaped([lines[j] for j in after]):
            continue
        vocabulary = set().union(*(content_tokens(lines[j]) for j in above))
        if len(vocabulary) < MIN_TOPIC_WORDS:
            continue
        overlaps = [topic_overlap(lines[j], vocabulary) for j in after]
        if max(overlaps) < UNRELATED_OVERLAP and sum(overlaps) / len(overlaps) < OFFTOPIC_MEAN_OVERLAP:
            for j in [i, *after]:
                reasons[j] = reasons[j] or UNRELATED
            return


def _teaser_shaped(section: list[str]) -> bool:
    """Lines shaped like a list of teasers: two or more headlines, no line longer than a snippet.

    An article's own closing section is paragraphs of running text; a teaser
    list is headlines, each maybe with a one-sentence snippet.
    """
    headlines = sum(is_headline_like(line) for line in section)
    return headlines >= 2 and all(len(words(line)) <= MAX_SNIPPET_WORDS for line in section)


# Teaser snippets are one or two sentences; longer lines are paragraphs of an article.
MAX_SNIPPET_WORDS = 40


def _is_label(line: str) -> bool:
    """A short section label: at most five words, no sentence end."""
    return 1 <= len(words(line)) <= 5 and not line.endswith((".", "!", "?", ":", ","))


def _is_truncated(line: str) -> bool:
    """A teaser snippet cut off mid-sentence with an ellipsis."""
    return line.endswith(("...", "…")) and len(words(line)) >= 5


def _mark_date_stamps(lines: list[str], reasons: list[str | None]) -> None:
    """Date lines under the headline are the article's date stamp (a byline); amid the text they are kept.

    A date line above the headline (with the site's menu) or below the text
    stays a page banner: often the day the page was visited, not published.
    Between paragraphs a date line heads a part of the article (a timeline's
    day) and stays in the text.
    """
    kept = [i for i, r in enumerate(reasons) if r is None]
    sentences = [i for i in kept[1:] if len(words(lines[i])) >= 3 and lines[i].endswith(END_PUNCT)]
    if not kept or not sentences:
        return
    dated = [i for i in range(kept[0] + 1, sentences[-1]) if reasons[i] == BANNER]
    for i in dated:
        # Several date lines amid the text head its parts; a single one under the headline is its stamp.
        reasons[i] = BYLINE if len(dated) == 1 and i < sentences[0] else None


def _mark_tail_footer(lines: list[str], reasons: list[str | None]) -> None:
    """Lines after the last paragraph that point to the site's domain ("Read all the news on x.com")."""
    last = max((i for i, line in enumerate(lines) if reasons[i] is None and is_prose(line)), default=-1)
    for i in range(last + 1, len(lines)):
        if reasons[i] is None and DOMAIN.search(lines[i]) and len(words(lines[i])) <= 30:
            reasons[i] = FOOTER
