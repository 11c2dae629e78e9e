"""The fall-back for place names the ranker leaves undecided, and the finder's end-to-end threshold.

Each test names the rule it checks and fails without it.
"""

from __future__ import annotations

import pytest

from newsweave.entities import gazetteer_of
from newsweave.entities.backoff import largest_place
from newsweave.entities.geo import Place
from test_entities import entity_with  # the entity tests' helpers (tests/ is on the path)
from test_geo import placed_near, story

RACING = ("Collard won one race last season, in his home race at Thruxton, near Andover, which will again be "
          "host to the third of the ten races when the BTCC returns to Hampshire on the weekend of May 19/20.")


@pytest.fixture()
def gazetteer(models):
    """The process's gazetteer, its fall-back switched back on after each test."""
    gaz = gazetteer_of(models)
    yield gaz
    gaz.backoff = True


def test_an_undecided_place_name_backs_off_to_its_largest_entry(models, gazetteer):
    # "Hampshire" (the English county; also towns and counties in the US and Canada): the ranker leaves
    # it undecided, and the largest entry of the name is the answer the fall-back gives.
    gazetteer.backoff = False
    before = entity_with(story(models, RACING), "Hampshire")
    gazetteer.backoff = True
    after = entity_with(story(models, RACING), "Hampshire")
    assert before is not None and before.geo is None
    assert placed_near(after, 51.06, -1.31, 161)


def test_a_name_typed_otherwise_gets_no_point_from_the_fall_back(models, gazetteer):
    # "Jordan" of a person's name is no place, whatever the gazetteer holds.
    entities = story(models, "Michael Jordan said on Tuesday that he would not return. Jordan thanked his fans.")
    person = entity_with(entities, "Michael Jordan")
    assert person is not None and person.type == "PERSON" and person.geo is None


def test_the_largest_entry_is_a_country_first_then_the_most_populous():
    town = Place("city:1", "Georgia", "city", "US", 5000, 31.0, -83.0)
    state = Place("sub:2", "Georgia", "province", "US", 400_000, 32.7, -83.4)
    country = Place("country:GE", "Georgia", "country", "GE", 3_700_000, 42.0, 43.5)
    unplaced = Place("sub:3", "Georgia", "district", "US", 9_000_000, None, None)
    assert largest_place((town, state, country)) == country
    assert largest_place((town, state, unplaced)) == state
    assert largest_place((unplaced,)) is None
