"""Framing charts: frames, distinctive words (keyness), whose voice, and the framing profile."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..grouping import group_column
from ._common import (
    FEW_GROUPS,
    MAX_GROUPS,
    MIN_N,
    _add_note,
    _base_layout,
    _colors_for,
    _cut,
    _esc,
    _fmt,
    _left_out_note,
    _note_text,
    _ordered,
    _require,
    _title,
    grouped_ci_bars,
    heatmap_layout,
    select_groups,
    share_heatmap,
)

__all__ = ["PROFILE_MEASURES", "frames_chart", "keyness_chart", "profile_heatmap", "voices_chart"]


def frames_chart(frames: pd.DataFrame, *, by: str = "source", value: str = "share_of_sentences",
                 corpus_name: str | None = None, colors: Mapping[str, str] | None = None,
                 group_sizes: Mapping[str, float] | None = None, few: int = FEW_GROUPS,
                 max_groups: int | None = MAX_GROUPS, min_n: int = MIN_N) -> go.Figure:
    """Frames: share of each group's sentences that use each frame, with intervals.

    Up to ``few`` groups: grouped bars with 95% intervals; more: a heatmap (rows the groups,
    largest first; groups with fewer than ``min_n`` sentences grey).

    Parameters
    ----------
    frames : pandas.DataFrame
        :func:`mideast_corpus.framing.frames` output: ``<by>, frame,
        share_of_sentences, ci_low, ci_high`` (``n_sentences, n_docs, note`` on hover).
    by, value : str
        Column names (``by`` falls back to the ``by=`` the table was made with).
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
        Grouped bars, one trace per group, or heatmap traces.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"source": ["A", "B"], "frame": "military", "share_of_sentences": [0.4, 0.1],
    ...                   "ci_low": [0.3, 0.0], "ci_high": [0.5, 0.2]})
    >>> fig = frames_chart(f, corpus_name="demo")
    >>> [t.name for t in fig.data], "frame" in fig.layout.title.text
    (['A', 'B'], True)
    """
    by = group_column(frames, by)
    _require(frames, [by, "frame", value], "frames_chart")
    totals = frames.groupby("frame")[value].mean()
    order = sorted(totals.index, key=lambda f: (-float(totals[f]), str(f)))
    labels = {f: str(f) for f in order}
    title = _title(f"Frames: share of each {_esc(by)}'s sentences that use each frame, with 95% interval", frames,
                   corpus_name)
    extra = [("n_sentences", "sentences"), ("n_docs", "documents")]
    if frames[by].nunique() > few:
        fig, shown, hidden = share_heatmap(frames, by=by, category="frame", value=value, category_labels=labels,
                                           group_sizes=group_sizes, max_groups=max_groups, n_column="n_sentences",
                                           min_n=min_n, colorscale="Oranges", colorbar="share", hover_extra=extra)
        fig = _base_layout(fig, title, height=400)
        heatmap_layout(fig, len(shown), len(order), row_title=_esc(by), column_title="frame",
                       longest_column_label=max((len(str(f)) for f in order), default=5))
        _add_note(fig, f"Grey: fewer than {min_n} sentences. " + _left_out_note(hidden))
        return fig
    fig = grouped_ci_bars(frames, by=by, category="frame", value=value, category_labels=labels, colors=colors,
                          hover_extra=extra)
    fig = _base_layout(fig, title, height=460, legend_title=by)
    fig.update_xaxes(title_text="frame", tickangle=-25)
    fig.update_yaxes(title_text="share of sentences", tickformat=".0%", rangemode="tozero")
    return fig


def keyness_chart(keyness: pd.DataFrame, *, by: str = "source", n: int = 8, alpha: float = 0.05,
                  corpus_name: str | None = None, colors: Mapping[str, str] | None = None,
                  group_sizes: Mapping[str, float] | None = None, max_groups: int | None = 24,
                  columns: int | None = None) -> go.Figure:
    """Keyness: each group's most over-represented words, one small panel per group.

    Panels are laid out in a grid (one column for up to three groups, up to four columns for
    more), the largest groups first; groups beyond ``max_groups`` are named in a note. Terms
    whose ``q`` (corrected p value) is not below ``alpha`` are drawn pale.

    Parameters
    ----------
    keyness : pandas.DataFrame
        :func:`mideast_corpus.framing.keyness` output: ``<by>, term, count_group,
        count_rest, log_ratio`` and optionally ``q``.
    by : str
        The grouping column (falls back to the ``by=`` the table was made with).
    n : int
        Terms per group.
    alpha : float
        Significance level for ``q``.
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours.
    group_sizes : mapping, optional
        Documents per group (orders the panels; default: the words of each group).
    max_groups : int or None
        Most panels.
    columns : int, optional
        Panels per row (default: from the number of groups).

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar trace per group, in its own panel; ``customdata`` is ``[group, term]``.

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"source": ["A", "A", "B"], "term": ["regime", "rebels", "daesh"],
    ...                   "count_group": [9, 5, 4], "count_rest": [1, 1, 0], "log_ratio": [3.1, 2.0, 4.2],
    ...                   "q": [0.01, 0.2, 0.03]})
    >>> fig = keyness_chart(k, corpus_name="demo")
    >>> [t.name for t in fig.data], list(fig.data[0].y)
    (['A', 'B'], ['regime', 'rebels'])
    """
    by = group_column(keyness, by)
    _require(keyness, [by, "term", "log_ratio"], "keyness_chart")
    table = keyness.assign(**{by: keyness[by].astype(str)})
    sizes = group_sizes
    if sizes is None and "words_group" in table.columns:
        sizes = table.groupby(by)["words_group"].max().to_dict()
    shown, hidden = select_groups(table[by], sizes, max_groups)
    if sizes is None:
        shown = _ordered(shown)
    palette = _colors_for(shown, colors)
    ncols = columns or (1 if len(shown) <= 3 else min(4, math.ceil(len(shown) / 3)))
    nrows = max(1, math.ceil(len(shown) / ncols))
    fig = make_subplots(rows=nrows, cols=ncols, subplot_titles=[_cut(g, 40) for g in shown] or None,
                        vertical_spacing=min(0.08, 0.6 / nrows), horizontal_spacing=0.16 if ncols > 1 else 0.1)
    for k, group in enumerate(shown):
        r, c = divmod(k, ncols)
        sub = table[(table[by] == group) & (table["log_ratio"] > 0)]
        sub = sub.sort_values(["log_ratio", "term"], ascending=[False, True], kind="stable").head(n)
        significant = (sub["q"] < alpha).tolist() if "q" in sub.columns else [True] * len(sub)
        hover = []
        for row in sub.to_dict("records"):
            line = f"<b>{_esc(group)}</b><br>term: {_esc(row['term'])}<br>log ratio: {_fmt(row['log_ratio'])}"
            for col, label in (("count_group", "count here"), ("count_rest", "count elsewhere"),
                               ("q", "q (corrected p)")):
                if col in row:
                    line += f"<br>{label}: {_fmt(row[col])}"
            hover.append(line + _note_text(row.get("note")))
        fig.add_trace(go.Bar(
            name=_esc(group), legendgroup=_esc(group), orientation="h", x=sub["log_ratio"].tolist(),
            y=[_cut(t, 24) for t in sub["term"]], hovertext=hover, hoverinfo="text", showlegend=False,
            customdata=[[_esc(group), _esc(t)] for t in sub["term"]],
            marker={"color": palette[group], "opacity": [1.0 if s else 0.4 for s in significant]},
        ), row=r + 1, col=c + 1)
        fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 11}, row=r + 1, col=c + 1)
    fig.update_annotations(font_size=12)
    fig = _base_layout(fig, _title(f"Keyness: each {_esc(by)}'s most over-represented words (log₂ ratio against "
                                   f"the rest; pale: q ≥ {alpha:g})", keyness, corpus_name),
                       height=110 + nrows * (22 * n + 70), legend_title=by)
    _add_note(fig, _left_out_note(hidden))
    return fig


def voices_chart(voices: pd.DataFrame, *, by: str = "source", corpus_name: str | None = None,
                 colors: Mapping[str, str] | None = None, group_sizes: Mapping[str, float] | None = None,
                 few: int = FEW_GROUPS, max_groups: int | None = MAX_GROUPS, min_n: int = MIN_N) -> go.Figure:
    """Whose voice: share of each group's speech sentences per speaker kind.

    Parameters
    ----------
    voices : pandas.DataFrame
        :func:`mideast_corpus.framing.voices` output: ``<by>, speaker_kind, speaker_actor, count,
        share`` (``n_group``, ``speakers``, ``note`` on hover). Rows of one kind are summed into one
        value per group; the hover lists the actors behind it.
    by : str
        The grouping column (falls back to the ``by=`` the table was made with).
    corpus_name : str, optional
        Named in the title.
    colors : mapping, optional
        Group colours.
    group_sizes : mapping, optional
        Documents per group (orders the heatmap rows).
    few, max_groups, min_n : int
        Bars up to ``few`` groups, else a heatmap of at most ``max_groups`` rows, grey where a group
        has fewer than ``min_n`` speech sentences.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars (one trace per group) or heatmap traces.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"source": ["A", "A", "B"], "speaker_kind": ["US officials", "analysts", "US officials"],
    ...                   "speaker_actor": ["united_states", "isw", "john_kerry"], "count": [3, 1, 2],
    ...                   "share": [0.75, 0.25, 1.0]})
    >>> fig = voices_chart(v, corpus_name="demo")
    >>> [t.name for t in fig.data], list(fig.data[0].x), list(fig.data[0].y)
    (['A', 'B'], ['US officials', 'analysts'], [0.75, 0.25])
    """
    by = group_column(voices, by)
    _require(voices, [by, "speaker_kind", "share"], "voices_chart")
    table = voices[voices["share"].notna()].assign(**{by: voices[by].astype(str)})
    weight = table.groupby("speaker_kind")["share"].sum()
    kinds = sorted(weight.index, key=lambda k: (-float(weight[k]), str(k)))
    rows = []
    for (group, kind), sub in table.groupby([by, "speaker_kind"], sort=True):
        lines = []
        for r in sub.to_dict("records"):
            who = r.get("speakers") or r.get("speaker_actor") or "speaker not in the dictionary"
            lines.append(f"· {_esc(r.get('speaker_actor') or '(no actor)')}: {_cut(who, 80)}")
        rows.append({by: group, "speaker_kind": kind, "share": float(sub["share"].sum()),
                     "count": int(sub["count"].sum()) if "count" in sub.columns else np.nan,
                     "n_group": int(sub["n_group"].iloc[0]) if "n_group" in sub.columns else min_n,
                     "note": "<br>".join(lines[:8])})
    summed = pd.DataFrame(rows, columns=[by, "speaker_kind", "share", "count", "n_group", "note"])
    labels = {k: str(k) for k in kinds}
    title = _title(f"Whose voice: share of each {_esc(by)}'s quoted or cited sentences per kind of speaker", voices,
                   corpus_name)
    if summed[by].nunique() > few:
        # beyond 15 kinds the columns carry a few quotations each: they are in the table
        labels = {k: labels[k] for k in kinds[:15]}
        fig, shown, hidden = share_heatmap(summed, by=by, category="speaker_kind", value="share",
                                           category_labels=labels, group_sizes=group_sizes, max_groups=max_groups,
                                           n_column="n_group", min_n=min_n, colorscale="Teal", colorbar="share",
                                           hover_extra=[("count", "speech sentences")])
        fig = _base_layout(fig, title, height=400)
        heatmap_layout(fig, len(shown), len(labels), row_title=_esc(by), column_title="speaker kind",
                       longest_column_label=max((len(str(k)) for k in labels), default=5))
        more = f"{len(kinds) - len(labels)} rarer speaker kinds are in the voices table. " if len(kinds) > len(
            labels) else ""
        _add_note(fig, f"Grey: fewer than {min_n} speech sentences. {more}" + _left_out_note(hidden))
        return fig
    groups = _ordered(summed[by])
    palette = _colors_for(groups, colors)
    fig = go.Figure()
    for group in groups:
        sub = summed[summed[by] == group].set_index("speaker_kind").reindex(kinds)
        hover = [f"<b>{_esc(group)}</b><br>{_esc(k)}: {_fmt(s if pd.notna(s) else 0.0)} of speech sentences"
                 + (f" ({_fmt(c)})" if pd.notna(c) else "") + (f"<br>{n}" if isinstance(n, str) else "")
                 for k, s, c, n in zip(kinds, sub["share"], sub["count"], sub["note"], strict=True)]
        fig.add_trace(go.Bar(name=_esc(group), legendgroup=_esc(group), marker_color=palette[group],
                             x=[_cut(k, 40) for k in kinds], y=sub["share"].fillna(0.0).tolist(), hovertext=hover,
                             hoverinfo="text", customdata=[[_esc(group), _esc(k)] for k in kinds]))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig = _base_layout(fig, title, height=480, legend_title=by)
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
        :func:`mideast_corpus.framing.framing_profile` output: ``<by>, measure, actor_or_topic,
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
    >>> p = pd.DataFrame({"source": ["A", "B", "A"], "measure": ["salience_share", "salience_share", "stance_mean"],
    ...                   "actor_or_topic": ["isis", "isis", "isis: net"], "value": [0.2, 0.1, -0.3]})
    >>> fig = profile_heatmap(p, corpus_name="demo")
    >>> fig.data[0].type, list(fig.data[0].x)
    ('heatmap', ['salience · isis', 'stance · isis: net'])
    >>> list(profile_heatmap(p, measures=["stance_mean"]).data[0].x)
    ['stance · isis: net']
    """
    by = group_column(profile, "source")
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
