"""Long summaries read as paragraphs: sentences grouped by sub-event, the groups in time order.

Sentences are real: MultiLing 2011 English topic M000 (WikiNews, CC BY 2.5),
with the dates of the reports they come from. The reports render the
paragraphs (Markdown prose above the citation table, one HTML list each).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsweave import paragraphs as stage
from newsweave.model import Result
from newsweave.paragraphs import Block, group_paragraphs
from newsweave.timeline.publication import parse_day as day_of
from newsweave.report.html import render_html
from newsweave.report.markdown import render_markdown

TOLL_80 = ("The death toll from the earthquake and tsunamis that has hit countries in Asia and Eastern Africa "
           "continues to rise, passing 80,000 people according to reports from several news agencies.")
STINGY = ("On Monday of this week, Jan Egeland, the UN's chief of emergency relief said that rich nations like "
          "the U.S. were being \"stingy\" by making small contributions.")
FUNDING = ("In an abrupt about-face, the world's wealthiest nations have begun pouring funding into the "
           "Earthquake/Tsunami damaged region.")
TOLL_120 = ("Nearly a week after tsunami waves scoured the coasts of multiple countries in southern Asia, the "
            "confirmed death count is over 120,000.")
# In reading order (earliest report first), with the day each was first reported.
TSUNAMI = [(TOLL_80, "2004-12-29"), (STINGY, "2004-12-31"), (FUNDING, "2005-01-01"), (TOLL_120, "2005-01-01")]


def _blocks(models, sentences):
    vectors = models.embedder.encode([text for text, _ in sentences])
    return [Block(np.asarray(v), day_of(day), 1) for v, (_, day) in zip(vectors, sentences)]


def _tolls_together_donors_apart(grouped: list[list[int]]) -> bool:
    """The two tolls share a paragraph and the "stingy" remark is in none of theirs.

    FUNDING lies between the two developments: with the int8 encoder its mean
    cosine to the tolls' paragraph (0.428) passes its cosine to STINGY (0.424)
    by 0.004 (with the packaged fp32 file, 0.420 against 0.443), so where it goes
    is not what these tests hold.
    """
    return any(0 in p and 3 in p for p in grouped) and not any(1 in p and (0 in p or 3 in p) for p in grouped)


def test_sentences_of_one_development_share_a_paragraph(models):
    grouped = group_paragraphs(_blocks(models, TSUNAMI))
    assert _tolls_together_donors_apart(grouped) and len(grouped) == 2


def test_a_week_apart_the_same_count_is_news_of_its_own(models):
    later = [*TSUNAMI[:3], (TOLL_120, "2005-02-15")]
    grouped = group_paragraphs(_blocks(models, later))
    assert [3] in grouped and not any(0 in p and 3 in p for p in grouped)
    assert grouped[-1] == [3]  # and it comes last, in time order


def test_undated_sentences_are_grouped_by_likeness_alone(models):
    undated = [(text, None) for text, _ in TSUNAMI]
    grouped = group_paragraphs(_blocks(models, undated))
    assert _tolls_together_donors_apart(grouped) and len(grouped) == 2


def test_a_paragraph_holds_at_most_its_sentences(models):
    blocks = _blocks(models, [(TOLL_80, "2004-12-29")] * (stage.PARAGRAPH_SENTENCES + 2))
    grouped = group_paragraphs(blocks)
    assert len(grouped) == 2
    assert all(len(p) <= stage.PARAGRAPH_SENTENCES for p in grouped)
    assert sorted(i for p in grouped for i in p) == list(range(len(blocks)))


def test_a_block_counts_all_its_sentences(models):
    blocks = [replace(b, size=stage.PARAGRAPH_SENTENCES) for b in _blocks(models, TSUNAMI[:1] * 2)]
    assert group_paragraphs(blocks) == [[0], [1]]


def test_unreadable_dates_are_undated():
    assert day_of("2005-01-01T08:30:00Z").isoformat() == "2005-01-01"
    assert day_of(None) is None and day_of("last week") is None


@pytest.fixture(scope="module")
def two_paragraphs() -> Result:
    path = Path(__file__).resolve().parent / "golden" / "fixture_result.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    summary = data["stories"][0]["summary"]
    assert len(summary) >= 2
    for k, sentence in enumerate(summary):
        sentence["paragraph"] = 0 if k == 0 else 1
    return Result.from_dict(data)


def test_markdown_writes_the_paragraphs_before_the_citations(two_paragraphs):
    summary = two_paragraphs.stories[0].summary
    text = render_markdown(two_paragraphs)
    section = text.split("### Summary", 1)[1].split("###", 1)[0]
    first, second = section.strip().split("\n\n")[:2]
    assert first.endswith("[1]") and "[2]" not in first
    assert second.startswith(summary[1].text.split()[0]) and second.endswith(f"[{len(summary)}]")
    assert "| # | Sentence | Cited from |" in section


def test_markdown_of_one_paragraph_is_the_table_alone(two_paragraphs):
    one = replace(two_paragraphs, stories=tuple(
        replace(s, summary=tuple(replace(x, paragraph=0) for x in s.summary)) for s in two_paragraphs.stories))
    section = render_markdown(one).split("### Summary", 1)[1].split("###", 1)[0]
    assert section.strip().startswith("| # |")


def test_html_gives_each_paragraph_its_own_list_numbered_on(two_paragraphs):
    html = render_html(two_paragraphs)
    section = html.split('class="summary"', 1)[1].split("</section>", 1)[0]
    assert section.count('<ol class="summary-list"') == 2
    assert '<ol class="summary-list" start="1">' in section and '<ol class="summary-list" start="2">' in section


def test_paragraph_survives_the_json_round_trip(two_paragraphs):
    again = Result.from_dict(json.loads(json.dumps(two_paragraphs.to_dict())))
    assert [s.paragraph for s in again.stories[0].summary] == [s.paragraph for s in two_paragraphs.stories[0].summary]
