"""The HTML report: one self-contained page per result (or a page of the web app).

The page is rendered by a Jinja2 template with autoescaping on, so every string
from an article is escaped wherever it lands; URLs become links only when they
are http(s) (`views.safe_url`). The article texts travel as JSON inside a
``<script type="application/json">`` (with ``<``, ``>`` and ``&`` written as
``\\u003c`` ...) so a text can never close the script element. A citation link
``#a1:120-180`` makes the bundled script show that article with the span in a
``<mark>``; without script, the articles are still printed in full.

Standalone, the page carries its CSS and script inline and a
Content-Security-Policy that allows only those two (by hash) and no request at
all, so the report works offline and an injected script could not run. In the
web app (`assets="linked"`) the same page links ``/static/report.css`` and
``/static/report.js`` instead, under the app's own policy.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from importlib.resources import files
from typing import Any, Literal

from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from newsweave.model import Result
from newsweave.report import charts
from newsweave.report.views import (STATUSES, date_reading, relation_text, safe_url, source_label, span_ref,
                                     story_views)

ASSET_NAMES = ("report.css", "report.js")


def asset_text(name: str) -> str:
    """The text of a bundled asset (CSS, script, template) by file name."""
    return files("newsweave.report").joinpath("assets", name).read_text(encoding="utf-8")


def render_html(
    result: Result,
    *,
    assets: Literal["inline", "linked"] = "inline",
    home_url: str | None = None,
    static_url: str = "/static/",
) -> str:
    """The HTML report of `result` as one page.

    `assets="inline"` (the default) gives the self-contained offline file;
    `"linked"` links the CSS and script under `static_url` (for the web app,
    whose Content-Security-Policy forbids inline code). `home_url`, when given,
    adds a link back to the app's story list.
    """
    env = template_env()
    css, js = (asset_text(n) for n in ASSET_NAMES) if assets == "inline" else ("", "")
    world = charts.load_world()
    views = story_views(result)
    context: dict[str, Any] = {
        "result": result,
        "views": views,
        "statuses": STATUSES,
        "inline": assets == "inline",
        "css": Markup(css),
        "js": Markup(js),
        "csp": _csp(css, js) if assets == "inline" else None,
        "static_url": static_url,
        "home_url": home_url,
        "data_json": embed_json(_page_data(result)),
        "timeline_svg": lambda v, n: charts.timeline_svg(v.story.timeline, f"tl-{n}-"),
        "maps": lambda v: _maps(v, world),
        "title": _page_title(result),
        "relation_text": relation_text,
    }
    return env.get_template("report.html.j2").render(context)


@functools.lru_cache(maxsize=1)
def template_env() -> Environment:
    """A Jinja2 environment over the bundled templates, escaping everything by default.

    One per process: the environment keeps its compiled templates, and compiling
    the report's template took most of a page's time (0.25 s of 0.3 s), which a
    web app serving story pages pays on every request otherwise.
    """
    env = Environment(
        loader=FunctionLoader(asset_text),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["source_label"] = source_label
    env.filters["ref"] = span_ref
    env.filters["date_reading"] = date_reading
    env.filters["quote_ref"] = quote_ref
    return env


def quote_ref(span: Any) -> str:
    """The `#` link target of a span, with the article id percent-encoded for use in a URL."""
    from urllib.parse import quote

    return f"{quote(span.article, safe='')}:{span.start}-{span.end}"


def embed_json(data: Any) -> Markup:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text can form
    ``</script>`` or ``<!--``; the browser's ``JSON.parse`` gives the text back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _maps(view: Any, world: list[dict]) -> list[tuple[Markup, str]]:
    """The story's maps with captions: its region, plus the world when some places lie far away."""
    core = charts.core_places(view.places)
    if not core:
        return []
    region = charts.map_svg(view.places, world, charts.map_view(core))
    if len(core) == len(view.places):
        return [(region, "")]
    far_places = [p for p in view.places if p not in core]
    far = ", ".join(sorted(p.entity.name for p in far_places))
    overview = charts.map_svg(view.places, world, charts.map_view(view.places), "map-svg overview", far_places)
    return [(region, "The story's region."), (overview, f"All places, including {far}.")]


def _page_data(result: Result) -> dict[str, Any]:
    """What the script needs: each article's exact text, by id."""
    return {"texts": {a.id: a.text for a in result.articles}}


def _page_title(result: Result) -> str:
    if len(result.stories) == 1:
        return f"{result.stories[0].title} — newsweave report"
    return f"newsweave report: {len(result.stories)} stories"


def _csp(css: str, js: str) -> str:
    """A policy that lets only this page's own style and script run and loads nothing."""
    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (f"default-src 'none'; style-src {digest(css)}; script-src {digest(js)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")
