"""The stance classifier: shipped weights load offline, features read real sentences right, labels make sense.

Sentences are real news sentences (FNC-1 / Emergent style headlines and body
sentences, and lines of the reference samples), cut into the test.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.claims import stance as st


def test_shipped_weights_load_offline_and_match_the_feature_list():
    model = st.load_stance_model()
    assert model.labels == st.STANCES
    assert model.features == st.MODEL_FEATURES == st.FEATURES + st.CUE_FEATURES
    assert model.version == st.VERSION
    assert model.mean.shape == model.scale.shape == (len(st.MODEL_FEATURES),)
    assert model.layers[0][0].shape[0] == len(st.MODEL_FEATURES)
    assert model.layers[-1][0].shape[1] == len(st.STANCES)
    assert model.idf.shape == (st.HASH_BUCKETS,) and np.all(model.idf > 0)
    assert model.cues is not None and model.cues.shape == (st.CUE_BUCKETS, len(st.CUE_CLASSES))
    assert np.allclose(model.cues.sum(axis=1), 0.0, atol=1e-2)  # centred over the three stances
    probs = st.predict_probabilities(model, np.zeros((2, len(st.MODEL_FEATURES)), dtype=np.float32))
    assert probs.shape == (2, 4) and np.allclose(probs.sum(axis=1), 1.0)


def test_the_card_records_data_split_seed_figures_and_features():
    card = st.stance_card()
    assert card["version"] == st.VERSION
    assert card["features"] == list(st.MODEL_FEATURES)
    assert "train_train" in card["data"]["fnc1"]["rows"]
    assert card["framing"]["buckets"] == st.CUE_BUCKETS
    assert isinstance(card["seed"], int)
    figures = card["figures"]["fnc1_train_test"]
    assert 0.0 < figures["relative_score"] <= 1.0 and 0.0 < figures["macro_f1"] <= 1.0


def test_framing_items_mark_what_the_sentence_adds_to_the_claim():
    claim = frozenset(st.tokens_of("Apple is buying Path"))
    plain = st.cue_items(claim, "Apple is buying Path")
    framed = st.cue_items(claim, "Apple in late stages to buy Path, report says")
    question = st.cue_items(claim, "Is Apple buying Path?")
    assert len(set(framed) - set(plain)) >= 8  # its words, bigrams and the words the claim lacks
    assert set(question) - set(st.cue_items(claim, "Is Apple buying Path"))  # the question mark
    assert st.cue_items(claim, "") == ()
    assert st.cue_values((), None).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("claim, plain, framed", [
    # After Emergent claims: the same statement told as fact and as a report or a rumour.
    ("ISIS leader Abu Bakr al-Baghdadi was killed by a U.S. airstrike",
     "ISIS leader Abu Bakr al-Baghdadi killed by U.S. airstrike",
     "ISIS leader Abu Bakr al-Baghdadi reportedly killed by U.S. airstrike, unconfirmed reports say"),
    ("Apple is buying Path", "Apple buys Path", "Apple in talks to buy Path, report claims"),
])
def test_the_learned_framing_reads_a_reported_rumour_as_discussing(claim, plain, framed):
    model = st.load_stance_model()
    tokens = frozenset(st.tokens_of(claim))
    discusses = st.CUE_CLASSES.index("discusses")
    as_fact = st.cue_values(st.cue_items(tokens, plain), model.cues)
    as_report = st.cue_values(st.cue_items(tokens, framed), model.cues)
    assert as_report[discusses] > as_fact[discusses]


def test_the_learned_framing_reads_a_hoax_as_refuting():
    model = st.load_stance_model()
    tokens = frozenset(st.tokens_of("A Florida woman got a third breast"))
    refutes = st.CUE_CLASSES.index("refutes")
    hoax = st.cue_values(st.cue_items(tokens, "Three-breasted woman is a hoax, fake implant revealed"), model.cues)
    fact = st.cue_values(st.cue_items(tokens, "Florida woman gets third breast implant"), model.cues)
    assert hoax[refutes] > fact[refutes] and hoax[refutes] > 0


def test_negation_is_found_in_contractions_and_plain_not():
    assert st.cues_of("Apple didn't confirm the report.").negation == 1
    assert st.cues_of("The 18-year-old was not among the passengers, police said.").negation == 1
    assert st.cues_of("Police confirmed the boy was among the passengers.").negation == 0


def test_refuting_cues_count_denials_and_hoaxes():
    cues = st.cues_of("The company denied the story, calling the viral photo a hoax.")
    assert cues.refuting == 2
    assert st.cues_of("The company said the photo was taken on Tuesday.").refuting == 0


def test_hedges_mark_unconfirmed_reports():
    assert st.cues_of("ISIS reportedly beheaded a Croatian hostage, according to unconfirmed reports.").hedge >= 3
    assert st.cues_of("Islamic State beheaded a Croatian hostage.").hedge == 0


def test_numbers_and_names_are_read_from_the_text():
    cues = st.cues_of("Tesla sold 50,000 cars in 2015, chief executive Elon Musk said.")
    assert cues.numbers == {"50000", "2015"}
    assert {"elon", "musk"} <= cues.names
    assert "tesla" not in cues.names  # the sentence's first word is not taken as a name


def _features(claim: str, body: list[str], vectors: np.ndarray | None = None) -> dict[str, float]:
    if vectors is None:  # the lexical features do not depend on the vectors
        vectors = np.eye(len(body) + 1, 8, dtype=np.float32)
    model = st.load_stance_model()
    row, _ = st.pair_features(st.cues_of(claim), vectors[0], [st.cues_of(s) for s in body], vectors[1:], model.idf)
    return dict(zip(st.FEATURES, row.tolist()))


def test_number_overlap_tells_a_matching_figure_from_a_different_one():
    claim = "Apple will sell 19 million Apple Watches in 2015"
    same = _features(claim, ["BMO forecasts 19 million Apple Watch sales in 2015."])
    other = _features(claim, ["Analysts expect Apple to sell 8 million watches in 2016."])
    assert same["claim_has_numbers"] == 1.0
    assert same["numbers_in_body"] == 1.0 and same["numbers_missing"] == 0.0
    assert other["numbers_in_body"] == 0.0 and other["numbers_missing"] == 1.0


def test_refuting_and_negation_cues_of_the_body_reach_the_features():
    claim = "A Croatian hostage was beheaded by Islamic State"
    body = ["Croatian officials said there was no evidence the hostage had been killed.",
            "The video circulating online is a hoax, the foreign ministry said."]
    f = _features(claim, body)
    assert f["body_refuting"] == 0.5 and f["body_negation"] == 0.5
    assert f["claim_negation"] == 0.0
    assert f["antonym_body"] == 0.0


def test_antonyms_of_claim_words_are_noticed():
    f = _features("The missing pilot was found alive", ["Rescuers said the pilot was dead when they reached him."])
    assert f["antonym_body"] == 1.0


def test_tfidf_cosine_of_a_text_with_itself_is_one():
    idf = st.load_stance_model().idf
    v = st.tfidf_vector(st.tokens_of("meteorite crashed near Managua airport"), idf)
    assert st.sparse_cosine(v, v) == pytest.approx(1.0, abs=1e-6)
    w = st.tfidf_vector(st.tokens_of("spider living under his skin"), idf)
    assert st.sparse_cosine(v, w) == 0.0


CLAIM = "Islamic State militants beheaded a Croatian hostage"


@pytest.mark.parametrize("headline, expected", [
    ("ISIS beheads Croatian hostage Tomislav Salopek in new video.", "supports"),
    ("Croatian government says hostage video is fake and the man is alive.", "refutes"),
    ("Croatian hostage reportedly beheaded by ISIS, according to unconfirmed reports.", "discusses"),
    ("Apple unveils a new smartwatch at its annual event in California.", "unrelated"),
])
def test_the_shipped_model_labels_real_headlines(models, headline, expected):
    found = st.stance_of(CLAIM, [headline], models)
    assert found.label == expected
    assert found.score == max(p for _, p in found.probabilities)
    assert found.evidence == (() if expected == "unrelated" else (0,))


def test_evidence_is_the_best_aligned_sentences_of_a_body(models):
    body = ["North Korean leader Kim Jong-un has not been seen in public for a month.",
            "The weather in Pyongyang was mild on Tuesday.",
            "South Korean officials said he may be recovering from ankle surgery, according to reports."]
    found = st.stance_of("Kim Jong-un has been missing because he broke his ankles", body, models)
    assert found.label == "discusses"
    assert 1 not in found.evidence and set(found.evidence) <= {0, 2}


def test_the_shipped_model_carries_a_single_sentence_head_and_the_card_says_how_it_was_fitted():
    model = st.load_stance_model()
    assert model.head is not None and model.head.shape == (st.CUE_BUCKETS, len(st.CUE_CLASSES))
    assert model.head_bias is not None and model.head_bias.shape == (len(st.CUE_CLASSES),)
    head = st.stance_card()["head"]
    assert "Emergent" in head["trained_on"] and head["share"] == st.HEAD_SHARE


def test_the_head_moves_only_the_related_stances_and_keeps_unrelated_as_the_network_had_it():
    model = st.load_stance_model()
    probs = np.array([[0.5, 0.1, 0.2, 0.2], [0.05, 0.05, 0.1, 0.8]], dtype=np.float32)
    tokens = frozenset(st.tokens_of(CLAIM))
    items = [st.cue_items(tokens, "Croatian hostage reportedly beheaded, unconfirmed reports say?")] * 2
    mixed = st.with_head(model, probs, items)
    unrelated = model.labels.index("unrelated")
    assert np.allclose(mixed.sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(mixed[:, unrelated], probs[:, unrelated])
    assert not np.allclose(mixed, probs)
    no_head = st.StanceModel(model.mean, model.scale, model.layers, model.idf, model.labels, model.features,
                             model.version, model.cues)
    assert st.with_head(no_head, probs, items) is probs


@pytest.mark.parametrize("claim, plain, framed", [
    # After Emergent claims: one headline stating the claim, one reporting it as someone's claim or a rumour.
    ("Apple is buying Path", "Apple buys Path", "Apple in talks to buy Path, report claims"),
    ("ISIS leader Abu Bakr al-Baghdadi was killed by a U.S. airstrike",
     "ISIS leader Abu Bakr al-Baghdadi killed by U.S. airstrike",
     "Was ISIS leader Abu Bakr al-Baghdadi killed in a U.S. airstrike? Unconfirmed reports say so"),
])
def test_the_head_reads_a_headline_that_reports_a_claim_as_discussing_it(claim, plain, framed):
    model = st.load_stance_model()
    tokens = frozenset(st.tokens_of(claim))
    discusses = st.CUE_CLASSES.index("discusses")
    as_fact, as_report = st.head_probabilities(model, [st.cue_items(tokens, plain), st.cue_items(tokens, framed)])
    assert as_report[discusses] > as_fact[discusses]
