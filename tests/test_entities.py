"""Entities across sources: resolution, must-not-merge cases, types, geocodes, offsets.

Snippets are real sentences from the reference samples and the MultiLing 2011
WikiNews sources, or written as wire copy is (1998 AP-style stories for the
merging rules of issue 17); each table row is one rule.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from newsweave.entities import entity_for_span, gazetteer_of, resolve_entities
from newsweave.entities import names
from newsweave.model import Article, Settings
from newsweave.nlp import parse_articles


def story(models, *texts: str):
    """Resolve the entities of a story made of these article texts."""
    articles = [Article(f"a{i}", None, None, None, None, None, None, t) for i, t in enumerate(texts, 1)]
    parsed = parse_articles(articles, models)
    return parsed, resolve_entities(parsed, models)


def entity_with(entities, alias: str):
    """The entity that has `alias` among its aliases (None if none)."""
    found = [e for e in entities if alias in e.aliases]
    assert len(found) <= 1, f"{alias!r} is an alias of several entities"
    return found[0] if found else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


# ---------------------------------------------------------------- the reference samples


@pytest.fixture(scope="module")
def sample(models, samples_dir):
    from newsweave.pipeline import prepare

    prepared = prepare(sorted(str(p) for p in samples_dir.glob("*.txt")), Settings())
    parsed = parse_articles(prepared.articles, models)
    return parsed, resolve_entities(parsed, models)


@pytest.mark.parametrize("group", [
    ("NRF", "NRFA", "National Resistance Front of Afghanistan", "National Resistance Front", "Resistance Front"),
    ("Paryan", "Parian"),
    ("Tolo News", "ToloNews", "TOLO News"),
    ("Massoud", "Massaoud", "Ahmad Massoud"),
    ("Fahim Dashti", "Dashti"),
    ("Panjshir", "Panjshir Valley", "Panjshir province"),
])
def test_sample_variant_groups_are_one_entity(sample, group):
    _, entities = sample
    found = {entity_with(entities, alias) for alias in group}
    assert None not in found, f"missing aliases among {group}"
    assert len(found) == 1


@pytest.mark.parametrize("a, b", [
    ("Ahmad Massoud", "Ahmad Shah Massoud"),  # son and father
    ("Paryan", "Rukha"),  # two districts of one province
    ("Paryan", "Bazarak"),
    ("Fahim Dashti", "Fahim Fetrat"),  # same first name
    ("Panjshir", "Andarab"),
    ("Afghanistan", "Afghan"),
])
def test_sample_distinct_referents_stay_apart(sample, a, b):
    _, entities = sample
    ea, eb = entity_with(entities, a), entity_with(entities, b)
    assert ea is not None and eb is not None
    assert ea is not eb


@pytest.mark.parametrize("name, lat, lon, precision", [
    ("Bazarak", 35.31, 69.52, "city"),  # the provincial capital
    ("Kabul", 34.53, 69.17, "city"),  # the capital
    ("Panjshir", 35.31, 69.52, "province"),  # placed at its capital
    ("Rukha", 35.27, 69.46, "province"),  # gazetteer "Rukhah", a district without towns: its province's point
])
def test_sample_geocodes_within_30_km(sample, name, lat, lon, precision):
    _, entities = sample
    e = entity_with(entities, name)
    assert e is not None and e.type == "PLACE" and e.geo is not None
    assert km(e.geo.lat, e.geo.lon, lat, lon) < 30
    assert e.geo.precision == precision


@pytest.mark.parametrize("alias, kind", [
    ("Ahmad Massoud", "PERSON"), ("Fahim Dashti", "PERSON"), ("Sakhi Dad Mujmar", "PERSON"),
    ("Panjshir", "PLACE"), ("Andarab", "PLACE"), ("Paryan", "PLACE"), ("Baghlan", "PLACE"),
    ("NRF", "ORG"), ("Tolo News", "ORG"), ("Afghan", "OTHER"),
])
def test_sample_types(sample, alias, kind):
    _, entities = sample
    assert entity_with(entities, alias).type == kind


def test_sample_offsets_are_exact_and_most_mentioned_first(sample):
    parsed, entities = sample
    texts = {p.article.id: p.article.text for p in parsed}
    for e in entities:
        assert e.mentions and e.aliases
        for m in e.mentions:
            assert texts[m.article][m.start : m.end] in e.aliases
    counts = [len(e.mentions) for e in entities]
    assert counts == sorted(counts, reverse=True)
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]


def test_sample_no_number_or_date_entities(sample):
    _, entities = sample
    for e in entities:
        assert not any(ch.isdigit() for ch in e.name), e.name
        assert e.name not in ("Sunday", "Monday")


# ---------------------------------------------------------------- rules on snippets


@pytest.mark.parametrize("texts, group", [
    # an acronym defined in the text
    (["Ahmad Massoud, the leader of the National Resistance Front of Afghanistan (NRFA), said he was ready. "
      "The Taliban and the NRFA have been locked in battle."], ("National Resistance Front of Afghanistan", "NRFA")),
    # an acronym never defined, in another article, without the country suffix
    (["Ahmad Massoud, the leader of the National Resistance Front of Afghanistan, said he was ready for talks.",
      "The NRF said its spokesman Fahim Dashti had been killed in the conflict."],
     ("National Resistance Front of Afghanistan", "NRF")),
    # "X" and "X of <country>"
    (["The National Resistance Front is ready to stop the war immediately, Ahmad Massoud said.",
      "Massoud said the National Resistance Front of Afghanistan would be prepared to stop fighting."],
     ("National Resistance Front", "National Resistance Front of Afghanistan")),
    # an organisation's head as a short form
    (["Tehran said the Iranian Revolutionary Guard had detained the sailors. "
      "A spokesman for the Revolutionary Guard said they had entered Iranian waters."],
     ("Iranian Revolutionary Guard", "Revolutionary Guard")),
    # a surname resolves to the full name used in the article
    (["Prime Minister Tony Blair said the sailors must be released. Blair added that talks were under way."],
     ("Tony Blair", "Blair")),
    # a typo of a surname, across articles
    (["Fabian Cancellara of Switzerland won the prologue in London.",
      "Canchellara finished the prologue 13 seconds ahead of Andreas Klöden."],
     ("Fabian Cancellara", "Canchellara")),
    # a transliteration variant of a district, with and without its designator
    (["The Taliban have taken Paryan district, which is close to Bazarak.",
      "The resistance forces had re-captured the Parian district of Panjshir from the Taliban on Sunday."],
     ("Paryan", "Parian")),
    # spacing and case variants of an outlet
    (["Local media outlet Tolo News also quoted a Taliban source.",
      "Afghan news outlet ToloNews reported the claim.", "TOLO News quoted him as saying so."],
     ("Tolo News", "ToloNews", "TOLO News")),
    # a middle initial
    (["The bill was signed into law by president George W. Bush on Friday. George Bush thanked Congress."],
     ("George W. Bush", "George Bush")),
    # an acronym with an acronym inside it
    (["The US Geological Survey said the earthquake struck at a depth of 35 km.",
      "According to the USGS, the quake had a magnitude of 8.8."], ("US Geological Survey", "USGS")),
    # an organisation's generic tail
    (["Aid agencies such as Oxfam International said aid was arriving.",
      "Oxfam said it had sent water engineers to Sri Lanka."],
     ("Oxfam International", "Oxfam")),
    # leading words that are one entity named two ways
    (["The United Nations said it would send aid. The UN Security Council met on Friday.",
      "The United Nations Security Council condemned the seizure."],
     ("UN Security Council", "United Nations Security Council")),
    # a country's organisation, with or without the country
    (["Charles Graner, a US Army reservist, was found guilty.",
      "The United States Army said Graner would be discharged. The Army declined to comment."],
     ("US Army", "United States Army", "Army")),
    # an honorific does not block a merge
    (["Former Prime Minister Margaret Thatcher visited Augusto Pinochet in London on Friday.",
      "Lady Thatcher said the general had been a staunch friend of Britain during the Falklands war."],
     ("Margaret Thatcher", "Lady Thatcher")),
    # a title the story also writes in lower case
    (["His body was discovered Tuesday by a maid who entered his hotel room in Biloxi, Coroner Gary Hargrove "
      "said.\nThe coroner said he believes the man died Saturday.", "Gary Hargrove said an autopsy was planned."],
     ("Coroner Gary Hargrove", "Gary Hargrove")),
    # a second surname dropped in a later mention
    (["Honduran President Carlos Flores Facusse asked for international aid after the hurricane.",
      "Carlos Flores said the storm had set the country back 50 years."], ("Carlos Flores Facusse", "Carlos Flores")),
    # a team named without its city
    (["The New Orleans Saints beat the Atlanta Falcons 28-20 on Sunday. The Saints scored twice in the fourth "
      "quarter.", "The Saints have now won four straight games."], ("New Orleans Saints", "Saints")),
    # a headline's name run into its verb
    (["Esther Williams Dies At 91\nEsther Williams, the swimmer who became a movie star, died on Thursday.",
      "Esther Williams was 91."], ("Esther Williams", "Esther Williams Dies")),
    # an acronym used beside its expansion
    (["The Palestinian National Council met in Gaza on Monday to revoke clauses of the PLO charter. "
      "Arafat told the PNC that the vote would show the world that peace was possible."],
     ("Palestinian National Council", "PNC")),
])
def test_resolution_rules(models, texts, group):
    _, entities = story(models, *texts)
    found = {entity_with(entities, alias) for alias in group}
    assert None not in found, [e.aliases for e in entities]
    assert len(found) == 1


@pytest.mark.parametrize("texts, a, b", [
    # father and son share a surname and a first name
    (["Militiamen loyal to Ahmad Massoud, son of the late Ahmad Shah Massoud, stand in formation.",
      "Ahmad Massoud said he welcomed proposals by religious clerics."], "Ahmad Massoud", "Ahmad Shah Massoud"),
    # two people with the same first name
    (["Tony Blair said the sailors must be released. Tony Hall, a former captain, said the crew was well trained."],
     "Tony Blair", "Tony Hall"),
    # two districts of one province
    (["The Taliban have taken Paryan district, and have also taken control of Panjshir's Rukha district."],
     "Paryan", "Rukha"),
    # a country and its nationality adjective differ by one letter
    (["Romania sent aid to Sri Lanka.", "Romanian artists held a concert for the victims."], "Romania", "Romanian"),
    # two countries one letter apart
    (["Iran seized 15 sailors near the border with Iraq.", "Iraq said the sailors were in Iraqi waters, not Iran's."],
     "Iran", "Iraq"),
    # an organisation's leading words name another body
    (["The United Nations Security Council met on Friday.", "The United Nations called for calm."],
     "United Nations Security Council", "United Nations"),
    # a nationality is not a spelling of a city
    (["Chilean officials said the quake struck near Chillán.", "The Chilean president visited Chillán."],
     "Chilean", "Chillán"),
    # a place that is also a person's first name
    (["Israeli Prime Minister Ariel Sharon visited the West Bank on Tuesday.",
      "Settlers in Ariel protested against the withdrawal. The mayor of Ariel said the town would stay."],
     "Ariel Sharon", "Ariel"),
    (["Harrison Ford starred in the film.", "Harrison, a town in New Jersey, held a parade."], "Harrison Ford", "Harrison"),
    # an acronym whose letters match an unrelated place
    (["Oil prices rose as a storm moved across the Gulf of Mexico, forcing rigs to close.",
      "GM said its sales fell 10 percent in October, the automaker said."], "Gulf of Mexico", "GM"),
    # two companies sharing a generic head, and the head alone
    (["Standard Oil of New Jersey later became Exxon. Standard Oil of New York became Mobil.",
      "The breakup of Standard Oil in 1911 created 34 companies, including Standard Oil of New Jersey."],
     "Standard Oil of New Jersey", "Standard Oil of New York"),
    (["Standard Oil of New Jersey later became Exxon. Standard Oil of New York became Mobil.",
      "The breakup of Standard Oil in 1911 created 34 companies, including Standard Oil of New Jersey."],
     "Standard Oil of New Jersey", "Standard Oil"),
])
def test_must_not_merge(models, texts, a, b):
    _, entities = story(models, *texts)
    ea, eb = entity_with(entities, a), entity_with(entities, b)
    assert ea is not None and eb is not None, [e.aliases for e in entities]
    assert ea is not eb


def test_surname_goes_to_the_salient_namesake(models):
    text = ("Making an announcement on the group's Facebook page, the leader of the National Resistance Front, "
            "Ahmad Massoud said they welcome viewpoints from the religious scholars. Dashti had escaped the "
            "suicide attempt that killed Massoud's father, Ahmad Shah Massoud, on September 9, 2001.")
    parsed, entities = story(models, text)
    son, father = entity_with(entities, "Ahmad Massoud"), entity_with(entities, "Ahmad Shah Massoud")
    short = text.index("Massoud's")
    assert entity_for_span(entities, "a1", short, short + len("Massoud")) is son
    assert son is not father


@pytest.mark.parametrize("text, alias, kind", [
    ("Taliban spokesman Zabihullah Mujahid recently said on Twitter that the group attacked.", "Zabihullah Mujahid", "PERSON"),
    ("Fahim Dashti, spokesperson for the Resistance Front said that at least a thousand were trapped.", "Fahim Dashti", "PERSON"),
    ("One of the Taliban commanders, Maulvi Sakhi Dad Mujmar said: \"Several cannons were seized.\"", "Sakhi Dad Mujmar", "PERSON"),
    ("The Taliban have taken Paryan district, which is close to Bazarak, the seat of the province.", "Paryan", "PLACE"),
    ("He was referring to a district in the neighboring province of Baghlan.", "Baghlan", "PLACE"),
    # the subject of a verb of saying who speaks as "she" is a person, although spaCy labels a city
    ("Paris said she would not attend the hearing. Paris told reporters she was innocent.", "Paris", "PERSON"),
])
def test_types_from_context_and_gazetteer(models, text, alias, kind):
    parsed, entities = story(models, text)
    e = entity_with(entities, alias)
    assert e is not None, [x.aliases for x in entities]
    assert e.type == kind
    for m in e.mentions:
        assert parsed[0].article.text[m.start : m.end] == alias  # titles are cut off the span


@pytest.mark.parametrize("text, kept, split_off", [
    ("Local media have reported that the Taliban have also taken control of Panjshir's Rukha district. "
     "Fighting continued in Panjshir.", "Rukha", "Panjshir"),
])
def test_possessive_is_split_only_when_both_are_names(models, text, kept, split_off):
    parsed, entities = story(models, text)
    assert entity_with(entities, kept) is not None
    assert len(entity_with(entities, split_off).mentions) == 2


def test_possessive_inside_a_place_name_is_kept(models):
    _, entities = story(models, "Police said the bomb exploded on a train between King's Cross and Russell Square.")
    assert entity_with(entities, "King") is None


@pytest.mark.parametrize("texts, alias", [
    (["Scientists said the Earth wobbled after the quake."], "Earth"),  # a village in Texas, no context
    (["Officers searched houses in Beeston on Tuesday."], "Beeston"),  # hamlets in two counties
])
def test_ambiguous_or_regional_places_get_no_geo(models, texts, alias):
    _, entities = story(models, *texts)
    e = entity_with(entities, alias)
    if e is not None:
        assert e.geo is None


def test_a_continent_is_a_continent_not_a_town_of_its_name(models):
    _, entities = story(models, "Leaders gathered in Asia and Europe to discuss the response.")
    asia = entity_with(entities, "Asia")
    assert asia is not None and asia.geo is not None and asia.geo.precision == "continent"


def test_story_country_beats_namesake_abroad(models):
    # Kabul is also a town in Israel; the story is about Afghanistan
    _, entities = story(models, "The Taliban took power in Kabul, the capital of Afghanistan, on August 15.")
    e = entity_with(entities, "Kabul")
    assert e.geo is not None and km(e.geo.lat, e.geo.lon, 34.53, 69.17) < 30


def test_entity_for_span(models):
    text = "Resistance spokesman Fahim Dashti said the fighting continued near Bazarak."
    _, entities = story(models, text)
    start = text.index("spokesman")
    hit = entity_for_span(entities, "a1", start, text.index(" said"))
    assert hit is not None and hit.name == "Fahim Dashti"
    assert entity_for_span(entities, "a1", 0, 3) is None
    assert entity_for_span(entities, "a2", start, start + 5) is None


def test_empty_story(models):
    assert story(models, "")[1] == []


# ---------------------------------------------------------------- name keys


@pytest.mark.parametrize("a, b, same", [
    ("paryan", "parian", True), ("massoud", "massaoud", True), ("shehzad", "shezhad", True),
    ("romania", "romanian", False), ("iran", "iraq", False), ("unit1", "unit2", False),
])
def test_close_tokens(a, b, same):
    assert names.close_tokens(a, b) is same


@pytest.mark.parametrize("tokens, last_is_place, acronym", [
    (("national", "resistance", "front", "of", "afghanistan"), True, "nrfa"),
    (("national", "resistance", "front", "of", "afghanistan"), True, "nrf"),
    (("union", "cycliste", "internationale"), False, "uci"),
])
def test_initials(tokens, last_is_place, acronym):
    assert acronym in names.initials_variants(tokens, last_is_place)


def test_grouping_does_not_depend_on_article_order(models, sample):
    parsed, entities = sample
    again = resolve_entities(list(reversed(parsed)), models)
    groups = lambda ents: {frozenset((m.article, m.start, m.end) for m in e.mentions) for e in ents}  # noqa: E731
    assert groups(again) == groups(entities)


def test_pair_scorer_joins_a_surname_spacy_typed_an_organisation(models):
    from newsweave.entities.pairs import load_pair_model
    from newsweave.entities.resolve import resolve

    texts = ["Lindsay Lohan Checks Into Rehab\nLindsay Lohan entered a treatment center on Monday.",
             "Lohan's lawyer said she was doing well."]
    articles = [Article(f"a{i}", None, None, None, None, None, None, t) for i, t in enumerate(texts, 1)]
    parsed = parse_articles(articles, models)
    full = 0  # the headline's name (spaCy runs it into the headline's verb)
    short = texts[1].index("Lohan")
    gazetteer = gazetteer_of(models)
    with_model = resolve(parsed, gazetteer, load_pair_model())
    assert entity_for_span(with_model, "a1", full, full + 13) is entity_for_span(with_model, "a2", short, short + 5)
    never = replace(load_pair_model(), threshold=2.0)  # the rules alone leave them apart
    rules_only = resolve(parsed, gazetteer, never)
    assert entity_for_span(rules_only, "a1", full, full + 13) is not entity_for_span(rules_only, "a2", short, short + 5)


def test_pair_model_ships_with_its_record():
    from newsweave.entities.pairs import FEATURES, load_pair_model

    model = load_pair_model()
    assert model is not None and model.weights.shape == (len(FEATURES),)
    assert 0.0 < model.threshold <= 1.0

