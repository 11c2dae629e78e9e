"""Generic web furniture recognised by a line's own shape and vocabulary (one table of rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from newsweave.clean.lines import normalize, words
from newsweave.clean.reasons import (ADVERTISEMENT, BANNER, BYLINE, COMMENTS, CREDIT, FOOTER, NAVIGATION, NEWSLETTER,
                                     RELATED, SHARE)

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
DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:com|net|org|co\.uk|co\.in|in|info|news|tv|io|co|us|uk|ca|au)\b", re.I)
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
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
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


@dataclass(frozen=True, slots=True)
class LineRule:
    """One kind of web furniture a line shows by itself: a removal reason, a word limit, its patterns.

    A line of more than `max_words` words is never this furniture. It matches
    when one of `patterns` matches it (`how`: "search", "match" or
    "fullmatch"; on the folded line when `folded`), and `test`, where given,
    holds too: `test` says what patterns cannot (counting, shape).
    """

    reason: str
    max_words: int
    patterns: tuple[re.Pattern[str], ...] = ()
    how: str = "search"
    folded: bool = False
    test: Callable[[str], bool] | None = None

    def applies(self, body: str, folded: str, n: int) -> bool:
        """Whether a line (`body`, its `normalize`d form and its word count `n`) is this furniture."""
        if n > self.max_words:
            return False
        text = folded if self.folded else body
        if self.patterns and not any(getattr(p, self.how)(text) for p in self.patterns):
            return False
        return self.test is None or self.test(folded if self.folded else body)


# No line rule removes a longer line: longer lines are paragraphs (inline furniture is cut separately).
MAX_FURNITURE_WORDS = 40

# The rules in the order they are tried: the first that applies gives the reason.
LINE_RULES: tuple[LineRule, ...] = (
    LineRule(ADVERTISEMENT, MAX_FURNITURE_WORDS, (_ADVERT,), how="fullmatch", folded=True),
    LineRule(BANNER, MAX_FURNITURE_WORDS, test=lambda body: is_date_only(body)),
    LineRule(SHARE, 12, folded=True, test=lambda folded: _is_share_line(folded)),
    LineRule(COMMENTS, 20, tuple(_COMMENT_PATTERNS)),
    LineRule(NEWSLETTER, 30, tuple(_NEWSLETTER_PATTERNS)),
    LineRule(RELATED, MAX_FURNITURE_WORDS, test=lambda body: _is_related_line(body, len(words(body)))),
    LineRule(RELATED, 25, (_MEDIA_LINK,), how="match"),
    LineRule(RELATED, 15, (_CLICK,), how="match"),
    LineRule(NAVIGATION, MAX_FURNITURE_WORDS, (_SITE_CONTROLS,), how="match"),
    LineRule(CREDIT, 15, tuple(_CREDIT_PATTERNS)),
    LineRule(FOOTER, 30, tuple(_FOOTER_PATTERNS)),
    LineRule(BYLINE, MAX_FURNITURE_WORDS, (_CONTRIBUTED,)),
    LineRule(BYLINE, 30, test=lambda body: not body.endswith(".") and _is_byline(body)),
    LineRule(NAVIGATION, MAX_FURNITURE_WORDS, (_TAGS_LABEL,), how="match"),
    LineRule(NAVIGATION, MAX_FURNITURE_WORDS, (_YOU_ARE_HERE,), how="match",
             test=lambda body: bool(_BREADCRUMB_SEP.search(body))),
    LineRule(NAVIGATION, MAX_FURNITURE_WORDS, test=lambda body: _is_breadcrumb(body)),
)


def line_pattern_reason(line: str) -> str | None:
    """The reason a line is web furniture by its own shape and vocabulary alone (`LINE_RULES`), or None."""
    body = _BULLET.sub("", line)
    n = len(words(body))
    if not n:
        return None
    folded = normalize(body)
    return next((rule.reason for rule in LINE_RULES if rule.applies(body, folded, n)), None)


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
