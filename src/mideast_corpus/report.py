"""The HTML report: every table and chart of a corpus on one self-contained page.

Three layers, each usable alone (e.g. from a notebook):

- :func:`report_tables` runs the analyses and returns ``{name: DataFrame}``
  (each table with its ``attrs["provenance"]``);
- :func:`report_figures` draws ``{name: Figure}`` from those tables;
- :func:`build_report` writes ``index.html``, ``tables/*.csv`` and
  ``provenance.json`` into a folder.

The page opens offline (plotly.js is inlined once), escapes every string that
comes from the corpus, and is byte-identical between runs on the same corpus and
parameters: nothing on it depends on the clock, the process or the machine
(timings go to stderr only).
"""

from __future__ import annotations

import html
import json
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, TextIO

import pandas as pd
import plotly
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from . import plots
from ._version import __version__
from .corpus import Corpus
from .errors import CorpusInputError, OutputDirError
from .outputs import OutputRun, prepare_out_dir, write_table_files, write_tables
from .provenance import attach_provenance
from .versions import versions

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
    "topic_tables",
    "voice_tables",
    "write_tables",
]

#: Actors whose naming is compared by default: the names outlets choose for them carry stance.
NAMING_ACTORS: tuple[str, ...] = ("isis", "syria_government", "syrian_opposition")
#: A source with fewer documents or words than this is flagged on the page.
MIN_DOCS, MIN_WORDS = 2, 1000
#: Rows shown per table on the page; the CSV files hold every row.
MAX_ROWS = 40


# -- progress ---------------------------------------------------------------------------------------

class _Progress:
    """Stage lines with timings on stderr, e.g. ``[mideast-corpus] topics ... 1.2 s`` (never in the outputs).

    Warnings the analyses raise are collected (``self.warnings``: stage, message)
    instead of printed with a source line, so the report can show them.
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None, prefix: str = "mideast-corpus") -> None:
        self.enabled = enabled
        self.stream = stream
        self.prefix = prefix
        self.start = time.perf_counter()
        self.warnings: list[tuple[str, str]] = []

    def _print(self, text: str, end: str = "\n") -> None:
        if self.enabled:
            print(text, end=end, file=self.stream or sys.stderr, flush=True)

    def run(self, label: str, func: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        self._print(f"[{self.prefix}] {label} ...", end="")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = func()
        self._print(f" {time.perf_counter() - began:.1f} s")
        for w in caught:
            item = (label, str(w.message))
            if item not in self.warnings:
                self.warnings.append(item)
                self._print(f"[{self.prefix}]   warning: {w.message}")
        return result

    def done(self, what: str) -> None:
        self._print(f"[{self.prefix}] {what} in {time.perf_counter() - self.start:.1f} s")

    def table(self) -> pd.DataFrame:
        table = pd.DataFrame(self.warnings, columns=["stage", "message"])
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
                  step: _Progress | None = None) -> dict[str, pd.DataFrame]:
    """``mentions`` (one row per actor or place mention), ``entities`` (salience by group) and ``naming``.

    ``naming`` stacks :func:`~mideast_corpus.entities.naming` of each of
    ``naming_actors`` with an ``actor`` column in front.
    """
    from .actors import find_mentions
    from .entities import entity_frequency, naming

    step = step or _Progress(False)
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


def stance_tables(corpus: Corpus, *, by: str = "source", n_boot: int = 1000, random_state: int = 0,
                  mentions: pd.DataFrame | None = None, step: _Progress | None = None) -> dict[str, pd.DataFrame]:
    """``stance_mentions`` (one row per mention) and ``stance`` (coverage, shares, net and mean score by source).

    ``mentions`` (from :func:`~mideast_corpus.actors.find_mentions`) saves matching the actors again.
    """
    from .stance import score_stance, stance_by_source

    step = step or _Progress(False)
    scored = step.run("stance per mention", lambda: score_stance(corpus, mentions=mentions))
    table = step.run("stance by source", lambda: stance_by_source(scored, by=by, n_boot=n_boot,
                                                                   random_state=random_state, corpus=corpus))
    return {"stance_mentions": scored, "stance": table}


def topic_tables(corpus: Corpus, *, by: str = "source", n_topics: int = 6, method: str = "nmf",
                 unit: str = "paragraph", n_terms: int = 10, n_boot: int = 1000, random_state: int = 0,
                 step: _Progress | None = None) -> dict[str, pd.DataFrame]:
    """``topic_terms``, ``topic_prevalence`` and ``topic_coherence`` of one fitted topic model."""
    from .topics import fit_topics

    step = step or _Progress(False)
    model = step.run("topic model", lambda: fit_topics(corpus, n_topics=n_topics, method=method, unit=unit,
                                                       random_state=random_state))
    return {
        "topic_terms": model.terms(n=n_terms),
        "topic_prevalence": step.run("topic prevalence", lambda: model.prevalence(
            by=by, n_boot=n_boot, random_state=random_state)),
        "topic_coherence": step.run("topic coherence", model.coherence),
    }


def framing_tables(corpus: Corpus, *, by: str = "source", n_boot: int = 1000, random_state: int = 0,
                   step: _Progress | None = None) -> dict[str, pd.DataFrame]:
    """``keyness`` and ``frames`` by group."""
    from .framing import frames, keyness

    step = step or _Progress(False)
    return {"keyness": step.run("keyness", lambda: keyness(corpus, by=by)),
            "frames": step.run("frames", lambda: frames(corpus, by=by, n_boot=n_boot, random_state=random_state))}


def voice_tables(corpus: Corpus, *, by: str = "source", mentions: pd.DataFrame | None = None,
                 step: _Progress | None = None) -> dict[str, pd.DataFrame]:
    """``naming_choices``, ``quotes`` (the evidence) and ``voices`` by group.

    ``mentions`` (from :func:`~mideast_corpus.actors.find_mentions`) saves matching the actors again.
    """
    from .framing import naming_choices, quotes, voices

    step = step or _Progress(False)
    out = {"naming_choices": step.run("naming choices", lambda: naming_choices(corpus, by=by, mentions=mentions)),
           "quotes": step.run("quotes and speakers", lambda: quotes(corpus, by=by, mentions=mentions))}
    # voices() counts the quotes table above rather than attributing the speech a second time.
    out["voices"] = step.run("voices", lambda: voices(corpus, by=by, quotes_table=out["quotes"]))
    return out


def report_tables(corpus: Corpus, *, by: str = "source", n_topics: int = 6, random_state: int = 0,
                  n_boot: int = 1000, naming_actors: Sequence[str] = NAMING_ACTORS,
                  progress: bool = False) -> dict[str, pd.DataFrame]:
    """Run every analysis the report shows and return its tables.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str
        Document column to compare (default ``"source"``).
    n_topics : int
        Topics of the NMF topic model.
    random_state : int
        Seed of the topic model and of every bootstrap.
    n_boot : int
        Bootstrap resamples for the intervals.
    naming_actors : sequence of str
        Actor ids whose naming by each source is compared.
    progress : bool
        Print one line per stage with its time to stderr.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``summary, documents, preparation, entities, naming, stance_mentions,
        stance, topic_terms, topic_prevalence, topic_coherence, keyness, frames,
        naming_choices, quotes, voices, warnings``; each carries ``attrs["provenance"]``. ``stance`` stacks one
        ``stance_by_source`` table per component with a ``component`` column;
        ``warnings`` lists the warnings the analyses raised (stage, message).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> tables = report_tables(mc.load_seeds(), n_boot=50)  # doctest: +SKIP
    >>> sorted(tables)[:3]  # doctest: +SKIP
    ['documents', 'entities', 'frames']
    """
    step = _Progress(progress)
    tables: dict[str, pd.DataFrame] = {}
    tables["summary"] = step.run("summary", lambda: corpus.summary(by=by))
    tables["documents"] = _documents(corpus)
    tables["preparation"] = _preparation(corpus)
    stages = [
        lambda: entity_tables(corpus, by=by, naming_actors=naming_actors, step=step),
        lambda: stance_tables(corpus, by=by, n_boot=n_boot, random_state=random_state,
                              mentions=tables.get("mentions"), step=step),
        lambda: topic_tables(corpus, by=by, n_topics=n_topics, n_boot=n_boot, random_state=random_state, step=step),
        lambda: framing_tables(corpus, by=by, n_boot=n_boot, random_state=random_state, step=step),
        lambda: voice_tables(corpus, by=by, mentions=tables.get("mentions"), step=step),
    ]
    for stage in stages:
        tables.update(stage())
    tables["warnings"] = step.table()
    return tables


def _concat_tables(parts: Sequence[pd.DataFrame], *, function: str, params: Mapping[str, Any]) -> pd.DataFrame:
    kept = [p for p in parts if len(p)]
    table = pd.concat(kept, ignore_index=True) if kept else (parts[0].iloc[:0] if parts else pd.DataFrame())
    first = dict(parts[0].attrs.get("provenance", {})) if parts else {}
    first.update({"function": function, "params": dict(params)})
    table.attrs = {"provenance": first}
    return table


# -- figures ----------------------------------------------------------------------------------------

def report_figures(tables: Mapping[str, pd.DataFrame], corpus_name: str, *, by: str = "source",
                   colors: Mapping[str, str] | None = None) -> dict[str, go.Figure]:
    """Draw the report's charts from :func:`report_tables` output.

    Every chart gets the same source colours (from ``tables["summary"]`` unless
    ``colors`` is given). Tables that are missing or empty are skipped.

    Returns
    -------
    dict of str to plotly.graph_objects.Figure
        Keys among ``overview, salience, naming, stance, topics, frames, voices, keyness``.

    Examples
    --------
    >>> import pandas as pd
    >>> summary = pd.DataFrame({"source": ["A", "B"], "n_docs": [1, 1], "n_words": [500, 700]})
    >>> sorted(report_figures({"summary": summary}, "demo"))
    ['overview']
    """
    summary = tables["summary"]
    colors = dict(colors) if colors is not None else plots.source_colors(summary[by].astype(str))

    def have(name: str) -> bool:
        return name in tables and len(tables[name]) > 0

    figures: dict[str, go.Figure] = {}
    figures["overview"] = plots.overview_chart(
        summary, freq=tables.get("entities"), frames=tables.get("frames"), stance=tables.get("stance"), by=by,
        corpus_name=corpus_name, colors=colors)
    if have("entities"):
        figures["salience"] = plots.salience_heatmap(tables["entities"], by=by, corpus_name=corpus_name)
    if have("naming"):
        figures["naming"] = plots.naming_chart(tables["naming"], by=by, corpus_name=corpus_name, colors=colors)
    if have("stance"):
        figures["stance"] = plots.stance_forest(tables["stance"], by=by, corpus_name=corpus_name, colors=colors)
    if have("topic_prevalence"):
        figures["topics"] = plots.topic_prevalence_chart(tables["topic_prevalence"], by=by,
                                                         terms=tables.get("topic_terms"), corpus_name=corpus_name,
                                                         colors=colors)
    if have("frames"):
        figures["frames"] = plots.frames_chart(tables["frames"], corpus_name=corpus_name, colors=colors)
    if have("voices"):
        figures["voices"] = plots.voices_chart(tables["voices"], corpus_name=corpus_name, colors=colors)
    if have("keyness"):
        figures["keyness"] = plots.keyness_chart(tables["keyness"], corpus_name=corpus_name, colors=colors)
    return figures


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


def build_report(corpus: Corpus, out_dir: str | Path, *, by: str = "source", n_topics: int = 6,
                 random_state: int = 0, n_boot: int = 1000, naming_actors: Sequence[str] = NAMING_ACTORS,
                 format: str = "csv", progress: bool = True) -> Path:
    """Write the HTML report of ``corpus`` into ``out_dir`` and return the page's path.

    Writes ``out_dir/index.html`` (self-contained, opens offline),
    ``out_dir/tables/<name>.csv`` (or ``.parquet``) for every table of
    :func:`report_tables`, and ``out_dir/provenance.json``. Two runs with the
    same corpus and parameters write identical bytes.

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
        :mod:`mideast_corpus.outputs`).
    by, n_topics, random_state, n_boot, naming_actors
        Passed to :func:`report_tables`.
    format : {"csv", "parquet"}
        Format of the table files.
    progress : bool
        Print stages and timings to stderr.

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
    run = OutputRun(out_dir, "report", subdirs=["tables"], reserve=["index.html", "provenance.json"])
    run.start()  # refuses an unwritable folder, or a file of the user's in the way, before the analyses
    folder = run.root
    step = _Progress(progress)
    params = {"by": by, "n_topics": n_topics, "random_state": random_state, "n_boot": n_boot,
              "naming_actors": list(naming_actors), "format": format}
    with run:
        tables = report_tables(corpus, by=by, n_topics=n_topics, random_state=random_state, n_boot=n_boot,
                               naming_actors=naming_actors, progress=progress)
        figures = step.run("charts", lambda: report_figures(tables, corpus.name, by=by))
        provenance = _provenance(corpus, tables, params)
        page = step.run("page", lambda: render_html(corpus, tables, figures, provenance, by=by))
        step.run("writing", lambda: _write_report(run, tables, provenance, page, format))
    step.done(f"report written to {folder / 'index.html'}")
    return folder / "index.html"


def _write_report(run: OutputRun, tables: Mapping[str, pd.DataFrame], provenance: dict[str, Any], page: str,
                  format: str) -> None:
    """The report's files, each atomic and recorded in the run (see :mod:`mideast_corpus.outputs`)."""
    write_table_files(run, tables, "tables", format=format)
    run.write_bytes("provenance.json", _dumps(provenance).encode("utf-8"))
    run.write_bytes("index.html", page.encode("utf-8"))


# -- the page ---------------------------------------------------------------------------------------

def _page_template() -> Template:
    return Template((resources.files("mideast_corpus") / "templates" / "report.html").read_text(encoding="utf-8"))

#: Section order, headings and what each chart measures (fixed text, no corpus strings).
_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("overview", "Overview", "Each source's size, and the headline measures below side by side."),
    ("salience", "Who is talked about", "Mentions of each actor per 1,000 words, by source (dictionary matching "
     "of names, aliases and demonyms)."),
    ("naming", "What they are called", "Of each source's mentions of an actor, the share that uses each name."),
    ("stance", "In what light", "Mean stance toward each actor per source, with 95% bootstrap intervals. The "
     "buttons switch between the combined score and its components: sentiment of the sentence toward the actor, "
     "valence of the label used, and valence of the actor's role."),
    ("topics", "What it is about", "Share of each source's paragraphs per topic of an NMF topic model, with 95% "
     "bootstrap intervals; topics are named by their top terms."),
    ("frames", "In which frames", "Share of each source's sentences that use each frame's lexicon, with 95% "
     "bootstrap intervals."),
    ("voices", "Whose voice", "Share of each source's quoted or cited sentences by kind of speaker (US officials, "
     "Iraqi officials, militias, analysts, ...), from the attribution of quotations and reported speech; the "
     "tables below list the speakers, and <code>tables/quotes.csv</code> every quotation with its evidence."),
    ("keyness", "Distinctive words", "Words each source uses more than the other sources (log ratio); pale bars "
     "are not significant after correction."),
)

#: Tables shown on the page, in order, with their headings; each is cut down by :func:`_page_table`.
_PAGE_TABLES: dict[str, str] = {
    "entities": "Actor salience (the 8 most mentioned actors per source)",
    "naming": "Naming (names used at least once)",
    "stance": "Combined stance score (the 8 most mentioned actors per source)",
    "stance_examples": "The most negative and most positive mentions, with the evidence behind their scores",
    "topic_terms": "Topic terms",
    "topic_prevalence": "Topic prevalence",
    "frames": "Frames",
    "keyness": "Keyness (the 5 most over-represented terms per source)",
    "voices": "Whose voice: speech sentences per speaker kind and actor",
    "naming_choices": "Naming choices: the labels each source uses (labels used at least once)",
}
#: Rows per group in the cut-down page tables.
_TOP_PER_GROUP = 8


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return _esc(value)


def html_table(table: pd.DataFrame, *, max_rows: int = MAX_ROWS, caption: str | None = None,
               csv_name: str | None = None) -> str:
    """Return ``table`` as an HTML ``<table>`` with every cell escaped.

    Examples
    --------
    >>> html_table(pd.DataFrame({"source": ["<script>x</script>"]}))
    '<table>...<td>&lt;script&gt;x&lt;/script&gt;</td>...</table>'
    """
    head = "".join(f"<th>{_esc(c)}</th>" for c in table.columns)
    rows = []
    for record in table.head(max_rows).itertuples(index=False, name=None):
        cells = "".join(f"<td{' class=num' if isinstance(v, (int, float)) and not isinstance(v, bool) else ''}>"
                        f"{_cell(v)}</td>" for v in record)
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
    more = ""
    if len(table) > max_rows:
        where = f" (all rows in <code>tables/{_esc(csv_name)}</code>)" if csv_name else ""
        more = f'<p class="more">First {max_rows} of {len(table):,} rows{where}.</p>'
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _top_per_group(table: pd.DataFrame, group: str, order: list[str], ascending: list[bool], n: int) -> pd.DataFrame:
    ranked = table.sort_values([group, *order], ascending=[True, *ascending], kind="stable")
    return ranked.groupby(group, sort=True).head(n).reset_index(drop=True)


def _page_table(name: str, tables: Mapping[str, pd.DataFrame], corpus: Corpus, by: str) -> pd.DataFrame | None:
    """The rows and columns of a table worth reading on the page (the CSV keeps everything).

    ``note`` columns are left out: the limitations section summarises them.
    """
    if name == "stance_examples":
        return _stance_examples(tables.get("stance_mentions"), corpus)
    if name not in tables or not len(tables[name]):
        return None
    table = tables[name].drop(columns=["note"], errors="ignore")
    group = "group" if name in ("keyness", "frames", "voices", "naming_choices") and "group" in table.columns else by
    if name == "entities":
        table = _top_per_group(table, group, ["count", "actor"], [False, True], _TOP_PER_GROUP)
        keep = [group, "actor", "count", "per_1k_words", "per_1k_low", "per_1k_high", "share_of_mentions",
                "n_docs_mentioning"]
        return table[[c for c in keep if c in table.columns]]
    if name in ("naming", "naming_choices") and "count" in table.columns:
        return table[table["count"] > 0].reset_index(drop=True)
    if name == "stance":
        table = _top_per_group(table, group, ["n_mentions", "actor"], [False, True], _TOP_PER_GROUP)
        keep = [group, "actor", "n_mentions", "coverage", "net", "net_low", "net_high", "share_negative",
                "share_positive", "mean_score"]
        return table[[c for c in keep if c in table.columns]]
    if name == "topic_terms" and {"topic", "term"} <= set(table.columns):
        ordered = table.sort_values(["topic", "rank"] if "rank" in table.columns else ["topic"], kind="stable")
        return (ordered.groupby("topic", sort=True)["term"].agg(lambda t: ", ".join(map(str, t)))
                .rename("top terms").reset_index())
    if name == "topic_prevalence":
        return table.drop(columns=["label"], errors="ignore")
    if name == "keyness" and {"term", "log_ratio"} <= set(table.columns):
        table = _top_per_group(table[table["log_ratio"] > 0], group, ["log_ratio", "term"], [False, True], 5)
        keep = [group, "term", "count_group", "count_rest", "log_ratio", "q"]
        return table[[c for c in keep if c in table.columns]]
    return table


def _stance_examples(mentions: pd.DataFrame | None, corpus: Corpus, n: int = 6) -> pd.DataFrame | None:
    """The ``n`` most negative and ``n`` most positive scored mentions, with their sentence and evidence."""
    if mentions is None or not len(mentions) or "score" not in mentions.columns:
        return None
    scored = mentions.dropna(subset=["score"])
    keys = ["score", "doc_id", "sent_id", "start"]
    low = scored.sort_values(keys, kind="stable").head(n)
    high = scored.sort_values(keys, ascending=[False, True, True, True], kind="stable").head(n)
    picked = pd.concat([low, high[~high.index.isin(low.index)]])
    sentences = corpus.sentences().set_index(["doc_id", "sent_id"])["text"]
    text = [_shorten(sentences.get((d, s), "")) for d, s in zip(picked["doc_id"], picked["sent_id"], strict=True)]
    keep = [c for c in ("source", "doc_id", "actor", "alias", "label", "score", "evidence") if c in picked.columns]
    return picked[keep].assign(sentence=text).reset_index(drop=True)


def _shorten(text: str, limit: int = 280) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def limitations(corpus: Corpus, tables: Mapping[str, pd.DataFrame], *, by: str = "source") -> list[str]:
    """Sentences (HTML, already escaped) that say what this corpus can and cannot support.

    Generated from the data: sources with fewer than 2 documents or 1,000
    words, undated and skipped items, and the notes the analyses attached to
    their tables.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> limitations(mc.load_seeds(), {})[0]
    '5 documents, one per source, illustrate the method; they do not support claims about outlets.'
    """
    docs = corpus.docs
    summary = corpus.summary(by=by)
    out: list[str] = []
    n_docs, n_groups = len(docs), len(summary)
    if n_groups and (summary["n_docs"] == 1).all():
        out.append(f"{n_docs:,} documents, one per {_esc(by)}, illustrate the method; they do not support "
                   "claims about outlets.")
    few_docs = summary.loc[summary["n_docs"] < MIN_DOCS, by].astype(str).tolist()
    if few_docs and len(few_docs) < n_groups:
        out.append(f"Fewer than {MIN_DOCS} documents: {_join(few_docs)}. What is shown for "
                   f"{'it' if len(few_docs) == 1 else 'them'} describes single articles, not outlets.")
    few_words = summary.loc[summary["n_words"] < MIN_WORDS, by].astype(str).tolist()
    if few_words:
        out.append(f"Fewer than {MIN_WORDS:,} words: {_join(few_words)}. Rates and shares for "
                   f"{'this source' if len(few_words) == 1 else 'these sources'} rest on very few mentions and "
                   "change a lot with one more article.")
    undated = int(docs["published"].isna().sum())
    if undated:
        out.append(f"{undated:,} of {n_docs:,} documents have no publication date.")
    report = corpus.load_report
    skipped = int((report["action"] == "skipped").sum())
    if skipped:
        out.append(f"{skipped:,} input items were skipped while loading (see the preparation table).")
    for name, table in sorted(tables.items()):
        if name == "warnings" and {"stage", "message"} <= set(table.columns):
            for stage, message in table[["stage", "message"]].itertuples(index=False):
                out.append(f"Warning from {_esc(stage)}: {_esc(message)}")
        elif "note" in table.columns:
            notes = list(dict.fromkeys(n.strip() for n in table["note"].dropna().astype(str) if n.strip()))
            # Notes often differ only by a count; two examples per table say enough, the CSV has the rest.
            for note in notes[:2]:
                out.append(f"Note in <code>{_esc(name)}</code>: {_esc(note)}")
            if len(notes) > 2:
                out.append(f"… and {len(notes) - 2} more distinct notes in the <code>note</code> column of "
                           f"<code>tables/{_esc(name)}.csv</code>.")
    out.append("Actors are found by matching a reviewed dictionary of names and aliases: unlisted names, pronouns "
               "and misspellings are missed. Stance and frames come from lexicons and a small trained model, and "
               "topics from an unsupervised model; read them as pointers to passages worth reading, not as verdicts.")
    out.append("Intervals resample documents (or text units) within each source; they reflect variation inside "
               "this corpus, not how representative it is of an outlet's coverage.")
    return out


def _join(names: Sequence[str]) -> str:
    escaped = [_esc(n) for n in names]
    return escaped[0] if len(escaped) == 1 else ", ".join(escaped[:-1]) + " and " + escaped[-1]


def _figure_html(name: str, figure: go.Figure) -> str:
    # A fixed div id keeps the page byte-identical between runs; plotly escapes '<' in the figure JSON.
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{name}",
                          config={"displaylogo": False, "responsive": True})


def render_html(corpus: Corpus, tables: Mapping[str, pd.DataFrame], figures: Mapping[str, go.Figure],
                provenance: Mapping[str, Any], *, by: str = "source") -> str:
    """Return the report page as a string (plotly.js inlined once; every corpus string escaped)."""
    docs = corpus.docs
    dated = docs["published"].dropna()
    span = f"{dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else "no dates"
    sections = []
    for name, heading, what in _SECTIONS:
        if name not in figures:
            continue
        sections.append(f'<section id="{name}"><h2>{heading}</h2><p class="what">{what}</p>'
                        f"{_figure_html(name, figures[name])}</section>")
    table_blocks = []
    for name, heading in _PAGE_TABLES.items():
        table = _page_table(name, tables, corpus, by)
        if table is None or not len(table):
            continue
        csv = "stance_mentions.csv" if name == "stance_examples" else f"{name}.csv"
        table_blocks.append(f'<h3 id="table-{name}">{heading}</h3>'
                            + html_table(table) + f'<p class="more">Every row: <code>tables/{csv}'
                            "</code>.</p>")
    toc = "".join(f'<li><a href="#{n}">{h}</a></li>' for n, h, _ in _SECTIONS if n in figures)
    substitutions = {
        "title": _esc(f"Coverage by {by}: {corpus.name}"),
        "corpus_name": _esc(corpus.name),
        "by": _esc(by),
        "n_docs": f"{len(docs):,}",
        "n_sources": f"{docs['source'].nunique():,}",
        "n_words": f"{int(docs['n_words'].sum()):,}",
        "span": _esc(span),
        "fingerprint": _esc(corpus.fingerprint),
        "version": _esc(__version__),
        "plotly_version": _esc(plotly.__version__),
        "plotlyjs": get_plotlyjs(),
        "toc": toc,
        "limitations": "".join(f"<li>{s}</li>" for s in limitations(corpus, tables, by=by)),
        "summary": html_table(tables["summary"], caption=None, csv_name="summary.csv")
        if "summary" in tables else "",
        "documents": html_table(tables["documents"], csv_name="documents.csv") if "documents" in tables else "",
        "sections": "\n".join(sections),
        "tables": "\n".join(table_blocks),
        "preparation": html_table(tables["preparation"], csv_name="preparation.csv")
        if "preparation" in tables and len(tables["preparation"]) else "<p>No repairs were needed.</p>",
        "provenance": _esc(_dumps(provenance)),
        "n_charts": str(len(figures)),
    }
    return _page_template().substitute(substitutions)

