"""Who is talked about and what they are called: salience and naming charts."""

from __future__ import annotations

from collections.abc import Mapping

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
    _esc,
    _fmt,
    _left_out_note,
    _name,
    _ordered,
    _require,
    _title,
    actor_names,
    heatmap,
    heatmap_layout,
    select_groups,
)
from .stance import _period_start

__all__ = ["naming_chart", "salience_heatmap", "salience_over_time"]

_SALIENCE_LABELS = {"per_1k_words": "mentions per 1,000 words", "share_of_mentions": "share of the group's mentions",
                    "count": "mentions"}


def salience_heatmap(freq: pd.DataFrame, *, by: str = "source", value: str = "per_1k_words",
                     corpus_name: str | None = None, top: int | None = 20, names: Mapping[str, str] | None = None,
                     group_sizes: Mapping[str, float] | None = None, max_groups: int | None = MAX_GROUPS,
                     min_count: int = 0) -> go.Figure:
    """Heatmap of actor salience: one row per group (largest first), one column per actor (most mentioned first).

    Parameters
    ----------
    freq : pandas.DataFrame
        :func:`mideast_corpus.entities.entity_frequency` output: columns
        ``<by>, actor, count, per_1k_words`` (and optionally ``per_1k_low, per_1k_high,
        share_of_mentions, n_docs_mentioning``).
    by : str
        The grouping column.
    value : str
        The column coloured: ``"per_1k_words"`` (default), ``"share_of_mentions"`` or ``"count"``.
    corpus_name : str, optional
        Named in the title.
    top : int or None
        Show the ``top`` actors with the most mentions (all if None).
    names : mapping, optional
        Actor display names (default: the actor dictionary's).
    group_sizes : mapping, optional
        Documents per group, to order the rows and pick the largest (default: words in the table).
    max_groups : int or None
        Most groups shown; the others are named in a note.
    min_count : int
        Cells with fewer mentions are drawn grey with their count.

    Returns
    -------
    plotly.graph_objects.Figure
        Heatmap traces; ``customdata`` of a cell is ``[group, actor]``.

    Examples
    --------
    >>> import pandas as pd
    >>> freq = pd.DataFrame({"source": ["A", "A", "B", "B"], "actor": ["isis", "syria_government", "isis",
    ...                      "syria_government"], "count": [4, 1, 2, 0], "per_1k_words": [8.0, 2.0, 4.0, 0.0]})
    >>> fig = salience_heatmap(freq, corpus_name="demo")
    >>> fig.data[-1].type, list(fig.data[-1].x), list(fig.data[-1].y)
    ('heatmap', ['Islamic State', 'Syrian government'], ['A', 'B'])
    """
    by = group_column(freq, by)
    _require(freq, [by, "actor", value], "salience_heatmap")
    names = actor_names(names)
    table = freq.assign(**{by: freq[by].astype(str), "actor": freq["actor"].astype(str)})
    weight_col = "count" if "count" in table.columns else value
    weight = table.groupby("actor")[weight_col].sum()
    actors = sorted(weight.index, key=lambda a: (-float(weight[a]), a))
    actors = actors if top is None else actors[:top]
    sizes = group_sizes
    if sizes is None and "n_words" in table.columns:
        sizes = table.groupby(by)["n_words"].max().to_dict()
    shown, hidden = select_groups(table[by], sizes, max_groups)
    measure = _SALIENCE_LABELS.get(value, _esc(value))
    cells = {}
    for row in table[table[by].isin(shown) & table["actor"].isin(actors)].to_dict("records"):
        lines = [f"<b>{_esc(row[by])}</b>", _esc(_name(row["actor"], names)), f"{measure}: {_fmt(row[value])}"]
        if "per_1k_low" in row and value == "per_1k_words":
            lines[-1] += f" [{_fmt(row['per_1k_low'])}, {_fmt(row['per_1k_high'])}]"
        lines += [f"{c.replace('_', ' ')}: {_fmt(row[c])}" for c in ("count", "n_docs_mentioning",
                                                                     "share_of_mentions") if c in row and c != value]
        count = int(row.get("count", min_count))
        cells[(row[by], row["actor"])] = {"value": row[value], "n": count, "small": count < min_count,
                                          "label": f"{float(row[value]):.2g}" if pd.notna(row[value]) else "",
                                          "hover": "<br>".join(lines)}
    top_value = float(table.loc[table["actor"].isin(actors), value].astype(float).max()) if len(table) else 1.0
    fig = go.Figure(heatmap(shown, actors, cells, row_labels={g: _cut(g) for g in shown},
                            column_labels={a: _cut(_name(a, names)) for a in actors}, colorscale="Blues",
                            zmin=0.0, zmax=max(top_value, 1e-9), zmid=None,
                            colorbar=measure.replace(" per ", "<br>per ")))
    fig = _base_layout(fig, _title(f"Actor salience: {measure}, by {_esc(by)}", table, corpus_name), height=400)
    heatmap_layout(fig, len(shown), len(actors), row_title=_esc(by), column_title="actor",
                   longest_column_label=max((len(_name(a, names)) for a in actors), default=5))
    _add_note(fig, _left_out_note(hidden))
    return fig


def naming_chart(naming: pd.DataFrame, *, by: str = "source", alias: str = "alias", value: str = "share",
                 corpus_name: str | None = None, colors: Mapping[str, str] | None = None,
                 names: Mapping[str, str] | None = None, group_sizes: Mapping[str, float] | None = None,
                 few: int = FEW_GROUPS, max_groups: int | None = MAX_GROUPS) -> go.Figure:
    """Which name each group uses for an actor: share of its mentions per alias.

    Up to ``few`` groups: grouped bars, one panel per actor. More: one heatmap, rows the groups
    (largest first), columns the names (``actor · name``).

    Parameters
    ----------
    naming : pandas.DataFrame
        :func:`mideast_corpus.entities.naming` output: ``<by>, actor, alias, share``
        (``count`` shown on hover when present).
    by, alias, value : str
        Column names.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours (default :func:`source_colors` of the table's groups).
    names : mapping, optional
        Actor display names.
    group_sizes : mapping, optional
        Documents per group (orders the heatmap rows).
    few, max_groups : int
        Bars up to ``few`` groups; at most ``max_groups`` heatmap rows.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["A", "A", "B"], "actor": "isis",
    ...                   "alias": ["ISIS", "Daesh", "ISIS"], "count": [3, 1, 2], "share": [0.75, 0.25, 1.0]})
    >>> from mideast_corpus.plots import source_colors
    >>> fig = naming_chart(t, corpus_name="demo")
    >>> [tr.name for tr in fig.data], fig.data[0].marker.color == source_colors(["A", "B"])["A"]
    (['A', 'B'], True)
    """
    by = group_column(naming, by)
    _require(naming, [by, alias, value], "naming_chart")
    names = actor_names(names)
    table = naming.assign(**{by: naming[by].astype(str), alias: naming[alias].astype(str)})
    if "actor" not in table.columns:
        table = table.assign(actor="")
    table = table.assign(actor=table["actor"].astype(str))
    actors = _ordered(table["actor"])
    groups = _ordered(table[by])
    title = _title(f"Naming: share of each {_esc(by)}'s mentions of an actor that use each name", table, corpus_name)
    totals = table.groupby(["actor", alias])[value].sum()
    # Dictionary aliases no group used would only add empty bars or columns.
    used = {a: sorted((n for (act, n) in totals.index if act == a and totals[(act, n)] > 0),
                      key=lambda n, a=a: (-float(totals[(a, n)]), n)) for a in actors}
    if len(groups) > few:
        return _naming_heatmap(table, by, alias, value, actors, used, names, title, group_sizes, max_groups)
    palette = _colors_for(groups, colors)
    fig = make_subplots(rows=len(actors), cols=1, vertical_spacing=min(0.12, 0.6 / max(len(actors), 1)),
                        subplot_titles=[f"names for {_esc(_name(a, names))}" for a in actors]
                        if actors != [""] else None)
    for i, actor in enumerate(actors, start=1):
        aliases = used[actor]
        for group in groups:
            sub = table[(table["actor"] == actor) & (table[by] == group)].set_index(alias).reindex(aliases)
            counts = sub["count"] if "count" in sub.columns else sub[value]
            hover = [f"<b>{_esc(group)}</b><br>{_esc(a)}: {_fmt(s)} of mentions"
                     + (f" ({_fmt(c)} mentions)" if "count" in sub.columns and pd.notna(c) else "")
                     for a, s, c in zip(aliases, sub[value], counts, strict=True)]
            fig.add_trace(go.Bar(name=_esc(group), legendgroup=_esc(group), showlegend=i == 1,
                                 marker_color=palette[group], x=[_cut(a) for a in aliases],
                                 y=sub[value].tolist(), hovertext=hover, hoverinfo="text"), row=i, col=1)
        fig.update_yaxes(title_text="share of mentions", tickformat=".0%", rangemode="tozero", row=i, col=1)
    fig.update_layout(barmode="group")
    return _base_layout(fig, title, height=120 + 300 * len(actors), legend_title=by)


def _naming_heatmap(table: pd.DataFrame, by: str, alias: str, value: str, actors: list[str],
                    used: Mapping[str, list[str]], names: Mapping[str, str], title: dict,
                    group_sizes: Mapping[str, float] | None, max_groups: int | None) -> go.Figure:
    columns = [f"{a}\x1f{n}" for a in actors for n in used[a][:8]]
    labels = {c: _cut(f"{_name(c.split(chr(31))[0], names)} · {c.split(chr(31))[1]}", 36) for c in columns}
    shown, hidden = select_groups(table[by], group_sizes, max_groups)
    totals = table.groupby([by, "actor"])["count"].sum().to_dict() if "count" in table.columns else {}
    cells = {}
    for row in table[table[by].isin(shown)].to_dict("records"):
        key = f"{row['actor']}\x1f{row[alias]}"
        if key not in labels:
            continue
        count = row.get("count")
        total = int(totals.get((row[by], row["actor"]), MIN_N))
        hover = (f"<b>{_esc(row[by])}</b><br>{_esc(_name(row['actor'], names))} called "
                 f"“{_esc(row[alias])}”: {_fmt(row[value])} of mentions"
                 + (f" ({_fmt(count)})" if count is not None and pd.notna(count) else ""))
        cells[(row[by], key)] = {"value": row[value], "hover": hover + f"<br>{total:,} mentions of the actor",
                                 "n": total, "small": total < MIN_N,
                                 "label": f"{100 * float(row[value]):.0f}%" if pd.notna(row[value]) else ""}
    fig = go.Figure(heatmap(shown, columns, cells, row_labels={g: _cut(g) for g in shown}, column_labels=labels,
                            colorscale="Purples", zmin=0.0, zmax=1.0, zmid=None, colorbar="share"))
    fig = _base_layout(fig, title, height=400)
    heatmap_layout(fig, len(shown), len(columns), row_title=_esc(by), column_title="actor · name",
                   longest_column_label=max((len(v) for v in labels.values()), default=5))
    _add_note(fig, f"Grey: fewer than {MIN_N} mentions of the actor in the group. " + _left_out_note(hidden))
    return fig


def salience_over_time(freq: pd.DataFrame, *, by: str = "published:month", value: str = "per_1k_words",
                       corpus_name: str | None = None, names: Mapping[str, str] | None = None,
                       top: int = 6) -> go.Figure:
    """Salience of the most mentioned actors over time: one line per actor.

    Parameters
    ----------
    freq : pandas.DataFrame
        :func:`mideast_corpus.entity_frequency` with ``by="published:month"`` (or another time
        bin); the ``(undated)`` group is left out.
    by, value : str
        The time column and the measure.
    corpus_name : str, optional
        Named in the title.
    names : mapping, optional
        Actor display names.
    top : int
        Actors shown (most mentions first).

    Returns
    -------
    plotly.graph_objects.Figure
        One line trace per actor.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"published:month": ["2017-01", "2017-02"], "actor": "isis", "count": [3, 5],
    ...                   "per_1k_words": [1.5, 2.0]})
    >>> fig = salience_over_time(f, corpus_name="demo")
    >>> fig.data[0].name, list(fig.data[0].y)
    ('Islamic State', [1.5, 2.0])
    """
    column = group_column(freq, by)
    _require(freq, [column, "actor", value], "salience_over_time")
    names = actor_names(names)
    table = freq.assign(_t=[_period_start(str(g)) for g in freq[column]], actor=freq["actor"].astype(str))
    table = table[table["_t"].notna()]
    weight = table.groupby("actor")["count" if "count" in table.columns else value].sum()
    actors = sorted(weight.index, key=lambda a: (-float(weight[a]), a))[:top]
    fig = go.Figure()
    measure = _SALIENCE_LABELS.get(value, _esc(value))
    for i, actor in enumerate(actors):
        sub = table[table["actor"] == actor].sort_values("_t", kind="stable")
        hover = [f"<b>{_esc(str(p))}</b><br>{_esc(_name(actor, names))}: {_fmt(v)} {measure}"
                 + (f" ({_fmt(c)} mentions)" if c is not None else "")
                 for p, v, c in zip(sub[column], sub[value], sub["count"] if "count" in sub.columns
                                    else [None] * len(sub), strict=True)]
        fig.add_trace(go.Scatter(x=sub["_t"].tolist(), y=sub[value].astype(float).tolist(), mode="lines+markers",
                                 name=_esc(_name(actor, names)), line={"color": PALETTE[i % len(PALETTE)]},
                                 customdata=[[_esc(p), _esc(actor)] for p in sub[column]],
                                 hovertext=hover, hoverinfo="text"))
    fig = _base_layout(fig, _title(f"Salience over time: {measure}, by {_esc(column)}", table, corpus_name),
                       height=440, legend_title="actor")
    fig.update_yaxes(title_text=measure, rangemode="tozero")
    return fig
