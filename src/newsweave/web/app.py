"""The local web app: a story list with search, story pages (the HTML report), upload, a JSON API.

`create_app()` builds a FastAPI application over a `Store` (the part it uses
is `StoreLike`: `ingest`, `list_stories`, `story_result`, `search`).
The app is meant for one analyst on their own machine: `newsweave serve` binds
to 127.0.0.1 unless told otherwise, and the app only answers requests whose
Host header names the address it serves (which defeats DNS rebinding). Bound to
any other address it requires a token (`token`): every request must carry it
(``Authorization: Bearer``, or the cookie set by opening ``/?token=...`` once),
and the Host header must be an IP address or a name of this machine.

Reads never wait for an upload: uploads are queued to one background worker
(the store's single writer), the upload page polls the job's status, and the
store's reads use connections of their own (SQLite WAL).

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

import asyncio
import hashlib
import hmac
import ipaddress
import json
import queue
import re
import secrets
import socket
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field, replace
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

from newsweave.display import shown
from newsweave.ingest.sniff import ACCEPTED_SUFFIXES
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
ALLOWED_SUFFIXES = ACCEPTED_SUFFIXES  # what the readers accept: text, HTML, JSON/JSONL, feeds, WARC
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
STATIC = {
    # name -> (package, file, media type): the only files the app serves.
    "report.css": ("newsweave.report", "assets/report.css", "text/css; charset=utf-8"),
    "report.js": ("newsweave.report", "assets/report.js", "text/javascript; charset=utf-8"),
    "app.css": ("newsweave.web", "static/app.css", "text/css; charset=utf-8"),
}
STORY_ID = r"^[A-Za-z0-9_.:\-]{1,128}$"
JOB_ID = r"^[0-9a-f]{16}$"
TOKEN_COOKIE = "newsweave_token"
POLL_SECONDS = 1
JOBS_KEPT = 200  # finished upload jobs whose status stays available
SEEN_COOKIE = "newsweave_seen"  # when the story list was last visited: stories changed since get a badge
# Seconds a thread holding the GIL runs before another may take it (Python's default: 0.005).
# The ingest worker shares the interpreter with the requests; a read gives up the GIL at
# each SQLite row and socket write, then waits up to this long to get it back, so the
# default made a story page wait over a second behind an ingest. `newsweave serve` sets it.
SWITCH_INTERVAL = 0.0005


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


class JobModel(BaseModel):
    id: str
    status: str
    files: int
    error: str | None = None
    report: IngestReportModel | None = None


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
    token: str | None = None,
) -> FastAPI:
    """The web app over the store at `db` (or over `store`, for tests).

    `models` is called when an upload needs the NLP models (the caller holds
    them: `newsweave serve` passes the API's `shared_models`; without it an
    upload answers 503); `host` is the address served, which decides the Host
    headers accepted; `token`, required for any address but loopback, is
    checked on every request.
    """
    if not is_loopback(host) and not token:
        raise ValueError(f"serving on {host} needs a token (--token or NEWSWEAVE_TOKEN)")
    if store is None:
        if db is None:
            raise ValueError("give the database path or a store")
        from newsweave.store import Store

        store = Store(db)
        owned = True
    else:
        owned = False
    uploads = Path(upload_dir) if upload_dir else _default_upload_dir(db)
    state = _State(store, models or _no_models, settings or Settings(), uploads, limits,
                   db=Path(db) if db is not None else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        state.worker.stop()
        if owned and hasattr(store, "close"):
            store.close()

    app = FastAPI(title="newsweave", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Stories built from news articles: cited summaries, claims, disputes, "
                              "discrepancies, entities and timelines. Story objects follow the "
                              "`newsweave.story/1` contract.")
    app.state.nw = state
    app.add_middleware(_Guard, allowed_hosts=_allowed_hosts(host), limits=limits, token=token,
                       addresses=not is_loopback(host))
    _routes(app, state)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@dataclass(frozen=True, slots=True)
class Job:
    """One queued upload: its status (queued, running, done, failed), and its report or error once finished."""

    id: str
    files: int
    status: str = "queued"
    report: Any = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The job as the API shows it."""
        out: dict[str, Any] = {"id": self.id, "status": self.status, "files": self.files, "error": self.error}
        out["report"] = _report_dict(self.report) if self.report is not None else None
        return out


class IngestWorker:
    """One background thread running queued ingests in order: the app's only writer to its store.

    Requests never run an ingest themselves, so a read never waits behind one;
    `submit` returns at once with the job, whose status `job` tells.
    """

    def __init__(self, run: Callable[[list[str]], Any]) -> None:
        self._run = run
        self._queue: queue.Queue = queue.Queue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, paths: list[str]) -> tuple[Job, Future]:
        """Queue an ingest of `paths`: the job and a future of its report."""
        job = Job(secrets.token_hex(8), len(paths))
        future: Future = Future()
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > JOBS_KEPT and next(iter(self._jobs.values())).status in ("done", "failed"):
                self._jobs.popitem(last=False)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="newsweave-ingest", daemon=True)
                self._thread.start()
        self._queue.put((job.id, paths, future))
        return job, future

    def job(self, job_id: str) -> Job | None:
        """The job's current state (None for an unknown id)."""
        with self._lock:
            return self._jobs.get(job_id)

    def stop(self) -> None:
        """Finish the jobs queued so far, then end the thread (a later `submit` starts a new one)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=600)

    def _set(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            if job_id in self._jobs:
                self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            job_id, paths, future = item
            self._set(job_id, status="running")
            try:
                report = self._run(paths)
            except Exception as exc:  # a job's failure is its status, never the worker's end
                error = exc.detail if isinstance(exc, HTTPException) else f"{type(exc).__name__}: {exc}"
                self._set(job_id, status="failed", error=shown(" ".join(str(error).split())[:300]))
                future.set_exception(exc)
            else:
                self._set(job_id, status="done", report=report)
                future.set_result(report)


@dataclass
class _State:
    store: StoreLike
    models: Callable[[], Any]
    settings: Settings
    uploads: Path
    limits: UploadLimits
    db: Path | None = None  # the store's file, where `newsweave watch` keeps its status
    worker: IngestWorker = field(init=False)

    def __post_init__(self) -> None:
        self.worker = IngestWorker(lambda paths: self.store.ingest(paths, self.models(), self.settings))


def _no_models() -> Any:
    raise HTTPException(503, "this app was started without the NLP models: uploads are off")


def _default_upload_dir(db: str | Path | None) -> Path:
    if db is None:
        import tempfile

        return Path(tempfile.mkdtemp(prefix="newsweave-uploads-"))
    path = Path(db)
    return path.with_name(path.name + ".uploads")


def is_loopback(host: str) -> bool:
    """Whether binding to `host` serves this machine only (127.0.0.0/8, ::1, "localhost")."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _allowed_hosts(host: str) -> list[str]:
    """Host header names accepted: loopback names for a loopback bind; else these, the bound
    address and this machine's names (and any IP address, see `_Guard`)."""
    if is_loopback(host):
        return [*LOOPBACK_NAMES, "testserver"]
    names = {*LOOPBACK_NAMES, host.strip("[]")}
    try:
        names.update({socket.gethostname(), socket.getfqdn()})
    except OSError:
        pass
    return sorted(n for n in names if n)


def _routes(app: FastAPI, state: _State) -> None:
    env = _templates()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: Annotated[str, Query(max_length=200)] = "", added: int | None = None,
              skipped: int | None = None, rejected: int | None = None) -> HTMLResponse:
        watch = _watch_status(state)
        stories = _by_last_update(state.store.list_stories(), watch["updated"])
        hits = state.store.search(q, limit=50) if q.strip() else []
        titles = {s.id: s.title for s in stories}
        notice = None if added is None else {"added": added, "skipped": skipped or 0, "rejected": rejected or 0}
        seen = _float_or_none(request.cookies.get(SEEN_COOKIE)) or 0.0
        changed = {sid for sid, when in watch["updated"].items() if when > seen}
        response = page("index.html", stories=stories, hits=hits, q=q, titles=titles, notice=notice,
                        changed=changed, watch=watch)
        if not q and added is None:  # a visit to the list itself: what changed is counted from now on
            response.set_cookie(SEEN_COOKIE, f"{time.time():.3f}", max_age=400 * 86400, httponly=True,
                                samesite="strict")
        return response

    @app.get("/api/watch", summary="The watch's last round, its errors per source, and when each story changed")
    def api_watch() -> dict[str, Any]:
        return _watch_status(state)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return page("upload.html", limits=state.limits, suffixes=ALLOWED_SUFFIXES, error=None)

    @app.post("/upload", include_in_schema=False)
    async def upload_page(files: Annotated[list[UploadFile], File()]) -> Response:
        try:
            job, _ = await _queue_uploads(state, files)
        except UploadError as exc:
            return page("upload.html", status=400, limits=state.limits, suffixes=ALLOWED_SUFFIXES, error=str(exc))
        return RedirectResponse(f"/uploads/{job.id}", status_code=303)

    @app.get("/uploads/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def upload_status(job_id: str) -> Response:
        job = _job_or_404(state, job_id)
        if job.status == "done":
            report = job.report
            target = f"/?added={report.added}&skipped={report.skipped}&rejected={len(report.rejected)}"
            return RedirectResponse(target, status_code=303)
        return page("job.html", job=job, poll_seconds=POLL_SECONDS)

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

    @app.post("/api/ingest", response_model=IngestReportModel | JobModel,
              summary="Upload article files and analyse them",
              description="Waits for the analysis and returns its report; with `wait=false`, returns the "
                          "queued job at once (202), whose status `/api/jobs/{id}` tells.",
              responses={202: {"description": "Queued (with wait=false)."},
                         400: {"description": "A file was refused (type, size, count)."},
                         413: {"description": "The request is too large."}})
    async def api_ingest(files: Annotated[list[UploadFile], File(description="article files")],
                         wait: bool = True) -> Any:
        try:
            job, future = await _queue_uploads(state, files)
        except UploadError as exc:
            raise HTTPException(400, str(exc)) from None
        if not wait:
            return JSONResponse(job.to_dict(), status_code=202)
        return _report_dict(await asyncio.wrap_future(future))

    @app.get("/api/jobs/{job_id}", response_model=JobModel, summary="The status of a queued upload")
    def api_job(job_id: str) -> dict[str, Any]:
        return _job_or_404(state, job_id).to_dict()


def _report_dict(report: Any) -> dict[str, Any]:
    return {"added": report.added, "skipped": report.skipped,
            "rejected": [{"path": r.path, "reason": r.reason} for r in report.rejected],
            "stories_updated": list(report.stories_updated)}


def _job_or_404(state: _State, job_id: str) -> Job:
    job = state.worker.job(job_id) if re.match(JOB_ID, job_id) else None
    if job is None:
        raise HTTPException(404, "no such upload")
    return job


def _watch_status(state: _State) -> dict[str, Any]:
    """The last round of `newsweave watch` on this store, its errors, and each story's last update (Unix time)."""
    from newsweave.fetch.state import read_status

    last, errors, updated = read_status(state.db) if state.db is not None else (None, [], {})
    info = None
    if last is not None:
        info = {**asdict(last), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(last.finished or last.started))}
    return {"round": info, "errors": [asdict(e) for e in errors], "updated": updated}


def _by_last_update(stories: list[Any], updated: dict[str, float]) -> list[Any]:
    """Stories changed most recently first; those the watch never touched after them, in the store's order."""
    return sorted(stories, key=lambda s: -updated.get(s.id, 0.0))


def _float_or_none(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _check_story(state: _State, claim: str, result: Result) -> Any:
    """The stance of each article of a stored story on `claim` (`newsweave.claim_check.CheckResult`)."""
    from newsweave.claim_check import CheckResult, check_articles, valid_claim

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

async def _queue_uploads(state: _State, uploads: list[UploadFile]) -> tuple[Job, Future]:
    """Check and save uploaded files and queue their ingest: the job and a future of its `IngestReport`."""
    if not uploads:
        raise UploadError("choose at least one file")
    if len(uploads) > state.limits.max_files:
        raise UploadError(f"too many files: {len(uploads)} (at most {state.limits.max_files})")
    blobs = []
    for upload in uploads:
        data = await upload.read(state.limits.max_file_bytes + 1)
        blobs.append((upload.filename or "upload", check_upload(upload.filename or "", data, state.limits)))
    paths = [save_upload(state.uploads, name, data) for name, data in blobs]
    return state.worker.submit([str(p) for p in paths])


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

    def __init__(self, app: Any, allowed_hosts: list[str], limits: UploadLimits, token: str | None = None,
                 addresses: bool = False) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.limits = limits
        self.token = token
        # Bound beyond loopback, any IP address is a valid Host too: DNS rebinding
        # needs a name the attacker controls, never a bare address.
        self.addresses = addresses

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal:
            await _plain(send, *refusal)
            return
        if self.token and _query_token(scope) and scope["method"] == "GET":
            # The token came in the link (``/?token=...``): keep it in a cookie, drop it from the address.
            cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
            await _plain(send, 303, "see other", [(b"location", (scope.get("path") or "/").encode("latin-1")),
                                                  (b"set-cookie", cookie.encode("latin-1"))])
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
        if name.lower() not in self.allowed and not (self.addresses and _is_address(name)):
            return 400, "unknown host"
        if self.token and not any(hmac.compare_digest(given.encode(), self.token.encode())
                                  for given in _tokens_given(scope, headers)):
            return 401, "token required (Authorization: Bearer TOKEN, or open /?token=TOKEN once)"
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


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _query_token(scope: dict) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


def _tokens_given(scope: dict, headers: dict[str, str]) -> list[str]:
    """The tokens a request carries: bearer header, cookie, ``token`` query parameter."""
    given = []
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given.append(auth[7:].strip())
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == TOKEN_COOKIE:
            given.append(value)
    query = _query_token(scope)
    if query:
        given.append(query)
    return given


async def _plain(send: Callable, status: int, text: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *extra,
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
