"""Sentences and tokens, with no downloaded NLTK data.

Sentences come from NLTK's Punkt algorithm with a hand-made list of news
abbreviations (``U.S.``, ``Maj. Gen.``, ``M.P.``, ``I.S.``, ``Jan.``) instead of
a downloaded model: ``nltk.download`` cannot run on many machines, and Punkt
trained on raw news learns junk abbreviations. Blank lines are hard
boundaries: a sentence never spans two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = ["NEWS_ABBREVIATIONS", "count_words", "paragraph_spans", "sentence_spans", "word_spans"]

#: Abbreviations (lower case, without the final period) after which a period does
#: not end a sentence. Titles, ranks, months, places and initialisms of news copy.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt cmdr adm sgt cpl pvt brig lt.gen maj.gen
    brig.gen lt.col st ft mt rev hon pres amb sec dept gov't jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.s.a u.k u.n u.a.e e.u i.s i.s.i.s i.s.i.l m.p d.c n.y l.a no nos vol fig inc
    corp co ltd jr sr vs etc approx est a.m p.m e.g i.e al
    """.split()
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each paragraph (blocks separated by blank lines).

    Examples
    --------
    >>> t = "One.\\n\\nTwo."
    >>> [t[a:b] for a, b in paragraph_spans(t)]
    ['One.', 'Two.']
    """
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _stripped(text, pos, match.start())
        pos = match.end()
    yield from _stripped(text, pos, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``.

    ``text[start:end]`` is the sentence, without surrounding white space.

    Examples
    --------
    >>> t = "Iraqi M.P. Hakim Al Zamili spoke. The U.S. military said no.\\n\\nNew paragraph"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Iraqi M.P. Hakim Al Zamili spoke.', 'The U.S. military said no.', 'New paragraph']
    """
    tokenizer = _punkt()
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        block = text[p_start:p_end]
        for s_start, s_end in tokenizer.span_tokenize(block):
            spans.extend(_stripped(text, p_start + s_start, p_start + s_end))
    return spans


def word_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of word tokens (letters/digits, inner hyphens kept).

    Examples
    --------
    >>> t = "U.S.-led strikes hit al-Tabqa."
    >>> [t[a:b] for a, b in word_spans(t)]
    ['U.S', 'led', 'strikes', 'hit', 'al-Tabqa']
    """
    return [m.span() for m in _WORD.finditer(text)]


def count_words(text: str) -> int:
    """Count word tokens as :func:`word_spans` defines them.

    Examples
    --------
    >>> count_words("Iraqi forces recaptured eastern Mosul.")
    5
    """
    return sum(1 for _ in _WORD.finditer(text))
