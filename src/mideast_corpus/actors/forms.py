"""Surface forms: the spellings of a dictionary cell that the matcher accepts.

Matching is case-sensitive, so the spellings a writer may use are generated
here once (first letter capitalised, Title Case, UPPER CASE; ``al-``
transliterations; straight and curly apostrophes) together with the
affiliation forms of demonyms and country names (``Iranian-backed``,
``pro-Iranian``).
"""

from __future__ import annotations

import re
from typing import Any

from .rules import AFFILIATION_PREFIXES, AFFILIATION_SUFFIXES

__all__ = ["affiliations", "case_variants", "split_forms"]

_AL = re.compile(r"(?<![\w])([Aa]l)-(?=\w)")


def split_forms(cell: Any) -> list[str]:
    """Split a pipe-separated dictionary cell into stripped, non-empty forms (``[]`` for a missing cell).

    Examples
    --------
    >>> split_forms("Islamic State| ISIS ||Daesh"), split_forms(None)
    (['Islamic State', 'ISIS', 'Daesh'], [])
    """
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split("|") if part.strip()]


def case_variants(form: str) -> list[str]:
    """Spellings of one dictionary form that the matcher also accepts.

    Examples
    --------
    >>> case_variants("Hashd al-Shaabi")[:6]
    ['Hashd al-Shaabi', 'HASHD AL-SHAABI', 'Hashd Al-Shaabi', 'Hashd al Shaabi', 'HASHD AL SHAABI', 'Hashd Al Shaabi']
    >>> case_variants("regime forces")
    ['regime forces', 'Regime forces', 'REGIME FORCES', 'Regime Forces']
    >>> case_variants("IS")
    ['IS']
    """
    spellings = [form]
    if _AL.search(form):
        for repl in (r"Al-", r"\1 ", "Al ", r"\1"):
            spellings.append(_AL.sub(repl, form))
    for s in list(spellings):
        if "'" in s:
            spellings.append(s.replace("'", "’"))
        elif "’" in s:
            spellings.append(s.replace("’", "'"))
    out: list[str] = []
    for s in spellings:
        words = s.split(" ")
        title = " ".join(w[:1].upper() + w[1:] if w[:1].islower() else w for w in words)
        for v in (s, s[:1].upper() + s[1:], s.upper(), title):
            if v not in out:
                out.append(v)
    return out


def affiliations(name: str) -> list[str]:
    """The affiliation forms of a demonym or country name (:data:`~.rules.AFFILIATION_SUFFIXES`, prefixes).

    Examples
    --------
    >>> affiliations("Iranian")[:2], affiliations("Iranian")[-1]
    (['Iranian-backed', 'Iranian-led'], 'pro-Iranian')
    """
    return [f"{name}-{suffix}" for suffix in AFFILIATION_SUFFIXES] + [f"{p}{name}" for p in AFFILIATION_PREFIXES]
