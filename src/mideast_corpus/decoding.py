"""Turn file bytes into text without silent mojibake.

UTF-8 (with or without BOM) and UTF-16 with BOM are detected; any other
encoding must be named by the user. Undecodable bytes raise
:class:`~mideast_corpus.errors.CorpusDecodeError` naming the file and byte
offset, unless the user asks for ``errors="replace"``, in which case the number
of replaced bytes is returned so the loader can record it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import CorpusDecodeError, CorpusInputError

__all__ = ["Decoded", "bom_codec", "check_errors", "decode_bytes", "looks_binary", "looks_like_html"]

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_codec(head: bytes) -> str | None:
    """The codec a file's byte-order mark names (``head``: its first four bytes or more), or None.

    Examples
    --------
    >>> bom_codec("Raqqa".encode("utf-16-le")), bom_codec(codecs.BOM_UTF8 + b"Raqqa")
    (None, 'utf-8-sig')
    """
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


# Control bytes that do not occur in text files (tab, newline, CR, form feed excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass(frozen=True)
class Decoded:
    """Result of :func:`decode_bytes`."""

    text: str
    encoding: str
    had_bom: bool
    replaced: int


def looks_binary(data: bytes) -> str | None:
    """Return why ``data`` looks like a binary file, or ``None`` if it looks like text.

    A file is binary if it has a NUL byte (and no UTF-16/UTF-32 BOM), or if
    more than 5% of its first 8 KB are control bytes. Text in UTF-16 without a
    BOM (every other byte NUL) is named as such, with the ``encoding=`` to pass.
    The reason ends with what to do.

    Examples
    --------
    >>> looks_binary(b"plain text")
    >>> looks_binary(b"PK\\x03\\x04\\x00\\x00")  # doctest: +ELLIPSIS
    'contains NUL bytes (first at byte 4): binary file, not text; ...'
    >>> looks_binary("Raqqa".encode("utf-16-le"))  # doctest: +ELLIPSIS
    "looks like UTF-16-LE text without a byte-order mark; pass encoding='utf-16-le'..."
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return (f"looks like {utf16.upper()} text without a byte-order mark; pass encoding={utf16!r} "
                    "to load it")
        return (f"contains NUL bytes (first at byte {nul}): binary file, not text; convert it to text "
                "or move it out of the corpus folder")
    head = data[:8192]
    if head:
        controls = sum(head.count(bytes([b])) for b in _CONTROL)
        if controls / len(head) > 0.05:
            return (f"{controls} control bytes in the first {len(head)} bytes: binary file, not text; "
                    "convert it to text or move it out of the corpus folder")
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` if ``data`` reads as mostly-ASCII UTF-16 without a BOM."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.05 * len(other):
            try:
                data.decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


# Tags of web pages, not of prose: a news text quoting "<b>" once is not HTML, a saved page has dozens.
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|span|p|a\s+href|script|style|meta|link|br|li|ul|ol|table|tr|td|"
    r"h[1-6]|img|article|section|nav|header|footer|iframe|form)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3


def looks_like_html(text: str) -> tuple[int, str] | None:
    """Return ``(tag count, reason)`` if ``text`` looks like an HTML page rather than article text.

    With ``repair=True`` the loader turns such text into plain text with
    :func:`~mideast_corpus.markup.strip_html` (scripts, styles, navigation and
    forms dropped; only the ``<article>`` kept when there is one), a
    ``repaired`` row with step ``strip_html``; with ``repair=False`` it keeps
    the page and records a ``warning`` row with step ``looks_like_html``.
    Text is flagged when it starts with ``<!DOCTYPE html``/``<html`` or holds
    at least three HTML tags.

    Examples
    --------
    >>> looks_like_html("<html><body><p>ISIS fled.</p></body></html>")[0]
    3
    >>> looks_like_html("He wrote <b> and left.") is None
    True
    """
    if "<" not in text:
        return None
    head = text[:4096].lstrip().lower()
    count = 0
    examples: list[str] = []
    for match in _HTML_TAG.finditer(text):
        count += 1
        if len(examples) < 3:
            tag = match.group()
            examples.append(tag if len(tag) <= 20 else tag[:17] + "...")
    if count >= _HTML_MIN_TAGS or (count and head.startswith(("<!doctype html", "<html"))):
        return count, (f"looks like HTML ({count} tags, e.g. {', '.join(examples)}): loaded as is, markup "
                       "included (repair=False); load with repair=True to keep only its text, or extract the "
                       "article text first (e.g. with trafilatura)")
    return None


def check_errors(errors: str) -> None:
    """Refuse an ``errors=`` other than ``"strict"`` (stop at bytes that do not decode) or ``"replace"``.

    Examples
    --------
    >>> check_errors("ignore")
    Traceback (most recent call last):
    ...
    mideast_corpus.errors.CorpusInputError: errors='ignore': use 'strict' (stop at undecodable bytes) or 'replace'
    """
    if errors not in ("strict", "replace"):
        raise CorpusInputError(f"errors={errors!r}: use 'strict' (stop at undecodable bytes) or 'replace'")


def decode_bytes(data: bytes, *, name: str, encoding: str | None = None, errors: str = "strict") -> Decoded:
    """Decode ``data`` read from ``name``.

    Parameters
    ----------
    data : bytes
        The raw bytes.
    name : str
        File name (or other label) used in error messages.
    encoding : str, optional
        Codec to use. ``None`` detects a BOM and otherwise requires UTF-8.
    errors : {"strict", "replace"}
        ``"replace"`` puts U+FFFD in place of undecodable bytes and counts them.

    Returns
    -------
    Decoded

    Raises
    ------
    CorpusDecodeError
        When bytes cannot be decoded and ``errors="strict"``.

    Examples
    --------
    >>> decode_bytes("Raqqa".encode("utf-16"), name="a.txt").text
    'Raqqa'
    >>> decode_bytes(b"caf\\xe9", name="b.txt", errors="replace").replaced
    1
    """
    check_errors(errors)
    had_bom = False
    codec = encoding
    if codec is None:
        found = bom_codec(data)
        codec, had_bom = found or "utf-8", found is not None
    try:
        info = codecs.lookup(codec)
    except LookupError as exc:
        raise CorpusDecodeError(f"{name}: unknown encoding {codec!r}; use a Python codec name such as "
                                "'utf-8', 'cp1252' or 'latin-1'") from exc
    if not getattr(info, "_is_text_encoding", True):
        raise CorpusDecodeError(f"{name}: {codec!r} is not a text encoding; use a Python codec name such as "
                                "'utf-8', 'cp1252' or 'latin-1'")
    try:
        return Decoded(data.decode(codec), codec, had_bom, 0)
    except UnicodeDecodeError as exc:
        if errors == "strict":
            bad = data[exc.start:exc.start + 4].hex(" ")
            if had_bom:
                hint = f"the file starts with a {codec} byte-order mark but is damaged; repair or re-export it"
            elif encoding is None:
                hint = "name the encoding (encoding='cp1252' or 'latin-1' for Western European files)"
            else:
                hint = "check the encoding you named"
            raise CorpusDecodeError(
                f"{name}: byte offset {exc.start}: bytes {bad} are not valid {codec} ({exc.reason}); "
                f"{hint}, or pass errors='replace' to load it with U+FFFD replacements recorded "
                "in the load report"
            ) from exc
    text = data.decode(codec, errors="replace")
    clean = data.decode(codec, errors="ignore")
    return Decoded(text, codec, had_bom, len(text) - len(clean))
