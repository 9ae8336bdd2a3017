"""The HTML report: every table and chart of a corpus on one self-contained page that never loses work.

Three layers, each usable alone (e.g. from a notebook):

- :func:`report_tables` runs the analyses and returns ``{name: DataFrame}``
  (each table with its ``attrs["provenance"]``). Each stage runs on its own: a
  stage that fails is recorded in the ``warnings`` table (kind ``error``, with
  the error) and the others go on. Parameters adapt to the corpus (fewer topics
  than asked when there are few text units; no keyness with one group);
- :func:`report_figures` draws ``{name: Figure}`` from those tables, in the
  form that suits the number of groups (:mod:`mideast_corpus.plots`); a chart
  that fails is left out and named in ``problems``;
- :func:`build_report` writes ``tables/*.csv`` as each stage finishes (before
  any chart is drawn), then ``provenance.json`` and ``index.html``; the page
  shows a visible note where a chart or section failed.

The page leads with findings (the largest differences between groups that
their intervals support, with passages), opens offline (plotly.js is inlined
once), escapes every string that comes from the corpus, and is byte-identical
between runs on the same corpus and parameters: nothing on it depends on the
clock, the process or the machine (timings go to stderr only). A click on a
chart's point or cell shows the passages behind it.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pandas as pd
import plotly.graph_objects as go

from . import plots
from ._version import __version__
from .corpus import Corpus
from .defaults import N_TOPICS
from .errors import CorpusInputError, OutputDirError
from .grouping import group_labels
from .outputs import OutputRun, prepare_out_dir, write_table_files, write_tables
from .progress import progress_enabled
from .provenance import attach_provenance
from .report_page import html_table, limitations, render_html
from .versions import versions

if TYPE_CHECKING:  # for the signatures only: importing the topics package here would load scikit-learn
    from .topics import TopicModel


__all__ = [
    "NAMING_ACTORS",
    "OutputDirError",
    "build_report",
    "entity_tables",
    "framing_tables",
    "html_table",
    "limitations",
    "prepare_out_dir",
    "render_html",
    "report_figures",
    "report_tables",
    "stance_tables",
    "time_tables",
    "topic_tables",
    "voice_tables",
    "write_tables",
]

#: Actors whose naming is compared by default: the names outlets choose for them carry stance.
NAMING_ACTORS: tuple[str, ...] = ("isis", "syria_government", "syrian_opposition")
#: A topic needs about this many text units to be estimated; fewer units lower the number of topics.
UNITS_PER_TOPIC = 4
#: Over-used terms kept per group in the report's keyness table (``mc.keyness`` returns them all).
KEYNESS_TOP = 100
#: Actors drawn over time.
TIME_ACTORS = 6
#: Passages kept per chart cell (stance, topic, key term) for the page's click-through.
PASSAGES_PER_CELL = 3


# -- stages and progress ----------------------------------------------------------------------------

class _Stages:
    """Stage lines with timings on stderr, e.g. ``[mideast-corpus] topics ... 1.2 s`` (never in the outputs).

    Warnings the analyses raise are collected (``self.problems``: stage, kind, message) instead
    of printed with a source line, and so is an error that stops a stage (:meth:`attempt`), so
    the report can show them.
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None, prefix: str = "mideast-corpus") -> None:
        self.enabled = enabled
        self.stream = stream
        self.prefix = prefix
        self.start = time.perf_counter()
        self.problems: list[tuple[str, str, str]] = []

    def _print(self, text: str, end: str = "\n") -> None:
        if self.enabled:
            print(text, end=end, file=self.stream or sys.stderr, flush=True)

    def run(self, label: str, func: Callable[[], Any]) -> Any:
        """Run one step, timing it and collecting its warnings; an error propagates.

        The step's line is printed when it ends (a progress bar may run on the line meanwhile).
        """
        began = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = func()
            finally:
                self._print(f"[{self.prefix}] {label} ... {time.perf_counter() - began:.1f} s")
                for w in caught:
                    self.note(label, "warning", str(w.message))
        return result

    def attempt(self, label: str, func: Callable[[], Any]) -> Any:
        """Run a stage of steps: an error is recorded (kind ``error``, with where it was raised) and ``None``
        returned, so the other stages go on."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = func()
            for w in caught:
                self.note(label, "warning", str(w.message))
            return result
        except Exception as exc:  # a failing stage must not lose the others' work
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.note(label, "error", f"{type(exc).__name__}: {exc} (in {Path(where.filename).name}, line "
                                      f"{where.lineno})")
            return None

    def note(self, stage: str, kind: str, message: str) -> None:
        item = (stage, kind, message)
        if item not in self.problems:
            self.problems.append(item)
            self._print(f"[{self.prefix}]   {kind}: {message}")

    def done(self, what: str) -> None:
        self._print(f"[{self.prefix}] {what} in {time.perf_counter() - self.start:.1f} s")

    def table(self) -> pd.DataFrame:
        table = pd.DataFrame(self.problems, columns=["stage", "kind", "message"])
        return attach_provenance(table, function="warnings", params={})


# -- tables -----------------------------------------------------------------------------------------

def _documents(corpus: Corpus) -> pd.DataFrame:
    docs = corpus.docs
    table = docs[["doc_id", "source", "published", "date_precision", "title", "n_words"]].copy()
    table["published"] = [_day(p, q) for p, q in zip(docs["published"], docs["date_precision"], strict=True)]
    table = table.sort_values(["source", "doc_id"], kind="stable").reset_index(drop=True)
    return attach_provenance(table, function="Corpus.docs", params={"columns": list(table.columns)}, corpus=corpus)


def _day(value: Any, precision: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    fmt = {"year": "%Y", "month": "%Y-%m"}.get(str(precision), "%Y-%m-%d")
    return pd.Timestamp(value).strftime(fmt)


def _preparation(corpus: Corpus) -> pd.DataFrame:
    report = corpus.load_report
    table = report[report["action"].isin(["repaired", "skipped"])].reset_index(drop=True)
    return attach_provenance(table, function="Corpus.load_report", params={"action": ["repaired", "skipped"]},
                             corpus=corpus)


def entity_tables(corpus: Corpus, *, by: str = "source", naming_actors: Sequence[str] = NAMING_ACTORS,
                  step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``mentions`` (one row per actor or place mention), ``entities`` (salience by group) and ``naming``.

    ``naming`` stacks :func:`~mideast_corpus.entities.naming` of each of
    ``naming_actors`` with an ``actor`` column in front.
    """
    from .actors import find_mentions
    from .entities import entity_frequency, naming

    step = step or _Stages(False)
    # Matching is the expensive step: find mentions once and hand them to every table.
    mentions = step.run("actor mentions", lambda: find_mentions(corpus))
    out = {"mentions": mentions,
           "entities": step.run("actor salience", lambda: entity_frequency(corpus, by=by, mentions=mentions))}
    named = [step.run(f"naming of {a}", lambda a=a: naming(corpus, actor=a, by=by, mentions=mentions))
             for a in naming_actors]
    named = [_with_actor(t, a) for t, a in zip(named, naming_actors, strict=True)]
    out["naming"] = _concat_tables(named, function="naming", params={"actors": list(naming_actors), "by": by})
    return out


def _with_actor(table: pd.DataFrame, actor: str) -> pd.DataFrame:
    if "actor" in table.columns:
        return table
    out = table.copy()
    out.insert(1, "actor", actor)
    out.attrs = table.attrs
    return out


def _actor_mentions(scored: pd.DataFrame) -> pd.DataFrame:
    """Mentions of actors only: places and news organisations named as sources are not scored."""
    if "mention_type" in scored.columns:
        return scored[scored["mention_type"].astype(str) == "actor"]
    return scored


def stance_summary(scored: pd.DataFrame, *, by: str, n_boot: int, random_state: int,
                   corpus: Corpus) -> pd.DataFrame:
    """:func:`~mideast_corpus.stance_by_source` of the actor mentions of ``scored`` (net, coverage, shares)."""
    from .stance import stance_by_source

    return stance_by_source(_actor_mentions(scored), by=by, n_boot=n_boot, random_state=random_state, corpus=corpus)


def stance_tables(corpus: Corpus, *, by: str = "source", n_boot: int = 1000, random_state: int = 0,
                  mentions: pd.DataFrame | None = None, step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``stance_mentions`` (one row per mention) and ``stance`` (per group and actor: net, coverage, shares).

    ``mentions`` (from :func:`~mideast_corpus.actors.find_mentions`) saves matching the actors again.
    """
    from .stance import score_stance

    step = step or _Stages(False)
    scored = step.run("stance per mention", lambda: score_stance(corpus, mentions=mentions))
    summary = step.run("stance by group", lambda: stance_summary(scored, by=by, n_boot=n_boot,
                                                                 random_state=random_state, corpus=corpus))
    return {"stance_mentions": scored, "stance": summary}


def _topic_units(corpus: Corpus, unit: str) -> int:
    """How many ``unit`` units :func:`~mideast_corpus.fit_topics` will make of the corpus (its default bounds)."""
    from .topics.units import make_units

    sentences = corpus.sentences() if unit in ("sentence", "window") else None  # split once, kept on the corpus
    return len(make_units(corpus.docs, unit, sentences=sentences))


def topic_tables(corpus: Corpus, *, by: str = "source", n_topics: int = N_TOPICS, method: str = "nmf",
                 unit: str = "paragraph", n_terms: int = 10, n_boot: int = 1000, random_state: int = 0,
                 mentions: pd.DataFrame | None = None, stop_terms: Sequence[str] | None = None,
                 adapt: bool = False, step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``topic_terms``, ``topic_prevalence``, ``topic_coherence``, ``topic_examples`` and ``topic_passages``.

    With ``adapt=True`` (the report) the number of topics is lowered to one per
    :data:`UNITS_PER_TOPIC` text units when the corpus has few, and ``min_df`` to 1
    under 40 units, each said in the warnings; otherwise too few units are an error.
    ``topic_examples`` holds the two units that carry each topic most in the
    whole corpus, ``topic_passages`` the two per group, ``topic_documents`` the
    terms each topic accounts for in each document (for the findings' test).
    """
    from .examples import topic_passages
    from .topics import fit_topics

    step = step or _Stages(False)
    options: dict[str, Any] = {"stop_terms": stop_terms}
    if mentions is not None:
        options["mentions"] = mentions
    k = n_topics
    if adapt:
        n_units = _topic_units(corpus, unit)
        k = max(1, min(n_topics, n_units // UNITS_PER_TOPIC))
        if k < n_topics:
            step.note("topic model", "warning", f"n_topics lowered from {n_topics} to {k}: the corpus has only "
                                                f"{n_units} {unit} units (about {UNITS_PER_TOPIC} per topic needed)")
        if n_units < 40:
            options["min_df"] = 1
    model = step.run("topic model", lambda: fit_topics(corpus, n_topics=k, method=method, unit=unit,
                                                       random_state=random_state, **options))
    return {
        "topic_terms": model.terms(n=n_terms),
        "topic_prevalence": step.run("topic prevalence", lambda: model.prevalence(
            by=by, n_boot=n_boot, random_state=random_state)),
        "topic_coherence": step.run("topic coherence", model.coherence),
        "topic_documents": _topic_documents(model),
        "topic_examples": attach_provenance(topic_passages(model, by=None, n=2), function="topic_passages",
                                            params={"by": None, "n": 2}, corpus=corpus),
        "topic_passages": attach_provenance(topic_passages(model, by=by, n=2), function="topic_passages",
                                            params={"by": by, "n": 2}, corpus=corpus),
    }


def _topic_documents(model: TopicModel) -> pd.DataFrame:
    """Per document and topic, the terms the topic accounts for (weights times terms of each unit)."""
    weights = model.doc_topics.merge(model.units[["unit_id", "n_terms"]], on="unit_id", how="left")
    weights = weights.assign(terms=weights["weight"] * weights["n_terms"].astype(float))
    table = weights.groupby(["doc_id", "topic"], sort=True)["terms"].sum().reset_index()
    return attach_provenance(table, function="topic_documents", params={"n_topics": model.n_topics},
                             corpus=model._corpus, random_state=model.random_state)


def framing_tables(corpus: Corpus, *, by: str = "source", n_boot: int = 1000, random_state: int = 0,
                   stop_terms: Sequence[str] | None = None, keyness_top: int | None = KEYNESS_TOP,
                   adapt: bool = False, step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``keyness`` (the ``keyness_top`` most over-used terms per group) and ``frames`` by group.

    With a single group there is nothing to compare: with ``adapt=True`` (the
    report) ``keyness`` is left out and the warnings say so; otherwise
    :func:`~mideast_corpus.keyness` refuses it.
    """
    from .framing import frames, keyness

    step = step or _Stages(False)
    out = {}
    n_groups = group_labels(corpus.docs, by).nunique()
    if n_groups >= 2 or not adapt:
        out["keyness"] = step.run("keyness", lambda: keyness(corpus, by=by, stop_terms=stop_terms, top=keyness_top))
    else:
        step.note("keyness", "warning", f"one {by} only: keyness compares groups, so it was left out")
    out["frames"] = step.run("frames", lambda: frames(corpus, by=by, n_boot=n_boot, random_state=random_state))
    return out


def voice_tables(corpus: Corpus, *, by: str = "source", mentions: pd.DataFrame | None = None,
                 step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``naming_choices``, ``quotes`` (the evidence) and ``voices`` by group.

    ``mentions`` (from :func:`~mideast_corpus.actors.find_mentions`) saves matching the actors again.
    """
    from .framing import naming_choices, quotes, voices

    step = step or _Stages(False)
    out = {"naming_choices": step.run("naming choices", lambda: naming_choices(corpus, by=by, mentions=mentions)),
           "quotes": step.run("quotes and speakers", lambda: quotes(corpus, by=by, mentions=mentions))}
    # voices() counts the quotes table above rather than attributing the speech a second time.
    out["voices"] = step.run("voices", lambda: voices(corpus, by=by, quotes_table=out["quotes"]))
    return out


def time_bin(corpus: Corpus, max_bins: int = 72, min_docs_per_bin: float = 10.0) -> str | None:
    """The finest of ``published:month``, ``:quarter``, ``:year`` that spans at most ``max_bins`` bins and has
    ``min_docs_per_bin`` dated documents per bin on average (else each point rests on a handful of articles).

    None when fewer than three bins hold dated documents: there is no trend to draw.

    Examples
    --------
    >>> import pandas as pd, mideast_corpus as mc
    >>> dates = ["2012-01-05", "2015-06-01", "2020-03-01"]
    >>> texts = [f"Raqqa fell on day {i}." for i in range(3)]
    >>> corpus = mc.load_corpus(pd.DataFrame({"text": texts, "source": "A", "date": dates}))
    >>> time_bin(corpus, min_docs_per_bin=0), time_bin(corpus, max_bins=200, min_docs_per_bin=0)
    ('published:quarter', 'published:month')
    >>> time_bin(corpus)
    'published:year'
    >>> time_bin(mc.load_seeds()) is None
    True
    """
    for unit, freq in (("month", "M"), ("quarter", "Q"), ("year", "Y")):
        labels = group_labels(corpus.docs, f"published:{unit}")
        dated = sorted(set(labels[labels != "(undated)"]))
        if len(dated) < 3:
            return None
        periods = pd.PeriodIndex(dated, freq=freq)
        span = (periods.max() - periods.min()).n + 1
        if (span <= max_bins and (labels != "(undated)").sum() / span >= min_docs_per_bin) or unit == "year":
            return f"published:{unit}"
    return None


def time_tables(corpus: Corpus, *, scored: pd.DataFrame | None, mentions: pd.DataFrame | None, n_boot: int = 1000,
                random_state: int = 0, n_actors: int = TIME_ACTORS,
                step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``stance_time`` and ``salience_time``: the most mentioned actors by month (or quarter, or year).

    The bin is :func:`time_bin` of the corpus; with fewer than three dated bins there is no
    time table and the warnings say so.
    """
    from .entities import entity_frequency

    step = step or _Stages(False)
    by = time_bin(corpus)
    if by is None:
        step.note("over time", "warning", "fewer than three months (or years) hold dated documents: no chart over "
                                          "time")
        return {}
    out = {}
    if mentions is not None:
        freq = step.run(f"salience by {by}", lambda: entity_frequency(corpus, by=by, mentions=mentions))
        weight = freq.groupby("actor")["count"].sum()
        top = sorted(weight.index, key=lambda a: (-float(weight[a]), str(a)))[:n_actors]
        out["salience_time"] = freq[freq["actor"].isin(top)].reset_index(drop=True)
        out["salience_time"].attrs = freq.attrs
    if scored is not None and len(scored):
        actors = _actor_mentions(scored)
        counts = actors["actor"].value_counts()
        top = sorted(counts.index, key=lambda a: (-int(counts[a]), str(a)))[:n_actors]
        out["stance_time"] = step.run(f"stance by {by}", lambda: stance_summary(
            actors[actors["actor"].isin(top)], by=by, n_boot=n_boot, random_state=random_state, corpus=corpus))
    return out


def passage_tables(corpus: Corpus, tables: Mapping[str, pd.DataFrame], *, by: str = "source",
                   n: int = PASSAGES_PER_CELL, max_groups: int = plots.MAX_GROUPS,
                   step: _Stages | None = None) -> dict[str, pd.DataFrame]:
    """``passages``: the sentences behind the cells the charts show (stance and key-term cells).

    Stance cells: the ``n`` best passages of the 20 most mentioned actors in the groups a chart
    shows (:func:`~mideast_corpus.examples.mention_passages`); key-term cells: two sentences for each
    group's eight top terms. Topic passages are in ``topic_passages``.
    """
    from .examples import mention_passages, term_passages

    step = step or _Stages(False)
    parts = []
    summary = tables.get("summary")
    sizes = dict(zip(summary[by].astype(str), summary["n_docs"], strict=True)) if summary is not None else None
    scored = tables.get("stance_mentions")
    if scored is not None and len(scored):
        actors = _actor_mentions(scored)
        counts = actors["actor"].value_counts()
        top = sorted(counts.index, key=lambda a: (-int(counts[a]), str(a)))[:20]
        shown, _ = plots.select_groups(group_labels(corpus.docs, by), sizes, max_groups)
        parts.append(step.run("passages behind stance cells", lambda: mention_passages(
            actors, corpus, by=by, n=n, only_actors=top, only_groups=shown)))
    key = tables.get("keyness")
    if key is not None and len(key):
        cells = (key[key["log_ratio"] > 0].sort_values([by, "log_ratio", "term"], ascending=[True, False, True],
                                                       kind="stable").groupby(by).head(8))
        parts.append(step.run("passages behind key terms", lambda: term_passages(corpus, cells, by=by, n=2)))
    if not parts:
        return {}
    table = pd.concat(parts, ignore_index=True)
    return {"passages": attach_provenance(table, function="passages", params={"by": by, "n": n}, corpus=corpus)}


def report_tables(corpus: Corpus, *, by: str = "source", n_topics: int = N_TOPICS, random_state: int = 0,
                  n_boot: int = 1000, naming_actors: Sequence[str] = NAMING_ACTORS,
                  stop_terms: Sequence[str] | None = None, progress: bool = False,
                  on_tables: Callable[[dict[str, pd.DataFrame]], None] | None = None) -> dict[str, pd.DataFrame]:
    """Run every analysis the report shows and return its tables.

    Each stage runs on its own: when one fails, its error is recorded in the
    ``warnings`` table (``kind == "error"``) and the other stages still run.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str
        Document column to compare (default ``"source"``), or ``"published:year"`` and the like.
    n_topics : int
        Topics of the NMF topic model (fewer when the corpus has few text units).
    random_state : int
        Seed of the topic model and of every bootstrap.
    n_boot : int
        Bootstrap resamples for the intervals.
    naming_actors : sequence of str
        Actor ids whose naming by each group is compared.
    stop_terms : sequence of str, optional
        Your own terms to leave out of key terms and topics.
    progress : bool
        Print one line per stage with its time to stderr, and progress bars inside long steps.
    on_tables : callable, optional
        Called with each stage's new tables as soon as the stage ends (the report writes them).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``summary, documents, preparation, mentions, entities, naming, stance_mentions, stance,
        topic_terms, topic_prevalence, topic_coherence, topic_documents, topic_examples, topic_passages,
        keyness, frames,
        naming_choices, quotes, voices, salience_time, stance_time, passages, findings, warnings``
        (those whose stage ran); each carries ``attrs["provenance"]``. ``stance`` has one row per
        group and actor (net stance, coverage, shares with intervals); ``warnings`` lists the
        warnings and errors of the stages (stage, kind, message).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> tables = report_tables(mc.load_seeds(), n_boot=50)  # doctest: +SKIP
    >>> sorted(tables)[:3]  # doctest: +SKIP
    ['documents', 'entities', 'findings']
    """
    from .findings import largest_differences

    step = _Stages(progress)
    tables: dict[str, pd.DataFrame] = {}

    def stage(label: str, func: Callable[[], dict[str, pd.DataFrame] | None]) -> None:
        new = step.attempt(label, func)
        if new:
            tables.update(new)
            if on_tables is not None:
                on_tables(new)

    stages: list[tuple[str, Callable[[], dict[str, pd.DataFrame] | None]]] = [
        ("corpus", lambda: {"summary": corpus.summary(by=by), "documents": _documents(corpus),
                            "preparation": _preparation(corpus)}),
        ("actors", lambda: entity_tables(corpus, by=by, naming_actors=naming_actors, step=step)),
        ("stance", lambda: stance_tables(corpus, by=by, n_boot=n_boot, random_state=random_state,
                                         mentions=tables.get("mentions"), step=step)),
        ("topics", lambda: topic_tables(corpus, by=by, n_topics=n_topics, n_boot=n_boot, random_state=random_state,
                                        mentions=tables.get("mentions"), stop_terms=stop_terms, adapt=True,
                                        step=step)),
        ("framing", lambda: framing_tables(corpus, by=by, n_boot=n_boot, random_state=random_state,
                                           stop_terms=stop_terms, adapt=True, step=step)),
        ("voices", lambda: voice_tables(corpus, by=by, mentions=tables.get("mentions"), step=step)),
        ("over time", lambda: time_tables(corpus, scored=tables.get("stance_mentions"),
                                          mentions=tables.get("mentions"), n_boot=n_boot,
                                          random_state=random_state, step=step)),
        ("passages", lambda: passage_tables(corpus, tables, by=by, step=step)),
        ("findings", lambda: {"findings": largest_differences(tables, corpus, by=by, random_state=random_state)}),
    ]
    with progress_enabled(progress or None):
        for label, func in stages:
            stage(label, func)
    tables["warnings"] = step.table()
    if on_tables is not None:
        on_tables({"warnings": tables["warnings"]})
    return tables


def _concat_tables(parts: Sequence[pd.DataFrame], *, function: str, params: Mapping[str, Any]) -> pd.DataFrame:
    kept = [p for p in parts if len(p)]
    table = pd.concat(kept, ignore_index=True) if kept else (parts[0].iloc[:0] if parts else pd.DataFrame())
    first = dict(parts[0].attrs.get("provenance", {})) if parts else {}
    first.update({"function": function, "params": dict(params)})
    table.attrs = {"provenance": first}
    return table


# -- figures ----------------------------------------------------------------------------------------

def _sizes(tables: Mapping[str, pd.DataFrame], by: str) -> dict[str, float] | None:
    summary = tables.get("summary")
    if summary is None or by not in summary.columns:
        return None
    return dict(zip(summary[by].astype(str), summary["n_docs"].astype(float) * 1e9 + summary["n_words"], strict=True))


def report_figures(tables: Mapping[str, pd.DataFrame], corpus_name: str, *, by: str = "source",
                   colors: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None,
                   problems: list[tuple[str, str, str]] | None = None) -> dict[str, go.Figure]:
    """Draw the report's charts from :func:`report_tables` output.

    Every chart gets the same group colours (from ``tables["summary"]`` unless
    ``colors`` is given) and the same group order (largest first). Tables that
    are missing or empty are skipped; a chart that fails to draw is left out
    and its error appended to ``problems`` (stage, ``"error"``, message).

    Returns
    -------
    dict of str to plotly.graph_objects.Figure
        Keys among ``overview, salience, salience_time, naming, stance, stance_time, topics, frames,
        voices, keyness``.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"source": ["A", "B"], "n_docs": [1, 1], "n_words": [500, 700]})
    >>> sorted(report_figures({"summary": summary}, "demo"))
    ['overview']
    """
    summary = tables.get("summary")
    if colors is None and summary is not None and by in summary.columns:
        colors = plots.source_colors(summary[by].astype(str))
    sizes = _sizes(tables, by)
    names = plots.actor_names(names)
    draw: dict[str, tuple[str, Callable[[pd.DataFrame], go.Figure]]] = {
        "overview": ("summary", lambda t: plots.overview_chart(t, by=by, corpus_name=corpus_name, colors=colors)),
        "salience": ("entities", lambda t: plots.salience_heatmap(t, by=by, corpus_name=corpus_name, names=names,
                                                                 group_sizes=sizes)),
        "salience_time": ("salience_time", lambda t: plots.salience_over_time(
            t, by=_time_column(t), corpus_name=corpus_name, names=names)),
        "naming": ("naming", lambda t: plots.naming_chart(t, by=by, corpus_name=corpus_name, colors=colors,
                                                         names=names, group_sizes=sizes)),
        "stance": ("stance", lambda t: plots.stance_chart(t, by=by, corpus_name=corpus_name, colors=colors,
                                                         names=names, group_sizes=sizes)),
        "stance_time": ("stance_time", lambda t: plots.stance_over_time(t, by=_time_column(t),
                                                                       corpus_name=corpus_name, names=names)),
        "topics": ("topic_prevalence", lambda t: plots.topic_prevalence_chart(
            t, by=by, terms=tables.get("topic_terms"), corpus_name=corpus_name, colors=colors, group_sizes=sizes)),
        "frames": ("frames", lambda t: plots.frames_chart(t, by=by, corpus_name=corpus_name, colors=colors,
                                                         group_sizes=sizes)),
        "voices": ("voices", lambda t: plots.voices_chart(t, by=by, corpus_name=corpus_name, colors=colors,
                                                         group_sizes=sizes)),
        "keyness": ("keyness", lambda t: plots.keyness_chart(t, by=by, corpus_name=corpus_name, colors=colors,
                                                            group_sizes=sizes)),
    }
    figures: dict[str, go.Figure] = {}
    for name, (table_name, func) in draw.items():
        table = tables.get(table_name)
        if table is None or not len(table):
            continue
        try:
            figures[name] = func(table)
        except Exception as exc:  # one chart that cannot be drawn must not cost the page
            if problems is None:
                raise
            problems.append((f"chart {name}", "error", f"{type(exc).__name__}: {exc}"))
    return figures


def _time_column(table: pd.DataFrame) -> str:
    return next(c for c in table.columns if str(c).startswith("published:"))


# -- writing ----------------------------------------------------------------------------------------

def _provenance(corpus: Corpus, tables: Mapping[str, pd.DataFrame], params: Mapping[str, Any]) -> dict[str, Any]:
    docs = corpus.docs
    info = versions()
    return {
        "library": {"name": "mideast_corpus", "version": __version__},
        "corpus": {"name": corpus.name, "fingerprint": corpus.fingerprint, "n_docs": len(docs),
                   "n_sources": int(docs["source"].nunique()), "n_words": int(docs["n_words"].sum())},
        "report": {"function": "build_report", "params": dict(params)},
        "dependencies": info["dependencies"],
        "data": info["data"],
        "tables": {name: table.attrs.get("provenance", {}) for name, table in sorted(tables.items())},
    }


def _dumps(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def build_report(corpus: Corpus, out_dir: str | Path, *, by: str = "source", n_topics: int = N_TOPICS,
                 random_state: int = 0, n_boot: int = 1000, naming_actors: Sequence[str] = NAMING_ACTORS,
                 stop_terms: Sequence[str] | None = None, format: str = "csv", progress: bool = True) -> Path:
    """Write the HTML report of ``corpus`` into ``out_dir`` and return the page's path.

    Writes ``out_dir/tables/<name>.csv`` (or ``.parquet``) for every table of
    :func:`report_tables` as soon as its stage ends, so no finished work is
    lost if a later stage, a chart or the page fails; then
    ``out_dir/provenance.json`` and ``out_dir/index.html`` (self-contained,
    opens offline). A stage or chart that fails is named on the page, with its
    error, where its section would be. Two runs with the same corpus and
    parameters write identical bytes.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    out_dir : str or Path
        Folder to write (created if needed). The files of an earlier report in
        it are replaced, and those it no longer writes (a table, the CSVs after
        a switch to Parquet) removed; a file the library did not write is never
        replaced (``OutputDirError``). Every file is written atomically and the
        run recorded in ``out_dir/.mideast-corpus/report.jsonl`` (see
        :mod:`mideast_corpus.outputs`); a run that stops early has no completion
        marker there, but the tables it finished are on disk.
    by, n_topics, random_state, n_boot, naming_actors, stop_terms
        Passed to :func:`report_tables`.
    format : {"csv", "parquet"}
        Format of the table files.
    progress : bool
        Print stages and timings to stderr, with progress bars in long steps.

    Returns
    -------
    pathlib.Path
        ``out_dir/index.html``.

    Raises
    ------
    CorpusInputError
        If the corpus has no documents (every input item was skipped).
    OutputDirError
        If ``out_dir`` cannot be written (permission, full disk, a file of
        someone else's in the way), naming the file.

    Examples
    --------
    >>> import mideast_corpus as mc, tempfile
    >>> with tempfile.TemporaryDirectory() as d:  # doctest: +SKIP
    ...     build_report(mc.load_seeds(), d, progress=False).name
    'index.html'
    """
    if not len(corpus):
        raise CorpusInputError("the corpus has no documents: nothing to report (see corpus.load_report for the "
                               "skipped items and why)")
    if format not in ("csv", "parquet"):
        raise ValueError(f"format={format!r}: use 'csv' or 'parquet'")
    run = OutputRun(out_dir, "report", subdirs=["tables"], reserve=["index.html", "provenance.json"])
    run.start()  # refuses an unwritable folder, or a file of the user's in the way, before the analyses
    folder = run.root
    step = _Stages(progress)
    params = {"by": by, "n_topics": n_topics, "random_state": random_state, "n_boot": n_boot,
              "naming_actors": list(naming_actors), "stop_terms": sorted(stop_terms or []), "format": format}
    with run:
        # every table is written as soon as its stage ends: a later failure, or a kill, keeps them
        tables = report_tables(corpus, by=by, n_topics=n_topics, random_state=random_state, n_boot=n_boot,
                               naming_actors=naming_actors, stop_terms=stop_terms, progress=progress,
                               on_tables=lambda new: write_table_files(run, new, "tables", format=format))
        provenance = _provenance(corpus, tables, params)
        run.write_bytes("provenance.json", _dumps(provenance).encode("utf-8"))
        problems: list[tuple[str, str, str]] = []
        figures = step.run("charts", lambda: report_figures(tables, corpus.name, by=by, problems=problems))
        page = step.run("page", lambda: render_html(corpus, tables, figures, provenance, by=by, problems=problems))
        step.run("writing the page", lambda: run.write_bytes("index.html", page.encode("utf-8")))
    step.done(f"report written to {folder / 'index.html'}")
    return folder / "index.html"
