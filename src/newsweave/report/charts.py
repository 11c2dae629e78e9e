"""Inline SVG for the HTML report: the timeline on a date axis and the map of places.

Both are drawn on the server as plain SVG (no script, no external file), so the
report shows them offline, without JavaScript and in print. Every piece of text
that comes from an article is escaped; attributes carry only numbers and
escaped strings. The map draws bundled low-resolution country outlines
(``assets/world.json``, made by ``assets/make_world.py`` from Natural Earth
shapes) in an equirectangular projection: no tiles, nothing fetched.
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import Sequence

from markupsafe import Markup, escape

from newsweave.model import TimelineEntry
from newsweave.report.views import Place

WIDTH = 800  # SVG user units; the CSS scales the drawing to the page width


@dataclass(frozen=True, slots=True)
class DatedEntry:
    """A timeline entry with the first and last day it covers."""

    number: int  # 1-based position in the story's timeline list
    entry: TimelineEntry
    first: date
    last: date


def parse_period(text: str) -> tuple[date, date] | None:
    """The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None if not such a date."""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            day = date(*numbers)
            return day, day
    except (ValueError, TypeError):
        return None
    return None


def dated_entries(entries: Sequence[TimelineEntry]) -> list[DatedEntry]:
    """The entries whose date parses, numbered by their place in the list."""
    out = []
    for n, entry in enumerate(entries, start=1):
        period = parse_period(entry.date)
        if period:
            out.append(DatedEntry(n, entry, *period))
    return out


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the date axis: days `lo`..`hi` drawn linearly between `x0` and `x1`."""

    lo: date
    hi: date
    x0: float
    x1: float
    core: bool

    def x(self, day: date) -> float:
        span = max((self.hi - self.lo).days, 1)
        day = min(max(day, self.lo), self.hi)
        return self.x0 + (self.x1 - self.x0) * (day - self.lo).days / span


# The busiest stretch holding this share of the events gets most of the axis; earlier
# or later events (a war's start decades before the week reported) get a compressed
# stretch each, behind a break mark, when the whole span is this many times longer.
CORE_SHARE, BREAK_RATIO = 0.6, 4.0


def axis_segments(dated: Sequence[DatedEntry], left: float, right: float) -> list[Segment]:
    """The axis: one linear segment, or a core period with compressed segments before/after it."""
    lo, hi = min(d.first for d in dated), max(d.last for d in dated)
    firsts = sorted(d.first for d in dated)
    k = max(2, math.ceil(CORE_SHARE * len(firsts)))
    if len(firsts) >= 3 and k < len(firsts):
        i = min(range(len(firsts) - k + 1), key=lambda i: (firsts[i + k - 1] - firsts[i], i))
        core_lo = firsts[i]
        core_hi = max(d.last for d in dated if core_lo <= d.first <= firsts[i + k - 1])
        core_lo, core_hi = _pad(core_lo, core_hi)
        if (hi - lo).days > BREAK_RATIO * (core_hi - core_lo).days:
            segments, gap = [], 18.0
            x = left
            if lo < core_lo:
                segments.append(Segment(lo, core_lo - timedelta(days=1), x, x + 0.2 * (right - left), False))
                x += 0.2 * (right - left) + gap
            end = right - (0.14 * (right - left) + gap if hi > core_hi else 0)
            segments.append(Segment(core_lo, core_hi, x, end, True))
            if hi > core_hi:
                segments.append(Segment(core_hi + timedelta(days=1), hi, end + gap, right, False))
            return segments
    lo, hi = _pad(lo, hi)
    return [Segment(lo, hi, left, right, True)]


def _pad(lo: date, hi: date) -> tuple[date, date]:
    """At least a week of axis around a short period, so a single day is not a point."""
    if (hi - lo).days < 6:
        return lo - timedelta(days=3), hi + timedelta(days=3)
    return lo, hi


def timeline_svg(entries: Sequence[TimelineEntry], anchor_prefix: str) -> Markup:
    """A date axis with one numbered marker per dated entry, linking to `#{anchor_prefix}{n}`.

    Day-precise entries are dots; month- and year-precise ones are bars over the
    period they cover. Markers that would overlap are put on lower lanes. When a
    few events lie far from the rest, the axis breaks (see `axis_segments`).
    """
    dated = dated_entries(entries)
    if not dated:
        return Markup("")
    segments = axis_segments(dated, 30.0, WIDTH - 30.0)

    def segment_of(day: date) -> Segment:
        return next((g for g in segments if g.lo <= day <= g.hi), segments[-1] if day > segments[-1].hi else segments[0])

    lanes: list[float] = []
    marks = []
    for d in sorted(dated, key=lambda d: (d.first, d.number)):
        seg = segment_of(d.first)
        x0 = seg.x(d.first)
        x1 = seg.x(d.last + timedelta(days=1)) if d.first != d.last else x0
        lane = next((i for i, end in enumerate(lanes) if end + 22 <= x0), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = max(x0, x1)
        marks.append((d, lane, x0, x1))
    axis_y = 26 + 22 * len(lanes)
    out = [f'<svg class="timeline-svg" viewBox="0 0 {WIDTH} {axis_y + 34}" role="img" '
           f'aria-label="Timeline of {len(dated)} dated events" xmlns="http://www.w3.org/2000/svg">']
    for seg in segments:
        out.append(f'<line class="axis" x1="{seg.x0:.1f}" y1="{axis_y}" x2="{seg.x1:.1f}" y2="{axis_y}"/>')
        ticks = _ticks(seg.lo, seg.hi) if seg.core else _end_ticks(seg)
        for day, label in ticks:
            tx = seg.x(day)
            out.append(f'<line class="tick" x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 5}"/>')
            out.append(f'<text class="tick-label" x="{tx:.1f}" y="{axis_y + 18}">{escape(label)}</text>')
    for a, b in zip(segments, segments[1:]):
        mid = (a.x1 + b.x0) / 2
        out.append(f'<path class="break" d="M{mid - 6:.1f} {axis_y + 5}l5 -10M{mid:.1f} {axis_y + 5}l5 -10"/>')
    for d, lane, x0, x1 in marks:
        y = 18 + 22 * lane
        title = escape(f"{d.entry.date}: {d.entry.text}")
        out.append(f'<a href="#{escape(anchor_prefix)}{d.number}" class="tl-mark">')
        out.append(f"<title>{title}</title>")
        out.append(f'<line class="stem" x1="{x0:.1f}" y1="{y}" x2="{x0:.1f}" y2="{axis_y}"/>')
        if x1 - x0 > 2:
            out.append(f'<rect class="period" x="{x0:.1f}" y="{y - 4}" width="{x1 - x0:.1f}" height="8" rx="3"/>')
        out.append(f'<circle cx="{x0:.1f}" cy="{y}" r="8"/>')
        out.append(f'<text class="num" x="{x0:.1f}" y="{y + 3.5}">{d.number}</text></a>')
    out.append("</svg>")
    return Markup("".join(out))


def _end_ticks(seg: Segment) -> list[tuple[date, str]]:
    """Labels at the ends of a compressed segment: its first and last year."""
    if seg.lo.year == seg.hi.year:
        return [(seg.lo, str(seg.lo.year))]
    return [(seg.lo, str(seg.lo.year)), (seg.hi, str(seg.hi.year))]


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Tick days and labels: days, weeks, months or years, whichever gives a handful."""
    days = (hi - lo).days
    if days <= 14:
        step = 1 if days <= 8 else 2
        return [(lo + timedelta(days=i), (lo + timedelta(days=i)).strftime("%d %b"))
                for i in range(0, days + 1, step)]
    if days <= 120:
        first = lo + timedelta(days=(7 - lo.weekday()) % 7)
        return [(first + timedelta(days=i), (first + timedelta(days=i)).strftime("%d %b"))
                for i in range(0, (hi - first).days + 1, 7)]
    if days <= 3 * 366:
        step = 1 if days <= 370 else 3
        ticks, year, month = [], lo.year, lo.month
        while date(year, month, 1) <= hi:
            if date(year, month, 1) >= lo and (month - 1) % step == 0:
                ticks.append((date(year, month, 1), date(year, month, 1).strftime("%b %Y")))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return ticks
    years = hi.year - lo.year
    step = max(1, math.ceil(years / 8))
    return [(date(y, 1, 1), str(y)) for y in range(lo.year + 1, hi.year + 1) if (y - lo.year - 1) % step == 0]


@dataclass(frozen=True, slots=True)
class View:
    """The map's window in degrees and its scale to SVG units."""

    west: float
    south: float
    east: float
    north: float
    kx: float
    ky: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates of a point (equirectangular, scaled by the cosine of the mid latitude)."""
        return (lon - self.west) * self.kx, (self.north - lat) * self.ky

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.ky


def map_view(places: Sequence[Place]) -> View:
    """A window around the places, at least 8 degrees wide, with a margin, between 2:1 and 3:2 wide."""
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    south, north = min(lats), max(lats)
    west, east = min(lons), max(lons)
    pad_lat = max(4.0, (north - south) * 0.2)
    pad_lon = max(4.0, (east - west) * 0.2)
    south, north = max(-85.0, south - pad_lat), min(85.0, north + pad_lat)
    west, east = max(-180.0, west - pad_lon), min(180.0, east + pad_lon)
    cos = max(0.2, math.cos(math.radians((south + north) / 2)))
    # Keep the drawing between 2:1 and 3:2 (width to height) so it fits a phone screen.
    width_deg, height_deg = (east - west) * cos, north - south
    if height_deg > width_deg / 1.5:
        grow = (height_deg * 1.5 / cos - (east - west)) / 2
        west, east = max(-180.0, west - grow), min(180.0, east + grow)
    elif height_deg < width_deg / 2:
        grow = (width_deg / 2 - height_deg) / 2
        south, north = max(-85.0, south - grow), min(85.0, north + grow)
    kx = WIDTH / (east - west)
    return View(west, south, east, north, kx, kx / cos)


def load_world() -> list[dict]:
    """The bundled country outlines (name, ISO code, bounding box, rings of [lon, lat])."""
    text = files("newsweave.report").joinpath("assets", "world.json").read_text(encoding="utf-8")
    return json.loads(text)


def core_places(places: Sequence[Place]) -> list[Place]:
    """The places near the story's middle (within 20° of latitude, 25° of longitude of the median).

    A story about one valley that also names the capital of a distant country
    would otherwise be drawn on a map of the whole world. When the places are
    too spread out for a middle to hold half of them, all of them are returned.
    """
    if len(places) < 3:
        return list(places)
    lat = sorted(p.lat for p in places)[len(places) // 2]
    lon = sorted(p.lon for p in places)[len(places) // 2]
    core = [p for p in places if abs(p.lat - lat) <= 20 and abs(p.lon - lon) <= 25]
    return core if len(core) * 2 >= len(places) else list(places)


def map_svg(places: Sequence[Place], world: Sequence[dict] | None = None,
            view: View | None = None, css_class: str = "map-svg", labelled: Sequence[Place] | None = None) -> Markup:
    """The places as labelled dots over country outlines and a graticule; empty when none.

    `view` defaults to a window around all `places`; places outside it are not
    drawn. Country-precise places get a ring instead of a dot, since the point
    is only the country's centre. Labels that would overlap are left out (the
    dot keeps its tooltip, and the report lists every place); `labelled`, when
    given, limits labels to those places.
    """
    if not places:
        return Markup("")
    world = load_world() if world is None else world
    view = view or map_view(places)
    height = view.height
    inside = [p for p in places if view.west <= p.lon <= view.east and view.south <= p.lat <= view.north]
    out = [f'<svg class="{escape(css_class)}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
           f'aria-label="Map of {len(inside)} places" xmlns="http://www.w3.org/2000/svg">',
           f'<rect class="sea" x="0" y="0" width="{WIDTH}" height="{height:.0f}"/>']
    for country in world:
        w, s, e, n = country["bbox"]
        if e < view.west or w > view.east or n < view.south or s > view.north:
            continue
        d = "".join(_ring_path(ring, view) for ring in country["rings"])
        out.append(f'<path class="land" d="{d}"><title>{escape(country["name"])}</title></path>')
    out.extend(_graticule(view))
    taken: list[tuple[float, float, float, float]] = []
    # Points before rings (they are more precise), then by name so the drawing is stable.
    for place in sorted(inside, key=lambda p: (p.precision == "country", p.entity.name)):
        px, py = view.xy(place.lon, place.lat)
        title = escape(f"{place.entity.name} ({place.precision}, {place.lat:.2f}, {place.lon:.2f})")
        shape = "ring" if place.precision == "country" else "dot"
        wanted = labelled is None or place in labelled
        label = _label(place.entity.name, px, py, taken, height) if wanted else ""
        out.append(f'<g class="place {shape}"><title>{title}</title>'
                   f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{9 if shape == "ring" else 5}"/>{label}</g>')
    out.append("</svg>")
    return Markup("".join(out))


def _label(name: str, px: float, py: float, taken: list[tuple[float, float, float, float]], height: float) -> str:
    """A text label beside a point where it overlaps no other label, or '' when none fits."""
    width = 7.2 * len(name) + 4
    for dx, dy, anchor in ((9, -6, "start"), (9, 16, "start"), (-9, -6, "end"), (-9, 16, "end")):
        x0 = px + dx if anchor == "start" else px + dx - width
        box = (x0, py + dy - 12, x0 + width, py + dy + 3)
        if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > height:
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        return f'<text x="{px + dx:.1f}" y="{py + dy:.1f}" text-anchor="{anchor}">{escape(name)}</text>'
    return ""


def _ring_path(ring: Sequence[Sequence[float]], view: View) -> str:
    points = [view.xy(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in points) + "Z"


def _graticule(view: View) -> list[str]:
    span = max(view.east - view.west, view.north - view.south)
    step = next(s for s in (1, 2, 5, 10, 15, 30, 60) if span / s <= 8)
    out = []
    lon = math.ceil(view.west / step) * step
    while lon <= view.east:
        x, _ = view.xy(lon, 0)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{view.height:.1f}"/>'
                   f'<text class="grid-label" x="{x + 2:.1f}" y="{view.height - 4:.1f}">{_deg(lon, "E", "W")}</text>')
        lon += step
    lat = math.ceil(view.south / step) * step
    while lat <= view.north:
        _, y = view.xy(0, lat)
        out.append(f'<line class="grid" x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}"/>'
                   f'<text class="grid-label" x="2" y="{y - 2:.1f}">{_deg(lat, "N", "S")}</text>')
        lat += step
    return out


def _deg(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):g}°{pos if value >= 0 else neg}"
