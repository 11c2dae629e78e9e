"""Name normalisation and the keys that decide which names may be the same referent.

Everything here is a pure function of strings: normal forms, tokens, blocking
keys (initials, squashed and phonetic keys) and the closeness tests that are
run only on the pairs the keys bring together.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA
from unidecode import unidecode

# Words skipped when taking the initials of a long name ("Communist Party of
# China" -> CPC); acronyms almost never carry them.
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "&", "on", "in", "de", "du", "des", "la", "le", "al", "el"})
# Generic words that name the kind of place rather than the place: "X province"
# and "X valley" are the place X.
PLACE_DESIGNATORS = frozenset({
    "province", "district", "valley", "region", "city", "county", "town", "village",
    "governorate", "prefecture", "municipality", "state", "oblast", "bay", "ocean",
})
# Generic tails of organisation names: "Oxfam International" is Oxfam, "Sky News" is Sky.
ORG_DESIGNATORS = frozenset({
    "international", "inc", "ltd", "corp", "corporation", "plc", "llc", "co", "group", "news",
    "agency", "television", "tv", "network", "online",
})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS_ETC = re.compile(r"[aeiouyhw]")
_DUPLICATES = re.compile(r"(.)\1+")


def normalize(text: str) -> str:
    """Lower-case ASCII form of a name: accents, dots, apostrophes and a possessive removed."""
    s = unidecode(text.translate(_APOSTROPHES)).lower()
    s = re.sub(r"'s$", "", s)  # a final possessive; "King's Cross" keeps its s, as "Kings Cross"
    s = s.replace(".", "").replace("'", "")
    return _NON_ALNUM.sub(" ", s).strip()


def tokens_of(text: str) -> tuple[str, ...]:
    """The normalised tokens of a name, without a leading article ("the")."""
    toks = tuple(normalize(text).split())
    while toks and toks[0] in {"the", "a", "an"}:
        toks = toks[1:]
    return toks


def squashed(tokens: tuple[str, ...]) -> str:
    """The name with its spaces removed: "Al Jazeera" and "AlJazeera" share it."""
    return "".join(tokens)


def place_core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A place name without its designator ("Bekaa valley" -> "Bekaa")."""
    core = tokens
    while len(core) > 1 and core[-1] in PLACE_DESIGNATORS:
        core = core[:-1]
    while len(core) > 2 and core[0] in PLACE_DESIGNATORS and core[1] == "of":
        core = core[2:]
    return core


def skeleton(token: str) -> str:
    """A crude phonetic key: first letter, then the consonants without doubles.

    Written by hand because no phonetic library is installed; it serves only
    as a blocking key ("Gaddafi"/"Gadafi" -> "gdf", "Mohammed"/"Muhammad" -> "md"),
    the real test is `close_tokens`.
    """
    if not token:
        return ""
    rest = _VOWELS_ETC.sub("", token[1:])
    return _DUPLICATES.sub(r"\1", token[0] + rest)


def close_tokens(a: str, b: str) -> bool:
    """True when two tokens are spelling variants: one edit in 5+ letters, two in 9+.

    Edits are optimal-string-alignment edits (a swap of two letters is one).
    The first letter and every digit must agree, so "Iran"/"Iraq" (4 letters)
    and "Unit 1"/"Unit 2" never match.
    """
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False
    shortest = min(len(a), len(b))
    if shortest < 5 or _derived(a, b) or _derived(b, a):
        return False
    limit = 2 if shortest >= 9 else 1
    return OSA.distance(a, b, score_cutoff=limit) <= limit


# Endings that derive a word from another ("Romania"/"Romanian", "Afghan"/"Afghans"):
# such pairs are different words, not spellings of one.
DERIVING_ENDINGS = frozenset({"n", "an", "ian", "i", "s", "es", "ese", "ish", "ic", "ns", "is", "er", "ers"})


def _derived(a: str, b: str) -> bool:
    """True when `b` is `a` with a deriving ending."""
    return b.startswith(a) and b[len(a):] in DERIVING_ENDINGS


def variant_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two multi-token names differ only by one close token, or only by spacing."""
    if a == b:
        return True
    if len(a) != len(b):
        return len(a) + len(b) > 2 and squashed(a) == squashed(b)
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    return len(differing) == 1 and close_tokens(*differing[0])


def plural_variant(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two names differ only by a plural -s on their last word ("Guard"/"Guards")."""
    if len(a) != len(b) or a[:-1] != b[:-1] or not a:
        return False
    x, y = sorted((a[-1], b[-1]), key=len)
    return len(x) >= 4 and y == x + "s"


def initials_variants(tokens: tuple[str, ...], last_is_place: bool, spelled: set[str] = frozenset()) -> set[str]:
    """The acronyms a long name may be shortened to.

    Initials of the content words ("Communist Party of China": "CPC"), of
    every word ("CPOC"), and, when the name ends in "of <place>", without
    that suffix ("CP"). Words in
    `spelled` (acronyms inside the name) give all their letters: "US
    Geological Survey" is USGS.
    """
    if len(tokens) < 2:
        return set()
    content = [t for t in tokens if t not in FUNCTION_WORDS]
    out = {"".join(t[0] for t in content), "".join(t[0] for t in tokens)}
    if spelled & set(tokens):
        out.add("".join(t if t in spelled else t[0] for t in content))
    if last_is_place and len(tokens) >= 3 and tokens[-2] == "of":
        head = [t for t in tokens[:-2] if t not in FUNCTION_WORDS]
        if len(head) >= 2:
            out.add("".join(t[0] for t in head))
    return {v for v in out if len(v) >= 2}


_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$|^(?:[A-Z][a-z]?){1,3}[A-Z]$")


def looks_like_acronym(surface: str) -> bool:
    """True for "CPC", "U.N.", "NATO" (2-7 capitals, dotted or not); False for words."""
    s = surface.strip()
    return bool(_ACRONYM.match(s)) and sum(c.isupper() for c in s) >= 2


def is_initial(token: str) -> bool:
    """True for a middle initial ("W" of "George W. Bush")."""
    return len(token) == 1


# Honorifics and titles written before a person's name ("Lady Thatcher", "Sen. Kennedy").
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "senator", "rep",
    "gov", "governor", "president", "premier", "gen", "general", "col", "colonel", "capt", "captain",
    "lt", "sgt", "adm", "mayor", "judge", "justice", "rev", "reverend", "king", "queen", "prince",
    "princess", "sheikh", "pope", "rabbi", "bishop", "cardinal", "ambassador", "chancellor", "minister",
})


def without_titles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The name without leading honorifics: ("lady", "thatcher") gives ("thatcher",); at least one token stays."""
    i = 0
    while i < len(tokens) - 1 and tokens[i].rstrip(".") in HONORIFICS:
        i += 1
    return tokens[i:]

