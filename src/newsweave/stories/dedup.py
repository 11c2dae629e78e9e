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

import functools
import hashlib
import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Protocol, Sequence

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


@functools.cache
def _band_ranges() -> tuple[tuple[int, int], ...]:
    # A constant of the two settings above; datasketch takes ~30 ms to choose it.
    return tuple(MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM).hashranges)


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


class StoredCopies(Protocol):
    """Articles seen before this batch (the store's), for copy search against them."""

    def candidates(self, keys: Sequence[tuple[int, int]], exclude: str) -> list[Fingerprint]:
        """Fingerprints of the stored articles that share a band key with `keys` (not `exclude`)."""

    def original_of(self, article_id: str) -> str:
        """The original of a stored article (itself unless it is a copy)."""


@dataclass(frozen=True, slots=True)
class CopySearch:
    """Copies found in a batch (copy id -> original id) and each article's LSH band keys."""

    copies: dict[str, str]
    bands: dict[str, list[tuple[int, int]]]


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Map each copy's id to its original's id, for copies among `articles` (see `search_copies`)."""
    return search_copies(articles).copies


def search_copies(articles: Sequence[Article], stored: StoredCopies | None = None) -> CopySearch:
    """The copies among `articles`, and of articles stored before them, with each article's band keys.

    The original of a group of copies is the earliest published article, then
    the first in the order given (a stored article comes before the batch);
    chains collapse onto that one original. Candidates are the articles that
    share an LSH band (`band_keys`, the layout `MinHashLSH` uses), confirmed
    by `compare`.
    """
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or "9999", i))
    prints: dict[str, Fingerprint] = {}
    by_band: dict[tuple[int, int], list[str]] = {}
    copies: dict[str, str] = {}
    bands: dict[str, list[tuple[int, int]]] = {}
    for i in order:
        fp = fingerprint(articles[i])
        keys = band_keys(fp)
        bands[fp.article] = keys
        if not keys:
            continue
        in_batch = {c for key in keys for c in by_band.get(key, ())}
        earlier = stored.candidates(keys, exclude=fp.article) if stored is not None else []
        match = best_match(fp, [*earlier, *(prints[c] for c in sorted(in_batch))])
        if match is not None:
            original = copies.get(match.original)
            if original is None:
                original = stored.original_of(match.original) if stored is not None else match.original
            copies[fp.article] = original
        prints[fp.article] = fp
        for key in keys:
            by_band.setdefault(key, []).append(fp.article)
    return CopySearch(copies, bands)


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
