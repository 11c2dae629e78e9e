"""`check`: the stance of each article on one claim, with the sentences that show it.

A fact-checker's first question about a viral statement: which of these
articles support it, which refute it, which only discuss it, which are about
something else, and where exactly do they say so. Articles are read and
cleaned by the pipeline (`pipeline.prepare`), parsed into sentences
(`nlp.parse_articles`), and judged by the stance model
(`claims.stance`); evidence offsets are into each article's cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from newsweave.claims.stance import stance_from_vectors
from newsweave.model import Article, Rejected, Settings
from newsweave.nlp import Models, parse_articles
from newsweave.pipeline import prepare

MAX_CLAIM_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence of an article that bears on the claim: offsets into its cleaned text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleStance:
    """One article's stance on the claim, its probability, and the evidence sentences (best first)."""

    article: str
    stance: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The claim, each article's stance on it, the articles themselves and the inputs that were rejected."""

    claim: str
    stances: tuple[ArticleStance, ...]
    articles: tuple[Article, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's object: {"claim", "articles": [{"article", "stance", "score", "evidence"}]}."""
        return {"claim": self.claim, "articles": [
            {"article": s.article, "stance": s.stance, "score": round(s.score, 4),
             "evidence": [{"start": e.start, "end": e.end} for e in s.evidence]} for s in self.stances]}


def valid_claim(claim: Any) -> str:
    """The claim with surrounding white space removed; a ValueError (one line) when it is empty or too long."""
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError("the claim is empty")
    if len(claim) > MAX_CLAIM_CHARS:
        raise ValueError(f"the claim is longer than {MAX_CLAIM_CHARS} characters")
    return " ".join(claim.split())


def check_articles(claim: str, articles: Sequence[Article], models: Models) -> tuple[ArticleStance, ...]:
    """Each cleaned article's stance on `claim`, in the articles' order."""
    claim = valid_claim(claim)
    if models.stance is None:
        raise ValueError("no stance model loaded (nlp.load_models() loads it)")
    parsed = parse_articles(articles, models)
    texts = [claim] + [s.text for p in parsed for s in p.sentences]
    vectors = models.embedder.encode(texts)
    claim_vec, row = vectors[0], 1
    out = []
    for p in parsed:
        n = len(p.sentences)
        found = stance_from_vectors(models.stance, claim, claim_vec, [s.text for s in p.sentences],
                                    vectors[row:row + n])
        row += n
        evidence = tuple(Evidence(p.sentences[i].start, p.sentences[i].end) for i in found.evidence)
        out.append(ArticleStance(p.article.id, found.label, found.score, evidence))
    return tuple(out)


def check(claim: str, inputs: Sequence[Any], models: Models, settings: Settings | None = None) -> CheckResult:
    """Read, clean and parse the inputs (paths, folders or JSONL-shaped dicts) and judge each one's stance on `claim`."""
    claim = valid_claim(claim)
    prepared = prepare(list(inputs), settings or Settings())
    stances = check_articles(claim, prepared.articles, models) if prepared.articles else ()
    return CheckResult(claim, stances, prepared.articles, prepared.rejected)


def render_table(result: CheckResult, width: int = 100) -> str:
    """A plain-text table for the terminal: one row per article (stance, score, source) and its best evidence."""
    by_id = {a.id: a for a in result.articles}
    lines = [f"Claim: {result.claim}", "", f"{'article':<10} {'stance':<10} {'score':>5}  source"]
    for s in result.stances:
        article = by_id.get(s.article)
        source = (article.path or article.title or article.outlet or "") if article else ""
        lines.append(f"{s.article:<10} {s.stance:<10} {s.score:>5.2f}  {source}")
        if article is not None:
            for e in s.evidence[:1]:
                quote = " ".join(article.text[e.start:e.end].split())
                if len(quote) > width - 14:
                    quote = quote[: width - 17] + "..."
                lines.append(f"{'':<10} \u201c{quote}\u201d")
    return "\n".join(lines)
