"""Geocoding in context: each rule on real news sentences, and the shipped ranker.

Every sentence below is news prose of the kind newsweave reads; each test
names the rule it checks and fails without that rule.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsweave.entities import gazetteer_of, resolve_entities
from newsweave.entities.places import FEATURES, RANKER_PATH, load_ranker, outlet_country, split_of
from newsweave.model import Article
from newsweave.nlp import Models, parse_articles
from test_entities import entity_with, km  # the entity tests' helpers (tests/ is on the path)


def story(models, *texts: str, outlet: str | None = None):
    """The entities of a story made of these article texts."""
    articles = [Article(f"a{i}", None, None, outlet, None, None, None, t) for i, t in enumerate(texts, 1)]
    return resolve_entities(parse_articles(articles, models), models)


def placed_near(entity, lat: float, lon: float, within: float) -> bool:
    """Whether the entity has a point within `within` km of (lat, lon)."""
    return entity is not None and entity.geo is not None and km(entity.geo.lat, entity.geo.lon, lat, lon) <= within


# ---------------------------------------------------------------- the story's own geography

def test_west_bank_town_of_bethlehem_is_not_in_pennsylvania(models):
    # A story that also names Washington and the United States: the area written before
    # "town of" decides (the old chooser took the larger Bethlehem, Pennsylvania).
    entities = story(models, "President Clinton flew from Washington to Israel on Saturday. After meeting Prime "
                     "Minister Benjamin Netanyahu in Jerusalem, he travelled to the West Bank town of Bethlehem, "
                     "where Palestinian leader Yasser Arafat welcomed him. Clinton later returned to the United States.")
    assert placed_near(entity_with(entities, "Bethlehem"), 31.70, 35.20, 20)


def test_town_comma_state_takes_the_town_in_that_state(models):
    # "Springfield, Illinois": five US Springfields are larger or as large; the state written beside it decides.
    entities = story(models, "He grew up in Springfield, Illinois, and moved to Chicago in 1990.")
    assert placed_near(entity_with(entities, "Springfield"), 39.80, -89.64, 20)


def test_a_city_named_after_its_country_stays_a_city(models):
    # "Belize City" is looked up as itself before "Belize": it is not merged into the country.
    entities = story(models, "Hurricane Mitch struck Belize City on Friday. The government of Belize declared a "
                     "state of emergency in Belize City.")
    city = entity_with(entities, "Belize City")
    assert city is not None and "Belize" not in city.aliases
    assert city.geo is not None and city.geo.precision == "city"
    assert placed_near(city, 17.50, -88.20, 15)


# ---------------------------------------------------------------- is it a place at all

def test_peoples_and_demonyms_have_no_candidates(models):
    # "Arab" is also a town in Alabama, "Israeli" names Israel's people: neither is a place.
    gazetteer = gazetteer_of(models)
    assert gazetteer.candidates(("arab",)) == ()
    assert gazetteer.candidates(("israelis",)) == ()
    assert gazetteer.candidates(("jordan",)) != ()  # a country, not a demonym


def test_a_demonym_in_a_sentence_gets_no_point(models):
    entities = story(models, "Arab countries condemned the attack, and Arab diplomats met in New York.")
    arab = entity_with(entities, "Arab")
    assert arab is None or (arab.geo is None and arab.type != "PLACE")


def test_a_demonym_counts_for_its_country(models):
    # The story names no country, only "Turkish": Turkey is its country, which settles a name of
    # several countries' towns.
    gazetteer = gazetteer_of(models)
    assert gazetteer.demonyms()["turkish"] == "TR"


def test_a_place_token_inside_a_persons_name_is_no_place(models):
    entities = story(models, "Steven Lee Jordan, a lawyer, said he would appeal. Jordan told reporters he was confident.")
    assert not [e for e in entities if e.type == "PLACE"]


# ---------------------------------------------------------------- points: centres and names

def test_a_country_is_placed_at_its_centre_not_its_capital(models):
    # Gazetteers and annotators (GeoNames) put Turkey at 39N 35E; Ankara is 200 km west of it.
    turkey = entity_with(story(models, "Turkey said on Monday that it would reopen its border."), "Turkey")
    assert placed_near(turkey, 39.0, 35.0, 50)
    assert turkey.geo.precision == "country"


def test_a_province_is_placed_among_its_towns_not_at_its_largest(models):
    # Alberta's point lies inside the province, well away from Calgary, its largest town (since branch
    # geo5 a province this large is at the middle of its towns' extent, `geo.AREA_EXTENT_KM`).
    alberta = entity_with(story(models, "Wildfires forced thousands to flee in Alberta on Tuesday, officials said."),
                          "Alberta")
    assert alberta is not None and alberta.geo is not None and alberta.geo.precision == "province"
    assert 49.0 < alberta.geo.lat < 60.0 and -120.0 < alberta.geo.lon < -110.0
    assert not placed_near(alberta, 51.05, -114.07, 100)


def test_an_older_name_of_a_city_is_found(models):
    # "Bombay" is an alternate name of Mumbai (the gazetteer's main name).
    bombay = entity_with(story(models, "Heavy rain flooded parts of Bombay on Tuesday, Indian officials said."),
                         "Bombay")
    assert placed_near(bombay, 19.07, 72.88, 30)


def test_an_alternate_name_is_not_taken_for_an_organisation(models):
    # "White House" is also a translation of Casablanca: not for a name labelled an organisation.
    entities = story(models, "The White House said on Monday that the president would veto the bill.")
    white_house = entity_with(entities, "White House")
    assert white_house is None or not placed_near(white_house, 33.59, -7.61, 50)


# ---------------------------------------------------------------- names spaCy missed

def test_a_dateline_in_capitals_is_a_place(models):
    entities = story(models, "By Nate Raymond. BOSTON (Reuters) - The owner of a restaurant in Massachusetts was "
                     "fined on Monday.")
    assert placed_near(entity_with(entities, "BOSTON"), 42.36, -71.06, 20)


def test_a_town_after_a_locative_preposition_is_a_place(models):
    entities = story(models, "The winning numbers were selected at a gas station in Riverdale, Georgia police said.")
    riverdale = entity_with(entities, "Riverdale")
    assert riverdale is not None and riverdale.type == "PLACE"
    assert placed_near(riverdale, 33.57, -84.41, 30)  # Riverdale, Georgia, by the state written beside it


# ---------------------------------------------------------------- ambiguity

def test_a_village_in_a_country_the_story_does_not_name_gets_no_point(models):
    entities = story(models, "Officers searched houses in Beeston on Tuesday.")
    beeston = entity_with(entities, "Beeston")
    assert beeston is None or beeston.geo is None


def test_the_outlet_country_is_read_from_a_country_code_domain():
    assert outlet_country("www.theglobeandmail.ca") == "CA"
    assert outlet_country("www.bbc.co.uk") == "GB"
    assert outlet_country("www.nytimes.com") is None
    assert outlet_country("news.example.tv") is None  # sold worldwide


# ---------------------------------------------------------------- the shipped ranker

def test_shipped_ranker_weights_load_offline_with_their_provenance():
    ranker = load_ranker()
    assert ranker.weights.shape == (len(FEATURES),)
    assert np.all(np.isfinite(ranker.weights)) and 0.0 <= ranker.threshold < 1.0
    data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    assert RANKER_PATH.parent.name == "data" and data["provenance"]["script"] == "train/train_geo.py"
    assert "train half" in data["provenance"]["split"]
    # more population, all else equal, is likelier
    row = np.zeros((2, len(FEATURES)))
    row[1, FEATURES.index("log_population")] = 1.0
    probs = ranker.probabilities(row)
    assert probs[1] > probs[0]


def test_the_gazetteer_is_loaded_once_with_the_models(models):
    assert gazetteer_of(models) is models.gazetteer
    assert models.gazetteer.ranker is not None
    bare = Models(spacy=models.spacy, embedder=models.embedder)
    with pytest.raises(ValueError, match="load_models"):
        gazetteer_of(bare)


def test_the_split_is_stable_and_about_half():
    ids = [f"gwn-{i}" for i in range(400)]
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    assert 150 < sum(split_of(i) == "train" for i in ids) < 250


def test_a_smaller_countrys_centre_is_its_listed_one_even_off_its_largest_island(models):
    # The Philippines' largest island (Luzon) lies north of the country's centre; only a country of a
    # million km² or more moves to its largest land mass (the United States stays at its mainland's centre).
    entities = story(models, "A typhoon struck the Philippines on Friday, and aid arrived from the United States.")
    assert placed_near(entity_with(entities, "Philippines"), 13.0, 122.0, 60)
    assert placed_near(entity_with(entities, "United States"), 39.5, -98.5, 160)
