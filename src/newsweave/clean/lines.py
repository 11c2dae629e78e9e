"""Lines of a page: splitting, folding for comparison, and the shapes of prose and headlines."""

from __future__ import annotations

import re

SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
END_PUNCT = tuple('.!?…"”’)]')


def split_lines(text: str) -> list[str]:
    """The non-blank lines, inner runs of spaces collapsed, ends stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    out = []
    for raw in text.split("\n"):
        line = SPACES.sub(" ", raw).strip()
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
    return (n >= 8 and line.endswith(END_PUNCT) and not line.endswith("...")) or n >= 30


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
