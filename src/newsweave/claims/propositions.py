"""Claims from the story grouped into propositions, with sources, sides and status.

Grouping is by meaning and wording: MiniLM vectors of the claims' contents
blended with vectors of their content words weighted by rarity in the story
(see `WORD_SHARE`), compared only with each claim's nearest neighbours
(blocked top-k over a dot product, never every pair), an edge kept when the
two are close enough (closer still when they share no entity or number), then
merged greedily from the closest edge while the two groups' centroids stay
close (average-link in the manner of Manning et al., *Introduction to IR*,
ch. 17).

Embeddings do not tell a contradiction from a paraphrase (and no NLI model
loads offline), so
rules keep contradicting claims apart ("cannot-link") and mark their groups
as disputing each other:

- control of a place: "X took P" against "Y retook P" / "P was cleared of X"
  with X and Y different actors (`facts.conflicts`);
- negation or an antonym on the same predicate with the same subject;
- the same event on different explicit dates;
- an explicit denial: a claim with polarity "deny" inside the group, or one
  that `denies` a claim of the group;
- a refutation read by the stance model (`disputes.refutations`): another
  source's statement close in meaning whose words refute the claim ("rejected
  ... as bunk");
- a refutation by plain negation read from the parse (`disputes.negations`):
  another source's statement of the same fact (verb, subject, objects) with
  the opposite polarity ("has not been offered such a compromise"). Between two groups both are disputed, each side's speakers
  the other's disputers; inside one group the refuting member's speaker is a
  disputer, not a supporter.

Sides are read from the parse of each claim (`claims.sides`): a supporter
asserts the group's fact, unhedged, in its own words (not a speaker named in
the event, "X was found guilty"; not a statement of another fact that joined
the group, `_stating`); a conditional statement corroborates and supports only
conditional ones, and a charge or arrest only charges (`sides.mood`); a statement of opposing ("said he disagreed with the
arrest") takes the other side; a denial of a thing ("denied a plea offer")
denies no statement, and a lone denial, with nobody in the story asserting
what it denies, is one source's word, not a dispute. A denial that says only
"the claim" and that the stance model reads as refuting one claim joins that
claim's proposition.

A group's sources corroborate it only where they say it in close words: a
source whose claim joined the group through others, without a claim of its own
within `CORROBORATION` of another source's, does not count towards
`independent_sources` (inside one story, different statements about the same
actors can score as high as paraphrases).

Limits: a paraphrase far apart in vector space (below the edge threshold)
stays a separate proposition; a contradiction that no rule covers ("offered
talks" against "refused talks" by different actors) is not seen, nor one
between two places ("in Iraqi waters" against "in Iranian waters"); in a story
on one negotiation, statements on its targets, dates and parties can still
chain into one group (docs/BENCHMARKS.md, Claims: the held-out M004 set).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from newsweave.claims.disputes import Refutation, _bare_claim_noun, negations, refutations
from newsweave.claims.facts import ClaimFacts, claim_facts, conflicts, distinct
from newsweave.claims.lexicon import reportedly
from newsweave.claims.sides import (core_words, denies_statement, modifier_only, mood as mood_of, opposes, speaker_asserts,
                                    states_fact)
from newsweave.claims.speakers import index_entities
from newsweave.model import Claim, Entity, Proposition
from newsweave.nlp import Models, ParsedArticle, closest_elsewhere, identity_vector

# Grouping compares claims by a blend of meaning and wording: the MiniLM cosine
# of their contents, weighted 1 - WORD_SHARE, and the cosine of their content
# words weighted by how rare each word is among the story's sentences, weighted
# WORD_SHARE. Inside one story MiniLM alone scores different statements about the
# same actors as high as paraphrases (0.35-0.73 against 0.48-0.88 on the held-out
# bench topics); the story's rare words tell them apart. Thresholds set on the
# annotated bench set (benchmarks/claims.py) and checked on a topic kept blind.
WORD_SHARE = 0.4
NEIGHBOURS = 12  # nearest neighbours looked at per claim
EDGE_SHARED = 0.42  # blended: an edge between claims that share an entity, number or predicate
EDGE_ALONE = 0.54  # blended: an edge between claims that share nothing but meaning
LINK = 0.38  # blended: mean similarity across two groups' members needed to merge them (average link)
# On the MiniLM cosine alone (paraphrases of one statement in news prose score 0.6-0.85):
CONTRADICTION = 0.55  # claims this close with opposite negation or antonyms contradict
CORROBORATION = 0.66  # claims of two sources this close corroborate each other
# A member this close to its group's representative assertion, in meaning or in the blend, states the group's
# fact (`_stating`): the paraphrase range, as CORROBORATION. Chosen on the DEV audit stories (benchmarks/claims.py,
# AUDIT_SETS): statements of another fact that had joined a group ("he wanted to win her back" beside "I believe
# Nichols did not win": 0.63 / 0.57) mostly fall below it, but the two ranges overlap (a prosecutor's "need more
# leeway to strike jurors" scores 0.68 to "death sentences require a unanimous jury"), so it is a weak filter.
SUPPORT = 0.66
PREFILTER = 0.5  # raw sentence cosine below which a claim is not encoded (see _worth_encoding)
UBIQUITOUS = 0.15  # share of a story's sentences that makes a name part of the topic, masked
_BLOCK = 1024  # rows of the similarity matrix computed at once
_MAX_WORDS = 60  # the opening of a long quote carries its topic; the rest only costs encoder time
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN", "NUM", "ADV"})


@dataclass(slots=True)
class _Group:
    members: list[int]
    total: np.ndarray
    facts: list[ClaimFacts] = field(default_factory=list)


def group_propositions(parsed: Sequence[ParsedArticle], claims: Sequence[Claim], entities: Sequence[Entity],
                       sources: Mapping[str, str], models: Models,
                       vectors: Mapping[tuple[str, int], np.ndarray] | None = None) -> list[Proposition]:
    """The story's propositions: claims grouped by meaning, each with its status and sides.

    Anaphoric denials ("denied the claim") and hedges join the group of the
    claim they point at; every other claim is grouped by its content.
    """
    by_id = {c.id: c for c in claims}
    groupable = [c for c in claims if not (c.denies and c.content_end - c.content_start < 40)
                 and not (c.hedge and c.polarity == "deny") and not reportedly(c)]
    if not groupable:
        return []
    docs = {p.article.id: p for p in parsed}
    index = index_entities(entities)
    facts = [claim_facts(c, docs.get(c.article), index.get(c.article), entities) for c in groupable]
    active = _worth_encoding(groupable, docs, vectors)
    # A claim not worth encoding still groups with its copies' claims (same words).
    meaning = np.stack([np.zeros(384, dtype=np.float32) if a else identity_vector(c.content)
                        for c, a in zip(groupable, active)])
    blended = np.sqrt(1 - WORD_SHARE) * meaning
    chosen = [c for c, a in zip(groupable, active) if a]
    if chosen:
        common = _ubiquitous_words(docs.values())
        meaning[active] = _claim_vectors(chosen, docs, models, {e.id: e.name for e in entities}, common)
        words_active = _word_vectors(chosen, docs, common)
        words = np.zeros((len(groupable), words_active.shape[1]), dtype=np.float32)
        words[active] = words_active
        blended = np.hstack([np.sqrt(1 - WORD_SHARE) * meaning, np.sqrt(WORD_SHARE) * words]).astype(np.float32)
    groups = _cluster(groupable, blended, facts)
    refuted = refutations(groupable, docs, sources, models, vectors, meaning)
    refuted += negations(groupable, facts, docs, sources, models)
    groups, refuted = _bare_denials_to_targets(groups, groupable, refuted)
    return _propositions(groups, groupable, meaning, blended, facts, by_id, claims, docs, sources, entities,
                         refuted)


def _worth_encoding(claims: Sequence[Claim], docs, vectors) -> np.ndarray:
    """Claims whose sentence has a close sentence in another article (the others group only with copies).

    Encoding every claim's content is most of this stage's time. A sentence
    with no other sentence of another article within `PREFILTER` (raw
    sentence vectors, which shared names only make closer) cannot reach the
    edge thresholds once names are masked, so its claim is a proposition of
    its own, shared only with the same claim where a copy repeats its
    sentence word for word.
    """
    if len({c.article for c in claims}) < 2:
        return np.zeros(len(claims), dtype=bool)
    keys = [_sentence_key(c, docs) for c in claims]
    if not vectors or any(k not in vectors for k in keys):
        return np.ones(len(claims), dtype=bool)
    mat = np.stack([vectors[k] for k in keys])
    sentence = [docs[c.article].sentences[k[1]].text for c, k in zip(claims, keys)]
    return closest_elsewhere(mat, [c.article for c in claims], sentence) >= PREFILTER


def _claim_vectors(claims: Sequence[Claim], docs, models: Models, names: dict[str, str],
                   common: frozenset[str]) -> np.ndarray:
    """Unit vectors of the claims' contents, the story's ubiquitous names masked out.

    In one story nearly every sentence names the same actors and places, and
    MiniLM scores two sentences that share them as near-paraphrases ("X gained
    ground in Y" against "fighting in Y is an example of X resistance": 0.83).
    Masking the names that most articles use leaves the predicate to compare
    (0.33 for that pair, 0.89 for two reports of one death).
    """
    texts = [_embedding_text(c, names, common) for c in claims]
    unique = sorted(set(texts))  # copies of one wire story embed once
    vecs = models.embedder.encode(unique)
    row = {t: i for i, t in enumerate(unique)}
    return vecs[[row[t] for t in texts]] if len(texts) else vecs


def _word_vectors(claims: Sequence[Claim], docs, common: frozenset[str]) -> np.ndarray:
    """Unit TF-IDF vectors of the claims' content words, weighted by rarity among the story's sentences.

    Words the story uses everywhere (its topic) weigh almost nothing, so two
    claims score high only when they share what is particular to them: the
    stage, the figure, the verb. The story's ubiquitous names are left out, as
    in the embedding text. Only words found in two claims or more get a
    column (no other word can add to a dot product), but every word counts
    towards a vector's length.
    """
    sentences, frequency = _sentence_frequencies(docs.values())
    weights = []
    for c in claims:
        p = docs.get(c.article)
        span = None if p is None or c.content_start is None else \
            p.doc.char_span(c.content_start, c.content_end, alignment_mode="expand")
        bag = Counter(t.lower_ for t in span if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop
                      and t.lower_ not in common) if span is not None else Counter()
        weights.append({w: (1.0 + np.log(n)) * np.log((sentences + 1) / (frequency[w] + 1)) for w, n in bag.items()})
    shared = [w for w, n in Counter(w for row in weights for w in row).items() if n >= 2]
    column = {w: i for i, w in enumerate(sorted(shared))}
    out = np.zeros((len(claims), len(column)), dtype=np.float32)
    for r, row in enumerate(weights):
        length = float(np.sqrt(sum(x * x for x in row.values())))
        for w, x in row.items():
            if w in column and length > 0:
                out[r, column[w]] = x / length
    return out


def _sentence_frequencies(parsed) -> tuple[int, Counter]:
    """The story's number of sentences, and in how many of them each content word occurs."""
    frequency: Counter = Counter()
    n = 0
    for p in parsed:
        for sent in p.doc.sents:
            n += 1
            frequency.update({t.lower_ for t in sent if t.pos_ in _CONTENT_POS and t.is_alpha and not t.is_stop})
    return n, frequency


def _ubiquitous_words(parsed) -> frozenset[str]:
    """Proper-noun words in at least `UBIQUITOUS` of the story's sentences (three at least).

    Those name the story's main actors and places; secondary names (a person
    killed, a town taken) stay, since they tell statements apart.
    """
    counts: dict[str, int] = {}
    n = 0
    for p in parsed:
        for sent in p.doc.sents:
            n += 1
            for w in {t.text.lower() for t in sent if t.pos_ == "PROPN" and t.is_alpha}:
                counts[w] = counts.get(w, 0) + 1
    need = max(3, UBIQUITOUS * n)
    return frozenset(w for w, k in counts.items() if k >= need)


_LEADING_PRONOUN = re.compile(r"^(he|she|they|it|we|i)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _embedding_text(c: Claim, names: dict[str, str], common: frozenset[str]) -> str:
    """The content to embed: a leading pronoun replaced by the speaker, ubiquitous names dropped.

    A bare pronoun carries none of the meaning that ties "he's ready for talks"
    to "Smith is ready to negotiate"; the speaker is the likeliest referent.
    """
    text = c.content
    who = names.get(c.speaker or "") or c.speaker_text
    if who and c.kind in ("direct", "indirect", "according_to") and _LEADING_PRONOUN.match(text):
        text = _LEADING_PRONOUN.sub(who, text, count=1)
    masked = _WORD.sub(lambda m: "" if m.group().lower() in common else m.group(), text)
    out = masked if len(masked.split()) >= 2 else text
    return " ".join(out.split()[:_MAX_WORDS])


def _sentence_key(c: Claim, docs) -> tuple[str, int] | None:
    p = docs.get(c.article)
    if p is None:
        return None
    starts = [s.start for s in p.sentences]
    k = bisect.bisect_right(starts, c.start) - 1
    return (c.article, p.sentences[k].index) if k >= 0 else None


def _edges(vecs: np.ndarray, facts: list[ClaimFacts]) -> list[tuple[float, int, int]]:
    """Candidate edges from each claim's nearest neighbours, kept by the thresholds above."""
    n = len(vecs)
    k = min(NEIGHBOURS, n - 1)
    edges = []
    if k <= 0:
        return edges
    for lo in range(0, n, _BLOCK):
        sims = vecs[lo:lo + _BLOCK] @ vecs.T
        for r in range(sims.shape[0]):
            sims[r, lo + r] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r in range(sims.shape[0]):
            i = lo + r
            for j in map(int, top[r]):
                # Rounded: a last-bit difference between machines or thread counts must not flip an edge.
                s = round(float(sims[r, j]), 4)
                shared = facts[i].shares_anchor(facts[j])
                if s >= EDGE_ALONE or (s >= EDGE_SHARED and shared):
                    a, b = (i, j) if i < j else (j, i)
                    edges.append((round(s + (0.02 if shared else 0.0), 4), a, b))
    return sorted(set(edges), reverse=True)


def _cluster(claims: Sequence[Claim], vecs: np.ndarray, facts: list[ClaimFacts]) -> list[_Group]:
    """Greedy average-link merging over the kept edges, with cannot-links for contradictions."""
    groups = {i: _Group([i], vecs[i].copy(), [facts[i]]) for i in range(len(claims))}  # zero rows stay alone
    owner = list(range(len(claims)))
    for _, i, j in _edges(vecs, facts):
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        a, b = groups[gi], groups[gj]
        if round(float(a.total @ b.total) / (len(a.members) * len(b.members)), 4) < LINK:
            continue
        if any(conflicts(x, y) or distinct(x, y) for x in a.facts for y in b.facts):
            continue
        if len(a.members) < len(b.members):
            gi, gj, a, b = gj, gi, b, a
        a.members.extend(b.members)
        a.total += b.total
        a.facts.extend(b.facts)
        for m in b.members:
            owner[m] = gi
        del groups[gj]
    return sorted(groups.values(), key=lambda g: min(g.members))


def _bare_denials_to_targets(groups: list[_Group], claims: Sequence[Claim],
                             refuted: Sequence[Refutation]) -> tuple[list[_Group], list[Refutation]]:
    """A denial that says only "the claim" ("rejected the claim that ...") and that the stance model reads as
    refuting one claim joins that claim's group, as a denial whose target attribution resolved does: the
    dispute is then one proposition with both sides, read as claim against claim. Its own group goes
    when it held nothing else; the refutation is spent."""
    best: dict[int, Refutation] = {}
    for r in refuted:
        c = claims[r.by]
        if r.how == "stance" and c.polarity == "deny" and _bare_claim_noun(c.content) \
                and r.probability > getattr(best.get(r.by), "probability", 0.0):
            best[r.by] = r
    if not best:
        return groups, list(refuted)
    owner = {m: g for g, grp in enumerate(groups) for m in grp.members}
    moved = {by: r.claim for by, r in best.items() if owner.get(by) != owner.get(r.claim)}
    for by, target in moved.items():
        src, dst = groups[owner[by]], groups[owner[target]]
        src.members.remove(by)
        dst.members.append(by)  # the group's total stays: the centroid is the assertions' meaning
    kept = [g for g in groups if g.members]
    spent = {(r.claim, r.by) for r in best.values()}
    return kept, [r for r in refuted if (r.claim, r.by) not in spent]


def _name(c: Claim, docs, entity_names: dict[str, str]) -> str:
    """Who a claim's side is: its speaker entity's name, the speaker's words, or the outlet.

    A speaker who is only named in the event ("X was found guilty", "a judge
    sentenced him": `sides.speaker_asserts`) is no side of it; the outlet reports it.
    """
    if speaker_asserts(c, docs):
        if c.speaker and c.speaker in entity_names and not modifier_only(c, entity_names[c.speaker], docs):
            return entity_names[c.speaker]
        if c.speaker_text and c.kind != "reported":
            return c.speaker_text
    p = docs.get(c.article)
    return (p.article.outlet if p is not None and p.article.outlet else None) or c.article


def _propositions(groups: list[_Group], claims: Sequence[Claim], meaning: np.ndarray, blended: np.ndarray,
                  facts: list[ClaimFacts], by_id: dict[str, Claim], all_claims: Sequence[Claim], docs,
                  sources: Mapping[str, str], entities: Sequence[Entity],
                  refuted: Sequence[Refutation] = ()) -> list[Proposition]:
    """Propositions from groups: members, sources, sides, contradictions and status.

    `meaning` holds the MiniLM vectors (contradiction, corroboration and who
    states the group's fact are judged on them), `blended` the grouping
    vectors (the groups' totals). A supporter asserts the group's fact
    (unhedged, unconditional, in words close to it: `_stating`); a disputer
    denies a statement of it or refutes it; a group is disputed only when both
    sides are there (a lone denial, whose claim nobody in the story asserts,
    is one source's word), or when it contradicts another group.
    """
    names = {e.id: e.name for e in entities}
    group_of = {claims[m].id: g for g, grp in enumerate(groups) for m in grp.members}
    denials: dict[int, list[Claim]] = {}
    for c in all_claims:
        if c.denies and c.denies in group_of and c.id not in group_of:
            denials.setdefault(group_of[c.denies], []).append(c)
    contra: dict[int, set[int]] = {}
    _contradictions(groups, claims, meaning, facts, contra)
    refuting = _stance_contradictions(groups, refuted, contra)
    factual = {m for m in range(len(claims)) if states_fact(claims[m], docs)}
    mood = np.array([mood_of(c, docs) for c in claims], dtype=np.int8)
    against = {m: opposed for m in factual if (opposed := opposes(claims[m], docs))}
    out = []
    for g, grp in enumerate(groups):
        members = [claims[m] for m in grp.members]
        extra = denials.get(g, [])
        inside = sorted(refuting.get(g, ()))
        pro = factual - set(inside)
        opposing = _opposing(grp, claims, against, pro, sources, docs)
        stating = _stating(grp, claims, meaning, blended, pro - set(opposing), sources, mood)
        asserting = [claims[m] for m in stating]
        denying = [c for c in members + extra if denies_statement(c, docs) and not c.hedge] + \
            [claims[m] for m in inside] + [claims[m] for m in opposing]
        articles = _unique([c.article for c in members + extra])
        supporters = _unique([_name(c, docs, names) for c in asserting])
        disputers = _unique([_name(c, docs, names) for c in denying])
        for h in sorted(contra.get(g, ())):
            disputers = _unique(disputers + [_name(claims[m], docs, names) for m in groups[h].members
                                             if m in factual])
        independent = _corroborating_sources(grp, claims, meaning, sources, factual, mood)
        if contra.get(g) or (disputers and supporters):
            status = "disputed"
        elif independent >= 2:
            status = "corroborated"
        else:
            status = "single_source"
        out.append(Proposition(
            id="", text=_representative(_Group(stating, blended[stating].sum(axis=0)) if stating else grp,
                                        claims, blended).content,
            claims=tuple(c.id for c in sorted(members + extra, key=lambda c: int(c.id[1:]))),
            articles=tuple(articles), independent_sources=independent, status=status,
            supporters=tuple(supporters), disputers=tuple(disputers),
            contradicts=tuple(str(h) for h in sorted(contra.get(g, ()))),
        ))
    ids = {str(g): f"p{g + 1}" for g in range(len(out))}
    return [_with_ids(p, f"p{g + 1}", ids) for g, p in enumerate(out)]


def _opposing(grp: _Group, claims: Sequence[Claim], against: dict[int, frozenset[str]], pro: set[int],
              sources: Mapping[str, str], docs) -> list[int]:
    """The members that state their speaker's opposition (`sides.opposes`) to what an assertion of another
    source in the group is about (the subject or object of its main verb, `sides.core_words`): "disagreed
    with the arrest" against "the arrest ... was lawful".
    They take the other side; an opposition with nothing of its object asserted by another source stays
    what it is, a statement."""
    out = []
    for m in grp.members:
        if m not in against:
            continue
        own = sources.get(claims[m].article, claims[m].article)
        if any(o in pro and o not in against and sources.get(claims[o].article, claims[o].article) != own
               and against[m] & core_words(claims[o], docs) for o in grp.members):
            out.append(m)
    return out


def _stating(grp: _Group, claims: Sequence[Claim], meaning: np.ndarray, blended: np.ndarray, factual: set[int],
             sources: Mapping[str, str], mood: np.ndarray | None = None) -> list[int]:
    """The members that assert the group's fact: unhedged assertions (`factual`) whose content is within
    `SUPPORT` of the group's representative assertion (in meaning, or in the blend of meaning and the
    story's rare words), or within `CORROBORATION` of another source's (in meaning); in both, of the same
    mood (`mood`: outright, conditional or an accusation, `sides.mood`).

    A group holds claims that joined it through others (average link): "he wanted to win her back"
    beside "Nichols did not win". Their speakers assert something else and support nothing here. A group
    with no unhedged assertion keeps its hedged ones (they are what is said, as hedged).
    """
    mine = [m for m in grp.members if m in factual]
    if not mine:
        return [m for m in grp.members if claims[m].polarity == "assert"]
    if len(mine) == 1:
        return mine
    lead = _representative(_Group(mine, blended[mine].sum(axis=0)), claims, blended)
    lead_i = next(m for m in mine if claims[m] is lead)
    src = [sources.get(claims[m].article, claims[m].article) for m in mine]
    sims = np.round(meaning[mine] @ meaning[mine].T, 4)
    row = mine.index(lead_i)
    worded = np.round(blended[mine] @ blended[lead_i], 4)
    out = []
    same = np.ones((len(mine), len(mine)), dtype=bool) if mood is None else mood[mine][:, None] == mood[mine][None, :]
    for k, m in enumerate(mine):
        close_other = any(sims[k, j] >= CORROBORATION and src[j] != src[k] and same[k, j] for j in range(len(mine)))
        if m == lead_i or (same[k, row] and max(sims[k, row], worded[k]) >= SUPPORT) or close_other:
            out.append(m)
    return out


def _corroborating_sources(grp: _Group, claims: Sequence[Claim], vecs: np.ndarray,
                           sources: Mapping[str, str], factual: set[int] | None = None,
                           mood: np.ndarray | None = None) -> int:
    """How many independent sources assert the group's statement in words close to another source's.

    A group can hold a source's claim that merely joined it through others
    (average link); such a source does not corroborate. A source counts when
    one of its asserting claims is within `CORROBORATION` of an asserting
    claim of another source, in the same mood (`mood`, `sides.mood`: a
    conditional statement corroborates only a conditional one, a charge only
    a charge); a lone source counts one.
    Only claims that state the fact count (`factual`: unhedged,
    `sides.states_fact`).
    """
    members = [m for m in grp.members if claims[m].polarity == "assert" and (factual is None or m in factual)]
    src = np.array([sources.get(claims[m].article, claims[m].article) for m in members], dtype=object)
    if len(set(src)) < 2:
        return len(set(src))
    sims = np.round(vecs[members] @ vecs[members].T, 4)
    close = (sims >= CORROBORATION) & (src[:, None] != src[None, :])
    if mood is not None:
        close &= mood[members][:, None] == mood[members][None, :]
    return max(1, len(set(src[close.any(axis=1)])))


def _with_ids(p: Proposition, pid: str, ids: dict[str, str]) -> Proposition:
    from dataclasses import replace
    return replace(p, id=pid, contradicts=tuple(ids[h] for h in p.contradicts))


def _contradictions(groups: list[_Group], claims: Sequence[Claim], vecs: np.ndarray, facts: list[ClaimFacts],
                    contra: dict[int, set[int]]) -> None:
    """Pairs of groups whose members contradict by rule (blocked by shared anchors)."""
    by_anchor: dict[str, list[tuple[int, int]]] = {}
    for g, grp in enumerate(groups):
        for m in grp.members:
            for key in facts[m].block_keys():
                by_anchor.setdefault(key, []).append((g, m))
    for members in by_anchor.values():
        if len(members) > 400:
            continue  # a key as common as "the" blocks nothing
        for x in range(len(members)):
            gx, mx = members[x]
            for y in range(x + 1, len(members)):
                gy, my = members[y]
                if gx == gy:
                    continue
                if conflicts(facts[mx], facts[my], round(float(vecs[mx] @ vecs[my]), 4), CONTRADICTION):
                    contra.setdefault(gx, set()).add(gy)
                    contra.setdefault(gy, set()).add(gx)


def _stance_contradictions(groups: list[_Group], refuted: Sequence[Refutation],
                           contra: dict[int, set[int]]) -> dict[int, set[int]]:
    """Add the stance model's refutations between groups to `contra`; return those inside a group.

    Inside a group, of two members read as refuting each other only the more
    probable direction stands (the refuter is the one whose words refute).
    """
    group_of = {m: g for g, grp in enumerate(groups) for m in grp.members}
    best = {(r.claim, r.by): r.probability for r in refuted}
    inside: dict[int, set[int]] = {}
    for r in refuted:
        ga, gb = group_of.get(r.claim), group_of.get(r.by)
        if ga is None or gb is None:
            continue
        if ga != gb:
            contra.setdefault(ga, set()).add(gb)
            contra.setdefault(gb, set()).add(ga)
        elif r.probability > best.get((r.by, r.claim), 0.0):
            inside.setdefault(ga, set()).add(r.by)
    return inside


def _representative(grp: _Group, claims: Sequence[Claim], vecs: np.ndarray) -> Claim:
    """The member closest to the group's centroid (ties: the shorter content)."""
    norm = float(np.linalg.norm(grp.total))
    if len(grp.members) == 1 or norm == 0.0:
        return claims[grp.members[0]]
    centre = grp.total / norm
    best = max(grp.members, key=lambda m: (round(float(vecs[m] @ centre), 2), -len(claims[m].content)))
    return claims[best]


def _unique(items) -> list:
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out
