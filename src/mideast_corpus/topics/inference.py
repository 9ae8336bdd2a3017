"""Uncertainty for topic shares: cluster bootstrap, permutation tests, BH-FDR.

Everything works on *cluster totals*: for each cluster (a document, or a unit
when there are too few documents) the row ``S[c, t]`` is the number of tokens
the model gives to topic ``t`` and ``N[c]`` its token count. A group's topic
share is ``sum(S) / sum(N)`` over its clusters: the share of the group's text
about the topic. Resampling whole clusters keeps the units of one document
together, because they are not independent.

Every function takes a :class:`numpy.random.Generator`; callers seed it (one per
group: :func:`mideast_corpus.rng.group_rng`), so the same input gives the same numbers.
"""

from __future__ import annotations

import numpy as np

from ..resampling import bootstrap_sums, fdr_q, percentile_interval

__all__ = ["bh_adjust", "bootstrap_shares", "percentile_interval", "permutation_test"]

#: Largest number of cells of one random draw held in memory at once.
_CHUNK_CELLS = 4_000_000


def _chunks(total: int, width: int) -> list[int]:
    size = max(1, _CHUNK_CELLS // max(1, width))
    return [min(size, total - i) for i in range(0, total, size)]


def bootstrap_shares(S: np.ndarray, N: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Resample clusters with replacement; return ``(n_boot, n_topics)`` shares.

    The one cluster bootstrap of the library (:func:`~mideast_corpus.resampling.bootstrap_sums`) over the
    columns ``[S, N]``; a share is a ratio of the resampled totals.

    Examples
    --------
    >>> import numpy as np
    >>> S = np.array([[3.0, 1.0], [1.0, 3.0]]); N = S.sum(axis=1)
    >>> draws = bootstrap_shares(S, N, 200, np.random.default_rng(0))
    >>> draws.shape, bool(np.allclose(draws.sum(axis=1), 1.0))
    ((200, 2), True)
    """
    totals = bootstrap_sums(np.column_stack([S, N]), n_boot, rng)
    return totals[:, :-1] / totals[:, -1:]


def _diff(S: np.ndarray, N: np.ndarray, mask: np.ndarray) -> np.ndarray:
    g_s, g_n = S[mask].sum(axis=0), N[mask].sum()
    r_s, r_n = S[~mask].sum(axis=0), N[~mask].sum()
    return g_s / g_n - r_s / r_n


def permutation_test(
    S: np.ndarray, N: np.ndarray, mask: np.ndarray, n_perm: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest difference in topic share and its two-sided permutation p.

    The group labels of the clusters are shuffled ``n_perm`` times (group size
    kept); ``p = (1 + #{|perm diff| >= |observed diff|}) / (1 + n_perm)``, so it
    is never 0.

    Returns
    -------
    diff, p : ndarray, shape (n_topics,)

    Examples
    --------
    >>> import numpy as np
    >>> S = np.array([[9.0, 1.0]] * 6 + [[1.0, 9.0]] * 6); N = S.sum(axis=1)
    >>> diff, p = permutation_test(S, N, np.arange(12) < 6, 999, np.random.default_rng(0))
    >>> diff.round(2).tolist(), bool(p[0] < 0.01)
    ([0.8, -0.8], True)
    """
    mask = np.asarray(mask, dtype=bool)
    observed = _diff(S, N, mask)
    m = len(N)
    tot_s, tot_n = S.sum(axis=0), N.sum()
    exceed = np.zeros(S.shape[1], dtype=np.int64)
    for b in _chunks(n_perm, m):
        perm = rng.permuted(np.broadcast_to(mask, (b, m)), axis=1).astype(float)
        g_s, g_n = perm @ S, perm @ N
        diffs = g_s / g_n[:, None] - (tot_s - g_s) / (tot_n - g_n)[:, None]
        # a small tolerance so that ties with the observed value count as "as extreme"
        exceed += (np.abs(diffs) >= np.abs(observed) - 1e-12).sum(axis=0)
    return observed, (1.0 + exceed) / (1.0 + n_perm)


#: Benjamini-Hochberg q-values: the library's one implementation, :func:`~mideast_corpus.resampling.fdr_q`.
bh_adjust = fdr_q
