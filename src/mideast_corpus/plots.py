"""Plotly figures drawn from the library's tidy tables.

Every function here takes a table an analysis function returned (or a
hand-made frame with the same columns) and returns a
:class:`plotly.graph_objects.Figure`. None of them computes an estimate, an
interval or a test: they only select, order and draw. None calls ``.show()``;
display or save the figure yourself.

Conventions shared by every chart:

- **One colour per source**, the same in every chart: :func:`source_colors`
  assigns colours from a fixed colour-blind-safe palette by sorted source name.
  Pass the same ``colors`` mapping to every call (the report does) so that a
  source missing from one table cannot shift the others' colours.
- **Titles say what is measured and on which corpus** (``corpus_name``, or the
  fingerprint from the table's provenance).
- **Text from the corpus is escaped.** Plotly renders strings as a small HTML
  subset (``<b>``, ``<a href>``, ...), so source names, actor aliases and terms
  are HTML-escaped before they reach a figure: a source called ``<b>X</b>``
  shows those characters instead of bold text, and markup in the data cannot
  create links. The figure's data therefore hold escaped strings.
- **Deterministic JSON**: no random ids, no timestamps; the same table gives a
  byte-identical ``fig.to_json()``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

__all__ = [
    "PALETTE",
    "STANCE_COMPONENTS",
    "frames_chart",
    "keyness_chart",
    "naming_chart",
    "overview_chart",
    "profile_heatmap",
    "salience_heatmap",
    "source_colors",
    "stance_forest",
    "topic_prevalence_chart",
    "voices_chart",
]

#: Colour-blind-safe palette: Okabe & Ito (2008) without yellow and black, then Paul Tol's "muted" scheme.
#: Sources beyond its length reuse colours in order (the legend still names each one).
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)

#: Stance components in the order the forest plot offers them, with the words used in titles.
STANCE_COMPONENTS: dict[str, str] = {
    "net": "net stance (share positive − share negative)",
    "mean_score": "mean score of the mentions with evidence",
    "coverage": "coverage (share of mentions with evidence)",
    "share_negative": "share of mentions cast negatively",
    "share_positive": "share of mentions cast positively",
}

_TEMPLATE = "plotly_white"
_FONT = {"family": "Helvetica, Arial, sans-serif", "size": 13}


# -- shared helpers ---------------------------------------------------------------------------------

def _esc(value: Any) -> str:
    """Escape a corpus string for plotly's HTML-subset text rendering.

    Quotes become numeric entities because plotly decodes ``&#34;`` but not
    ``&quot;``.
    """
    return html.escape(str(value), quote=False).replace('"', "&#34;").replace("'", "&#39;")


def source_colors(sources: Iterable[Any]) -> dict[str, str]:
    """Return a colour for each source, assigned by sorted name from :data:`PALETTE`.

    The assignment depends only on the set of source names, so every chart of
    one corpus colours a source the same way.

    Parameters
    ----------
    sources : iterable
        Source names (duplicates and order do not matter).

    Returns
    -------
    dict
        ``{source: "#rrggbb"}`` in sorted order of source.

    Examples
    --------
    >>> source_colors(["The New Arab", "Al Jazeera", "The New Arab"])
    {'Al Jazeera': '#0072B2', 'The New Arab': '#E69F00'}
    """
    names = sorted({str(s) for s in sources})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _colors_for(sources: Iterable[Any], colors: Mapping[str, str] | None) -> dict[str, str]:
    names = sorted({str(s) for s in sources})
    if colors is None:
        return source_colors(names)
    missing = [n for n in names if n not in colors]
    fallback = source_colors(names)
    return {n: colors.get(n, fallback[n]) for n in names} if missing else {n: colors[n] for n in names}


def _corpus_label(table: pd.DataFrame, corpus_name: str | None) -> str:
    if corpus_name:
        return str(corpus_name)
    fingerprint = (table.attrs.get("provenance") or {}).get("corpus_fingerprint")
    return f"corpus {str(fingerprint)[:15]}" if fingerprint else "corpus"


def _title(measure: str, table: pd.DataFrame, corpus_name: str | None) -> dict[str, Any]:
    return {"text": f"{measure}<br><sup>{_esc(_corpus_label(table, corpus_name))}</sup>", "x": 0.0,
            "xanchor": "left"}


def _require(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise KeyError(f"{what}: the table lacks columns {missing}; it has {list(table.columns)}")


def _base_layout(fig: go.Figure, title: dict[str, Any], height: int) -> go.Figure:
    fig.update_layout(template=_TEMPLATE, title=title, height=height, font=_FONT,
                      margin={"l": 20, "r": 20, "t": 90, "b": 60},
                      legend={"title": {"text": "source"}, "traceorder": "normal"},
                      hoverlabel={"align": "left"})
    return fig


def _fmt(value: Any, digits: int = 3) -> str:
    """Format a number for hover text; strings are escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "n/a"
    if isinstance(value, str):
        return _esc(value)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)) or (float(value).is_integer() and abs(float(value)) >= 1):
        return f"{int(value):,}"
    return f"{float(value):.{digits}g}"


def _note_text(value: Any) -> str:
    return "" if value is None or pd.isna(value) or str(value) == "" else f"<br>note: {_esc(value)}"


def _ordered(values: Iterable[Any], preferred: Sequence[Any] = ()) -> list[Any]:
    seen = list(dict.fromkeys(values))
    head = [v for v in preferred if v in seen]
    return head + sorted((v for v in seen if v not in head), key=str)


def _error_arrays(sub: pd.DataFrame, value: str) -> dict[str, Any]:
    lo, hi = (f"{value}_low", f"{value}_high") if f"{value}_low" in sub.columns else ("ci_low", "ci_high")
    if lo not in sub.columns or hi not in sub.columns:
        return {}
    high = (sub[hi] - sub[value]).clip(lower=0)
    low = (sub[value] - sub[lo]).clip(lower=0)
    return {"type": "data", "symmetric": False, "array": high.tolist(), "arrayminus": low.tolist(),
            "thickness": 1.2, "width": 3}


def _grouped_ci_bars(table: pd.DataFrame, *, by: str, category: str, value: str, category_labels: Mapping,
                     colors: Mapping[str, str] | None, hover_extra: Sequence[tuple[str, str]]) -> go.Figure:
    """Grouped bars, one trace per group (source), one bar group per category, with CI whiskers."""
    groups = _ordered(table[by].astype(str))
    palette = _colors_for(groups, colors)
    categories = list(category_labels)
    order = {c: i for i, c in enumerate(categories)}
    fig = go.Figure()
    for group in groups:
        sub = table[(table[by].astype(str) == group) & table[category].isin(order)]
        sub = sub.assign(_o=sub[category].map(order)).sort_values("_o", kind="stable")
        hover = []
        for row in sub.to_dict("records"):
            parts = [f"<b>{_esc(group)}</b>", f"{_esc(category_labels[row[category]])}",
                     f"{value}: {_fmt(row[value])}"]
            if "ci_low" in row and "ci_high" in row:
                parts[-1] += f" [{_fmt(row['ci_low'])}, {_fmt(row['ci_high'])}]"
            parts += [f"{label}: {_fmt(row[col]) if not isinstance(row[col], str) else _esc(row[col])}"
                      for col, label in hover_extra if col in row]
            hover.append("<br>".join(parts) + _note_text(row.get("note")))
        fig.add_trace(go.Bar(
            name=_esc(group), legendgroup=_esc(group), marker_color=palette[group],
            x=[_esc(category_labels[c]) for c in sub[category]], y=sub[value].tolist(),
            error_y=_error_arrays(sub, value), hovertext=hover, hoverinfo="text",
        ))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(categoryorder="array", categoryarray=[_esc(category_labels[c]) for c in categories])
    return fig


# -- actors -----------------------------------------------------------------------------------------

def salience_heatmap(freq: pd.DataFrame, *, by: str = "source", value: str = "per_1k_words",
                     corpus_name: str | None = None, top: int | None = 25) -> go.Figure:
    """Heatmap of actor salience: one row per source, one column per actor.

    Parameters
    ----------
    freq : pandas.DataFrame
        :func:`mideast_corpus.entities.entity_frequency` output: columns
        ``<by>, actor, count, per_1k_words`` (and optionally
        ``share_of_mentions, n_docs_mentioning``).
    by : str
        The grouping column.
    value : str
        The column coloured: ``"per_1k_words"`` (default), ``"share_of_mentions"`` or ``"count"``.
    corpus_name : str, optional
        Named in the title.
    top : int or None
        Show the ``top`` actors with the largest mean ``value`` over groups (all if None).

    Returns
    -------
    plotly.graph_objects.Figure
        One ``heatmap`` trace.

    Examples
    --------
    >>> import pandas as pd
    >>> freq = pd.DataFrame({"source": ["A", "A", "B", "B"], "actor": ["isis", "assad", "isis", "assad"],
    ...                      "count": [4, 1, 2, 0], "per_1k_words": [8.0, 2.0, 4.0, 0.0]})
    >>> fig = salience_heatmap(freq, corpus_name="demo")
    >>> fig.data[0].type, list(fig.data[0].x), list(fig.data[0].y)
    ('heatmap', ['isis', 'assad'], ['A', 'B'])
    """
    _require(freq, [by, "actor", value], "salience_heatmap")
    table = freq.assign(**{by: freq[by].astype(str), "actor": freq["actor"].astype(str)})
    means = table.groupby("actor")[value].mean()
    actors = sorted(means.index, key=lambda a: (-float(means[a]), a))
    if top is not None:
        actors = actors[:top]
    groups = _ordered(table[by])
    grid = table.pivot_table(index=by, columns="actor", values=value, aggfunc="first", sort=True)
    grid = grid.reindex(index=groups, columns=actors)
    extras = [c for c in ("count", "n_docs_mentioning", "share_of_mentions", "per_1k_words") if c in table.columns]
    lookup = {(r[by], r["actor"]): r for r in table.to_dict("records")}
    hover = []
    for g in groups:
        row_text = []
        for a in actors:
            rec = lookup.get((g, a))
            lines = [f"<b>{_esc(g)}</b>", f"actor: {_esc(a)}"]
            lines += [f"{c}: {_fmt(rec[c])}" for c in extras] if rec else ["not mentioned"]
            row_text.append("<br>".join(lines))
        hover.append(row_text)
    labels = {"per_1k_words": "mentions per 1,000 words", "share_of_mentions": "share of the source's mentions",
              "count": "mentions"}
    measure = labels.get(value, value)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float).tolist(), x=[_esc(a) for a in actors], y=[_esc(g) for g in groups],
        colorscale="Blues", colorbar={"title": {"text": measure.replace(" per ", "<br>per ")}},
        hovertext=hover, hoverinfo="text", texttemplate="%{z:.2g}", xgap=1, ygap=1,
    ))
    fig = _base_layout(fig, _title(f"Actor salience: {measure}, by {_esc(by)}", table, corpus_name),
                       height=max(320, 60 + 42 * len(groups) + 120))
    fig.update_xaxes(title_text="actor", tickangle=-40, side="bottom")
    fig.update_yaxes(title_text=_esc(by), autorange="reversed")
    return fig


def naming_chart(naming: pd.DataFrame, *, by: str = "source", alias: str = "alias", value: str = "share",
                 corpus_name: str | None = None, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Which name each source uses for an actor: share of its mentions per alias.

    Parameters
    ----------
    naming : pandas.DataFrame
        :func:`mideast_corpus.entities.naming` output: ``<by>, actor, alias, share``
        (``count`` shown on hover when present). Several actors give one panel each.
    by, alias, value : str
        Column names.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours (default :func:`source_colors` of the table's sources).

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars: one trace per source and actor panel.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["A", "A", "B"], "actor": "isis",
    ...                   "alias": ["ISIS", "Daesh", "ISIS"], "count": [3, 1, 2], "share": [0.75, 0.25, 1.0]})
    >>> fig = naming_chart(t, corpus_name="demo")
    >>> [tr.name for tr in fig.data], fig.data[0].marker.color == source_colors(["A", "B"])["A"]
    (['A', 'B'], True)
    """
    _require(naming, [by, alias, value], "naming_chart")
    table = naming.assign(**{by: naming[by].astype(str), alias: naming[alias].astype(str)})
    actors = _ordered(table["actor"].astype(str)) if "actor" in table.columns else [""]
    groups = _ordered(table[by])
    palette = _colors_for(groups, colors)
    fig = make_subplots(rows=len(actors), cols=1, subplot_titles=[f"names for {_esc(a)}" for a in actors]
                        if actors != [""] else None, vertical_spacing=min(0.12, 0.6 / max(len(actors), 1)))
    for i, actor in enumerate(actors, start=1):
        sub_actor = table if actor == "" else table[table["actor"].astype(str) == actor]
        totals = sub_actor.groupby(alias)[value].sum()
        # Dictionary aliases no source used would only add empty bar groups.
        aliases = sorted((a for a in totals.index if totals[a] > 0), key=lambda a: (-float(totals[a]), a))
        for group in groups:
            sub = sub_actor[sub_actor[by] == group].set_index(alias).reindex(aliases)
            hover = [f"<b>{_esc(group)}</b><br>{_esc(a)}: {_fmt(s)} of mentions"
                     + (f" ({_fmt(c)} mentions)" if "count" in sub.columns and pd.notna(c) else "")
                     for a, s, c in zip(aliases, sub[value], sub.get("count", sub[value]), strict=True)]
            fig.add_trace(go.Bar(name=_esc(group), legendgroup=_esc(group), showlegend=i == 1,
                                 marker_color=palette[group], x=[_esc(a) for a in aliases],
                                 y=sub[value].tolist(), hovertext=hover, hoverinfo="text"), row=i, col=1)
        fig.update_yaxes(title_text="share of mentions", tickformat=".0%", rangemode="tozero", row=i, col=1)
    fig.update_layout(barmode="group")
    return _base_layout(fig, _title(f"Naming: share of each source's mentions of an actor using each name, "
                                    f"by {_esc(by)}", table, corpus_name), height=120 + 300 * len(actors))


# -- stance -----------------------------------------------------------------------------------------

def stance_forest(stance: pd.DataFrame, *, by: str = "source", value: str = "net",
                  corpus_name: str | None = None, colors: Mapping[str, str] | None = None,
                  top: int | None = 20) -> go.Figure:
    """Forest plot of stance toward each actor, by source, with confidence intervals.

    One panel per measure, switched by buttons above the plot (net stance, mean score of the
    evidenced mentions, coverage) when the table holds them; the hover text gives coverage beside every value.

    Parameters
    ----------
    stance : pandas.DataFrame
        :func:`mideast_corpus.stance.stance_by_source` output (``<by>, actor, net, net_low, net_high,
        n_mentions``, optionally the other measures, ``coverage``, ``n_docs``, ``note``).
    by : str
        The group column.
    value : str
        The measure shown first.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours.
    top : int or None
        Show the ``top`` actors with the most mentions.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per component and source; ``layout.updatemenus``
        holds one button per component when there are several.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"source": ["A", "B"], "actor": "isis", "net": [-0.5, -0.2], "net_low": [-0.8, -0.6],
    ...                   "net_high": [-0.2, 0.2], "mean_score": [-0.6, -0.3], "mean_score_low": [-0.8, -0.7],
    ...                   "mean_score_high": [-0.4, 0.1], "coverage": [0.6, 0.3], "n_mentions": [10, 4]})
    >>> fig = stance_forest(t, corpus_name="demo")
    >>> len(fig.data), [b.label for b in fig.layout.updatemenus[0].buttons]
    (4, ['net stance (share positive − share negative)', 'mean score of the mentions with evidence'])
    """
    _require(stance, [by, "actor", value], "stance_forest")
    shown = [value] + [m for m in ("net", "mean_score") if m != value and m in stance.columns]
    table = pd.concat([stance.assign(component=m, **{value: stance[m], f"{value}_low": stance.get(f"{m}_low"),
                                                     f"{value}_high": stance.get(f"{m}_high")})
                       for m in shown], ignore_index=True)
    table = table.assign(**{by: table[by].astype(str), "actor": table["actor"].astype(str)})
    components = shown
    weight = table.groupby("actor")["n_mentions"].sum() if "n_mentions" in table.columns else \
        table.groupby("actor").size()
    actors = sorted(weight.index, key=lambda a: (-float(weight[a]), a))
    if top is not None:
        actors = actors[:top]
    groups = _ordered(table[by])
    palette = _colors_for(groups, colors)
    step = 0.8 / max(len(groups), 1)
    fig = go.Figure()
    owners: list[str] = []
    for component in components:
        for j, group in enumerate(groups):
            sub = table[(table["component"] == component) & (table[by] == group) & table["actor"].isin(actors)]
            sub = sub.assign(_y=sub["actor"].map({a: i for i, a in enumerate(actors)})).sort_values("_y")
            hover = []
            for row in sub.to_dict("records"):
                line = (f"<b>{_esc(group)}</b><br>actor: {_esc(row['actor'])}<br>{_esc(component)}: "
                        f"{_fmt(row[value])}")
                if f"{value}_low" in row:
                    line += f" [{_fmt(row[f'{value}_low'])}, {_fmt(row[f'{value}_high'])}]"
                for col in ("coverage", "n_mentions", "n_docs"):
                    if col in row:
                        line += f"<br>{col}: {_fmt(row[col])}"
                hover.append(line + _note_text(row.get("note")))
            fig.add_trace(go.Scatter(
                name=_esc(group), legendgroup=_esc(group), mode="markers", marker={"color": palette[group], "size": 9},
                x=sub[value].tolist(), y=(sub["_y"] + (j - (len(groups) - 1) / 2) * step).round(6).tolist(),
                error_x=_error_arrays(sub, value), hovertext=hover, hoverinfo="text",
                visible=component == components[0],
            ))
            owners.append(component)

    def describe(component: str) -> str:
        return STANCE_COMPONENTS.get(component, _esc(component))

    def title(component: str) -> dict[str, Any]:
        return _title(f"Stance: {describe(component)}, with 95% interval, by {_esc(by)}",
                      table, corpus_name)

    fig = _base_layout(fig, title(components[0]), height=max(360, 170 + 34 * len(actors)))
    fig.add_vline(x=0, line_width=1, line_color="#888888", line_dash="dot")
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(actors))), ticktext=[_esc(a) for a in actors],
                     autorange="reversed", title_text="actor", zeroline=False)
    fig.update_xaxes(title_text=f"{describe(components[0])} (negative ← 0 → positive)", zeroline=False)
    if len(components) > 1:
        buttons = [{"label": describe(c), "method": "update",
                    "args": [{"visible": [o == c for o in owners]},
                             {"title": title(c), "xaxis.title.text": f"{describe(c)} (negative ← 0 → positive)"}]}
                   for c in components]
        fig.update_layout(updatemenus=[{"type": "buttons", "direction": "right", "buttons": buttons,
                                        "x": 0.0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                                        "pad": {"b": 6}, "showactive": True, "active": 0}],
                          margin={"t": 130})
    return fig


# -- topics -----------------------------------------------------------------------------------------

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
                           corpus_name: str | None = None, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Topic prevalence by source: share of text units per topic, with intervals.

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
        Source colours.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars, one trace per source.

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
    _require(prevalence, [by, "topic", "share"], "topic_prevalence_chart")
    topics = sorted(pd.unique(prevalence["topic"]).tolist(), key=lambda t: (str(type(t)), t))
    if labels is None and "label" in prevalence.columns:
        first = prevalence.drop_duplicates("topic")
        labels = {t: f"{t}: {lab}" for t, lab in zip(first["topic"], first["label"].astype(str), strict=True)}
    names = _topic_labels(topics, labels, terms, n_terms)
    fig = _grouped_ci_bars(prevalence, by=by, category="topic", value="share", category_labels=names,
                           colors=colors, hover_extra=[("n_units", "text units")])
    fig = _base_layout(fig, _title(f"Topic prevalence: share of each {_esc(by)}'s text per topic, with 95% "
                                   "interval", prevalence, corpus_name), height=480)
    fig.update_xaxes(title_text="topic (top terms)", tickangle=-25)
    fig.update_yaxes(title_text="share of text units", tickformat=".0%", rangemode="tozero")
    return fig


# -- framing ----------------------------------------------------------------------------------------

def frames_chart(frames: pd.DataFrame, *, by: str = "group", value: str = "share_of_sentences",
                 corpus_name: str | None = None, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Framing profile: share of each source's sentences that use each frame, with intervals.

    Parameters
    ----------
    frames : pandas.DataFrame
        :func:`mideast_corpus.framing.frames` output: ``group, frame,
        share_of_sentences, ci_low, ci_high`` (``n_sentences, n_docs, note`` on hover).
    by, value : str
        Column names (``by`` falls back to ``source`` when ``group`` is absent).
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars, one trace per source.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"group": ["A", "B"], "frame": "military", "share_of_sentences": [0.4, 0.1],
    ...                   "ci_low": [0.3, 0.0], "ci_high": [0.5, 0.2]})
    >>> fig = frames_chart(f, corpus_name="demo")
    >>> [t.name for t in fig.data], "frame" in fig.layout.title.text
    (['A', 'B'], True)
    """
    if by not in frames.columns and "source" in frames.columns:
        by = "source"
    _require(frames, [by, "frame", value], "frames_chart")
    totals = frames.groupby("frame")[value].mean()
    order = sorted(totals.index, key=lambda f: (-float(totals[f]), str(f)))
    fig = _grouped_ci_bars(frames, by=by, category="frame", value=value, category_labels={f: str(f) for f in order},
                           colors=colors, hover_extra=[("n_sentences", "sentences"), ("n_docs", "documents")])
    fig = _base_layout(fig, _title("Frames: share of each source's sentences that use each frame, with 95% "
                                   "interval", frames, corpus_name), height=460)
    fig.update_xaxes(title_text="frame", tickangle=-25)
    fig.update_yaxes(title_text="share of sentences", tickformat=".0%", rangemode="tozero")
    return fig


def keyness_chart(keyness: pd.DataFrame, *, by: str = "group", n: int = 10, alpha: float = 0.05,
                  corpus_name: str | None = None, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Keyness: the words each source uses most more often than the other sources.

    One panel per source with its ``n`` terms of largest positive log ratio;
    terms whose ``q`` (corrected p value) is not below ``alpha`` are drawn pale.

    Parameters
    ----------
    keyness : pandas.DataFrame
        :func:`mideast_corpus.framing.keyness` output: ``group, term, count_group,
        count_rest, log_ratio`` and optionally ``q``.
    by : str
        The grouping column (falls back to ``source``).
    n : int
        Terms per source.
    alpha : float
        Significance level for ``q``.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar trace per source, in its own panel.

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"group": ["A", "A", "B"], "term": ["regime", "rebels", "daesh"],
    ...                   "count_group": [9, 5, 4], "count_rest": [1, 1, 0], "log_ratio": [3.1, 2.0, 4.2],
    ...                   "q": [0.01, 0.2, 0.03]})
    >>> fig = keyness_chart(k, corpus_name="demo")
    >>> [t.name for t in fig.data], list(fig.data[0].y)
    (['A', 'B'], ['regime', 'rebels'])
    """
    if by not in keyness.columns and "source" in keyness.columns:
        by = "source"
    _require(keyness, [by, "term", "log_ratio"], "keyness_chart")
    groups = _ordered(keyness[by].astype(str))
    palette = _colors_for(groups, colors)
    rows = max(len(groups), 1)
    fig = make_subplots(rows=rows, cols=1, subplot_titles=[_esc(g) for g in groups] or None,
                        vertical_spacing=min(0.06, 0.5 / rows))
    for i, group in enumerate(groups, start=1):
        sub = keyness[(keyness[by].astype(str) == group) & (keyness["log_ratio"] > 0)]
        sort_cols = ["log_ratio", "term"]
        sub = sub.sort_values(sort_cols, ascending=[False, True], kind="stable").head(n)
        significant = (sub["q"] < alpha).tolist() if "q" in sub.columns else [True] * len(sub)
        hover = []
        for row in sub.to_dict("records"):
            line = f"<b>{_esc(group)}</b><br>term: {_esc(row['term'])}<br>log ratio: {_fmt(row['log_ratio'])}"
            for col, label in (("count_group", "count here"), ("count_rest", "count in other sources"),
                               ("q", "q (corrected p)")):
                if col in row:
                    line += f"<br>{label}: {_fmt(row[col])}"
            hover.append(line)
        fig.add_trace(go.Bar(
            name=_esc(group), legendgroup=_esc(group), orientation="h", x=sub["log_ratio"].tolist(),
            y=[_esc(t) for t in sub["term"]], hovertext=hover, hoverinfo="text",
            marker={"color": palette[group], "opacity": [1.0 if s else 0.4 for s in significant]},
        ), row=i, col=1)
        fig.update_yaxes(autorange="reversed", row=i, col=1)
        fig.update_xaxes(title_text="log₂ ratio, this source vs the others" if i == rows else None, row=i, col=1)
    return _base_layout(fig, _title(f"Keyness: each source's most over-represented words (log ratio; pale: q ≥ "
                                    f"{alpha:g})", keyness, corpus_name), height=120 + max(1, rows) * (26 * n + 60))


# -- overview ---------------------------------------------------------------------------------------

def overview_chart(summary: pd.DataFrame, *, freq: pd.DataFrame | None = None, frames: pd.DataFrame | None = None,
                   stance: pd.DataFrame | None = None, by: str = "source", n_actors: int = 5,
                   corpus_name: str | None = None, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Small multiples: size of each source, then salience, frames and stance side by side.

    Panels (those whose table is given): documents per source; words per source;
    mentions per 1,000 words of the ``n_actors`` most mentioned actors; share of
    sentences per frame; combined stance score toward the most mentioned actors.
    Each source keeps its colour in every panel.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``Corpus.summary(by=...)``: ``<by>, n_docs, n_words``.
    freq, frames, stance : pandas.DataFrame, optional
        ``entity_frequency``, ``frames`` and ``stance_by_source`` outputs (``net`` stance is shown).
    by : str
        The grouping column of ``summary`` and ``freq``.
    n_actors : int
        Actors shown in the salience and stance panels.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"source": ["A", "B"], "n_docs": [1, 2], "n_words": [900, 2400]})
    >>> fig = overview_chart(s, corpus_name="demo")
    >>> len(fig.data), [a.text for a in fig.layout.annotations]
    (4, ['documents', 'words'])
    """
    _require(summary, [by, "n_docs", "n_words"], "overview_chart")
    groups = _ordered(summary[by].astype(str))
    palette = _colors_for(groups, colors)
    panels: list[tuple[str, Any]] = [("documents", "n_docs"), ("words", "n_words")]
    if freq is not None and len(freq):
        panels.append((f"mentions per 1,000 words (top {n_actors} actors)", "freq"))
    if frames is not None and len(frames):
        panels.append(("share of sentences per frame", "frames"))
    if stance is not None and len(stance):
        panels.append((f"net stance toward the top {n_actors} actors", "stance"))
    cols = 2
    nrows = math.ceil(len(panels) / cols)
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=[p[0] for p in panels],
                        vertical_spacing=min(0.18, 0.9 / nrows), horizontal_spacing=0.12)
    top_actors: list[str] = []
    if freq is not None and len(freq):
        weight = freq.groupby(freq["actor"].astype(str))["count" if "count" in freq.columns else "per_1k_words"].sum()
        top_actors = sorted(weight.index, key=lambda a: (-float(weight[a]), a))[:n_actors]
    for k, (_, kind) in enumerate(panels):
        r, c = divmod(k, cols)
        for group in groups:
            trace = _overview_trace(kind, group, by, summary, freq, frames, stance, top_actors, n_actors)
            if trace is None:
                continue
            trace.update(name=_esc(group), legendgroup=_esc(group), showlegend=k == 0, marker_color=palette[group])
            fig.add_trace(trace, row=r + 1, col=c + 1)
        if kind in ("n_docs", "n_words"):
            # Both size panels list the sources in the same order; label them once, on the left.
            fig.update_yaxes(autorange="reversed", showticklabels=kind == "n_docs", row=r + 1, col=c + 1)
            few = kind == "n_docs" and summary["n_docs"].max() <= 10
            fig.update_xaxes(tickformat=",d", rangemode="tozero", dtick=1 if few else None, row=r + 1, col=c + 1)
    fig.update_layout(barmode="group", scattermode="group")
    return _base_layout(fig, _title(f"Overview by {_esc(by)}: size, salience, frames and stance", summary,
                                    corpus_name), height=140 + 300 * nrows)


def _overview_trace(kind: str, group: str, by: str, summary: pd.DataFrame, freq: pd.DataFrame | None,
                    frames: pd.DataFrame | None, stance: pd.DataFrame | None, top_actors: list[str],
                    n_actors: int) -> go.BaseTraceType | None:
    if kind in ("n_docs", "n_words"):
        value = summary.loc[summary[by].astype(str) == group, kind].sum()
        return go.Bar(orientation="h", x=[int(value)], y=[_esc(group)], hoverinfo="text",
                      hovertext=[f"<b>{_esc(group)}</b><br>{kind}: {int(value):,}"])
    if kind == "freq" and freq is not None:
        sub = freq[(freq[by].astype(str) == group) & freq["actor"].astype(str).isin(top_actors)]
        sub = sub.set_index(sub["actor"].astype(str)).reindex(top_actors)
        return go.Bar(x=[_esc(a) for a in top_actors], y=sub["per_1k_words"].tolist(), hoverinfo="text",
                      hovertext=[f"<b>{_esc(group)}</b><br>{_esc(a)}: {_fmt(v)} per 1,000 words"
                                 for a, v in zip(top_actors, sub["per_1k_words"], strict=True)])
    if kind == "frames" and frames is not None:
        col = "group" if "group" in frames.columns else "source"
        order = sorted(frames.groupby("frame")["share_of_sentences"].mean().items(), key=lambda kv: (-kv[1], kv[0]))
        names = [f for f, _ in order]
        sub = frames[frames[col].astype(str) == group].set_index("frame").reindex(names)
        return go.Bar(x=[_esc(f) for f in names], y=sub["share_of_sentences"].tolist(), hoverinfo="text",
                      error_y=_error_arrays(sub, "share_of_sentences"),
                      hovertext=[f"<b>{_esc(group)}</b><br>{_esc(f)}: {_fmt(v)}"
                                 for f, v in zip(names, sub["share_of_sentences"], strict=True)])
    if kind == "stance" and stance is not None:
        sub = stance
        actors = top_actors or _ordered(sub["actor"].astype(str))[:n_actors]
        sub = sub[sub[by].astype(str) == group]
        sub = sub.set_index(sub["actor"].astype(str)).reindex(actors)
        return go.Scatter(mode="markers", x=[_esc(a) for a in actors], y=sub["net"].tolist(), hoverinfo="text",
                          error_y=_error_arrays(sub, "net"),
                          hovertext=[f"<b>{_esc(group)}</b><br>{_esc(a)}: net {_fmt(v)}, coverage {_fmt(c)}"
                                     for a, v, c in zip(actors, sub["net"], sub["coverage"], strict=True)])
    return None


# -- voices and the framing profile -----------------------------------------------------------------

def voices_chart(voices: pd.DataFrame, *, by: str = "group", corpus_name: str | None = None,
                 colors: Mapping[str, str] | None = None) -> go.Figure:
    """Whose voice: share of each source's speech sentences per speaker kind.

    Parameters
    ----------
    voices : pandas.DataFrame
        :func:`mideast_corpus.framing.voices` output: ``group, speaker_kind, speaker_actor, count,
        share`` (``n_group``, ``speakers``, ``note`` on hover). Rows of one kind are stacked into one
        bar per source; the hover lists the actors behind it.
    by : str
        The grouping column (falls back to ``source`` when ``group`` is absent).
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours (default :func:`source_colors` of the table's sources).

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars: one trace per source, one bar group per speaker kind.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"group": ["A", "A", "B"], "speaker_kind": ["US officials", "analysts", "US officials"],
    ...                   "speaker_actor": ["united_states", "isw", "john_kerry"], "count": [3, 1, 2],
    ...                   "share": [0.75, 0.25, 1.0]})
    >>> fig = voices_chart(v, corpus_name="demo")
    >>> [t.name for t in fig.data], list(fig.data[0].x), list(fig.data[0].y)
    (['A', 'B'], ['US officials', 'analysts'], [0.75, 0.25])
    """
    if by not in voices.columns and "source" in voices.columns:
        by = "source"
    _require(voices, [by, "speaker_kind", "share"], "voices_chart")
    table = voices[voices["share"].notna()].assign(**{by: voices[by].astype(str)})
    groups = _ordered(table[by])
    palette = _colors_for(groups, colors)
    weight = table.groupby("speaker_kind")["share"].sum()
    # Most quoted kinds first over all sources; "unattributed" and the like keep their place by weight.
    kinds = sorted(weight.index, key=lambda k: (-float(weight[k]), str(k)))
    fig = go.Figure()
    for group in groups:
        sub = table[table[by] == group]
        values, hover = [], []
        for kind in kinds:
            rows = sub[sub["speaker_kind"] == kind]
            share = float(rows["share"].sum()) if len(rows) else 0.0
            values.append(share)
            lines = [f"<b>{_esc(group)}</b>", f"{_esc(kind)}: {_fmt(share)} of speech sentences"]
            if "count" in rows.columns and len(rows):
                lines[-1] += f" ({_fmt(int(rows['count'].sum()))})"
            for r in rows.to_dict("records"):
                who = r.get("speakers") or r.get("speaker_actor") or "speaker not in the dictionary"
                lines.append(f"· {_esc(r.get('speaker_actor') or '(no actor)')}: {_esc(who)}")
            if len(rows):
                lines[-1] += _note_text(rows["note"].iloc[0] if "note" in rows.columns else None)
            hover.append("<br>".join(lines))
        fig.add_trace(go.Bar(name=_esc(group), legendgroup=_esc(group), marker_color=palette[group],
                             x=[_esc(k) for k in kinds], y=values, hovertext=hover, hoverinfo="text"))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig = _base_layout(fig, _title("Whose voice: share of each source's quoted or cited sentences per kind of "
                                   "speaker", voices, corpus_name), height=480)
    fig.update_xaxes(title_text="speaker kind", tickangle=-25)
    fig.update_yaxes(title_text="share of speech sentences", tickformat=".0%", rangemode="tozero")
    return fig


#: Measures :func:`profile_heatmap` shows by default, with their column prefixes.
PROFILE_MEASURES: dict[str, str] = {
    "salience_share": "salience", "naming_share": "naming", "stance_mean": "stance", "frame_share": "frame",
    "voice_share": "voice", "topic_share": "topic",
}


def profile_heatmap(profile: pd.DataFrame, *, measures: Sequence[str] | None = None,
                    stance_component: str | None = "net", corpus_name: str | None = None,
                    colors: Mapping[str, str] | None = None) -> go.Figure:
    """The framing profile at a glance: one row per source, one column per measure and actor or topic.

    Shares (0 to 1) and stance means (-1 to 1) share one diverging colour scale centred on 0: blue is
    more (or more positive), red is negative stance. Source names on the rows take their source colour.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`mideast_corpus.framing.framing_profile` output: ``group, measure, actor_or_topic,
        value`` (``ci_low, ci_high, n, note`` on hover).
    measures : sequence of str, optional
        Measures to show, in order (default: every measure of :data:`PROFILE_MEASURES` present except
        ``topic_share``, whose long labels crowd the chart; pass it to include it).
    stance_component : str or None, default "net"
        Show only this stance measure (``None``: net, coverage and mean score).
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Source colours.

    Returns
    -------
    plotly.graph_objects.Figure
        One ``heatmap`` trace.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"group": ["A", "B", "A"], "measure": ["salience_share", "salience_share", "stance_mean"],
    ...                   "actor_or_topic": ["isis", "isis", "isis: net"], "value": [0.2, 0.1, -0.3]})
    >>> fig = profile_heatmap(p, corpus_name="demo")
    >>> fig.data[0].type, list(fig.data[0].x)
    ('heatmap', ['salience · isis', 'stance · isis: net'])
    >>> list(profile_heatmap(p, measures=["stance_mean"]).data[0].x)
    ['stance · isis: net']
    """
    by = "group" if "group" in profile.columns else "source"
    _require(profile, [by, "measure", "actor_or_topic", "value"], "profile_heatmap")
    wanted = list(measures) if measures is not None else [
        m for m in PROFILE_MEASURES if m in set(profile["measure"]) and m != "topic_share"]
    table = profile[profile["measure"].isin(wanted)]
    if stance_component is not None:
        is_stance = table["measure"] == "stance_mean"
        table = table[~is_stance | table["actor_or_topic"].astype(str).str.endswith(f": {stance_component}")]
    table = table.assign(**{by: table[by].astype(str),
                            "_col": [f"{PROFILE_MEASURES.get(m, m)} · {a}" for m, a in
                                     zip(table["measure"], table["actor_or_topic"].astype(str), strict=True)],
                            "_m": table["measure"].map({m: i for i, m in enumerate(wanted)})})
    columns = list(dict.fromkeys(table.sort_values("_m", kind="stable")["_col"]))
    # Naming labels differ by source; sorting them keeps each label set's columns together.
    columns.sort(key=lambda c: (wanted.index(next(m for m in wanted if PROFILE_MEASURES.get(m, m) ==
                                                 c.split(" · ", 1)[0])), c if c.startswith("naming") else ""))
    groups = _ordered(table[by])
    palette = _colors_for(groups, colors)
    lookup = {(r[by], r["_col"]): r for r in table.to_dict("records")}
    z, hover = [], []
    for g in groups:
        z_row, h_row = [], []
        for c in columns:
            rec = lookup.get((g, c))
            z_row.append(float(rec["value"]) if rec and pd.notna(rec["value"]) else None)
            if rec is None:
                h_row.append(f"<b>{_esc(g)}</b><br>{_esc(c)}: not measured (not mentioned)")
                continue
            line = f"<b>{_esc(g)}</b><br>{_esc(c)}: {_fmt(rec['value'])}"
            if pd.notna(rec.get("ci_low", np.nan)) and pd.notna(rec.get("ci_high", np.nan)):
                line += f" [{_fmt(rec['ci_low'])}, {_fmt(rec['ci_high'])}]"
            if "n" in rec:
                line += f"<br>n: {_fmt(rec['n'])}"
            h_row.append(line + _note_text(rec.get("note")))
        z.append(z_row)
        hover.append(h_row)
    ticks = [f'<span style="color:{palette[g]}">{_esc(g)}</span>' for g in groups]
    fig = go.Figure(go.Heatmap(
        z=z, x=[_esc(c) for c in columns], y=[_esc(g) for g in groups], colorscale="RdBu", zmid=0, zmin=-1,
        zmax=1, colorbar={"title": {"text": "value"}, "len": 0.9}, hovertext=hover, hoverinfo="text",
        texttemplate="%{z:.2f}", xgap=1, ygap=1,
    ))
    shown = ", ".join(PROFILE_MEASURES.get(m, m) for m in wanted)
    component = stance_component or "each component"
    fig = _base_layout(fig, _title(f"Framing profile by source: {_esc(shown)} (stance: mean {_esc(component)}; "
                                   "others: shares)", profile, corpus_name), height=420 + 44 * len(groups))
    # Long column labels are drawn at an angle below the cells: keep room for them.
    fig.update_layout(margin={"l": 20, "r": 20, "t": 90, "b": 300})
    fig.update_xaxes(title_text="measure · actor, label, frame, speaker kind or topic", tickangle=-50)
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=[_esc(g) for g in groups], ticktext=ticks)
    fig.update_layout(width=max(900, 26 * len(columns) + 320))
    return fig
