"""Who takes which side of a proposition, read from the parse of each claim.

A proposition's supporters are whoever asserts its fact, and its disputers
whoever denies it. Attribution gives every claim a speaker, but not every
speaker asserts the claim's content:

- a speaker named in the event is not its source: "Nichols was found guilty
  of murder" (the speaker is the passive subject of the cue), "a judge
  sentenced the man to life" (the cue is no verb of saying and its "content"
  is no clause: the judge did the sentencing, the outlet reports it). Such a
  claim is the outlet's report;
- a hedged statement ("he will likely die in prison", "whether he knew ...
  could make a difference") is not an asserted fact: it corroborates nothing,
  and its speaker supports nothing (`states_fact`);
- a conditional statement ("if settlement activity continues, then all means
  of resistance are open") states the condition with it: it corroborates and
  supports only conditional statements of the group, and an outright
  statement of the same words only outright ones (`conditional`), so a
  warning is never counted as the other side's assertion of its consequence;
- a statement of opposing ("Castro said he disagreed with the arrest",
  "opposed the extradition") takes the other side of what it opposes: in a
  group where another source asserts a statement naming what it opposes
  (the arrest), its speaker is a disputer, not a supporter (`opposes`);
- a denial of a thing ("denied a plea offer", "question their safety") denies
  no statement: only a denial whose content is a statement (a clause, a
  "claim" or "report", or a claim it points at) takes the other side;
- a cue negated or declined ("would not say where ...", "while not denying
  the story", "declined to confirm") withholds its content: no assertion, no
  denial (`withheld`); a verb of urging or asking ("urged fans to ...",
  "asked him to serve") asserts nothing of what it wants done (`directive`);
  an indirect question ("where he was to surrender") is no statement;
- a charge or an arrest ("was arrested and charged with the shooting") is a
  statement of its own mood, as a conditional is (`mood`): it corroborates
  only charges, never a witness's account of the act;
- a nationality or party adjective before the speaker ("Italian police say")
  does not name the side: the speaker's words do (`modifier_only`).

Limits: verbs of saying are told by `lexicon.REPORTING`, the attribution
rules' own list; a cue the learned cue model found outside it keeps its
speaker whenever its content is a clause.
"""

from __future__ import annotations

from typing import Mapping

from newsweave.claims.lexicon import CLAIM_NOUNS, HEDGE_ADVERBS, QUOTE_VERBS, REPORTING, verb_forms
from newsweave.claims.structured import content_root, lemma
from newsweave.model import Claim

_CONDITIONS = frozenset({"if", "unless"})
# Verbs whose subject takes a stand against their object (disputes.OPPOSING's lemmas, with "reject" and
# "condemn"); `structured.lemma` forms.
OPPOSING_LEMMAS = frozenset({"disagree", "oppose", "object", "contest", "challenge", "reject", "condemn"})
# Verbs of charging and arresting: what they state is an accusation (`accusation`).
ACCUSING_VERBS = ("accuse", "charge", "indict", "arrest", "suspect", "detain", "prosecute")
_ACCUSING = frozenset(f for v in ACCUSING_VERBS for f in verb_forms(v))
_HEDGING = frozenset({"may", "might", "could", "likely", "probably", "possibly", "perhaps", "maybe"})
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "parataxis", "csubj"})
_TIMES = frozenset({"DATE", "TIME"})
_QUOTING = frozenset(f for v in QUOTE_VERBS for f in verb_forms(v))  # "X was quoted as saying": X speaks
# Verbs of urging and asking: their content is what the speaker wants done, not a fact the speaker asserts
# ("urged residents to leave", "asked him to serve", "demanded an inquiry"). Speech-act classes after Searle's
# directives; `lexicon.REPORTING` lists some of them as verbs of saying, which they are not for the content.
DIRECTIVE_VERBS = ("urge", "ask", "demand", "request", "appeal", "plead", "beg", "implore", "order", "command",
                   "instruct", "encourage", "invite", "exhort", "petition", "summon")
_DIRECTIVE = frozenset(f for v in DIRECTIVE_VERBS for f in verb_forms(v))
# Verbs whose infinitive complement is a statement withheld: "declined to comment", "refused to confirm".
_WITHHOLDING = frozenset(f for v in ("decline", "refuse") for f in verb_forms(v))
_WH_WORDS = frozenset({"where", "when", "why", "how", "who", "whom", "whose", "what", "which", "whether"})


def speaker_asserts(c: Claim, docs: Mapping) -> bool:
    """Whether the claim's speaker is the source of its content, not a party named in the event.

    A quote and an "according to" are their speaker's words. Otherwise the
    speaker asserts the content when the cue is a verb of saying (the
    attribution lexicon's forms) or the content is that verb's clausal
    complement, the cue stands outside the content, and the speaker is not
    the cue's passive subject ("X was found guilty").
    """
    if c.kind in ("direct", "according_to"):
        return True
    if c.kind == "reported" or not c.speaker_text:
        return False
    p = docs.get(c.article)
    cue = _cue_token(c, p)
    if cue is not None and cue.lower_ not in _QUOTING and any(
            k.dep_ == "nsubjpass" and _names_speaker(c, k) for k in cue.children):
        return False
    if cue is not None and c.content_start is not None and c.content_start <= cue.idx < c.content_end:
        return False  # the cue inside what is claimed ("acted as cheerleader ..., urging on fans"): no frame
    if c.cue.lower() in REPORTING or (cue is not None and cue.lower_ in REPORTING):
        return True
    root = _root(c, p)
    if root is None or root.pos_ not in _CLAUSE_POS:
        return False
    # Another verb speaks only through its clausal complement ("indicated they were among the nine"), not
    # through a clause that merely follows it ("urging on fans when the first chants stirred").
    return cue is None or root.head.i != root.i and root.head.i == cue.i and root.dep_ in _COMPLEMENTS


def states_fact(c: Claim, docs: Mapping) -> bool:
    """Whether a claim asserts its content, unhedged: not "likely", "may", "reportedly", a confirmation
    withheld, an indirect question ("whether he knew ..."), a question, or a bare date or time (a page's
    time stamp read as a claim)."""
    if c.polarity != "assert" or c.hedge:
        return False
    p = docs.get(c.article)
    if withheld(c, docs) or directive(c, docs):
        return False
    root = _root(c, p)
    if root is None:
        return True
    if _indirect_question(c, p, root):
        return False
    span = p.doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
    if span is not None and (span.text.rstrip(" '\"”’`").endswith("?")
                             or any(t.lower_ in HEDGE_ADVERBS for t in span)):
        return False
    if span is not None and _time_stamp(span):
        return False  # "Last Updated : Jul 07 , 2012 8 : 44 PM ET": no statement
    return not any(any(k.dep_ == "mark" and k.lower_ == "whether" for k in node.children)
                   or any(k.dep_ in ("aux", "advmod") and k.lower_ in _HEDGING for k in node.children)
                   for node in _clause_chain(root))


def withheld(c: Claim, docs: Mapping) -> bool:
    """Whether the claim's cue is negated or declined, so its speaker says nothing of the content: "would not
    say where he was to surrender", "while not denying the story", "declined to confirm that ..."."""
    cue = _cue_token(c, docs.get(c.article))
    if cue is None:
        return False
    if any(k.dep_ == "neg" or k.lower_ == "never" for k in cue.children):
        return True
    return cue.dep_ == "xcomp" and cue.head.i != cue.i and cue.head.lower_ in _WITHHOLDING


def directive(c: Claim, docs: Mapping) -> bool:
    """Whether the claim's cue is a verb of urging or asking (`DIRECTIVE_VERBS`), whose content is wanted, not
    asserted: "urged fans to stay calm", "urging on fans", "asked the court to delay the trial"."""
    cue = _cue_token(c, docs.get(c.article))
    word = cue.lower_ if cue is not None else c.cue.lower()
    return word in _DIRECTIVE or c.cue.lower() in _DIRECTIVE


def _indirect_question(c: Claim, p, root) -> bool:
    """Whether the content is an indirect question ("where he was to surrender", "who fired the shot"): it opens
    with a question word that hangs on its main verb (not one that opens a clause of time or a subject
    clause inside it: "when police arrived, he had fled", "what he said was true")."""
    span = p.doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    if not words or words[0].lower_ not in _WH_WORDS or words[0].tag_ not in ("WRB", "WP", "WP$", "WDT", "IN"):
        return False
    return words[0].head.i == root.i


def conditional(c: Claim, docs: Mapping) -> bool:
    """Whether a claim states its content under a condition ("if settlement activity continues, then all means
    of resistance are open", "ready to stop the war if the army ends its attacks"): a statement of its own,
    which neither corroborates nor supports the same words stated outright, nor is supported by them."""
    if c.fact is not None and c.fact.conditional:
        return True
    root = _root(c, docs.get(c.article))
    if root is None:
        return False
    return any(any(k.dep_ == "mark" and k.lower_ in _CONDITIONS for k in node.children)
               or any(k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in k.children)
                      for k in node.children)
               for node in _clause_chain(root))


def accusation(c: Claim, docs: Mapping) -> bool:
    """Whether a claim states an accusation, not the act it is about: its main verb (or a verb joined to it)
    is one of charging or arresting ("was arrested and charged with the shooting", "is accused of firing the
    shot"), or its cue is ("police charged him with the shooting", "accused the minister of lying"). A charge
    is no finding: it corroborates, and is supported by, only statements of the same kind, never a witness's
    "he fired the shot"."""
    cue = _cue_token(c, docs.get(c.article))
    if c.cue.lower() in _ACCUSING or (cue is not None and cue.lower_ in _ACCUSING):
        return True
    root = _root(c, docs.get(c.article))
    if root is None or root.pos_ not in _CLAUSE_POS:
        return False
    return any(v.lower_ in _ACCUSING for v in (root, *root.conjuncts) if v.pos_ == "VERB")


def mood(c: Claim, docs: Mapping) -> int:
    """The mood in which a claim states its content: 0 outright, 1 under a condition (`conditional`), 2 as an
    accusation (`accusation`). Statements corroborate and support only statements of their own mood."""
    if conditional(c, docs):
        return 1
    return 2 if accusation(c, docs) else 0


def _clause_chain(root) -> list:
    """The content's verb and the clauses it sits in, up to its sentence's root (four at most)."""
    out, node = [root], root
    while len(out) < 4 and node.head.i != node.i and node.dep_ in ("ccomp", "xcomp", "advcl", "csubj"):
        node = node.head
        out.append(node)
    return out


def opposes(c: Claim, docs: Mapping) -> frozenset[str]:
    """What a claim states its speaker's opposition to: the head words of the objects of its content's main
    verb when that is a verb of opposing, not negated ("he disagreed with the arrest of Pinochet" -> {"arrest"},
    "they oppose the extradition" -> {"extradition"}; "did not object" -> empty). Empty for any other claim."""
    if c.polarity != "assert":
        return frozenset()
    root = _root(c, docs.get(c.article))
    if root is None or root.pos_ != "VERB" or lemma(root) not in OPPOSING_LEMMAS:
        return frozenset()
    if any(k.dep_ == "neg" or k.lower_ == "never" for k in root.children):
        return frozenset()
    heads = [k for k in root.children if k.dep_ == "dobj"]
    heads += [g for k in root.children if k.dep_ == "prep" for g in k.children if g.dep_ == "pobj"]
    heads += [g for h in list(heads) for g in h.conjuncts]
    return frozenset(h.lower_ for h in heads if h.pos_ in ("NOUN", "PROPN"))


def core_words(c: Claim, docs: Mapping) -> frozenset[str]:
    """The head words of what a claim's content is about: its main verb's subject and direct objects (a
    copula's attribute too): "the arrest of Pinochet in London was lawful" -> {"arrest"}."""
    root = _root(c, docs.get(c.article))
    if root is None:
        return frozenset()
    heads = [k for k in root.children if k.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
    heads += [g for h in list(heads) for g in h.conjuncts]
    return frozenset(h.lower_ for h in heads)


def denies_statement(c: Claim, docs: Mapping) -> bool:
    """Whether a denial takes the other side of a statement: it points at a claim, or its content is a
    clause or a noun of saying ("denied the report"); "denied a plea offer" turns down a thing."""
    if c.polarity != "deny" or withheld(c, docs):
        return False
    if c.denies is not None:
        return True
    root = _root(c, docs.get(c.article))
    return root is None or root.pos_ in _CLAUSE_POS or root.lower_ in CLAIM_NOUNS


def modifier_only(c: Claim, name: str, docs: Mapping) -> bool:
    """Whether the speaker's entity is named only by a modifier of the speaker's words, a nationality or
    party adjective ("Italian police say" -> "Italian", "Democratic and network officials said" ->
    "Democratic"): the speaker is the people the head names, so the words, not the entity, name the side.
    An organisation before its officials ("CNN officials") is a noun and still names them."""
    p = docs.get(c.article)
    if p is None or c.speaker_start is None or c.speaker_end is None:
        return False
    span = p.doc.char_span(c.speaker_start, c.speaker_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root
    words = {w.lower() for w in name.split()}
    if head.lower_ in words or head.pos_ == "PRON":
        return False
    named = [t for t in span if t.lower_ in words]
    return bool(named) and all(t.pos_ == "ADJ" or t.ent_type_ == "NORP" for t in named)


def _names_speaker(c: Claim, tok) -> bool:
    """Whether a token's phrase is the claim's speaker as written (its span holds the token), or the claim
    has no speaker span to tell."""
    if c.speaker_start is None or c.speaker_end is None:
        return True
    return c.speaker_start <= tok.idx < c.speaker_end or any(
        c.speaker_start <= t.idx < c.speaker_end for t in tok.subtree)


def _time_stamp(span) -> bool:
    """Whether a content without a verb is mostly a date or time (a page's "Updated: ..." line)."""
    words = [t for t in span if not t.is_punct]
    return bool(words) and not any(t.pos_ in _CLAUSE_POS for t in words) and \
        2 * sum(t.ent_type_ in _TIMES or t.like_num for t in words) >= len(words)


def _root(c: Claim, p):
    """The main token of the claim's content in its article's parse, or None."""
    if p is None or c.content_start is None:
        return None
    span = p.doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
    return content_root(span) if span is not None and len(span) else None


def _cue_token(c: Claim, p):
    """The cue's head token (its verb) in the parse, or None."""
    if p is None:
        return None
    if c.cue_start is None or c.cue_end is None:
        # No cue span: the first token of the claim's sentence written as the cue.
        span = p.doc.char_span(c.start, c.end, alignment_mode="expand")
        cue = c.cue.lower()
        return next((t for t in span if t.lower_ == cue), None) if span is not None else None
    span = p.doc.char_span(c.cue_start, c.cue_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
