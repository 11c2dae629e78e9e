"""Shapes of attribution the parse-bound frames miss, on real sentences: a quote right after its verb."""

from __future__ import annotations

from newsweave import claims
from newsweave.model import Article, Claim
from newsweave.nlp import parse_articles


def _attributed(models, text: str) -> list[Claim]:
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    found = claims.attribute_article(parse_articles([art], models)[0], [], cue_model=models.attribution_cues)
    return [c for c in found if c.kind != "reported"]


def _speaker(c: Claim, text: str) -> str | None:
    return text[c.speaker_start:c.speaker_end] if c.speaker_start is not None else None


def test_a_quote_right_after_its_verb_and_a_comma_is_the_speakers(models):
    # The parser hangs the quote's clause off "said" as an adverbial clause: no complement, no frame.
    text = ("At one point, a woman asked for a photo and Clinton said, “as long as we’re not violating any "
            "election laws.”")
    direct = [c for c in _attributed(models, text) if c.kind == "direct"]
    assert len(direct) == 1
    assert (_speaker(direct[0], text), direct[0].cue) == ("Clinton", "said")
    assert direct[0].content.startswith("as long as we’re not violating")


def test_a_quote_of_several_sentences_after_its_verb_is_one_claim(models):
    text = ("Asked if the comments had rattled them as well, Ryan said, “Sure. I get that, too. Everybody pays "
            "attention to our politics.”")
    direct = [c for c in _attributed(models, text) if c.kind == "direct"]
    assert len(direct) == 1 and _speaker(direct[0], text) == "Ryan"
    assert direct[0].content.startswith("Sure.") and direct[0].content.endswith("to our politics.")



def test_a_learned_cue_without_a_subject_takes_the_name_just_before_it(models):
    # The parse gives "calling" no subject; the nearest name before it is guessed, and the stage keeps the frame.
    text = ("Breitbart News’ Dr. Thomas Williams will be interviewed about Pope Francis calling Christmas "
            "a sham.")
    (c,) = [c for c in _attributed(models, text) if c.cue == "calling"]
    assert _speaker(c, text) == "Pope Francis" and c.content == "Christmas a sham"


def test_no_name_is_guessed_across_a_clause_with_its_own_subject(models):
    from newsweave.claims.frames import _named_before

    doc = _parsed_doc(models, "After Obama spoke in Denver, the crowd left quickly, praising the speech.")
    praising = next(t for t in doc if t.text == "praising")
    assert _named_before(praising, doc[:]) is None
    calling = next(t for t in _parsed_doc(models, "Pope Francis calling Christmas a sham.") if t.text == "calling")
    assert _named_before(calling, calling.doc[:]).text == "Pope Francis"


def _parsed_doc(models, text: str):
    art = Article(id="a1", path=None, title=None, outlet="Example News", url=None, published=None,
                  published_from=None, text=text)
    return parse_articles([art], models)[0].doc
