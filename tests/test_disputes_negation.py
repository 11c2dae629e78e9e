"""Disputes by plain negation (claims.disputes.negations): two sources state one fact with opposite polarity.

Sentences after reports of the Panjshir story (September 2021) and of court
and diplomatic news, cut into the test; each pair is told by two outlets.
"""

from __future__ import annotations

import pytest

from newsweave.claims.disputes import negations, statement_of
from newsweave.claims.facts import claim_facts
from newsweave.claims.propositions import group_propositions
from newsweave.claims.speakers import index_entities
from newsweave.pipeline import story_vectors

from entity_helpers import attributed_story

OFFERED = "The Taliban said Ahmad Massoud was offered a compromise that would give him a post in the new government."
NOT_OFFERED = "A spokesman for the resistance said Massoud has not been offered such a compromise."


def _negations(models, texts: list[str], sources: dict[str, str] | None = None):
    parsed, ents, found = attributed_story(models, texts)
    docs = {p.article.id: p for p in parsed}
    index = index_entities(ents)
    facts = [claim_facts(c, docs.get(c.article), index.get(c.article), ents) for c in found]
    sources = sources or {p.article.id: p.article.id for p in parsed}
    return found, [(found[r.claim], found[r.by]) for r in negations(found, facts, docs, sources, models)]


def _statements(models, text: str):
    parsed, ents, found = attributed_story(models, [text])
    docs = {p.article.id: p for p in parsed}
    index = index_entities(ents)
    return [statement_of(c, claim_facts(c, docs[c.article], index.get(c.article), ents), docs) for c in found]


def test_a_plain_negation_of_the_same_fact_by_another_source_refutes_it(models):
    _, pairs = _negations(models, [OFFERED, NOT_OFFERED])
    assert [(a.article, b.article) for a, b in pairs] == [("a1", "a2")]
    assert "not been offered" in pairs[0][1].content


def test_both_sides_of_a_negation_are_disputed_each_by_the_other(models):
    parsed, ents, found = attributed_story(models, [OFFERED, NOT_OFFERED])
    props = group_propositions(parsed, found, ents, {"a1": "a1", "a2": "a2"}, models, story_vectors(parsed, models))
    offered = next(p for p in props if any(c.id in p.claims and c.article == "a1" for c in found))
    denied = next(p for p in props if any(c.id in p.claims and c.article == "a2" for c in found))
    assert offered.status == denied.status == "disputed"
    assert "Taliban" in offered.supporters and any("resistance" in d for d in offered.disputers)


@pytest.mark.parametrize("positive, negative", [
    # Another object: a compromise is not a post; the airport is not Paris.
    (OFFERED, "A spokesman for the resistance said Massoud has not been offered a post."),
    ("Police said the suspect was arrested at the airport on Sunday.",
     "His lawyer said the suspect was not arrested in Paris."),
    # Another subject.
    (OFFERED, "A spokesman for the resistance said Amrullah Saleh has not been offered such a compromise."),
    # Nothing found is no denial that the body was found.
    ("Police said divers recovered the body of the missing pilot near the harbour.",
     "A coastguard spokesman said divers did not recover anything near the harbour."),
])
def test_a_negation_of_another_fact_is_no_refutation(models, positive, negative):
    _, pairs = _negations(models, [positive, negative])
    assert pairs == []


def test_one_source_does_not_refute_itself(models):
    _, pairs = _negations(models, [OFFERED, NOT_OFFERED], sources={"a1": "same", "a2": "same"})
    assert pairs == []


@pytest.mark.parametrize("text", [
    "The minister's spokesman said it was not the first time the government had raised taxes.",  # a copula
    "Officials said Massoud may not be offered such a compromise.",  # hedged
    "Officials asked whether Massoud had not been offered such a compromise.",
])
def test_a_copula_a_hedge_or_a_question_states_no_fact_to_negate(models, text):
    assert all(s is None for s in _statements(models, text))


def test_the_statement_of_a_claim_is_its_verb_subject_objects_and_polarity(models):
    (s,) = _statements(models, NOT_OFFERED)
    assert s.predicate == "offer" and s.negated
    assert "massoud" in s.subjects and s.core == {"compromise"} and s.objects == set()


def test_an_irregular_verb_is_one_fact_in_both_of_its_forms(models):
    _, pairs = _negations(models, ["Police said divers found the body of the missing pilot near the harbour.",
                                   "A coastguard spokesman said divers did not find the body of the pilot."])
    assert [(a.article, b.article) for a, b in pairs] == [("a1", "a2")]


def test_a_subject_that_says_none_is_a_negation_and_agrees_with_a_negated_verb(models):
    # After ECB+ reports of a shooting (Cybulska & Vossen 2014, CC BY 3.0): two outlets say the same thing.
    none_found = "Police said no gun has been recovered ."
    not_found = "Prosecutors said the gun has not been recovered ."
    first, second = _statements(models, none_found)[0], _statements(models, not_found)[0]
    assert first is not None and first.negated and second.negated
    _, pairs = _negations(models, [none_found, not_found])
    assert pairs == []
