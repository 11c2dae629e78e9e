"""newsweave: turn a pile of news articles into stories people can trust.

The public API is `analyze()`, `summarize()` and `check()` (see `newsweave.api`).
"""

from newsweave.api import analyze, check, summarize

__all__ = ["analyze", "check", "summarize"]
__version__ = "0.1.0"
