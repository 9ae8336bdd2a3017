"""Keyness: which terms a group of documents uses more (or less) than the others.

For every group (``by="source"``: every outlet) the library builds, for each
term, the 2x2 table of counts

==============  =========  ==========
..              group      reference
==============  =========  ==========
term            a          b
other terms     c = N1-a   d = N2-b
==============  =========  ==========

where ``N1``/``N2`` are the n-gram positions (for words: the word count) of the
group and of the reference (the rest of the corpus, or one other group with
``pairs=True``). It reports Dunning's log-likelihood ``G2`` over all four cells,
its chi-square (1 df) p-value, Benjamini-Hochberg q-values within each
comparison, and Hardie's Log Ratio as the effect size. See
``docs/methods/framing.md`` for formulas and references.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import special, stats

from ..corpus import Corpus
from ..grouping import GROUP, group_labels, name_group_column
from ..progress import progress
from ..provenance import attach_provenance
from ..resampling import fdr_q
from ..text import own_name_patterns
from .tokens import count_terms, normal_stop_terms

__all__ = ["KEYNESS_COLUMNS", "MIN_DOCS", "MIN_WORDS", "REST", "keyness", "log_likelihood", "log_ratio"]

#: Columns of :func:`keyness` after the group column (named after ``by=``: ``source``, ...), in order.
KEYNESS_COLUMNS = [
    "other", "term", "count_group", "count_rest", "per_1k_group", "per_1k_rest",
    "log_ratio", "statistic", "p", "q", "words_group", "words_rest", "n_docs_group", "n_docs_rest", "note",
]
#: Label of the reference in one-against-the-rest tables.
REST = "(rest)"
#: Below these sizes a group's keyness describes its few texts, not its coverage: the table says so.
MIN_WORDS = 1000
MIN_DOCS = 2
#: Hardie's (2014) Log Ratio replaces a zero count by this value before taking the ratio.
ZERO_ADJUSTMENT = 0.5


def log_likelihood(a, b, n1, n2) -> np.ndarray:
    """Dunning's log-likelihood G2 of the 2x2 table ``[[a, b], [n1 - a, n2 - b]]``.

    ``G2 = 2 * sum(O * ln(O / E))`` over the four cells, with ``E`` the counts
    expected from the margins and ``0 * ln 0 = 0``. Arguments broadcast.

    Examples
    --------
    >>> float(log_likelihood(10, 10, 1000, 1000))
    0.0
    >>> round(float(log_likelihood(20, 5, 1000, 1000)), 3)
    9.751
    """
    a, b, n1, n2 = (np.asarray(x, dtype=float) for x in (a, b, n1, n2))
    total = n1 + n2
    observed = (a, b, n1 - a, n2 - b)
    expected = (n1 * (a + b) / total, n2 * (a + b) / total, n1 * (total - a - b) / total, n2 * (total - a - b) / total)
    g2 = 2.0 * sum(special.xlogy(o, o) - special.xlogy(o, e) for o, e in zip(observed, expected, strict=True))
    # Rounding can leave -1e-13 for tables at exact independence.
    return np.maximum(g2, 0.0)


def log_ratio(a, b, n1, n2) -> np.ndarray:
    """Hardie's Log Ratio: ``log2((a / n1) / (b / n2))``, a zero count taken as 0.5.

    Positive: the term is relatively more frequent in the group. Each unit is a
    doubling: 1 means twice as frequent, -2 a quarter as frequent.

    Examples
    --------
    >>> float(log_ratio(20, 5, 1000, 1000))
    2.0
    >>> float(log_ratio(3, 0, 1000, 1000))
    2.584962500721156
    """
    a, b, n1, n2 = (np.asarray(x, dtype=float) for x in (a, b, n1, n2))
    a = np.where(a == 0, ZERO_ADJUSTMENT, a)
    b = np.where(b == 0, ZERO_ADJUSTMENT, b)
    return np.log2((a / n1) / (b / n2))


def _size_note(n_docs: int, n_words: int, who: str = "") -> str:
    notes = []
    if n_docs < MIN_DOCS:
        notes.append(f"{who}one document: keyness reflects this article, not the outlet")
    if n_words < MIN_WORDS:
        notes.append(f"{who}only {n_words:,} words (< {MIN_WORDS:,}): counts too small to generalise")
    return "; ".join(notes)


def _compare(
    group: str, other: str, a: np.ndarray, b: np.ndarray, terms: np.ndarray,
    sizes: tuple[int, int], docs: tuple[int, int], min_count: int, top: int | None, note: str,
) -> dict:
    n1, n2 = sizes
    keep = np.flatnonzero((a + b) >= min_count)
    a, b, terms = a[keep], b[keep], terms[keep]
    g2 = log_likelihood(a, b, n1, n2)
    p = stats.chi2.sf(g2, df=1)
    q = fdr_q(p)
    lr = log_ratio(a, b, n1, n2)
    # Over-used terms first, strongest evidence first; under-used terms last. Terms are pre-sorted, so a
    # stable sort breaks ties alphabetically.
    order = np.argsort(-np.sign(lr) * g2, kind="stable")
    if top is not None:
        order = order[lr[order] > 0][:top]
    return {
        "group": group, "other": other, "term": terms[order],
        "count_group": a[order], "count_rest": b[order],
        "per_1k_group": 1000.0 * a[order] / n1, "per_1k_rest": 1000.0 * b[order] / n2,
        "log_ratio": lr[order], "statistic": g2[order], "p": p[order], "q": q[order],
        "words_group": n1, "words_rest": n2, "n_docs_group": docs[0], "n_docs_rest": docs[1], "note": note,
    }


def _stack(parts: list[dict]) -> pd.DataFrame:
    """One table from per-comparison columns: array columns concatenated, scalar ones repeated."""
    lengths = np.array([len(part["term"]) for part in parts], dtype=np.int64)
    columns = {}
    for column in (GROUP, *KEYNESS_COLUMNS):
        values = [part[column] for part in parts]
        if np.ndim(values[0]) > 0:
            columns[column] = np.concatenate(values)
        else:
            columns[column] = np.repeat(np.asarray(values, dtype=object), lengths)
    return pd.DataFrame(columns, columns=[GROUP, *KEYNESS_COLUMNS])


def keyness(
    corpus: Corpus,
    by: str = "source",
    *,
    pairs: bool = False,
    ngram: int = 1,
    stop_words: bool = True,
    stop_terms: Iterable[str] | None = None,
    own_names: bool = True,
    min_count: int = 3,
    top: int | None = None,
) -> pd.DataFrame:
    """Compare term frequencies of every group against the rest (or every other group).

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``
        (see :func:`mideast_corpus.group_labels`).
    pairs : bool, default False
        False: each group against all other documents (``other == "(rest)"``).
        True: each ordered pair of groups, so the rows of group A compare A
        with every other group one at a time (A-vs-B mirrors B-vs-A).
    ngram : int, default 1
        Words per term (2 for word pairs within a sentence).
    stop_words : bool, default True
        Leave out terms holding one of scikit-learn's English stop words. Rates
        are still per 1,000 words of running text, stop words included.
    min_count : int, default 3
        Leave out terms seen fewer times in the comparison (group + reference).
    top : int, optional
        Keep only the ``top`` most over-used terms of each comparison (positive
        ``log_ratio``, largest G2). A group's under-used terms are the over-used
        terms of the reference: see the mirrored pair, or pass ``top=None``.

    Returns
    -------
    pandas.DataFrame
        One row per comparison and term, columns ``<by>`` then :data:`KEYNESS_COLUMNS`
        (``other`` the reference):
        ``count_group``/``count_rest`` raw counts, ``per_1k_*`` rates per 1,000
        words (n-gram positions), ``log_ratio`` Hardie's Log Ratio (log2 of the
        rate ratio, zero counts taken as 0.5; positive = over-used by the group),
        ``statistic`` the log-likelihood G2 (Dunning 1993), ``p`` from chi-square
        with 1 df, ``q`` Benjamini-Hochberg over all terms of the comparison
        (before ``top``), ``words_*``/``n_docs_*`` the sizes compared and ``note``
        a warning when a side is one document or under 1,000 words. Rows are
        sorted over-used first, by G2.

    Raises
    ------
    ValueError
        If fewer than two groups hold text, or ``ngram``/``min_count``/``top`` are invalid.

    Warns
    -----
    UserWarning
        When a group is a single document or has fewer than 1,000 words.

    Examples
    --------
    >>> import warnings
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.framing import keyness
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     k = keyness(mc.load_seeds(), by="source", top=3)
    >>> k.groupby("source").size().tolist()
    [3, 3, 3, 3, 3]
    >>> bool((k["log_ratio"] > 0).all())
    True
    >>> k["note"].iloc[0]
    'one document: keyness reflects this article, not the outlet'
    """
    if not isinstance(ngram, (int, np.integer)) or ngram < 1:
        raise ValueError(f"ngram={ngram!r}: use 1 for words, 2 for word pairs")
    if min_count < 1:
        raise ValueError(f"min_count={min_count!r}: must be at least 1")
    if top is not None and top < 1:
        raise ValueError(f"top={top!r}: use a positive number of rows per comparison, or None for all")

    own_stop_terms = normal_stop_terms(stop_terms)
    docs = corpus.docs
    labels = group_labels(docs, by).to_numpy()
    group_counts: dict[str, Counter[str]] = {}
    group_sizes: dict[str, int] = {}
    group_docs: dict[str, int] = {}
    own = own_name_patterns(docs) if own_names else {}
    for doc_id, label, text in progress(zip(docs["doc_id"].astype(str), labels, docs["text"], strict=True),
                                        desc="keyness: counting terms", total=len(docs), unit="docs"):
        if doc_id in own:
            # digits keep the word positions (the denominators) but are never terms
            text = own[doc_id].sub(lambda m: re.sub(r"[^\W\d_]", "0", m.group(0)), text)
        counts, n = count_terms(text, ngram=ngram, stop_words=stop_words, stop_terms=own_stop_terms)
        group_counts.setdefault(label, Counter()).update(counts)
        group_sizes[label] = group_sizes.get(label, 0) + n
        group_docs[label] = group_docs.get(label, 0) + 1
    groups = sorted(g for g in group_sizes if group_sizes[g] > 0)
    if len(groups) < 2:
        raise ValueError(
            f"by={by!r}: gives {len(groups)} group(s) with text {groups}, and keyness needs at least two groups; "
            "group by another column or load more documents"
        )

    terms = np.array(sorted(set().union(*(group_counts[g] for g in groups))), dtype=object)
    index = {t: i for i, t in enumerate(terms)}
    matrix = np.zeros((len(terms), len(groups)), dtype=np.int64)
    for j, g in enumerate(groups):
        for term, c in group_counts[g].items():
            matrix[index[term], j] = c

    small = {g: _size_note(group_docs[g], group_sizes[g]) for g in groups}
    flagged = [g for g in groups if small[g]]
    if flagged:
        warnings.warn(
            f"keyness by={by!r}: {len(flagged)} of {len(groups)} groups are a single document or under "
            f"{MIN_WORDS:,} words ({', '.join(flagged)}); their key terms describe those texts, not the "
            "group's coverage. See the 'note' column.",
            UserWarning,
            stacklevel=2,
        )

    parts = []
    if pairs:
        for (i, g), (j, h) in itertools.permutations(enumerate(groups), 2):
            note = "; ".join(x for x in (small[g], _size_note(group_docs[h], group_sizes[h], "other: ")) if x)
            parts.append(_compare(
                g, h, matrix[:, i], matrix[:, j], terms, (group_sizes[g], group_sizes[h]),
                (group_docs[g], group_docs[h]), min_count, top, note,
            ))
    else:
        totals = matrix.sum(axis=1)
        n_all, d_all = sum(group_sizes[g] for g in groups), sum(group_docs[g] for g in groups)
        for i, g in enumerate(groups):
            parts.append(_compare(
                g, REST, matrix[:, i], totals - matrix[:, i], terms,
                (group_sizes[g], n_all - group_sizes[g]), (group_docs[g], d_all - group_docs[g]),
                min_count, top, small[g],
            ))
    table = _stack(parts).astype({
        "group": str, "other": str, "term": str, "note": str, "count_group": "int64", "count_rest": "int64",
        "words_group": "int64", "words_rest": "int64", "n_docs_group": "int64", "n_docs_rest": "int64",
        "per_1k_group": float, "per_1k_rest": float, "log_ratio": float, "statistic": float, "p": float, "q": float,
    })
    return attach_provenance(
        name_group_column(table, by),
        function="keyness",
        params={"by": by, "pairs": pairs, "ngram": ngram, "stop_words": stop_words,
                "stop_terms": sorted(own_stop_terms), "own_names": own_names, "min_count": min_count, "top": top},
        corpus=corpus,
    )
