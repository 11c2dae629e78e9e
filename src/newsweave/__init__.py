"""newsweave: turn a pile of news articles into stories people can trust.

The public API is `analyze()`, `summarize()` and `check()` (see `newsweave.api`).
"""

# The stage modules `newsweave.summarize` and `newsweave.check` share their names with API functions.
# Importing the pipeline first loads that module (which sets the package
# attribute); binding the function afterwards makes `newsweave.summarize` the
# function for good, since an already-loaded module is not bound again.
import newsweave.pipeline  # noqa: F401  (must come before the binding below)
import newsweave.check  # noqa: F401  (likewise)
from newsweave.api import analyze, check, summarize

__all__ = ["analyze", "check", "summarize"]
__version__ = "0.1.0"
