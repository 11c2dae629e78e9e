"""Near-duplicate articles: syndicated and lightly edited copies of one text.

Each article's cleaned text becomes a set of word shingles, summarised by a
MinHash signature (datasketch); locality-sensitive hashing over bands of the
signature proposes candidate pairs without comparing all pairs, and the exact
shingle sets confirm them. A copy is marked with ``duplicate_of`` pointing at
its original (the earliest published, then the first given), so that every
later stage counts a syndicated text once.

Broder, "On the resemblance and containment of documents" (1997): resemblance
(Jaccard) finds lightly edited copies; containment finds a copy cut short or
padded with a paragraph of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsweave.model import Article

NUM_PERM = 128
# Four-word shingles: short enough that a light edit (a changed word, a new
# dateline) spoils few of them, long enough that two reports of one event in
# their own words share almost none.
SHINGLE_WORDS = 4
# LSH proposes pairs whose estimated Jaccard is about this or more; it is set
# below the confirmation thresholds so that containment cases are proposed too.
CANDIDATE_THRESHOLD = 0.3
# A pair is a copy when the shingle sets overlap this much (Jaccard) ...
RESEMBLANCE = 0.5
# ... or when the shorter text lies this much inside the longer one.
CONTAINMENT = 0.8
# Below this many shingles a text is too short to call anything a copy of it.
MIN_SHINGLES = 12

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """An article's shingle set and MinHash signature, the unit of duplicate search."""

    article: str
    shingles: frozenset[int]
    minhash: MinHash | None  # None for texts too short to compare


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """`article` is a copy of `original`, with the shingle overlap that shows it."""

    article: str
    original: str
    resemblance: float
    containment: float


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashed word shingles of the lower-cased text (64-bit ints, stable across runs)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        words = words + [""] * (size - len(words)) if words else []
    grams = {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}
    return frozenset(_hash64(g) for g in grams)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def fingerprint(article: Article) -> Fingerprint:
    """The article's shingles and MinHash (none for a text of fewer than MIN_SHINGLES shingles)."""
    grams = shingles(article.text)
    if len(grams) < MIN_SHINGLES:
        return Fingerprint(article.id, grams, None)
    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity)
    mh.update_batch(list(grams))
    return Fingerprint(article.id, grams, mh)


def _identity(value: int) -> int:
    # Shingles are already 64-bit hashes; datasketch only needs them as ints.
    return value & 0xFFFFFFFF


def band_keys(fp: Fingerprint) -> list[tuple[int, int]]:
    """(band number, band hash) pairs of the signature, for an LSH index kept outside memory.

    Uses the band layout datasketch chooses for CANDIDATE_THRESHOLD, so an
    on-disk index proposes the same candidates as `MinHashLSH` would.
    """
    if fp.minhash is None:
        return []
    out = []
    for band, (start, end) in enumerate(_band_ranges()):
        digest = hashlib.blake2b(np.asarray(fp.minhash.hashvalues[start:end]).tobytes(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def _band_ranges() -> list[tuple[int, int]]:
    return list(MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM).hashranges)


def compare(copy: Fingerprint, original: Fingerprint) -> CopyMatch | None:
    """A `CopyMatch` when `copy` resembles or is contained in `original` enough, else None."""
    a, b = copy.shingles, original.shingles
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return None
    inter = len(a & b)
    resemblance = inter / len(a | b)
    containment = inter / min(len(a), len(b))
    if resemblance >= RESEMBLANCE or containment >= CONTAINMENT:
        return CopyMatch(copy.article, original.article, resemblance, containment)
    return None


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Map each copy's id to its original's id, for copies among `articles`.

    The original of a group of copies is the earliest published article, then
    the first in the order given; chains collapse onto that one original.
    """
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or "9999", i))
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    prints: dict[str, Fingerprint] = {}
    copies: dict[str, str] = {}
    for i in order:
        fp = fingerprint(articles[i])
        if fp.minhash is None:
            continue
        match = best_match(fp, (prints[c] for c in lsh.query(fp.minhash)))
        if match is not None:
            copies[fp.article] = copies.get(match.original, match.original)
        prints[fp.article] = fp
        lsh.insert(fp.article, fp.minhash)
    return copies


def best_match(fp: Fingerprint, candidates: Iterable[Fingerprint]) -> CopyMatch | None:
    """The candidate that `fp` copies most closely (ties: the smallest id), or None."""
    matches = [m for m in (compare(fp, c) for c in candidates) if m is not None]
    if not matches:
        return None
    return max(matches, key=lambda m: (m.resemblance + m.containment, _neg(m.original)))


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def with_duplicates(articles: Sequence[Article], copies: Mapping[str, str]) -> list[Article]:
    """The articles, each copy given ``duplicate_of`` (others unchanged)."""
    return [replace(a, duplicate_of=copies[a.id]) if a.id in copies else a for a in articles]


def source_key(article: Article, original: Article | None) -> str:
    """The independent source an article counts as: its original's outlet, else the original's id."""
    root = original or article
    outlet = (root.outlet or "").strip().lower()
    return f"outlet:{outlet}" if outlet else root.id
