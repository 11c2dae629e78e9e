"""Disputes read by the stance model (claims.disputes) and how propositions take them, on real sentences."""

from __future__ import annotations


import pytest

from newsweave.claims import disputes
from newsweave.claims.disputes import Refutation, refutations
from newsweave.claims.propositions import _Group, _stance_contradictions
from newsweave.pipeline import story_vectors

from entity_helpers import attributed_story


def _refuted_pairs(models, texts: list[str]):
    parsed, _, found = attributed_story(models, texts)
    docs = {p.article.id: p for p in parsed}
    sources = {p.article.id: p.article.id for p in parsed}
    found_refutations = refutations(found, docs, sources, models, story_vectors(parsed, models))
    return found, [(found[r.claim], found[r.by]) for r in found_refutations]


# After MultiLing 2011 M0022 / M0024 (WikiNews, CC BY 2.5): one side's account, the other's rejection of it.
CLAIMED = "Iranian officials said the British sailors had entered Iranian territorial waters near the Shatt al-Arab."
REJECTED = ("The British Ministry of Defence rejected the claim that the sailors had entered Iranian territorial "
            "waters, calling it false.")
CONFIRMED = "Iranian state television said the British sailors had entered Iranian territorial waters."


def test_a_rejection_by_another_source_refutes_the_claim(models):
    found, pairs = _refuted_pairs(models, [CLAIMED, REJECTED])
    assert any("Iranian officials" in (a.speaker_text or "") or a.article == "a1" for a, _ in pairs)
    assert all(b.article != a.article for a, b in pairs)
    assert any(b.article == "a2" and "rejected" in b.text for _, b in pairs)


def test_the_same_account_from_another_source_is_no_refutation(models):
    _, pairs = _refuted_pairs(models, [CLAIMED, CONFIRMED])
    assert pairs == []


def test_no_stance_model_means_no_refutations(models):
    parsed, _, found = attributed_story(models, [CLAIMED, REJECTED])

    class NoStance:
        stance = None
        embedder = models.embedder

    docs = {p.article.id: p for p in parsed}
    assert refutations(found, docs, {"a1": "a1", "a2": "a2"}, NoStance()) == []


def test_claims_of_one_source_are_never_judged(models):
    parsed, _, found = attributed_story(models, [CLAIMED + " " + REJECTED])
    docs = {p.article.id: p for p in parsed}
    assert refutations(found, docs, {"a1": "a1"}, models, story_vectors(parsed, models)) == []


def test_a_refutation_between_groups_disputes_both_and_one_inside_a_group_names_the_refuter():
    import numpy as np

    groups = [_Group([0, 1], np.zeros(2)), _Group([2], np.zeros(2)), _Group([3], np.zeros(2))]
    contra: dict[int, set[int]] = {}
    inside = _stance_contradictions(groups, [Refutation(0, 2, 0.8), Refutation(0, 1, 0.7),
                                             Refutation(1, 0, 0.6)], contra)
    assert contra == {0: {1}, 1: {0}}
    assert inside == {0: {1}}  # 1 refutes 0 more probably than 0 refutes 1
    assert 2 not in contra


def test_threshold_is_a_probability():
    assert 0.0 < disputes.REFUTES < 1.0 and -1.0 < disputes.CANDIDATE < 1.0


@pytest.mark.parametrize("quote", [REJECTED])
def test_the_stance_model_reads_the_rejecting_quote_as_refuting(models, quote):
    from newsweave.claims.stance import stance_of

    found = stance_of("The British sailors had entered Iranian territorial waters", [quote], models)
    assert found.label == "refutes"


@pytest.mark.parametrize("claim, statement, denial, expected", [
    ("the sailors had entered Iranian waters", REJECTED, False, True),
    ("the general should be extradited to Spain",
     "Fidel Castro said he disagreed with the arrest of the general in London.", False, True),
    ("the sailors had entered Iranian waters", CONFIRMED, False, False),
    # A plain negation is no act of refuting: the model reads it as refuting whatever it is set against.
    ("the sailors were in Iranian waters",
     "The Iranian government stated that it was not the first time that British ships had entered Iranian waters.",
     False, False),
    ("the sailors were in Iranian waters", "The ministry said the account was accurate.", True, True),
])
def test_only_acts_of_refuting_are_judged(claim, statement, denial, expected):
    from newsweave.claims.disputes import _says_against
    from newsweave.claims.stance import cues_of

    assert _says_against(cues_of(claim), cues_of(statement), denial) is expected


def test_a_refutation_is_read_in_the_claim_s_own_words_not_in_a_neighbour_s_cue():
    """From the reference samples: "refuted this claim" is another claim's cue (a resolved denial)."""
    from newsweave.claims.disputes import _own_words, _says_against
    from newsweave.claims.stance import cues_of
    from newsweave.model import Claim

    text = "However, the resistance has refuted this claim saying it retook one region from the Taliban control."
    content = "it retook one region from the Taliban control"
    saying = Claim(id="c2", article="a1", start=0, end=len(text), text=text, content=content, speaker=None,
                   speaker_text="the resistance", via=(), cue="saying", kind="indirect", polarity="assert",
                   content_start=text.index(content), content_end=len(text) - 1)
    offer = cues_of("The National Resistance Front is ready to stop the war immediately")
    assert not _says_against(offer, cues_of(_own_words(saying)), denial=False)
    assert _says_against(offer, cues_of(saying.text), denial=False)  # the whole span would have passed


# MultiLing 2011 M0080 / M0088 (WikiNews, CC BY 2.5): "false" qualifies another flight's bomb threat.
MISSING = ("Air France Flight 447 carrying 228 people from Rio de Janeiro, Brazil to Paris-Charles de Gaulle "
           "Airport is reported missing off the Brazilian coast.")
THREAT = ('A bomb threat, which later turned out to be "false", was also reported on a separate Air France flight '
          "from Buenos Aires, Argentina to Paris on May 27, just days before Flight 447 went missing.")


def test_a_refuting_word_in_a_clause_that_describes_a_noun_is_no_refutation(models):
    _, pairs = _refuted_pairs(models, [MISSING, THREAT])
    assert pairs == [], [(a.text, b.text) for a, b in pairs]


def test_a_refuting_word_of_the_statement_itself_still_refutes(models):
    parsed, _, found = attributed_story(models, [REJECTED])
    docs = {p.article.id: p for p in parsed}
    from newsweave.claims.disputes import _refutes_its_statement
    assert found and any(_refutes_its_statement(c, docs) for c in found)
