"""Word lists for attribution, polarity and contradiction: generic English, no story's words.

The pipeline runs spaCy without its lemmatizer (speed), so verb forms are
generated here from their lemmas; over-generation (a form English lacks) is
harmless because it never occurs in text.
"""

from __future__ import annotations

# Reporting verbs of every strength (neutral, assertive, tentative, confirming, denying).
# The lists follow the reporting-verb classes of PARC 3.0 (Pareti 2016) loosely.
NEUTRAL_VERBS = (
    "say", "state", "tell", "add", "announce", "tweet", "write", "report", "quote", "note",
    "explain", "comment", "mention", "remark", "reply", "respond", "post", "declare",
    "observe", "recall", "repeat", "reiterate", "publish", "testify", "indicate", "reveal",
    "disclose", "inform", "brief", "speak", "elaborate", "continue", "conclude", "specify",
    "announce", "broadcast", "relay",
)
ASSERTIVE_VERBS = (
    "claim", "assert", "insist", "maintain", "contend", "argue", "allege", "stress", "emphasise",
    "emphasize", "warn", "threaten", "vow", "pledge", "promise", "boast", "accuse", "charge",
    "affirm", "proclaim", "predict", "forecast", "estimate", "suggest", "hint",
    "acknowledge", "admit", "concede", "agree", "complain", "urge", "demand", "signal",
    "find", "conclude", "guarantee", "assure",
)
CONFIRM_VERBS = ("confirm", "corroborate", "verify", "substantiate")
DENY_VERBS = (
    "deny", "refute", "reject", "dispute", "dismiss", "rebut", "contradict", "disavow",
    "challenge", "doubt", "question", "contest", "counter", "repudiate", "discredit",
)
QUOTE_VERBS = ("quote", "cite")
# Verbs whose direct object is what is stated ("confirmed his death", "announced the release").
OBJECT_CONTENT_VERBS = frozenset({"confirm", "corroborate", "verify", "announce", "reveal", "disclose",
                                  "acknowledge", "admit", "report", "claim", "deny", "refute", "dispute"})

# Nouns that stand for a statement: "denied the claim", "a claim the group denied".
CLAIM_NOUNS = frozenset({
    "claim", "claims", "report", "reports", "allegation", "allegations", "accusation",
    "accusations", "assertion", "assertions", "statement", "statements", "account", "accounts",
    "rumour", "rumours", "rumor", "rumors", "suggestion", "suggestions", "charge", "charges",
    "version", "news", "story", "remarks", "comments", "this", "that", "it", "these", "those",
})

# Sentence adverbs that mark the outlet reporting without vouching.
HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "apparently", "supposedly"})

# Heads of noun phrases that name a role rather than a referent ("the spokesman").
ROLE_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "leader", "head", "chief", "commander",
    "official", "officials", "source", "sources", "minister", "president", "governor", "mayor",
    "director", "member", "members", "representative", "envoy", "ambassador", "secretary",
    "chairman", "chairwoman", "general", "officer", "police", "army", "military", "ministry",
    "government", "agency", "group", "movement", "organisation", "organization", "front",
    "militants", "fighters", "forces", "rebels", "insurgents", "resistance", "party",
    "authorities", "administration", "company", "firm", "council", "committee", "court",
    "prosecutor", "prosecutors", "lawyer", "lawyers", "witness", "witnesses", "analyst",
    "analysts", "expert", "experts", "journalist", "reporter", "correspondent", "doctor",
    "doctors", "scientist", "scientists", "researcher", "researchers", "team", "club", "coach",
    "manager", "owner", "founder", "ceo", "board", "union", "side", "camp", "campaign",
    "senator", "lawmaker", "lawmakers", "legislator", "judge", "king", "queen", "prince",
    "emperor", "premier", "pm", "cleric", "clerics", "scholar", "scholars", "activist",
    "activists", "resident", "residents", "survivor", "survivors", "victim", "victims",
    "outlet", "newspaper", "paper", "broadcaster", "station", "channel", "network", "website",
})
GROUP_NOUNS = frozenset({
    "group", "movement", "organisation", "organization", "front", "militants", "fighters",
    "forces", "rebels", "insurgents", "resistance", "party", "government", "authorities",
    "administration", "ministry", "army", "military", "police", "agency", "company", "firm",
    "council", "committee", "court", "team", "club", "union", "side", "camp", "campaign", "board",
})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "we", "us"})

# Verbs of taking and losing a place: who holds it after the event.
TAKE_VERBS = (
    "take", "capture", "seize", "control", "overrun", "conquer", "occupy", "grab", "win",
    "hold", "enter", "storm", "claim",
)
RETAKE_VERBS = ("retake", "recapture", "reclaim", "regain", "liberate", "recover", "free")
LOSE_VERBS = ("lose", "abandon", "cede", "surrender", "evacuate", "withdraw", "retreat", "flee")
CLEAR_VERBS = ("clear", "purge", "rid")  # "X has been cleared of Y": Y no longer holds X

# Antonym pairs over predicates: the same actor doing one and the other contradicts.
ANTONYMS = (
    ("accept", "reject"), ("agree", "refuse"), ("win", "lose"), ("rise", "fall"),
    ("increase", "decrease"), ("open", "close"), ("confirm", "deny"), ("approve", "reject"),
    ("support", "oppose"), ("arrive", "leave"), ("advance", "retreat"), ("survive", "die"),
    ("acquit", "convict"), ("pass", "fail"), ("resign", "stay"), ("release", "detain"),
    ("allow", "ban"), ("lift", "impose"), ("start", "stop"), ("begin", "end"),
)

_IRREGULAR = {
    "say": ("said", "says", "saying"), "tell": ("told",), "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"), "find": ("found",), "show": ("shown",), "take": ("took", "taken"),
    "retake": ("retook", "retaken"), "seize": ("seized",), "hold": ("held",), "win": ("won", "winning"),
    "lose": ("lost", "losing"), "flee": ("fled",), "withdraw": ("withdrew", "withdrawn"),
    "broadcast": ("broadcast",), "forecast": ("forecast",), "admit": ("admitted", "admitting"),
    "regain": ("regained",), "free": ("freed",), "rise": ("rose", "risen"), "fall": ("fell", "fallen"),
    "begin": ("began", "begun"), "stop": ("stopped", "stopping"), "stay": ("stayed",),
    "overrun": ("overran",), "rid": ("rid", "ridding"), "leave": ("left",), "die": ("died", "dying"),
    "reiterate": ("reiterated",), "quote": ("quoted", "quoting"), "ban": ("banned", "banning"),
    "occupy": ("occupied",), "deny": ("denied", "denies"), "verify": ("verified", "verifies"),
    "testify": ("testified", "testifies"), "reply": ("replied", "replies"), "tweet": ("tweeted",),
    "question": ("questioned",), "counter": ("countered",), "threaten": ("threatened",),
    "signal": ("signalled", "signaled"), "control": ("controlled", "controlling"),
}


def verb_forms(lemma: str) -> set[str]:
    """The inflected forms of a regular (or listed irregular) English verb."""
    forms = {lemma, *(_IRREGULAR.get(lemma, ()))}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


def form_table(lemmas) -> dict[str, str]:
    """Map every inflected form of `lemmas` to its lemma (first listing wins)."""
    table: dict[str, str] = {}
    for lemma in lemmas:
        for form in verb_forms(lemma):
            table.setdefault(form, lemma)
    return table


REPORTING = form_table((*NEUTRAL_VERBS, *ASSERTIVE_VERBS, *CONFIRM_VERBS, *DENY_VERBS))
DENYING = form_table(DENY_VERBS)
CONFIRMING = form_table(CONFIRM_VERBS)
TAKING = form_table(TAKE_VERBS)
RETAKING = form_table(RETAKE_VERBS)
LOSING = form_table(LOSE_VERBS)
CLEARING = form_table(CLEAR_VERBS)
ANTONYM_OF = {a: b for pair in ANTONYMS for a, b in (pair, pair[::-1])}
PREDICATES = form_table({w for pair in ANTONYMS for w in pair})


def reportedly(claim) -> bool:
    """True for the outlet's own report hedged by an adverb ("X reportedly died").

    Such a report is kept out of propositions and disputes: the outlet does not
    state it. A claim that another sentence withholds confirmation of ("this could
    not be verified") is `hedge` too, but is still its speaker's statement.
    """
    return claim.hedge and claim.kind == "reported" and claim.cue in HEDGE_ADVERBS
