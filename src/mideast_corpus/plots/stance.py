"""Stance charts: dots with intervals for a few groups, a marked heatmap for many, and stance over time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..grouping import group_column
from ._common import (
    FEW_GROUPS,
    MAX_GROUPS,
    MIN_N,
    PALETTE,
    _add_note,
    _base_layout,
    _colors_for,
    _cut,
    _error_arrays,
    _esc,
    _fmt,
    _left_out_note,
    _name,
    _note_text,
    _ordered,
    _require,
    _title,
    actor_names,
    heatmap,
    heatmap_layout,
    select_groups,
)

__all__ = ["STANCE_MEASURES", "stance_chart", "stance_forest", "stance_heatmap", "stance_over_time"]

#: Measures of a ``stance_by_source`` table a chart can show, with the words used in titles.
STANCE_MEASURES: dict[str, str] = {
    "net": "net stance (share of positive minus share of negative mentions)",
    "mean_score": "mean score of the mentions with evidence",
    "share_negative": "share of negative mentions",
    "share_positive": "share of positive mentions",
    "coverage": "coverage (share of mentions with stance evidence)",
}


def _actors_by_mentions(table: pd.DataFrame, top: int | None) -> list[str]:
    weight = table.groupby(table["actor"].astype(str))["n_mentions"].sum() if "n_mentions" in table.columns else \
        table.groupby(table["actor"].astype(str)).size()
    actors = sorted(weight.index, key=lambda a: (-float(weight[a]), a))
    return actors if top is None else actors[:top]


def _prepared(stance: pd.DataFrame, by: str, value: str, names: Mapping[str, str] | None, top: int | None,
              what: str) -> tuple[pd.DataFrame, str, dict[str, str], list[str]]:
    """The table in chart measures with text keys, its group column, the actor names and the actors shown."""
    by = group_column(stance, by)
    _require(stance, [by, "actor", value], what)
    table = stance
    table = table.assign(**{by: table[by].astype(str), "actor": table["actor"].astype(str)})
    return table, by, actor_names(names), _actors_by_mentions(table, top)


def _interval(row: Mapping[str, Any], measure: str) -> str:
    low, high = row.get(f"{measure}_low"), row.get(f"{measure}_high")
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return ""
    return f" [{_fmt(low)}, {_fmt(high)}]"


def _hover(row: Mapping[str, Any], group: str, name: str) -> str:
    lines = [f"<b>{_esc(group)}</b>", f"{_esc(name)}"]
    for measure, label in (("net", "net stance"), ("coverage", "coverage"), ("share_negative", "negative"),
                           ("share_positive", "positive"), ("mean_score", "mean score")):
        if measure in row:
            lines.append(f"{label}: {_fmt(row[measure])}{_interval(row, measure)}")
    counts = [f"{_fmt(row[c])} {w}" for c, w in (("n_mentions", "mentions"), ("n_evidence", "with evidence"),
                                                  ("n_docs", "documents"), ("n_outlets", "outlets")) if c in row]
    if counts:
        lines.append(", ".join(counts))
    if "cluster" in row and isinstance(row["cluster"], str) and row["cluster"]:
        lines.append(f"interval resamples: {_esc(row['cluster'])}s")
    return "<br>".join(lines) + _note_text(row.get("note"))


def _crosses_zero(row: Mapping[str, Any], measure: str = "net") -> bool:
    low, high = row.get(f"{measure}_low"), row.get(f"{measure}_high")
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return True
    return float(low) <= 0 <= float(high)


def stance_forest(stance: pd.DataFrame, *, by: str = "source", value: str = "net", corpus_name: str | None = None,
                  colors: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None,
                  top: int | None = 15, min_n: int = MIN_N) -> go.Figure:
    """Dots with 95% intervals: stance toward each actor, one dot per group, coverage beside it.

    The form for a few groups (up to about six); :func:`stance_chart` picks it.

    Parameters
    ----------
    stance : pandas.DataFrame
        :func:`mideast_corpus.stance_by_source` output: ``<by>, actor, net, net_low, net_high,
        n_mentions`` and, when present, ``coverage`` (with its interval), the shares, ``n_docs``,
        ``n_outlets``, ``note``.
    by : str
        The grouping column.
    value : str
        The measure drawn (``"net"``; or ``"mean_score"``, ``"share_negative"``, ...).
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours (default :func:`source_colors` of the table's groups).
    names : mapping, optional
        Actor display names (default: the actor dictionary's).
    top : int or None
        Show the ``top`` actors with the most mentions.
    min_n : int
        Dots resting on fewer mentions are drawn open.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per group for the measure (left panel) and, when the table has ``coverage``, one
        per group for coverage (right panel). Each point's ``customdata`` is ``[group, actor]``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["A", "B"], "actor": "isis", "net": [-0.5, -0.1], "net_low": [-0.8, -0.4],
    ...                   "net_high": [-0.2, 0.2], "coverage": [0.4, 0.3], "coverage_low": [0.3, 0.2],
    ...                   "coverage_high": [0.5, 0.4], "n_mentions": [40, 4]})
    >>> fig = stance_forest(t, corpus_name="demo")
    >>> [tr.name for tr in fig.data], fig.data[0].y[0], list(fig.data[2].marker.symbol)
    (['A', 'A', 'B', 'B'], 'Islamic State', ['circle-open'])
    """
    table, by, names, actors = _prepared(stance, by, value, names, top, "stance_forest")
    groups = _ordered(table[by])
    palette = _colors_for(groups, colors)
    has_coverage = "coverage" in table.columns and value != "coverage"
    fig = make_subplots(rows=1, cols=2 if has_coverage else 1, shared_yaxes=True, horizontal_spacing=0.03,
                        column_widths=[0.74, 0.26] if has_coverage else None,
                        subplot_titles=[STANCE_MEASURES.get(value, _esc(value)).split(" (")[0],
                                        "coverage"] if has_coverage else None)
    labels = [_cut(_name(a, names)) for a in actors]
    position = {a: i for i, a in enumerate(actors)}
    for j, group in enumerate(groups):
        sub = table[(table[by] == group) & table["actor"].isin(position)]
        sub = sub.assign(_i=sub["actor"].map(position)).sort_values("_i", kind="stable")
        records = sub.to_dict("records")
        y = [labels[int(r["_i"])] for r in records]
        hover = [_hover(r, group, _name(r["actor"], names)) for r in records]
        symbols = ["circle" if float(r.get("n_mentions", min_n)) >= min_n else "circle-open" for r in records]
        custom = [[_esc(group), _esc(r["actor"])] for r in records]
        for col, measure in ((1, value), (2, "coverage")) if has_coverage else ((1, value),):
            # orientation="h" with scattermode="group" sets the groups' dots side by side on each actor's row
            fig.add_trace(go.Scatter(
                name=_esc(group), legendgroup=_esc(group), showlegend=col == 1, mode="markers", orientation="h",
                offsetgroup=str(j), x=sub[measure].astype(float).tolist(), y=y, customdata=custom,
                marker={"color": palette[group], "size": 9, "symbol": symbols,
                        "line": {"width": 1.5, "color": palette[group]}},
                error_x=_error_arrays(sub, measure, f"{measure}_low", f"{measure}_high"),
                hovertext=hover, hoverinfo="text"), row=1, col=col)
    fig.update_layout(scattermode="group", scattergap=0.4)
    measure_words = STANCE_MEASURES.get(value, _esc(value))
    fig = _base_layout(fig, _title(f"Stance: {measure_words}, with 95% interval, by {_esc(by)}", table, corpus_name),
                       height=max(380, 170 + 40 * len(actors)), legend_title=by)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title_text=None)
    fig.add_vline(x=0, line_width=1, line_color="#888888", line_dash="dot", row=1, col=1)
    fig.update_xaxes(title_text="negative ← 0 → positive" if value in ("net", "mean_score") else None,
                     zeroline=False, row=1, col=1)
    if has_coverage:
        fig.update_xaxes(range=[0, 1], tickformat=".0%", row=1, col=2)
    _add_note(fig, f"Open circles: fewer than {min_n} mentions. Coverage: share of the mentions with any "
                   "stance evidence; the rest have none and do not count toward the stance.")
    return fig


def _net_range(values: pd.Series) -> float:
    """A symmetric colour range that fits the data, in steps of 0.1, from 0.2 to 1."""
    finite = values.astype(float).abs().dropna()
    peak = float(finite.quantile(0.95)) if len(finite) else 0.2
    return float(min(1.0, max(0.2, np.ceil(peak * 10) / 10)))


def stance_heatmap(stance: pd.DataFrame, *, by: str = "source", value: str = "net",
                   corpus_name: str | None = None, names: Mapping[str, str] | None = None,
                   group_sizes: Mapping[str, float] | None = None, top: int | None = 20,
                   max_groups: int | None = MAX_GROUPS, min_n: int = MIN_N) -> go.Figure:
    """Heatmap of stance: one row per group (largest first), one column per actor (most mentioned first).

    The form for many groups; :func:`stance_chart` picks it above six. Cells whose interval
    crosses zero are pale, cells with fewer than ``min_n`` mentions grey with their n; hover gives
    the interval, coverage and counts. Groups beyond ``max_groups`` are named in a note.

    Parameters
    ----------
    stance : pandas.DataFrame
        :func:`mideast_corpus.stance_by_source` output (see :func:`stance_forest`).
    by, value, corpus_name, names, top, min_n
        As in :func:`stance_forest`.
    group_sizes : mapping, optional
        Documents per group, to order the rows and pick the largest (default: mentions in the table).
    max_groups : int or None
        Most groups shown.

    Returns
    -------
    plotly.graph_objects.Figure
        Three heatmap traces (grey, pale, solid cells); ``customdata`` of a cell is ``[group, actor]``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["A", "A", "B"], "actor": ["isis", "russia", "isis"],
    ...                   "net": [-0.5, 0.1, -0.2], "net_low": [-0.7, -0.1, -0.4], "net_high": [-0.3, 0.3, 0.0],
    ...                   "n_mentions": [30, 12, 3]})
    >>> fig = stance_heatmap(t, corpus_name="demo")
    >>> [tr.name for tr in fig.data], fig.data[2].z, fig.data[0].text[1][0]
    (['too few', 'interval crosses 0', 'value'], ([-0.5, None], [None, None]), 'n=3')
    """
    table, by, names, actors = _prepared(stance, by, value, names, top, "stance_heatmap")
    sizes = group_sizes if group_sizes is not None else table.groupby(by)["n_mentions"].sum().to_dict() \
        if "n_mentions" in table.columns else None
    shown, hidden = select_groups(table[by], sizes, max_groups)
    cells = {}
    for row in table[table[by].isin(shown) & table["actor"].isin(actors)].to_dict("records"):
        n = int(row.get("n_mentions", min_n))
        cells[(row[by], row["actor"])] = {
            "value": row[value], "n": n, "small": n < min_n, "faint": _crosses_zero(row, value),
            "hover": _hover(row, row[by], _name(row["actor"], names))}
    limit = _net_range(table.loc[table["n_mentions"] >= min_n, value] if "n_mentions" in table.columns
                       else table[value])
    fig = go.Figure(heatmap(shown, actors, cells, row_labels={g: _cut(g) for g in shown},
                            column_labels={a: _cut(_name(a, names)) for a in actors}, colorscale="RdBu",
                            zmin=-limit, zmax=limit, zmid=0.0, colorbar="net" if value == "net" else _esc(value)))
    measure_words = STANCE_MEASURES.get(value, _esc(value))
    fig = _base_layout(fig, _title(f"Stance: {measure_words}, by {_esc(by)}", table, corpus_name), height=400)
    heatmap_layout(fig, len(shown), len(actors), row_title=_esc(by), column_title="actor",
                   longest_column_label=max((len(_name(a, names)) for a in actors), default=5))
    note = (f"Red: more negative than positive mentions; blue: more positive. Pale: the 95% interval crosses 0. "
            f"Grey: fewer than {min_n} mentions. Click a cell for its passages (in the report).")
    _add_note(fig, note + ("<br>" + _left_out_note(hidden) if hidden else ""))
    return fig


def stance_chart(stance: pd.DataFrame, *, by: str = "source", value: str = "net", corpus_name: str | None = None,
                 colors: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None,
                 group_sizes: Mapping[str, float] | None = None, few: int = FEW_GROUPS,
                 min_n: int = MIN_N) -> go.Figure:
    """Stance by group in the form that fits: :func:`stance_forest` up to ``few`` groups, else :func:`stance_heatmap`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": [f"S{i}" for i in range(8)], "actor": "isis", "net": -0.2, "net_low": -0.3,
    ...                   "net_high": -0.1, "n_mentions": 20})
    >>> stance_chart(t).data[0].type, stance_chart(t[t["source"] < "S3"]).data[0].type
    ('heatmap', 'scatter')
    """
    table = stance
    column = group_column(table, by)
    if table[column].nunique() <= few:
        return stance_forest(table, by=column, value=value, corpus_name=corpus_name, colors=colors, names=names,
                             min_n=min_n)
    return stance_heatmap(table, by=column, value=value, corpus_name=corpus_name, names=names,
                          group_sizes=group_sizes, min_n=min_n)


def _period_start(label: str) -> pd.Timestamp | None:
    try:
        return pd.Period(label).start_time
    except (ValueError, TypeError):
        return None


def stance_over_time(stance: pd.DataFrame, *, by: str = "published:month", value: str = "net",
                     corpus_name: str | None = None, names: Mapping[str, str] | None = None, top: int = 6,
                     min_n: int = MIN_N) -> go.Figure:
    """Stance toward the most mentioned actors over time: one panel per actor, a line with 95% intervals.

    Parameters
    ----------
    stance : pandas.DataFrame
        :func:`mideast_corpus.stance_by_source` with ``by="published:month"`` (or ``:quarter``,
        ``:year``); the ``(undated)`` group is left out.
    by, value, corpus_name, names, min_n
        As in :func:`stance_forest`; points on fewer than ``min_n`` mentions are drawn open.
    top : int
        Actors shown (most mentions first).

    Returns
    -------
    plotly.graph_objects.Figure
        One line trace per actor (with interval whiskers).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"published:month": ["2017-01", "2017-02", "(undated)"], "actor": "isis",
    ...                   "net": [-0.4, -0.2, 0.0], "net_low": [-0.6, -0.5, -0.1], "net_high": [-0.2, 0.1, 0.1],
    ...                   "n_mentions": [30, 5, 2]})
    >>> fig = stance_over_time(t, corpus_name="demo")
    >>> len(fig.data), [str(x)[:10] for x in fig.data[0].x]
    (1, ['2017-01-01', '2017-02-01'])
    """
    table = stance
    column = group_column(table, by)
    _require(table, [column, "actor", value], "stance_over_time")
    names = actor_names(names)
    table = table.assign(_t=[_period_start(str(g)) for g in table[column]], actor=table["actor"].astype(str))
    table = table[table["_t"].notna()]
    actors = _actors_by_mentions(table, top)
    if "n_mentions" in table.columns:
        # a period with one or two mentions swings from -1 to +1 and would set every panel's scale
        table = table[table["n_mentions"] >= 3]
    fig = make_subplots(rows=max(len(actors), 1), cols=1, shared_xaxes=True, vertical_spacing=0.04,
                        subplot_titles=[_cut(_name(a, names), 60) for a in actors] or None)
    for i, actor in enumerate(actors, start=1):
        sub = table[table["actor"] == actor].sort_values("_t", kind="stable")
        color = PALETTE[(i - 1) % len(PALETTE)]
        records = sub.to_dict("records")
        fig.add_trace(go.Scatter(
            x=sub["_t"].tolist(), y=sub[value].astype(float).tolist(), mode="lines+markers",
            name=_esc(_name(actor, names)), showlegend=False, line={"color": color, "width": 1.5},
            marker={"color": color, "size": 7, "symbol": ["circle" if float(r.get("n_mentions", min_n)) >= min_n
                                                          else "circle-open" for r in records]},
            # whiskers, not a band: a band would be drawn across periods without a point
            error_y=_error_arrays(sub, value, f"{value}_low", f"{value}_high"),
            customdata=[[_esc(r[column]), _esc(actor)] for r in records],
            hovertext=[_hover(r, str(r[column]), _name(actor, names)) for r in records], hoverinfo="text"),
            row=i, col=1)
        fig.add_hline(y=0, line_width=1, line_color="#888888", line_dash="dot", row=i, col=1)
    words = STANCE_MEASURES.get(value, _esc(value))
    fig = _base_layout(fig, _title(f"Stance over time: {words}, by {_esc(column)}, with 95% intervals", table,
                                   corpus_name), height=140 + 170 * max(len(actors), 1))
    _add_note(fig, f"Open points: fewer than {min_n} mentions in that period; periods with fewer than 3 are not "
                   "drawn, nor undated documents.")
    return fig
