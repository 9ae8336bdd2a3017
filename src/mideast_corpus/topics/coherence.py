"""Topic quality from the corpus itself: NPMI coherence and topic diversity.

NPMI (Bouma 2009; Röder, Both & Hinneburg 2015, "C_NPMI") of two terms over
boolean sliding windows: every run of ``window`` consecutive tokens of a
document is one window (a document shorter than the window is one window), and

    p(w) = windows containing w / all windows
    NPMI(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)

with NPMI = -1 when ``a`` and ``b`` never share a window (the limit) and +1 when
they share every window. A topic's coherence is the mean NPMI over the pairs of
its top terms. Windows run over each document's token stream after stop words
are removed (as gensim's ``c_npmi`` does with preprocessed texts), so the score
does not depend on the unit the model was fitted on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

__all__ = ["npmi_coherence", "npmi_matrix", "topic_diversity", "window_counts"]


def window_counts(
    docs: Sequence[np.ndarray], terms: np.ndarray, window: int = 10
) -> tuple[int, np.ndarray, np.ndarray]:
    """Count sliding windows containing each term and each pair of terms.

    Parameters
    ----------
    docs : sequence of int arrays
        Each document's tokens as term ids (``-1`` for a token outside the
        vocabulary: it still takes a position in the window).
    terms : int array
        The term ids to count.
    window : int
        Window length in tokens.

    Returns
    -------
    n_windows : int
    single : ndarray, shape (len(terms),)
        Windows containing each term.
    joint : ndarray, shape (len(terms), len(terms))
        Windows containing both terms (the diagonal equals ``single``).

    Examples
    --------
    >>> import numpy as np
    >>> n, single, joint = window_counts([np.array([0, 1, 2])], np.array([0, 2]), window=2)
    >>> n, single.tolist(), joint.tolist()
    (2, [1, 1], [[1, 0], [0, 1]])
    """
    if window < 1:
        raise ValueError(f"window={window} must be at least 1 token")
    terms = np.asarray(terms, dtype=np.int64)
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    n_win = np.maximum(1, lengths - window + 1)
    if len(docs) == 0:
        return 0, np.zeros(len(terms), dtype=np.int64), np.zeros((len(terms), len(terms)), dtype=np.int64)
    ids = np.concatenate([np.asarray(d, dtype=np.int64) for d in docs]) if lengths.sum() else np.zeros(0, np.int64)
    lookup = np.full(max(int(ids.max(initial=-1)), int(terms.max(initial=-1))) + 2, -1, dtype=np.int64)
    lookup[terms] = np.arange(len(terms))
    tid = lookup[ids]  # ids of -1 map to the last slot, which stays -1
    doc_of = np.repeat(np.arange(len(docs)), lengths)
    pos = np.arange(len(ids)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = tid >= 0
    tid, doc_of, pos = tid[keep], doc_of[keep], pos[keep]
    base = np.cumsum(n_win) - n_win
    rows, cols = [], []
    # a token at position p lies in the windows starting at p - window + 1 ... p
    for back in range(window):
        start = pos - back
        ok = (start >= 0) & (start < n_win[doc_of])
        rows.append(base[doc_of[ok]] + start[ok])
        cols.append(tid[ok])
    r, c = np.concatenate(rows), np.concatenate(cols)
    n_windows = int(n_win.sum())
    presence = sparse.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(n_windows, len(terms)))
    presence.data[:] = 1  # duplicates were summed: a window counts a term once
    joint = (presence.T @ presence).toarray().astype(np.int64)
    return n_windows, np.diag(joint).copy(), joint


def npmi_matrix(n_windows: int, joint: np.ndarray) -> np.ndarray:
    """Return NPMI between every pair of terms from :func:`window_counts` output.

    Examples
    --------
    >>> import numpy as np
    >>> npmi_matrix(4, np.array([[2, 1], [1, 2]])).round(3).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    joint = np.asarray(joint, dtype=float)
    p = np.diag(joint) / n_windows
    p_joint = joint / n_windows
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_joint) - np.log(np.outer(p, p))
        npmi = pmi / -np.log(p_joint)
    npmi[p_joint == 0] = -1.0
    npmi[p_joint >= 1.0] = 1.0
    return npmi


def npmi_coherence(
    docs: Sequence[np.ndarray], top_terms: Sequence[Sequence[int]], window: int = 10
) -> np.ndarray:
    """Return the mean pairwise NPMI of each topic's top terms.

    Parameters
    ----------
    docs : sequence of int arrays
        Token ids per document (see :func:`window_counts`).
    top_terms : sequence of int sequences
        Each topic's top term ids.
    window : int
        Sliding-window length.

    Examples
    --------
    >>> import numpy as np
    >>> docs = [np.array([0, 1]), np.array([0, 1]), np.array([2, 3])]
    >>> npmi_coherence(docs, [[0, 1], [0, 2]], window=10).round(3).tolist()
    [1.0, -1.0]
    """
    all_terms = np.unique(np.concatenate([np.asarray(t, dtype=np.int64) for t in top_terms]))
    n_windows, _, joint = window_counts(docs, all_terms, window)
    npmi = npmi_matrix(n_windows, joint)
    index = {int(t): i for i, t in enumerate(all_terms)}
    scores = []
    for terms in top_terms:
        idx = [index[int(t)] for t in terms]
        pairs = [(a, b) for i, a in enumerate(idx) for b in idx[i + 1 :]]
        scores.append(float(np.mean([npmi[a, b] for a, b in pairs])) if pairs else float("nan"))
    return np.array(scores)


def topic_diversity(top_terms: Sequence[Sequence[object]]) -> float:
    """Share of distinct terms among all topics' top terms (Dieng, Ruiz & Blei 2020).

    1.0 means no two topics share a top term; near ``1 / n_topics`` means the
    topics repeat each other.

    Examples
    --------
    >>> topic_diversity([["oil", "price"], ["oil", "troops"]])
    0.75
    """
    flat = [t for terms in top_terms for t in terms]
    return len(set(flat)) / len(flat) if flat else float("nan")
