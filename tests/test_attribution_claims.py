"""The second stage of the learned attribution: whole frames scored, the cue floor lowered, on real-style sentences."""

from __future__ import annotations

from newsweave import claims
from newsweave.claims import cues, frames
from newsweave.claims.lexicon import REPORTING
from newsweave.model import Article
from newsweave.nlp import parse_articles


def _parsed(models, text: str):
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return parse_articles([art], models)[0]


def _learned(models, text: str, model) -> list:
    """The learned frames of the text's first sentence, before the second stage decides."""
    doc = _parsed(models, text).doc
    sent = next(iter(doc.sents))
    return [f for f in frames.sentence_frames(doc[sent.start:sent.end], [], True, model) if f.score < 1.0]


def test_claim_stage_ships_loads_offline_and_lowers_the_cue_floor():
    with_stage = cues.load_cue_model()
    without = cues.load_cue_model(claims_path="")
    assert with_stage is not None and with_stage.claims is not None, \
        "src/newsweave/data/attribution_claims.json is missing"
    assert without.claims is None
    # One cue floor for both kinds, no higher than the cues' own thresholds (acts' 0.45 falls to it).
    assert with_stage.cue.threshold == with_stage.cue.act_threshold <= without.cue.floor()
    assert with_stage.cue.act_threshold < without.cue.act_threshold
    assert 0.0 < with_stage.claims.threshold < 1.0 and len(with_stage.claims.weights) > 100


def test_claim_features_read_the_frame_as_written(models):
    model = cues.load_cue_model()
    text = "Graham believes that the Republican Party can still win the Senate in November."
    (f,) = _learned(models, text, model)
    feats = set(cues.claim_features(f.cue, f.speaker, f.content, f.kind, f.score, [], f.learned_source,
                                    f.cue.lower_ in REPORTING))
    assert {"k=indirect", "fin=True", "side=R", "sside=L", "cdep=ccomp", "quote=<=0"} <= feats
    quoted = [(text.index("the Republican"), len(text) - 1)]
    feats_q = set(cues.claim_features(f.cue, f.speaker, f.content, f.kind, f.score, quoted, f.learned_source, False))
    assert "quote=9+" in feats_q or "quote=<=9" in feats_q


def test_stage_scores_a_reported_clause_over_a_fragment_of_it(models):
    """The same cue and speaker: a clause with a finite verb is likelier content than a two-word piece of it."""
    model = cues.load_cue_model()
    text = "Graham believes that the Republican Party can still win the Senate in November."
    (f,) = _learned(models, text, model)
    whole = cues.claim_features(f.cue, f.speaker, f.content, f.kind, f.score, [], f.learned_source, False)
    piece = cues.claim_features(f.cue, f.speaker, (f.content[1] - 3, f.content[1] - 1), "act", f.score, [],
                                f.learned_source, False)
    assert model.claims.probability(whole) > model.claims.probability(piece)


def test_stage_keeps_a_belief_and_leaves_a_plain_event_to_the_outlet(models):
    text = ("Many Republicans believe that the nominee will lose the state in November. "
            "The committee met in a small room on the third floor of the building on Tuesday.")
    found = claims.attribute_article(_parsed(models, text), [], cue_model=models.attribution_cues)
    attributed = [c for c in found if c.kind != "reported"]
    assert [(c.speaker_text, c.cue) for c in attributed] == [("Many Republicans", "believe")]
    assert any(c.kind == "reported" and c.content.startswith("The committee met") for c in found)


def test_an_intention_over_an_infinitive_is_an_act_not_a_statement(models):
    """A learned cue outside the lexicon over "to ..." (an intention) is kind "act": out of propositions."""
    text = "Senate Republicans want to delay the vote on the new justice until after the election in November."
    found = claims.attribute_article(_parsed(models, text), [], cue_model=models.attribution_cues)
    attributed = [c for c in found if c.kind != "reported"]
    assert [(c.speaker_text, c.cue, c.kind) for c in attributed] == [("Senate Republicans", "want", "act")]
    assert attributed[0].content.startswith("to delay the vote")
