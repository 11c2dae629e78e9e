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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.model import Removed

ADVERTISEMENT = "advertisement"
NAVIGATION = "navigation"
BYLINE = "byline"
RELATED = "related-links"
COMMENTS = "comments"
UNRELATED = "unrelated"
CREDIT = "credit"
FOOTER = "footer"
BANNER = "banner"
HEADLINE_REPEAT = "headline-repeat"
REPEAT = "repeat"
NEWSLETTER = "newsletter"
SHARE = "share"
ARCHIVE = "archive-notice"


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
    lines = _split_lines(text)
    reasons = _leftover_reasons(lines, title) if extracted else _classify_lines(lines, title)
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


# --- lines -------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_END_PUNCT = tuple('.!?…"”’)]')


def _split_lines(text: str) -> list[str]:
    """The non-blank lines, inner runs of spaces collapsed, ends stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    out = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            out.append(line)
    return out


def words(line: str) -> list[str]:
    """The words of a line (letters and digits, inner apostrophes kept)."""
    return _WORD.findall(line)


def normalize(line: str) -> str:
    """A line folded for comparison: lower case, straight quotes, no punctuation, single spaces."""
    return " ".join(w.replace("'", "").replace("’", "") for w in words(line.translate(_QUOTES).casefold()))


def is_prose(line: str) -> bool:
    """A paragraph of running text: several words ending like a sentence, or long."""
    n = len(words(line))
    return (n >= 8 and line.endswith(_END_PUNCT) and not line.endswith("...")) or n >= 30


def is_headline_like(line: str) -> bool:
    """A headline's shape: 3 to 30 words, a capital letter, not ending like a sentence or a label.

    A sentence may end inside closing quotes or brackets (``...from the enemy."``).
    """
    n = len(words(line))
    if not 3 <= n <= 30 or not any(c.isupper() for c in line):
        return False
    end = line.rstrip(_CLOSERS)
    return not end.endswith((".", ":", ",", ";", "...", "…")) or end.endswith(("?", "!"))


_CLOSERS = "\"'”’»)] \t"


# --- line patterns (generic web furniture) -------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
DATE_EXPR = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}})(?!\d)",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b|\s*(?:gmt|utc)[+-]?\d*)?", re.I)
_WEEKDAY_ONLY = re.compile(rf"\b{_WEEKDAY}\b", re.I)

_ADVERT = re.compile(
    r"(?:advertisements?|advert|ads?|sponsored(?: content| post| links?)?|paid (?:content|post)|promoted"
    r"|(?:story|article) continues below(?: (?:this )?advertisement)?|continue reading(?: the main story| below)?"
    r"|skip (?:ad|advert|advertisement)|scroll (?:down )?to continue(?: with content)?|ad feedback"
    r"|report (?:this )?ad)",
)
_SHARE_CORE = {"share", "shares", "tweet", "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit",
               "email", "e-mail", "print", "telegram", "messenger", "flipboard", "copy", "sms", "mail"}
_SHARE_FILL = {"this", "article", "story", "on", "via", "link", "the", "to", "with", "friends", "x", "save",
               "page", "post", "and", "or", "us", "it", "your", "a", "comment", "comments"}
_COMMENT_PATTERNS = [
    re.compile(r"^(?:please )?(?:enter|leave|post|add|write|submit|view|show|load|see|join|read)\b.{0,30}"
               r"\b(?:comments?|reply|replies|conversation|discussion)\b", re.I),
    re.compile(r"^please enter your\b", re.I),
    re.compile(r"your e-?mail address will not be published", re.I),
    re.compile(r"required fields are marked", re.I),
    re.compile(r"save my name,? e-?mail", re.I),
    re.compile(r"^\d+\s+comments?$|^comments?\s*[(\[]?\d*[)\]]?$|^(?:leave a )?reply$", re.I),
    re.compile(r"logged in to (?:post|comment|reply)|notify me of (?:follow-up|new) (?:comments|posts)", re.I),
    re.compile(r"^(?:comments? (?:are|is) (?:closed|disabled)|no comments yet|be the first to comment)", re.I),
    re.compile(r"\bwill appear next to (?:all of )?your comments\b", re.I),
]
_NEWSLETTER_PATTERNS = [
    re.compile(r"\bunsubscribe\b|\b(?:our|your|free|daily|weekly|get the|join)\b.{0,30}\bnewsletters?\b"
               r"|\bnewsletters?\b.{0,30}\b(?:sign up|subscribe|inbox)\b", re.I),
    re.compile(r"^(?:sign up|subscribe|register)\b(?! (?:of|for the|office|offices)\b)", re.I),
    re.compile(r"\bsign up\b.*\b(?:e-?mail|inbox|newsletter|updates|alerts)\b", re.I),
    re.compile(r"\b(?:in|to|into) your inbox\b|^enter your e-?mail", re.I),
    re.compile(r"^click (?:here|below)\b.{0,40}\b(?:subscribe|sign up)", re.I),
]
_RELATED = re.compile(
    r"(?:read more|read also|also read|read next|related(?: articles?| stories| news| content| posts| coverage"
    r"| topics| links| reading| video)?|see also|more from\b|more on this(?: story)?|more stories|more news"
    r"|must read|must watch|you (?:might|may) (?:also )?(?:like|enjoy|be interested)|recommended(?: for you"
    r"| to you| stories| reading| articles)?|don'?t miss|trending(?: now| stories| news)?"
    r"|most (?:read|popular|viewed|shared|watched)|top stories|popular (?:stories|posts|now|articles)"
    r"|further reading|editor'?s picks?|what to read next|up next|next article|previous article|watch (?:now|more))",
    re.I,
)
_CREDIT_PATTERNS = [
    re.compile(r"^[(\[]?(?:images?|photos?|photographs?|pictures?|pics?|graphics?|videos?|file photo|illustrations?"
               r"|cover image|featured image|representational image)\s*(?:source|credits?|courtesy|copyright|by)?"
               r"\s*[:|–—-]\s*\S", re.I),
    re.compile(r"^[(\[]?(?:photos?|images?|pictures?)\s+(?:courtesy|credits?|copyright|by)\b", re.I),
    re.compile(r"^[(\[]?(?:ap|afp|reuters|getty|epa|pti|ani|ians)\s*(?:photos?|images?)\b", re.I),
    re.compile(r"^[(\[]?[\w .'’-]{0,40}/\s*(?:getty(?: images)?|afp|ap|reuters|epa|shutterstock)[)\]]?$", re.I),
    re.compile(r"^(?:getty images|shutterstock|istock(?:photo)?)[)\]]?$", re.I),
]
_FOOTER_PATTERNS = [
    re.compile(r"all rights reserved", re.I),
    re.compile(r"^(?:©|\(c\)\s|copyright\s+(?:©\s*)?\d{4})", re.I),
    re.compile(r"^(?:terms of (?:use|service)|privacy policy|cookie policy|contact us|about us)\b", re.I),
    re.compile(r"\b(?:follow|like) us on\b|\bdownload (?:the|our) app\b|^see more of\b.{0,60}\bon facebook$", re.I),
    re.compile(r"^(?:report an? (?:error|typo|correction)|submit a (?:tip|correction)|corrections? policy|back to top)$",
               re.I),
]
_SITE_CONTROLS = re.compile(
    r"^(?:skip to (?:main )?(?:content|navigation)|jump to (?:main )?(?:navigation|content)|toggle (?:navigation|menu)"
    r"|(?:main |open |close )?menu|search|close|sections|log ?in|sign in|sign out)$",
    re.I,
)
_MEDIA_LINK = re.compile(r"^(?:watch|video|listen|audio|photos|gallery|podcast)\s*:", re.I)
_CLICK = re.compile(r"^click (?:here|below|to)\b", re.I)
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:com|net|org|co\.uk|co\.in|in|info|news|tv|io|co|us|uk|ca|au)\b", re.I)
_BYLINE_PATTERNS = [
    re.compile(r"^(?:[Bb]y|BY)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)+(?:\s*$|\s*[|,•·–—-]|\s+and\s+[A-Z])"),
    re.compile(r"\b(?:edited|written|reported|compiled|posted|curated|produced) by\s*:\s*\S", re.I),
    re.compile(r"^(?:edited|written|reported|compiled|posted|curated|produced) by\s+[A-Z]"),
    re.compile(r"^(?:authors?|reporter|correspondent|writer|source|sources|via|credit|agency)\s*:\s*\S", re.I),
    re.compile(r"\b(?:[Nn]ews|[Ww]eb|[Dd]igital|[Oo]nline|[Cc]ity|[Ff]oreign|[Ss]ports|[Bb]usiness)\s+[Dd]esk\b"),
]
_DATE_LABEL = re.compile(
    r"\b(?:published|updated|posted|last updated|first published|modified|last modified|date)\s*(?:on|at)?\s*:?\s*$",
    re.I,
)
_CONTRIBUTED = re.compile(
    r"\bcontributed(?: reporting)? to this (?:story|report|article)|\bcontributed reporting\b"
    r"|^[(\[]?(?:additional )?(?:reporting|editing|writing) by\b",
    re.I,
)
_BULLET = re.compile(r"^[*•·▪►>–—-]+\s*")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_BREADCRUMB_SEP = re.compile(r"\s+[›»>|/]\s+|\s*[›»]\s*")
_YOU_ARE_HERE = re.compile(r"^(?:you are (?:at|here)|home)\b\s*:?", re.I)
_TAGS_LABEL = re.compile(r"^(?:tags?|topics?|categories|category|filed under|keywords?|section)\s*:", re.I)


def is_date_only(line: str) -> bool:
    """A line that is nothing but a date (weekday, time and zone allowed): a page banner or stamp."""
    if not DATE_EXPR.search(line):
        return False
    rest = _TIME.sub(" ", DATE_EXPR.sub(" ", line))
    rest = _WEEKDAY_ONLY.sub(" ", rest)
    return not words(rest)


# No line rule removes a longer line: longer lines are paragraphs (inline furniture is cut separately).
MAX_FURNITURE_WORDS = 40


def _line_pattern_reason(line: str) -> str | None:
    """The reason a line is web furniture by its own shape and vocabulary alone, or None."""
    body = _BULLET.sub("", line)
    n = len(words(body))
    if not n or n > MAX_FURNITURE_WORDS:
        return None
    folded = normalize(body)
    if _ADVERT.fullmatch(folded):
        return ADVERTISEMENT
    if is_date_only(body):
        return BANNER
    if n <= 12 and _is_share_line(folded):
        return SHARE
    if n <= 20 and any(p.search(body) for p in _COMMENT_PATTERNS):
        return COMMENTS
    if n <= 30 and any(p.search(body) for p in _NEWSLETTER_PATTERNS):
        return NEWSLETTER
    if _is_related_line(body, n) or (n <= 25 and _MEDIA_LINK.match(body)) or (n <= 15 and _CLICK.match(body)):
        return RELATED
    if _SITE_CONTROLS.match(body):
        return NAVIGATION
    if n <= 15 and any(p.search(body) for p in _CREDIT_PATTERNS):
        return CREDIT
    if n <= 30 and any(p.search(body) for p in _FOOTER_PATTERNS):
        return FOOTER
    if n <= 40 and _CONTRIBUTED.search(body):
        return BYLINE
    if n <= 30 and not body.endswith(".") and _is_byline(body):
        return BYLINE
    if _TAGS_LABEL.match(body) or (n <= 40 and _YOU_ARE_HERE.match(body) and _BREADCRUMB_SEP.search(body)):
        return NAVIGATION
    if _is_breadcrumb(body):
        return NAVIGATION
    return None


def _is_share_line(folded: str) -> bool:
    """Only social-network and share words, at least one of them a share action."""
    tokens = folded.split()
    return bool(tokens) and any(t in _SHARE_CORE for t in tokens) and all(
        t in _SHARE_CORE or t in _SHARE_FILL for t in tokens)


def _is_related_line(body: str, n: int) -> bool:
    """A "read more" / "related" / "you might also like" prompt, alone or before a linked headline."""
    m = _RELATED.match(body)
    if not m:
        return False
    after = body[m.end():]
    if n <= 6 and not body.endswith("."):
        return True
    if after[:1] in (":", "|", "-", "–", "—", "»", ">"):
        return True
    return m.group(0).isupper() and n <= 25


def _is_byline(body: str) -> bool:
    """A byline or dateline stamp: "By X", "Edited by:", "X News Desk", "Updated on: <date>"."""
    if any(p.search(body) for p in _BYLINE_PATTERNS):
        return True
    for m in DATE_EXPR.finditer(body):
        if _DATE_LABEL.search(body[: m.start()]):
            return True
    return False


def _is_breadcrumb(body: str) -> bool:
    """"Home > World > Asia": three or more short parts joined by menu separators."""
    parts = [p for p in _BREADCRUMB_SEP.split(body) if p]
    if len(parts) < 3 or body.endswith((".", "!", "?")):
        return False
    return all(len(words(p)) <= 4 for p in parts[:-1])


# --- whole-text passes -------------------------------------------------------------------


def _classify_lines(lines: list[str], title: str | None) -> list[str | None]:
    """A removal reason (or None) for each line of a text no extractor saw."""
    reasons = [_line_pattern_reason(line) for line in lines]
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


def _leftover_reasons(lines: list[str], title: str | None) -> list[str | None]:
    """Reasons for the obvious leftovers an extractor may keep: ads, prompts, credits, repeated lines."""
    leftover_kinds = {ADVERTISEMENT, SHARE, COMMENTS, NEWSLETTER, RELATED, CREDIT}
    reasons = [r if r in leftover_kinds else None for r in (_line_pattern_reason(line) for line in lines)]
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
        m = _NUMBERED.match(lines[j])
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
        if reasons[i] or "," not in line or line.endswith(_END_PUNCT):
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
    if 2 <= len(ws) <= 4 and all(w[0].isupper() for w in ws) and not lines[j].endswith(_END_PUNCT):
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
    sentences = [i for i in kept[1:] if len(words(lines[i])) >= 3 and lines[i].endswith(_END_PUNCT)]
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
        if reasons[i] is None and _DOMAIN.search(lines[i]) and len(words(lines[i])) <= 30:
            reasons[i] = FOOTER


# --- inline fragments (text scraped into long lines) ---------------------------------------

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
            line = _SPACES.sub(" ", pattern.sub(" ", line)).strip()
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
