"""Claims as structured facts (claims.structured) on real news sentences."""

from __future__ import annotations

from newsweave import claims
from newsweave.model import Article, Claim
from newsweave.nlp import parse_articles


def _attributed(models, text: str, published: str | None = "1998-11-02") -> list[Claim]:
    art = Article(id="a1", path=None, title=None, outlet="AP", url=None, published=published,
                  published_from="metadata", text=text)
    parsed = parse_articles([art], models)[0]
    return [c for c in claims.attribute_article(parsed, [], cue_model=models.attribution_cues) if c.kind != "reported"]


def test_conditional_warning_is_the_negotiators_own_and_conditional(models):
    # "continues" is a reporting verb form; inside an "if" clause it must not cut the content.
    text = ("Chief Palestinian negotiator Saeb Erekat warned that if settlement activity continues, then all "
            "means of resistance are open.")
    (c,) = _attributed(models, text)
    assert "Saeb Erekat" in c.speaker_text and c.cue == "warned"
    assert c.content.startswith("if settlement activity continues")
    assert c.fact.conditional and c.fact.predicate == "be open"


def test_who_what_whom_where_when(models):
    (c,) = _attributed(models, "Castro said he disagreed with the arrest of Pinochet in London on Friday.")
    f = c.fact
    assert (f.speaker, f.predicate, f.negated, f.subject) == ("Castro", "disagree", False, "Castro")
    assert any("arrest of Pinochet" in o for o in f.objects)
    assert f.place == "London"
    assert f.time == "1998-10-30"  # the Friday before Monday 2 November 1998


def test_quantity_with_what_it_counts(models):
    (c,) = _attributed(models, "The hurricane killed at least 7,000 people in Honduras, officials said.")
    f = c.fact
    assert (f.predicate, f.subject, f.place) == ("kill", "The hurricane", "Honduras")
    assert (f.quantity.value, f.quantity.unit) == (7000.0, "people")
    assert f.time is None  # past tense and no date in the content: the article does not say when


def test_present_tense_holds_on_the_articles_date(models):
    (c,) = _attributed(models, "A spokesman said the company employs about 4,000 workers in Ohio.",
                       published="2016-03-14")
    assert c.fact.time == "2016-03-14" and c.fact.predicate == "employ"


def test_negation_and_irregular_lemma(models):
    (c,) = _attributed(models, "Police said the suspect never fled the scene and did not resist arrest.")
    assert c.fact.predicate == "flee" and c.fact.negated


def test_fact_survives_the_json_round_trip(models):
    (c,) = _attributed(models, "The hurricane killed at least 7,000 people in Honduras, officials said.")
    assert Claim.from_dict(c.to_dict()) == c
    assert c.to_dict()["fact"]["quantity"]["value"] == 7000.0


def test_claim_with_spans_and_fact_is_valid_in_the_schema(models):
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("newsweave").joinpath("schema/story.schema.json").read_text())
    claim_schema = {"$schema": schema.get("$schema"), "$defs": schema["$defs"], "$ref": "#/$defs/claim"}
    (c,) = _attributed(models, "The hurricane killed at least 7,000 people in Honduras, officials said.")
    jsonschema.validate(c.to_dict(), claim_schema)
    bad = {**c.to_dict(), "fact": {**c.to_dict()["fact"], "negated": "no"}}
    try:
        jsonschema.validate(bad, claim_schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a fact with a non-boolean 'negated' passed the schema")


def test_a_reported_sentence_has_the_fact_of_its_root(models):
    # Unattributed, the claim's content is the whole sentence, whose main verb is the parse's root.
    art = Article(id="a1", path=None, title=None, outlet="AP", url=None, published="1998-11-02",
                  published_from="metadata", text="The Taliban took Kabul on Sunday.")
    (c,) = claims.attribute_article(parse_articles([art], models)[0], [], cue_model=models.attribution_cues)
    assert c.kind == "reported"
    assert (c.fact.predicate, c.fact.subject, c.fact.negated) == ("take", "The Taliban", False)
