"""Topic charts: prevalence by group as bars with intervals (a few groups) or a heatmap (many)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ..grouping import group_column
from ._common import (
    FEW_GROUPS,
    MAX_GROUPS,
    MIN_N,
    _add_note,
    _base_layout,
    _esc,
    _left_out_note,
    _require,
    _title,
    grouped_ci_bars,
    heatmap_layout,
    share_heatmap,
)

__all__ = ["topic_prevalence_chart"]


def _topic_labels(topics: Iterable[Any], labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None,
                  terms: pd.DataFrame | None, n_terms: int) -> dict[Any, str]:
    if isinstance(labels, pd.DataFrame):
        labels = dict(zip(labels["topic"], labels["label"], strict=True))
    elif isinstance(labels, pd.Series):
        labels = labels.to_dict()
    out = {}
    for t in topics:
        if labels is not None and t in labels:
            out[t] = str(labels[t])
        elif terms is not None and {"topic", "term"} <= set(terms.columns) and (terms["topic"] == t).any():
            sub = terms[terms["topic"] == t]
            if "rank" in sub.columns:
                sub = sub.sort_values("rank", kind="stable")
            out[t] = f"{t}: " + ", ".join(sub["term"].astype(str).head(n_terms))
        else:
            out[t] = f"topic {t}"
    return out


def topic_prevalence_chart(prevalence: pd.DataFrame, *, by: str = "source", terms: pd.DataFrame | None = None,
                           labels: Mapping[Any, str] | pd.Series | pd.DataFrame | None = None, n_terms: int = 3,
                           corpus_name: str | None = None, colors: Mapping[str, str] | None = None,
                           group_sizes: Mapping[str, float] | None = None, few: int = FEW_GROUPS,
                           max_groups: int | None = MAX_GROUPS, min_n: int = MIN_N) -> go.Figure:
    """Topic prevalence by group: share of each group's text units per topic, with intervals.

    Up to ``few`` groups: grouped bars with 95% intervals. More: a heatmap, rows the groups
    (largest first, at most ``max_groups``), columns the topics; groups with fewer than
    ``min_n`` text units are grey.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        ``TopicModel.prevalence()`` output: ``<by>, topic, share, ci_low, ci_high``
        (``n_units``, ``note`` on hover when present).
    by : str
        The grouping column.
    terms : pandas.DataFrame, optional
        ``TopicModel.terms()`` output (``topic, rank, term``): top terms label the topics.
    labels : mapping, Series or DataFrame, optional
        Topic labels (``TopicModel.labels``); win over a ``label`` column of
        ``prevalence``, which wins over ``terms``.
    n_terms : int
        Terms per label when labels come from ``terms``.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours.
    group_sizes : mapping, optional
        Documents per group (orders the heatmap rows).
    few, max_groups, min_n : int
        See above.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars (one trace per group) or heatmap traces; ``customdata`` is ``[group, topic]``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"source": ["A", "A", "B", "B"], "topic": [0, 1, 0, 1], "share": [0.7, 0.3, 0.2, 0.8],
    ...                   "ci_low": [0.5, 0.1, 0.1, 0.6], "ci_high": [0.9, 0.5, 0.4, 0.9], "n_units": [9, 9, 7, 7]})
    >>> terms = pd.DataFrame({"topic": [0, 1], "rank": [1, 1], "term": ["mosul", "aleppo"]})
    >>> fig = topic_prevalence_chart(p, terms=terms, corpus_name="demo")
    >>> len(fig.data), list(fig.data[0].x)
    (2, ['0: mosul', '1: aleppo'])
    """
    by = group_column(prevalence, by)
    _require(prevalence, [by, "topic", "share"], "topic_prevalence_chart")
    topics = sorted(pd.unique(prevalence["topic"]).tolist(), key=lambda t: (str(type(t)), t))
    if labels is None and "label" in prevalence.columns:
        first = prevalence.drop_duplicates("topic")
        labels = {t: f"{t}: {lab}" for t, lab in zip(first["topic"], first["label"].astype(str), strict=True)}
    names = _topic_labels(topics, labels, terms, n_terms)
    title = _title(f"Topic prevalence: share of each {_esc(by)}'s text per topic, with 95% interval", prevalence,
                   corpus_name)
    if prevalence[by].nunique() > few:
        fig, shown, hidden = share_heatmap(prevalence, by=by, category="topic", value="share", category_labels=names,
                                           group_sizes=group_sizes, max_groups=max_groups, n_column="n_units",
                                           min_n=min_n, colorscale="Greens", colorbar="share",
                                           hover_extra=[("n_units", "text units"), ("n_docs", "documents")])
        fig = _base_layout(fig, title, height=400)
        heatmap_layout(fig, len(shown), len(topics), row_title=_esc(by), column_title="topic (top terms)",
                       longest_column_label=max((len(v) for v in names.values()), default=5))
        _add_note(fig, f"Grey: fewer than {min_n} text units. " + _left_out_note(hidden))
        return fig
    fig = grouped_ci_bars(prevalence, by=by, category="topic", value="share", category_labels=names,
                          colors=colors, hover_extra=[("n_units", "text units")])
    fig = _base_layout(fig, title, height=480, legend_title=by)
    fig.update_xaxes(title_text="topic (top terms)", tickangle=-25)
    fig.update_yaxes(title_text="share of text units", tickformat=".0%", rangemode="tozero")
    return fig
