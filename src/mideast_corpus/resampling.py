"""The resampling every interval and test of the library shares: one cluster bootstrap, one percentile
interval, one false discovery rate adjustment.

The library's intervals are **cluster bootstraps of a ratio**: a frame's share of sentences, a stance
measure, a topic's share of text. Each cluster (an outlet, a document, a sentence: the unit that
varies) is summarised as a row of sums (flagged sentences and sentences; evidenced, negative and
positive mentions, ...), a resample draws clusters with replacement, and the measure is a ratio of the
resample's column totals. :func:`bootstrap_sums` does the drawing and adding; callers compute their
ratio from the totals. ``scipy.stats.bootstrap`` resamples observations and applies a statistic to
each resample; it would redo the per-cluster sums on every resample and, as the statistic returns several
ratios some of which are undefined in a resample, would need a wrapper larger than this module, so the
one bootstrap of ours is here. Permutation tests use ``scipy.stats.permutation_test`` and the
Benjamini-Hochberg adjustment ``scipy.stats.false_discovery_control`` (:func:`fdr_q` only keeps NaN
p-values out of it).

Generators come from :func:`mideast_corpus.rng.group_rng`, one per cell, so a cell's interval depends
on the seed and its own labels only.
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["MAX_CELLS", "bootstrap_sums", "fdr_q", "percentile_interval"]

#: Resampled cluster rows held in memory at once; the draws do not depend on it (numpy's integer stream is
#: the same drawn in one block or in several).
MAX_CELLS = 2_000_000


def bootstrap_sums(sums: np.ndarray, n_boot: int, rng: np.random.Generator, *,
                   max_cells: int = MAX_CELLS) -> np.ndarray:
    """Column totals of ``n_boot`` resamples of the rows (clusters) of ``sums``, drawn with replacement.

    Parameters
    ----------
    sums : ndarray, shape (n_clusters, n_columns)
        One row per cluster: the sums the measure is a ratio of.
    n_boot : int
        Number of resamples.
    rng : numpy.random.Generator
        The cell's generator (:func:`~mideast_corpus.rng.group_rng`).
    max_cells : int
        Resampled rows held in memory at once (the result does not depend on it).

    Returns
    -------
    ndarray, shape (n_boot, n_columns)
        Totals of each resample, in the dtype of ``sums`` (integer counts stay exact).

    Examples
    --------
    >>> import numpy as np
    >>> sums = np.array([[1, 4], [3, 4], [0, 2]])          # flagged sentences, sentences per document
    >>> totals = bootstrap_sums(sums, 1000, np.random.default_rng(0))
    >>> totals.shape, bool((totals[:, 1] >= 6).all() and (totals[:, 1] <= 12).all())
    ((1000, 2), True)
    >>> bool((bootstrap_sums(sums, 1000, np.random.default_rng(0), max_cells=7) == totals).all())
    True
    """
    sums = np.asarray(sums)
    n = len(sums)
    out = np.empty((n_boot, sums.shape[1]), dtype=sums.dtype)
    chunk = max(1, max_cells // max(n, 1))
    for done in range(0, n_boot, chunk):
        size = min(chunk, n_boot - done)
        out[done : done + size] = sums[rng.integers(0, n, size=(size, n))].sum(axis=1)
    return out


def percentile_interval(draws: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of ``draws`` over its defined values (NaN where none is).

    A resample can leave a ratio undefined (no evidenced mention drawn): those draws are left out of
    that column's interval rather than making it NaN.

    Examples
    --------
    >>> import numpy as np
    >>> low, high = percentile_interval(np.column_stack([np.arange(101.0), np.full(101, np.nan)]), 0.9)
    >>> low.round(6).tolist(), high.round(6).tolist()
    ([5.0, nan], [95.0, nan])
    """
    alpha = (1.0 - ci) / 2.0
    draws = np.asarray(draws, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "All-NaN slice": that column has no interval
        low, high = np.nanquantile(draws, [alpha, 1.0 - alpha], axis=0)
    return low, high


def fdr_q(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (``scipy.stats.false_discovery_control``) over the defined p-values.

    A NaN p (a comparison that could not be tested) stays NaN and does not count as a test.

    Examples
    --------
    >>> import numpy as np
    >>> fdr_q(np.array([0.01, np.nan, 0.04, 0.03, 0.5])).round(3).tolist()
    [0.04, nan, 0.053, 0.053, 0.5]
    """
    from scipy import stats  # here, not at the top: scipy.stats takes ~1 s to import

    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok], method="bh")
    return q
