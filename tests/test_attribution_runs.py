"""The run stage of the content tagger: weights shipped, features of a run read off the parse, runs kept or not."""

from __future__ import annotations

import json
from dataclasses import replace

from newsweave import claims
from newsweave.claims import attribution_runs as runs, attribution_tagger as tagging, cues
from newsweave.model import Article
from newsweave.nlp import parse_articles


def _parsed(models, text: str):
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return parse_articles([art], models)[0]


def _run_of(doc, first: str, last: str, cue: str | None, score: float = 0.8) -> tagging.TaggedContent:
    words = [t.text for t in doc]
    a, b = words.index(first), len(words) - 1 - words[::-1].index(last) + 1
    return tagging.TaggedContent(a, b, words.index(cue) if cue else None, score)


def test_a_stage_file_loads_offline_and_sets_the_candidates(tmp_path):
    # The stage is not shipped (docs/BENCHMARKS.md: it found no more than the tagger's floors); a file written by
    # train/attribution_runs.py turns it on, and the tagger then makes its candidates at the file's setting.
    assert runs.load_run_stage(str(tmp_path / "absent.json")) is None
    path = tmp_path / "attribution_runs.json"
    path.write_text(json.dumps({"bias": -1.0, "weights": {"mean=9": 3.0, "cue|s=say": 0.5}, "threshold": 0.6,
                                "candidates": {"threshold": 0.2, "min_words": 2, "min_cue": 0.02,
                                               "min_score": 0.0}}), encoding="utf-8")
    stage, setting = runs.load_run_stage(str(path))
    assert stage.threshold == 0.6 and setting["threshold"] == 0.2
    assert runs.run_kept(stage, ["mean=9"]) and not runs.run_kept(stage, ["mean=2"])
    tagger = tagging.load_span_tagger(runs_path=str(path))
    assert tagger.runs == stage and tagger.threshold == 0.2 and tagger.min_words == 2 and tagger.min_score == 0.0
    assert tagging.load_span_tagger(runs_path="").runs is None
    assert cues.load_cue_model(runs_path="").tagger.runs is None


def test_features_of_a_clause_under_its_reporting_verb(models):
    text = "The mayor said on Monday that the new bridge would open to traffic before the end of the year."
    doc = _parsed(models, text).doc
    span = doc[0:len(doc)]
    run = _run_of(doc, "the", "year", "said")
    run = replace(run, start=[t.text for t in doc].index("that") + 1)
    scores = [0.9 if run.start <= t.i < run.end else 0.1 for t in span]
    probs = {t.i: (0.9 if t.text == "said" else 0.01) for t in span}
    feats = runs.run_features(run, span, scores, probs, [], None, [], 0, False, True)
    assert "cue|above=7|True" in feats and "cue|rel=ccomp" in feats and "cue|side=7|R" in feats
    assert f"cue|s={cues.stem('said')}" in feats
    assert "q=none" in feats and "spk=none" in feats and "finite=True" in feats
    assert "mean=9" in feats and "min=9" in feats and "edges=False|True" in feats


def test_a_quoted_run_and_a_named_cue_word_are_read_as_such(models):
    # A headline verb tagged as a proper noun gives no stem feature; a run inside quotation marks is quoted.
    text = "Governor Slams “this plan will raise taxes for every family in the state” in a Radio Interview"
    parsed = _parsed(models, text)
    doc = parsed.doc
    span = doc[0:len(doc)]
    run = _run_of(doc, "this", "state", "Slams")
    scores = [0.7] * len(span)
    probs = {t.i: 0.5 for t in span}
    quotes = claims.attribution.quote_spans(text)
    feats = runs.run_features(run, span, scores, probs, quotes, None, [], 0, True, True)
    assert "q=all" in feats and "headline=True" in feats
    assert not [f for f in feats if f.startswith("cue|s=")]  # "Slams": a capital, maybe a name, no stem


def test_the_stage_decides_on_a_run_before_it_widens_an_act(models):
    # The frame of "criticized" holds its object; the tagger's run goes on over the "while" clause and widens the
    # act to it, but only when the stage keeps the run: a stage that keeps none leaves the frames' claims as they are.
    text = ("The senator criticized the agency for its slow response to the floods, while the volunteers who "
            "stayed through the night were praised by residents.")
    parsed = _parsed(models, text)
    model = cues.load_cue_model(runs_path="")
    candidates = replace(model.tagger, threshold=0.2, min_words=2, min_cue=0.02, min_score=0.0)
    keep_all = replace(model, tagger=replace(candidates, runs=runs.RunStage(0.0, {}, 0.0)))
    keep_none = replace(model, tagger=replace(candidates, runs=runs.RunStage(0.0, {}, 1.01)))
    frames_only = cues.load_cue_model(tagger_path="")

    def acts(m):
        return {c.cue: c.content for c in claims.attribute_article(parsed, [], cue_model=m) if c.kind == "act"}

    assert acts(keep_none) == acts(frames_only)
    assert "while" not in acts(keep_none)["criticized"]
    assert acts(keep_all)["criticized"].endswith("were praised by residents")
