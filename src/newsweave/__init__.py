"""newsweave: turn a pile of news articles into stories people can trust.

The public API is `analyze()` and `summarize()` (see `newsweave.api`).
"""

# The stage module `newsweave.summarize` shares its name with the API function.
# Importing the pipeline first loads that module (which sets the package
# attribute); binding the function afterwards makes `newsweave.summarize` the
# function for good, since an already-loaded module is not bound again.
import newsweave.pipeline  # noqa: F401  (must come before the binding below)
from newsweave.api import analyze, summarize

__all__ = ["analyze", "summarize"]
__version__ = "0.1.0"
