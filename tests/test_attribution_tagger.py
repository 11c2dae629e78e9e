"""The content tagger of the learned attribution: weights shipped, runs of tokens decoded, claims added on real sentences."""

from __future__ import annotations

from newsweave import claims
from newsweave.claims import attribution_tagger as tagging, cues
from newsweave.model import Article
from newsweave.nlp import parse_articles


def _parsed(models, text: str):
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return parse_articles([art], models)[0]


def _claims(models, text: str, model):
    return [c for c in claims.attribute_article(_parsed(models, text), [], cue_model=model) if c.kind != "reported"]


def test_tagger_ships_and_loads_offline():
    model = cues.load_cue_model()
    assert model is not None and model.tagger is not None, "src/newsweave/data/attribution_tagger.json is missing"
    t = model.tagger
    assert 0.0 < t.threshold < 1.0 and t.min_words >= 1 and 0.0 <= t.min_cue < 1.0
    assert len(t.weights) > 1000
    assert cues.load_cue_model(tagger_path="").tagger is None


def test_runs_are_cut_at_the_threshold_and_never_start_or_end_on_punctuation(models):
    text = "The senator said on Tuesday that the bill, which passed easily, would fail in the House."
    doc = _parsed(models, text).doc
    span = doc[0:len(doc)]
    words = [t.text for t in span]
    start = words.index("the", words.index("that"))
    scores = [0.9 if i >= start else 0.1 for i in range(len(span))]
    scores[words.index(",")] = 0.0  # punctuation inside a run joins it
    scores[words.index("passed")] = 0.2  # one word under the threshold between two over it stays inside
    tagger = tagging.SpanTagger(0.0, {}, 0.5, 3, 0.05)
    probs = {t.i: (0.9 if t.text == "said" else 0.01) for t in span}
    (run,) = tagging.tagged_contents(span, scores, probs, tagger)
    assert doc[run.start].text == "the" and doc[run.end - 1].text == "House"
    assert doc[run.cue].text == "said"
    assert tagging.tagged_contents(span, scores, probs, tagging.SpanTagger(0.0, {}, 0.5, 40, 0.05)) == []


def test_token_features_read_the_cue_over_the_token(models):
    text = "The governor believes that the new budget will pass before the summer recess."
    doc = _parsed(models, text).doc
    span = doc[0:len(doc)]
    model = cues.load_cue_model()
    (feats, probs), = tagging.article_features([span], model, [])
    budget = [t.text for t in span].index("budget")
    governor = [t.text for t in span].index("governor")
    assert any(f.startswith("na|rel=") and f.endswith("|ccomp") for f in feats[budget])
    assert "sb|subj=True" in feats[governor] and "sb|subj=False" in feats[budget]
    p = model.tagger
    assert p.probability(feats[budget]) > p.probability(feats[governor])


def test_names_and_numbers_have_no_word_feature(models):
    text = "Senator Elizabeth Warren said 42 voters in Ohio had written to her office about seven times."
    doc = _parsed(models, text).doc
    span = doc[0:len(doc)]
    (feats, _), = tagging.article_features([span], cues.load_cue_model(), [])
    for t, f in zip(span, feats):
        words = [x for x in f if x.startswith("w=")]
        if t.pos_ in ("PROPN", "NUM") or t.like_num:
            assert words == [], t.text
        else:
            assert words == [f"w={t.lower_}"], t.text
    names = {t.text for t in span if t.pos_ == "PROPN"}
    assert {"Warren", "Ohio"} <= names and any(t.like_num for t in span)


def test_shipped_word_weights_hold_no_number(models):
    # Numbers are known from the word alone (`like_num`): none of them may be a shipped word feature.
    vocab = _parsed(models, "A sentence.").doc.vocab
    words = [k[2:] for k in cues.load_cue_model().tagger.weights if k.startswith("w=")]
    assert len(words) > 100 and not [w for w in words if vocab[w].like_num]


def test_a_second_clause_the_frame_left_out_makes_no_second_claim(models):
    # The frame's clause stops at "office"; the tagger's run goes on over "while ...". One claim of "say", and
    # a statement keeps its frame's clause (what propositions group); without `_widened` the run was a second claim.
    text = ("About half of the voters in each state say they prefer a candidate who has never held office, while "
            "about four in ten want one with long political experience in Washington.")
    frames_only = [c for c in _claims(models, text, cues.load_cue_model(tagger_path="")) if c.cue == "say"]
    tagged = [c for c in _claims(models, text, cues.load_cue_model()) if c.cue == "say"]
    assert len(frames_only) == 1 and "while" not in frames_only[0].content
    assert [(c.kind, c.content, c.speaker_start) for c in tagged] == \
        [(c.kind, c.content, c.speaker_start) for c in frames_only]


def test_statements_only_leave_the_tagger_out(models):
    text = ("About half of the voters in each state say they prefer a candidate who has never held office, while "
            "about four in ten want one with long political experience in Washington.")
    parsed = _parsed(models, text)
    found = claims.attribute_article(parsed, [], acts=False, cue_model=cues.load_cue_model())
    assert all("while" not in c.content for c in found if c.kind != "reported")


def test_tagger_adds_a_stance_act_no_frame_kept(models):
    # From the reference sample (examples/panjshir/001): after the sentence before it, no frame keeps "accused".
    text = ("Former vice president Amrullah Saleh, who is helping lead the resistance forces, has appealed for "
            "humanitarian aid to help the thousands of people displaced by the fighting. He had recently accused "
            "the Taliban of cutting off humanitarian aid, medicines and power supply to Panjshir.")
    assert not [c for c in _claims(models, text, cues.load_cue_model(tagger_path="")) if c.cue == "accused"]
    (c,) = [c for c in _claims(models, text, cues.load_cue_model()) if c.cue == "accused"]
    assert c.kind == "act" and text[c.speaker_start:c.speaker_end] == "He"
    assert text[c.cue_start:c.cue_end] == "accused"
    assert c.content.startswith("the Taliban of cutting off") and c.content.endswith("to Panjshir")
