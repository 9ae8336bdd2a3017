"""The overview: how big each group is, in documents and words, largest first."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._common import (
    FEW_GROUPS,
    PALETTE,
    _add_note,
    _base_layout,
    _colors_for,
    _cut,
    _esc,
    _left_out_note,
    _require,
    _title,
    select_groups,
)

__all__ = ["overview_chart"]


def overview_chart(summary: pd.DataFrame, *, by: str = "source", corpus_name: str | None = None,
                   colors: Mapping[str, str] | None = None, max_groups: int | None = 60,
                   few: int = FEW_GROUPS) -> go.Figure:
    """Documents and words per group, side by side, largest group first.

    Every other chart rests on these sizes: a group with one article describes that article.
    Up to ``few`` groups each bar takes its group colour; beyond, one colour (the legend of
    60 colours would say nothing). Groups beyond ``max_groups`` are named in a note.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``Corpus.summary(by=...)``: ``<by>, n_docs, n_words``.
    by : str
        The grouping column.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours.
    max_groups : int or None
        Most groups shown.
    few : int
        Up to this many groups, one colour per group.

    Returns
    -------
    plotly.graph_objects.Figure
        Two horizontal bar traces per group (documents, words) with a few groups, else two in all.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"source": ["A", "B"], "n_docs": [1, 2], "n_words": [900, 2400]})
    >>> fig = overview_chart(s, corpus_name="demo")
    >>> len(fig.data), list(fig.data[0].y), [a.text for a in fig.layout.annotations][:2]
    (4, ['B'], ['documents', 'words'])
    """
    _require(summary, [by, "n_docs", "n_words"], "overview_chart")
    table = summary.assign(**{by: summary[by].astype(str)})
    sizes = dict(zip(table[by], table["n_docs"] * 1e9 + table["n_words"], strict=True))
    shown, hidden = select_groups(table[by], sizes, max_groups)
    table = table.set_index(by).loc[shown].reset_index()
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=["documents", "words"])
    labels = [_cut(g, 40) for g in shown]
    hover = [f"<b>{_esc(g)}</b><br>{int(d):,} documents, {int(w):,} words"
             for g, d, w in zip(table[by], table["n_docs"], table["n_words"], strict=True)]
    if len(shown) <= few:
        palette = _colors_for(shown, colors)
        for i, group in enumerate(shown):
            for col, column in ((1, "n_docs"), (2, "n_words")):
                fig.add_trace(go.Bar(orientation="h", x=[int(table.loc[i, column])], y=[labels[i]],
                                     name=_esc(group), legendgroup=_esc(group), showlegend=col == 1,
                                     marker_color=palette[group], hovertext=[hover[i]], hoverinfo="text"),
                              row=1, col=col)
    else:
        for col, column in ((1, "n_docs"), (2, "n_words")):
            fig.add_trace(go.Bar(orientation="h", x=table[column].astype(int).tolist(), y=labels, showlegend=False,
                                 name=column, marker_color=PALETTE[0], hovertext=hover, hoverinfo="text",
                                 text=[f"{int(v):,}" for v in table[column]], textposition="outside",
                                 cliponaxis=False), row=1, col=col)
    per_row = 22 if len(shown) <= 40 else 17
    fig = _base_layout(fig, _title(f"Overview by {_esc(by)}: documents and words, largest first", summary,
                                   corpus_name), height=max(300, 150 + per_row * len(shown)), legend_title=by)
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array", categoryarray=labels,
                     tickfont={"size": 11 if len(shown) <= 40 else 10})
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    if table["n_docs"].max() <= 10:
        fig.update_xaxes(dtick=1, row=1, col=1)
    _add_note(fig, _left_out_note(hidden))
    return fig
