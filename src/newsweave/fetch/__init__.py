"""Following the news as it happens: fetch feeds and pages politely, keep the evidence, watch in rounds.

- `urls`: canonical URLs (one article, one address);
- `fetcher`: the HTTP fetcher (httpx): robots.txt, per-host delay and
  concurrency, timeouts, size cap, gzip, redirects, retries, conditional GET;
- `robots`: robots.txt rules per site;
- `sources`, `feeds`: what to watch (a URL list or OPML) and the entries of a feed;
- `evidence`: every exchange written to a WARC file beside the store;
- `state`: the watch's own tables in the store's SQLite file;
- `watch`: the rounds (`Watcher.run_round`) and the loop.

Core code: nothing here imports the command line, the API or the web app.
"""

from newsweave.fetch.fetcher import Fetcher, FetchResult, FetchSettings
from newsweave.fetch.sources import SourcesError, SourcesFile, read_sources
from newsweave.fetch.urls import BadURL, canonical_url, is_url
from newsweave.fetch.watch import RoundReport, Watcher, parse_interval, watch

__all__ = ["BadURL", "FetchResult", "FetchSettings", "Fetcher", "RoundReport", "SourcesError", "SourcesFile", "Watcher",
           "canonical_url", "is_url", "parse_interval", "read_sources", "watch"]
