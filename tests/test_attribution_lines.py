"""Lines written "Speaker: what they say" (headlines, interview transcripts), on real-style news lines."""

from __future__ import annotations

from newsweave import claims
from newsweave.model import Article, Claim
from newsweave.nlp import parse_articles


def _attributed(models, text: str) -> list[Claim]:
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    found = claims.attribute_article(parse_articles([art], models)[0], [], cue_model=models.attribution_cues)
    return [c for c in found if c.kind != "reported"]


def _speaker(c: Claim, text: str) -> str:
    return text[c.speaker_start:c.speaker_end]


def test_headline_speaker_before_a_colon(models):
    text = ("Warren: Donald Trump Is a ‘Proven Failure’ in Business\n\n"
            "The senator spoke at a rally in Boston on Tuesday evening.")
    (c,) = [c for c in _attributed(models, text) if c.cue == ":"]
    assert _speaker(c, text) == "Warren"
    assert c.content == "Donald Trump Is a ‘Proven Failure’ in Business"
    assert text[c.cue_start:c.cue_end] == ":"


def test_transcript_turns_over_several_sentences(models):
    text = ("BLITZER: Do you think the governor has campaigned as a healer this summer?\n\n"
            "KASICH: I think he is trying. I think that has been part of his message all along.\n\n"
            "BLITZER: Thank you for joining us on the program tonight.")
    turns = [c for c in _attributed(models, text) if c.cue == ":"]
    assert [_speaker(c, text) for c in turns] == ["BLITZER", "KASICH", "BLITZER"]
    assert turns[1].content == "I think he is trying. I think that has been part of his message all along."


def test_a_label_before_a_colon_is_no_speaker(models):
    text = ("Update: The storm destroyed more than 300 homes on the island before it turned north.\n\n"
            "Photo: Rescue workers search the rubble of a house in the harbour town on Monday.")
    assert [c for c in _attributed(models, text) if c.cue == ":"] == []


def test_a_sentence_with_a_colon_inside_is_not_a_speaker_line(models):
    text = "The plan has three parts: a tax cut, a wall on the border and a new trade deal with China."
    assert [c for c in _attributed(models, text) if c.cue == ":"] == []


def test_a_paragraph_after_a_colon_is_what_the_writer_wrote(models):
    text = ("In his memoir, the former governor wrote:\n\n"
            "It would be difficult to overstate how much the party changed in those years, and how fast.\n\n"
            "The book sold well in Iowa.")
    (c,) = [c for c in _attributed(models, text) if c.cue == "wrote"]
    assert _speaker(c, text) == "the former governor"
    assert c.content.startswith("It would be difficult") and c.content.endswith("how fast.")


def test_a_quote_over_two_paragraphs_is_one_claim(models):
    text = ("Barkley said the campaign had gone too far.\n\n"
            "“He started out by insulting Hispanics and now he lumps all the Muslims together.\n\n"
            "“This is the United States of America, the greatest place in the world,” he said.")
    quoted = [c for c in _attributed(models, text) if c.kind == "direct"]
    assert len(quoted) == 1
    assert quoted[0].content.startswith("He started out") and "greatest place in the world" in quoted[0].content


def test_a_town_and_its_country_before_a_colon_are_a_dateline_not_a_speaker(models):
    text = ("Rebels say they are open to talks\n"
            "Mumbai, India: The leader of the fighters holding the northern valley said Monday "
            "they were ready to negotiate.")
    found = _attributed(models, text)
    assert [c for c in found if c.cue == ":"] == []
    (said,) = [c for c in found if c.cue == "said"]
    assert _speaker(said, text).startswith("The leader of the fighters")
