"""Canonical URLs: one article, one address, however a feed or a reader wrote it.

Lower-case scheme and host, no default port, no fragment, no user info, no
tracking parameters (``utm_*``, ``fbclid``, ...), the other query parameters
kept in their order, percent-escapes in a single form, an empty path as ``/``.
Only ``http`` and ``https`` URLs are fetched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Parameters that say who sent the reader, never which page is meant.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_hsenc|_hsmi|"
    r"mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt_mc|wt\.mc_id|ocid|cmpid|at_medium|at_campaign|"
    r"ns_source|ns_mchannel|ns_campaign|ns_linkname|ns_fee|sr_share|s_cid|rss|ref_src|smid|smtyp)$",
    re.IGNORECASE,
)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


class BadURL(ValueError):
    """A string that is not an http(s) URL newsweave can fetch; the message says why."""


def is_url(text: str) -> bool:
    """Whether `text` is written as a URL (``scheme://...``) rather than a file path; `canonical_url` says if it is usable."""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", text.strip(), re.IGNORECASE))


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` when relative); `BadURL` when it is not http(s)."""
    text = url.strip()
    if base:
        text = urljoin(base, text)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BadURL(f"not an http(s) URL: {url[:200]!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadURL(f"no host in URL: {url[:200]!r}")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        raise BadURL(f"bad host name in URL: {url[:200]!r}") from None
    try:
        port = parts.port
    except ValueError:
        raise BadURL(f"bad port in URL: {url[:200]!r}") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = parts.path
    if "/." in path:  # dot segments resolved as a browser does
        path = urlsplit(urljoin("http://h/", path)).path
    path = quote(unquote(path), safe=_SAFE_PATH) or "/"
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _clean_query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;-._~")


def host_of(url: str) -> str:
    """The host (and port, when not the default) that `url` is fetched from: the unit of politeness."""
    return urlsplit(url).netloc.lower()


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of `url`: where its robots.txt lives."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
