"""What event an article reports: the main predicates of its lead and their arguments, from the parse.

Two events of one kind (an offer and its withdrawal, one player's arrest and
another's, two quakes a month apart) share their words, names and often their
years, so the marks of `stories.cluster` cannot always tell them apart. The
lead says which event a report is about: its main predicate (past a reporting
verb: "police said the man was arrested" reports the arrest) and who or what
fills its roles (the one arrested, the one who offered, where it struck).

`event_marks` reads them from the dependency parse of the lead's first
sentences as prefixed keys, beside the article's other marks: "v:" a main
predicate, "a:" the head word of one of its arguments (subject, object,
agent, attribute, a prepositional object). Words are lower-cased and given a
crude suffix stem (the shipped pipeline runs without a lemmatizer), so
"arrested" and "arrests" are one predicate; a name is its head word (the
surname, "jackson"), as a later report shortens it.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable

LEAD_SENTENCES = 3  # sentences of the parse read for the lead's events
# Verbs that report rather than tell the event: the event is their clausal complement.
REPORTING = frozenset({
    "say", "tell", "report", "announce", "state", "add", "confirm", "claim", "note", "write", "accord",
    "believe", "think", "expect", "suggest", "indicate", "show", "reveal", "explain", "insist", "deny",
})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd"})
PREPOSITION_DEPS = frozenset({"prep", "agent"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj"})
# Forms of "be", "have" and "do": a copula or an auxiliary says nothing of which event it is.
LIGHT_VERBS = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "has", "have", "had", "having",
                         "do", "does", "did", "will", "would", "can", "could", "may", "might", "must", "shall",
                         "should", "get", "got", "make", "made", "take", "took", "go", "went", "come", "came"})
_STOP = frozenset({"to", "of", "for", "in", "on", "at", "by", "with", "from", "it", "he", "she", "they", "we", "i", "you", "this", "that", "which", "who", "what",
                   "there", "one", "some", "all", "him", "her", "them", "us", "me", "itself"})


def stem(word: str) -> str:
    """A crude suffix stem of a lower-cased word ("arrested", "arrests", "arresting" -> "arrest").

    The shipped spaCy pipeline runs without its lemmatizer; a stem is enough
    to make the forms of one predicate in different reports the same key.
    """
    w = word.lower()
    if w.endswith(("ss", "us", "is")):
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)] + repl
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # "stopp" -> "stop"
        w = w[:-1]
    return w


def main_predicates(sentence) -> list:
    """The tokens of a sentence's main predicates: its root, or past a reporting verb its complement.

    A conjoined predicate of the root ("hit ... and killed") counts too. Tokens
    are spaCy tokens of the sentence's doc.
    """
    root = sentence.root
    predicates = [root]
    if stem(root.text) in REPORTING or root.text.lower() in {"said", "told", "according"}:
        inner = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")]
        if inner:
            predicates = inner
    out = []
    for p in predicates:
        out.append(p)
        out.extend(c for c in p.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def arguments(predicate) -> Iterable:
    """The head tokens of a predicate's arguments: subject, object, attribute, and prepositions' objects."""
    for c in predicate.children:
        if c.dep_ in ARGUMENT_DEPS:
            yield c
        elif c.dep_ in PREPOSITION_DEPS:
            yield from (g for g in c.children if g.dep_ == "pobj")


def argument_key(token) -> str | None:
    """The key of an argument: its lower-cased head word, stemmed unless a name; None for a pronoun, a stop word or a date."""
    text = token.text.lower()
    if text in _STOP or not any(ch.isalnum() for ch in text) or token.pos_ == "PRON":
        return None
    if token.ent_type_ in ("DATE", "TIME"):  # when is the years' and the dates' to tell, not the roles'
        return None
    return text if token.pos_ == "PROPN" or token.like_num else stem(text)


def event_marks(doc, sentences: int = LEAD_SENTENCES) -> tuple[str, ...]:
    """The lead's events as marks: "v:" each main predicate, "a:" each of their arguments' head words; sorted.

    Reads the first `sentences` sentences of a parsed `doc` (a spaCy Doc with a
    dependency parse). A predicate that is not a verb (a headline's noun
    phrase) gives its arguments only.
    """
    out = set()
    for sentence in islice(doc.sents, sentences):
        for p in main_predicates(sentence):
            if p.pos_ in ("VERB", "AUX") and p.text.isalpha() and p.text.lower() not in LIGHT_VERBS:
                out.add("v:" + stem(p.text))
            for a in arguments(p):
                key = argument_key(a)
                if key:
                    out.add("a:" + key)
    return tuple(sorted(out))
