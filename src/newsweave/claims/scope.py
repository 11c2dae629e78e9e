"""What a quantity counts and when it holds, read from the parse.

Two figures are compared only when they measure the same thing: the same
counted noun (or the noun a measure belongs to: "winds of 180 mph", "the toll
rose to 4,299"), compatible modifiers ("Palestinian prisoners" is not "Israeli
prisoners"), the same action for counts of people ("people who fled" is not
"people killed"), and the same place when both name one ("the dead in
Honduras" is not "the dead in Nicaragua"). They are compared as a conflict
only when they hold at overlapping times: the day of the sentence's own date
when it has one ("on Monday", "in 2004"), else the article's publication day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsweave.claims.lexicon import form_table
from newsweave.nlp import doc_entities, entities_within
from newsweave.timeline.expressions import normalise, period_end

# Modifiers that qualify a report of a figure, not what is counted.
_NEUTRAL = frozenset({
    "confirmed", "official", "estimated", "reported", "total", "latest", "overall", "final", "known",
    "least", "about", "some", "many", "several", "initial",
    "previous", "earlier", "current", "provisional", "preliminary", "revised", "updated", "whole",
    "maximum", "top", "sustained", "high", "highest", "death", "people", "person", "confirm", "estimate",
    "report", "revise", "update", "official", "approximate", "rough",
})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_PLACE_PREPS = frozenset({"in", "on", "at", "across", "throughout", "of", "from", "inside", "within", "around"})
# Verbs that state or change a figure without saying what happened to the counted people.
_REPORTING_LEMMAS = frozenset({
    "say", "report", "tell", "announce", "state", "confirm", "estimate", "put", "give", "be", "have", "reach",
    "rise", "climb", "stand", "bring", "push", "raise", "lower", "revise", "increase", "top", "exceed", "fall",
    "drop", "jump", "soar", "include", "number", "total", "leave",
})
_PASSING = frozenset({"pass", "surpass", "near", "approach", "hit", "continue", "mount"})  # a toll reaches a figure
_DEATH_VERBS = frozenset({"kill", "die", "perish", "drown", "dead", "claim"})
REVISING_VERBS = frozenset({"lower", "raise", "revise", "update", "correct", "adjust", "downgrade", "upgrade",
                            "cut", "reduce", "push", "bring", "put"})  # someone changes a reported figure
CHANGE_VERBS = REVISING_VERBS | frozenset({"rise", "increase", "climb", "jump", "grow", "fall", "drop", "decline",
                                           "swell", "soar", "mount", "go", "decrease", "shrink"})
_IRREGULAR = {"fled": "flee", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "put": "put",
              "left": "leave", "grew": "grow", "grown": "grow", "brought": "bring", "went": "go", "gone": "go",
              "gave": "give", "given": "give", "told": "tell", "said": "say", "says": "say", "had": "have",
              "has": "have", "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "cut": "cut",
              "people": "people", "dead": "dead", "news": "news", "lives": "life", "injured": "injured",
              "wounded": "wounded", "killed": "kill", "died": "die"}
_VERB_FORMS = form_table(sorted(_DEATH_VERBS | CHANGE_VERBS | _REPORTING_LEMMAS | _PASSING))
_DEATH_NOUNS = frozenset({"dead", "death", "deaths", "fatality", "fatalities", "toll", "victim", "victims",
                          "life", "lives", "killed", "casualty"})
_PEOPLE_NOUNS = frozenset({"people", "person", "persons", "resident", "residents", "civilian", "civilians"})
_NOT_DEATH_MODIFIERS = frozenset({"life", "lives"})  # "seven life sentences", "life jackets": a life that
# qualifies another noun counts no dead ("claimed 200 lives" is counted by the noun itself)


@dataclass(frozen=True, slots=True)
class Scope:
    """What a figure counts: its thing (noun or measure), modifiers, action and places."""

    thing: str
    modifiers: frozenset[str]
    action: str
    places: frozenset[str]
    measure: bool = False  # a measure of one thing ("an 8.8 magnitude", "a population of 3 million"), not a count
    holder: str = ""  # whose figure it is: the subject that scored, offered, served ("mcdermott"); "" when none
    named_holder: bool = False  # the holder is a proper name (or a pronoun read as the name before it)


def compatible(a: Scope, b: Scope) -> bool:
    """True when two scopes may describe the same figure (same thing, nothing that tells them apart).

    Outside death tolls the modifiers and the action must be the same ("six blocked shots" is not "two
    shots", "51 wins coming by knockout" is not "58 wins"); a toll may add a word that does not name
    what is counted. Two holders that differ tell figures apart ("Lawson added 16 points" against
    "Thompson had 15 points", "the Orioles offered" against "the Red Sox team offered") when one of
    them is a name; two common nouns are one holder told two ways as often as two ("the fire destroyed
    40 homes", "the blaze destroyed 60"); for a toll only two named ones do.
    """
    if a.thing != b.thing:
        return False
    deaths = a.thing.startswith("deaths")
    if deaths and not (a.modifiers <= b.modifiers or b.modifiers <= a.modifiers):
        return False
    if not deaths and a.modifiers != b.modifiers:
        return False
    if a.action != b.action and (not deaths or (a.action and b.action)):
        return False
    named = (a.named_holder and b.named_holder) if deaths else (a.named_holder or b.named_holder)
    if a.holder and b.holder and a.holder != b.holder and named:
        return False
    if a.thing == "people" and a.action != b.action:
        return False  # "1.5 million people" and "766,000 displaced people": nothing says they are one count
    return not (a.places and b.places and not (a.places & b.places))


def scope_of(number, unit, fallback_thing: str) -> Scope:
    """The scope of a figure: `number` is its last number token, `unit` its unit word's token or None.

    `fallback_thing` names the measure when the parse shows no noun for it
    (a distance, a share); for a count without a noun of its own ("the toll
    rose to 4,299") the noun it is stated of is used.
    """
    if unit is not None:
        noun = _owner_of_unit(unit)
    elif number.dep_ in ("nummod", "quantmod") and number.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        if number.head.i < number.i:
            return Scope("", frozenset(), "", frozenset())  # "stage 13", "Article 5": a number that names
        noun = number.head
    else:
        noun = _stated_of(number)
    if number.dep_ in ("dobj", "nsubj", "nsubjpass") and lemma_of(number.head) in _DEATH_VERBS:
        return Scope("deaths", frozenset(), "", _places_around(number, None))  # "the storm killed 4,299"
    if noun is None:
        holder, named = holder_of(unit if unit is not None else number)
        return Scope(fallback_thing, _part_of_time(number), "", _places_around(number, None), holder=holder,
                     named_holder=named)
    noun = _of_what(noun)
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head  # "two co-workers", "three police officers": the compound's head is what is counted
    lemma = lemma_of(noun)
    action = _action(noun)
    modifiers = frozenset(lemma_of(c) for c in noun.children
                          if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("ADJ", "NOUN", "VERB")
                          and c.i not in (number.i, getattr(unit, "i", -1))
                          and lemma_of(c) not in _NEUTRAL and c.ent_type_ not in _PLACE_ENTS)
    modifiers |= _rate_of(noun) | _part_of(number, noun) | _part_of_time(noun) | _span_of(noun)
    places = _places_around(number, noun)
    holder, named = holder_of(noun)
    if lemma in _VICTIM_NOUNS and not _toll_verb(noun):
        return Scope(lemma, modifiers, action, places, holder=holder, named_holder=named)  # "with the three victims"
    if lemma in _DEATH_NOUNS or noun.text.lower() in _DEATH_NOUNS \
            or any(m in _DEATH_NOUNS - _NOT_DEATH_MODIFIERS for m in modifiers):
        return Scope("deaths", frozenset(m for m in modifiers if m not in _DEATH_NOUNS), "", places,
                     holder=holder, named_holder=named)
    if lemma in _PEOPLE_NOUNS or noun.text.lower() in _PEOPLE_NOUNS:
        lemma = "people"
        if _toll_subject(noun):  # "the toll continues to rise, passing 80,000 people"
            return Scope("deaths", modifiers, "", places, holder="", named_holder=False)
    if action in _DEATH_VERBS:
        return Scope("deaths" if lemma == "people" else f"deaths of {lemma}", modifiers, "", places,
                     holder=holder, named_holder=named)
    thing = lemma if fallback_thing == "count" else f"{fallback_thing} of {lemma}"
    measure = fallback_thing == "count" and noun.tag_ == "NN" and number.lower_ not in ("one", "1", "a", "an")
    return Scope(thing, modifiers, action, places, measure, holder, named)


_CHANGE_NOUNS = frozenset({"drop", "rise", "increase", "decrease", "gain", "loss", "jump", "fall", "decline", "cut",
                           "reduction", "growth", "dip", "slide", "boost"})


def change_amount(number, unit=None) -> bool:
    """True for a figure that is a change, not a level: "a drop of five points per game", "rose by 5
    percent", "five points fewer": two such are differences between other figures, never a report of
    one thing."""
    tok = unit if unit is not None else number
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    for t in (tok, noun):
        prep = t.head
        if t.dep_ == "pobj" and prep.lower_ == "of" and lemma_of(prep.head) in _CHANGE_NOUNS:
            return True
        if t.dep_ == "pobj" and prep.lower_ == "by" and lemma_of(prep.head) in CHANGE_VERBS:
            return True
        if any(c.lower_ in ("fewer", "less", "more") and c.dep_ in ("amod", "advmod") and c.i > t.i
               for c in t.children):
            return True
    return False


_UP_TO_VERB = frozenset({"prep", "pobj", "dobj", "dative", "nummod", "quantmod", "compound", "amod", "npadvmod",
                         "appos", "nmod"})  # a figure's way up to the verb whose subject holds it
_VICTIM_NOUNS = frozenset({"victim", "casualty"})  # the dead, or all who were hurt: a toll only by its verb
_SUB_PERIOD_PREPS = frozenset({"during", "in", "over", "through", "before", "after"})
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "last", "final", "opening", "closing", "early",
                            "late", "next"})


def _toll_verb(noun) -> bool:
    """True when victims are counted as the dead: the verb that has them kills, claims or leaves them, or
    states a toll of them ("claimed more than 175,000 victims", "the victims numbered 3,000"); not "worked
    with the three victims" (the people a shooting hurt, dead or not)."""
    verb = noun.head
    if noun.dep_ == "pobj":
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if lemma_of(verb) in _DEATH_VERBS or noun.dep_ == "attr" or (noun.dep_ == "dobj" and lemma_of(verb) == "leave"):
        return True  # "killed three victims", "the toll was 3,000 victims", "the storm left 3,000 victims"
    return noun.dep_ == "nsubj" and lemma_of(verb) in _REPORTING_LEMMAS - {"be", "have", "leave", "give"}


def _part_of_time(tok) -> frozenset[str]:
    """A part of the event a figure is told of: 'scored seven points in the first half', 'five points during
    a pivotal run', up the clauses its verb hangs on. A figure of part of a game or a day is not its whole."""
    verb = tok.head
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    out = set()
    for _ in range(3):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in _SUB_PERIOD_PREPS:
                out.update(" ".join(filter(None, (c.lower_, _span_count(g), lemma_of(g))))
                           for g in c.children if _sub_period(c, g)
                           and not any(t.i == tok.i for t in g.subtree))  # "after 30 hours": the figure itself
        if verb.dep_ == "relcl" and _sub_period(verb.head.head, verb.head):
            out.add(f"{verb.head.head.lower_} {lemma_of(verb.head)}")  # "in the first half as he scored": a clause
        if verb.dep_ not in ("advcl", "conj", "xcomp", "ccomp") or verb.head.i == verb.i:
            break
        verb = verb.head
    return frozenset(out)


def _sub_period(prep, noun) -> bool:
    """True for 'during a run', 'in the first half', 'over the final minutes': a part of an event; and for
    a counted span ('13 homers in 54 games', 'went 73 yards in 13 plays'), which `_span_count` words."""
    if prep.lower_ not in _SUB_PERIOD_PREPS or noun.dep_ != "pobj" or noun.pos_ != "NOUN":
        return False
    return prep.lower_ == "during" or any(m.lower_ in _ORDINAL_WORDS or m.ent_type_ == "ORDINAL"
                                          for m in noun.children) or bool(_span_count(noun))


def _span_count(noun) -> str:
    """The number a span's noun is counted by ('54' of 'in 54 games', 'a combined 157 games'), else ''.
    Figures told over spans of other lengths are of other wholes (a season and part of it)."""
    return next((c.lower_ for c in noun.children if c.dep_ == "nummod" and c.like_num), "")


def _toll_subject(noun) -> bool:
    """True when counted people are what a death toll reaches: the object of a verb whose subject, up
    through the clauses it hangs on, is the toll ("the toll passes 80,000 people")."""
    if noun.dep_ not in ("dobj", "pobj"):
        return False
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    for _ in range(3):
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return lemma_of(subjects[0]) in _DEATH_NOUNS and lemma_of(verb) in _REPORTING_LEMMAS | _PASSING
        if verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _rate_of(noun) -> frozenset[str]:
    """'15.5 points per game', '23 points a game': a rate, told apart from a total by what it is per."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "per":
            objects = [g for g in c.children if g.dep_ == "pobj"]
            return frozenset({f"per {lemma_of(objects[0])}"}) if objects else frozenset({"per"})
        if c.dep_ == "npadvmod" and any(g.lower_ in ("a", "an", "each") for g in c.children):
            return frozenset({f"per {lemma_of(c)}"})
    return frozenset()


def _part_of(number, noun) -> frozenset[str]:
    """'28 of his 68 punches', '3 of his 11 rebounds': the whole of a partitive is a figure of its own,
    told apart from totals by the part taken from it."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.like_num:
        return frozenset({"whole"})
    if any(c.lower_ == "of" and c.dep_ in ("quantmod", "prep") for c in number.children):
        return frozenset({"whole"})  # "completed 28 of 41 passes", parsed as one number phrase
    return frozenset()


def _span_of(noun) -> frozenset[str]:
    """The counted span a figure's noun is told over ('13 homers and 43 RBIs in 54 games'), on the noun or
    on the noun its own is joined to: a figure of 54 games is not one of 157."""
    out = set()
    for n in (noun, noun.head) if noun.dep_ == "conj" else (noun,):
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in _SUB_PERIOD_PREPS | {"on"}:  # "404 yards on 106 carries"
                out.update(f"{c.lower_} {_span_count(g)} {lemma_of(g)}" for g in c.children
                           if g.dep_ == "pobj" and g.pos_ == "NOUN" and _span_count(g))
    return frozenset(out)


def holder_of(noun) -> tuple[str, bool]:
    """Whose figure a counted noun is, and whether that is a proper name: the possessor ("his 11
    rebounds", "Hansbrough's 20 points"), the name it stands beside ("Danny Green (14 points)"), else
    the subject of the verb that has it ("McDermott scored 23 points", "the Orioles have offered
    Teixeira $150 million", "Hiller, who worked there for 15 years"). A pronoun stands for the last
    person or organisation named before it in the article. ("", False) when nothing says."""
    for c in noun.children:
        if c.dep_ == "poss":
            return _holder_word(c)
    left = noun.left_edge.i
    if left >= 2 and noun.doc[left - 1].text in ("’", "'", "’s", "'s") and noun.doc[left - 2].pos_ == "PROPN":
        return _holder_word(noun.doc[left - 2])  # "Charles ’ 226 yards": a possessive the parse left loose
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return _holder_word(noun.head)
    verb = noun.head
    for _ in range(6):  # "finished with 20 points", "worked for 15 years", "offered a deal worth $150 million"
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i or verb.dep_ not in _UP_TO_VERB:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or noun.dep_ in ("nsubj", "nsubjpass"):
        return "", False
    for _ in range(2):  # "Echenique scored 11 points, grabbed 11 rebounds": a conjoined verb shares the subject
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and not (verb.dep_ == "relcl" and subjects[0].lower_ in ("who", "that", "which")):
            return _holder_word(subjects[0])
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return _holder_word(verb.head)  # "Hiller, who has worked ...": the relative's noun
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
    return "", False


def _holder_word(tok) -> tuple[str, bool]:
    """A holder as one word: a name's head word, a pronoun's antecedent name, a noun's lemma."""
    if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
        if tok.lower_ in ("i", "we", "you", "me", "us", "my", "our", "your", "who", "which", "that"):
            return "", False
        for ent in reversed([e for e in doc_entities(tok.doc) if e.end <= tok.i and e.label_ in ("PERSON", "ORG")]):
            return ent[-1].lower_, True
        return "", False
    if tok.pos_ == "PROPN":
        return tok.lower_, True
    if tok.pos_ == "NOUN":
        return lemma_of(tok), False
    return "", False


_SHOCKS = {"earthquake": "earthquake", "quake": "earthquake", "temblor": "earthquake", "tremor": "earthquake",
           "aftershock": "aftershock", "shock": "shock", "foreshock": "foreshock"}


def shock_scope(number) -> Scope | None:
    """The scope of a magnitude: the shock it measures, read from the noun the figure stands before
    ("a 6.1-magnitude earthquake", "a magnitude 5.9 quake"), else the subject of its verb ("the quake
    measured 4.9", "the aftershock reached a magnitude of 5.5"); None when no shock is named. A quake
    and its aftershocks are different things; two magnitudes of "the earthquake" in one report are
    several shocks and are not compared (`numbers._mixed`)."""
    doc = number.doc
    noun = None
    for t in doc[number.i + 1:min(len(doc), number.i + 5)]:
        if t.pos_ == "NOUN" and t.lower_ not in ("magnitude", "scale", "richter"):
            noun = t
            break
        if t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "on":
            break
    if noun is None or lemma_of(noun) not in _SHOCKS:
        verb = number
        for _ in range(5):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        noun = subjects[0] if subjects else None
    if noun is None or lemma_of(noun) not in _SHOCKS:
        return None
    modifiers = frozenset(lemma_of(c) for c in noun.children if c.dep_ == "amod" and c.pos_ == "ADJ"
                          and lemma_of(c) not in _NEUTRAL) | _part_of_time(noun)
    return Scope(f"magnitude of {_SHOCKS[lemma_of(noun)]}", modifiers, "", _places_around(number, noun),
                 measure=True)


def lemma_of(tok) -> str:
    """A word's dictionary form without spaCy's lemmatizer (disabled in newsweave's pipeline):
    listed and regular verb forms ("fled" -> flee, "lowered" -> lower), plural nouns to singular."""
    if tok.lemma_ and tok.lemma_ != tok.text:
        return tok.lemma_.lower()
    w = tok.lower_
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if tok.pos_ in ("VERB", "AUX") or w in _VERB_FORMS:
        return _VERB_FORMS.get(w, w)
    if tok.pos_ in ("NOUN", "PROPN") and len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-3] + "y" if w.endswith("ies") else w[:-1]
    return w


def _of_what(noun):
    """'the number of dead' -> dead: a noun that only counts stands for what it counts."""
    if lemma_of(noun) in ("number", "figure", "count", "total", "tally"):
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return noun


def _owner_of_unit(unit):
    """The noun a measure belongs to: 'percent of voters', '180-mph winds', 'winds of 180 mph',
    'winds reached 180 mph'; None when the parse shows none."""
    for c in unit.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                    return g
    if unit.dep_ in ("compound", "amod", "nmod", "nummod") and unit.head.pos_ == "NOUN" and unit.head.i > unit.i:
        return unit.head
    if unit.dep_ == "pobj" and unit.head.dep_ == "prep" and unit.head.head.pos_ == "NOUN":
        return unit.head.head
    if unit.dep_ in ("dobj", "attr", "pobj"):
        return _subject(unit)
    return None


def _stated_of(tok):
    """'the toll of 7,000' -> toll; 'the toll rose to 4,299' / 'the toll is 110,000' -> toll."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "NOUN":
        return tok.head.head
    if tok.dep_ in ("attr", "dobj", "pobj", "appos"):
        return _subject(tok)
    return None


def _subject(tok):
    """The noun a figure is stated of through its verb: the verb's object ("lowered the toll from
    7,000"), else its subject ("the toll rose to 4,299"); None for a place or a person."""
    verb = tok.head
    for _ in range(4):  # "lowered the toll from 7,000 to 5,600": "to" may hang on "7,000", "from" on the verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i or verb.dep_ not in ("prep", "pobj"):
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    deps = ("dobj", "nsubj", "nsubjpass") if tok.dep_ == "pobj" else ("nsubj", "nsubjpass")
    for _ in range(2):  # "the toll is estimated to be 110,000": the subject of the verb above "to be"
        for dep in deps:
            for c in verb.children:
                if c.dep_ == dep and c.i != tok.i and c.pos_ == "NOUN" and c.ent_type_ not in _PLACE_ENTS:
                    return c
        if verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head
    return None


def _action(noun) -> str:
    """What happened to counted people: 'people who fled' -> flee; '20 people were killed' -> kill."""
    for c in noun.children:
        if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
            return lemma_of(c)
        if c.dep_ == "amod" and lemma_of(c) in ("dead", "kill", "injured", "wounded", "missing", "homeless",
                                                    "displaced", "evacuated"):
            return lemma_of(c)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.pos_ == "VERB":
        lemma = lemma_of(noun.head)
        if any(c.dep_ == "prep" and c.lower_ == "to" and any(lemma_of(g) == "death" for g in c.children)
               for c in noun.head.children):
            return "kill"  # "shot to death one person", "beaten to death": counted among the dead
        if noun.dep_ == "dobj" and any(c.dep_ == "conj" and lemma_of(c) in _DEATH_VERBS
                                       and not any(g.dep_ == "dobj" for g in c.children) for c in noun.head.children):
            return "kill"  # "shot and killed two co-workers": the object of both, counted by the death verb
        if lemma not in _REPORTING_LEMMAS:
            return lemma
        return _state(noun.head)  # "people have been left without homes": what the verb leaves them in
    return ""


def _state(verb) -> str:
    """The state a light verb puts counted people in: 'left without homes' -> 'without home',
    'made ... homeless' -> 'homeless'; '' when it names none."""
    for c in verb.children:
        if c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ":
            return lemma_of(c)
        if c.dep_ == "prep" and c.lower_ in ("without", "in", "into", "out"):
            objects = [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if objects:
                return f"{c.lower_} {lemma_of(objects[0])}"
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ == "ADJ":
            return lemma_of(c)
    return ""


def _places_around(tok, noun) -> frozenset[str]:
    """Places the figure is about: possessors and compounds of its noun, 'in X' of the noun or its verb."""
    doc = tok.doc
    holders = [t for t in (noun, tok) if t is not None]
    verb = (noun or tok).head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ in ("VERB", "AUX"):
        holders.append(verb)
    out = set()
    for h in holders:
        for c in h.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.ent_type_ in _PLACE_ENTS:
                out.add(_entity_text(doc, c))
            elif c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.update(_entity_text(doc, t) for t in [g, *g.children] if _place_like(t, c.lower_))
    return frozenset(n for n in out if n)


def _place_like(tok, prep: str) -> bool:
    """A place named after 'in'/'across'/...: a place entity, or a proper name that is no person, event or date.

    After 'of' and 'from' only a country, city or region counts ("the toll of
    Hurricane Mitch" names no place).
    """
    if tok.dep_ not in ("pobj", "compound", "poss", "conj"):
        return False
    if prep in ("of", "from"):
        return tok.ent_type_ in ("GPE", "LOC")
    return tok.ent_type_ in _PLACE_ENTS or (tok.pos_ == "PROPN" and tok.dep_ != "compound" and tok.ent_type_ not in
                                            ("PERSON", "EVENT", "DATE", "TIME", "CARDINAL", "WORK_OF_ART", "LAW"))


def _entity_text(doc, tok) -> str:
    for ent in doc_entities(doc):
        if ent.start <= tok.i < ent.end:
            return " ".join(t.lower_ for t in ent if t.pos_ not in ("ADP", "DET", "PUNCT"))
    return tok.text.lower()


def period_of(sent_span, quantity_span: tuple[int, int], published: date | None,
              reference: date) -> tuple[date, date] | None:
    """The days a figure holds for: the sentence's own date when it names one, else the publication day.

    A date inside the figure's own words is not its time; an expression that
    cannot be placed on the calendar is ignored. None when nothing dates it.
    `reference` (never None) reads dates of an undated article: the story's
    median date, or any fixed day when no article has one, so that "last
    year" and "this year" still tell two moments apart.
    """
    def distance(ent) -> int:
        return max(ent.start_char - quantity_span[1], quantity_span[0] - ent.end_char)

    dates = sorted((e for e in entities_within(sent_span) if e.label_ == "DATE"
                    and not (e.start_char < quantity_span[1] and quantity_span[0] < e.end_char)), key=distance)
    for ent in dates[:1]:  # the nearest date: "16.6 million this year, down from 17.5 million last year"
        value = normalise(ent.text, published or reference)
        if value is None or getattr(value, "approximate", False):
            continue
        last = value.end or period_end(value.value, value.precision)
        now = published or reference
        if value.value <= now <= last:
            return now, now  # "this year", "this week": the article's day
        return value.value, last
    if published is not None:
        return published, published
    return None


def overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """True when two periods share a day (an unknown period overlaps anything)."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]

