"""Charts from small hand-made tables: forms by number of groups, traces, colours, titles, escaping, determinism."""

from __future__ import annotations

import inspect

import pandas as pd
import plotly.graph_objects as go
import pytest

from mideast_corpus import plots

SOURCES = ["Beta Post", "Alpha Times", "Gamma Wire"]
ACTORS = ["isis", "syria_government", "russia"]


@pytest.fixture
def freq() -> pd.DataFrame:
    rows = [(s, a, 2 + i + j, (2 + i + j) / 1.5, 0.3, 1) for i, s in enumerate(SOURCES) for j, a in enumerate(ACTORS)]
    return pd.DataFrame(rows, columns=["source", "actor", "count", "per_1k_words", "share_of_mentions",
                                       "n_docs_mentioning"])


@pytest.fixture
def naming() -> pd.DataFrame:
    rows = [(s, "isis", alias, n, share) for s in SOURCES
            for alias, n, share in [("ISIS", 3, 0.6), ("Daesh", 2, 0.4)]]
    return pd.DataFrame(rows, columns=["source", "actor", "alias", "count", "share"])


def stance_table(sources, actors=ACTORS) -> pd.DataFrame:
    """The columns of stance_by_source after issue 13: net and coverage with intervals, counts."""
    rows = [(s, a, -0.1 * j, -0.1 * j - 0.2, -0.1 * j + 0.2, 0.4, 0.3, 0.5, 12 - 4 * j, 2, "")
            for s in sources for j, a in enumerate(actors)]
    return pd.DataFrame(rows, columns=["source", "actor", "net", "net_low", "net_high", "coverage", "coverage_low",
                                       "coverage_high", "n_mentions", "n_docs", "note"])


@pytest.fixture
def stance() -> pd.DataFrame:
    return stance_table(SOURCES)


@pytest.fixture
def prevalence() -> pd.DataFrame:
    rows = [(s, t, 0.25, 0.1, 0.4, 12) for s in SOURCES for t in range(4)]
    return pd.DataFrame(rows, columns=["source", "topic", "share", "ci_low", "ci_high", "n_units"])


@pytest.fixture
def frames() -> pd.DataFrame:
    rows = [(s, f, 0.2, 0.1, 0.3, 50, 2, "") for s in SOURCES for f in ["military", "humanitarian"]]
    return pd.DataFrame(rows, columns=["source", "frame", "share_of_sentences", "ci_low", "ci_high", "n_sentences",
                                       "n_docs", "note"])


@pytest.fixture
def keyness() -> pd.DataFrame:
    rows = [(s, f"{s.split()[0].lower()}_{k}", 10 - k, 1, 3.0 - 0.2 * k, 0.01 * k) for s in SOURCES for k in range(12)]
    rows += [(s, "the", 5, 50, -1.0, 0.5) for s in SOURCES]
    return pd.DataFrame(rows, columns=["source", "term", "count_group", "count_rest", "log_ratio", "q"])


@pytest.fixture
def summary() -> pd.DataFrame:
    return pd.DataFrame({"source": SOURCES, "n_docs": [1, 2, 3], "n_words": [800, 1500, 3000]})


def _all_figures(freq, naming, stance, prevalence, frames, keyness, summary, colors=None) -> dict[str, go.Figure]:
    name = "demo corpus"
    return {
        "salience": plots.salience_heatmap(freq, corpus_name=name),
        "naming": plots.naming_chart(naming, corpus_name=name, colors=colors),
        "stance": plots.stance_forest(stance, corpus_name=name, colors=colors),
        "topics": plots.topic_prevalence_chart(prevalence, corpus_name=name, colors=colors),
        "frames": plots.frames_chart(frames, corpus_name=name, colors=colors),
        "keyness": plots.keyness_chart(keyness, corpus_name=name, colors=colors),
        "overview": plots.overview_chart(summary, corpus_name=name, colors=colors),
    }


@pytest.fixture
def figures(freq, naming, stance, prevalence, frames, keyness, summary) -> dict[str, go.Figure]:
    return _all_figures(freq, naming, stance, prevalence, frames, keyness, summary)


def test_source_colors_are_deterministic_by_sorted_name():
    colors = plots.source_colors(SOURCES)
    assert list(colors) == sorted(SOURCES)
    assert colors == plots.source_colors(reversed(SOURCES + SOURCES))
    assert list(colors.values()) == list(plots.PALETTE[:3])
    many = plots.source_colors(f"s{i:02d}" for i in range(40))
    assert set(many.values()) <= set(plots.PALETTE)


def test_every_chart_is_a_figure_with_a_title_naming_measure_and_corpus(figures):
    measures = {"salience": "per 1,000 words", "naming": "Naming", "stance": "Stance", "topics": "Topic prevalence",
                "frames": "Frames", "keyness": "Keyness", "overview": "Overview"}
    for key, fig in figures.items():
        assert isinstance(fig, go.Figure)
        title = fig.layout.title.text
        assert measures[key] in title, (key, title)
        assert "demo corpus" in title, key


def test_trace_counts(figures):
    n = len(SOURCES)
    assert [t.type for t in figures["salience"].data] == ["heatmap"] * 3  # grey, pale and solid cells
    assert len(figures["naming"].data) == n
    assert len(figures["stance"].data) == 2 * n  # net and coverage, one trace per group each
    assert len(figures["topics"].data) == n
    assert len(figures["frames"].data) == n
    assert len(figures["keyness"].data) == n
    assert all(len(t.y) == 8 for t in figures["keyness"].data)  # top 8 positive terms, not "the"
    assert "the" not in {y for t in figures["keyness"].data for y in t.y}
    assert len(figures["overview"].data) == 2 * n  # documents and words, one trace per group each


def test_source_colours_are_the_same_in_every_chart(figures):
    expected = plots.source_colors(SOURCES)
    for key, fig in figures.items():
        if key == "salience":
            continue
        for trace in fig.data:
            assert trace.marker.color == expected[trace.name], (key, trace.name)
    # the stance dots: net on the left, coverage on the right, same colour per group
    stance = figures["stance"]
    assert sorted(t.xaxis for t in stance.data) == ["x", "x", "x", "x2", "x2", "x2"]


def test_a_colour_mapping_is_respected_even_when_a_source_is_missing(naming, frames):
    colors = plots.source_colors([*SOURCES, "Zeta Daily", "Aardvark News"])
    fig = plots.frames_chart(frames[frames["source"] != "Alpha Times"], colors=colors)
    assert {t.name: t.marker.color for t in fig.data} == {s: colors[s] for s in ["Beta Post", "Gamma Wire"]}


def test_stance_dots_show_names_small_n_and_coverage(figures, stance):
    fig = figures["stance"]
    net = fig.data[0]
    assert list(net.y) == ["Islamic State", "Syrian government", "Russia"]  # display names, most mentioned first
    assert list(net.marker.symbol) == ["circle", "circle-open", "circle-open"]  # 12 mentions; 8 and 4: open
    assert [list(c) for c in net.customdata] == [["Alpha Times", a] for a in ACTORS]
    assert "coverage" in [a.text for a in fig.layout.annotations]
    assert "fewer than 10 mentions" in " ".join(a.text for a in fig.layout.annotations)


def test_the_form_follows_the_number_of_groups():
    few = [f"Outlet {i:02d}" for i in range(plots.FEW_GROUPS)]
    many = [f"Outlet {i:02d}" for i in range(60)]
    assert plots.stance_chart(stance_table(few)).data[0].type == "scatter"
    heat = plots.stance_chart(stance_table(many), group_sizes={g: 100 - i for i, g in enumerate(many)})
    assert [t.type for t in heat.data] == ["heatmap"] * 3
    shown = list(heat.data[2].y)
    assert len(shown) == plots.MAX_GROUPS and shown[:2] == ["Outlet 00", "Outlet 01"]  # largest first
    note = " ".join(a.text for a in heat.layout.annotations)
    assert "20 smaller groups not shown" in note and "Outlet 59" in note and "Outlet 39" not in note
    # grey cells carry their n, pale cells cross zero, and every drawn cell knows its group and actor
    small = heat.data[0]
    assert small.text[0][2] == "n=4" and small.z[0][2] == 0.0
    assert heat.data[1].z[0][0] == pytest.approx(0.0) and heat.data[2].z[0][0] is None
    assert list(heat.data[2].customdata[0][0]) == ["Outlet 00", "isis"]
    # frames, topics, voices and naming switch the same way
    frames = pd.DataFrame([(g, f, 0.2, 0.1, 0.3, 50) for g in many for f in ("military", "legal")],
                          columns=["source", "frame", "share_of_sentences", "ci_low", "ci_high", "n_sentences"])
    assert plots.frames_chart(frames).data[0].type == "heatmap"
    assert plots.frames_chart(frames[frames["source"].isin(few)]).data[0].type == "bar"


def test_labels_stay_readable_at_many_groups():
    many = [f"A source with a very long name number {i:03d}" for i in range(100)]
    fig = plots.stance_heatmap(stance_table(many))
    assert all(len(y) <= plots.MAX_LABEL for y in fig.data[2].y)
    assert fig.layout.height >= 18 * plots.MAX_GROUPS  # every row gets its line
    summary = pd.DataFrame({"source": many, "n_docs": range(100, 0, -1), "n_words": range(100)})
    overview = plots.overview_chart(summary)
    assert len(overview.data[0].y) == 60 and "40 smaller groups not shown" in overview.layout.annotations[-1].text


def test_intervals_are_drawn(figures):
    bar = figures["frames"].data[0]
    assert list(bar.error_y.array) == pytest.approx([0.1, 0.1])
    assert list(figures["stance"].data[0].error_x.arrayminus) == pytest.approx([0.2, 0.2, 0.2])
    assert list(figures["stance"].data[1].error_x.array) == pytest.approx([0.1, 0.1, 0.1])  # coverage


def test_hover_text_says_what_and_how_much(figures):
    hover = figures["stance"].data[0].hovertext[0]
    assert "Alpha Times" in hover and "Islamic State" in hover and "12 mentions" in hover and "[" in hover
    assert "coverage" in hover
    assert "Alpha Times" in figures["salience"].data[2].hovertext[0][0]


def test_topic_labels_come_from_terms_or_a_label_column(prevalence):
    terms = pd.DataFrame({"topic": [0, 0, 1], "rank": [2, 1, 1], "term": ["army", "mosul", "aleppo"]})
    fig = plots.topic_prevalence_chart(prevalence, terms=terms)
    assert list(fig.data[0].x) == ["0: mosul, army", "1: aleppo", "topic 2", "topic 3"]
    labelled = prevalence.assign(label="raqqa, siege")
    assert plots.topic_prevalence_chart(labelled).data[0].x[0] == "0: raqqa, siege"


def test_corpus_name_falls_back_to_the_fingerprint(frames):
    frames.attrs["provenance"] = {"corpus_fingerprint": "sha256:abcdef0123456789"}
    assert "sha256:abcdef01" in plots.frames_chart(frames).layout.title.text


def test_corpus_strings_are_escaped_for_plotly(naming):
    evil = naming.assign(source=naming["source"].where(naming["source"] != "Alpha Times", "<b onclick='x'>A&B</b>"),
                         alias=naming["alias"].replace("Daesh", '<a href="javascript:alert(1)">Daesh</a>'))
    fig = plots.naming_chart(evil)
    text = fig.to_json()
    assert "<b onclick" not in text and "<a href" not in text
    assert "&lt;b onclick=&#39;x&#39;&gt;A&amp;B&lt;/b&gt;" in [t.name for t in fig.data]
    assert plots.source_colors(evil["source"])["<b onclick='x'>A&B</b>"] in [t.marker.color for t in fig.data]


def test_figure_json_is_deterministic(freq, naming, stance, prevalence, frames, keyness, summary):
    first = _all_figures(freq, naming, stance, prevalence, frames, keyness, summary)
    first["heatmap"] = plots.stance_heatmap(stance_table([f"S{i}" for i in range(20)]))
    again = _all_figures(freq.copy(), naming.copy(), stance.copy(), prevalence.copy(), frames.copy(),
                         keyness.copy(), summary.copy())
    again["heatmap"] = plots.stance_heatmap(stance_table([f"S{i}" for i in range(20)]))
    for key in first:
        assert first[key].to_json() == again[key].to_json(), key
        assert '"uid"' not in first[key].to_json()


def test_missing_columns_say_what_is_missing(frames):
    with pytest.raises(KeyError, match="share_of_sentences"):
        plots.frames_chart(frames.drop(columns="share_of_sentences"))


def test_plots_never_show(monkeypatch, freq, naming, stance, prevalence, frames, keyness, summary):
    def refuse(*args, **kwargs):
        raise AssertionError("a plot function called .show()")

    monkeypatch.setattr(go.Figure, "show", refuse)
    _all_figures(freq, naming, stance, prevalence, frames, keyness, summary)
    assert "fig.show(" not in inspect.getsource(plots) and ").show(" not in inspect.getsource(plots)


def test_a_table_with_the_old_group_column_is_told_what_to_rename():
    old = pd.DataFrame({"group": ["A", "B"], "frame": "military", "share_of_sentences": [0.4, 0.1],
                        "ci_low": [0.3, 0.0], "ci_high": [0.5, 0.2], "n_sentences": 40})
    with pytest.raises(KeyError, match="names its group column 'group': rename it to the by= it was made with"):
        plots.frames_chart(old)
    assert plots.frames_chart(old.rename(columns={"group": "source"})).data
