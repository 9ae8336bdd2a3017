"""Word and punctuation tokens with character offsets, shared by the stance modules.

Hyphens, apostrophes and periods are tokens of their own, so "US-backed" is ``US``, ``-``, ``backed``
and "Iraq’s" is ``Iraq``, ``’``, ``s``: the role rules read compounds and possessives from them.
Contracted negations ("didn’t") stay one token so negation is easy to spot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["NEGATIONS", "token_owners", "tokenize"]

_TOKEN = re.compile(r"\w+n['’]t|\w+|[^\w\s]", re.UNICODE)

#: Words that negate an event or a cue within the next three tokens.
NEGATIONS = frozenset(
    "not no never neither nor without cannot refuses refused refuse failed fails fail".split()
)


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[tuple[str, int, int], ...]:
    """Return ``(token, start, end)`` for every word and punctuation mark of ``text``.

    Cached: the scorer tokenizes one sentence once for each of its mentions.

    Examples
    --------
    >>> [t for t, _, _ in tokenize("US-backed forces didn’t stop.")]
    ['US', '-', 'backed', 'forces', 'didn’t', 'stop', '.']
    """
    return tuple((m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))


def is_negation(token: str) -> bool:
    """True for negation words and contracted negations (``didn’t``, ``won't``).

    Cached: the scorer tokenizes one sentence once for each of its mentions.

    Examples
    --------
    >>> is_negation("didn’t"), is_negation("never"), is_negation("now")
    (True, True, False)
    """
    low = token.lower()
    return low in NEGATIONS or low.endswith("n't") or low.endswith("n’t")


def token_owners(n: int, mtok: Sequence[tuple[int, int]], skip: Sequence[bool] | None = None) -> list[int]:
    """Which mention each of ``n`` tokens belongs to (``-1``: none); the first mention wins an overlap.

    ``mtok`` holds each mention's token range ``[a, b)`` (``a < 0``: not located); mentions with a true
    ``skip`` own no tokens.

    Examples
    --------
    >>> token_owners(5, [(1, 3), (-1, -1), (4, 5)])
    [-1, 0, 0, -1, 2]
    """
    owner = [-1] * n
    for k, (a, b) in enumerate(mtok):
        if a < 0 or (skip is not None and skip[k]):
            continue
        for i in range(a, b):
            if owner[i] < 0:
                owner[i] = k
    return owner
