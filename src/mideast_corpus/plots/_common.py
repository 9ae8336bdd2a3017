"""What every chart shares: colours, escaping, titles, number formats, group selection, the heatmap form."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..escaping import escape_html as _esc

#: Colour-blind-safe palette: Okabe & Ito (2008) without yellow and black, then Paul Tol's "muted" scheme.
#: Sources beyond its length reuse colours in order (the legend still names each one).
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)
#: Up to this many groups a chart draws one mark per group (dots, bars); above it, a heatmap.
FEW_GROUPS = 6
#: A heatmap shows at most this many groups, the largest; the others are named in a note.
MAX_GROUPS = 40
#: Cells resting on fewer mentions (or units) than this are drawn grey and labelled with their n.
MIN_N = 10
#: Longest label drawn on an axis; the full text is in the hover.
MAX_LABEL = 30

_TEMPLATE = "plotly_white"
_FONT = {"family": "Helvetica, Arial, sans-serif", "size": 13}
GREY = "#d9d9d9"


def _cut(value: Any, limit: int = MAX_LABEL) -> str:
    """A label short enough for an axis, escaped."""
    text = " ".join(str(value).split())
    return _esc(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


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
    fallback = source_colors(names)
    if colors is None:
        return fallback
    return {n: colors.get(n, fallback[n]) for n in names}


@functools.lru_cache(maxsize=1)
def _default_names() -> dict[str, str]:
    from ..actors import default_actors

    return default_actors().display_names()


def actor_names(names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Display names of actors: ``names`` if given, else the default dictionary's (``ActorDictionary.display_names``).

    Examples
    --------
    >>> actor_names()["iraqi_security_forces"]
    'Iraqi Security Forces'
    """
    return dict(names) if names is not None else dict(_default_names())


def _name(actor: Any, names: Mapping[str, str]) -> str:
    return str(names.get(str(actor), str(actor)))


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
        hint = ("; a table from mideast_corpus 0.1 names its group column 'group': rename it to the by= it was made "
                "with" if "group" in table.columns else "")
        raise KeyError(f"{what}: the table lacks columns {missing}; it has {list(table.columns)}{hint}")


def _base_layout(fig: go.Figure, title: dict[str, Any], height: int, legend_title: str = "source") -> go.Figure:
    fig.update_layout(template=_TEMPLATE, title=title, height=int(height), font=_FONT,
                      margin={"l": 20, "r": 20, "t": 90, "b": 60},
                      legend={"title": {"text": _esc(legend_title)}, "traceorder": "normal"},
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


def _signed(value: Any) -> str:
    """A short signed number for a heatmap cell: ``+.21``, ``−.05``, ``0``."""
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    if abs(v) < 0.005:
        return "0"
    text = f"{abs(v):.2f}".lstrip("0") if abs(v) < 1 else f"{abs(v):.1f}"
    return ("+" if v > 0 else "−") + text


def _note_text(value: Any) -> str:
    return "" if value is None or pd.isna(value) or str(value) == "" else f"<br>note: {_esc(value)}"


def _ordered(values: Iterable[Any], preferred: Sequence[Any] = ()) -> list[Any]:
    seen = list(dict.fromkeys(values))
    head = [v for v in preferred if v in seen]
    return head + sorted((v for v in seen if v not in head), key=str)


def select_groups(groups: Iterable[Any], sizes: Mapping[str, float] | None = None,
                  max_groups: int | None = MAX_GROUPS) -> tuple[list[str], list[str]]:
    """Split groups into those a chart shows (the ``max_groups`` largest) and the rest.

    Shown groups are ordered by size, largest first, then by name; with no
    sizes, by name. The rest are returned by name, for a note.

    Examples
    --------
    >>> select_groups(["b", "a", "c"], {"a": 5, "b": 9, "c": 1}, max_groups=2)
    (['b', 'a'], ['c'])
    """
    names = sorted({str(g) for g in groups})
    if sizes is not None:
        size = {str(k): float(v) for k, v in sizes.items()}
        names = sorted(names, key=lambda g: (-size.get(g, 0.0), g))
    if max_groups is None or len(names) <= max_groups:
        return names, []
    return names[:max_groups], sorted(names[max_groups:])


def _left_out_note(hidden: Sequence[str], what: str = "groups") -> str:
    """``"Not shown (fewer documents): A, B, C"`` wrapped for an annotation."""
    if not hidden:
        return ""
    words = ", ".join(_esc(h) for h in hidden)
    lines, line = [], ""
    for part in words.split(", "):
        if len(line) + len(part) > 150 and line:
            lines.append(line)
            line = ""
        line = f"{line}, {part}" if line else part
    lines.append(line)
    return f"{len(hidden)} smaller {what} not shown: " + "<br>".join(lines)


def _add_note(fig: go.Figure, note: str, lines: int | None = None) -> None:
    """A note under the plot area (groups left out, how cells are marked)."""
    if not note:
        return
    n_lines = lines or note.count("<br>") + 1
    bottom = int(fig.layout.margin.b or 60) + 18 * n_lines
    fig.update_layout(margin={"b": bottom})
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0.0, y=0.0, xanchor="left", yanchor="top",
                       yshift=-(bottom - 18 * n_lines - 10), showarrow=False, align="left",
                       font={"size": 11, "color": "#555555"})


def _error_arrays(sub: pd.DataFrame, value: str, low: str = "ci_low", high: str = "ci_high") -> dict[str, Any]:
    if low not in sub.columns or high not in sub.columns:
        return {}
    up = (sub[high].astype(float) - sub[value].astype(float)).clip(lower=0)
    down = (sub[value].astype(float) - sub[low].astype(float)).clip(lower=0)
    return {"type": "data", "symmetric": False, "array": up.tolist(), "arrayminus": down.tolist(),
            "thickness": 1.2, "width": 3}


def heatmap(rows: Sequence[str], columns: Sequence[str], cells: Mapping[tuple[str, str], dict[str, Any]], *,
            row_labels: Mapping[str, str], column_labels: Mapping[str, str], colorscale: Any, zmin: float,
            zmax: float, zmid: float | None, colorbar: str) -> list[go.Heatmap]:
    """The traces of a marked heatmap: one row per group, one column per actor, topic or frame.

    ``cells[(row, column)]`` holds ``value``, ``hover``, optionally ``label``
    (the cell text; default the signed value), ``small`` (too few observations:
    drawn grey with ``n=…``) and ``faint`` (its interval crosses zero: drawn
    pale). Cells absent from ``cells`` stay blank. Each drawn cell carries
    ``customdata = [row, column]`` (escaped like every corpus string in a figure), so a
    page can find the passages behind a clicked cell.
    """
    x = [column_labels[c] for c in columns]
    y = [row_labels[r] for r in rows]
    layers = {name: ([[None] * len(columns) for _ in rows], [[""] * len(columns) for _ in rows])
              for name in ("small", "faint", "solid")}
    hover = [[""] * len(columns) for _ in rows]
    keys = [[[_esc(r), _esc(c)] for c in columns] for r in rows]
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            cell = cells.get((r, c))
            if cell is None:
                continue
            hover[i][j] = cell["hover"]
            value = cell.get("value")
            if cell.get("small"):
                z, label = 0.0, f"n={cell.get('n', 0)}"
                layer = "small"
            elif value is None or pd.isna(value):
                continue
            else:
                z, label = float(value), cell.get("label", _signed(value))
                layer = "faint" if cell.get("faint") else "solid"
            layers[layer][0][i][j] = z
            layers[layer][1][i][j] = label
    font = {"size": 10 if len(rows) > 25 or len(columns) > 14 else 11}
    common = {"x": x, "y": y, "xgap": 1, "ygap": 1, "hoverinfo": "text", "hovertext": hover, "hoverongaps": False,
              "texttemplate": "%{text}", "textfont": font, "customdata": keys}
    return [
        go.Heatmap(z=layers["small"][0], text=layers["small"][1], colorscale=[[0, GREY], [1, GREY]],
                   showscale=False, zmin=0, zmax=1, name="too few", **common),
        go.Heatmap(z=layers["faint"][0], text=layers["faint"][1], colorscale=colorscale, zmin=zmin, zmax=zmax,
                   zmid=zmid, showscale=False, opacity=0.35, name="interval crosses 0", **common),
        go.Heatmap(z=layers["solid"][0], text=layers["solid"][1], colorscale=colorscale, zmin=zmin, zmax=zmax,
                   zmid=zmid, name="value", colorbar={"title": {"text": colorbar}, "thickness": 14,
                                                       "len": min(1.0, max(0.3, 300 / (22 * len(rows) + 1)))},
                   **common),
    ]


def heatmap_layout(fig: go.Figure, n_rows: int, n_columns: int, *, row_title: str, column_title: str,
                   longest_column_label: int) -> go.Figure:
    """Sizes that keep every label readable: 34 px per row up to 10 rows, 22 up to 40, else 18; room for angled
    column labels."""
    per_row = 34 if n_rows <= 10 else (22 if n_rows <= 40 else 18)
    bottom = 40 + int(6.2 * min(longest_column_label, MAX_LABEL))
    fig.update_layout(height=max(320, 130 + per_row * n_rows + bottom), margin={"l": 20, "r": 20, "t": 100,
                                                                                  "b": bottom})
    fig.update_xaxes(title_text=column_title, tickangle=-40, side="bottom", automargin=True, showgrid=False)
    fig.update_yaxes(title_text=row_title, autorange="reversed", automargin=True, showgrid=False,
                     tickfont={"size": 11 if n_rows <= 40 else 10})
    return fig


def grouped_ci_bars(table: pd.DataFrame, *, by: str, category: str, value: str, category_labels: Mapping,
                    colors: Mapping[str, str] | None, hover_extra: Sequence[tuple[str, str]],
                    low: str = "ci_low", high: str = "ci_high") -> go.Figure:
    """Grouped bars, one trace per group, one bar group per category, with interval whiskers."""
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
                     f"{value.replace('_', ' ')}: {_fmt(row[value])}"]
            if low in row and high in row:
                parts[-1] += f" [{_fmt(row[low])}, {_fmt(row[high])}]"
            parts += [f"{label}: {_fmt(row[col])}" for col, label in hover_extra if col in row]
            hover.append("<br>".join(parts) + _note_text(row.get("note")))
        fig.add_trace(go.Bar(
            name=_esc(group), legendgroup=_esc(group), marker_color=palette[group],
            x=[_cut(category_labels[c], 40) for c in sub[category]], y=sub[value].tolist(),
            error_y=_error_arrays(sub, value, low, high), hovertext=hover, hoverinfo="text",
            customdata=[[_esc(group), _esc(c)] for c in sub[category]],
        ))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(categoryorder="array", categoryarray=[_cut(category_labels[c], 40) for c in categories])
    return fig


def share_heatmap(table: pd.DataFrame, *, by: str, category: str, value: str, category_labels: Mapping,
                  group_sizes: Mapping[str, float] | None, max_groups: int | None, n_column: str | None,
                  min_n: int, colorscale: str, colorbar: str, hover_extra: Sequence[tuple[str, str]],
                  low: str = "ci_low", high: str = "ci_high") -> tuple[go.Figure, list[str], list[str]]:
    """A heatmap of shares: rows the groups (largest first), columns the categories; small cells grey."""
    table = table.assign(**{by: table[by].astype(str)})
    shown, hidden = select_groups(table[by], group_sizes, max_groups)
    categories = list(category_labels)
    keys = {c: str(c) for c in categories}
    cells = {}
    for row in table[table[by].isin(shown) & table[category].isin(category_labels)].to_dict("records"):
        parts = [f"<b>{_esc(row[by])}</b>", _esc(category_labels[row[category]]),
                 f"{value.replace('_', ' ')}: {_fmt(row[value])}"]
        if low in row and high in row:
            parts[-1] += f" [{_fmt(row[low])}, {_fmt(row[high])}]"
        parts += [f"{label}: {_fmt(row[col])}" for col, label in hover_extra if col in row]
        n = int(row[n_column]) if n_column and n_column in row and pd.notna(row[n_column]) else min_n
        cells[(row[by], keys[row[category]])] = {
            "value": row[value], "n": n, "small": n < min_n,
            "label": f"{100 * float(row[value]):.0f}%" if pd.notna(row[value]) else "",
            "hover": "<br>".join(parts) + _note_text(row.get("note"))}
    top = float(table[value].astype(float).max()) if len(table) else 1.0
    fig = go.Figure(heatmap(shown, [keys[c] for c in categories], cells, row_labels={g: _cut(g) for g in shown},
                            column_labels={keys[c]: _cut(category_labels[c], 40) for c in categories},
                            colorscale=colorscale, zmin=0.0, zmax=max(top, 1e-9), zmid=None, colorbar=colorbar))
    return fig, shown, hidden
