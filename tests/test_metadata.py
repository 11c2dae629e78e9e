"""Metadata from the text: title, outlet, author and publication date (issue 2)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from newsweave.clean import clean_text
from newsweave.metadata import domain_of, infer_metadata, parse_date
from newsweave.model import RawArticle


def _meta(text: str, **raw_fields):
    raw = RawArticle(id=None, path=None, text=text, **raw_fields)
    return infer_metadata(raw, clean_text(raw.text, extracted=raw.extracted, title=raw.title))


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "title", "outlet", "author", "published"),
    [
        # No headline: the report starts with its first paragraph. Outlet from "Source: Anadolu Agency".
        ("000_2b18989b8deded2f.txt", None, "Anadolu Agency", None, None),
        ("001_dc1ae020b261a8f8.txt", "Taliban claim control of eight districts in Panjshir, Massoud says he’s ready for talks",
         None, None, None),
        # Outlet from the "India TV News Desk" byline; the date from "Updated on: September 06, 2021",
        # not from the "Friday, April 19, 2024" banner above it.
        ("002_4acce67ee90cc6c6.txt", "Afghanistan: Panjshir resistance calls for ceasefire, seeks talks with Taliban",
         "India TV", None, "2021-09-06"),
        # Outlet and author from the signature; the glued "NewsPanjshir ..." headline counts once.
        ("003_24c4fdc0d9e73719.txt", "Panjshir leader tells Taliban they’re open for negotiations",
         "We The World Magazine", "Debayan Paul", None),
        ("004_e619fb0d5ecc3523.txt", "Leader of Afghan resistance in Panjshir Ahmad Massoud says ready to talk to Taliban",
         None, None, None),
    ],
)
def test_sample_metadata(samples_dir, name, title, outlet, author, published):
    meta = _meta(_sample(name))
    assert (meta.title, meta.outlet, meta.author, meta.published) == (title, outlet, author, published)
    assert meta.published_from == ("text" if published else None)


BODY_2021 = (
    "Afghanistan: Panjshir resistance calls for ceasefire, seeks talks with Taliban\n"
    "The Taliban took control of the rest of Afghanistan three weeks ago, taking power in Kabul on August 15 "
    "following the collapse of the Western-backed government in 2021.\n"
    "It was a centre of resistance when Afghanistan was under Soviet occupation in the 1980s and during the "
    "Taliban's previous period of rule, between 1996 and 2001."
)
BODY_NO_YEAR = (
    "Leader says ready to talk\n"
    "The leader of the resistance said on Sunday he welcomed proposals by religious clerics to negotiate a settlement."
)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # A banner years after every year the article names is the scrape date.
        ("Friday, April 19, 2024\n" + BODY_2021, None),
        # A banner in the article's own time is its date.
        ("Monday, September 6, 2021\n" + BODY_2021, "2021-09-06"),
        # Nothing to check a banner against: it is taken.
        ("Sunday, September 5, 2021\n" + BODY_NO_YEAR, "2021-09-05"),
        # An explicit stamp wins over the banner, published over updated.
        ("Friday, April 19, 2024\nPublished: September 5, 2021 | Updated: September 6, 2021\n" + BODY_2021, "2021-09-05"),
        ("Updated on: 06 Sep 2021, 15:50 IST\n" + BODY_NO_YEAR, "2021-09-06"),
        ("By Jane Smith | 2021-09-04\n" + BODY_NO_YEAR, "2021-09-04"),
        # A date line under the headline is the article's own stamp, even years after the events it
        # recalls (WikiNews, multiling2011-en M0018).
        ("Tributes paid to the victims of the July 7 2005 London bombings\n\nTuesday, July 7, 2009\n"
         "Ambulances at Russell Square, London after the July 7, 2005 bombings.\n\n"
         "A permanent memorial for the victims of the July 7, 2005 London bombings has been unveiled in Hyde Park, "
         "London, England. Today is the fourth anniversary of the bombings.", "2009-07-07"),
        # A date opening the first paragraph, glued to it (multiling2011-en M0004).
        ("Romanians raise 395,000 euro for tsunami victims\n\nCountries affected by the 2004 Indian Ocean tsunami\n\n"
         "Tuesday, January 18, 2005Through a telethon, Romanians have raised 15 billion lei, or the equivalent of "
         "395,000 euro for victims of the devastating Indian Ocean tsunami of Boxing Day 2004.", "2005-01-18"),
        (BODY_NO_YEAR.split("\n")[0] + "\nSeptember 11, 2001 changed the valley's fate, the leader said on Sunday.", None),
        # A stamp scraped into the text's first line (Multi-News 49294-0, lower-cased by the dataset).
        ("Protesters hold up signs reading \" no is no \". Photo: afp afp · 13 jul 2016, 08: 20 published: 13 jul 2016 "
         "08: 20 gmt+02: 00 fifteen men have been arrested for rape and sexual assault at spain's famed san fermin "
         "bull-running festival.", "2016-07-13"),
        (BODY_NO_YEAR + "\nThe report was published on March 3, 2020.", None),
        # Dates inside the article's paragraphs are events, not the publication date.
        (BODY_NO_YEAR + "\nThe previous talks, held on March 3, 2020 in Doha, ended without a deal after two days.", None),
    ],
)
def test_publication_date_from_text(text, published):
    meta = _meta(text)
    assert meta.published == published
    assert meta.published_from == ("text" if published else None)


def test_input_metadata_wins_over_the_text():
    meta = _meta("Monday, September 6, 2021\n" + BODY_2021, published="2021-09-05", outlet="Example Herald",
                 title="Given title", author="A. Writer")
    assert (meta.title, meta.outlet, meta.author, meta.published, meta.published_from) == (
        "Given title", "Example Herald", "A. Writer", "2021-09-05", "metadata")


@pytest.mark.parametrize(
    ("text", "url", "outlet"),
    [
        ("Leader says ready to talk\nThe leader said on Sunday he was ready to talk to the rebels.\nSource: Reuters",
         None, "Reuters"),
        ("Leader says ready to talk\nThe leader said on Sunday he was ready to talk to the rebels.",
         "https://www.example-news.com/world/leader-talks", "example-news.com"),
        ("Leader says ready to talk\nThe leader said on Sunday he was ready to talk to the rebels.\n"
         "Read all the latest news on dailyexample.co.uk", None, "dailyexample.co.uk"),
        # A wire agency credited in the dateline, when nothing else names the outlet.
        ("Leader says ready to talk\nKABUL, Sept 5 (Reuters) - The leader said on Sunday he was ready to talk.",
         None, "Reuters"),
        ("Leader says ready to talk\nThe leader (AP) said on Sunday he was ready to talk to the rebels in the north.",
         None, None),
        # The text's own source line beats the URL's domain.
        ("Leader says ready to talk\nThe leader said on Sunday he was ready to talk to the rebels.\n"
         "Source: Anadolu Agency", "https://aggregator.example.org/item/1", "Anadolu Agency"),
    ],
)
def test_outlet_from_text_or_url(text, url, outlet):
    assert _meta(text, url=url).outlet == outlet


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Jane Smith", "Jane Smith"),
        ("By Jane Smith and Omar Khan | September 6, 2021", "Jane Smith and Omar Khan"),
        ("India TV News Desk Edited by: India TV News Desk Kabul Updated on: September 06, 2021 15:50 IST", None),
        ("By Reuters Staff", None),
    ],
)
def test_author_from_byline(byline, author):
    text = f"Leader says ready to talk\n{byline}\nThe leader said on Sunday he was ready to talk to the rebels."
    assert _meta(text).author == author


@pytest.mark.parametrize(
    ("expression", "day"),
    [("September 06, 2021", "2021-09-06"), ("Friday, April 19, 2024", "2024-04-19"), ("6 Sept. 2021", "2021-09-06"),
     ("2021-09-04", "2021-09-04"), ("September 2021", None)],
)
def test_parse_date_needs_a_full_date(expression, day):
    parsed = parse_date(expression)
    assert (parsed.isoformat() if parsed else None) == day


@pytest.mark.parametrize(
    ("url", "domain"),
    [("https://www.indiatvnews.com/news/world/x", "indiatvnews.com"), ("example.org/a", "example.org"), (None, None)],
)
def test_domain_of(url, domain):
    assert domain_of(url) == domain


@pytest.mark.parametrize("text", ["", "\n\n", "Advertisement", "Friday, April 19, 2024", "Source:", "By"])
def test_nothing_left_after_cleaning_gives_empty_metadata(text):
    meta = _meta(text)
    assert meta.outlet is None and meta.author is None and meta.title is None


LINES = st.sampled_from(["Friday, April 19, 2024", "Updated on: September 06, 2021 15:50 IST", "Source: Anadolu Agency",
                         "By Jane Smith", "Advertisement", "The leader said on Sunday he was ready to talk.",
                         "Leader says ready to talk", "Tuesday, January 18, 2005Through a telethon", "", "2021"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=12))
def test_any_text_gives_metadata_without_error(lines):
    meta = _meta("\n".join(lines))
    assert meta.published is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.published)
    assert meta.published_from == ("text" if meta.published else None)
