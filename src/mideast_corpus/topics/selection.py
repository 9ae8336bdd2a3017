"""Choosing the number of topics: coherence, diversity, stability, fit error."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from ..corpus import Corpus
from ..deprecation import warn_renamed
from ..provenance import attach_provenance
from .model import TopicModel, _row_normalise
from .prepare import count_matrix, data_versions

__all__ = ["match_topics", "select_n_topics"]


def match_topics(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pair the topics of two models by their term vectors (Hungarian matching on cosine similarity).

    Parameters
    ----------
    a, b : ndarray, shape (n_topics, n_terms)
        Topic-term weights over the same vocabulary.

    Returns
    -------
    order : ndarray
        ``order[i]`` is the topic of ``b`` matched to topic ``i`` of ``a``.
    similarity : ndarray
        Cosine similarity of each matched pair.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    >>> order, sim = match_topics(a, a[::-1])
    >>> order.tolist(), sim.round(3).tolist()
    ([1, 0], [1.0, 1.0])
    """
    a_n = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-300)
    b_n = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-300)
    similarity = a_n @ b_n.T
    rows, cols = linear_sum_assignment(-similarity)
    order = cols[np.argsort(rows)]
    return order, similarity[np.arange(len(order)), order]


def _subsample_rows(units: pd.DataFrame, fraction: float, seed: int) -> np.ndarray:
    """Rows of a random ``fraction`` of the documents (all their units), or of the units if one document."""
    rng = np.random.default_rng(seed)
    doc_ids = np.array(sorted(units["doc_id"].unique()), dtype=object)
    if len(doc_ids) >= 2:
        n_keep = max(1, round(fraction * len(doc_ids)))
        chosen = set(rng.choice(doc_ids, size=n_keep, replace=False).tolist())
        return np.flatnonzero(units["doc_id"].isin(chosen).to_numpy())
    n_keep = max(1, round(fraction * len(units)))
    return np.sort(rng.choice(len(units), size=n_keep, replace=False))


def _stability(model: TopicModel, X: Any, units: pd.DataFrame, seeds: Sequence[int], fraction: float) -> float:
    """Mean matched cosine similarity between topics fitted on random document subsamples."""
    fits = []
    for seed in seeds:
        rows = _subsample_rows(units, fraction, seed)
        estimator = model._make_estimator(int(seed))
        estimator.fit(X[rows])
        fits.append(_row_normalise(np.asarray(estimator.components_, dtype=float)))
    if len(fits) < 2:
        return float("nan")
    return float(np.mean([match_topics(a, b)[1].mean() for a, b in combinations(fits, 2)]))


def _minmax(values: np.ndarray) -> np.ndarray:
    finite = np.isfinite(values)
    if finite.sum() == 0:
        return np.zeros_like(values)
    low, high = values[finite].min(), values[finite].max()
    scaled = (values - low) / (high - low) if high > low else np.full_like(values, 0.5)
    return np.where(finite, scaled, 0.0)


def select_n_topics(
    corpus: Corpus,
    ks: Iterable[int] = range(3, 13),
    *,
    random_state: int = 0,
    n_resamples: int = 3,
    method: str = "nmf",
    unit: str = "paragraph",
    fraction: float = 0.8,
    n_terms: int = 10,
    window: int = 10,
    **options: Any,
) -> pd.DataFrame:
    """Compare numbers of topics and recommend one.

    For each ``k`` the model is fitted once on the whole corpus (with
    ``random_state``) for coherence (mean NPMI of the top ``n_terms``), diversity
    (distinct share of the top 25 terms) and fit error, and once per seed on a
    random ``fraction`` of the *documents* for stability (``n_resamples`` fits,
    seeded ``random_state``, ``random_state + 1``, ...): the topics of every
    two seed fits are paired by Hungarian matching of their term vectors and
    ``stability`` is the mean cosine similarity of the pairs (1.0: the same
    topics whatever the sample). NMF's start is deterministic, so it is the
    resampling that makes seeds differ.

    ``score`` is the mean of coherence, diversity and stability, each min-max
    scaled over the ``ks`` tried; ``recommended`` marks the highest score (the
    smaller ``k`` on a tie). Treat it as a starting point: read the terms.

    Returns
    -------
    pandas.DataFrame
        ``k, coherence, diversity, stability, reconstruction_error, perplexity,
        score, recommended`` (``reconstruction_error`` for NMF, ``perplexity``
        for LDA, NaN otherwise).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.topics import select_n_topics
    >>> table = select_n_topics(mc.load_seeds(), ks=[3, 4], n_resamples=2)
    >>> table.columns.tolist()
    ['k', 'coherence', 'diversity', 'stability', 'reconstruction_error', 'perplexity', 'score', 'recommended']
    >>> int(table["recommended"].sum())
    1
    """
    ks = [int(k) for k in ks]
    if "seeds" in options:  # the name of release 0.1; removed in the next release
        warn_renamed("select_n_topics", "seeds=", "random_state= and n_resamples=", stacklevel=3)
        seeds = [int(s) for s in options.pop("seeds")]
    else:
        seeds = [int(random_state) + i for i in range(int(n_resamples))]
    if not ks:
        raise ValueError(f"ks={ks!r}: give at least one number of topics, e.g. ks=range(3, 13)")
    if not seeds:
        raise ValueError(f"n_resamples={n_resamples!r}: give at least 1 (2 or more to measure stability)")
    base = TopicModel(n_topics=ks[0], method=method, unit=unit, random_state=seeds[0], **options)
    base._vocab = base._vocabulary()
    prepared = base._prepare(corpus, base.mentions)
    counts, vocab, note = count_matrix(prepared.tokens, min_df=base.min_df, max_df=base.max_df)
    rows = []
    for k in ks:
        model = TopicModel(n_topics=k, method=method, unit=unit, random_state=seeds[0], **options)
        model._fit_prepared(corpus, prepared, counts, vocab, note)
        X = model._weighting(counts, fit=True)
        coherence = float(model.coherence(n=n_terms, window=window)["npmi"].iloc[-1])
        stability = _stability(model, X, prepared.units, seeds, fraction)
        rows.append((k, coherence, model.diversity(), stability, model.reconstruction_err_, model.perplexity_))
    table = pd.DataFrame(
        rows, columns=["k", "coherence", "diversity", "stability", "reconstruction_error", "perplexity"]
    )
    parts = [_minmax(table[c].to_numpy(dtype=float)) for c in ("coherence", "diversity", "stability")]
    table["score"] = np.mean(parts, axis=0)
    table["recommended"] = np.arange(len(table)) == int(np.argmax(table["score"].to_numpy()))
    return attach_provenance(
        table,
        function="select_n_topics",
        params={**base.get_params(), "ks": ks, "n_resamples": len(seeds), "seeds": seeds, "fraction": fraction,
                "n_terms": n_terms, "window": window},
        corpus=corpus,
        data_versions=data_versions(prepared.mentions_note),
        random_state=seeds[0],
    )
