"""Aggregate mention-level stance by group (outlet, outlet kind, year) with cluster-bootstrap intervals and tests.

Per group and actor, :func:`stance_by_source` reports how many mentions, documents and outlets there are, the
**coverage** (share of mentions with evidence: ``score`` not NaN), the shares of mentions labelled negative and
positive, their difference **net** (the headline measure: it counts mentions without evidence as neither, so an
outlet that rarely judges an actor is not made to look extreme by its few judgements) and the mean ``score``
over the evidenced mentions, each with a percentile interval.

Mentions are not independent draws: those of one document share an author and a story, and those of one outlet
share an editorial line. So the bootstrap resamples clusters: **outlets** when a group holds several outlets
(``by="bias_text"``: intervals describe a population of outlets, not of mentions), **documents** otherwise,
and **sentences** for a one-document group (``cluster=`` overrides; the choice is in ``cluster`` and in the
provenance). With ``weight="mention"`` (default) every mention counts once, as a reader of the corpus meets
them; ``weight="document"`` averages per-document shares so that long, actor-dense articles do not dominate.
:func:`compare_stance` gives pairwise differences with the same clusters, a permutation p-value (clusters
shuffled between the two groups) and Benjamini-Hochberg q-values (:func:`scipy.stats.false_discovery_control`).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..corpus import Corpus
from ..grouping import group_labels
from ..progress import progress as with_bar  # the parameter progress= takes the plain name
from ..provenance import attach_provenance
from ..resampling import bootstrap_sums, fdr_q, percentile_interval
from ..rng import group_rng

__all__ = ["MEASURES", "compare_stance", "stance_by_source"]

_LEVELS = ("actor", "parent", "kind", "all")
_QUOTED = ("include", "exclude", "only")
_CLUSTERS = ("auto", "outlet", "document", "sentence")
_WEIGHTS = ("mention", "document")
#: Measures of :func:`stance_by_source`, each with ``_low`` / ``_high`` interval columns.
MEASURES = ("coverage", "share_negative", "share_positive", "net", "mean_score")
# per-mention quantities summed within clusters: evidence, negative, positive, score (0 where none), one
_Q = 5


def _select(st: pd.DataFrame, by: str, corpus: Corpus, quoted: str, level: str) -> pd.DataFrame:
    if quoted not in _QUOTED:
        raise ValueError(f"quoted={quoted!r}: use one of {_QUOTED}")
    if level not in _LEVELS:
        raise ValueError(f"level={level!r}: use one of {_LEVELS}")
    missing = {"doc_id", "actor", "score", "label"} - set(st.columns)
    if missing:
        raise ValueError(f"st: the table lacks {sorted(missing)}; make it with mideast_corpus.score_stance")
    df = st
    if quoted == "exclude":
        df = df[~df["quoted"].astype(bool)]
    elif quoted == "only":
        df = df[df["quoted"].astype(bool)]
    if corpus is not None:
        labels = group_labels(corpus.docs, by)
        groups = df["doc_id"].map(dict(zip(corpus.docs["doc_id"], labels, strict=False)))
        sources = df["doc_id"].map(dict(zip(corpus.docs["doc_id"], corpus.docs["source"], strict=False)))
    elif by in df.columns:
        groups = df[by]
        sources = df["source"] if "source" in df.columns else df[by]
    else:
        raise KeyError(f"by={by!r} is not a column of the stance table; pass corpus= to group by any document "
                       "variable (e.g. by='outlet_kind' or by='published:year')")
    parent = df["parent"].where(df["parent"].astype(str) != "", df["actor"]) if "parent" in df.columns else df["actor"]
    unit = {"actor": df["actor"], "parent": parent, "kind": df.get("kind", df["actor"]), "all": "(all)"}[level]
    score = df["score"].astype(float).to_numpy()
    label = df["label"].astype(str).to_numpy()
    return pd.DataFrame({
        "group": groups.astype(str).to_numpy(),
        "unit": np.broadcast_to(np.asarray(unit, dtype=object), len(df)) if level == "all" else
        np.asarray(unit, dtype=object),
        "outlet": sources.astype(str).to_numpy(),
        "doc_id": df["doc_id"].astype(str).to_numpy(),
        "sent": (df["doc_id"].astype(str) + "#" + df["sent_id"].astype(str)).to_numpy(),
        "evidence": ~np.isnan(score),
        "negative": label == "negative",
        "positive": label == "positive",
        "score": np.nan_to_num(score, nan=0.0),
    })


def _cluster_of(g: pd.DataFrame, cluster: str) -> str:
    """The resampled unit of one cell (or pair of cells): the user's choice, or outlets > documents > sentences."""
    if cluster == "outlet":
        return "outlet"
    if cluster == "document":
        return "document" if g["doc_id"].nunique() >= 2 else "sentence"
    if cluster == "sentence":
        return "sentence"
    if g["outlet"].nunique() >= 2:
        return "outlet"
    return "document" if g["doc_id"].nunique() >= 2 else "sentence"


_KEY = {"outlet": "outlet", "document": "doc_id", "sentence": "sent"}


def _pair_cluster(ga: pd.DataFrame, gb: pd.DataFrame, cluster: str) -> str:
    """The unit resampled in both groups of a comparison: the largest one of which each group has two or more."""
    if cluster != "auto":
        return cluster
    for unit in ("outlet", "document"):
        if ga[_KEY[unit]].nunique() >= 2 and gb[_KEY[unit]].nunique() >= 2:
            return unit
    return "sentence"


def _cluster_sums(g: pd.DataFrame, unit: str, weight: str) -> np.ndarray:
    """Per cluster (rows, in sorted cluster order) the sums the measures are ratios of.

    Columns: evidence, negative, positive, score, n, score denominator. With ``weight="mention"`` they are sums
    over mentions (n = mentions, denominator = evidenced mentions); with ``weight="document"`` sums over
    documents of each document's shares and mean score (n = documents, denominator = documents with evidence).
    """
    x = g[["evidence", "negative", "positive", "score"]].astype(float)
    x["n"] = 1.0
    x["denominator"] = x["evidence"]
    key = g[_KEY[unit]].to_numpy()
    if weight == "document":
        d = x.groupby(g["doc_id"].to_numpy(), sort=True).sum()
        n = d["n"].to_numpy()
        e = d["evidence"].to_numpy()
        x = pd.DataFrame({"evidence": e / n, "negative": d["negative"].to_numpy() / n,
                          "positive": d["positive"].to_numpy() / n,
                          "score": np.divide(d["score"].to_numpy(), e, out=np.zeros_like(e), where=e > 0),
                          "n": 1.0, "denominator": (e > 0).astype(float)})
        if unit == "outlet":
            key = g.drop_duplicates("doc_id").set_index("doc_id")["outlet"].reindex(d.index).to_numpy()
        else:  # documents are the smallest unit a document weight can resample
            key = d.index.to_numpy()
    return x.groupby(key, sort=True).sum().to_numpy()


def _measures(s: np.ndarray) -> np.ndarray:
    """Measures from summed cluster rows (..., 6): coverage, share_negative, share_positive, net, mean_score."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = s[..., 4]
        cov, neg, pos = s[..., 0] / n, s[..., 1] / n, s[..., 2] / n
        mean = np.where(s[..., 5] > 0, s[..., 3] / s[..., 5], np.nan)
    return np.stack([cov, neg, pos, pos - neg, mean], axis=-1)


def _bootstrap(sums: np.ndarray, ci: float, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Percentile intervals (measures x 2) of the cluster bootstrap; NaN with fewer than two clusters."""
    if len(sums) < 2:
        return np.full((len(MEASURES), 2), np.nan)
    return np.column_stack(percentile_interval(_measures(bootstrap_sums(sums, n_boot, rng)), ci))


#: Cells from which a run shows a progress bar unless progress was switched off.
LONG_RUN = 300


def stance_by_source(
    st: pd.DataFrame,
    by: str = "source",
    *,
    level: str = "actor",
    ci: float = 0.95,
    n_boot: int = 2000,
    random_state: int = 0,
    cluster: str = "auto",
    weight: str = "mention",
    quoted: str = "include",
    corpus: Corpus | None = None,
    min_mentions: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Coverage, negative and positive shares, net stance and mean score per group and actor, with intervals.

    Parameters
    ----------
    st : pandas.DataFrame
        From :func:`~mideast_corpus.stance.score_stance` (``doc_id``, ``sent_id``, ``actor``, ``score``,
        ``label``; ``source``, ``parent``, ``kind``, ``quoted`` when used).
    by : str, default "source"
        A column of ``st`` or, with ``corpus``, any document variable or ``"published:year"``
        (resolved by :func:`mideast_corpus.group_labels`).
    level : {"actor", "parent", "kind", "all"}
        Aggregate per actor id, per parent actor (``syrian_arab_army`` under ``syria_government``), per
        actor kind, or over all mentions of the group.
    ci : float, default 0.95
        Confidence level of the percentile intervals.
    n_boot : int, default 2000
        Bootstrap resamples.
    random_state : int, default 0
        Seed; each cell gets its own stream derived from it and the cell's labels.
    cluster : {"auto", "outlet", "document", "sentence"}
        The resampled unit. ``"auto"``: outlets when the group holds two or more outlets, else documents
        (sentences for a one-document group).
    weight : {"mention", "document"}
        ``"mention"``: every mention counts once; ``"document"``: every document counts once (its shares and
        mean score are averaged over its own mentions first).
    quoted : {"include", "exclude", "only"}
        Keep, drop or keep only mentions in quotations and reported speech (the speaker's stance).
    corpus : Corpus, optional
        Needed when ``by`` is not a column of ``st``.
    min_mentions : int, default 1
        Drop cells with fewer mentions.
    progress : bool, optional
        A progress bar on stderr; by default shown when there are 300 cells or more.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``actor`` (or the level's unit), ``n_mentions``, ``n_docs``, ``n_outlets``, ``n_evidence``,
        then for each of :data:`MEASURES` the value and its ``_low`` / ``_high`` interval, ``cluster`` (the
        resampled unit) and ``note`` ("one cluster: no interval"), sorted by group and actor.

    Examples
    --------
    >>> nan = float("nan")
    >>> st = pd.DataFrame({"doc_id": ["a1", "a1", "a2", "b1"], "sent_id": [0, 1, 0, 0],
    ...     "source": ["A", "A", "A", "B"], "actor": ["isis"] * 4, "parent": [""] * 4,
    ...     "score": [-0.5, nan, -0.4, 0.3], "label": ["negative", "none", "negative", "positive"],
    ...     "quoted": [False] * 4})
    >>> t = stance_by_source(st, n_boot=200)
    >>> t[["source", "n_mentions", "coverage", "share_negative", "net", "mean_score", "cluster"]].values.tolist()
    [['A', 3, 0.666667, 0.666667, -0.666667, -0.45, 'document'], ['B', 1, 1.0, 0.0, 1.0, 0.3, 'sentence']]
    """
    if cluster not in _CLUSTERS:
        raise ValueError(f"cluster={cluster!r}: use one of {_CLUSTERS}")
    if weight not in _WEIGHTS:
        raise ValueError(f"weight={weight!r}: use one of {_WEIGHTS}")
    sel = _select(st, by, corpus, quoted, level)
    unit_name = "actor" if level != "kind" else "kind"
    cells = sel.groupby(["group", "unit"], sort=True)
    rows = []
    for (group, unit), g in with_bar(cells, desc="stance by source", total=cells.ngroups, enabled=progress,
                                     always_from=LONG_RUN):
        if len(g) < min_mentions:
            continue
        resampled = _cluster_of(g, cluster)
        sums = _cluster_sums(g, resampled, weight)
        point = _measures(sums.sum(axis=0))
        # each cell its own stream, from the seed and the cell's labels: adding a source moves no other cell
        interval = _bootstrap(sums, ci, n_boot, group_rng(random_state, group, str(unit)))
        note = "one mention: no interval" if len(g) == 1 else (
            f"one {resampled}: no interval" if len(sums) < 2 else "")
        row: dict[str, Any] = {by: group, unit_name: unit, "n_mentions": len(g), "n_docs": int(g["doc_id"].nunique()),
                               "n_outlets": int(g["outlet"].nunique()), "n_evidence": int(g["evidence"].sum())}
        for m, name in enumerate(MEASURES):
            row[name] = round(float(point[m]), 6)
            row[f"{name}_low"] = round(float(interval[m, 0]), 6)
            row[f"{name}_high"] = round(float(interval[m, 1]), 6)
        row["cluster"] = resampled
        row["note"] = note
        rows.append(row)
    cols = [by, unit_name, "n_mentions", "n_docs", "n_outlets", "n_evidence"]
    cols += [c for m in MEASURES for c in (m, f"{m}_low", f"{m}_high")] + ["cluster", "note"]
    out = pd.DataFrame(rows, columns=cols)
    return attach_provenance(
        out, function="stance_by_source",
        params={"by": by, "level": level, "ci": ci, "n_boot": n_boot, "quoted": quoted, "cluster": cluster,
                "weight": weight, "min_mentions": min_mentions,
                "method": "cluster bootstrap (outlets when a group holds several, else documents, sentences for a "
                          "one-document group), percentile intervals; net = share positive - share negative"},
        corpus=corpus, random_state=random_state, data_versions=st.attrs.get("provenance", {}).get("data_versions"),
    )


def compare_stance(
    st: pd.DataFrame,
    by: str = "source",
    *,
    actor: str | None = None,
    measure: str = "net",
    level: str = "actor",
    ci: float = 0.95,
    n_boot: int = 2000,
    n_perm: int = 2000,
    random_state: int = 0,
    cluster: str = "auto",
    weight: str = "mention",
    quoted: str = "include",
    corpus: Corpus | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Pairwise differences of a stance measure between groups, with interval, permutation p and BH q.

    Parameters
    ----------
    st : pandas.DataFrame
        From :func:`~mideast_corpus.stance.score_stance`.
    by : str, default "source"
        Grouping, as in :func:`stance_by_source`.
    actor : str, optional
        Compare stance toward this actor (or parent/kind, per ``level``); all units when omitted.
    measure : str, default "net"
        One of :data:`MEASURES`.
    level, ci, n_boot, random_state, cluster, weight, quoted, corpus, progress
        As in :func:`stance_by_source`; with ``cluster="auto"`` both groups are resampled by the largest unit
        (outlet, then document, then sentence) of which each group has at least two.
    n_perm : int, default 2000
        Permutations of the two-sided test (clusters are shuffled between the two groups).

    Returns
    -------
    pandas.DataFrame
        ``actor``, ``measure``, ``group_a``, ``group_b``, ``value_a``, ``value_b``, ``diff`` (a - b),
        ``ci_low``, ``ci_high``, ``p``, ``q`` (Benjamini-Hochberg over all rows), ``n_mentions_a``,
        ``n_mentions_b``, ``n_clusters_a``, ``n_clusters_b``, ``cluster``, ``note``.

    Examples
    --------
    >>> st = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"], "sent_id": [0] * 6,
    ...     "source": ["A"] * 3 + ["B"] * 3, "actor": ["russia"] * 6, "parent": [""] * 6,
    ...     "score": [0.5, 0.4, 0.6, -0.5, -0.4, -0.6], "label": ["positive"] * 3 + ["negative"] * 3,
    ...     "quoted": [False] * 6})
    >>> t = compare_stance(st, actor="russia", n_boot=200, n_perm=200)
    >>> t[["group_a", "group_b", "diff", "n_clusters_a", "cluster"]].values.tolist()
    [['A', 'B', 2.0, 3, 'document']]
    >>> bool(t.loc[0, "p"] < 0.2)
    True
    """
    if measure not in MEASURES:
        raise ValueError(f"measure={measure!r}: use one of {MEASURES}")
    if cluster not in _CLUSTERS:
        raise ValueError(f"cluster={cluster!r}: use one of {_CLUSTERS}")
    if weight not in _WEIGHTS:
        raise ValueError(f"weight={weight!r}: use one of {_WEIGHTS}")
    m = MEASURES.index(measure)
    sel = _select(st, by, corpus, quoted, level)
    if actor is not None:
        sel = sel[sel["unit"] == actor]
    pairs = [(unit, gu, a, b) for unit, gu in sel.groupby("unit", sort=True)
             for a, b in combinations(sorted(gu["group"].unique()), 2)]
    rows = []
    for unit, gu, a, b in with_bar(pairs, desc="compare stance", total=len(pairs), enabled=progress,
                                   always_from=LONG_RUN):
        ga, gb = gu[gu["group"] == a], gu[gu["group"] == b]
        resampled = _pair_cluster(ga, gb, cluster)
        sa, sb = _cluster_sums(ga, resampled, weight), _cluster_sums(gb, resampled, weight)
        va, vb = float(_measures(sa.sum(axis=0))[m]), float(_measures(sb.sum(axis=0))[m])
        lo = hi = p = float("nan")
        note = ""
        if len(sa) >= 2 and len(sb) >= 2:
            rng = group_rng(random_state, str(unit), a, b)
            boot_a = bootstrap_sums(sa, n_boot, rng)  # a's draws first, then b's, from the pair's one stream
            diffs = _measures(boot_a)[:, m] - _measures(bootstrap_sums(sb, n_boot, rng))[:, m]
            lo, hi = (float(x[0]) for x in percentile_interval(diffs[:, None], ci))
            both = np.concatenate([sa, sb])

            def stat(x: np.ndarray, y: np.ndarray, axis: int = -1, both: np.ndarray = both) -> np.ndarray:
                # index arrays come with the resampled axis last; indexing adds the sums' axis after it
                return _measures(both[x].sum(axis=-2))[..., m] - _measures(both[y].sum(axis=-2))[..., m]

            perm = stats.permutation_test((np.arange(len(sa)), np.arange(len(sa), len(both))), stat,
                                          permutation_type="independent", n_resamples=n_perm, vectorized=True,
                                          alternative="two-sided", rng=group_rng(random_state, str(unit), a, b, "perm"))
            p = float(perm.pvalue)
        else:
            note = f"fewer than two {resampled}s in a group: no interval or test"
        rows.append({"actor": unit, "measure": measure, "group_a": a, "group_b": b, "value_a": round(va, 6),
                     "value_b": round(vb, 6), "diff": round(va - vb, 6), "ci_low": round(lo, 6),
                     "ci_high": round(hi, 6), "p": p, "n_mentions_a": len(ga), "n_mentions_b": len(gb),
                     "n_clusters_a": len(sa), "n_clusters_b": len(sb), "cluster": resampled, "note": note})
    cols = ["actor", "measure", "group_a", "group_b", "value_a", "value_b", "diff", "ci_low", "ci_high", "p", "q",
            "n_mentions_a", "n_mentions_b", "n_clusters_a", "n_clusters_b", "cluster", "note"]
    out = pd.DataFrame(rows, columns=[c for c in cols if c != "q"])
    out.insert(cols.index("q"), "q", fdr_q(out["p"].to_numpy(dtype=float)))
    return attach_provenance(
        out[cols], function="compare_stance",
        params={"by": by, "actor": actor, "measure": measure, "level": level, "ci": ci, "n_boot": n_boot,
                "n_perm": n_perm, "quoted": quoted, "cluster": cluster, "weight": weight,
                "method": "difference of the measure; cluster bootstrap percentile CI and two-sided permutation "
                          "test over clusters (outlets when a group holds several, else documents); BH q"},
        corpus=corpus, random_state=random_state, data_versions=st.attrs.get("provenance", {}).get("data_versions"),
    )
