"""Letters of other scripts that look like Latin ones: folded inside Latin words, and reported.

A Cyrillic ``І`` (U+0406) inside "ISIS" looks the same on screen but is another character: the actor
dictionary does not find "ІSIS" and the mention is lost without a sign. Such letters come from
copy-paste, OCR and deliberate filter evasion. The look-alike letters are reviewed data
(``data/confusables.csv``, from Unicode's confusables list; see its README).

* :func:`fold_confusables` is a repair step of :func:`~mideast_corpus.cleaning.repair_text`: in a word
  that mixes Latin letters with look-alike letters and holds no other letter, each look-alike becomes
  its Latin letter ("ІSIS" -> "ISIS"); one ``repaired`` row per document lists the words. A word wholly
  in Cyrillic or Greek is never changed: it is a word of that language ("ТАК"), or one a reader should
  judge.
* :func:`find_confusables` lists, for a corpus, every word that holds a look-alike letter and would
  read as Latin: the ``mixed`` ones (folded by the repair) and the ``lookalike`` ones made only of
  look-alike letters (left as they are).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

from .provenance import attach_provenance

if TYPE_CHECKING:
    from .corpus import Corpus

__all__ = ["find_confusables", "fold_confusables"]

_WORD = re.compile(r"[^\W\d_]+")
CONFUSABLE_COLUMNS = ["doc_id", "word", "latin", "kind", "count"]


@functools.cache
def _letters() -> dict[str, str]:
    """``{look-alike letter: Latin letter}`` from ``data/confusables.csv``."""
    text = (resources.files("mideast_corpus") / "data" / "confusables.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(line for line in text.splitlines(keepends=True)
                                              if not line.startswith("#"))))
    return {row["char"]: row["latin"] for row in rows}


@functools.cache
def _any_letter() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(_letters()))) + "]")


@functools.cache
def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _reading(word: str) -> tuple[str, str] | None:
    """``(Latin reading, "mixed" or "lookalike")`` of a word holding a look-alike letter, else None."""
    letters = _letters()
    if not any(c in letters for c in word):
        return None
    others = [c for c in word if c not in letters]
    if not all(_is_latin(c) for c in others):
        return None  # a letter of the other script with no Latin look-alike: a word of that script
    return "".join(letters.get(c, c) for c in word), ("mixed" if others else "lookalike")


def fold_confusables(text: str, title: str | None = None) -> tuple[str, int, str]:
    """Fold look-alike Cyrillic and Greek letters inside Latin words (a repair step).

    Returns ``(new text, words changed, detail)``.

    Examples
    --------
    >>> fold_confusables("Fighters of \\u0406SIS left Raqqa; \\u0422\\u0410\\u041a stays.")[:2]
    ('Fighters of ISIS left Raqqa; ТАК stays.', 1)
    """
    if text.isascii() or not _any_letter().search(text):
        return text, 0, ""
    changed: list[str] = []

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        reading = _reading(word)
        if reading is None or reading[1] != "mixed":
            return word
        changed.append(f"{word!r} -> {reading[0]!r}")
        return reading[0]

    new = _WORD.sub(fold, text)
    if not changed:
        return text, 0, ""
    shown = ", ".join(dict.fromkeys(changed))
    return new, len(changed), (f"look-alike Cyrillic/Greek letters folded to Latin in {len(changed)} "
                                 f"word{'s' if len(changed) != 1 else ''}: {shown}")


def find_confusables(corpus: Corpus, *, raw: bool = False) -> pd.DataFrame:
    """List the words of ``corpus`` that hold a letter of another script looking like a Latin one.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    raw : bool, default False
        Read ``corpus.raw`` (the text before repair) instead of ``docs.text``
        (the text the analyses read).

    Returns
    -------
    pandas.DataFrame
        One row per document and word: ``doc_id``, ``word`` (as written),
        ``latin`` (how it reads), ``kind`` (``"mixed"``: Latin and look-alike
        letters, folded by the ``fold_confusables`` repair; ``"lookalike"``:
        only look-alike letters, never changed: check whether it is a word of
        that language) and ``count`` (occurrences in the document). Documents
        in corpus order, words in order of first occurrence.

    Examples
    --------
    >>> import pandas as pd, mideast_corpus as mc
    >>> corpus = mc.load_corpus(pd.DataFrame({"text": ["\\u0406SIS fled; \\u0406\\u0405\\u0406\\u0405 left."],
    ...                                       "source": ["A"]}), repair=False)
    >>> mc.find_confusables(corpus)[["word", "latin", "kind"]].to_dict("records")
    [{'word': 'ІSIS', 'latin': 'ISIS', 'kind': 'mixed'}, {'word': 'ІЅІЅ', 'latin': 'ISIS', 'kind': 'lookalike'}]
    """
    docs = corpus.docs
    texts = corpus.raw.reindex(docs["doc_id"]).tolist() if raw else docs["text"].tolist()
    rows: list[tuple[str, str, str, str, int]] = []
    for doc_id, text in zip(docs["doc_id"], texts, strict=True):
        if not isinstance(text, str) or text.isascii() or not _any_letter().search(text):
            continue
        found: dict[str, list | None] = {}  # None: a word without a look-alike letter
        for match in _WORD.finditer(text):
            word = match.group()
            if word not in found:
                reading = _reading(word)
                found[word] = None if reading is None else [doc_id, word, reading[0], reading[1], 0]
            if found[word] is not None:
                found[word][-1] += 1
        rows.extend(tuple(r) for r in found.values() if r is not None)
    table = pd.DataFrame(rows, columns=CONFUSABLE_COLUMNS).astype({"count": "int64"})
    return attach_provenance(table, function="find_confusables", params={"raw": raw}, corpus=corpus)
