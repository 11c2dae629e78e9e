"""Scale-out benchmark: wall time of the Dask path with 1 and 2 workers on the same articles.

Reads its data from ../shared/bench (outside the repository; see its README).

Run: .venv/bin/python benchmarks/scale.py [--articles 1000]

Articles: the 100 MultiLing 2011 WikiNews articles and the 512 Multi-News
documents, cycled to the requested count (a repeated document is a real
near-duplicate, which the pipeline handles as such; the same input goes to
both runs). Each cluster is started and its models loaded before the clock
starts; the single-process `pipeline.run` is timed in the same run as a
baseline. Memory per worker is the peak RSS each worker process reports.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def load_articles(n: int) -> list[dict]:
    """`n` JSONL-shaped articles from the MultiLing and Multi-News sets, cycled."""
    docs = []
    for path in sorted((BENCH / "multiling2011-en" / "sources").glob("*.english")):
        docs.append({"id": path.stem, "text": path.read_text(encoding="utf-8")})
    with gzip.open(BENCH / "multinews-val-200.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for k, text in enumerate(row["documents"]):
                if text.strip():
                    docs.append({"id": f"mn{row['idx']}-{k}", "text": text})
    out = []
    for i in range(n):
        d = dict(docs[i % len(docs)])
        d["id"] = f"{d['id']}#{i // len(docs)}"
        out.append(d)
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from newsweave.api import models
    from newsweave.model import Settings
    from newsweave.pipeline import run
    from newsweave.scale import attach_models, local_client, run_on_cluster

    articles = load_articles(args.articles)
    settings = Settings()
    m = models()

    t0 = time.perf_counter()
    baseline = run(articles, m, settings)
    single = time.perf_counter() - t0
    rows = [("single process (pipeline.run)", single, None)]

    results = {}
    for workers in (1, 2):
        client = local_client(workers)
        attach_models(client)
        t0 = time.perf_counter()
        results[workers] = run_on_cluster(articles, client, m, settings)
        wall = time.perf_counter() - t0
        rss = client.run(peak_rss_mb)
        rows.append((f"Dask LocalCluster, {workers} worker(s)", wall, max(rss.values())))
        cluster = client.cluster
        client.close()
        cluster.close()

    n = len(baseline.articles)
    print(f"articles: {n}, stories: {len(baseline.stories)}")
    print("| run | wall (s) | articles/s | peak RSS per worker (MB) |")
    print("|---|---:|---:|---:|")
    for name, wall, rss in rows:
        print(f"| {name} | {wall:.1f} | {n / wall:.1f} | {'' if rss is None else f'{rss:.0f}'} |")
    print(f"speed-up 2 workers vs 1: {rows[1][1] / rows[2][1]:.2f}x")
    print(f"client peak RSS: {peak_rss_mb():.0f} MB")
    print(f"2-worker output equals single process: {results[2] == baseline}")
    print(f"cost per article (2 workers): {rows[2][1] / n * 1000:.0f} ms wall, "
          f"per story: {rows[2][1] / max(1, len(baseline.stories)) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
