"""The command line: parses arguments, builds `Settings`, dispatches. No analysis here."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, Sequence

from newsweave.display import shown
from newsweave.model import Result, Settings

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="newsweave", description="Turn news articles into traceable stories.")
    sub = parser.add_subparsers(dest="command", required=True)

    a = sub.add_parser("analyze", help="analyse articles into stories (JSON, Markdown, HTML)")
    a.set_defaults(usage=a.format_usage)
    a.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    a.add_argument("-o", "--output", metavar="OUT.json", help="write the JSON here (default: stdout)")
    a.add_argument("--html", metavar="OUT.html", help="also write a self-contained HTML report")
    a.add_argument("--md", metavar="OUT.md", help="also write a Markdown report")
    a.add_argument("--single-story", action="store_true", help="treat all inputs as one story")
    a.add_argument("--summary-words", type=_positive_int, default=100, metavar="N", help="summary length in words")
    a.add_argument("--workers", type=_positive_int, nargs="?", const=0, default=None, metavar="N",
                   help="run on a local Dask cluster of N processes (default N: one per core)")
    a.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask cluster")
    a.add_argument("--out-dir", metavar="DIR", help="write one JSON file per story and an index.jsonl here")
    a.add_argument("--db", metavar="NEWS.db", help="export a story from this store instead of analysing PATHs")
    a.add_argument("--story", metavar="ID", help="with --db: the story to export (see `newsweave stories`)")

    s = sub.add_parser("summarize", help="print the summary of all inputs taken as one story")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--words", type=_positive_int, default=100, metavar="N")

    i = sub.add_parser("ingest", help="add articles to a store, group them into stories, keep analyses current")
    i.add_argument("paths", nargs="+", metavar="URL|PATH", help="files, folders, or URLs of pages and feeds")
    i.add_argument("--db", required=True, metavar="NEWS.db", help="the store (created when missing)")
    i.add_argument("--summary-words", type=_positive_int, default=100, metavar="N", help="summary length in words")
    i.add_argument("--user-agent", metavar="TEXT", help="User-Agent for fetching URLs")
    i.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                   help="seconds between requests to one host when fetching URLs (default 1)")

    wt = sub.add_parser("watch", help="poll feeds and pages, add new articles to a store, keep the pages in WARC")
    wt.add_argument("sources", metavar="SOURCES", help="a file of feed and page URLs (one a line, # comments) or OPML")
    wt.add_argument("--db", required=True, metavar="NEWS.db", help="the store (created when missing)")
    wt.add_argument("--every", default="10m", metavar="INTERVAL", help="time between rounds: 30s, 10m, 1h (default 10m)")
    wt.add_argument("--once", action="store_true", help="run one round and stop")
    wt.add_argument("--summary-words", type=_positive_int, default=100, metavar="N", help="summary length in words")
    wt.add_argument("--user-agent", metavar="TEXT", help="User-Agent sent with every request")
    wt.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                    help="seconds between requests to one host (default 1; robots.txt may ask for more)")

    t = sub.add_parser("stories", help="list the stories of a store")
    t.add_argument("--db", required=True, metavar="NEWS.db", help="the store")
    t.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")

    c = sub.add_parser("check", help="the stance of each article on a claim, with the evidence sentences")
    c.add_argument("claim", metavar="CLAIM", help="the statement to check, in quotes")
    c.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    c.add_argument("--json", action="store_true", help="the contract's JSON object instead of a table")

    w = sub.add_parser("serve", help="run the local web app (story list, story pages, upload, JSON API)")
    w.add_argument("--db", required=True, metavar="NEWS.db", help="the store (created when missing)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    w.add_argument("--port", type=_port, default=8000, metavar="N", help="port (default: 8000)")
    w.add_argument("--token", metavar="TOKEN", default=None,
                   help="required by every request (default: $NEWSWEAVE_TOKEN); needed for any --host but loopback")
    return parser


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {value}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsweave` command; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    # Libraries (trafilatura, htmldate, warcio) log warnings about malformed input that the
    # run already reports as rejections; only errors get through, on one line each.
    logging.basicConfig(level=logging.ERROR, format="newsweave: %(name)s: %(message)s")
    try:
        if args.command == "analyze":
            return _analyze(args, parser)
        if args.command == "summarize":
            return _summarize(args)
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "stories":
            return _stories(args)
        if args.command == "watch":
            return _watch(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "check":
            return _check(args)
    except KeyboardInterrupt:
        print("newsweave: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"newsweave: error: {exc.strerror or exc}: {shown(exc.filename or '')}".rstrip(": "), file=sys.stderr)
        return EXIT_NOTHING
    except Exception as exc:  # the contract: one line, never a traceback (NEWSWEAVE_DEBUG=1 shows it)
        if os.environ.get("NEWSWEAVE_DEBUG"):
            raise
        detail = shown(" ".join(str(exc).split())[:200])
        print(f"newsweave: error: {type(exc).__name__}: {detail}".rstrip(": "), file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_USAGE


def _run(paths: Sequence[str], settings: Settings) -> Result:
    from newsweave.api import shared_models
    from newsweave.pipeline import no_progress, run

    progress = _progress_bar() if sys.stderr.isatty() else no_progress
    if settings.workers is not None or settings.scheduler:
        result = _run_on_dask(paths, settings, progress)
    else:
        result = run(list(paths), shared_models(), settings, progress)
    warn_rejected(result.rejected)
    return result


def warn_rejected(rejected) -> None:
    """One warning line on stderr per rejected input, its name and reason escaped (`display.shown`)."""
    for rej in rejected:
        print(f"newsweave: warning: skipped {shown(rej.path)}: {shown(rej.reason)}", file=sys.stderr)


def _run_on_dask(paths: Sequence[str], settings: Settings, progress) -> Result:
    from newsweave.api import shared_models
    from newsweave.scale import local_client, remote_client, run_on_cluster

    client = remote_client(settings.scheduler) if settings.scheduler else local_client(settings.workers or None)
    try:
        return run_on_cluster(list(paths), client, shared_models(), settings, progress=progress)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not settings.scheduler:
            cluster.close()


def _progress_bar():
    """A tqdm bar on stderr that follows the pipeline's progress calls."""
    from tqdm import tqdm

    bar = tqdm(total=None, unit="step", file=sys.stderr, leave=False)

    def update(stage: str, n: int) -> None:
        bar.set_description(stage)
        bar.update(1)

    return update


def _analyze(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsweave import report

    if args.db or args.story:
        return _analyze_db(args, parser)
    if not args.paths:
        print(args.usage(), end="", file=sys.stderr)
        print("newsweave analyze: error: give at least one PATH", file=sys.stderr)
        return EXIT_USAGE
    if _has_empty_path(args.paths, "analyze"):
        return EXIT_USAGE
    settings = Settings(single_story=args.single_story, summary_words=args.summary_words,
                        workers=args.workers, scheduler=args.scheduler)
    result = _run(args.paths, settings)
    if args.out_dir:
        report.write_story_files(result, args.out_dir)
    if args.output:
        report.write_json(result, args.output)
    elif not args.out_dir:
        sys.stdout.write(report.to_json(result) + "\n")
    if args.md:
        report.write_markdown(result, args.md)
    if args.html:
        report.write_html(result, args.html)
    if not result.articles:
        print("newsweave: error: no article could be analysed", file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_OK


def _summarize(args: argparse.Namespace) -> int:
    settings = Settings(single_story=True, summary_words=args.words)
    result = _run(args.paths, settings)
    if not result.stories:
        print("newsweave: error: no article could be analysed", file=sys.stderr)
        return EXIT_NOTHING
    for sentence in result.stories[0].summary:
        print(sentence.text)
    return EXIT_OK


def _has_empty_path(paths: Sequence[str], command: str) -> bool:
    """True (after printing a usage error) when a PATH is empty: "" would otherwise mean the current folder."""
    if all(p.strip() for p in paths):
        return False
    print(f"usage: newsweave {command} PATH [PATH ...]", file=sys.stderr)
    print(f"newsweave {command}: error: an empty PATH (give a file or folder; '.' for the current folder)",
          file=sys.stderr)
    return True


def _check(args: argparse.Namespace) -> int:
    from newsweave.api import shared_models
    from newsweave.claim_check import check, render_table, valid_claim

    try:
        valid_claim(args.claim)
    except ValueError as exc:
        print(f"newsweave: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if _has_empty_path(args.paths, "check"):
        return EXIT_USAGE
    result = check(args.claim, args.paths, shared_models())
    warn_rejected(result.rejected)
    if not result.stances:
        print("newsweave: error: no article could be read", file=sys.stderr)
        return EXIT_NOTHING
    if args.json:
        import json

        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_table(result))
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from newsweave.api import shared_models
    from newsweave.fetch import is_url
    from newsweave.store import Store

    if _has_empty_path(args.paths, "ingest"):
        return EXIT_USAGE
    settings = Settings(summary_words=args.summary_words)
    urls = [p for p in args.paths if is_url(p)]
    paths = [p for p in args.paths if not is_url(p)]
    with Store(args.db) as store:
        if urls:
            fetched = _fetch_urls(args, store, urls, settings)
            if not paths:
                return fetched
        report_ = store.ingest(paths, shared_models(), settings)
        total = store.counts()
    warn_rejected(report_.rejected)
    print(f"added {report_.added} articles, skipped {report_.skipped} already stored, "
          f"rejected {len(report_.rejected)}; {len(report_.stories_updated)} stories updated; "
          f"store: {total['articles']} articles in {total['stories']} stories", file=sys.stderr)
    if report_.added == 0 and report_.skipped == 0 and total["articles"] == 0:
        print("newsweave: error: no article could be read", file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_OK


def _fetch_settings(args: argparse.Namespace):
    from newsweave.fetch import FetchSettings

    fields = {"user_agent": args.user_agent} if getattr(args, "user_agent", None) else {}
    if getattr(args, "delay", None) is not None:
        fields["host_delay"] = max(args.delay, 0.0)
    return FetchSettings(**fields)


def _fetch_progress():
    """A tqdm bar on stderr over the pages of a round, when stderr is a terminal; else nothing."""
    if not sys.stderr.isatty():
        return lambda stage, done, total: None
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None or bar.total != total or done < bar.n:
            if bar is not None:
                bar.close()
            bar = bars[stage] = tqdm(total=total, desc=f"fetching {stage}", unit="url", file=sys.stderr, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bars.pop(stage, None)

    return update


def _print_round(report_) -> None:
    for err in report_.errors:
        print(f"newsweave: warning: {err.url}: {err.reason}", file=sys.stderr)
    print(report_.summary(), file=sys.stderr, flush=True)


def _fetch_urls(args: argparse.Namespace, store, urls: list[str], settings: Settings) -> int:
    """`ingest URL...`: one round over the URLs (feeds: the pages they list), kept as WARC evidence."""
    from newsweave.api import shared_models
    from newsweave.fetch import BadURL, Watcher, canonical_url

    try:
        sources = [canonical_url(u) for u in urls]
    except BadURL as exc:
        print(f"newsweave: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with Watcher(args.db, store, shared_models(), settings, _fetch_settings(args), progress=_fetch_progress()) as watcher:
        report_ = watcher.run_round(sources)
    _print_round(report_)
    return EXIT_OK if report_.added or report_.skipped or report_.unchanged else EXIT_NOTHING


def _watch(args: argparse.Namespace) -> int:
    from newsweave.api import shared_models
    from newsweave.fetch import SourcesError, SourcesFile, Watcher, parse_interval, watch
    from newsweave.store import Store

    try:
        every = parse_interval(args.every)
        sources = SourcesFile(args.sources, lambda text: print(f"newsweave: warning: {text}", file=sys.stderr))
    except (ValueError, SourcesError) as exc:
        print(f"newsweave: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if every < 60 and not args.once:
        print(f"newsweave: warning: polling every {every:g} s; news sites are usually polled every few minutes",
              file=sys.stderr)
    settings = Settings(summary_words=args.summary_words)

    def failed(exc: Exception) -> None:
        print(f"newsweave: error: round failed: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
              file=sys.stderr)

    reports: list[Any] = []

    def report(round_report) -> None:
        reports[:] = [round_report]
        _print_round(round_report)

    with Store(args.db) as store, Watcher(args.db, store, shared_models(), settings, _fetch_settings(args),
                                          progress=_fetch_progress()) as watcher:
        watch(sources, watcher, every, args.once, report, failed=failed)
    last_round = reports[0] if reports else None
    if last_round is not None and last_round.errors and not (last_round.fetched or last_round.unchanged):
        return EXIT_NOTHING  # --once and no source answered: a cron job should hear of it
    return EXIT_OK


def _stories(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from newsweave.store import Store

    if not Path(args.db).is_file():
        print(f"newsweave: error: no such store: {args.db}", file=sys.stderr)
        return EXIT_NOTHING
    with Store(args.db) as store:
        infos = store.list_stories()
    for info in infos:
        if args.json:
            print(json.dumps({"id": info.id, "title": info.title, "size": info.size, "first_date": info.first_date,
                              "last_date": info.last_date, "top_entities": list(info.top_entities)},
                             ensure_ascii=False))
        else:
            span = f"{info.first_date or '?'}..{info.last_date or '?'}"
            print(f"{info.id}\t{info.size}\t{span}\t{shown(info.title)}\t{shown(', '.join(info.top_entities))}")
    return EXIT_OK if infos else EXIT_NOTHING


def _analyze_db(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pathlib import Path

    from newsweave import report
    from newsweave.store import Store

    if not (args.db and args.story) or args.paths:
        parser.print_usage(sys.stderr)
        print("newsweave analyze: error: --db and --story go together, without PATHs", file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.db).is_file():
        print(f"newsweave: error: no such store: {args.db}", file=sys.stderr)
        return EXIT_NOTHING
    with Store(args.db) as store:
        result = store.story_result(args.story)
    if result is None:
        print(f"newsweave: error: no story {args.story} in {args.db}", file=sys.stderr)
        return EXIT_NOTHING
    if args.output:
        report.write_json(result, args.output)
    else:
        sys.stdout.write(report.to_json(result) + "\n")
    if args.md:
        report.write_markdown(result, args.md)
    if args.html:
        report.write_html(result, args.html)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newsweave.api import shared_models
    from newsweave.web import create_app, is_loopback

    token = args.token or os.environ.get("NEWSWEAVE_TOKEN") or None
    if not is_loopback(args.host):
        if not token:
            print(f"newsweave serve: error: serving on {shown(args.host)} needs a token"
                  " (--token TOKEN or NEWSWEAVE_TOKEN)", file=sys.stderr)
            return EXIT_USAGE
        print(f"newsweave: warning: serving on {shown(args.host)}: other machines can reach this app"
              " (with the token)", file=sys.stderr)
    app = create_app(args.db, models=shared_models, host=args.host, token=token)
    from newsweave.web.app import SWITCH_INTERVAL

    sys.setswitchinterval(SWITCH_INTERVAL)  # requests get the GIL back quickly while an upload ingests
    print(f"newsweave: serving {args.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
