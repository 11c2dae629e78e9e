"""The learned salience head of the summary: its shipped weights, its features, its part in the objective.

Real text: the Haiti reports of `tests/summary_helpers.py` (MultiLing 2011 topic
M006, WikiNews, CC BY 2.5).
"""

from __future__ import annotations

import numpy as np
import pytest

from newsweave import salience
from newsweave import summary as stage
from newsweave.context import StoryContext

from summary_helpers import Story


def _candidates(story: Story):
    units = stage.build_units(story.parsed, story.sources)
    matrix = stage._matrix(units, story.vectors)
    weights = stage.concept_weights(units)
    return stage._candidates(units, weights, matrix, 250), units, matrix, weights


def test_the_shipped_head_is_for_todays_features_and_records_its_data():
    card = salience.read_card()
    assert card is not None and tuple(card["model"]["features"]) == salience.FEATURES
    assert salience.load_head().weight > 0
    assert "dev half" in card["record"]["data"] and card["record"]["grid"]


def test_weights_for_other_features_are_refused():
    model = salience.load_head().model.to_dict()
    with pytest.raises(ValueError, match="features"):
        salience.model_from_dict({**model, "features": model["features"][::-1]})


def test_features_read_the_story(haiti):
    candidates, units, matrix, weights = _candidates(haiti)
    x = stage.candidate_features(candidates, units, matrix, weights)
    column = {name: x[:, k] for k, name in enumerate(salience.FEATURES)}
    assert x.shape == (len(candidates), len(salience.FEATURES)) and np.isfinite(x).all()
    assert np.allclose(column["lead"], [(1.0 + u.position) ** -2 for u in candidates])
    assert np.allclose(np.exp(column["log_words"]), [u.words for u in candidates])
    assert ((column["support_share"] >= 0) & (column["support_share"] <= 1)).all()
    assert column["concept_share"].max() == pytest.approx(1.0)
    quoted = [k for k, u in enumerate(candidates) if '"' in u.text]
    assert quoted and (column["has_quote"][quoted] == 1).all()


def test_the_head_reads_shared_content_as_salient(haiti):
    candidates, units, matrix, weights = _candidates(haiti)
    x = stage.candidate_features(candidates, units, matrix, weights)
    model = salience.load_head().model
    predicted = model.predict(x)
    assert ((predicted >= 0) & (predicted <= 1)).all() and predicted.std() > 0
    # The same sentences, each holding more of the bigrams the reports share per word.
    richer = x.copy()
    richer[:, salience.FEATURES.index("concept_density")] += 0.5
    assert (model.predict(richer) > predicted).all()


def test_the_head_changes_the_choice_within_the_budget(haiti):
    context = StoryContext(tuple(haiti.parsed), haiti.vectors, haiti.sources)
    without = [s.text for s in stage.summarize_story(context, 120)]
    heavy_head = salience.SalienceHead(salience.load_head().model, 20.0)
    heavy = [s.text for s in stage.summarize_story(context, 120, salience=heavy_head)]
    assert sum(len(t.split()) for t in heavy) <= 120
    assert set(heavy) != set(without)


def test_the_head_loads_once_with_the_models_and_reaches_the_summary(models, tmp_path):
    assert isinstance(models.salience, salience.SalienceHead)
    assert models.salience == salience.load_head()
    assert salience.load_head(tmp_path / "absent.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be read"):
        salience.load_head(broken)
