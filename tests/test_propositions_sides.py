"""Who takes which side of a proposition (claims.sides, claims.propositions), on real sentences.

Sentences from ECB+ reports of one court case (Cybulska & Vossen 2014, CC BY 3.0; the corpus's
tokenised text), and the warning quoted in issue #16 (AP, 1998), each article an outlet of its own.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.claims.propositions import CORROBORATION, _corroborating_sources, _Group, _stating, group_propositions
from newsweave.claims.sides import conditional, denies_statement, speaker_asserts, states_fact
from newsweave.pipeline import story_vectors

from entity_helpers import attributed_story

FOUND_GUILTY = ("The man , Brian G. Nichols , 37 , was found guilty last month of murder and dozens of other counts "
                "in the March 2005 rampage .")
FOUND_GUILTY_2 = ("Brian Nichols , 37 , was found guilty last month of murder and dozens of other counts for the "
                  "March 2005 rampage .")
SENTENCED = ("A judge on Saturday sentenced the man who killed four people in a brazen courthouse escape to multiple "
             "life sentences with no chance of parole after a deadlocked jury failed to return a death sentence .")
SPOKEN = ("District Attorney Paul Howard said he has spoken with U.S. attorneys about a possible death penalty trial "
          "against Nichols .")
WARNING = ("Palestinian negotiator Saeb Erekat said that if settlement activity continues, then all means of "
           "resistance are open.")
WARNING_QUOTED = ("\"If settlement activity continues, then all means of resistance are open,\" Palestinian "
                  "negotiator Saeb Erekat warned.")
TURNED_DOWN = ("The frustrated prosecutor gambled on a death penalty decision when he denied a Nichols offer a year "
               "ago to plead guilty in exchange for a life sentence .")


def _claims(models, texts):
    parsed, ents, found = attributed_story(models, texts)
    return parsed, ents, found, {p.article.id: p for p in parsed}


def _propositions(models, texts):
    parsed, ents, found, _ = _claims(models, texts)
    statements = [c for c in found if c.kind != "act"]
    return found, group_propositions(parsed, statements, ents, {p.article.id: p.article.id for p in parsed},
                                     models, story_vectors(parsed, models))


def test_a_speaker_named_in_the_event_does_not_assert_it(models):
    _, _, found, docs = _claims(models, [FOUND_GUILTY, SENTENCED, SPOKEN])
    by_article = {c.article: c for c in found}
    assert by_article["a1"].speaker_text and "Nichols" in by_article["a1"].speaker_text
    assert not speaker_asserts(by_article["a1"], docs)  # the passive subject of "found"
    assert not speaker_asserts(by_article["a2"], docs)  # "a judge sentenced the man": no clause, no verb of saying
    assert speaker_asserts(by_article["a3"], docs)


def test_the_outlets_not_the_man_found_guilty_support_his_conviction(models):
    _, props = _propositions(models, [FOUND_GUILTY, FOUND_GUILTY_2])
    (guilty,) = [p for p in props if "guilty" in p.text]
    assert guilty.status == "corroborated"
    assert set(guilty.supporters) == {"Outlet 1", "Outlet 2"}


@pytest.mark.parametrize("text", ["Prosecutors said Nichols will likely die in prison .",
                                  "Howard said that whether he knew Wilhelm was a federal agent could make a "
                                  "difference ."])
def test_a_hedged_statement_is_no_asserted_fact(models, text):
    _, _, found, docs = _claims(models, [text])
    assert found and not any(states_fact(c, docs) for c in found)


def test_an_unhedged_statement_is_an_asserted_fact_and_outright(models):
    _, _, found, docs = _claims(models, [SPOKEN])
    assert [(states_fact(c, docs), conditional(c, docs)) for c in found] == [(True, False)]


@pytest.mark.parametrize("text", [WARNING, WARNING_QUOTED])
def test_a_warning_is_a_conditional_statement(models, text):
    _, _, found, docs = _claims(models, [text])
    assert [conditional(c, docs) for c in found] == [True]


OUTRIGHT = "An Israeli official said that settlement activity continues, and all means of resistance are open."


def test_a_warning_and_an_outright_statement_of_its_consequence_do_not_corroborate_each_other(models):
    _, _, found, docs = _claims(models, [WARNING, OUTRIGHT])
    warning, outright = found
    # As if the average link had joined them: the warning's group must not count the other side's words.
    vecs = models.embedder.encode([c.content for c in found])
    grp = _Group([0, 1], vecs.sum(axis=0))
    mood = np.array([conditional(c, docs) for c in found])
    sources = {"a1": "a1", "a2": "a2"}
    assert float(vecs[0] @ vecs[1]) >= CORROBORATION  # close in words: only the mood keeps them apart
    assert _corroborating_sources(grp, found, vecs, sources, {0, 1}, mood) == 1
    assert _corroborating_sources(grp, found, vecs, sources, {0, 1}) == 2
    stating = _stating(grp, found, vecs, vecs, {0, 1}, sources, mood)
    assert len(stating) == 1


def test_two_reports_of_one_warning_corroborate_it_as_its_speaker_s(models):
    _, props = _propositions(models, [WARNING, WARNING_QUOTED])
    (warning,) = [p for p in props if "resistance" in p.text]
    assert warning.status == "corroborated" and warning.independent_sources == 2
    assert warning.supporters and all("Erekat" in s for s in warning.supporters)


def test_a_denial_of_a_thing_denies_no_statement(models):
    _, _, found, docs = _claims(models, [TURNED_DOWN, "The ministry denied the report that its troops had crossed "
                                                      "the border."])
    by_article = {c.article: c for c in found if c.polarity == "deny"}
    assert not denies_statement(by_article["a1"], docs)  # turning down an offer
    assert denies_statement(by_article["a2"], docs)


def test_a_lone_denial_is_no_dispute(models):
    found, props = _propositions(models, [TURNED_DOWN])
    assert props and all(p.status != "disputed" for p in props)
    found, props = _propositions(models, ["The ministry denied that its troops had crossed the border."])
    assert props and all(p.status != "disputed" for p in props)
    assert any(p.disputers for p in props)  # its word is kept, as one source's


# After AP reports of October 1998 (issue #16) and MultiLing 2011 M0022 / M0024 (WikiNews, CC BY 2.5).
LAWFUL = "Spanish prosecutors said the arrest of Pinochet in London was lawful and that he should be extradited to Spain."
DISAGREED = "Fidel Castro said he disagreed with the arrest of Pinochet in London and opposed his extradition to Spain."
ENTERED = "Iranian officials said the British sailors had entered Iranian territorial waters near the Shatt al-Arab."
REJECTED = ("The British Ministry of Defence rejected the claim that the sailors had entered Iranian territorial "
            "waters, calling it false.")


def _dispute_pairs(found, props):
    from newsweave.report.views import disputes_of

    claims = {c.id: c for c in found}
    by_id = {p.id: p for p in props}
    return [(d.a.article, d.b.article) for p in props if p.status == "disputed"
            for d in disputes_of(p, claims, by_id)]


def test_a_speaker_who_disagrees_is_a_disputer_not_a_supporter(models):
    found, props = _propositions(models, [LAWFUL, DISAGREED])
    (arrest,) = [p for p in props if any(c.id in p.claims and c.article == "a1" for c in found)]
    assert arrest.status == "disputed"
    assert "Fidel Castro" in arrest.disputers and "Fidel Castro" not in arrest.supporters
    assert ("a1", "a2") in _dispute_pairs(found, props)  # claim against claim


def test_a_rejection_of_the_claim_joins_the_claim_as_its_other_side(models):
    found, props = _propositions(models, [ENTERED, REJECTED])
    (waters,) = [p for p in props if any(c.id in p.claims and c.article == "a1" for c in found)]
    assert waters.status == "disputed" and any(c.id in waters.claims and c.article == "a2" for c in found)
    assert any("Iran" in s for s in waters.supporters) and any("Ministry" in d for d in waters.disputers)
    assert ("a1", "a2") in _dispute_pairs(found, props)


@pytest.mark.parametrize("text", ["Last Updated : Jul 07 , 2012 8 : 44 PM ET", "UPDATED : 22 : 07 GMT , 7 July 2012"])
def test_a_page_s_time_stamp_is_no_statement(models, text):
    # ECB+ 7 (CC BY 3.0): two pages' "updated" lines had read as one corroborated claim.
    _, _, found, docs = _claims(models, [text])
    assert not any(states_fact(c, docs) for c in found)


def test_a_verb_outside_the_lexicon_speaks_through_its_clausal_complement(models):
    text = ("The two jurors , who indicated they were among the nine voting to put Nichols to death , reported one "
            "of the holdouts even worked a crossword puzzle .")
    _, _, found, docs = _claims(models, [text])
    indicated = [c for c in found if c.cue == "indicated"]
    assert indicated and speaker_asserts(indicated[0], docs)
