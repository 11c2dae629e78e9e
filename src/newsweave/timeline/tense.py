"""The tense of the clause a date expression dates, from the spaCy parse.

A bare month or weekday ("in January", "said Friday") names a day only with
the tense of its clause: a past-tense verb sends it back to the last such month
or day (the same day for a weekday equal to the publication weekday), a future
one ("will", "is to", "is expected to", "next") forward. `tense_of(span)`
returns "past", "future" or None (present, conditional, or no verb: the
nearest reading is then kept).

A date that names a noun's time ("April's peak", "the default of Russia in
August") takes no tense from the verb above the noun ("will weigh"): the noun
tells of something that happened, unless the expression itself looks ahead.
"""

from __future__ import annotations

import re
from typing import Literal

from newsweave.timeline.events import FUTURE_CUES, PLAN_WORDS, _dated_noun, governing_verb, is_future, stem

Tense = Literal["past", "future"]

_AHEAD = re.compile(r"\b(next|coming|upcoming|following)\b", re.I)
_BEHIND = re.compile(r"\b(last|past|previous|ago|earlier|this past)\b", re.I)
_PERFECT = frozenset({"has", "have", "had", "'s", "'ve", "'d", "’s", "’ve", "’d"})
_PAST_AUX = frozenset({"was", "were", "had", "did", "'d", "’d"})


def tense_of(span) -> Tense | None:
    """"past", "future" or None for the clause a date expression (a spaCy span) belongs to."""
    if _AHEAD.search(span.text):
        return "future"
    if _BEHIND.search(span.text):
        return "past"
    if span.root.dep_ == "poss" and _dated_noun(span) is not None:
        return "past"  # "April's peak": a noun's own time names what has happened
    verb = governing_verb(span)
    if _since(span, verb):
        return "past"  # "Since announcing in October that he would not seek the presidency": what began before
    if verb is None:
        return None
    if _plan_overtaken(verb):
        return None  # "It had been due to expire Friday evening": a plan told in the past perfect looks ahead no more
    before = span.root.i < verb.i  # "On Friday, the government planned ...": the date opens the clause
    if (verb.lower_ in _PLANS or stem(verb.text) in PLAN_WORDS) and not before and not _describes_noun(verb):
        return "future"  # "planned a rally on Saturday": what is planned lies ahead
    attached = on_verb(span, verb)
    if _deferred_to(span, verb):
        return "future"  # "postponed until Tuesday morning": a time put off to lies ahead of the putting off
    if is_past(verb):
        # "declared a dividend payable Dec. 15": a past verb dates only what hangs on it, and
        # not the end it reaches ("the search was extended to May 25").
        return "past" if attached and not _endpoint(span) else None
    if attached and _done_participle(verb) and not _endpoint(span):
        return "past"  # "the plan released Tuesday", "less than forecast in July", though "will expand" is above it
        # (not the end of a stretch: "shares tendered ... through Nov. 17")
    if before and verb.tag_ in ("VBZ", "VBP") and not any(
            c.dep_ == "aux" and c.lower_ in FUTURE_CUES for c in verb.children):
        return None  # "McCurry on Friday: 'I want ...'": a present verb after its date tells no plan
    if is_future(verb, span) or (attached and looks_ahead(verb)):
        return "future"
    if attached and _untensed(verb) and _untensed_under_future(verb):
        return "future"  # "would leave ..., with the third departing each Thursday from August 6"
    if attached and _noun_infinitive(verb):
        return "future"  # "in a strong position to reel off a few more victories on Saturday"
    return None


def _noun_infinitive(verb) -> bool:
    """True for an infinitive that completes a noun ("a position to win Saturday", "a plan to vote Tuesday"):
    what it names is yet to be done (an infinitive under a verb, "agreed to meet", "was forced to resign
    Monday", tells nothing)."""
    return (verb.tag_ == "VB" and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def _untensed(verb) -> bool:
    """True for a present participle without an auxiliary of its own ("with the third departing"); a past
    participle ("the agreement, announced Friday") tells of what is done."""
    return verb.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _since(span, verb) -> bool:
    """True for a date that "since" opens, or that dates a clause or participle "since" opens ("since
    October", "Since announcing in October", "since he left in March"): what a "since" counts from lies
    behind the article."""
    if span.root.dep_ == "pobj" and span.root.head.lower_ == "since":
        return True
    if verb is None:
        return False
    return (verb.dep_ == "pcomp" and verb.head.lower_ == "since") or any(
        c.dep_ == "mark" and c.lower_ == "since" for c in verb.children)


def _done_participle(verb) -> bool:
    """True for a past participle without an auxiliary that plans nothing ("the nine-page plan released
    Tuesday", "the agreement, announced Friday"): it tells of what is done, whatever tense the clause it
    hangs on has. A participle of planning ("a vote scheduled for Tuesday", "the results, expected Friday")
    looks ahead and is left to the rules of planning."""
    return (verb.tag_ == "VBN" and verb.dep_ != "ROOT"
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            and verb.lower_ not in _PLANS and stem(verb.text) not in PLAN_WORDS
            and not any(c.dep_ == "xcomp" for c in verb.children))


def _untensed_under_future(verb) -> bool:
    """True when the verb a participle hangs on (through a preposition) looks ahead: the participle
    has no tense of its own and takes that one ("would leave ..., with the third departing")."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif verb.dep_ not in ("advcl", "xcomp", "conj"):
        return False
    return head.i != verb.i and head.pos_ in ("VERB", "AUX") and not is_past(head) and looks_ahead(head)


def _plan_overtaken(verb) -> bool:
    """True for a plan told in the past perfect ("had been due to expire", "had been scheduled for"):
    the planned time lay ahead of a past moment, not necessarily of the article's, so it tells no
    direction (the nearest reading is kept)."""
    for token in [verb, *list(verb.ancestors)[:2]]:
        if token.lower_ in _PLANS or stem(token.text) in PLAN_WORDS:
            holder = token if token.dep_ not in ("acomp", "xcomp") else token.head
            return any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d", "’d") for c in holder.children)
    return False


def _describes_noun(verb) -> bool:
    """True for a participle that describes a noun and plans nothing ("its record high set on Aug. 6"):
    no auxiliary and no infinitive below it, as "set to resume" or "was scheduled for" have."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass", "xcomp") for c in verb.children)


def _deferred_to(span, verb) -> bool:
    """True for the date a verb of deferral puts something off to ("postponed until Tuesday morning",
    "extended its deadline until 9 a.m. Tuesday", "adjourned till Monday"): the new time lies after the
    act, which the article reports as news, so after the article's date ("the talks lasted until Tuesday",
    no deferral, keeps the past). A plan told in the past perfect ("had been postponed until") is caught
    before this."""
    head = span.root.head
    if span.root.dep_ != "pobj" or head.lower_ not in ("until", "till", "to") or head.head.i != verb.i:
        return False
    return verb.lower_ in _DEFERRALS or any(c.dep_ == "prt" and c.lower_ in ("off", "back") for c in verb.children)


_DEFERRALS = frozenset({"postponed", "postpone", "postpones", "postponing", "delayed", "delay", "delays",
                        "deferred", "defer", "defers", "adjourned", "adjourn", "adjourns", "recessed",
                        "rescheduled", "reschedule", "extended", "extend", "extends", "pushed", "moved"})


def _endpoint(span) -> bool:
    """True for a date that ends a stretch of time ("to May 25", "until Friday", "through June")."""
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in ("to", "until", "till", "through", "by", "into")


def on_verb(span, verb) -> bool:
    """True when the date modifies the verb itself ("said Friday", "in January, X wrote"), directly
    or through its preposition, not a noun or adjective below it ("a dividend payable Dec. 15")."""
    head = span.root.head
    if head.dep_ in ("prep", "agent") and span.root.dep_ == "pobj":
        head = head.head
        if head.dep_ == "prep" and head.head.i == verb.i:  # "from today through Nov. 17"
            return True
        if head.dep_ == "advmod" and head.head.i == verb.i:  # "might come as soon as Tuesday"
            return True
    return head.i == verb.i


def looks_ahead(verb) -> bool:
    """True for a verb that speaks of what is to come: a modal ("would leave", the future of
    a past report; "might come"), or an infinitive under a word of planning ("set to resume")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in aux) and not any(a.lower_ in ("have", "'ve", "’ve") for a in aux):
        return True  # "would leave", "might come as soon as Tuesday" (not "could have come")
    infinitive = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return infinitive and verb.head.i != verb.i and verb.head.lower_ in _PLANS


_PLANS = frozenset({"set", "due", "scheduled", "expected", "planned", "slated", "poised", "plans", "plan",
                    "planning", "intends", "hopes", "wants", "aims"})


def is_past(verb) -> bool:
    """True for a verb in the past or present perfect ("said", "was held", "has fallen", "had met").

    An infinitive or participle without its own auxiliary ("agreed to meet")
    takes no tense from the verb it hangs on: the meeting may lie ahead.
    """
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "would", "could", "might", "may", "can", "should", "must")
           or a.lower_ in ("'ll", "’ll") for a in aux):
        return False
    if verb.tag_ == "VBD":
        return True
    if any(a.lower_ in _PAST_AUX or a.tag_ == "VBD" for a in aux):
        return True
    return verb.tag_ == "VBN" and any(a.lower_ in _PERFECT for a in aux)
