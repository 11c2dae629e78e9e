"""Text from the outside world made safe to print on a terminal, one line per message.

File names and reasons that quote input may hold anything a file system or an
attacker allows: a newline (which would start a forged line of output), escape
sequences (which a terminal obeys), direction overrides, and bytes that are not
valid UTF-8 (Python keeps them as surrogate escapes, which no UTF-8 stream
can write). `shown` writes each of those as a visible escape instead.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control, format (bidi overrides, zero-width), line/paragraph separators, surrogates, unassigned.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def shown(text: object) -> str:
    """`text` with every character that could break or spoof a line of output written as an escape.

    An undecodable byte of a file name (surrogate-escaped by the OS layer) shows
    as ``\\xNN``, the byte itself; other unsafe characters as ``\\n``, ``\\xNN``
    or ``\\uNNNN``. Ordinary text, accented letters and other scripts included, is unchanged.
    """
    value = str(text)
    if value.isprintable() and value.isascii():
        return value
    return "".join(_escape(ch) if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in value)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system gave that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
