"""Who claims what: attributed claims, propositions, disputes and numeric discrepancies.

The stage runs in these steps:

- `attribution`: claims with speaker, cue, content and polarity per article
  (reporting frames by rule in `frames`/`clauses`, learned cues in `cues`,
  quotes attributed from their edges in `quoted`; speakers resolved to story
  entities by `speakers`), each with its content as a structured fact
  (`structured`: predicate, subject, objects, place, time, hedge, quantity);
- denials that point at "the claim"/"this" get the id of the claim they deny; a
  withheld confirmation ("this could not be verified") makes no claim of its
  own but marks the claim it is about as `hedge`;
- `propositions`: claims from the story grouped by meaning into propositions
  with their sources, supporters, disputers and status (same fact: `facts`;
  opposing stance, denials and plain negations: `disputes`, `stance`);
- `numbers`: quantities normalised and compared into numeric discrepancies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence


from newsweave.claims.attribution import Found, extract_claims
from newsweave.claims.numbers import find_discrepancies
from newsweave.claims.propositions import group_propositions
from newsweave.claims.speakers import index_entities
from newsweave.claims.structured import fact_of
from newsweave.context import StoryContext
from newsweave.model import Claim, Discrepancy, Entity, Proposition
from newsweave.nlp import Models, ParsedArticle

__all__ = ["ClaimsResult", "analyze_claims", "attribute_article"]

_ANAPHOR_WINDOW = 3  # sentences back in which "the claim"/"this" finds what it denies


@dataclass(frozen=True, slots=True)
class ClaimsResult:
    """The story's claims, the propositions they group into, and numeric discrepancies."""

    claims: tuple[Claim, ...]
    propositions: tuple[Proposition, ...]
    discrepancies: tuple[Discrepancy, ...]


def analyze_claims(context: StoryContext, models: Models) -> ClaimsResult:
    """Claims with attribution, grouped into propositions with a status, and number conflicts.

    Reads the story's parsed articles, entities, sentence vectors and
    independent sources from `context`.
    """
    parsed, entities, vectors, sources = context.parsed, context.entities, context.vectors, context.sources
    claims: list[Claim] = []
    index = index_entities(entities)
    for p in parsed:
        claims.extend(attribute_article(p, entities, start_id=len(claims) + 1, index=index,
                                        cue_model=models.attribution_cues))
    statements = [c for c in claims if c.kind != "act"]  # a stance act ("criticized X") states no proposition
    props = group_propositions(parsed, statements, entities, sources, models, vectors)
    numbers = find_discrepancies(parsed, entities, models, vectors)
    return ClaimsResult(tuple(claims), tuple(props), tuple(numbers))


def attribute_article(parsed: ParsedArticle, entities: Sequence[Entity], start_id: int = 1,
                      index: dict | None = None, acts: bool = True, cue_model=None) -> list[Claim]:
    """The claims of one article as `Claim`s, ids from c{start_id}, denials linked to targets.

    `index` is `speakers.index_entities(entities)` when the caller has it (one per story).
    `acts` also attributes stance acts over a noun ("criticized Trump for ...", "endorsed Cruz"),
    as PolNeAR annotates them, as claims of kind "act": shown and counted as attributions, but kept
    out of propositions (they state nothing to corroborate); `acts=False` leaves them out.
    `cue_model` is the learned cue model (`Models.attribution_cues`); without it the rules alone decide.
    """
    index = index if index is not None else index_entities(entities)
    article_index = index.get(parsed.article.id)
    found = extract_claims(parsed, article_index, entities, acts, cue_model)
    hedged = {_hedged_target(found, i, parsed) for i, f in enumerate(found) if f.hedge and f.polarity == "deny"}
    kept = [i for i, f in enumerate(found) if not (f.hedge and f.polarity == "deny")]
    ids = {i: f"c{start_id + k}" for k, i in enumerate(kept)}
    out = []
    for i in kept:
        f = replace(found[i], hedge=True) if i in hedged else found[i]
        target = _denied_target(found, i, parsed) if f.polarity == "deny" and f.anaphoric else None
        claim = _claim(ids[i], f, parsed, ids.get(target) if target is not None else None)
        out.append(replace(claim, fact=fact_of(claim, parsed, article_index, entities)))
    return out


def _hedged_target(found: list[Found], i: int, parsed: ParsedArticle) -> int | None:
    """Index of the claim a withheld confirmation ("this could not be verified") is about.

    Such a cue states nothing of its own and denies nothing: it hedges the
    latest assertion before it, in its own sentence or the one before.
    """
    hedge = found[i]
    starts = [s.start for s in parsed.sentences]
    sent_no = max((k for k, s in enumerate(starts) if s <= hedge.start), default=0)
    lower = starts[max(0, sent_no - 1)]
    candidates = [k for k, f in enumerate(found) if k != i and f.polarity == "assert"
                  and lower <= f.start and f.content_start < hedge.cue_start]
    return candidates[-1] if candidates else None


def _denied_target(found: list[Found], i: int, parsed: ParsedArticle) -> int | None:
    """Index of the claim a "the claim"/"this" denial denies: the latest assertion before it.

    Looks in the same sentence first, then up to three sentences back; a claim
    whose speaker is the owner named in the denial ("the group's claim") wins,
    and a claim by the denier itself is skipped.
    """
    deny = found[i]
    starts = [s.start for s in parsed.sentences]
    sent_no = max((k for k, s in enumerate(starts) if s <= deny.start), default=0)
    lower = starts[max(0, sent_no - _ANAPHOR_WINDOW)]
    candidates = [k for k, f in enumerate(found) if k != i and f.polarity == "assert"
                  and lower <= f.start and f.content_start < deny.cue_start
                  and not (deny.speaker is not None and f.speaker == deny.speaker)]
    if not candidates:
        return None
    if deny.target_hint is not None:
        owned = [k for k in candidates if found[k].speaker == deny.target_hint]
        if owned:
            return owned[-1]
    return candidates[-1]


def _claim(cid: str, f: Found, parsed: ParsedArticle, denies: str | None) -> Claim:
    text = parsed.article.text
    return Claim(
        id=cid, article=f.article, start=f.start, end=f.end, text=text[f.start:f.end],
        content=text[f.content_start:f.content_end], speaker=f.speaker.id if f.speaker else None,
        speaker_text=f.speaker_text, via=f.via, cue=f.cue, kind=f.kind, polarity=f.polarity,
        content_start=f.content_start, content_end=f.content_end, denies=denies, hedge=f.hedge,
        speaker_start=f.speaker_span[0] if f.speaker_span else None,
        speaker_end=f.speaker_span[1] if f.speaker_span else None,
        cue_start=f.cue_span[0] if f.cue_span else None, cue_end=f.cue_span[1] if f.cue_span else None,
    )
