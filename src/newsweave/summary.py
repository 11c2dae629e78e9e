"""Multi-document extractive summaries in which every sentence cites its sources.

The method (argued in ``docs/SUMMARIZATION.md``):

1. **Units.** Every body sentence of the story (headlines, removed text and
   sentences that cannot stand on their own are never selected; see
   `stands_alone`; photo captions neither, `is_caption`), each without the
   page's opening (a dateline, a byline, a wire tag, `without_opening`). When
   those that stand alone cannot fill the budget, a
   sentence whose only fault is that it leans on the one before it in its
   article ("She had been in Dubai ...") is filler, chosen only together
   with that sentence and printed right after it (`leans_back`).
2. **Concepts.** Content bigrams of inflection-stripped words, weighted by the
   number of *independent sources* that use them (copies of one wire text count
   once): what many sources say is what the story is about (Gillick & Favre,
   "A Scalable Global Model for Summarization", ILP-NLP 2009).
3. **Centrality and lead.** Each candidate's MiniLM vector is compared with the
   story's sentences; the number of independent sources that report related
   content, the share of the story's sentences in other articles that do
   (its degree in the cluster's sentence graph, LexRank's centrality in its
   degree form: Erkan & Radev 2004), and the sentence's closeness to its
   article's lead add a per-sentence bonus, so a sentence that many outlets
   report, or that opens a report, outranks one with the same bigrams. A
   learned salience head (`newsweave.salience`, trained on human summaries,
   passed in as `Models.salience`) adds the reference bigrams it expects the
   sentence to carry.
4. **Selection.** An integer linear program chooses the sentences that maximise
   the weight of the concepts they cover (each concept counts once, which is the
   redundancy control) plus the centrality bonus, under the word budget, with
   near-paraphrase pairs, and two sentences of one day that count one thing at
   one figure, forbidden together. The story as it stands: figures
   that later reports updated are left out, a sentence giving the main
   count's latest figure is put in (a later report's higher figure of the
   same thing counted when the claims stage left it out: `carried_on`), and
   earlier reports' passed figures of that count leave (`main_count`). Solved by HiGHS through
   `scipy.optimize.milp`; a budgeted greedy on the same objective (Lin & Bilmes
   2010) is the fallback.
5. **Order and citations.** Sentences are ordered by the earliest publication
   date of the articles that report them, then by their position in the source
   article; each cites its own span first, then the best-matching sentence of
   every other article that states it (cosine >= `CITE_SIMILARITY`, and
   every figure, date and name and nearly every word of the sentence in it:
   `summary_support.states`), and which the stance model does not read as
   refuting or unrelated (`stance_allows`).
6. **Paragraphs.** The ordered sentences are grouped by sub-event
   (`newsweave.paragraphs`); paragraphs go in the order of their first
   sentence, and each summary sentence carries its paragraph's index.

Cost grows linearly with the number of sentences: concept counts are one pass,
candidates are capped at `MAX_CANDIDATES`, and the candidate-by-sentence
similarities are computed in blocks, never as an all-pairs matrix.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

import numpy as np

from newsweave.context import StoryContext
from newsweave.model import Claim, Proposition, Sentence, Span, Summary
from newsweave.nlp import EMBEDDING_DIM, ParsedArticle
from newsweave import salience as learned
from newsweave import summary_support as support
from newsweave.claims.numbers import figures_in, parse_value
from newsweave.claims.stance import StanceModel, stance_from_vectors
from newsweave.paragraphs import PARAGRAPH_SIMILARITY, Block, group_paragraphs
from newsweave.timeline.publication import parse_day

# Sentences shorter than this rarely carry a whole fact; longer ones are run-ons
# or lists that the sentence splitter failed to break.
MIN_WORDS = 10
MAX_WORDS = 60
# When the sentences that pass every rule cannot fill the budget (short or
# lower-cased, tokenised input), filler may start lower-case, leave a quotation
# open (text cut mid-quote) and be this short; it must still not dangle.
RELAXED_MIN_WORDS = 6
RELAXED = frozenset({"case", "quotes"})
# all-MiniLM-L6-v2 cosines: >= 0.75 is a paraphrase or the same fact in other
# words (on the samples, true restatements score 0.70-0.87 and unrelated
# sentences of one story stay below 0.72); two sentences that would cite each
# other never both enter a summary; >= 0.6 is "reports related content".
CITE_SIMILARITY = 0.75
DUPLICATE_SIMILARITY = CITE_SIMILARITY
# The stance model's labels of a sentence that is never cited for a summary sentence (`stance_allows`).
CITE_REFUSED_STANCES = frozenset({"refutes", "unrelated"})
SUPPORT_SIMILARITY = 0.6
# Two sentences that count one thing at one figure (`counted_figures`) and are this
# alike (MiniLM cosine) tell one fact twice: one of them is enough. None: no such rule.
FIGURE_CLASH_SIMILARITY: float | None = SUPPORT_SIMILARITY
# From this many sources up, a concept must be used by two of them to count (`concept_weights`).
SHARED_FROM_SOURCES = 2
# A later report that counts the main count's thing higher gives its latest figure (`carried_on`).
COUNT_CARRIED_ON = True
# Fewer independent sources than this and agreement is counted between articles.
MIN_SOURCES = 3
# The ILP sees the best candidates only, so its size does not grow with the story.
MAX_CANDIDATES = 150
# ... and of those, the ILP decides among the best this many by their own value.
ILP_CANDIDATES = 60
# Rows of sentence vectors compared per block (memory stays O(block x candidates)).
BLOCK = 4096
# The objective: CONCEPT_WEIGHT per source per covered bigram, SUPPORT_WEIGHT per
# independent source reporting related content, POSITION_WEIGHT x
# (1 + position) ** -POSITION_DECAY for the lead. Tuned on MultiLing 2011
# (docs/SUMMARIZATION.md has the ablations): the lead term carries most of the
# gain, and bigrams at full weight drown it when reports share few of them.
SUPPORT_WEIGHT = 1.0
CONCEPT_WEIGHT = 0.3
POSITION_WEIGHT = 12.0
POSITION_DECAY = 2.0
# Cluster centrality (degree centrality over the story's sentence graph, Erkan & Radev's
# LexRank in its degree form): CENTRALITY_WEIGHT x the share of the story's sentences,
# in other articles, that report related content (cosine >= SUPPORT_SIMILARITY) x the
# sentence's words. Chosen on the Multi-News dev half (docs/BENCHMARKS.md, issue 19 part 4).
CENTRALITY_WEIGHT = 1.0
# HiGHS stops after this many branch-and-bound nodes or within this relative gap
# of the optimum, whichever comes first; the incumbent is then at most 1% short
# of the best objective. Both bounds count work, not time, so a summary does not
# depend on how loaded the machine is; the time limit is only a safety net (the
# largest ILP of MultiLing and Multi-News takes under 0.5 s).
ILP_SECONDS = 30.0
ILP_GAP = 0.01
ILP_NODES = 500
ILP_PRESOLVE = True

_CONNECTIVES = frozenset(
    "but and or so yet however also meanwhile moreover furthermore still instead nevertheless "
    "nonetheless then thus therefore besides additionally likewise similarly otherwise hence "
    "later afterwards again too".split()
)
_DEICTIC = frozenset("this that these those such here there".split())
_PRONOUNS = frozenset(
    "i me my we us our you your he him his she her hers it its they them their theirs".split()
)
# Heads that point back to a referent named earlier ("The group said ...").
_ANAPHORIC_HEADS = frozenset(
    "group man woman men women company firm organisation organization official officials "
    "spokesman spokeswoman spokesperson militants fighters movement agency suspect suspects "
    "victim victims couple pair outfit boy girl person source sources former latter "
    "report statement announcement move decision offer claim comments remarks incident deal "
    "plan proposal".split()
)
_FURNITURE = re.compile(
    r"^\W*(photo|image|picture|video|watch|file|credit|caption|advertisement|read more|related|"
    r"click|subscribe|sign up|follow us|share|copyright|all rights reserved|by)\b",
    re.IGNORECASE,
)
_WEB = re.compile(r"https?://|www\.|\S+@\S+\.\w+|(^|\s)@\w+|\.com\b", re.IGNORECASE)
# Closing punctuation, then any closing quotes or brackets (tokenised text spaces them out).
_TERMINAL = re.compile(r"[.!](?:\s*[\"'”’)\]])*\s*$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Openings that belong to the page, not the sentence: a question-and-answer marker,
# a wire dateline (an upper-case place, an optional date, an agency in brackets,
# then a dash), or the agency tag alone; a byline ("By Jane Doe, Associated Press")
# is taken off with the dateline or tag that follows it (alone, "By ..." may open a
# sentence proper, which `stands_alone` then refuses as furniture).
_AGENCY = r"(?:\((?:AP|AFP|Reuters|UPI|dpa|Xinhua|PTI|IANS|ANI|[A-Z]{2,5})\))"
_BYLINE = r"(?:By\s+[A-Z][\w.'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,7}?,?\s+)?"
_OPENING = re.compile(
    r"^(?:[QA][.:]\s+"
    r"|" + _BYLINE + r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z]?[\w.]+)*)?\s*"
    + _AGENCY + r"?\s*(?:--|—|–|-)\s+"
    r"|" + _BYLINE + _AGENCY + r"\s*(?:--|—|–|-)?\s+"
    r"|\(\s*(?:[A-Z]{2,5}|[a-z]{2,5})\s+\)\s*(?:--|—|–|-)?\s+)"
)
# A wire agency's tag and dash close a dateline, whatever its case or spacing ("( ap ) —" in
# tokenised, lower-cased text); what stands before it within this many words (a caption, a
# byline, a photo credit) is page too.
_WIRE_TAG = re.compile(r"\(\s*(?:AP|AFP|Reuters|UPI|dpa|Xinhua|PTI|IANS|ANI)\s*\)\s*(?:--|—|–|-)\s+",
                       re.IGNORECASE)
WIRE_TAG_WORDS = 30
# A sentence that its article follows with a photo credit is a caption (`is_caption`), never chosen.
CAPTIONS_OUT = True
# Photo credits in brackets that open a sentence ("( john doe/ap photo ) ( associated press ) ..."):
# a caption's tail, glued to the sentence that follows it.
_CREDITS = re.compile(r"(?:\(\s*[^()]{0,80}?\b(?:AP|AFP|Reuters|Associated Press|Getty Images|EPA)\b"
                      r"[^()]{0,80}\)(?!\s*(?:--|—|–|-))\s*)+", re.IGNORECASE)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


@dataclass(frozen=True, slots=True)
class Unit:
    """One body sentence with what selection needs: words, concepts, source, row.

    `source` is the independent source of its article; in a story with fewer
    than `MIN_SOURCES` sources (one outlet's coverage over days, say) it is the
    original article instead, so that agreement between reports still counts.
    """

    sentence: Sentence
    article_order: int
    published: str | None
    source: str
    text: str
    words: int
    concepts: frozenset[str]
    row: int
    tier: int  # 0: stands alone; 1: filler, when tier 0 cannot fill the budget; 2: never (but see leans_on)
    position: int  # rank among the article's body sentences, from 0
    removed: bool = False  # the text also stands in a line cleaning removed (a repeat): never chosen nor cited
    # The row of the sentence before it in its article, when this one would stand alone but
    # leans on that one ("He said ...", "But ..."): filler that is chosen only after it.
    leans_on: int | None = None
    # The counts it states, each with the thing counted (`counted_figures`): (value, the noun's stem).
    figures: frozenset[tuple[float, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Count:
    """The story's main changing count, from the claims stage's `update` discrepancies (`main_count`)."""

    latest: tuple[Span, ...]  # where its latest value is stated
    values: tuple[Span, ...]  # where any of its values is stated
    lowest: float
    latest_value: float


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen candidates (indices into the candidate list) and the objective reached."""

    chosen: tuple[int, ...]
    value: float


def summarize_story(context: StoryContext, words: int, superseded: Sequence[Span] = (),
                    sides: tuple[Sequence[Span], Sequence[Span]] = ((), ()),
                    count: Count | None = None, salience: learned.SalienceHead | None = None,
                    stance: StanceModel | None = None) -> list[Summary]:
    """Summary sentences of at most `words` words in all, each citing every article behind it.

    Reads the story's parsed articles, their sentence vectors and independent
    sources from `context`. `superseded` are spans of figures that later
    reports of the story updated (`superseded_figures`): a sentence stating
    one is not chosen while another sentence can be, so the summary tells the
    story as it stands. `sides` are the sentences of the story's main dispute
    (`dispute_sides`: those asserting it, those denying it): one of each is put
    in the summary (one sentence when it holds both), when it can stand alone
    and fits. `count` is the story's main changing count (`main_count`): a
    sentence stating its latest figure is put in the summary when it stands
    alone and fits, and earlier reports' sentences that give it a figure it
    has since passed leave the candidates (one fact, one sentence, as it
    stands). `salience` is the learned head (`Models.salience`, loaded once
    by `nlp.load_models`): its predicted reference bigrams per word, times
    the sentence's words and the head's weight, join each sentence's bonus;
    None leaves the hand-set bonus alone. `stance` is the claims stage's
    stance model (`Models.stance`): a sentence of another article that the
    support check passes is cited only when the stance model does not read
    it as refuting or unrelated to the summary sentence (`stance_allows`);
    None leaves the support check alone. Returns [] when no sentence fits
    the budget.
    """
    parsed, vectors, sources = context.parsed, context.vectors, context.sources
    if words <= 0 or not parsed:
        return []
    units = build_units(parsed, sources)
    if not units:
        return []
    matrix = _matrix(units, vectors)
    weights = concept_weights(units)
    candidates = _current(_candidates(units, weights, matrix, words), superseded)
    if not candidates:
        return []
    counts, degree = related_content(candidates, units, matrix)
    bonus = _sentence_bonus(candidates, counts, degree) + _salience_bonus(candidates, units, matrix, weights, counts,
                                                                             salience)
    candidates, bonus = _shortlist(candidates, bonus, weights)
    candidates, bonus, must = _with_sides(candidates, bonus, units, sides, words)
    candidates, bonus, must = _with_latest(candidates, bonus, must, units, matrix, count, words)
    candidates, bonus, must = _anchored(candidates, bonus, must)
    if not candidates:
        return []  # every candidate leaned on a sentence that is no candidate
    selection = select(candidates, weights, bonus, matrix, words, must)
    chosen = [candidates[i] for i in selection.chosen]
    statements = support.Statements(parsed)
    cited = cite_once([(u, cite(u, units, matrix, statements, stance)) for u in chosen], matrix, units)
    by_id = {p.article.id: p.article.published for p in parsed}
    return in_paragraphs(reading_order(cited, by_id), matrix, by_id)


def superseded_figures(discrepancies: Iterable) -> list[Span]:
    """The spans of figures that a later report updated: the values of an `update` other than its latest.

    Reads the claims stage's discrepancies (`relation == "update"`, values in
    the order of the dates they were reported, so the last value is the
    latest figure, which every value equal to it shares); any other relation is left
    alone, since sources that disagree about one moment are a dispute to show,
    not an old figure to drop. A figure that falls from one report to a later
    one is left alone too unless one sentence states the revision ("lowered
    the toll from 7,000 to about 6,100"): tolls and counts grow as a story
    develops, and a falling series is more often several things of one kind
    (the magnitudes of successive aftershocks) than one figure corrected.
    """
    out: list[Span] = []
    for d in discrepancies:
        if d.relation != "update" or len(d.values) < 2:
            continue
        if d.direction == "down" and d.from_date is not None:
            continue  # a figure that falls across reports is more often another thing counted than a revision
        latest = d.values[-1].value
        out.extend(Span(v.article, v.start, v.end) for v in d.values if v.value != latest)
    return out


def main_count(discrepancies: Iterable) -> Count | None:
    """The story's main changing count: the `update` whose values come from the most articles.

    Updates are read as `superseded_figures` reads them (a falling series
    across reports left out); ties go to the most values. Its latest value is
    its last (the values are in the order of their reports' dates). None when
    the story has no such update with numeric values.
    """
    updates = [d for d in discrepancies if d.relation == "update" and len(d.values) >= 2
               and not (d.direction == "down" and d.from_date is not None)
               and all(isinstance(v.value, (int, float)) for v in d.values)]
    if not updates:
        return None
    main = max(updates, key=lambda d: (len({v.article for v in d.values}), len(d.values)))
    latest = main.values[-1].value
    return Count(tuple(Span(v.article, v.start, v.end) for v in main.values if v.value == latest),
                 tuple(Span(v.article, v.start, v.end) for v in main.values),
                 float(min(v.value for v in main.values)), float(latest))


def _with_latest(candidates: list[Unit], bonus: np.ndarray, must: tuple[int, ...], units: Sequence[Unit],
                 matrix: np.ndarray, count: Count | None,
                 words: int) -> tuple[list[Unit], np.ndarray, tuple[int, ...]]:
    """The candidates with a sentence stating the main count's latest figure forced in, and without its stale rivals.

    The sentence is the first of the story (in story order) that holds a
    latest span and is eligible (tier 0, else filler) and no longer than a
    third of the budget. A rival is a candidate of an earlier report (its
    article published before the latest figure's) that states a plain count
    of the count's size (from half its lowest value up to, not including,
    its latest) and is about the same development (cosine >=
    `paragraphs.PARAGRAPH_SIMILARITY` with a sentence of the count's values):
    the same count at a figure it has since passed. Nothing changes when no
    sentence states the latest figure. The count is first carried on by a
    later report that counts the same thing higher (`carried_on`).
    """
    if count is None:
        return candidates, bonus, must
    count = carried_on(count, units, matrix, words) if COUNT_CARRIED_ON else count
    holders = [u for u in units if u.tier <= 1 and not u.removed and u.words <= words // 3
               and any(_holds_span(u, s) for s in count.latest)]
    if not holders:
        return candidates, bonus, must
    best = min(holders, key=lambda u: (u.tier, u.row))
    if best.row not in {u.row for u in candidates}:
        candidates, bonus = [*candidates, best], np.concatenate([bonus, np.zeros(1)])
    stated = [u.row for u in units if any(_holds_span(u, s) for s in count.values)]
    keep = [i for i, u in enumerate(candidates)
            if u.row == best.row or i in must or not _stale_rival(u, best, count, matrix, stated)]
    new = {old: n for n, old in enumerate(keep)}
    forced = new[next(i for i, u in enumerate(candidates) if u.row == best.row)]
    return ([candidates[i] for i in keep], bonus[keep],
            tuple(dict.fromkeys([*(new[i] for i in must if i in new), forced])))


def carried_on(count: Count, units: Sequence[Unit], matrix: np.ndarray, words: int) -> Count:
    """The count with the figure of a later report that counts the same thing higher, when the claims stage left it out.

    The thing counted is the noun the latest figure counts in its sentence
    (`Unit.figures`, from the parse: 16 "bodies"). A sentence of a report
    published after every latest figure's report that counts that noun at a
    higher figure ("the fifty or so bodies that have been found"), about the
    same development (cosine >= `paragraphs.PARAGRAPH_SIMILARITY` with a
    sentence of the count's values), eligible and no longer than a third of
    the budget, gives the latest figure: the one of the latest such report,
    its highest there. The count is unchanged when there is none.
    """
    stated = [u.row for u in units if any(_holds_span(u, s) for s in count.values)]
    holders = [u for u in units if any(_holds_span(u, s) for s in count.latest)]
    nouns = {noun for u in holders for value, noun in u.figures if value == count.latest_value}
    dates = [u.published for u in holders]
    if not nouns or not stated or not all(dates):
        return count
    later = [(u.published, value, -u.row, u) for u in units
             if u.published and u.published > max(dates) and u.tier <= 1 and not u.removed
             and u.words <= words // 3
             for value, noun in u.figures if noun in nouns and value > count.latest_value
             and float(np.max(matrix[stated] @ matrix[u.row])) >= PARAGRAPH_SIMILARITY]
    if not later:
        return count
    _, value, _, unit = max(later, key=lambda item: item[:3])
    span = Span(unit.sentence.article, unit.sentence.start, unit.sentence.end)
    return Count((span,), (*count.values, span), count.lowest, float(value))


def _stale_rival(unit: Unit, latest: Unit, count: Count, matrix: np.ndarray, stated: Sequence[int]) -> bool:
    """Whether an earlier report's sentence gives the count a figure it has since passed (see `_with_latest`)."""
    if not (unit.published and latest.published and unit.published < latest.published):
        return False
    sizes = [value for _, value, dimension, _ in figures_in(unit.text) if not dimension]
    if not any(count.lowest / 2 <= v < count.latest_value for v in sizes):
        return False
    return bool(stated) and float(np.max(matrix[list(stated)] @ matrix[unit.row])) >= PARAGRAPH_SIMILARITY


def _holds_span(unit: Unit, span: Span) -> bool:
    """Whether the span (a figure) lies inside the unit's sentence."""
    s = unit.sentence
    return s.article == span.article and s.start <= span.start and span.end <= s.end


def dispute_sides(claims: Sequence[Claim],
                  propositions: Sequence[Proposition]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The sentences of the story's main dispute: those of claims asserting it, those of claims denying it.

    The main dispute is the disputed proposition reported by the most
    independent sources (at least two articles); its denials are member claims
    with polarity "deny", else the asserting claims of a proposition it
    contradicts. Two empty tuples when the story has no such dispute.
    """
    by_id = {c.id: c for c in claims}
    disputed = [(n, p) for n, p in enumerate(propositions) if p.status == "disputed" and len(p.articles) >= 2]
    if not disputed:
        return (), ()
    _, top = max(disputed, key=lambda item: (item[1].independent_sources, len(item[1].articles), -item[0]))
    members = [by_id[c] for c in top.claims if c in by_id]
    asserting = [c for c in members if c.polarity == "assert"]
    denying = [c for c in members if c.polarity == "deny"]
    if not denying:
        others = {p.id: p for p in propositions}
        denying = [by_id[c] for q in top.contradicts if q in others for c in others[q].claims if c in by_id]
    if not asserting or not denying:
        return (), ()
    return (tuple(Span(c.article, c.start, c.end) for c in asserting),
            tuple(Span(c.article, c.start, c.end) for c in denying))


def _with_sides(candidates: list[Unit], bonus: np.ndarray, units: Sequence[Unit],
                sides: tuple[Sequence[Span], Sequence[Span]],
                words: int) -> tuple[list[Unit], np.ndarray, tuple[int, ...]]:
    """The candidates with a sentence of each side of the dispute among them, and their indices.

    One sentence when a sentence states both sides ("X said ..., a claim Y
    denied"); none when a side has no sentence that stands alone, or the two
    would take more than half the budget.
    """
    asserting, denying = ([u for u in units if u.tier <= 1 and any(_holds(u, s) for s in side)] for side in sides)
    denying_rows = {u.row for u in denying}
    both = [u for u in asserting if u.row in denying_rows]
    found = both[:1] or (asserting[:1] + denying[:1] if asserting and denying else [])
    if not found or sum(u.words for u in found) > words // 2:
        return candidates, bonus, ()
    rows = {u.row: i for i, u in enumerate(candidates)}
    extra = [u for u in found if u.row not in rows]
    candidates = [*candidates, *extra]
    bonus = np.concatenate([bonus, np.zeros(len(extra))])
    rows = {u.row: i for i, u in enumerate(candidates)}
    return candidates, bonus, tuple(rows[u.row] for u in found)


def _holds(unit: Unit, span: Span) -> bool:
    """Whether the unit's sentence overlaps the span (a claim's sentence, its opening perhaps cut)."""
    s = unit.sentence
    return s.article == span.article and s.start < span.end and span.start < s.end


def _current(candidates: list[Unit], superseded: Sequence[Span]) -> list[Unit]:
    """The candidates without the sentences that state a superseded figure (all of them if none is left)."""
    if not superseded:
        return candidates
    stale = {u.row for u in candidates for s in superseded
             if s.article == u.sentence.article and u.sentence.start <= s.start and s.end <= u.sentence.end}
    kept = [u for u in candidates if u.row not in stale]
    return kept or candidates


# ---------------------------------------------------------------- units


def build_units(parsed: Sequence[ParsedArticle], sources: Mapping[str, str]) -> list[Unit]:
    """Every non-headline sentence of the story as a `Unit`, rows numbered in story order."""
    units: list[Unit] = []
    stems: dict[str, str] = {}
    by_source = len({sources.get(p.article.id, p.article.id) for p in parsed}) >= MIN_SOURCES
    for order, p in enumerate(parsed):
        removed = [" ".join(r.text.split()) for r in p.article.removed]
        source = (sources.get(p.article.id, p.article.id) if by_source
                  else p.article.duplicate_of or p.article.id)
        position = 0
        for s in p.sentences:
            if s.is_headline:
                continue
            proper = without_opening(s)
            opened, s = proper.start != s.start, proper
            tokens = _tokens(p, s)
            text = " ".join(s.text.split())
            kept = not any(text in r for r in removed if r)
            if is_caption(p.article.text, s):
                kept = False  # a photo's caption: page furniture, like a removed line
            tier = 0 if kept and stands_alone(text, tokens, opened=opened) else \
                1 if kept and stands_alone(text, tokens, strict=False) else 2
            leans_on = units[-1].row if tier == 2 and kept and position > 0 and leans_back(text, tokens) else None
            units.append(Unit(s, order, p.article.published, source, text, len(text.split()),
                              frozenset(concepts_of(tokens, stems)), len(units), tier, position, not kept,
                              leans_on, counted_figures(tokens)))
            position += 1
    return units


def is_caption(text: str, s: Sentence) -> bool:
    """Whether the sentence is a photo's caption: its article goes on with a photo credit in brackets.

    "Officials work the scene of the shooting on sunday, nov. 5, 2017. ( jane
    doe/ap photo ) ..." is the caption of a picture the page showed, glued to
    the text by the extraction: not the report's prose.
    """
    after = text[s.end:]
    return CAPTIONS_OUT and bool(_CREDITS.match(after.lstrip()))


def without_opening(s: Sentence) -> Sentence:
    """The sentence without an opening that is not part of it: an interview marker or a dateline.

    "Q. Why ...", "A: We ...", "WASHINGTON (AP) -- The ...", "KABUL, Sept 5
    (Reuters) - The ...", "(AP) -- The ...", photo credits in brackets
    ("( jane doe/ap photo ) The ..."), and whatever a wire tag closes
    within its first `WIRE_TAG_WORDS` words, in any case ("( ap ) photo
    caption ... tokyo ( ap ) — the ..."): the span then starts at the
    sentence proper, so the summary and its first citation read the same words.
    """
    credits = _CREDITS.match(s.text)
    end = credits.end() if credits else 0
    m = _OPENING.match(s.text, end)
    end = m.end() if m else end
    tag = _WIRE_TAG.search(s.text, end)
    if tag and len(s.text[end:tag.start()].split()) <= WIRE_TAG_WORDS:
        end = tag.end()
    if not end or end >= len(s.text):
        return s
    return replace(s, start=s.start + end, text=s.text[end:])


def _tokens(p: ParsedArticle, s: Sentence) -> list:
    """The spaCy tokens of sentence `s` (empty when the doc does not align)."""
    span = p.doc.char_span(s.start, s.end, alignment_mode="expand") if p.doc is not None else None
    return list(span) if span is not None else []


def stands_alone(text: str, tokens: Sequence, strict: bool = True, allow_dangling: bool = False,
                 opened: bool = False) -> bool:
    """True when a sentence can be read out of context in a summary.

    Rejects: too short or too long; questions, colon lead-ins and lines without
    closing punctuation (captions, datelines); photo credits, bylines and
    links; unbalanced quotation marks or a lower-case start (quote fragments);
    an opening connective ("But", "However"), demonstrative ("This") or
    pronoun; a main subject that is a pronoun with no name before it ("On
    Sunday, he said"); and a bare "the group"-style subject. Limits: it does
    not resolve coreference, so a pronoun after a name of someone else passes.

    With `strict` False (filler for a budget the strict sentences cannot fill)
    the case, quotation-mark and length rules relax as `RELAXED` says; the
    rules against dangling openers and subjects hold in both modes, unless
    `allow_dangling` is True (see `leans_back`). `opened` says that a page
    opening was cut off the sentence (`without_opening`): it then starts at
    the sentence proper, and a lower-case first letter (lower-cased text)
    is no sign of a fragment.
    """
    n = len(text.split())
    if n < (MIN_WORDS if strict else RELAXED_MIN_WORDS) or n > MAX_WORDS or not _TERMINAL.search(text):
        return False
    if _FURNITURE.search(text) or _WEB.search(text):
        return False
    if (strict or "quotes" not in RELAXED) and not _quotes_balanced(text):
        return False
    first = text.lstrip("\"'“‘([ ")
    if not first:
        return False
    if (strict or "case" not in RELAXED) and not opened and not first[0].isupper() and not first[0].isdigit():
        return False
    if not tokens:
        return True
    if not _has_verb(tokens):
        return False
    return allow_dangling or not (_dangling_opener(tokens) or _dangling_subject(tokens))


def leans_back(text: str, tokens: Sequence) -> bool:
    """True when a sentence fails `stands_alone` only by leaning on the one before it.

    "She had been in Dubai to attend a wedding." or "But the police said ..."
    reads well right after the sentence it follows in its article, and only
    there: such a sentence is filler that the summary takes together with its
    antecedent and prints right after it (a whole passage of the report).
    Needs the parse: without tokens nothing is known to dangle.
    """
    return bool(tokens) and not stands_alone(text, tokens, strict=False) and \
        stands_alone(text, tokens, strict=False, allow_dangling=True)


def _quotes_balanced(text: str) -> bool:
    """Straight double quotes come in pairs and curly ones open before they close."""
    if text.count('"') % 2:
        return False
    return text.count("“") == text.count("”")


def _has_verb(tokens: Sequence) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _dangling_opener(tokens: Sequence) -> bool:
    """The first word leans on the sentence before (connective, demonstrative, pronoun)."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words:
        return True
    first = words[0].lower_
    return first in _CONNECTIVES or first in _DEICTIC or first in _PRONOUNS


def _dangling_subject(tokens: Sequence) -> bool:
    """The main clause's subject is a pronoun before any name, or a bare 'the group'."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if subject.lower_ in _PRONOUNS:
        return not any(t.pos_ == "PROPN" for t in tokens if t.i < subject.i)
    subtree = [t for t in subject.subtree if not t.is_punct]
    return (len(subtree) == 2 and subtree[0].lower_ == "the"
            and subject.lower_ in _ANAPHORIC_HEADS)


# ---------------------------------------------------------------- concepts


def concepts_of(tokens: Iterable, stems: dict[str, str] | None = None) -> list[str]:
    """Content bigrams of the sentence's words, inflections stripped (stopword pairs dropped).

    `stems` memoises the stemmer over one story (words repeat across reports).
    """
    stems = {} if stems is None else stems
    words = []
    for t in tokens:
        if t.is_punct or t.is_space or not any(ch.isalnum() for ch in t.text):
            continue
        lower = t.lower_
        stem = stems.get(lower)
        if stem is None:
            stem = stems[lower] = _stem(lower)
        words.append((stem, t.is_stop))
    return [f"{a} {b}" for (a, sa), (b, sb) in zip(words, words[1:]) if not (sa and sb)]


def _stem(word: str) -> str:
    """A light suffix stripper that conflates inflections (killed/kills/killing -> kill).

    Hand-written because the stemmers that would do it (NLTK, snowballstemmer)
    are not runtime dependencies, and bigram matching needs only inflections.
    """
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


def concept_weights(units: Sequence[Unit]) -> dict[str, float]:
    """Each concept's weight: how many independent sources use it (rare ones dropped).

    With two or more sources a concept used by one source only is dropped
    (the df >= 2 cut of Gillick & Favre, who used 3 on ten-document sets):
    in a story of two reports, what only one of them says is not yet what
    the story is about. A story of one source keeps all its concepts.
    """
    users: dict[str, set[str]] = defaultdict(set)
    for u in units:
        for c in u.concepts:
            users[c].add(u.source)
    n_sources = len({u.source for u in units})
    floor = 3 if n_sources >= 6 else 2 if n_sources >= SHARED_FROM_SOURCES else 1
    return {c: CONCEPT_WEIGHT * len(s) for c, s in users.items() if len(s) >= floor}


# ---------------------------------------------------------------- salience


def _matrix(units: Sequence[Unit], vectors: Mapping[tuple[str, int], np.ndarray]) -> np.ndarray:
    """The units' vectors as rows (zeros where a vector is missing)."""
    out = np.zeros((len(units), EMBEDDING_DIM), dtype=np.float32)
    for u in units:
        v = vectors.get((u.sentence.article, u.sentence.index))
        if v is not None:
            out[u.row] = v
    return out


def _candidates(units: Sequence[Unit], weights: Mapping[str, float], matrix: np.ndarray,
                words: int) -> list[Unit]:
    """The eligible units that fit the budget, best `MAX_CANDIDATES` by concept weight per word.

    Filler (tier 1, and sentences that lean on the one before them) is
    eligible only when the sentences that stand alone cannot fill the budget.
    """
    strict_words = sum(u.words for u in units if u.tier == 0)
    tiers = (0,) if strict_words >= words else (0, 1)
    seen: set[str] = set()
    pool: list[Unit] = []
    for u in units:
        key = u.text.lower()
        eligible = u.tier in tiers or (u.leans_on is not None and 1 in tiers)
        if eligible and u.words <= words and key not in seen:
            seen.add(key)
            pool.append(u)
    if len(pool) <= MAX_CANDIDATES:
        return pool
    centroid = _unit(matrix.sum(axis=0))
    score = [sum(weights.get(c, 0.0) for c in u.concepts) / u.words + float(matrix[u.row] @ centroid)
             for u in pool]
    best = sorted(np.argsort(score)[::-1][:MAX_CANDIDATES])
    return [pool[i] for i in best]


def _shortlist(candidates: Sequence[Unit], bonus: np.ndarray,
               weights: Mapping[str, float]) -> tuple[list[Unit], np.ndarray]:
    """The `ILP_CANDIDATES` candidates with the best stand-alone objective, in story order.

    A sentence whose own value (its bonus plus all its concepts) is far down the
    list is never worth its words in the optimum; dropping it keeps the ILP small.
    """
    if len(candidates) <= ILP_CANDIDATES:
        return list(candidates), bonus
    value = [bonus[i] + sum(weights.get(c, 0.0) for c in u.concepts) for i, u in enumerate(candidates)]
    keep = sorted(np.argsort(value)[::-1][:ILP_CANDIDATES])
    return [candidates[i] for i in keep], bonus[keep]


def _anchored(candidates: Sequence[Unit], bonus: np.ndarray,
              must: Sequence[int]) -> tuple[list[Unit], np.ndarray, tuple[int, ...]]:
    """The candidates without those that lean on a sentence that is not a candidate (chains followed)."""
    keep = list(range(len(candidates)))
    while True:
        rows = {candidates[i].row for i in keep}
        kept = [i for i in keep if candidates[i].leans_on is None or candidates[i].leans_on in rows]
        if len(kept) == len(keep):
            break
        keep = kept
    if len(keep) == len(candidates):
        return list(candidates), bonus, tuple(must)
    new = {old: n for n, old in enumerate(keep)}
    return [candidates[i] for i in keep], bonus[keep], tuple(new[i] for i in must if i in new)


def _anchors(candidates: Sequence[Unit]) -> list[tuple[int, int]]:
    """Pairs (i, j): candidate i may be chosen only with candidate j, the sentence it leans on."""
    index = {u.row: k for k, u in enumerate(candidates)}
    return [(i, index[u.leans_on]) for i, u in enumerate(candidates) if u.leans_on in index]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def _sentence_bonus(candidates: Sequence[Unit], counts: np.ndarray, degree: np.ndarray) -> np.ndarray:
    """Per-candidate bonus: sources that report related content, cluster centrality, and lead position.

    The cross-document support is `counts` (`support_counts`); `degree` is
    the candidate's share of the story's sentences, in other articles, that
    report related content (`related_content`), worth `CENTRALITY_WEIGHT`
    per word, so a sentence at the centre of the whole cluster's sentence
    graph outranks one that a few outlets' leads share; the lead term,
    ``(1 + position) ** -POSITION_DECAY``, is the news lead bias: reporters
    put the essentials first.
    """
    lead = np.array([(1.0 + u.position) ** -POSITION_DECAY for u in candidates])
    words = np.array([u.words for u in candidates], dtype=np.float64)
    return SUPPORT_WEIGHT * counts + CENTRALITY_WEIGHT * degree * words + POSITION_WEIGHT * lead


def _salience_bonus(candidates: Sequence[Unit], units: Sequence[Unit], matrix: np.ndarray,
                    weights: Mapping[str, float], counts: np.ndarray,
                    head: learned.SalienceHead | None) -> np.ndarray:
    """The head's weight x its expected reference bigrams of each candidate (zeros without a head)."""
    if head is None or not head.weight or not candidates:
        return np.zeros(len(candidates))
    per_word = head.model.predict(candidate_features(candidates, units, matrix, weights, counts))
    return head.weight * per_word * np.array([u.words for u in candidates], dtype=np.float64)


def candidate_features(candidates: Sequence[Unit], units: Sequence[Unit], matrix: np.ndarray,
                       weights: Mapping[str, float], counts: np.ndarray | None = None) -> np.ndarray:
    """The salience head's features (`salience.FEATURES`) of each candidate, one row each.

    `counts` are the candidates' `support_counts` when already computed.
    O(sentences) beside `support_counts`: the centroids are sums of the rows,
    one a story and one an article.
    """
    article_sum: dict[str, np.ndarray] = {}
    article_size: dict[str, int] = defaultdict(int)
    for u in units:
        a = u.sentence.article
        article_sum[a] = article_sum.get(a, 0) + matrix[u.row]
        article_size[a] += 1
    story_sum = matrix.sum(axis=0)
    rows = [u.row for u in candidates]
    return learned.sentence_features(
        [u.text for u in candidates], [u.position for u in candidates], [u.words for u in candidates],
        [article_size[u.sentence.article] for u in candidates],
        [sum(weights.get(c, 0.0) for c in u.concepts) for u in candidates],
        support_counts(candidates, units, matrix) if counts is None else counts,
        [u.tier > 0 or u.leans_on is not None for u in candidates],
        matrix[rows], story_sum, np.array([story_sum - article_sum[u.sentence.article] for u in candidates]),
        len({u.source for u in units}), CONCEPT_WEIGHT)


def support_counts(candidates: Sequence[Unit], units: Sequence[Unit], matrix: np.ndarray) -> np.ndarray:
    """Per candidate, how many independent sources report related content (0 in a one-source story).

    Cross-document centrality counts the distinct sources with a sentence at
    cosine >= `SUPPORT_SIMILARITY` (the candidate's own source included), so
    content that many outlets carry outranks content one outlet carries.
    """
    return related_content(candidates, units, matrix)[0]


def related_content(candidates: Sequence[Unit], units: Sequence[Unit],
                    matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate, the sources that report related content (`support_counts`) and its cluster centrality.

    Related content is a sentence at cosine >= `SUPPORT_SIMILARITY`. The
    centrality is the degree of the candidate in the story's sentence graph
    restricted to other articles, as a share of all the story's sentences:
    how much of the whole cluster says something close to it (its own
    article's neighbours left out, so one long report does not make its own
    sentences central). Compares the candidates with all sentences in blocks
    of `BLOCK` rows: O(candidates x sentences) time, O(candidates x BLOCK) memory.
    """
    cand = matrix[[u.row for u in candidates]]
    index: dict[str, int] = {}
    source_of = np.array([index.setdefault(u.source, len(index)) for u in units])
    articles: dict[str, int] = {}
    article_of = np.array([articles.setdefault(u.sentence.article, len(articles)) for u in units])
    own = np.array([articles[u.sentence.article] for u in candidates])
    backed = np.zeros((len(candidates), len(index)), dtype=bool)  # candidate x source that says it alike
    degree = np.zeros(len(candidates))
    for lo in range(0, len(units), BLOCK):
        related = cand @ matrix[lo : lo + BLOCK].T >= SUPPORT_SIMILARITY
        i, j = np.nonzero(related)
        backed[i, source_of[lo + j]] = True
        degree += (related & (article_of[None, lo : lo + BLOCK] != own[:, None])).sum(axis=1)
    counts = backed.sum(axis=1).astype(np.float64) if len(index) > 1 else np.zeros(len(candidates))
    return counts, degree / max(1, len(units))


# ---------------------------------------------------------------- selection


def select(candidates: Sequence[Unit], weights: Mapping[str, float], bonus: np.ndarray,
           matrix: np.ndarray, words: int, must: Sequence[int] = ()) -> Selection:
    """The candidates that maximise covered concept weight plus bonus within `words` words.

    An exact ILP (HiGHS via scipy) when it solves in time, else the budgeted
    greedy. Near-copies (cosine >= `DUPLICATE_SIMILARITY`) are never chosen
    together, except the candidates in `must`, which are always chosen; a
    candidate that leans on another (`Unit.leans_on`) is chosen only with it.
    """
    if not candidates:
        return Selection((), 0.0)
    concepts = sorted({c for u in candidates for c in u.concepts if c in weights})
    clashes = [(i, j) for i, j in _clashes(candidates, matrix) if not (i in must and j in must)]
    anchors = _anchors(candidates)
    result = _ilp(candidates, concepts, weights, bonus, clashes, words, must, anchors)
    return result if result is not None else _greedy(candidates, weights, bonus, clashes, words, must, anchors)


def _clashes(candidates: Sequence[Unit], matrix: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of candidates that state one fact: near-paraphrases, or one figure told twice.

    Near-paraphrases are at cosine >= `DUPLICATE_SIMILARITY`. Two sentences
    of reports of one day (`_same_day`) that count one thing at one figure
    (`Unit.figures`) and report related content (cosine >=
    `FIGURE_CLASH_SIMILARITY`) tell one fact in two wordings ("opened fire
    ..., killing 26 people" and "at least 26 people were killed in the
    shooting"), and one of them is enough. Across days a figure told again
    is left to `main_count` and the superseded figures, which keep the latest.
    """
    cand = matrix[[u.row for u in candidates]]
    sims = cand @ cand.T
    pairs = {(int(i), int(j)) for i, j in np.argwhere(np.triu(sims >= DUPLICATE_SIMILARITY, k=1))}
    if FIGURE_CLASH_SIMILARITY is not None:
        pairs |= {(int(i), int(j)) for i, j in np.argwhere(np.triu(sims >= FIGURE_CLASH_SIMILARITY, k=1))
                  if candidates[i].figures & candidates[j].figures and _same_day(candidates[i], candidates[j])}
    return sorted(pairs)


def _same_day(a: Unit, b: Unit) -> bool:
    """Whether two sentences were reported on one day (an undated report is taken to be of any day)."""
    return not (a.published and b.published and a.published[:10] != b.published[:10])


def counted_figures(tokens: Sequence) -> frozenset[tuple[float, str]]:
    """The counts a sentence states, each with the noun it counts: {(52.0, "people")} for "52 people were killed".

    Read off the parse: a number that modifies a noun (`nummod`, with the
    words that scale it: "1.2 million people"), the noun's inflection-stripped
    form beside its value. Dates, times and years are no counts ("jan. 19",
    "a 2016 deal"), and numbers under ten are left out: "two days" and
    "three people" recur across the facts of one story; "231 people" rarely does.
    """
    out = set()
    for t in tokens:
        if t.dep_ != "nummod" or t.head.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in ("DATE", "TIME") \
                or _YEAR.fullmatch(t.text):
            continue
        words = [c.text for c in t.lefts if c.dep_ in ("compound", "quantmod") and c.like_num] + [t.text]
        value = parse_value(" ".join(words))
        if value is not None and value >= 10:
            out.add((float(value), _stem(t.head.lower_)))
    return frozenset(out)


def _ilp(candidates: Sequence[Unit], concepts: Sequence[str], weights: Mapping[str, float],
         bonus: np.ndarray, clashes: Sequence[tuple[int, int]], words: int,
         must: Sequence[int] = (), anchors: Sequence[tuple[int, int]] = ()) -> Selection | None:
    """Gillick & Favre's concept ILP with a sentence bonus; None if HiGHS finds no solution."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n, m = len(candidates), len(concepts)
    index = {c: k for k, c in enumerate(concepts)}
    # Integral costs (hundredths) keep HiGHS clear of the numerical repairs that make it print.
    cost = -np.rint(100 * np.concatenate([np.asarray(bonus, dtype=np.float64),
                                          np.array([weights[c] for c in concepts])]))
    rows = 1 + m + len(clashes) + len(anchors)
    a = lil_matrix((rows, n + m))
    upper = np.zeros(rows)
    for i, u in enumerate(candidates):
        a[0, i] = u.words
    upper[0] = words
    for i, u in enumerate(candidates):
        for c in u.concepts:
            if c in index:
                a[1 + index[c], i] = -1.0
    for k in range(m):
        a[1 + k, n + k] = 1.0
    for r, (i, j) in enumerate(clashes, start=1 + m):
        a[r, i] = a[r, j] = 1.0
        upper[r] = 1.0
    for r, (i, j) in enumerate(anchors, start=1 + m + len(clashes)):
        a[r, i], a[r, j] = 1.0, -1.0  # x_i <= x_j
    lower = np.zeros(n + m)
    lower[list(must)] = 1.0
    # HiGHS prints to stdout when it maps a solution back through presolve with the anchor rows
    # (seen on MultiLing M007): without presolve it never does, and the ILP is small.
    presolve = ILP_PRESOLVE and not anchors
    res = milp(cost, constraints=LinearConstraint(a.tocsr(), -np.inf, upper),
               integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(lower, 1),
               options={"time_limit": ILP_SECONDS, "node_limit": ILP_NODES, "mip_rel_gap": ILP_GAP, "presolve": presolve,
                        "disp": False})
    if res.x is None:
        return None
    chosen = tuple(i for i in range(n) if res.x[i] > 0.5)
    if sum(candidates[i].words for i in chosen) > words:
        return None
    return Selection(chosen, float(-res.fun) / 100)


def _greedy(candidates: Sequence[Unit], weights: Mapping[str, float], bonus: np.ndarray,
            clashes: Sequence[tuple[int, int]], words: int, must: Sequence[int] = (),
            anchors: Sequence[tuple[int, int]] = ()) -> Selection:
    """Budgeted greedy on the same objective, from the `must` candidates: best gain per word until nothing fits.

    A candidate that leans on another becomes eligible once that one is chosen.
    """
    needs = dict(anchors)
    banned: dict[int, set[int]] = defaultdict(set)
    for i, j in clashes:
        banned[i].add(j)
        banned[j].add(i)
    chosen: list[int] = list(must)
    covered: set[str] = {c for i in chosen for c in candidates[i].concepts}
    used = sum(candidates[i].words for i in chosen)
    value = sum(bonus[i] for i in chosen) + sum(weights.get(c, 0.0) for c in covered)
    left = set(range(len(candidates))) - set(chosen)
    while True:
        best, best_ratio, best_gain = None, 0.0, 0.0
        for i in left:
            u = candidates[i]
            if used + u.words > words or banned[i] & set(chosen) or (i in needs and needs[i] not in chosen):
                continue
            gain = bonus[i] + sum(weights.get(c, 0.0) for c in u.concepts - covered)
            if gain > 0 and gain / u.words > best_ratio:
                best, best_ratio, best_gain = i, gain / u.words, gain
        if best is None:
            return Selection(tuple(sorted(chosen)), value)
        chosen.append(best)
        left.discard(best)
        covered |= candidates[best].concepts
        used += candidates[best].words
        value += best_gain


# ---------------------------------------------------------------- citations and order


def cite(unit: Unit, units: Sequence[Unit], matrix: np.ndarray,
         statements: Mapping[tuple[str, int, int], "support.Statement"],
         stance: StanceModel | None = None) -> tuple[Span, ...]:
    """The unit's own span, then the best sentence of each other article that states it.

    "States it": cosine >= `CITE_SIMILARITY`, no contradicting numbers (both
    sentences have numbers and share none), and `summary_support.states` on
    the two sentences' parses (`statements`, keyed by article and offsets):
    every figure, date and name of the sentence and nearly all its words are
    in the cited one; with a `stance` model, also `stance_allows`. Title-like
    lines inside the text are not cited. Others are ordered by similarity.
    """
    own = Span(unit.sentence.article, unit.sentence.start, unit.sentence.end)
    said = statements[_key(unit)]
    best: dict[str, tuple[float, Unit]] = {}
    v = matrix[unit.row]
    for lo in range(0, len(units), BLOCK):
        sims = matrix[lo : lo + BLOCK] @ v
        for j in np.flatnonzero(sims >= CITE_SIMILARITY):
            other = units[lo + int(j)]
            article = other.sentence.article
            if article == unit.sentence.article or other.removed or not _citable(other) \
                    or not numbers_agree(unit.text, other.text) \
                    or not support.states(said, statements[_key(other)], float(sims[j])) \
                    or not stance_allows(stance, unit, other, matrix):
                continue
            if article not in best or sims[j] > best[article][0]:
                best[article] = (float(sims[j]), other)
    others = sorted(best.values(), key=lambda item: -item[0])
    return (own, *(Span(o.sentence.article, o.sentence.start, o.sentence.end) for _, o in others))


def stance_allows(stance: StanceModel | None, unit: Unit, other: Unit, matrix: np.ndarray) -> bool:
    """Whether the stance model reads `other` as supporting or discussing `unit`'s sentence (True without a model).

    The support check compares figures, names and words; the stance model
    (`claims.stance`, trained on claim-evidence pairs) reads the framing as
    well, and a sentence it labels "refutes" or "unrelated" is not cited,
    however many words it shares. "discusses" stays: the stance model gives
    it to a quote reported alike, which does state the sentence.
    """
    if stance is None:
        return True
    found = stance_from_vectors(stance, unit.text, matrix[unit.row], [other.text], matrix[[other.row]])
    return found.label not in CITE_REFUSED_STANCES


def _key(unit: Unit) -> tuple[str, int, int]:
    """The unit's sentence as a key of `summary_support.Statements`: article and offsets."""
    return unit.sentence.article, unit.sentence.start, unit.sentence.end


def cite_once(cited: list[tuple[Unit, tuple[Span, ...]]], matrix: np.ndarray,
              units: Sequence[Unit]) -> list[tuple[Unit, tuple[Span, ...]]]:
    """The citations with each span kept for one summary sentence only: the one it is closest to.

    A sentence's own span (cited first) always stays with it; a span another
    sentence also cites goes to the summary sentence with the higher cosine.
    """
    row_of = {(u.sentence.article, u.sentence.start, u.sentence.end): u.row for u in units}
    owner: dict[Span, tuple[float, int]] = {}
    for n, (u, spans) in enumerate(cited):
        for k, span in enumerate(spans):
            row = row_of.get((span.article, span.start, span.end))
            score = 2.0 if k == 0 else float(matrix[u.row] @ matrix[row]) if row is not None else 0.0
            if span not in owner or score > owner[span][0]:
                owner[span] = (score, n)
    return [(u, tuple(s for k, s in enumerate(spans) if k == 0 or owner[s][1] == n))
            for n, (u, spans) in enumerate(cited)]


def _citable(unit: Unit) -> bool:
    """A whole sentence of prose: closing punctuation and a few words (no stray title line)."""
    return unit.words >= RELAXED_MIN_WORDS and bool(_TERMINAL.search(unit.text))


def numbers_agree(a: str, b: str) -> bool:
    """False when both sentences state numbers and none of them is shared.

    Years are compared only when neither sentence has another number: a shared
    "2007" does not make "won stage 13 of the 2007 Tour" and "won stage 15 of
    the 2007 Tour" agree.
    """
    na = {x.replace(",", "") for x in _NUMBER.findall(a)}
    nb = {x.replace(",", "") for x in _NUMBER.findall(b)}
    ca, cb = {x for x in na if not _YEAR.fullmatch(x)}, {x for x in nb if not _YEAR.fullmatch(x)}
    if ca and cb:
        return bool(ca & cb)
    return not (na and nb) or bool(na & nb)


def _reading_key(unit: Unit, spans: Sequence[Span], published: Mapping[str, str | None]) -> tuple:
    """Earliest publication date among the reporting articles (undated last), then position."""
    dates = [d for d in (published.get(s.article) for s in spans) if d]
    return (min(dates) if dates else "9999", unit.sentence.index, unit.article_order)


def reading_order(cited: Sequence[tuple[Unit, tuple[Span, ...]]],
                  published: Mapping[str, str | None]) -> list[list[tuple[Unit, tuple[Span, ...]]]]:
    """The summary sentences in reading order, as blocks: a sentence, then those that lean on it.

    Sentences that stand alone go by `_reading_key` (earliest report first,
    then position); one that leans on the sentence before it in its article
    follows that sentence in its block, so "She had been in Dubai ..." comes
    right after the sentence that names her.
    """
    rows = {u.row for u, _ in cited}
    after: dict[int, list[tuple[Unit, tuple[Span, ...]]]] = defaultdict(list)
    heads = []
    for item in cited:
        if item[0].leans_on in rows:
            after[item[0].leans_on].append(item)
        else:
            heads.append(item)
    heads.sort(key=lambda item: _reading_key(item[0], item[1], published))

    def block(item: tuple[Unit, tuple[Span, ...]]) -> list[tuple[Unit, tuple[Span, ...]]]:
        return [item, *(x for follower in after.get(item[0].row, ()) for x in block(follower))]

    return [block(item) for item in heads]


def in_paragraphs(blocks: Sequence[Sequence[tuple[Unit, tuple[Span, ...]]]], matrix: np.ndarray,
                  published: Mapping[str, str | None]) -> list[Summary]:
    """The summary sentences grouped by sub-event (`paragraphs.group_paragraphs`), each with its paragraph."""
    described = []
    for items in blocks:
        dates = [d for d in (published.get(s.article) for s in items[0][1]) if d]
        vector = _unit(matrix[[u.row for u, _ in items]].sum(axis=0))
        described.append(Block(vector, parse_day(min(dates)) if dates else None, len(items)))
    return [Summary(u.text, spans, paragraph=k)
            for k, members in enumerate(group_paragraphs(described))
            for i in members for u, spans in blocks[i]]
