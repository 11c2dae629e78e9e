"""The typed data model that flows through newsweave's stages.

`Article` goes in, `Story` comes out. Every class is a frozen, slotted
dataclass with `to_dict()` for the JSON contract (`newsweave.story/1`, see
``schema/story.schema.json``) and `from_dict()` to read it back. Offsets
(`start`, `end`) are always character offsets into the cleaned `Article.text`
of the article they name, so ``article.text[start:end]`` is the span meant.

Fields beyond the contract are allowed (the contract is extended by adding);
they are written after the contract's own fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

SCHEMA = "newsweave.story/1"

EntityType = Literal["PERSON", "ORG", "PLACE", "OTHER"]
ClaimKind = Literal["direct", "indirect", "according_to", "reported", "act"]  # act: a stance act ("criticized X"), no proposition
Polarity = Literal["assert", "deny"]
Status = Literal["corroborated", "single_source", "disputed"]
Precision = Literal["day", "month", "year"]
GeoPrecision = Literal["point", "city", "district", "province", "country", "continent"]


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a dataclass value, list or tuple."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _as_dict(obj: Any) -> dict[str, Any]:
    """Every field of a dataclass, in declaration order, JSON-ready."""
    return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}


@dataclass(frozen=True, slots=True)
class Span:
    """A cited span: ``article.text[start:end]`` of the article with this id."""

    article: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(article=d["article"], start=int(d["start"]), end=int(d["end"]))


@dataclass(frozen=True, slots=True)
class Removed:
    """A line dropped from an article's text, and why (advertisement, navigation, ...)."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Removed:
        return cls(text=d["text"], reason=d["reason"])


@dataclass(frozen=True, slots=True)
class Archived:
    """Where the page an article was read from is kept: a record of a WARC file (`newsweave watch` writes them).

    `offset` is the byte offset of the response record in `file`, `record` its
    WARC-Record-ID and `date` its WARC-Date (when the page was fetched).
    """

    file: str
    offset: int
    record: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Archived:
        return cls(file=str(d["file"]), offset=int(d["offset"]), record=d.get("record"), date=d.get("date"))


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read, with a one-line reason."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rejected:
        return cls(path=d["path"], reason=d["reason"])


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from its input, before cleaning.

    `text` is the body as the reader found it. `extracted` is True when an HTML
    extractor (trafilatura) already removed the page furniture, so `clean` only
    needs to tidy it; plain text from `.txt`, JSONL or feeds is False and gets
    the full boilerplate pass. Metadata fields are None where the input had none.
    """

    id: str | None
    path: str | None
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD from the input's own metadata
    extracted: bool = False
    archived: Archived | None = None  # the WARC record of the page, when it was fetched or read from a WARC


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit every later stage reads. Offsets point into `text`."""

    id: str
    path: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_from: Literal["metadata", "text", "inferred"] | None
    text: str
    removed: tuple[Removed, ...] = ()
    duplicate_of: str | None = None
    author: str | None = None
    archived: Archived | None = None  # the WARC record of the page it was read from, if any

    def to_dict(self) -> dict[str, Any]:
        d = _as_dict(self)
        if d["archived"] is None:  # written only where there is one
            del d["archived"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            path=d.get("path"),
            title=d.get("title"),
            outlet=d.get("outlet"),
            url=d.get("url"),
            published=d.get("published"),
            published_from=d.get("published_from"),
            text=d["text"],
            removed=tuple(Removed.from_dict(r) for r in d.get("removed", [])),
            duplicate_of=d.get("duplicate_of"),
            author=d.get("author"),
            archived=Archived.from_dict(d["archived"]) if d.get("archived") else None,
        )


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: its span, its text and where it stands.

    `paragraph` counts paragraphs (blocks separated by a line break) from 0;
    `is_headline` marks a title line rather than body prose.
    """

    article: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    is_headline: bool = False


@dataclass(frozen=True, slots=True)
class Summary:
    """One summary sentence, every span that reports its content, and its paragraph (from 0)."""

    text: str
    citations: tuple[Span, ...]
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Summary:
        return cls(text=d["text"], citations=tuple(Span.from_dict(c) for c in d["citations"]),
                   paragraph=int(d.get("paragraph", 0)))


@dataclass(frozen=True, slots=True)
class Geo:
    """Where a place is, and how precisely (a point, a city, an admin area's centre)."""

    lat: float
    lon: float
    precision: GeoPrecision

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Geo:
        return cls(lat=float(d["lat"]), lon=float(d["lon"]), precision=d["precision"])


@dataclass(frozen=True, slots=True)
class Mention:
    """One named-entity mention in an article, as spaCy (or a rule) found it."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy's label (PERSON, ORG, GPE, NORP, ...)

    def span(self) -> Span:
        return Span(self.article, self.start, self.end)


PlaceRelation = Literal["demonym", "named_in", "located_in"]


@dataclass(frozen=True, slots=True)
class PlaceReference:
    """A place that a non-place entity points at without being one.

    "demonym": the country a nationality or adjective refers to ("Russian"
    troops: Russia); "named_in": the place named inside an organisation's
    name ("Illinois" of "Illinois Department of Public Health"); "located_in": the
    town an organisation named like a building lies in ("Barclays Center"). The entity
    keeps its own type and is not put on the map; this says where it points.
    """

    relation: PlaceRelation
    name: str  # the place's gazetteer name ("Russian Federation", "Illinois")
    text: str  # the words of the entity's name that refer to it ("Russian", "Illinois")
    geo: Geo | None
    place: str | None = None  # the id of the story's PLACE entity for that place, when it has one

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PlaceReference:
        return cls(relation=d["relation"], name=d["name"], text=d["text"],
                   geo=Geo.from_dict(d["geo"]) if d.get("geo") else None, place=d.get("place"))


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent of a story, with every surface form and mention."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]
    geo: Geo | None = None
    refers_to: PlaceReference | None = None  # a non-place's place: a demonym's country, the place in a name

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=d["id"],
            name=d["name"],
            type=d["type"],
            aliases=tuple(d.get("aliases", [])),
            mentions=tuple(Span.from_dict(m) for m in d.get("mentions", [])),
            geo=Geo.from_dict(d["geo"]) if d.get("geo") else None,
            refers_to=PlaceReference.from_dict(d["refers_to"]) if d.get("refers_to") else None,
        )


@dataclass(frozen=True, slots=True)
class FactQuantity:
    """A number a claim states, with the noun it counts ("600,000 people": 600000, "people")."""

    value: float
    text: str
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FactQuantity:
        return cls(value=float(d["value"]), text=d["text"], unit=d.get("unit"))


@dataclass(frozen=True, slots=True)
class Fact:
    """A claim as a structured fact: who says which predicate of whom, where, when, how sure, how much.

    `subject`, `objects` and `place` are story entity ids where the phrase
    names one, else the phrase as written; `time` is the date the fact holds
    (YYYY-MM-DD, YYYY-MM or YYYY), or None when the content does not say.
    """

    speaker: str | None
    predicate: str
    negated: bool
    subject: str | None
    objects: tuple[str, ...] = ()
    place: str | None = None
    time: str | None = None
    hedge: bool = False
    conditional: bool = False
    quantity: FactQuantity | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fact:
        q = d.get("quantity")
        return cls(speaker=d.get("speaker"), predicate=d["predicate"], negated=bool(d.get("negated", False)),
                   subject=d.get("subject"), objects=tuple(d.get("objects", [])), place=d.get("place"),
                   time=d.get("time"), hedge=bool(d.get("hedge", False)),
                   conditional=bool(d.get("conditional", False)),
                   quantity=FactQuantity.from_dict(q) if q else None)


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement attributed to a speaker (or to the outlet, in its own voice).

    `start`/`end` span the sentence; `content_start`/`content_end` span what is
    claimed. `denies` names the claim this one denies, when it is a denial of a
    claim found in the story.
    """

    id: str
    article: str
    start: int
    end: int
    text: str
    content: str
    speaker: str | None
    speaker_text: str | None
    via: tuple[str, ...]
    cue: str
    kind: ClaimKind
    polarity: Polarity
    content_start: int | None = None
    content_end: int | None = None
    denies: str | None = None
    hedge: bool = False  # hedged ("reportedly"), or its confirmation withheld ("this could not be verified")
    # The speaker's and the cue's words as written (a pronoun included); None in the outlet's own voice.
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    fact: Fact | None = None  # the content as a structured fact (claims.structured), when it has a predicate

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(
            id=d["id"], article=d["article"], start=int(d["start"]), end=int(d["end"]),
            text=d["text"], content=d["content"], speaker=d.get("speaker"),
            speaker_text=d.get("speaker_text"), via=tuple(d.get("via", [])), cue=d["cue"],
            kind=d["kind"], polarity=d["polarity"], content_start=d.get("content_start"),
            content_end=d.get("content_end"), denies=d.get("denies"), hedge=bool(d.get("hedge", False)),
            speaker_start=d.get("speaker_start"), speaker_end=d.get("speaker_end"),
            cue_start=d.get("cue_start"), cue_end=d.get("cue_end"),
            fact=Fact.from_dict(d["fact"]) if d.get("fact") else None,
        )


@dataclass(frozen=True, slots=True)
class Proposition:
    """What several claims state alike, with its sources and standing."""

    id: str
    text: str
    claims: tuple[str, ...]
    articles: tuple[str, ...]
    independent_sources: int
    status: Status
    supporters: tuple[str, ...]
    disputers: tuple[str, ...]
    contradicts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Proposition:
        return cls(
            id=d["id"], text=d["text"], claims=tuple(d["claims"]), articles=tuple(d["articles"]),
            independent_sources=int(d["independent_sources"]), status=d["status"],
            supporters=tuple(d.get("supporters", [])), disputers=tuple(d.get("disputers", [])),
            contradicts=tuple(d.get("contradicts", [])),
        )


@dataclass(frozen=True, slots=True)
class DiscrepancyValue:
    """One source's value in a discrepancy, with its exact span."""

    text: str
    value: float | int | str
    unit: str | None
    article: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DiscrepancyValue:
        return cls(text=d["text"], value=d["value"], unit=d.get("unit"), article=d["article"],
                   start=int(d["start"]), end=int(d["end"]))


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Sources that disagree on a number, date, place or name of the same thing."""

    id: str
    kind: Literal["number", "date", "place", "name"]
    about: str
    values: tuple[DiscrepancyValue, ...]
    # Whether the values disagree at one moment ("conflict"), a figure changed as the
    # story went on ("update", rising or falling between two days), or one value
    # differs from the others only by its scale word ("likely_error": million/billion).
    relation: Literal["conflict", "update", "likely_error"] = "conflict"
    direction: Literal["up", "down"] | None = None
    from_date: str | None = None  # written as "from" (YYYY-MM-DD): the earliest report of an update
    to_date: str | None = None  # written as "to": the latest report of an update

    def to_dict(self) -> dict[str, Any]:
        d = _as_dict(self)
        d["from"], d["to"] = d.pop("from_date"), d.pop("to_date")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Discrepancy:
        return cls(id=d["id"], kind=d["kind"], about=d["about"],
                   values=tuple(DiscrepancyValue.from_dict(v) for v in d["values"]),
                   relation=d.get("relation") or "conflict", direction=d.get("direction"),
                   from_date=d.get("from"), to_date=d.get("to"))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event of the story, citing every article that reports it."""

    date: str  # YYYY-MM-DD, YYYY-MM or YYYY, as `precision` says
    precision: Precision
    text: str
    articles: tuple[str, ...]
    citations: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimelineEntry:
        return cls(date=d["date"], precision=d["precision"], text=d["text"],
                   articles=tuple(d["articles"]),
                   citations=tuple(Span.from_dict(c) for c in d.get("citations", [])))


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Whether the story's reports can corroborate one another, and why not when they cannot.

    `independent_sources` counts outlets after collapsing copies of one text;
    with one, nothing in the story can be corroborated, and `reason` says why
    (one report, copies of one text, or one outlet).
    """

    possible: bool
    independent_sources: int
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Corroboration:
        return cls(possible=bool(d["possible"]), independent_sources=int(d["independent_sources"]),
                   reason=d.get("reason"))


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A temporal expression of an article as it was read: its span, TimeML kind, value and precision.

    `value` is in the ISO/TimeML form of TempEval-3 ("1998-01-08", "1998-W02",
    "P3D", "PAST_REF", "1998-01-08TMO"); `precision` is None for values that
    are not a day, week, month or year (durations, quarters, references).
    """

    article: str
    start: int
    end: int
    text: str
    kind: Literal["date", "time", "duration", "set"]
    value: str
    precision: Literal["day", "month", "year", "week"] | None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DateExpression:
        return cls(article=d["article"], start=int(d["start"]), end=int(d["end"]), text=d["text"],
                   kind=d["kind"], value=d["value"], precision=d.get("precision"))


@dataclass(frozen=True, slots=True)
class Story:
    """Everything newsweave says about one story."""

    id: str
    title: str
    articles: tuple[str, ...]
    summary: tuple[Summary, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    propositions: tuple[Proposition, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    corroboration: Corroboration | None = None  # None: not computed (JSON written before the field)
    dates: tuple[DateExpression, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        return cls(
            id=d["id"], title=d["title"], articles=tuple(d["articles"]),
            summary=tuple(Summary.from_dict(s) for s in d.get("summary", [])),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities", [])),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims", [])),
            propositions=tuple(Proposition.from_dict(p) for p in d.get("propositions", [])),
            discrepancies=tuple(Discrepancy.from_dict(x) for x in d.get("discrepancies", [])),
            timeline=tuple(TimelineEntry.from_dict(t) for t in d.get("timeline", [])),
            corroboration=Corroboration.from_dict(d["corroboration"]) if d.get("corroboration") else None,
            dates=tuple(DateExpression.from_dict(x) for x in d.get("dates", [])),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """The whole output of one analysis: the contract's top-level object."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejected, ...]
    stories: tuple[Story, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, **_as_dict(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        return cls(
            articles=tuple(Article.from_dict(a) for a in d.get("articles", [])),
            rejected=tuple(Rejected.from_dict(r) for r in d.get("rejected", [])),
            stories=tuple(Story.from_dict(s) for s in d.get("stories", [])),
        )


@dataclass(frozen=True, slots=True)
class ClusteringSettings:
    """Thresholds of story clustering (`stories.cluster`); each value was set on the benchmarks (docs/BENCHMARKS.md)."""

    join: float = 0.45  # score an article needs to join a story
    lexical_weight: float = 0.2  # share of the TF-IDF cosine in the similarity (the rest: embeddings)
    drift: float = 0.30  # cosine to the story's core below which an article splits off
    merge: float = 0.65  # centroid cosine at which two stories become one
    entity_weight: float = 0.04  # bonus per shared salient entity ...
    entity_cap: int = 3  # ... for at most this many entities
    window_days: int = 14  # a story's window reaches this far beyond its first and last day
    late_penalty: float = 0.01  # score lost per day beyond the window ...
    max_penalty: float = 0.1  # ... up to this much (a story can run for months: lateness only nudges)
    # True: joins are decided by the learned pair scorer (`Models.story_scorer`, stories/pairs.py)
    # at probability 0.5, in place of `join` and `drift`.
    learned: bool = False
    # Second pass (stories/split.py): a story splits when its articles' marks fall into two groups
    # whose similarity across is below this share of the similarity within (0: never), each group
    # of at least `split_side` articles (share and side chosen on all three benchmark collections);
    # two articles naming years, none within a year of the other's, are `split_year_conflict` less
    # alike (chosen on the ECB+ train topics).
    split: float = 0.45
    split_side: int = 3
    split_year_conflict: float = 0.2
    # Recall pass (stories/merge.py): two stories merge when the learned story-pair model
    # (`Models.story_merger`) gives at least this probability (0: the pass is off; 0.7 is the choice
    # on all three collections) and their TF-IDF centroids' cosine is at least `merge_lexical`
    # (they share rare words: without it, a model trained without Multi-News merges its scraped
    # pages; 0 lets every pair through). docs/BENCHMARKS.md, "a gated recall pass".
    merge_probability: float = 0.7
    merge_lexical: float = 0.2
    # Event split (stories/split.py, `event_similarities`): each part the marks' cut leaves is cut
    # again by the learned "same event?" probability of its articles (`Models.story_splitter`:
    # names, figures, years, the lead's main predicates and their arguments; trained on the ECB+
    # train topics) while the best cut's share is below this (0: off; the best mean F1 on MultiLing,
    # Multi-News and the ECB+ train topics, ECB+ dev held out: 0.9 on the packaged encoder's vectors,
    # 0.8 on the int8 encoder's, which the package runs). docs/BENCHMARKS.md, "an event split" and
    # "After the merges of the sixth session".
    split_event: float = 0.8


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of an analysis run, built once by the CLI, the API or the web app, read by the stages.

    One field per stage parameter: reading (`max_text_bytes`), grouping
    (`single_story`, `clustering`), the summary (`summary_words`), the store
    (`store_chunk`) and where the work runs (`workers`, `scheduler`).
    Fetching has its own `fetch.FetchSettings`; constants tuned once on data
    stay in their modules (`summary.CITE_SIMILARITY`, ...).
    """

    single_story: bool = False
    summary_words: int = 100
    max_text_bytes: int = 5_000_000
    clustering: ClusteringSettings = field(default_factory=ClusteringSettings)
    # Articles per store transaction: large enough to batch spaCy and the embedder
    # well, small enough that a crash loses little work and memory stays small.
    store_chunk: int = 32
    workers: int | None = None  # None: in-process; N: a local Dask cluster of N
    scheduler: str | None = None  # address of an existing Dask cluster
