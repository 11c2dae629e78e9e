"""newsweave: turn a pile of news articles into stories people can trust.

The public API is `analyze()` and `summarize()` (see `newsweave.api`).
"""

from newsweave.api import analyze, summarize

__all__ = ["analyze", "summarize"]
__version__ = "0.1.0"
