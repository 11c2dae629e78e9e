"""Throughput benchmark: articles per second of end-to-end `analyze`, beside a bare spaCy pass.

Reads its data from ../shared/bench (outside the repository; see its README).

For each article set, in the same process and run: the time of
`pipeline.run` (reading, cleaning, parsing, copies, story clustering and every
story's analysis) and the time of a bare `models.spacy.pipe` over the same
texts; their ratio says what newsweave costs on top of spaCy. The bare pass is
one process, as `nlp.pipe` runs by default; newsweave parses a large batch
and analyses many stories with one process per core (up to two), whose peak
memory is reported apart (forked, so most of it is shared with the main
process). CPU seconds (this process and its children, user and system) are
reported beside the wall times: on a shared machine they vary much less. The
last column is the peak of the memory all the run's processes hold together
(their summed proportional set size, sampled twice a second: a page shared by
forked processes counts once). Sets:

- ``multiling``: the 100 WikiNews articles of MultiLing 2011 (10 stories);
- ``multinews``: the Multi-News sample (512 scraped articles, 200 stories);
- ``N1000`` / ``N4000``: the two above mixed and repeated to N articles; each
  repetition gets its own first line, so it is a new input whose text is a
  near-copy (marked ``duplicate_of``) that joins its original's story — stories
  grow with N, which is the harder case for time growth.

Each set runs in a child process so that peak memory (max RSS) is its own.
Run as a plain script: ``.venv/bin/python benchmarks/throughput.py [--sets multiling,multinews,N1000,N4000]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BENCH = ROOT.parent / "shared" / "bench"
MULTILING = BENCH / "multiling2011-en" / "sources"
MULTINEWS = BENCH / "multinews-val-200.jsonl.gz"


def multiling() -> list[dict]:
    return [{"id": f"ml-{p.stem}", "text": p.read_text(encoding="utf-8")} for p in sorted(MULTILING.glob("M*.english"))]


def multinews() -> list[dict]:
    out = []
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.extend({"id": f"mn-{row['idx']}-{n}", "text": d} for n, d in enumerate(row["documents"]))
    return out


def article_set(name: str) -> list[dict]:
    """The articles of one named set (see the module docstring)."""
    if name == "multiling":
        return multiling()
    if name == "multinews":
        return multinews()
    n = int(name[1:])
    base = [a for a in multiling() + multinews() if a["text"].strip()]
    out = []
    for i in range(n):
        a = base[i % len(base)]
        rep = i // len(base)
        text = a["text"] if rep == 0 else f"Update {rep}: {a['text']}"
        out.append({"id": f"{a['id']}-r{rep}", "text": text})
    return out


def measure(name: str) -> dict:
    """Time end-to-end analysis and a bare spaCy pass over one set, in this process."""
    from newsweave.model import Settings
    from newsweave.nlp import load_models
    from newsweave.pipeline import run

    items = article_set(name)
    models = load_models()
    texts = [a["text"] for a in items]
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in models.spacy.pipe(texts, batch_size=16):
        pass
    bare, bare_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    start, cpu = time.perf_counter(), cpu_seconds()
    result = run(items, models, Settings())
    full, full_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {
        "set": name, "articles": len(result.articles), "stories": len(result.stories),
        "copies": sum(1 for a in result.articles if a.duplicate_of),
        "words": sum(len(t.split()) for t in texts), "analyze_s": full, "spacy_s": bare,
        "analyze_cpu_s": full_cpu, "spacy_cpu_s": bare_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # The parse and analysis processes (forked from this one, so mostly shared pages): the largest one.
        "parse_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "parse_processes": models.parse_processes,
    }


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user and system), in seconds.

    On a shared machine wall time depends on the other jobs; CPU time much less.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_sampled(command: list[str], every: float = 0.5) -> tuple[subprocess.CompletedProcess, float | None]:
    """Run `command`, sampling the memory of it and its descendants; (its result, their peak summed PSS in MB).

    The max RSS of each process counts the pages a forked worker shares with
    its parent once in each; the proportional set size (Linux's
    ``/proc/PID/smaps_rollup``) splits every shared page between the
    processes that map it, so the sum over the processes is the memory the
    run holds at that moment. The sampling runs here, in the parent, so the
    measured process forks its workers with no extra thread. None where
    ``/proc`` has no such file.
    """
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak: float | None = None
    import threading

    # The pipes are drained by threads here so that a chatty child never blocks on a full pipe.
    chunks: dict[str, list[str]] = {"out": [], "err": []}
    readers = [threading.Thread(target=lambda k=k, f=f: chunks[k].append(f.read()), daemon=True)
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    while proc.poll() is None:
        total = summed_pss_mb(proc.pid)
        if total is not None:
            peak = max(peak or 0.0, total)
        time.sleep(every)
    for t in readers:
        t.join()
    return subprocess.CompletedProcess(command, proc.returncode, "".join(chunks["out"]), "".join(chunks["err"])), peak


def summed_pss_mb(pid: int) -> float | None:
    """The summed proportional set size of `pid` and all its descendants, in MB (None without /proc)."""
    total, pending, found = 0.0, [pid], False
    while pending:
        p = pending.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) / 1024
                        found = True
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    pending.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):  # the process ended between two reads
            continue
    return total if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="multiling,multinews,N1000,N4000")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    print(f"machine: {os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}\n")
    print("| set | articles | stories | copies | words | analyze s | articles/s | bare spaCy s | ratio | "
          "CPU s analyze / bare | peak MB | worker process MB | peak MB all processes (PSS) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = []
    for name in args.sets.split(","):
        out, pss = run_sampled([sys.executable, __file__, "--child", name])
        if out.returncode != 0:
            print(f"| {name} | failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode} |")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["total_pss_mb"] = pss
        rows.append(r)
        print(f"| {r['set']} | {r['articles']} | {r['stories']} | {r['copies']} | {r['words']} | "
              f"{r['analyze_s']:.1f} | {r['articles'] / r['analyze_s']:.2f} | {r['spacy_s']:.1f} | "
              f"{r['analyze_s'] / r['spacy_s']:.2f}× | {r['analyze_cpu_s']:.0f} / {r['spacy_cpu_s']:.0f} | "
              f"{r['peak_mb']:.0f} | "
              f"{r['parse_mb']:.0f} × {r['parse_processes']} | "
              f"{f'{pss:.0f}' if pss else 'n/a'} |", flush=True)
    scaled = {r["set"]: r for r in rows if r["set"].startswith("N")}
    if len(scaled) >= 2:
        (small, a), (large, b) = sorted(scaled.items(), key=lambda kv: kv[1]["articles"])[:2]
        growth = (b["analyze_s"] / a["analyze_s"]) / (b["articles"] / a["articles"])
        print(f"\ntime growth {small} -> {large}: {growth:.2f}× linear")
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
