"""Build `fixture_result.json`: a fixed, hand-made Result for the report golden tests.

Short texts taken from the reference samples; every offset is computed with
`str.index`, so `text[start:end]` is the span meant. Run on purpose only:

    .venv/bin/python tests/golden/make_fixture.py
"""

from __future__ import annotations

import json
from pathlib import Path

A1 = ("The leader of a group in Afghanistan resisting Taliban control in the northeastern Panjshir valley "
      "expressed willingness on Sunday to suspend the fighting and resolve the conflict through dialogue.\n"
      "The offer came from Ahmad Massoud, the leader of the resistance group in Panjshir, where the Taliban "
      "launched an offensive shortly after US forces left Afghanistan after 20 years on Aug. 31.\n"
      "The two groups have undertaken multiple rounds of negotiations but were unable to reach an agreement.")
A2 = ("The Taliban on Sunday said that they have taken control of all districts in Panjshir province, a claim "
      "that has been denied by resistance forces, according to a media report on Sunday.\n"
      "Ahmadullah Wasiq said, \u201cMujahideen of the Islamic Emirate has an active presence in all districts "
      "and areas of Panjshir.\u201d\n"
      "Taliban claim control of eight districts in Panjshir.")
A3 = ("Fierce fighting has followed since last week\u2019s end around the provincial capital of Panjshir Valley "
      "\u2014 a mountainous region 100 miles northeast of Afghanistan.\n"
      "However, the resistance has refuted this claim saying it retook one region from the Taliban control.\n"
      "Ahmad Massoud said they welcome viewpoints from the religious scholars to end the fight.")
A4 = ("Massoud, the head of the anti-Taliban group in Panjshir valley north of Kabul, said his fighters were "
      "willing to stop the fighting and reinitiate negotiations.\n"
      "The Panjshir valley lies 150 km north of Kabul.")


def span(aid: str, text: str, part: str) -> dict:
    start = text.index(part)
    return {"article": aid, "start": start, "end": start + len(part)}


def build() -> dict:
    texts = {"a1": A1, "a2": A2, "a3": A3, "a4": A4}

    def s(aid: str, part: str) -> dict:
        return span(aid, texts[aid], part)

    def claim(cid, aid, sentence, content, speaker, speaker_text, cue, kind, polarity, denies=None):
        sp = s(aid, sentence)
        c = s(aid, content)
        return {"id": cid, "article": aid, "start": sp["start"], "end": sp["end"], "text": sentence,
                "content": content, "speaker": speaker, "speaker_text": speaker_text, "via": [],
                "cue": cue, "kind": kind, "polarity": polarity,
                "content_start": c["start"], "content_end": c["end"], "denies": denies}

    def value(aid, part, val, unit):
        return {"text": part, "value": val, "unit": unit, **s(aid, part)}

    articles = [
        {"id": "a1", "path": "in/000.txt", "title": "Panjshir resistance leader offers talks", "outlet": "Anadolu Agency",
         "url": "https://www.aa.com.tr/en/asia-pacific/panjshir", "published": "2021-09-05", "published_from": "metadata",
         "text": A1, "removed": [{"text": "Advertisement", "reason": "advertisement"},
                                 {"text": "Share on Facebook | Share on Twitter", "reason": "navigation"}],
         "duplicate_of": None, "author": None},
        {"id": "a2", "path": "in/001.txt", "title": "Taliban claim control of eight districts in Panjshir",
         "outlet": "The Hindustan Times", "url": "https://example.org/taliban-panjshir?id=1&lang=en",
         "published": "2021-09-05", "published_from": "text", "text": A2, "removed": [], "duplicate_of": None,
         "author": None},
        {"id": "a3", "path": "in/003.txt", "title": "Panjshir leader tells Taliban they\u2019re open for negotiations",
         "outlet": "Gulf News", "url": None, "published": "2021-09-06", "published_from": "inferred", "text": A3,
         "removed": [{"text": "Related: Afghanistan live updates", "reason": "related-links"}],
         "duplicate_of": None, "author": None},
        {"id": "a4", "path": "in/004.txt", "title": "Massoud says ready to talk", "outlet": None,
         "url": "https://www.reuters.com/world/asia-pacific/massoud", "published": None, "published_from": None,
         "text": A4, "removed": [], "duplicate_of": None, "author": None},
    ]
    claims = [
        claim("c1", "a2", "The Taliban on Sunday said that they have taken control of all districts in Panjshir province, "
              "a claim that has been denied by resistance forces, according to a media report on Sunday.",
              "they have taken control of all districts in Panjshir province", "e2", "The Taliban", "said", "indirect",
              "assert"),
        claim("c2", "a3", "However, the resistance has refuted this claim saying it retook one region from the Taliban control.",
              "it retook one region from the Taliban control", "e5", "the resistance", "refuted", "indirect", "deny",
              denies="c1"),
        claim("c3", "a1", "The offer came from Ahmad Massoud, the leader of the resistance group in Panjshir, where the "
              "Taliban launched an offensive shortly after US forces left Afghanistan after 20 years on Aug. 31.",
              "the Taliban launched an offensive shortly after US forces left Afghanistan", None, None, "", "reported",
              "assert"),
        claim("c4", "a3", "Ahmad Massoud said they welcome viewpoints from the religious scholars to end the fight.",
              "they welcome viewpoints from the religious scholars to end the fight", "e1", "Ahmad Massoud", "said",
              "indirect", "assert"),
        claim("c5", "a4", "Massoud, the head of the anti-Taliban group in Panjshir valley north of Kabul, said his fighters "
              "were willing to stop the fighting and reinitiate negotiations.",
              "his fighters were willing to stop the fighting and reinitiate negotiations", "e1", "Massoud", "said",
              "indirect", "assert"),
        claim("c6", "a2", "Ahmadullah Wasiq said, \u201cMujahideen of the Islamic Emirate has an active presence in all "
              "districts and areas of Panjshir.\u201d",
              "Mujahideen of the Islamic Emirate has an active presence in all districts and areas of Panjshir.",
              "e6", "Ahmadullah Wasiq", "said", "direct", "assert"),
    ]
    entities = [
        {"id": "e1", "name": "Ahmad Massoud", "type": "PERSON", "aliases": ["Ahmad Massoud", "Massoud"],
         "mentions": [s("a1", "Ahmad Massoud"), s("a3", "Ahmad Massoud"), s("a4", "Massoud")], "geo": None},
        {"id": "e2", "name": "Taliban", "type": "ORG", "aliases": ["Taliban", "The Taliban"],
         "mentions": [s("a1", "Taliban"), s("a2", "Taliban")], "geo": None},
        {"id": "e3", "name": "Panjshir", "type": "PLACE", "aliases": ["Panjshir", "Panjshir valley", "Panjshir Valley"],
         "mentions": [s("a1", "Panjshir"), s("a3", "Panjshir Valley")],
         "geo": {"lat": 35.5, "lon": 69.8, "precision": "province"}},
        {"id": "e4", "name": "Kabul", "type": "PLACE", "aliases": ["Kabul"], "mentions": [s("a4", "Kabul")],
         "geo": {"lat": 34.5253, "lon": 69.1783, "precision": "city"}},
        {"id": "e5", "name": "the resistance", "type": "ORG", "aliases": ["the resistance", "resistance forces"],
         "mentions": [s("a3", "the resistance")], "geo": None},
        {"id": "e6", "name": "Ahmadullah Wasiq", "type": "PERSON", "aliases": ["Ahmadullah Wasiq"],
         "mentions": [s("a2", "Ahmadullah Wasiq")], "geo": None},
        {"id": "e7", "name": "Afghanistan", "type": "PLACE", "aliases": ["Afghanistan"],
         "mentions": [s("a1", "Afghanistan"), s("a3", "Afghanistan")],
         "geo": {"lat": 33.0, "lon": 65.0, "precision": "country"}},
    ]
    propositions = [
        {"id": "p1", "text": "The Taliban have taken control of all districts in Panjshir.", "claims": ["c1", "c6", "c2"],
         "articles": ["a2", "a3"], "independent_sources": 2, "status": "disputed",
         "supporters": ["The Taliban", "Ahmadullah Wasiq"], "disputers": ["the resistance"], "contradicts": []},
        {"id": "p2", "text": "Massoud is willing to stop the fighting and negotiate.", "claims": ["c4", "c5"],
         "articles": ["a3", "a4"], "independent_sources": 2, "status": "corroborated",
         "supporters": ["Ahmad Massoud"], "disputers": [], "contradicts": []},
        {"id": "p3", "text": "The Taliban launched an offensive after US forces left Afghanistan.", "claims": ["c3"],
         "articles": ["a1"], "independent_sources": 1, "status": "single_source",
         "supporters": ["Anadolu Agency"], "disputers": [], "contradicts": []},
    ]
    discrepancies = [
        {"id": "d1", "kind": "number", "about": "districts of Panjshir under Taliban control",
         "values": [value("a2", "all districts", "all", None), value("a2", "eight districts", 8, "districts")],
         "relation": "conflict", "direction": None, "from": None, "to": None},
        {"id": "d2", "kind": "number", "about": "distance of Panjshir north of Kabul",
         "values": [value("a3", "100 miles", 161, "km"), value("a4", "150 km", 150, "km")],
         "relation": "conflict", "direction": None, "from": None, "to": None},
        {"id": "d3", "kind": "number", "about": "districts held by the resistance",
         "values": [value("a2", "all districts", "all", None), value("a3", "one region", 1, "region")],
         "relation": "update", "direction": "down", "from": "2021-09-05", "to": "2021-09-06"},
    ]
    timeline = [
        {"date": "2021-08-31", "precision": "day", "text": "US forces left Afghanistan after 20 years.",
         "articles": ["a1"], "citations": [s("a1", "US forces left Afghanistan after 20 years on Aug. 31")]},
        {"date": "2021-09", "precision": "month", "text": "Fierce fighting around the provincial capital of Panjshir.",
         "articles": ["a3"], "citations": [s("a3", "Fierce fighting has followed")]},
        {"date": "2021-09-05", "precision": "day", "text": "The Taliban said they control all districts in Panjshir.",
         "articles": ["a2"], "citations": [s("a2", "The Taliban on Sunday said")]},
        {"date": "2021-09-05", "precision": "day", "text": "Massoud offered to suspend the fighting.",
         "articles": ["a1", "a4"], "citations": [s("a1", "expressed willingness on Sunday to suspend the fighting")]},
    ]
    summary = [
        {"text": "The leader of a group in Afghanistan resisting Taliban control in the northeastern Panjshir valley "
                 "expressed willingness on Sunday to suspend the fighting and resolve the conflict through dialogue.",
         "citations": [s("a1", A1.split("\n")[0]), s("a4", A4.split("\n")[0])]},
        {"text": "The Taliban on Sunday said that they have taken control of all districts in Panjshir province, a claim "
                 "that has been denied by resistance forces.",
         "citations": [s("a2", A2.split("\n")[0])]},
        {"text": "However, the resistance has refuted this claim saying it retook one region from the Taliban control.",
         "citations": [s("a3", A3.split("\n")[1])]},
    ]
    story = {"id": "s1", "title": "Panjshir resistance offers talks as Taliban claim control",
             "articles": ["a1", "a2", "a3", "a4"], "summary": summary, "entities": entities, "claims": claims,
             "propositions": propositions, "discrepancies": discrepancies, "timeline": timeline,
             "corroboration": {"possible": True, "independent_sources": 4, "reason": None}}
    return {"schema": "newsweave.story/1", "articles": articles,
            "rejected": [{"path": "in/broken.pdf", "reason": "unsupported file type: .pdf"}], "stories": [story]}


if __name__ == "__main__":
    out = Path(__file__).with_name("fixture_result.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(out)


# Markup that would run script if any renderer let it through unescaped: closing the
# JSON script block, an inline script, an image handler, attribute breakers of both
# quote styles, an SVG handler and an open comment.
PAYLOAD = ("</script><script>window.__xss=1;alert(1)</script><img src=x onerror=\"window.__xss=2;alert(2)\">"
           "\" onmouseover=\"window.__xss=3\" x=' onfocus='window.__xss=4' <svg onload=alert(5)>"
           "[md](javascript:alert(6)) <!--")
HOSTILE_URLS = ("javascript:alert(7)", "\" onmouseover=\"alert(8)", "data:text/html,<script>alert(9)</script>",
                "https://ok.example/\"><script>alert(10)</script>")
_REFS = {"article": "a", "articles": "a", "duplicate_of": "a", "speaker": "e", "claims": "c", "denies": "c"}
_NUMBERS = {"start", "end", "content_start", "content_end", "lat", "lon", "independent_sources"}


def hostile(fixture: dict) -> dict:
    """The fixture with the payload in every string field, ids included, and offsets still exact.

    Each article's text gets the payload before and after, so every span shifts
    by the same amount; ids get the payload appended, consistently wherever they
    are referenced; URLs cycle through links a browser must never follow.
    """
    prefix = PAYLOAD + "\n"
    shift = len(prefix)
    ids: dict[str, str] = {}

    def new_id(old: str | None) -> str | None:
        return None if old is None else ids.setdefault(old, old + PAYLOAD)

    urls = iter(HOSTILE_URLS * 10)

    def walk(value, key=None):
        if isinstance(value, dict):
            out = {k: walk(v, k) for k, v in value.items()}
            if "start" in value and "article" in value:
                for k in ("start", "end", "content_start", "content_end"):
                    if isinstance(value.get(k), int):
                        out[k] = value[k] + shift
            return out
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in _REFS or key == "id":
            return new_id(value) if isinstance(value, str) or value is None else value
        if key in _NUMBERS or not isinstance(value, str):
            return value
        if key == "text" and value in texts:
            return prefix + value + "\n" + PAYLOAD
        if key == "url":
            return next(urls)
        return value + PAYLOAD

    texts = {a["text"] for a in fixture["articles"]}
    out = walk({k: v for k, v in fixture.items() if k != "schema"})
    out["schema"] = fixture["schema"]
    return out
