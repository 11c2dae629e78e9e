"""A state's abbreviation after a town, a place name holding a gazetteer place, a district without namesakes.

Each test names the rule it checks, switches it off through its gazetteer
switch where it has one, and fails without it.
"""

from __future__ import annotations


from test_entities import entity_with  # the entity tests' helpers (tests/ is on the path)
from test_geo import placed_near, story

SLIDELL = "Tom Zuppardo took the photo of the pool in the backyard of his home in Slidell, La., on March 5."
WAZIRISTAN = ("Army chief inaugurated two mega projects in South Waziristan Agency on Tuesday. The projects were "
              "executed by the Frontier Works Organisation in Pakistan's tribal areas, Pakistan's army said.")


def test_a_states_abbreviation_after_a_town_is_the_state(models, gazetteer):
    # "La." alone is an alternate name of Los Angeles; after "Slidell, " it is Louisiana.
    gazetteer.states_after_towns = False
    before = entity_with(story(models, SLIDELL), "La")
    gazetteer.states_after_towns = True
    after = entity_with(story(models, SLIDELL), "La")
    assert not placed_near(before, 31.0, -92.0, 161)
    assert after is not None and after.type == "PLACE" and after.geo.precision == "province"
    assert placed_near(after, 31.0, -92.0, 161)


def test_several_abbreviations_after_towns_are_their_states(models, gazetteer):
    entities = story(models, "She grew up in Worcester, Mass., moved to Athens, Ga., in 2001 and now lives in "
                     "Allentown, Pa., where she teaches.")
    assert placed_near(entity_with(entities, "Mass"), 42.3, -71.8, 161)
    assert placed_near(entity_with(entities, "Ga"), 32.7, -83.4, 161)
    assert placed_near(entity_with(entities, "Pa"), 40.9, -77.8, 161)


def test_a_place_name_the_gazetteer_lacks_is_placed_at_the_country_it_names(models, gazetteer):
    # "South Venezuela" has no entry of its own; its words name Venezuela.
    text = ("The company is looking for diamonds in the Orinoco area in South Venezuela. According to some data, "
            "the target area covers 1,000 square kilometres.")
    gazetteer.within = False
    before = entity_with(story(models, text), "South Venezuela")
    gazetteer.within = True
    after = entity_with(story(models, text), "South Venezuela")
    assert before is not None and before.geo is None
    assert placed_near(after, 8.0, -66.0, 161) and after.geo.precision == "country"


def test_a_demonym_in_a_place_name_does_not_place_it(models, gazetteer):
    # "British Embassy Tokyo" is in Tokyo, not in Britain: a demonym qualifies, it does not locate.
    entities = story(models, "Kate Smith, head of trade at the British Embassy Tokyo, said that since the UK "
                     "applied for the ban to be lifted, exports had grown.")
    embassy = next((e for e in entities if "Embassy" in e.name), None)
    assert embassy is None or not placed_near(embassy, 54.0, -2.0, 500)


def test_a_district_without_namesakes_in_the_storys_country_is_placed(models, gazetteer):
    # The gazetteer gives "South Waziristan Agency" its largest town's population (2,223), below the
    # fall-back's least; with no namesake anywhere, in the country the story names, it is the answer.
    district = entity_with(story(models, WAZIRISTAN), "South Waziristan Agency")
    gazetteer.backoff = False
    without = entity_with(story(models, WAZIRISTAN), "South Waziristan Agency")
    assert placed_near(district, 32.3, 69.7, 161)
    assert without is not None and without.geo is None


def test_a_district_the_story_gives_no_country_stays_unplaced(models, gazetteer):
    # The same district, with nothing else in the story pointing at Pakistan: its own name is no backing.
    district = entity_with(story(models, "The Army chief visited South Waziristan Agency, where the projects lie."),
                           "South Waziristan Agency")
    assert district is not None and district.geo is None


def test_a_town_of_some_size_named_inside_a_place_name_places_it(models, monkeypatch):
    # Manassas (41,000 people) is read inside "Lake Manassas" in a story about Virginia; at the
    # least town size before branch geo6 (100,000) it was not.
    from newsweave.entities import references

    text = "Lake Manassas is a 770-acre public reservoir in Prince William County, Virginia, officials said."
    assert placed_near(entity_with(story(models, text), "Lake Manassas"), 38.75, -77.48, 30)
    monkeypatch.setattr(references, "NAMED_TOWN", 100_000)
    assert entity_with(story(models, text), "Lake Manassas").geo is None


def test_a_large_town_inside_a_name_is_read_in_any_story(models, monkeypatch):
    # Buffalo (261,000 people) in a story that names no country: a world city at WORLD_CITY 100,000.
    from newsweave.entities import references

    text = "Last season he pitched for the Blue Jays' triple-A affiliate, the Buffalo Bisons."
    assert placed_near(entity_with(story(models, text), "Buffalo Bisons"), 42.89, -78.88, 30)
    monkeypatch.setattr(references, "WORLD_CITY", 1_000_000)
    assert entity_with(story(models, text), "Buffalo Bisons").geo is None


def test_a_name_labelled_a_person_in_a_list_of_places_is_a_place(models, monkeypatch):
    # spaCy labels "Eindhoven" a person; joined by a comma to "Schiphol", which it labels a place, it needs
    # only the finder's general threshold (0.4), which it reaches (0.58), not the person's (0.6).
    from newsweave.entities import toponyms

    text = "Flights leave from Schiphol, Eindhoven and Almelo."
    assert placed_near(entity_with(story(models, text), "Eindhoven"), 51.44, 5.48, 30)
    monkeypatch.setattr(toponyms, "LISTS", False)
    eindhoven = entity_with(story(models, text), "Eindhoven")
    assert eindhoven is None or eindhoven.geo is None


def test_a_demonym_after_ex_keeps_its_country(models):
    # "ex-Russian agent": the man was Russian; "ex" keeps the demonym's country as "anti" and "pro" do.
    entities = story(models, "Yulia Skripal was poisoned last month along with her ex-Russian agent father Sergei.")
    ex = entity_with(entities, "ex-Russian")
    assert ex is not None and ex.refers_to is not None and ex.refers_to.geo.precision == "country" \
        and placed_near(ex.refers_to, 60.0, 100.0, 1)


def test_a_school_named_after_its_town_refers_to_that_town(models):
    # "Kendale Lakes Elementary School": the town of 56,000 people its name opens with is where it is.
    entities = story(models, "A 15-year-old student was arrested on Thursday at Kendale Lakes Elementary School in "
                     "Miami, police said. Miami police said no one was hurt.")
    school = next((e for e in entities if e.name.endswith("School")), None)
    assert school is not None and school.type == "ORG" and school.geo is None
    assert school.refers_to is not None and school.refers_to.relation == "named_in"
    assert placed_near(school.refers_to, 25.71, -80.41, 10)
