"""Speaker and cue spans of claims, quotes attributed from their edges, and the learned cue model, on real sentences."""

from __future__ import annotations

import pytest

from newsweave import claims
from newsweave.claims import cues
from newsweave.model import Article, Claim
from newsweave.nlp import parse_articles


def _claims(models, text: str) -> list[Claim]:
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return claims.attribute_article(parse_articles([art], models)[0], [], cue_model=models.attribution_cues)


def _spans(c: Claim, text: str) -> tuple[str | None, str | None]:
    spk = text[c.speaker_start:c.speaker_end] if c.speaker_start is not None else None
    cue = text[c.cue_start:c.cue_end] if c.cue_start is not None else None
    return spk, cue


@pytest.mark.parametrize("text, speaker, cue", [
    ("Taliban spokesman Zabihullah Mujahid recently said on Twitter that the Panjshir group attacked Taliban "
     "fighters, prompting them to counterattack.", "Taliban spokesman Zabihullah Mujahid", "said"),
    ("The Taliban have taken Paryan district, which is close to Bazarak, according to Fahim Fetrat, a journalist "
     "in the region.", "Fahim Fetrat", "according to"),
    ("He said the talks with the rebels had failed because neither side would give up its weapons.", "He", "said"),
    ("Trump, who said Mexico would pay for the wall, won the primary in Arizona.", "Trump", "said"),
])
def test_speaker_and_cue_spans_are_the_words_as_written(models, text, speaker, cue):
    # Statements only: a stance act inside the content ("the group attacked ...") is a claim of its own kind.
    found = [c for c in _claims(models, text) if c.kind not in ("reported", "act")]
    assert [_spans(c, text) for c in found] == [(speaker, cue)]


def test_outlet_voice_has_no_speaker_or_cue_span(models):
    text = "The storm destroyed more than 300 homes on the island before it turned north on Monday."
    (c,) = _claims(models, text)
    assert c.kind == "reported"
    assert (c.speaker_start, c.speaker_end, c.cue_start, c.cue_end) == (None, None, None, None)


def test_spans_survive_the_json_round_trip(models):
    text = "He said the talks with the rebels had failed because neither side would give up its weapons."
    c = next(c for c in _claims(models, text) if c.kind != "reported")
    assert Claim.from_dict(c.to_dict()) == c
    assert c.to_dict()["speaker_start"] == 0


def test_quote_attributed_from_the_words_after_it(models):
    # The parser cuts this quote in two and hangs "told" under "understand": no frame finds it.
    text = ("“She is moving a bit to the left and I think that’s fine, and people who are giving to her "
            "understand that,” Lasry told Bloomberg Politics in May.")
    direct = [c for c in _claims(models, text) if c.kind == "direct"]
    assert len(direct) == 1
    assert _spans(direct[0], text) == ("Lasry", "told")
    assert direct[0].content.startswith("She is moving a bit to the left")
    assert direct[0].content.endswith("understand that")


def test_quote_attributed_to_the_verb_before_its_colon(models):
    text = ("In a statement, her senior policy adviser, Jake Sullivan, said:\n\n“Hillary Clinton believes that "
            "transatlantic cooperation is essential, and that cooperation is strongest when Europe is united.”")
    direct = [c for c in _claims(models, text) if c.kind == "direct"]
    assert len(direct) == 1
    spk, cue = _spans(direct[0], text)
    assert cue == "said" and "Jake Sullivan" in spk
    assert direct[0].content.startswith("Hillary Clinton believes")


def test_learned_model_ships_and_loads_offline():
    model = cues.load_cue_model()
    assert model is not None, "src/newsweave/data/attribution_cues.json is missing"
    assert 0.0 < model.cue.threshold < 1.0 and len(model.cue.weights) > 1000
    assert model.cue.probability(["w=said", "c=nsubj", "c=ccomp"]) > model.cue.probability(["w=table", "p=NOUN"])


def test_learned_cue_finds_a_belief_outside_the_lexicon(models, monkeypatch):
    text = "Graham believes that the Republican Party can still win the Senate in November."
    found = [c for c in _claims(models, text) if c.kind != "reported"]
    assert [_spans(c, text) for c in found] == [("Graham", "believes")]
    assert found[0].content.startswith("the Republican Party can still win")
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    rules_alone = claims.attribute_article(parse_articles([art], models)[0], [])
    assert [c for c in rules_alone if c.kind != "reported"] == []


def test_stance_acts_over_a_noun_are_claims_of_their_own_kind(models):
    text = "Graham criticized Trump for his comments about the judge’s Mexican heritage."
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    parsed = parse_articles([art], models)[0]
    model = models.attribution_cues
    found = claims.attribute_article(parsed, [], cue_model=model)
    acts = [c for c in found if c.kind != "reported"]
    # Every attributed claim here is an act: "criticized Trump", and the nominal "his comments about ..." if found.
    assert (("Graham", "criticized"), "act") in [(_spans(c, text), c.kind) for c in acts]
    assert {c.kind for c in acts} == {"act"}
    acts = [c for c in acts if c.cue == "criticized"]
    # The act is no statement: the sentence stays the outlet's report too (for propositions).
    assert any(c.kind == "reported" and c.content.startswith("Graham criticized Trump") for c in found)
    assert "Trump" in acts[0].content
    assert Claim.from_dict(acts[0].to_dict()) == acts[0]
    without = claims.attribute_article(parsed, [], acts=False, cue_model=model)
    assert [c for c in without if c.kind != "reported"] == []


def test_a_belief_over_a_clause_stays_a_statement(models):
    text = "Graham believes that the Republican Party can still win the Senate in November."
    (c,) = [c for c in _claims(models, text) if c.kind != "reported"]
    assert c.kind == "indirect"
