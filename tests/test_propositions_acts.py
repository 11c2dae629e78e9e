"""What a claim does with its content, read from the parse (claims.sides, claims.disputes): refuting it,
withholding it, urging it, or asking about it; and who the side is when a nationality names the speaker.

The sentences are written for these tests in the manner of news reports; each article an outlet of its own.
"""

from __future__ import annotations

import pytest

from newsweave.claims.disputes import refuting_act, refutations
from newsweave.claims.sides import accusation, denies_statement, directive, mood, states_fact, withheld
from newsweave.pipeline import story_vectors

from entity_helpers import attributed_story
from test_propositions_sides import _claims, _propositions


def _refuted(models, texts):
    parsed, _, found = attributed_story(models, texts)
    docs = {p.article.id: p for p in parsed}
    sources = {p.article.id: p.article.id for p in parsed}
    return [(found[r.claim], found[r.by]) for r in refutations(found, docs, sources, models,
                                                                 story_vectors(parsed, models))]


def _refuting_words(models, text):
    doc = models.spacy(text)
    from newsweave.claims.disputes import OPPOSING
    from newsweave.claims.stance import REFUTING
    return {t.text: refuting_act(t, doc[:]) for t in doc if t.lower_ in REFUTING or t.lower_ in OPPOSING}


@pytest.mark.parametrize("text, word", [
    ("The spokesman dismissed the reports as a hoax .", "hoax"),
    ("The company said the story was fake news .", "fake"),
    ("The ministry issued a denial of the report .", "denial"),
    ("He falsely claimed that the money had been paid .", "falsely"),
    ("The claims are false and misleading , the minister said .", "misleading"),
])
def test_a_refuting_word_predicated_of_a_statement_is_an_act_of_refuting(models, text, word):
    assert _refuting_words(models, text)[word] is True


@pytest.mark.parametrize("text, word", [
    ("The singer was cleared of the more serious fraud and conspiracy charges .", "fraud"),
    ("Election night is the only \" fake news \" night that anyone welcomes .", "fake"),
    ("Prosecutors charged the banker with fraud last year .", "fraud"),
])
def test_a_refuting_word_that_names_a_thing_is_no_act_of_refuting(models, text, word):
    assert _refuting_words(models, text)[word] is False


def test_an_acquittal_on_fraud_charges_does_not_refute_a_conviction_on_others(models):
    convicted = "The singer was convicted in 2009 on three misdemeanor counts of failing to file tax returns ."
    cleared = "The singer , who has sold ten million records , was cleared of the more serious fraud charges ."
    assert _refuted(models, [convicted, cleared]) == []
    # The words' own act still refutes: another source rejecting the same account.
    rejected = "His lawyer rejected the report that the singer was convicted on three counts , calling it false ."
    assert any(b.article == "a2" for _, b in _refuted(models, [convicted, rejected]))


def test_a_refusal_to_say_asserts_nothing(models):
    text = "The prison agency would not say where the singer was to report until he was in custody ."
    _, _, found, docs = _claims(models, [text])
    said = [c for c in found if c.cue == "say"]
    assert said and withheld(said[0], docs) and not states_fact(said[0], docs)


def test_an_indirect_question_is_no_statement_but_a_clause_of_time_is(models):
    _, _, found, docs = _claims(models, ["Police said when officers arrived , the gunman had already fled ."])
    said = [c for c in found if c.cue == "said"]
    assert said and all(states_fact(c, docs) for c in said)
    _, _, asked, docs = _claims(models, ["Investigators told reporters where the gunman had hidden the rifle ."])
    told = [c for c in asked if c.content.startswith("where")]
    assert told and not states_fact(told[0], docs)


def test_a_denial_withheld_is_no_denial(models):
    _, _, found, docs = _claims(models, ["The senator would not comment , while not denying the report ."])
    denials = [c for c in found if c.polarity == "deny"]
    assert denials and withheld(denials[0], docs) and not denies_statement(denials[0], docs)
    _, _, found, docs = _claims(models, ["The senator denied the report that she would resign ."])
    assert [denies_statement(c, docs) for c in found if c.polarity == "deny"] == [True]


def test_a_withheld_denial_disputes_nothing(models):
    found, props = _propositions(models, ["The senator has been offered the post of ambassador to Spain , "
                                          "aides said .",
                                          "The senator would not comment , while not denying the story ."])
    assert props and not any(p.status == "disputed" for p in props)
    assert not any(p.disputers for p in props)


@pytest.mark.parametrize("text", ["The coach urged fans to stay in their seats when the first chants started .",
                                  "The mayor asked residents to leave the valley before nightfall .",
                                  "Protesters demanded that the minister resign ."])
def test_urging_and_asking_assert_nothing_of_their_content(models, text):
    _, _, found, docs = _claims(models, [text])
    wanted = [c for c in found if directive(c, docs)]
    assert wanted and not any(states_fact(c, docs) for c in wanted)


def test_a_statement_of_the_same_speaker_still_asserts(models):
    _, _, found, docs = _claims(models, ["The mayor said residents had left the valley before nightfall ."])
    assert found and all(states_fact(c, docs) and not directive(c, docs) for c in found)


def test_a_nationality_before_the_speaker_does_not_name_the_side(models):
    found, props = _propositions(models, [
        "Two gunmen opened fire on a bus near the harbour on Tuesday , French police said .",
        "Two gunmen opened fire on a bus near the harbour on Tuesday , the prosecutor 's office said ."])
    (attack,) = [p for p in props if "gunmen" in p.text]
    assert "French" not in attack.supporters
    assert any("police" in s for s in attack.supporters)


WITNESS = "\" Marcus fired the shot , \" the neighbour said ."
CHARGED = "Two weeks later , Marcus Reid was arrested and charged with the shooting ."
CHARGED_2 = "Police charged Marcus Reid with the shooting on Friday ."


def test_a_charge_is_an_accusation_and_a_witness_s_account_is_outright(models):
    _, _, found, docs = _claims(models, [WITNESS, CHARGED, CHARGED_2])
    by_article = {c.article: c for c in found}
    assert [mood(by_article[a], docs) for a in ("a1", "a2", "a3")] == [0, 2, 2]
    assert accusation(by_article["a2"], docs) and not accusation(by_article["a1"], docs)


def test_a_charge_does_not_corroborate_the_act_it_charges(models):
    import numpy as np

    from newsweave.claims.propositions import _corroborating_sources, _Group

    _, _, found, docs = _claims(models, [WITNESS, CHARGED, CHARGED_2])
    found = sorted(found, key=lambda c: c.article)
    vecs = np.eye(3, dtype=np.float32)[[0, 0, 0]]  # as if the three said one thing in one set of words
    moods = np.array([mood(c, docs) for c in found])
    sources = {"a1": "a1", "a2": "a2", "a3": "a3"}
    assert _corroborating_sources(_Group([0, 1], vecs[:2].sum(axis=0)), found, vecs, sources, {0, 1}, moods) == 1
    assert _corroborating_sources(_Group([1, 2], vecs[1:].sum(axis=0)), found, vecs, sources, {1, 2}, moods) == 2
    assert _corroborating_sources(_Group([0, 1], vecs[:2].sum(axis=0)), found, vecs, sources, {0, 1}) == 2
