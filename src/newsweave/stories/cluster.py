"""Story clustering: online, incremental grouping of articles into stories.

Each article is described by three signals (`Features`): the MiniLM embedding
of its title and lead, its salient named entities, and its publication day
(with TF-IDF over hashed words, and the marks the learned scorer reads: every
entity, number and year the text names).
A story keeps running sums of the same (`StoryState`): a centroid, entity
counts, and a date window that moves as articles join. An article joins the
story it scores best against when the score clears `ClusteringSettings.join`; otherwise it
starts a story of its own, so small stories are never forced into big ones.

This is single-pass clustering with centroids (Allan et al., "Topic detection
and tracking pilot study", 1998), the classic method for a news stream, with
three additions:

- *order independence*: a batch is processed in a canonical order (day, then
  a hash of the content), then every new article is reassigned to its best
  story once more, so the result does not depend on the order inputs came in;
- *drift*: a story also remembers the centroid of its first articles; an
  article that resembles the current centroid but no longer the story's core
  splits off into a story of its own;
- *stability*: articles already placed (in the store) stay where they are;
  only new articles move, and stories keep their ids (except in a split);
- *splits*: after a batch, a story it touched splits when its articles fall
  into two groups by their names, numbers and years (`stories.split`: two
  events of one kind share their words, not these), and each part again by the learned
  "same event?" probability of its articles (the lead's events among its evidence:
  `stories.events`); the larger part keeps the id;
- *recall*: then two stories that tell one story merge when they share rare words
  (TF-IDF centroid cosine) and a learned story-pair model says so (`stories.merge`:
  their cosines, rare names and figures, main years, sizes), the older story keeping its id.

Comparisons are against story centroids in one matrix product: the number of
stories is small next to the number of articles, so this is the blocking.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np

from spacy.lang.en.stop_words import STOP_WORDS

from newsweave.model import ClusteringSettings
from newsweave.nlp import EMBEDDING_DIM, Models, ParsedArticle
from newsweave.stories.merge import candidate_pairs, merge_features
from newsweave.stories.pairs import MARK_KINDS, PairScorer, pair_features
from newsweave.stories.events import event_marks
from newsweave.stories.split import event_similarities, split_groups, split_parts

_TERM = re.compile(r"[^\W\d_]{3,}")

SALIENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
LEAD_WORDS = 80
# Hashed word space of the lexical signal (Weinberger et al., "Feature hashing", 2009):
# a fixed size keeps a story's term sums one small array however many words arrive.
TERM_DIM = 1 << 12
TERM_WORDS = 400  # words of the body read for the lexical signal
MAX_ENTITIES = 8
CORE_SIZE = 5
CANDIDATES = 10  # stories, nearest by cosine, that the pair scorer looks at
MIN_WORDS = 25  # fewer words than this (a comment prompt, an empty page) never join or gather a story


@dataclass(frozen=True, slots=True)
class Features:
    """What clustering reads of one article."""

    article: str
    vector: np.ndarray  # unit vector of title and lead
    entities: tuple[str, ...]  # salient entities, normalised, most frequent first
    day: int | None  # publication day as a proleptic ordinal
    key: str  # canonical order: day, then content hash
    terms: np.ndarray | None = None  # unit TF-IDF vector in the hashed word space (None: no lexical signal)
    substantial: bool = True  # False for a text too short to say what story it tells (stands alone)
    # Who, where and which: every salient entity ("e:"), number ("n:") and year ("y:") the text
    # names (`article_marks`); two like events differ in these more than in their words. Beside
    # them, the lead's main predicates ("v:") and their arguments ("a:", `stories.events`), which
    # only the event split reads.
    marks: tuple[str, ...] = ()

    @property
    def date(self) -> str | None:
        """The publication day as YYYY-MM-DD."""
        return dt.date.fromordinal(self.day).isoformat() if self.day else None


@dataclass(slots=True)
class StoryState:
    """The running sums of one story: enough to score an article against it."""

    id: str
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(EMBEDDING_DIM, dtype=np.float64))
    term_sum: np.ndarray = field(default_factory=lambda: np.zeros(TERM_DIM, dtype=np.float32))
    core_sum: np.ndarray = field(default_factory=lambda: np.zeros(EMBEDDING_DIM, dtype=np.float64))
    size: int = 0
    entity_counts: Counter = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    core: list[str] = field(default_factory=list)  # ids of the first CORE_SIZE articles
    members: list[str] = field(default_factory=list)  # ids added in this run (not loaded ones)
    mark_counts: Counter = field(default_factory=Counter)  # articles holding each mark

    def add(self, f: Features) -> None:
        """Add an article's features to the sums."""
        self.mark_counts.update(f.marks)
        self.vector_sum += f.vector
        if f.terms is not None:
            self.term_sum += f.terms
        if len(self.core) < CORE_SIZE:
            self.core_sum += f.vector
            self.core.append(f.article)
        self.size += 1
        self.entity_counts.update(f.entities)
        if f.day is not None:
            self.first_day = f.day if self.first_day is None else min(self.first_day, f.day)
            self.last_day = f.day if self.last_day is None else max(self.last_day, f.day)
        self.members.append(f.article)

    def remove(self, f: Features) -> None:
        """Take an article added in this run back out (the date window keeps its reach)."""
        self.vector_sum -= f.vector
        if f.terms is not None:
            self.term_sum -= f.terms
        if f.article in self.core:
            self.core_sum -= f.vector
            self.core.remove(f.article)
        self.size -= 1
        self.entity_counts.subtract(f.entities)
        self.entity_counts = +self.entity_counts
        self.mark_counts.subtract(f.marks)
        self.mark_counts = +self.mark_counts
        self.members.remove(f.article)

    def top_entities(self, n: int = MAX_ENTITIES) -> list[str]:
        """The story's most frequent salient entities (ties in name order)."""
        return [e for e, _ in sorted(self.entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def article_features(parsed: Sequence[ParsedArticle], models: Models,
                     df: np.ndarray | None = None, docs: int = 0) -> list[Features]:
    """Features of every article; the embeddings are computed in one batched call.

    Word weights use the document frequencies `df` over `docs` earlier documents
    plus this batch (a store passes its running counts; a single run passes none).
    """
    vectors = models.embedder.encode([lead_text(p) for p in parsed])
    counts = [term_counts(p.article.text) for p in parsed]
    batch_df = document_frequencies(counts)
    total_df = batch_df if df is None else df + batch_df
    terms = tfidf_vectors(counts, total_df, docs + len(parsed))
    out = []
    for i, p in enumerate(parsed):
        substantial = len(p.article.text.split()) >= MIN_WORDS
        # A text too short to tell its story gets zero vectors: nothing can join it.
        vector = vectors[i].astype(np.float32) if substantial else np.zeros(EMBEDDING_DIM, dtype=np.float32)
        term = terms[i] if substantial else np.zeros(TERM_DIM, dtype=np.float32)
        marks = (tuple(sorted(set(article_marks(p.article.text, ((e.text, e.label_) for e in p.doc.ents)))
                              | set(event_marks(p.doc)))) if substantial else ())
        out.append(Features(p.article.id, vector, salient_entities(p), _day(p.article.published), _key(p),
                            term, substantial, marks))
    return out


_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?:st|nd|rd|th)?(?![\w])|(?<![\w.,])\d(?:st|nd|rd|th)(?![\w])")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
MARK_CHARS = 4000  # characters of the text read for numbers and years


def article_marks(text: str, entities: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The distinct salient entities, numbers and years an article names, as prefixed keys, sorted.

    Entities ("e:name") are those of `SALIENT_LABELS`, normalised; numbers
    ("n:81st", "n:8.8") have at least two digits or an ordinal suffix (a lone
    digit says little), with thousands separators dropped; a four-digit number
    from 1800 to 2099 is a year ("y:2013"). These are what tell two events of one
    kind apart (which host, which magnitude, which year) in any kind of text.
    """
    out = set()
    for name, label in entities:
        if label in SALIENT_LABELS:
            key = normalise_entity(name)
            if key:
                out.add("e:" + key)
    for m in _NUMBER.findall(text[:MARK_CHARS].lower()):
        out.add("y:" + m if _YEAR.match(m) else "n:" + m.replace(",", ""))
    return tuple(sorted(out))


def story_marks(marks: Sequence[str]) -> tuple[str, ...]:
    """The marks of names, numbers and years ("e:", "n:", "y:"), without the lead's events ("v:", "a:")."""
    return tuple(m for m in marks if m[:2] in MARK_KINDS)


def term_counts(text: str, words: int = TERM_WORDS) -> dict[int, float]:
    """Sublinear counts of the content words of the text's start, by hashed word bucket."""
    counts: Counter = Counter()
    for w in _TERM.findall(text.lower())[:words]:
        if w not in STOP_WORDS:
            counts[_bucket(w)] += 1
    return {b: 1.0 + np.log(c) for b, c in counts.items()}


def _bucket(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest(), "little") % TERM_DIM


def tfidf_vectors(counts: Sequence[dict[int, float]], df: np.ndarray, docs: int) -> list[np.ndarray]:
    """Unit TF-IDF vectors from term counts, with document frequencies `df` over `docs` documents."""
    idf = np.log((docs + 1) / (df + 1)) + 1.0
    out = []
    for c in counts:
        v = np.zeros(TERM_DIM, dtype=np.float32)
        if c:
            keys = np.fromiter(c.keys(), dtype=np.int64)
            v[keys] = np.fromiter(c.values(), dtype=np.float32) * idf[keys]
            v /= max(float(np.linalg.norm(v)), 1e-9)
        out.append(v)
    return out


def document_frequencies(counts: Iterable[dict[int, float]]) -> np.ndarray:
    """How many of the documents hold each hashed word bucket."""
    df = np.zeros(TERM_DIM, dtype=np.int64)
    for c in counts:
        df[np.fromiter(c.keys(), dtype=np.int64)] += 1
    return df


def lead_text(p: ParsedArticle, words: int = LEAD_WORDS) -> str:
    """The article's title and its first sentences, up to about `words` words."""
    parts: list[str] = []
    title = (p.article.title or "").strip()
    if title:
        parts.append(title)
    count = len(title.split())
    for s in p.sentences:
        if count >= words:
            break
        if s.is_headline and title and s.text.strip().lower() == title.lower():
            continue
        parts.append(s.text)
        count += len(s.text.split())
    if not parts:
        parts.append(" ".join(p.article.text.split()[:words]))
    return " ".join(parts)


def salient_entities(p: ParsedArticle, n: int = MAX_ENTITIES) -> tuple[str, ...]:
    """The article's most mentioned named entities (lead mentions count double), normalised."""
    lead_end = _lead_end(p)
    return salient_of(((e.text, e.label_, e.start_char < lead_end) for e in p.doc.ents), n)


def salient_of(mentions: Iterable[tuple[str, str, bool]], n: int = MAX_ENTITIES) -> tuple[str, ...]:
    """The most mentioned salient entities of (text, label, in the lead) mentions, lead ones counting double."""
    counts: Counter = Counter()
    for text, label, in_lead in mentions:
        if label not in SALIENT_LABELS:
            continue
        key = normalise_entity(text)
        if key:
            counts[key] += 2 if in_lead else 1
    return tuple(e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _lead_end(p: ParsedArticle) -> int:
    ends = [s.end for s in p.sentences[:3]]
    return ends[-1] if ends else 0


def normalise_entity(text: str) -> str:
    """Lower case, no leading article, no possessive, single spaces."""
    words = text.lower().replace("\u2019", "'").split()
    if words and words[0] == "the":
        words = words[1:]
    key = " ".join(words)
    if key.endswith("'s"):
        key = key[:-2]
    return key.strip(" .,'\"-")


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _key(p: ParsedArticle) -> str:
    day = _day(p.article.published) or 0
    digest = hashlib.sha1(p.article.text.encode("utf-8")).hexdigest()
    return f"{day:07d}|{digest}|{p.article.id}"


def score_matrix(f: Features, stories: Sequence[StoryState], params: ClusteringSettings) -> np.ndarray:
    """The score of one article against every story: centroid cosine, entity bonus, lateness penalty."""
    index = _Index()
    for s in stories:
        index.append(s)
    return index.scores(f, stories, params)


class _Index:
    """Story sums stacked in matrices, updated in place, so one article is scored in two products.

    Each row's norm is kept beside it (computed when the row changes, as the
    whole matrix's would be: the same bits), so scoring an article does not
    read every story's 4,096 term weights twice.
    """

    def __init__(self) -> None:
        self._vectors = np.zeros((16, EMBEDDING_DIM), dtype=np.float32)
        self._terms = np.zeros((16, TERM_DIM), dtype=np.float32)
        self._norms = np.zeros((16, 2), dtype=np.float32)  # per row: lead-vector sum, term sum
        self._n = 0

    def append(self, s: StoryState) -> None:
        if self._n == len(self._vectors):
            self._vectors = np.concatenate([self._vectors, np.zeros_like(self._vectors)])
            self._terms = np.concatenate([self._terms, np.zeros_like(self._terms)])
            self._norms = np.concatenate([self._norms, np.zeros_like(self._norms)])
        self.update(self._n, s)
        self._n += 1

    def update(self, row: int, s: StoryState) -> None:
        self._vectors[row] = s.vector_sum
        self._terms[row] = s.term_sum
        self._norms[row, 0] = np.linalg.norm(self._vectors[row : row + 1], axis=1)[0]
        self._norms[row, 1] = np.linalg.norm(self._terms[row : row + 1], axis=1)[0]

    def cosines(self, f: Features) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of the article's lead embedding and of its TF-IDF vector to every story's sums."""
        vectors = self._vectors[: self._n]
        cos = vectors @ f.vector / np.clip(self._norms[: self._n, 0], 1e-9, None)
        if f.terms is None:
            return cos, np.zeros_like(cos)
        terms = self._terms[: self._n]
        return cos, terms @ f.terms / np.clip(self._norms[: self._n, 1], 1e-9, None)

    def scores(self, f: Features, stories: Sequence[StoryState], params: ClusteringSettings) -> np.ndarray:
        """Scores against every story; entity bonus and penalty only where the cosine makes them matter."""
        if not self._n:
            return np.zeros(0)
        score, lexical = self.cosines(f)
        if params.lexical_weight and f.terms is not None:
            score = (1 - params.lexical_weight) * score + params.lexical_weight * lexical
        reachable = score >= params.join - params.entity_weight * params.entity_cap
        for i in np.nonzero(reachable)[0]:
            score[i] += _entity_bonus(f, stories[i], params) - _late_penalty(f, stories[i], params)
        return score


def _entity_bonus(f: Features, s: StoryState, params: ClusteringSettings) -> float:
    shared = sum(1 for e in f.entities if s.entity_counts.get(e, 0) > 0)
    return params.entity_weight * min(shared, params.entity_cap)


def _late_penalty(f: Features, s: StoryState, params: ClusteringSettings) -> float:
    if f.day is None or s.first_day is None or s.last_day is None:
        return 0.0
    gap = max(0, s.first_day - f.day, f.day - s.last_day) - params.window_days
    return min(params.max_penalty, params.late_penalty * gap) if gap > 0 else 0.0


def _window_penalty(a: StoryState, b: StoryState, params: ClusteringSettings) -> float:
    """The lateness penalty between two stories' date windows (0 when they overlap or lack dates)."""
    if None in (a.first_day, a.last_day, b.first_day, b.last_day):
        return 0.0
    gap = max(0, a.first_day - b.last_day, b.first_day - a.last_day) - params.window_days
    return min(params.max_penalty, params.late_penalty * gap) if gap > 0 else 0.0


def _core_cos(f: Features, s: StoryState) -> float:
    norm = float(np.linalg.norm(s.core_sum))
    return float(s.core_sum @ f.vector / norm) if norm > 1e-9 else 1.0


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where each new article went, and which stories were touched or created."""

    story_of: dict[str, str]
    touched: tuple[str, ...]
    created: tuple[str, ...]
    merged: dict[str, str]  # story id -> the story it was merged into
    moved: dict[str, str] = field(default_factory=dict)  # article placed before -> its story after a split


class Clusterer:
    """Online story clustering over a list of `StoryState`s (loaded from a store or empty)."""

    def __init__(self, stories: Iterable[StoryState], new_id: Callable[[], str],
                 params: ClusteringSettings = ClusteringSettings(), scorer: PairScorer | None = None,
                 stored: Callable[[str], list[Features]] | None = None, merger: PairScorer | None = None,
                 splitter: PairScorer | None = None):
        """`scorer`: a learned "same story?" model deciding joins (None: the thresholds of `params`).

        `merger`: the learned story-pair model of the recall pass (`stories.merge`; None: no such pass).

        `splitter`: the learned "same event?" model of two articles (`stories.split.event_similarities`)
        that cuts a story's parts again by the events their leads report (None: the marks' cut alone).

        `stored`: the features of a loaded story's articles placed before (a store's), which the
        split pass reads; without it a loaded story is never split.
        """
        self.stories: list[StoryState] = list(stories)
        self._stored = stored
        self._new_id = new_id
        self.params = params
        self.scorer = scorer
        self.merger = merger
        self.splitter = splitter
        # Articles holding each entity, over every story: the rarity of an entity (the loaded
        # stories' entity counts are per article, so their sum is the document frequency).
        self._entity_df: Counter = Counter()
        self._mark_df: Counter = Counter()
        for s in self.stories:
            self._entity_df.update(s.entity_counts)
            self._mark_df.update(s.mark_counts)
        self._articles = sum(s.size for s in self.stories)
        self._rebuild()

    def _rebuild(self) -> None:
        self._index = _Index()
        for s in self.stories:
            self._index.append(s)

    def add(self, batch: Sequence[Features]) -> Assignment:
        """Place a batch of new articles: one pass in canonical order, then one reassignment pass."""
        before = {s.id for s in self.stories}
        ordered = sorted(batch, key=lambda f: f.key)
        where: dict[str, StoryState] = {}
        for f in ordered:
            where[f.article] = self._place(f)
        for f in ordered:
            where[f.article].remove(f)
            self._count(f, -1)
            self._index.update(self.stories.index(where[f.article]), where[f.article])
            where[f.article] = self._place(f)
        self.stories = [s for s in self.stories if s.size > 0]
        self._rebuild()
        # The learned scorer decides every join itself; the centroid-cosine merge is the hand-set
        # path's repair for stories split early, and it merges like events of one kind.
        merged = {} if self.scorer is not None else self._merge_touched({s.id for s in where.values()}, before)
        self._rebuild()
        story_of = {a: merged.get(s.id, s.id) for a, s in where.items()}
        split_ids = set(story_of.values()) | (set(merged.values()) & {s.id for s in self.stories})
        moved = self._split_touched(split_ids, batch, story_of)
        recall = self.merge_recall(set(story_of.values()) | set(moved.values()), before)
        if recall:
            merged = {k: recall.get(v, v) for k, v in merged.items()}
            merged.update(recall)
            story_of = {a: recall.get(s, s) for a, s in story_of.items()}
            moved = {a: recall.get(s, s) for a, s in moved.items()}
            split_ids -= set(recall)
        self._rebuild()
        alive = {s.id for s in self.stories}
        touched = tuple(sorted(split_ids | set(story_of.values()) | set(moved.values())))
        created = tuple(sorted(alive - before))
        return Assignment(story_of, touched, created, merged, moved)

    def merge_recall(self, touched: set[str], before: set[str]) -> dict[str, str]:
        """The recall pass (`stories.merge`): merge touched stories with a near story that tells the same one.

        Rounds: every touched story is paired with its nearest stories; pairs whose TF-IDF
        centroids' cosine reaches `params.merge_lexical` (stories that share rare words) and whose
        probability reaches `params.merge_probability` merge, most probable first,
        each story once a round (a story that existed before the batch keeps its id);
        the merged stories are paired again until no pair is left. Returns gone id -> kept id.
        """
        if self.merger is None or self.params.merge_probability <= 0:
            return {}
        merged: dict[str, str] = {}
        pending = set(touched)
        while pending:
            self.stories = [s for s in self.stories if s.size > 0]
            at = {s.id: i for i, s in enumerate(self.stories)}
            among = {at[sid] for sid in pending if sid in at}
            pairs = [pair for pair in candidate_pairs(self.stories, among, lexical_weight=self.params.lexical_weight)
                     if pair[3] >= self.params.merge_lexical]
            if not pairs:
                break
            x = np.stack([merge_features(self.stories[i], self.stories[j], cos, lex, self._mark_df, self._articles)
                          for i, j, cos, lex in pairs])
            p = self.merger.probabilities(x)
            used: set[int] = set()
            pending = set()
            for n in np.argsort(-p, kind="stable"):
                i, j = pairs[n][:2]
                if p[n] < self.params.merge_probability:
                    break
                if i in used or j in used:
                    continue
                used.update((i, j))
                keep, gone = _older(self.stories[i], self.stories[j], before)
                _absorb(keep, gone)
                gone.size = 0
                merged = {k: (keep.id if v == gone.id else v) for k, v in merged.items()}
                merged[gone.id] = keep.id
                pending.add(keep.id)
        self.stories = [s for s in self.stories if s.size > 0]
        return merged

    def _split_touched(self, touched: set[str], batch: Sequence[Features], story_of: dict[str, str]) -> dict[str, str]:
        """Split each touched story whose articles fall into groups by their marks (`stories.split`).

        The part with the most articles (then the one holding the first by canonical order)
        keeps the story's id, each other part is a new story. `story_of` is updated in place
        for this batch's articles; returns the new story of each article placed before that moved.
        """
        if self.params.split <= 0 and not self._event_split():
            return {}
        new = {f.article: f for f in batch}
        moved: dict[str, str] = {}
        position = {s.id: i for i, s in enumerate(self.stories)}  # parts split off are appended after
        for sid in sorted(touched):
            at = position.get(sid)
            if at is None or self.stories[at].size < 2 * self.params.split_side:
                continue
            story = self.stories[at]
            members = self._member_features(story, new)
            if members is None:
                continue
            parts = self._parts(members)
            if len(parts) < 2:
                continue
            parts.sort(key=lambda part: (-len(part), min(part)))
            for n, part in enumerate(parts):
                state = StoryState(sid if n == 0 else self._new_id())
                for i in part:
                    state.add(members[i])
                if n == 0:
                    self.stories[at] = state
                else:
                    self.stories.append(state)
                for i in part:
                    a = members[i].article
                    if a in new:
                        story_of[a] = state.id
                    elif n:
                        moved[a] = state.id
        return moved

    def _event_split(self) -> bool:
        return self.splitter is not None and self.params.split_event > 0

    def _parts(self, members: Sequence[Features]) -> list[list[int]]:
        """Indices of a story's articles grouped into parts: the marks' cut, then each part cut by its events.

        The second cut reads the learned "same event?" probability of every two
        articles (`split.event_similarities`) and cuts while the best cut's share is
        below `params.split_event`, with the same least side.
        """
        side = self.params.split_side
        parts = split_groups([story_marks(f.marks) for f in members], self._mark_df, self._articles,
                             self.params.split, side, self.params.split_year_conflict)
        if not self._event_split():
            return parts
        out = []
        for part in parts:
            if len(part) < 2 * side:
                out.append(part)
                continue
            similarity = event_similarities([members[i] for i in part], self._mark_df, self._articles, self.splitter)
            out.extend([part[i] for i in sub] for sub in split_parts(similarity, self.params.split_event, side))
        return sorted(out, key=min)

    def _member_features(self, story: StoryState, new: dict[str, Features]) -> list[Features] | None:
        """Features of all the story's articles in canonical order (None when some are unknown)."""
        members = [new[a] for a in story.members if a in new]
        if len(members) < story.size:
            if self._stored is None:
                return None
            members += [f for f in self._stored(story.id) if f.article not in new]
        if len(members) != story.size:
            return None
        return sorted(members, key=lambda f: f.key)

    def _count(self, f: Features, sign: int) -> None:
        self._articles += sign
        for e in f.entities:
            self._entity_df[e] += sign
        for m in f.marks:
            self._mark_df[m] += sign

    def _place(self, f: Features) -> StoryState:
        chosen = self._choose(f)
        self._count(f, 1)
        if chosen is not None:
            self.stories[chosen].add(f)
            self._index.update(chosen, self.stories[chosen])
            return self.stories[chosen]
        story = StoryState(self._new_id())
        story.add(f)
        self.stories.append(story)
        self._index.append(story)
        return story

    def _choose(self, f: Features) -> int | None:
        """The index of the story the article joins, or None for a story of its own."""
        if not f.substantial or not self.stories:
            return None
        if self.scorer is not None:
            return self._choose_learned(f)
        scores = self._index.scores(f, self.stories, self.params)
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] < self.params.join:
                break
            if _core_cos(f, self.stories[i]) >= self.params.drift:
                return int(i)
        return None

    def _choose_learned(self, f: Features) -> int | None:
        """The most probable story by the pair scorer, when its probability reaches 0.5."""
        cos, lexical = self._index.cosines(f)
        blend = (1 - self.params.lexical_weight) * cos + self.params.lexical_weight * lexical
        candidates = np.argsort(-blend, kind="stable")[:CANDIDATES]
        x = pair_features(f, [self.stories[i] for i in candidates], cos[candidates], lexical[candidates],
                          self._entity_df, self._articles, self._mark_df)
        p = self.scorer.probabilities(x)
        best = int(np.argmax(p))
        return int(candidates[best]) if p[best] >= 0.5 else None

    def _merge_touched(self, touched: set[str], before: set[str]) -> dict[str, str]:
        """Merge each touched story into an older one whose centroid is nearly the same."""
        merged: dict[str, str] = {}
        changed = True
        while changed:
            changed = False
            by_id = {s.id: s for s in self.stories}
            for sid in sorted(touched & set(by_id)):
                s = by_id[sid]
                others = [o for o in self.stories if o.id != sid]
                if not others:
                    continue
                sums = np.stack([o.vector_sum for o in others])
                cos = sums @ s.vector_sum / (np.linalg.norm(sums, axis=1) * np.linalg.norm(s.vector_sum) + 1e-9)
                cos -= np.array([_window_penalty(s, o, self.params) for o in others])
                j = int(np.argmax(cos))
                if cos[j] < self.params.merge:
                    continue
                keep, gone = _older(others[j], s, before)
                _absorb(keep, gone)
                self.stories = [o for o in self.stories if o.id != gone.id]
                merged = {k: (keep.id if v == gone.id else v) for k, v in merged.items()}
                merged[gone.id] = keep.id
                touched.add(keep.id)
                changed = True
                break
        return merged


def _older(a: StoryState, b: StoryState, before: set[str]) -> tuple[StoryState, StoryState]:
    """(kept, absorbed): a story that existed before the batch wins, then the larger, then the smaller id."""
    rank = lambda s: (s.id not in before, -s.size, s.id)  # noqa: E731
    return (a, b) if rank(a) <= rank(b) else (b, a)


def _absorb(keep: StoryState, gone: StoryState) -> None:
    keep.vector_sum += gone.vector_sum
    keep.term_sum += gone.term_sum
    keep.size += gone.size
    keep.entity_counts.update(gone.entity_counts)
    keep.mark_counts.update(gone.mark_counts)
    days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d is not None]
    keep.first_day, keep.last_day = (min(days), max(days)) if days else (None, None)
    keep.members.extend(gone.members)


def cluster(features: Sequence[Features], params: ClusteringSettings = ClusteringSettings(),
            scorer: PairScorer | None = None, merger: PairScorer | None = None,
            splitter: PairScorer | None = None) -> list[list[str]]:
    """Article ids grouped into stories, for one batch from scratch (deterministic, order-independent).

    `merger`: the recall pass's story-pair model (`stories.merge`); None: no recall pass.
    `splitter`: the split pass's "same event?" model (`stories.split`); None: the marks' cut alone.
    """
    counter = iter(range(1, 1_000_000_000))
    clusterer = Clusterer([], lambda: f"t{next(counter)}", params, scorer, merger=merger, splitter=splitter)
    result = clusterer.add(features)
    groups: dict[str, list[str]] = {}
    for f in features:
        groups.setdefault(result.story_of[f.article], []).append(f.article)
    return list(groups.values())
