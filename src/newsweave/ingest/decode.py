"""Bytes to text: byte-order marks, declared charsets, UTF-8, then detection.

charset-normalizer does the detection, but on short Western texts it often
picks the wrong code page (cp1250 for cp1252: "naïve" comes out "naďve", or an
Arabic one for a two-word latin-1 line). So before asking it, cp1252 is tried:
when it decodes the bytes into letters that are mostly ASCII with a few
accented ones, the text is Western and cp1252 is right, as in browsers
(WHATWG maps latin-1 and unlabelled Western pages to windows-1252). Text in
other scripts decodes under cp1252 into runs of accented letters, fails that
test and keeps the detector's choice.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from newsweave.ingest.common import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Leading bytes of common binary formats, to name them in the rejection reason.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"RIFF", "RIFF media"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# Western text has a few accented letters among many ASCII ones; Cyrillic or Greek
# bytes read as cp1252 come out nearly all accented.
_MAX_ACCENTED_SHARE = 0.3
_CONTROL_SHARE = 0.01  # more control characters than this in decoded text means it was never text


def binary_kind(data: bytes) -> str | None:
    """The name of the binary format `data` starts with, or None when it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of `data`, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


# UTF-16 of text in Latin script has a NUL in nearly every other byte: the high
# byte of each ASCII character. A share this high on one side, and almost none on
# the other, is UTF-16 (a binary format has NULs on both sides).
_UTF16_NUL_SHARE = 0.3
_UTF16_OTHER_SIDE = 0.02


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `data` reads as UTF-16 text without a byte-order mark, else None.

    Decided on the first 8 kB from where its NUL bytes fall (every odd byte for
    little-endian text of Latin script, every even byte for big-endian), then
    confirmed by decoding them strictly.
    """
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    half = len(head) // 2
    even, odd = head[0::2].count(0) / half, head[1::2].count(0) / half
    for encoding, nul_side, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nul_side >= _UTF16_NUL_SHARE and other <= _UTF16_OTHER_SIDE:
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                # the 8 kB cut may split a surrogate pair; one more pair of bytes settles it
                try:
                    data[: len(head) + 2].decode(encoding)
                except UnicodeDecodeError:
                    return None
            return encoding
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML `<meta>` or XML declaration names in the first 4 kB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        label = "cp1252"  # WHATWG: these labels mean windows-1252 on the web
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: bool = False, hint: str | None = None) -> str:
    """The text in `data` with line breaks normalised to ``\\n``.

    Order: byte-order mark (or UTF-16 recognised without one), then `hint` (an HTTP header's charset), then
    (with `declared`) the charset the markup declares, then strict UTF-8, then charset-normalizer's guess. Raises
    `IngestError` for binary or undecodable data.
    """
    kind = binary_kind(data)
    if kind:
        raise IngestError(f"binary file ({kind})")
    encoding = bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        encoding = utf16_without_bom(data)
        if encoding is None:
            raise IngestError("binary file (NUL bytes)")
    text = _try_decode(data, encoding) if encoding else None
    if text is None and hint:
        text = _try_decode(data, hint)
    if text is None and declared:
        found = declared_encoding(data)
        text = _try_decode(data, found) if found else None
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None:
        text = _western(data)
    if text is None:
        text = _detect(data)
    if _control_share(text) > _CONTROL_SHARE:
        raise IngestError("binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode_http(data: bytes, content_type: str | None) -> str:
    """An HTTP body as text, its Content-Type's charset taken as the hint.

    Servers often label UTF-8 pages with a single-byte charset (ISO-8859-1 by
    default); a body that is valid UTF-8 with non-ASCII bytes in it is read as
    UTF-8 then, since such byte runs almost never occur in single-byte text.
    """
    match = _HTTP_CHARSET.search(content_type or "")
    hint = match.group(1) if match else None
    if hint and not hint.lower().replace("-", "").startswith("utf") and not data.isascii() \
            and _try_decode(data, "utf-8") is not None:
        hint = "utf-8"
    return decode_bytes(data, declared=True, hint=hint)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text.removeprefix("\ufeff")


def _detect(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError("undecodable text (no character encoding fits)")
    return str(best)


def _western(data: bytes) -> str | None:
    text = _try_decode(data, "cp1252")
    if text is None:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return text
    accented = sum(1 for ch in letters if not ch.isascii())
    return text if accented / len(letters) <= _MAX_ACCENTED_SHARE else None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls / len(sample)
