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

