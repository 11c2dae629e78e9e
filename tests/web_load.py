"""A bounded load test of the web app on loopback: read latencies while idle and while an upload ingests.

`measure` serves a real store with uvicorn in a thread (as `newsweave serve`
does), stores a first article, times reads with nothing else running (the
baseline), then uploads the other files and times the same reads until their
ingest has finished. Run as a script it prints the figures for docs/BENCHMARKS.md:

    PYTHONPATH=src python tests/web_load.py
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any, Sequence

READS = ("/", "/api/stories", "/api/search?q=said", "/stories/{story}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _figures(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")  # noqa: E731
    return {"n": len(ordered), "p50": pick(0.50), "p99": pick(0.99), "max": ordered[-1] if ordered else float("nan")}


def measure(db: Path, models: Any, files: Sequence[Path], seconds: float = 60.0) -> dict[str, Any]:
    """Read latencies (seconds) idle and during the upload of `files[1:]`, and the articles ingested."""
    import httpx
    import uvicorn

    from newsweave.model import Settings
    from newsweave.web import create_app

    from newsweave.web.app import SWITCH_INTERVAL

    sys.setswitchinterval(SWITCH_INTERVAL)  # as `newsweave serve` does
    port = _free_port()
    app = create_app(db, models=lambda: models, settings=Settings(store_chunk=2), upload_dir=db.parent / "up")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30.0) as client:
            _wait_up(client)
            first = [("files", (files[0].name, files[0].read_bytes(), "text/plain"))]
            assert client.post("/api/ingest", files=first).status_code == 200
            story = client.get("/api/stories").json()[0]["id"]
            paths = [p.format(story=story) for p in READS]
            idle = _reads(client, paths, until=lambda: False, limit=40)
            rest = [("files", (f.name, f.read_bytes(), "text/plain")) for f in files[1:]]
            job = client.post("/api/ingest?wait=false", files=rest).json()
            started = time.monotonic()
            status: dict[str, Any] = {"status": job["status"]}

            def finished() -> bool:
                status.update(client.get(f"/api/jobs/{job['id']}").json())
                return status["status"] in ("done", "failed") or time.monotonic() - started > seconds

            during = _reads(client, paths, until=finished, limit=100_000)
            ingest_s = time.monotonic() - started
            report = status.get("report") or {}
    finally:
        server.should_exit = True
        thread.join(timeout=60)
    return {"idle": _figures(idle), "during": _figures(during), "ingest_s": ingest_s,
            "ingested": 1 + int(report.get("added", 0)) + int(report.get("skipped", 0)), "status": status["status"]}


def _wait_up(client) -> None:
    for _ in range(200):
        try:
            client.get("/favicon.ico")
            return
        except Exception:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def _reads(client, paths: Sequence[str], until, limit: int) -> list[float]:
    out: list[float] = []
    i = 0
    while len(out) < limit and not until():
        t = time.perf_counter()
        answer = client.get(paths[i % len(paths)])
        out.append(time.perf_counter() - t)
        assert answer.status_code == 200, (paths[i % len(paths)], answer.status_code)
        i += 1
    return out


if __name__ == "__main__":
    import json
    import tempfile

    from newsweave.api import shared_models

    fixtures = sorted((Path(__file__).resolve().parent / "fixtures" / "mixed").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(Path(tmp) / "news.db", shared_models(), fixtures), indent=2))
