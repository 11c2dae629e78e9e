"""Place references of non-place entities: a demonym's country, the place named inside an organisation's name.

Each test is news prose of the kind newsweave reads, and fails without the
rule it names. The entities keep their type and get no point of their own:
only their `refers_to` says where they point.
"""

from __future__ import annotations

from newsweave.entities import gazetteer_of
from newsweave.model import Entity, PlaceReference
from test_entities import entity_with, km  # the entity tests' helpers (tests/ is on the path)
from test_geo import story


def refers_near(entity, relation: str, lat: float, lon: float, within: float) -> bool:
    """Whether the entity refers, by this relation, to a place within `within` km of (lat, lon)."""
    ref = entity.refers_to if entity is not None else None
    return ref is not None and ref.relation == relation and ref.geo is not None \
        and km(ref.geo.lat, ref.geo.lon, lat, lon) <= within


def test_a_demonym_refers_to_its_country_and_stays_off_the_map(models):
    entities = story(models, "A Kurdish militia spokesman says Turkey has shelled a city in northeastern Syria as "
                     "Turkish forces press into a Syrian Kurdish enclave for the fourth straight day.")
    turkish = entity_with(entities, "Turkish")
    assert turkish is not None and turkish.type != "PLACE" and turkish.geo is None
    assert refers_near(turkish, "demonym", 39.0, 35.0, 400)
    assert turkish.refers_to.text == "Turkish"
    turkey = entity_with(entities, "Turkey")  # the story's own place entity of that country is named
    assert turkey is not None and turkish.refers_to.place == turkey.id


def test_a_hyphenated_demonym_refers_through_its_demonym_part(models):
    entities = story(models, "Moscow said the expulsions reflected \"the anti-Russian policy, the growing threatening "
                     "rhetoric\" of Western governments.")
    anti = next((e for e in entities if "Russian" in e.name), None)
    assert anti is not None and anti.type != "PLACE" and anti.geo is None
    assert refers_near(anti, "demonym", 60.0, 100.0, 400) and anti.refers_to.text == "Russian"


def test_a_designator_after_the_place_is_not_part_of_the_reference(models):
    entities = story(models, "In a press release, Maryland State Police say the man was charged with theft.")
    police = entity_with(entities, "Maryland State Police")
    assert refers_near(police, "named_in", 39.0, -76.8, 161) and police.refers_to.text == "Maryland"


def test_a_people_of_no_one_country_refers_to_none(models):
    entities = story(models, "A Kurdish militia spokesman says Turkey has shelled a city in northeastern Syria.")
    kurdish = entity_with(entities, "Kurdish")
    assert kurdish is not None and kurdish.refers_to is None and kurdish.geo is None


def test_american_is_the_united_states_not_the_northern_marianas(models):
    # countryinfo lists "American" for the Northern Mariana Islands before the United States:
    # a shared demonym belongs to the most populous of its countries.
    assert gazetteer_of(models).demonyms()["american"] == "US"
    entities = story(models, "None of the injured were British, and American reports claimed the blast was a "
                     "roadside bomb.")
    assert refers_near(entity_with(entities, "American"), "demonym", 39.8, -98.6, 1200)


def test_the_state_inside_an_agency_name_is_its_reference(models):
    entities = story(models, "The Illinois Department of Public Health said on Monday that three more cases of "
                     "measles had been confirmed in Chicago.")
    agency = entity_with(entities, "Illinois Department of Public Health")
    assert agency is not None and agency.type == "ORG" and agency.geo is None
    assert refers_near(agency, "named_in", 40.0, -89.2, 161)
    assert agency.refers_to.text == "Illinois"
    assert entity_with(entities, "Illinois") is None  # no place entity is invented for it


def test_a_place_after_of_inside_a_name_is_its_reference(models):
    entities = story(models, "He hadn't gotten into four University of California schools he applied to, "
                     "a spokesman said.")
    university = entity_with(entities, "University of California")
    assert refers_near(university, "named_in", 37.2, -119.5, 300)


def test_a_demonym_inside_an_organisation_name_refers_to_its_country(models):
    entities = story(models, "The Britain-based Syrian Observatory for Human Rights says at least 24 civilians "
                     "have been killed in the clashes.")
    observatory = entity_with(entities, "Syrian Observatory for Human Rights")
    assert refers_near(observatory, "named_in", 35.0, 38.0, 300)


def test_a_person_named_after_a_place_refers_to_none(models):
    entities = story(models, "Jack London wrote The Call of the Wild in 1903, his publisher said.")
    london = entity_with(entities, "Jack London")
    assert london is not None and london.type == "PERSON" and london.refers_to is None


def test_a_reference_round_trips_through_the_json_contract():
    ref = PlaceReference("demonym", "Russian Federation", "Russian", None, "e3")
    entity = Entity("e1", "Russian", "OTHER", ("Russian",), (), None, ref)
    assert Entity.from_dict(entity.to_dict()) == entity
    assert Entity.from_dict({**entity.to_dict(), "refers_to": None}).refers_to is None


def test_a_country_anywhere_in_a_company_name_is_its_reference(models):
    entities = story(models, "HSBC Bank Malta plc shed 2.2% to the €1.78 level on heightened volumes, the "
                     "exchange said.")
    bank = next((e for e in entities if e.name.startswith("HSBC")), None)
    assert refers_near(bank, "named_in", 35.9, 14.4, 100) and bank.refers_to.text == "Malta"


def test_a_possessive_name_is_someones_not_a_place(models):
    # "Victoria" is an Australian state, but "Victoria's Secret" is named after a person.
    entities = story(models, "L Brands, the owner of Victoria's Secret, said on Thursday that its quarterly sales "
                     "fell by 3 percent.")
    brand = next((e for e in entities if "Victoria" in e.name), None)
    assert brand is not None and brand.refers_to is None


def test_a_dateline_with_its_state_abbreviated_is_a_place(models):
    # The state between the town and the agency no longer hides the dateline.
    entities = story(models, "PLEASANTON, Calif.--(BUSINESS WIRE)--A maker of cold chain equipment said on Tuesday "
                     "it had hired a new chief executive.")
    town = entity_with(entities, "PLEASANTON")
    assert town is not None and town.type == "PLACE"
    assert km(town.geo.lat, town.geo.lon, 37.66, -121.87) <= 30


def test_a_postal_abbreviation_after_a_town_is_its_state(models):
    # "N.M." is left out of the state abbreviations a name can be alone, but right after a town it
    # qualifies it: Santa Fe, New Mexico, not the Argentine province.
    entities = story(models, "SANTA FE, N.M. (AP) - The state's top prosecutor said on Monday that the case was "
                     "closed.")
    town = entity_with(entities, "SANTA FE")
    assert town is not None and km(town.geo.lat, town.geo.lon, 35.69, -105.94) <= 50


def test_a_name_that_provinces_of_many_countries_share_is_no_reference(models):
    # "Central" is a province of Paraguay, Zambia, Ghana, Uganda and more: a word, not a place.
    entities = story(models, "Members of the Central Valley Baptist Church collected blankets and water for the "
                     "survivors in Haiti, the pastor said.")
    church = next((e for e in entities if "Baptist" in e.name), None)
    assert church is not None and church.refers_to is None


def test_a_demonym_before_city_of_qualifies_the_town_and_stays_a_reference(models):
    # "the British city of Salisbury": Britain's Salisbury, not Zimbabwe's larger one; "British" is
    # cued a place by the "city" after it, yet it is a nationality that refers to its country.
    entities = story(models, "Police cordoned off a park in the British city of Salisbury, where a man and a woman "
                     "were found unconscious on a bench.")
    salisbury = entity_with(entities, "Salisbury")
    assert salisbury is not None and km(salisbury.geo.lat, salisbury.geo.lon, 51.07, -1.80) <= 30
    british = entity_with(entities, "British")
    assert british is not None and british.type == "OTHER" and british.geo is None
    assert refers_near(british, "demonym", 54.0, -2.5, 400)


def test_a_demonym_labelled_a_person_refers_to_its_country(models):
    # spaCy labels "The Azerbaijani" a person here; a single demonym with no title is a nationality.
    from newsweave.entities import resolve_entities
    from newsweave.model import Article
    from newsweave.nlp import parse_articles

    text = "The Azerbaijani said the talks had failed."
    entities = resolve_entities(parse_articles([Article("a1", None, None, None, None, None, None, text)], models),
                                models)
    found = next(e for e in entities if e.name == "Azerbaijani")
    assert found.refers_to is not None and found.refers_to.relation == "demonym"
    assert found.refers_to.name == "Azerbaijan"


def test_a_demonym_after_a_regions_word_is_no_countrys(models):
    # "Central American migrants", "North American Free Trade Agreement": not the United States.
    from newsweave.entities import resolve_entities
    from newsweave.model import Article
    from newsweave.nlp import parse_articles

    text = ("Mexico said it would stop a caravan of Central American migrants heading north. The talks on the "
            "North American Free Trade Agreement resumed in Washington.")
    entities = resolve_entities(parse_articles([Article("a1", None, None, None, None, None, None, text)], models),
                                models)
    for name in ("Central American", "North American Free Trade Agreement"):
        found = next(e for e in entities if e.name == name)
        assert found.refers_to is None or found.refers_to.name != "United States", name
