"""Places the gazetteer lacks, continents, and "America": each rule on news sentences.

Each test names the rule it checks and fails without it.
"""

from __future__ import annotations

from newsweave.entities import gazetteer_of
from newsweave.entities.unlisted import is_site
from newsweave.model import Story
from newsweave.report.views import story_view
from test_entities import entity_with, km  # the entity tests' helpers (tests/ is on the path)
from test_geo import placed_near, story


def test_a_building_whose_name_holds_the_towns_is_placed_at_that_town(models):
    # "Manila Cathedral" has no gazetteer entry; the story places Manila, which its name holds.
    entities = story(models, "MANILA, Philippines - Thousands of Catholics attended the Easter Vigil at the Manila "
                     "Cathedral on Saturday. The cardinal baptized eight adults at Manila Cathedral, and pilgrims "
                     "later walked through the streets of Manila.")
    cathedral = entity_with(entities, "Manila Cathedral")
    assert placed_near(cathedral, 14.59, 120.98, 20)
    assert cathedral.geo.precision == "city"
    assert "Manila" not in cathedral.aliases  # placed at its town, never merged with it


def test_a_square_written_in_a_town_is_placed_at_that_town(models):
    # "X Square in Bratislava": the town written after the name places it.
    entities = story(models, "Tesco confirmed on Monday that it is negotiating the sale of its department store on "
                     "Kamenne Square in Bratislava, the Slovak capital.")
    square = next((e for e in entities if "Square" in e.name), None)
    assert placed_near(square, 48.15, 17.11, 30)


def test_a_street_is_placed_at_the_towns_the_story_is_about(models):
    # Neither its name nor the words after it say where "Eglinton Avenue West" is; the story's own town does.
    entities = story(models, "Toronto police are searching for two suspects after a robbery at a jewellery store "
                     "near Eglinton Avenue West and Dufferin Street on Tuesday night. Toronto police said the "
                     "suspects smashed a glass display case.")
    avenue = next((e for e in entities if e.name.startswith("Eglinton")), None)
    assert placed_near(avenue, 43.70, -79.42, 40)


def test_a_regions_name_is_not_put_at_the_storys_town(models):
    # "Eastern Ghouta" is no building or street: the story's town (Damascus) is no answer for it.
    entities = story(models, "Damascus said on Monday that the operation to eliminate terrorism in Eastern Ghouta "
                     "is almost done. Residents of Damascus reported shelling overnight.")
    region = next((e for e in entities if "Ghouta" in e.name), None)
    assert region is None or region.geo is None or not placed_near(region, 33.51, 36.29, 5)


def test_site_heads_take_the_last_word_but_a_compass_point():
    assert is_site(("eglinton", "avenue", "west"))
    assert is_site(("rogers", "centre"))
    assert not is_site(("eastern", "ghouta"))
    assert not is_site(("centre",))


def test_america_alone_is_the_united_states(models):
    # "America" alone means the United States (the continents are North and South America).
    entities = story(models, "She moved from South Korea to America to become a chef, and before she left for "
                     "America her mother sent her $20,000.")
    america = entity_with(entities, "America")
    assert america is not None and america.geo is not None and america.geo.precision == "country"
    assert placed_near(america, 39.5, -98.5, 400)


def test_continents_are_placed_at_geonames_point_and_left_off_the_map(models):
    # GeoNames' point for Europe, precision "continent"; "the European Union" refers to it. Switched
    # off (to measure it), the continent has no point.
    text = ("Airlines across Europe urged the European Union to cut airport charges. Europe's carriers carried "
            "a record number of passengers last year.")
    entities = story(models, text)
    europe = entity_with(entities, "Europe")
    assert placed_near(europe, 48.69, 9.14, 1) and europe.geo.precision == "continent"
    union = next(e for e in entities if e.name.startswith("European Union") or e.name == "EU")
    assert union.refers_to is not None and union.refers_to.name == "Europe"
    view = story_view(Story(id="s1", title="Airlines", articles=(), entities=tuple(entities)), {})
    assert europe.id not in {p.entity.id for p in view.places}
    gazetteer = gazetteer_of(models)
    gazetteer.continents = False
    try:
        europe = entity_with(story(models, text), "Europe")
    finally:
        gazetteer.continents = True
    assert europe is not None and europe.geo is None


def test_an_organisation_named_like_a_building_refers_to_its_town(models, monkeypatch):
    # A school is an organisation (it stays one, off the map) and a building: it refers to the town it is in.
    # Kendale Lakes (56,000 people) is itself read inside the name at references.NAMED_TOWN (30,000 since
    # branch geo6: tests/test_geo_places_within.py); above its size the town written after the name decides.
    from newsweave.entities import references

    monkeypatch.setattr(references, "NAMED_TOWN", 100_000)
    entities = story(models, "A 15-year-old student was arrested on Thursday at Kendale Lakes Elementary School in "
                     "Miami, police said. Miami police said no one was hurt.")
    school = next((e for e in entities if e.name.endswith("School")), None)
    assert school is not None and school.type == "ORG" and school.geo is None
    ref = school.refers_to
    assert ref is not None and ref.relation == "located_in" and ref.name == "Miami"
    assert ref.geo is not None and km(ref.geo.lat, ref.geo.lon, 25.77, -80.19) <= 20
