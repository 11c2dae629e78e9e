"""The token lookups of `claims.quoted` by character offset, against a scan of the same parsed news text."""

from __future__ import annotations

from newsweave.claims.quoted import _first_token_from, cue_before_quote

TEXT = ("Clinton says, “We will not back down from this fight.” The governor said: “The roads reopen on "
        "Monday.”\n\nOfficials in Kabul said at least 12 people were killed.")


def test_first_token_from_matches_a_scan_at_every_offset(models):
    doc = models.spacy(TEXT)
    for offset in range(len(TEXT) + 2):
        scanned = next((t.i for t in doc if t.idx >= offset), len(doc))
        assert _first_token_from(doc, offset) == scanned


def test_reporting_verbs_found_just_before_a_quote_and_before_its_colon(models):
    doc = models.spacy(TEXT)

    def speaker_of(verb, passive):
        return doc[verb.i - 1:verb.i]

    first, second = TEXT.index("“"), TEXT.index("“", TEXT.index("governor"))
    says = cue_before_quote(doc, TEXT, (first, TEXT.index("”") + 1), speaker_of)
    said = cue_before_quote(doc, TEXT, (second, TEXT.index("”", second) + 1), speaker_of)
    assert (says.cue.text, says.speaker.text) == ("says", "Clinton")
    assert (said.cue.text, said.speaker.text) == ("said", "governor")
