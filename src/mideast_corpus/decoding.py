"""Turn file bytes into text without silent mojibake.

UTF-8 (with or without BOM) and UTF-16 with BOM are detected; any other
encoding must be named by the user. Undecodable bytes raise
:class:`~mideast_corpus.errors.CorpusDecodeError` naming the file and byte
offset, unless the user asks for ``errors="replace"``, in which case the number
of replaced bytes is returned so the loader can record it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .errors import CorpusDecodeError

__all__ = ["Decoded", "decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
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

    A file is binary if it has a NUL byte (and no UTF-16 BOM), or if more than
    5% of its first 8 KB are control bytes.

    Examples
    --------
    >>> looks_binary(b"plain text")
    >>> looks_binary(b"PK\\x03\\x04\\x00\\x00")
    'contains NUL bytes (first at byte 4): binary file, not text'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"contains NUL bytes (first at byte {nul}): binary file, not text"
    head = data[:8192]
    if head:
        controls = sum(head.count(bytes([b])) for b in _CONTROL)
        if controls / len(head) > 0.05:
            return f"{controls} control bytes in the first {len(head)} bytes: binary file, not text"
    return None


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
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    had_bom = False
    codec = encoding
    if codec is None:
        codec = "utf-8"
        for bom, bom_codec in _BOMS:
            if data.startswith(bom):
                codec, had_bom = bom_codec, True
                break
    try:
        codecs.lookup(codec)
    except LookupError as exc:
        raise CorpusDecodeError(f"{name}: unknown encoding {codec!r}; use a Python codec name such as "
                                "'utf-8', 'cp1252' or 'latin-1'") from exc
    try:
        return Decoded(data.decode(codec), codec, had_bom, 0)
    except UnicodeDecodeError as exc:
        if errors == "strict":
            bad = data[exc.start:exc.start + 4].hex(" ")
            hint = (
                "name the encoding (encoding='cp1252' or 'latin-1' for Western European files)"
                if encoding is None else "check the encoding you named"
            )
            raise CorpusDecodeError(
                f"{name}: byte offset {exc.start}: bytes {bad} are not valid {codec} ({exc.reason}); "
                f"{hint}, or pass errors='replace' to load it with U+FFFD replacements recorded "
                "in the load report"
            ) from exc
    text = data.decode(codec, errors="replace")
    clean = data.decode(codec, errors="ignore")
    return Decoded(text, codec, had_bom, len(text) - len(clean))
