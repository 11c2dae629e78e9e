"""The local web app: a story list with search, story pages (the HTML report), upload, a JSON API.

`create_app()` builds a FastAPI application over a `Store` (see
``/work/notes/STORE_API.md``: `ingest`, `list_stories`, `story_result`, `search`).
The app is meant for one analyst on their own machine: `newsweave serve` binds
to 127.0.0.1 unless told otherwise, and the app only answers requests whose
Host header names the address it serves (which defeats DNS rebinding).

Security, since every article is untrusted:
- pages are Jinja2 templates with autoescaping; story pages are `render_html`
  with linked assets, under a Content-Security-Policy that allows only this
  app's own script and style (no inline code, nothing from elsewhere);
- uploads are limited in size (per file and per request, counted as the bytes
  arrive, not trusted from headers), in number and in type (suffix and a look
  at the first bytes); a file's name never chooses where it is written: files
  are stored under the upload folder as ``<hash>-<sanitised name>``;
- posts from another origin (a page elsewhere driving the browser) are refused;
- no request path reaches the filesystem: static files come from a fixed list.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import threading
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from importlib.resources import files as package_files
from pathlib import Path
from typing import Annotated, Any, Callable, Protocol, Sequence
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel

from newsweave.model import Result, Settings

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # other sites get no referrer; our own forms keep their Origin
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Suffixes the readers accept (CONTRACT.md: text, HTML, JSON/JSONL, feeds, WARC).
ALLOWED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom", ".warc", ".warc.gz")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
STATIC = {
    # name -> (package, file, media type): the only files the app serves.
    "report.css": ("newsweave.report", "assets/report.css", "text/css; charset=utf-8"),
    "report.js": ("newsweave.report", "assets/report.js", "text/javascript; charset=utf-8"),
    "app.css": ("newsweave.web", "static/app.css", "text/css; charset=utf-8"),
}
STORY_ID = r"^[A-Za-z0-9_.:\-]{1,128}$"


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much one upload may carry.

    5 MB a file matches `Settings.max_text_bytes` (a news article is far
    smaller; a WARC of a few pages fits); 50 files and 60 MB a request keep one
    upload to minutes of analysis on a laptop.
    """

    max_file_bytes: int = 5_000_000
    max_files: int = 50
    max_request_bytes: int = 60_000_000


class StoreLike(Protocol):
    """The part of `newsweave.store.Store` the app uses."""

    def ingest(self, inputs: Sequence[Any], models: Any, settings: Settings) -> Any: ...
    def list_stories(self) -> list[Any]: ...
    def story_result(self, story_id: str) -> Result | None: ...
    def search(self, query: str, limit: int = 20) -> list[Any]: ...


class UploadError(ValueError):
    """An uploaded file refused, with a one-line reason for the user."""


# -- API models (the OpenAPI description; the story itself is the contract's JSON Schema) ----

class StoryInfoModel(BaseModel):
    id: str
    title: str
    size: int
    first_date: str | None
    last_date: str | None
    top_entities: list[str]


class SearchHitModel(BaseModel):
    kind: str
    story_id: str | None
    article_id: str
    snippet: str


class RejectedModel(BaseModel):
    path: str
    reason: str


class CheckRequestModel(BaseModel):
    claim: str
    story: str


class IngestReportModel(BaseModel):
    added: int
    skipped: int
    rejected: list[RejectedModel]
    stories_updated: list[str]


# -- the app ---------------------------------------------------------------------------------

def create_app(
    db: str | Path | None = None,
    *,
    store: StoreLike | None = None,
    models: Callable[[], Any] | None = None,
    settings: Settings | None = None,
    upload_dir: str | Path | None = None,
    host: str = "127.0.0.1",
    limits: UploadLimits = UploadLimits(),
) -> FastAPI:
    """The web app over the store at `db` (or over `store`, for tests).

    `models` is called when the first upload needs the NLP models (default: the
    process's shared models); `host` is the address served, which decides the
    Host headers accepted.
    """
    if store is None:
        if db is None:
            raise ValueError("give the database path or a store")
        from newsweave.store import Store

        store = Store(db)
        owned = True
    else:
        owned = False
    uploads = Path(upload_dir) if upload_dir else _default_upload_dir(db)
    state = _State(store, models or _shared_models, settings or Settings(), uploads, limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if owned and hasattr(store, "close"):
            store.close()

    app = FastAPI(title="newsweave", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Stories built from news articles: cited summaries, claims, disputes, "
                              "discrepancies, entities and timelines. Story objects follow the "
                              "`newsweave.story/1` contract.")
    app.state.nw = state
    app.add_middleware(_Guard, allowed_hosts=_allowed_hosts(host), limits=limits)
    _routes(app, state)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@dataclass
class _State:
    store: StoreLike
    models: Callable[[], Any]
    settings: Settings
    uploads: Path
    limits: UploadLimits
    lock: Any = field(default_factory=threading.Lock)  # one ingest at a time


def _shared_models() -> Any:
    from newsweave.api import models

    return models()


def _default_upload_dir(db: str | Path | None) -> Path:
    if db is None:
        import tempfile

        return Path(tempfile.mkdtemp(prefix="newsweave-uploads-"))
    path = Path(db)
    return path.with_name(path.name + ".uploads")


def _allowed_hosts(host: str) -> list[str] | None:
    """Host header names accepted: loopback names for a loopback bind, else any (None)."""
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return [*LOOPBACK_NAMES, "testserver"] if loopback else None


def _routes(app: FastAPI, state: _State) -> None:
    env = _templates()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: Annotated[str, Query(max_length=200)] = "", added: int | None = None,
              skipped: int | None = None, rejected: int | None = None) -> HTMLResponse:
        stories = state.store.list_stories()
        hits = state.store.search(q, limit=50) if q.strip() else []
        titles = {s.id: s.title for s in stories}
        notice = None if added is None else {"added": added, "skipped": skipped or 0, "rejected": rejected or 0}
        return page("index.html", stories=stories, hits=hits, q=q, titles=titles, notice=notice)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return page("upload.html", limits=state.limits, suffixes=ALLOWED_SUFFIXES, error=None)

    @app.post("/upload", include_in_schema=False)
    async def upload_page(files: Annotated[list[UploadFile], File()]) -> Response:
        try:
            report = await _ingest_uploads(state, files)
        except UploadError as exc:
            return page("upload.html", status=400, limits=state.limits, suffixes=ALLOWED_SUFFIXES, error=str(exc))
        target = f"/?added={report.added}&skipped={report.skipped}&rejected={len(report.rejected)}"
        return RedirectResponse(target, status_code=303)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        from newsweave.report.html import render_html

        result = _story_or_404(state, story_id)
        html = render_html(result, assets="linked", home_url="/", static_url="/static/")
        return HTMLResponse(_with_check_box(html, env.get_template("check_box.html").render(story_id=story_id)))

    @app.post("/stories/{story_id}/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(story_id: str, claim: Annotated[str, Form(max_length=2000)]) -> HTMLResponse:
        result = _story_or_404(state, story_id)
        try:
            found = await run_in_threadpool(_check_story, state, claim, result)
        except ValueError as exc:
            return page("check.html", status=400, story_id=story_id, claim=claim, rows=[], error=str(exc))
        texts = {a.id: a for a in result.articles}
        rows = [{"article": s, "title": texts[s.article].title or texts[s.article].outlet or s.article,
                 "quotes": [texts[s.article].text[e.start:e.end] for e in s.evidence]} for s in found.stances]
        return page("check.html", story_id=story_id, claim=found.claim, rows=rows, error=None)

    @app.post("/api/check", summary="Each article's stance on a claim (supports / refutes / discusses / unrelated)",
              responses={400: {"description": "The claim is empty or too long."},
                         404: {"description": "No story with this id."}})
    async def api_check(body: CheckRequestModel) -> dict[str, Any]:
        result = _story_or_404(state, body.story)
        try:
            found = await run_in_threadpool(_check_story, state, body.claim, result)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        return found.to_dict()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        package, path, media = STATIC[name]
        text = package_files(package).joinpath(*path.split("/")).read_text(encoding="utf-8")
        return Response(text, media_type=media, headers={"Cache-Control": "no-cache"})

    @app.get("/api/stories", response_model=list[StoryInfoModel], summary="List the stories, largest first")
    def api_stories() -> list[dict[str, Any]]:
        return [asdict(s) for s in state.store.list_stories()]

    @app.get("/api/stories/{story_id}", summary="One story as a newsweave.story/1 object",
             responses={200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoryResult"}}},
                              "description": "The contract's object holding this one story and its articles."},
                        404: {"description": "No story with this id."}})
    def api_story(story_id: str) -> JSONResponse:
        return JSONResponse(_story_or_404(state, story_id).to_dict())

    @app.get("/api/search", response_model=list[SearchHitModel], summary="Full-text search over articles and claims")
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)],
                   limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
        return [asdict(h) for h in state.store.search(q, limit=limit)]

    @app.post("/api/ingest", response_model=IngestReportModel, summary="Upload article files and analyse them",
              responses={400: {"description": "A file was refused (type, size, count)."},
                         413: {"description": "The request is too large."}})
    async def api_ingest(files: Annotated[list[UploadFile], File(description="article files")]) -> dict[str, Any]:
        try:
            report = await _ingest_uploads(state, files)
        except UploadError as exc:
            raise HTTPException(400, str(exc)) from None
        return {"added": report.added, "skipped": report.skipped,
                "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
                "stories_updated": list(report.stories_updated)}


def _check_story(state: _State, claim: str, result: Result) -> Any:
    """The stance of each article of a stored story on `claim` (`newsweave.check.CheckResult`)."""
    from newsweave.check import CheckResult, check_articles, valid_claim

    claim = valid_claim(claim)
    return CheckResult(claim, check_articles(claim, result.articles, state.models()), result.articles)


def _with_check_box(html: str, box: str) -> str:
    """The story page with the claim-check form added at the end of its body."""
    at = html.rfind("</body>")
    return html[:at] + box + html[at:] if at >= 0 else html + box


def _story_or_404(state: _State, story_id: str) -> Result:
    if not re.match(STORY_ID, story_id):
        raise HTTPException(404, "no such story")
    result = state.store.story_result(story_id)
    if result is None:
        raise HTTPException(404, "no such story")
    return result


def _templates() -> Environment:
    def load(name: str) -> str:
        return package_files("newsweave.web").joinpath("templates", name).read_text(encoding="utf-8")

    env = Environment(loader=FunctionLoader(load), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["path_part"] = lambda value: quote(str(value), safe="")
    return env


# -- uploads ---------------------------------------------------------------------------------

async def _ingest_uploads(state: _State, uploads: list[UploadFile]) -> Any:
    """Check, save and ingest uploaded files; the store's `IngestReport`."""
    if not uploads:
        raise UploadError("choose at least one file")
    if len(uploads) > state.limits.max_files:
        raise UploadError(f"too many files: {len(uploads)} (at most {state.limits.max_files})")
    blobs = []
    for upload in uploads:
        data = await upload.read(state.limits.max_file_bytes + 1)
        blobs.append((upload.filename or "upload", check_upload(upload.filename or "", data, state.limits)))
    paths = [save_upload(state.uploads, name, data) for name, data in blobs]

    def work() -> Any:
        with state.lock:
            return state.store.ingest([str(p) for p in paths], state.models(), state.settings)

    return await run_in_threadpool(work)


def suffix_of(name: str) -> str | None:
    """The accepted suffix of a file name (lower case), or None."""
    lower = name.lower()
    return next((s for s in sorted(ALLOWED_SUFFIXES, key=len, reverse=True) if lower.endswith(s)), None)


def check_upload(name: str, data: bytes, limits: UploadLimits) -> bytes:
    """The file's bytes if its name, size and first bytes fit an accepted type; else `UploadError`."""
    shown = safe_name(name)
    suffix = suffix_of(name)
    if suffix is None:
        raise UploadError(f"{shown}: not an accepted type (accepted: {', '.join(ALLOWED_SUFFIXES)})")
    if len(data) > limits.max_file_bytes:
        raise UploadError(f"{shown}: larger than {limits.max_file_bytes // 1_000_000} MB")
    if not data:
        raise UploadError(f"{shown}: empty file")
    head = data[:8192]
    if suffix == ".warc.gz":
        if not head.startswith(b"\x1f\x8b"):
            raise UploadError(f"{shown}: not gzip data")
    elif suffix == ".warc":
        if not head.startswith(b"WARC/"):
            raise UploadError(f"{shown}: not a WARC file")
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(f"{shown}: binary data, not text")
    return data


def safe_name(name: str) -> str:
    """A file name reduced to its last part and to letters, digits, dot, dash and underscore."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")[:100]
    return base or "upload"


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` under `folder` as ``<content hash>-<safe name>``; the path (never outside `folder`)."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = suffix_of(name) or ""
    stem = safe_name(name)
    if not stem.lower().endswith(suffix):
        stem += suffix
    target = (folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{stem}").resolve()
    if target.parent != folder.resolve():
        raise UploadError("bad file name")
    if not target.exists():
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target


# -- request guard ---------------------------------------------------------------------------

class _TooLarge(Exception):
    pass


class _Guard:
    """ASGI middleware: Host check, cross-origin post refusal, request size limit, security headers.

    Hand-written rather than Starlette's TrustedHostMiddleware plus others
    because the body limit must wrap `receive` (counting bytes as they arrive)
    and every answer, refusals included, must carry the security headers.
    """

    def __init__(self, app: Any, allowed_hosts: list[str] | None, limits: UploadLimits) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.limits = limits

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal:
            await _plain(send, *refusal)
            return
        received = 0
        started = False

        async def counted_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limits.max_request_bytes:
                    raise _TooLarge()
            return message

        async def secured_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except _TooLarge:
            if not started:
                await _plain(send, 413, "request too large")

    def _refusal(self, scope: dict, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if self.allowed is not None and name.lower() not in self.allowed:
            return 400, "unknown host"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            if site is not None and site not in ("same-origin", "none"):
                return 403, "cross-site request refused"
            # A browser sends Origin "null" from a sandboxed frame or a local file (refused),
            # and for its own same-origin form posts under some referrer policies (allowed).
            if origin == "null" and site != "same-origin":
                return 403, "cross-origin request refused"
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
                return 403, "cross-origin request refused"
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > self.limits.max_request_bytes:
                return 413, "request too large"
        return None


async def _plain(send: Callable, status: int, text: str) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"),
               *[(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})


# -- OpenAPI ---------------------------------------------------------------------------------

def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description plus the contract's JSON Schema as `StoryResult` (and its parts)."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema = json.loads(package_files("newsweave").joinpath("schema", "story.schema.json").read_text(encoding="utf-8"))
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, part in schema.pop("$defs", {}).items():
        components[f"Story_{name}"] = _rewrite_refs(part)
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    components["StoryResult"] = _rewrite_refs(schema)
    app.openapi_schema = spec
    return spec


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/Story_") if k == "$ref" and isinstance(v, str)
                    else _rewrite_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node
