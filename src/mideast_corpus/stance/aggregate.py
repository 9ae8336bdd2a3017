"""Aggregate mention-level stance by group (source, outlet kind, year) with bootstrap intervals and tests.

Mentions in one document are not independent, so the resampling unit is the document (a cluster
bootstrap: each resampled document brings all its mentions, and the group mean is the pooled mean of
the resampled mentions). A group with a single document falls back to resampling sentences and says so
in ``note``. Both use :func:`scipy.stats.bootstrap` over cluster indices (percentile intervals);
differences between groups get a permutation p-value over clusters
(:func:`scipy.stats.permutation_test`) and Benjamini-Hochberg q-values
(:func:`scipy.stats.false_discovery_control`).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..grouping import group_labels
from ..provenance import attach_provenance

__all__ = ["compare_stance", "stance_by_source"]

_LEVELS = ("actor", "parent", "kind", "all")
_QUOTED = ("include", "exclude", "only")
_COMPONENTS = ("score", "sentiment", "label_valence", "role_valence")


def _select(st: pd.DataFrame, by: str, corpus: Any, component: str, quoted: str, level: str) -> pd.DataFrame:
    if component not in _COMPONENTS:
        raise ValueError(f"component={component!r}: use one of {_COMPONENTS}")
    if quoted not in _QUOTED:
        raise ValueError(f"quoted={quoted!r}: use one of {_QUOTED}")
    if level not in _LEVELS:
        raise ValueError(f"level={level!r}: use one of {_LEVELS}")
    df = st
    if quoted == "exclude":
        df = df[~df["quoted"].astype(bool)]
    elif quoted == "only":
        df = df[df["quoted"].astype(bool)]
    if corpus is not None:
        labels = group_labels(corpus.docs, by)
        groups = df["doc_id"].map(dict(zip(corpus.docs["doc_id"], labels, strict=False)))
    elif by in df.columns:
        groups = df[by].astype(str)
    else:
        raise KeyError(f"by={by!r} is not a column of the stance table; pass corpus= to group by any document "
                       "variable (e.g. by='outlet_kind' or by='published:year')")
    parent = df["parent"].where(df["parent"].astype(str) != "", df["actor"]) if "parent" in df.columns else df["actor"]
    unit = {"actor": df["actor"], "parent": parent, "kind": df.get("kind", df["actor"]), "all": "(all)"}[level]
    return pd.DataFrame({
        "group": groups.astype(str).to_numpy(),
        "unit": np.broadcast_to(np.asarray(unit, dtype=object), len(df)) if level == "all" else
        np.asarray(unit, dtype=object),
        "doc_id": df["doc_id"].astype(str).to_numpy(),
        "sent": (df["doc_id"].astype(str) + "#" + df["sent_id"].astype(str)).to_numpy(),
        "value": df[component].astype(float).to_numpy(),
    })


def _clusters(g: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, str]:
    """Per-cluster sums and counts: documents, or sentences when the group has one document."""
    n_docs = g["doc_id"].nunique()
    key, note = ("doc_id", "") if n_docs >= 2 else ("sent", "one document: resampled sentences")
    agg = g.groupby(key, sort=True)["value"].agg(["sum", "count"])
    return agg["sum"].to_numpy(dtype=float), agg["count"].to_numpy(dtype=float), note


def _interval(sums: np.ndarray, counts: np.ndarray, ci: float, n_boot: int, seed: int) -> tuple[float, float]:
    if len(sums) < 2:
        return float("nan"), float("nan")

    def pooled(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        return sums[idx].sum(axis=axis) / counts[idx].sum(axis=axis)

    idx = np.arange(len(sums))
    if np.allclose(sums / counts, sums[0] / counts[0]):
        v = float(sums[0] / counts[0])
        return v, v
    res = stats.bootstrap((idx,), pooled, n_resamples=n_boot, confidence_level=ci, method="percentile",
                          vectorized=True, rng=np.random.default_rng(seed))
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def _seed(random_state: int, *parts: str) -> int:
    # a per-cell seed from the user's seed and the cell's labels, so adding a source does not move other cells
    h = 0
    for p in parts:
        for ch in p.encode("utf-8"):
            h = (h * 131 + ch) % (2**31)
    return (int(random_state) * 1_000_003 + h) % (2**32)


def stance_by_source(
    st: pd.DataFrame,
    by: str = "source",
    *,
    level: str = "actor",
    component: str = "score",
    ci: float = 0.95,
    n_boot: int = 2000,
    random_state: int = 0,
    quoted: str = "include",
    corpus: Any = None,
    min_mentions: int = 1,
) -> pd.DataFrame:
    """Mean stance per group and actor with a cluster-bootstrap confidence interval.

    Parameters
    ----------
    st : pandas.DataFrame
        From :func:`~mideast_corpus.stance.score_stance`.
    by : str, default "source"
        A column of ``st`` or, with ``corpus``, any document variable or ``"published:year"``
        (resolved by :func:`mideast_corpus.group_labels`).
    level : {"actor", "parent", "kind", "all"}
        Aggregate per actor id, per parent actor (``syrian_arab_army`` under ``syria_government``), per
        actor kind, or over all mentions of the group.
    component : {"score", "sentiment", "label_valence", "role_valence"}
        The column to average, so a reader can see which component drives a difference.
    ci : float, default 0.95
        Confidence level of the percentile interval.
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int, default 0
        Seed; each cell gets its own stream derived from it and the cell's labels.
    quoted : {"include", "exclude", "only"}
        Keep, drop or keep only mentions in quotations and reported speech (the speaker's stance).
    corpus : Corpus, optional
        Needed when ``by`` is not a column of ``st``.
    min_mentions : int, default 1
        Drop cells with fewer mentions.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``actor`` (or the level's unit), ``mean``, ``ci_low``, ``ci_high``, ``n_mentions``,
        ``n_docs``, ``note`` ("one document: resampled sentences", "one mention: no interval", ...),
        sorted by group and actor.

    Examples
    --------
    >>> st = pd.DataFrame({"doc_id": ["a1", "a1", "a2", "b1"], "sent_id": [0, 1, 0, 0],
    ...     "source": ["A", "A", "A", "B"], "actor": ["isis"] * 4, "parent": [""] * 4,
    ...     "score": [-0.5, -0.3, -0.4, -0.2], "quoted": [False] * 4})
    >>> t = stance_by_source(st, n_boot=200)
    >>> t[["source", "actor", "mean", "n_mentions", "n_docs", "note"]].values.tolist()
    [['A', 'isis', -0.4, 3, 2, ''], ['B', 'isis', -0.2, 1, 1, 'one mention: no interval']]
    """
    sel = _select(st, by, corpus, component, quoted, level)
    rows = []
    for (group, unit), g in sel.groupby(["group", "unit"], sort=True):
        if len(g) < min_mentions:
            continue
        sums, counts, note = _clusters(g)
        if len(g) == 1:
            note = "one mention: no interval"
        elif len(sums) < 2:
            note = "one sentence: no interval"
        lo, hi = _interval(sums, counts, ci, n_boot, _seed(random_state, group, str(unit)))
        rows.append({by: group, "actor" if level != "kind" else "kind": unit,
                     "mean": round(float(g["value"].mean()), 6), "ci_low": round(lo, 6), "ci_high": round(hi, 6),
                     "n_mentions": len(g), "n_docs": int(g["doc_id"].nunique()), "note": note})
    cols = [by, "actor" if level != "kind" else "kind", "mean", "ci_low", "ci_high", "n_mentions", "n_docs", "note"]
    out = pd.DataFrame(rows, columns=cols)
    return attach_provenance(
        out, function="stance_by_source",
        params={"by": by, "level": level, "component": component, "ci": ci, "n_boot": n_boot, "quoted": quoted,
                "min_mentions": min_mentions, "method": "cluster bootstrap (documents; sentences for one-document "
                "groups), percentile interval, scipy.stats.bootstrap"},
        corpus=corpus, random_state=random_state, data_versions=st.attrs.get("provenance", {}).get("data_versions"),
    )


def compare_stance(
    st: pd.DataFrame,
    by: str = "source",
    *,
    actor: str | None = None,
    level: str = "actor",
    component: str = "score",
    ci: float = 0.95,
    n_boot: int = 2000,
    n_perm: int = 2000,
    random_state: int = 0,
    quoted: str = "include",
    corpus: Any = None,
) -> pd.DataFrame:
    """Pairwise differences of mean stance between groups, with interval, permutation p and BH q.

    Parameters
    ----------
    st : pandas.DataFrame
        From :func:`~mideast_corpus.stance.score_stance`.
    by : str, default "source"
        Grouping, as in :func:`stance_by_source`.
    actor : str, optional
        Compare stance toward this actor (or parent/kind, per ``level``); all units when omitted.
    level, component, ci, n_boot, random_state, quoted, corpus
        As in :func:`stance_by_source`.
    n_perm : int, default 2000
        Permutations of the two-sided permutation test (clusters are shuffled between the two groups).

    Returns
    -------
    pandas.DataFrame
        ``actor``, ``group_a``, ``group_b``, ``diff`` (mean a - mean b), ``ci_low``, ``ci_high``, ``p``,
        ``q`` (Benjamini-Hochberg over all rows), ``n_mentions_a``, ``n_mentions_b``, ``n_docs_a``,
        ``n_docs_b``, ``note`` (which unit was resampled).

    Examples
    --------
    >>> st = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"], "sent_id": [0] * 6,
    ...     "source": ["A"] * 3 + ["B"] * 3, "actor": ["russia"] * 6, "parent": [""] * 6,
    ...     "score": [0.5, 0.4, 0.6, -0.5, -0.4, -0.6], "quoted": [False] * 6})
    >>> t = compare_stance(st, actor="russia", n_boot=200, n_perm=200)
    >>> t[["group_a", "group_b", "diff", "n_docs_a", "note"]].values.tolist()
    [['A', 'B', 1.0, 3, 'resampled documents']]
    >>> bool(t.loc[0, "p"] < 0.2)
    True
    """
    sel = _select(st, by, corpus, component, quoted, level)
    if actor is not None:
        sel = sel[sel["unit"] == actor]
    rows = []
    for unit, gu in sel.groupby("unit", sort=True):
        groups = sorted(gu["group"].unique())
        for a, b in combinations(groups, 2):
            ga, gb = gu[gu["group"] == a], gu[gu["group"] == b]
            by_doc = ga["doc_id"].nunique() >= 2 and gb["doc_id"].nunique() >= 2
            key = "doc_id" if by_doc else "sent"
            note = "resampled documents" if by_doc else "a group has one document: resampled sentences"
            sa = ga.groupby(key, sort=True)["value"].agg(["sum", "count"])
            sb = gb.groupby(key, sort=True)["value"].agg(["sum", "count"])
            sums = np.concatenate([sa["sum"].to_numpy(), sb["sum"].to_numpy()]).astype(float)
            counts = np.concatenate([sa["count"].to_numpy(), sb["count"].to_numpy()]).astype(float)
            ia = np.arange(len(sa))
            ib = np.arange(len(sa), len(sa) + len(sb))

            def diff(x: np.ndarray, y: np.ndarray, axis: int = -1, s: np.ndarray = sums,
                     c: np.ndarray = counts) -> np.ndarray:
                return s[x].sum(axis=axis) / c[x].sum(axis=axis) - s[y].sum(axis=axis) / c[y].sum(axis=axis)

            d = float(diff(ia, ib))
            seed = _seed(random_state, str(unit), a, b)
            lo = hi = p = float("nan")
            if len(ia) >= 2 and len(ib) >= 2:
                res = stats.bootstrap((ia, ib), diff, n_resamples=n_boot, confidence_level=ci,
                                      method="percentile", vectorized=True, rng=np.random.default_rng(seed))
                lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
                perm = stats.permutation_test((ia, ib), diff, permutation_type="independent", n_resamples=n_perm,
                                              vectorized=True, alternative="two-sided",
                                              rng=np.random.default_rng(seed + 1))
                p = float(perm.pvalue)
            else:
                note = "too few clusters: no interval or test"
            rows.append({"actor": unit, "group_a": a, "group_b": b, "diff": round(d, 6), "ci_low": round(lo, 6),
                         "ci_high": round(hi, 6), "p": p, "n_mentions_a": len(ga), "n_mentions_b": len(gb),
                         "n_docs_a": int(ga["doc_id"].nunique()), "n_docs_b": int(gb["doc_id"].nunique()),
                         "note": note})
    cols = ["actor", "group_a", "group_b", "diff", "ci_low", "ci_high", "p", "q", "n_mentions_a", "n_mentions_b",
            "n_docs_a", "n_docs_b", "note"]
    out = pd.DataFrame(rows, columns=[c for c in cols if c != "q"])
    ok = out["p"].notna().to_numpy() if len(out) else np.zeros(0, dtype=bool)
    q = np.full(len(out), np.nan)
    if ok.any():
        q[ok] = stats.false_discovery_control(out.loc[ok, "p"].to_numpy(dtype=float), method="bh")
    out.insert(7, "q", q)
    return attach_provenance(
        out[cols], function="compare_stance",
        params={"by": by, "actor": actor, "level": level, "component": component, "ci": ci, "n_boot": n_boot,
                "n_perm": n_perm, "quoted": quoted,
                "method": "difference of pooled means; cluster bootstrap percentile CI and two-sided permutation "
                          "test over documents (sentences when a group has one document); BH q"},
        corpus=corpus, random_state=random_state, data_versions=st.attrs.get("provenance", {}).get("data_versions"),
    )
