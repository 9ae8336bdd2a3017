"""The report page: findings first, charts with their passages one click away, limitations grouped.

Everything here turns report tables into HTML. Every string from the corpus
is escaped (:func:`~mideast_corpus.escaping.escape_html` for markup; passages travel as JSON inside a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as
``\\u`` escapes, and the page's script puts them into the page as text,
never as markup).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from string import Template
from typing import Any

import pandas as pd
import plotly
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from . import plots
from ._version import __version__
from .corpus import Corpus
from .escaping import escape_html as _esc
from .grouping import group_column

__all__ = ["MAX_ROWS", "html_table", "limitations", "render_html"]

#: A source with fewer documents or words than this is flagged on the page.
MIN_DOCS, MIN_WORDS = 2, 1000
#: Rows shown per table on the page; the CSV files hold every row.
MAX_ROWS = 40
#: Rows per group in the cut-down page tables.
_TOP_PER_GROUP = 5

#: Section order: (chart, heading, what it measures, which passages a click shows, table it needs).
_SECTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("overview", "Sources", "How many documents and words each group has, largest first. Every chart below "
     "rests on these sizes: a group with one article describes that article, not an outlet.", "", "summary"),
    ("stance", "In what light", "Net stance toward each actor: the share of its mentions cast positively minus "
     "the share cast negatively, with 95% intervals; coverage is the share of mentions with any stance evidence "
     "(the others count toward neither). With a few groups, one dot per group; with many, a heatmap: pale cells' "
     "intervals cross 0, grey cells rest on fewer than 10 mentions. Click a dot or cell for the sentences behind "
     "it.", "actor", "stance"),
    ("stance_time", "In what light, over time", "Net stance toward the most mentioned actors by period, with 95% "
     "intervals; open points rest on fewer than 10 mentions.", "", "stance_time"),
    ("salience", "Who is talked about", "Mentions of each actor per 1,000 words, by group (dictionary matching "
     "of names, aliases and demonyms). Click a cell for sentences that mention the actor.", "actor", "entities"),
    ("salience_time", "Who is talked about, over time", "Mentions per 1,000 words of the most mentioned actors, by "
     "period.", "", "salience_time"),
    ("naming", "What they are called", "Of each group's mentions of an actor, the share that uses each name.", "",
     "naming"),
    ("topics", "What it is about", "Share of each group's paragraphs per topic of an NMF topic model, with 95% "
     "bootstrap intervals; topics are named by their top terms, and the passages below each chart show what a "
     "topic reads like. Click a bar or cell for that group's passages.", "topic", "topic_prevalence"),
    ("frames", "In which frames", "Share of each group's sentences that use each frame's lexicon, with 95% "
     "bootstrap intervals.", "", "frames"),
    ("voices", "Whose voice", "Share of each group's quoted or cited sentences by kind of speaker (US officials, "
     "Iraqi officials, militias, analysts, ...); <code>tables/quotes.csv</code> lists every quotation with its "
     "evidence.", "", "voices"),
    ("keyness", "Distinctive words", "Words each group uses more than the others (log ratio); pale bars are not "
     "significant after correction. Site furniture (lines a source repeats in many articles) was removed at load. "
     "Click a bar for sentences that use the word.", "term", "keyness"),
)

#: Tables shown on the page, in order, with their headings; each is cut down by :func:`_page_table`.
_PAGE_TABLES: dict[str, str] = {
    "stance": "Stance by group and actor (the 5 most mentioned actors per group)",
    "entities": "Actor salience (the 5 most mentioned actors per group)",
    "topic_terms": "Topic terms",
    "keyness": "Keyness (the 5 most over-represented terms per group)",
    "naming": "Naming (names used at least once)",
    "voices": "Whose voice: speech sentences per speaker kind and actor",
}


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


def _page_table(name: str, tables: Mapping[str, pd.DataFrame], by: str,
                names: Mapping[str, str]) -> pd.DataFrame | None:
    """The rows and columns of a table worth reading on the page (the CSV keeps everything)."""
    if name not in tables or not len(tables[name]):
        return None
    table = tables[name].drop(columns=["note"], errors="ignore")
    group = group_column(table, by)
    if name in ("entities", "stance") and "actor" in table.columns:
        table = table.assign(actor=[names.get(str(a), str(a)) for a in table["actor"]])
    if name == "entities":
        table = _top_per_group(table[table["count"] > 0], group, ["count", "actor"], [False, True], _TOP_PER_GROUP)
        keep = [group, "actor", "count", "per_1k_words", "per_1k_low", "per_1k_high", "n_docs_mentioning"]
        return table[[c for c in keep if c in table.columns]]
    if name == "stance":
        table = _top_per_group(table, group, ["n_mentions", "actor"], [False, True], _TOP_PER_GROUP)
        keep = [group, "actor", "n_mentions", "n_docs", "n_outlets", "coverage", "net", "net_low", "net_high",
                "share_negative", "share_positive"]
        return table[[c for c in keep if c in table.columns]]
    if name == "naming" and "count" in table.columns:
        return table[table["count"] > 0].reset_index(drop=True)
    if name == "topic_terms" and {"topic", "term"} <= set(table.columns):
        ordered = table.sort_values(["topic", "rank"] if "rank" in table.columns else ["topic"], kind="stable")
        return (ordered.groupby("topic", sort=True)["term"].agg(lambda t: ", ".join(map(str, t)))
                .rename("top terms").reset_index())
    if name == "keyness" and {"term", "log_ratio"} <= set(table.columns):
        table = _top_per_group(table[table["log_ratio"] > 0], group, ["log_ratio", "term"], [False, True], 5)
        keep = [group, "term", "count_group", "count_rest", "log_ratio", "q"]
        return table[[c for c in keep if c in table.columns]]
    return table


# -- limitations ------------------------------------------------------------------------------------

def _join(names: Sequence[str], most: int = 12) -> str:
    escaped = [_esc(n) for n in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    if len(escaped) == 1:
        return escaped[0] + more
    return ", ".join(escaped[:-1]) + (f", {escaped[-1]}{more}" if more else f" and {escaped[-1]}")


def limitations(corpus: Corpus, tables: Mapping[str, pd.DataFrame], *,
                by: str = "source") -> list[tuple[str, list[str]]]:
    """What this corpus and these tables can and cannot support, grouped: ``[(group, [sentences]), ...]``.

    Sentences are HTML, already escaped. Groups: the size of the groups, dates,
    loading and repair, the notes the analyses attached to their tables,
    warnings and errors of the report's stages, and the method. Notes that
    differ only by a count are counted, not repeated.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> found = limitations(mc.load_seeds(), {})
    >>> found[0][0], found[0][1][0]  # doctest: +NORMALIZE_WHITESPACE
    ('Size of the groups', '5 documents, one per source, illustrate the method; they do not support claims
      about outlets.')
    >>> [g for g, _ in found][-1]
    'Method'
    """
    docs = corpus.docs
    summary = corpus.summary(by=by)
    groups: dict[str, list[str]] = {}
    size = groups.setdefault("Size of the groups", [])
    n_docs, n_groups = len(docs), len(summary)
    if n_groups and (summary["n_docs"] == 1).all():
        size.append(f"{n_docs:,} documents, one per {_esc(by)}, illustrate the method; they do not support "
                    "claims about outlets.")
    few_docs = summary.loc[summary["n_docs"] < MIN_DOCS, by].astype(str).tolist()
    if few_docs and len(few_docs) < n_groups:
        size.append(f"{len(few_docs)} of {n_groups} groups have fewer than {MIN_DOCS} documents ({_join(few_docs)}): "
                    "what is shown for them describes single articles, not outlets.")
    few_words = summary.loc[summary["n_words"] < MIN_WORDS, by].astype(str).tolist()
    if few_words:
        size.append(f"{len(few_words)} groups have fewer than {MIN_WORDS:,} words ({_join(few_words)}): their rates "
                    "and shares rest on very few mentions and change a lot with one more article.")
    dates = groups.setdefault("Dates", [])
    undated = int(docs["published"].isna().sum())
    if undated:
        dates.append(f"{undated:,} of {n_docs:,} documents have no publication date: they are left out of the charts "
                     "over time.")
    report = corpus.load_report
    unparsed = int((report["step"] == "date_unparsed").sum())
    if unparsed:
        dates.append(f"{unparsed:,} dates could not be parsed (step <code>date_unparsed</code> in the preparation "
                     "table); <code>--date-format</code> may recover them.")
    loading = groups.setdefault("Loading and repair", [])
    skipped = int((report["action"] == "skipped").sum())
    if skipped:
        loading.append(f"{skipped:,} input items were skipped while loading (see the preparation table).")
    furniture = report[(report["step"] == "site_furniture") & report["doc_id"].isna()]
    if len(furniture):
        loading.append(f"Site furniture removed: {len(furniture)} repeated lines or sentences of "
                       f"{furniture['item'].nunique()} sources (credits, newsletter and app prompts), listed in the "
                       "preparation table.")
    notes = groups.setdefault("Notes on the tables", [])
    for name, table in sorted(tables.items()):
        if "note" not in table.columns or name in ("warnings",):
            continue
        values = [n.strip() for n in table["note"].dropna().astype(str) for n in n.split(";") if n.strip()]
        if not values:
            continue
        # "only 312 words (< 1,000)" and "only 57 words (< 1,000)" are one kind of note: count by the words.
        kinds = pd.Series(["".join(ch for ch in v if not ch.isdigit()) for v in values]).value_counts()
        examples = {k: next(v for v in values if "".join(ch for ch in v if not ch.isdigit()) == k) for k in kinds.index}
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:4]:
            notes.append(f"<code>{_esc(name)}</code>: {count:,} rows, e.g. “{_esc(examples[kind])}”")
        if len(kinds) > 4:
            notes.append(f"<code>{_esc(name)}</code>: {len(kinds) - 4} more kinds of note in "
                         f"<code>tables/{_esc(name)}.csv</code>.")
    stages = groups.setdefault("Warnings and errors while making the report", [])
    warned = tables.get("warnings")
    if warned is not None and len(warned):
        for stage, kind, message in warned[["stage", "kind", "message"]].itertuples(index=False):
            stages.append(f"{_esc(kind).capitalize()} in {_esc(stage)}: {_esc(message)}")
    groups["Method"] = [
        "Actors are found by matching a reviewed dictionary of names and aliases: unlisted names, pronouns and "
        "misspellings are missed. Stance and frames come from lexicons and rules, topics from an unsupervised "
        "model; read them as pointers to passages worth reading, not as verdicts.",
        "Intervals resample the unit that varies (outlets within a group of outlets, else documents); they reflect "
        "variation inside this corpus, not how representative it is of an outlet's coverage. Findings list only "
        "differences a permutation test of the groups supports (Benjamini-Hochberg q < 0.05); "
        "salience intervals treat words as independent and are too narrow.",
    ]
    return [(name, items) for name, items in groups.items() if items]


# -- findings and passages ---------------------------------------------------------------------------

def _number(value: float, measure: str) -> str:
    if measure == "topic":
        return f"{100 * value:.0f}%"
    if measure == "salience":
        return f"{value:.2f}"
    return f"{value:+.2f}"


def _passage_html(row: Mapping[str, Any]) -> str:
    text = str(row["passage"])
    a, b = int(row["mark_start"]), int(row["mark_end"])
    body = _esc(text[:a]) + (f"<mark>{_esc(text[a:b])}</mark>" if b > a else "") + _esc(text[b:])
    where = " · ".join(_esc(x) for x in (row.get("source"), row.get("title"),
                                           _day(row.get("published"))) if x is not None and str(x) and str(x) != "nan")
    evidence = f'<span class="evidence">{_esc(row["evidence"])}</span>' if str(row.get("evidence") or "") else ""
    return f'<blockquote class="passage">{body}<footer>{where}{evidence}</footer></blockquote>'


def _day(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d") if not isinstance(value, str) else value


def _finding_passages(tables: Mapping[str, pd.DataFrame], by: str, measure: str, group: str,
                      subject: str, side: str = "high") -> list[Mapping[str, Any]]:
    if measure == "topic":
        table = tables.get("topic_passages")
        cell = table[(table[by].astype(str) == group) & (table["cell"].astype(str) == subject)] if table is not None \
            else None
    else:
        table = tables.get("passages")
        cell = table[(table["kind"] == "actor") & (table[by].astype(str) == group)
                     & (table["cell"].astype(str) == subject)] if table is not None and by in table.columns else None
    if cell is None or not len(cell):
        return []
    if measure == "stance":
        # the high group's most positive passage, the low group's most negative one: what the difference is made of
        cell = cell.assign(_v=cell["value"].astype(float)).sort_values("_v", ascending=side == "low",
                                                                       na_position="last", kind="stable")
    return cell.head(1).to_dict("records")


def _stance_coverage(tables: Mapping[str, pd.DataFrame], by: str, group: str, subject: str) -> float | None:
    """Coverage (share of mentions with evidence) of one group and actor in the stance table, if there."""
    table = tables.get("stance")
    if table is None or by not in table.columns or "coverage" not in table.columns:
        return None
    cell = table[(table[by].astype(str) == group) & (table["actor"].astype(str) == subject)]
    return float(cell["coverage"].iloc[0]) if len(cell) else None


def findings_html(tables: Mapping[str, pd.DataFrame], *, by: str, names: Mapping[str, str]) -> str:
    """The findings as HTML: each difference with both intervals and a passage from each side."""
    findings = tables.get("findings")
    if findings is None:
        return "<p>Findings could not be computed (see the warnings and errors below).</p>"
    if not len(findings):
        return ("<p>No difference between groups passes the test: for the most mentioned actors and the topics, "
                "the groups differ no more than they do when the articles (or outlets) are dealt to them at "
                "random, or the best separated pair's intervals overlap. The charts below show the estimates.</p>")
    terms = tables.get("topic_terms")
    items = []
    for row in findings.to_dict("records"):
        measure, subject = row["measure"], str(row["subject"])
        if measure == "topic":
            top = terms[terms["topic"].astype(str) == subject]["term"].head(4).tolist() if terms is not None else []
            what = f"Topic {_esc(subject)} ({_esc(', '.join(map(str, top)))})"
            verb, unit = "takes", "of the text"
        elif measure == "stance":
            what = f"Stance toward <b>{_esc(names.get(subject, subject))}</b>"
            verb, unit = "is", "net"
        else:
            what = f"Mentions of <b>{_esc(names.get(subject, subject))}</b>"
            verb, unit = "run at", "per 1,000 words"
        sides = []
        for side in ("high", "low"):
            n_word = "units" if measure == "topic" else "mentions"
            coverage = _stance_coverage(tables, by, str(row[side + "_group"]), subject) if measure == "stance" \
                else None
            sides.append(f"<b>{_esc(row[side + '_group'])}</b>: {_number(row[side + '_value'], measure)} "
                         f"[{_number(row[side + '_low'], measure)}, {_number(row[side + '_high'], measure)}], "
                         f"{int(row[side + '_n']):,} {n_word}"
                         + (f", {coverage:.0%} of them with evidence" if coverage is not None else ""))
        passages = "".join(_passage_html(p) for side in ("high", "low")
                           for p in _finding_passages(tables, by, measure, str(row[side + "_group"]), subject, side))
        test = (f" Dealing the {_esc(row['resampled'])} to the groups at random gives differences this large with "
                f"p = {row['p']:.3f} (q = {row['q']:.3f} over all the differences tested).") if "p" in row else ""
        items.append(f"<li><p>{what} {verb} highest in {sides[0]} and lowest in {sides[1]} ({unit}; 95% "
                     f"intervals in brackets).{test}</p>{passages}</li>")
    return f'<ol class="findings">{"".join(items)}</ol>'


def _json_for_script(obj: Any) -> str:
    """JSON that cannot end its ``<script>`` element or be read as markup (nor as an attribute, were it moved)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


def passages_data(tables: Mapping[str, pd.DataFrame], *, by: str,
                  names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``{kind: {group: {cell: {"g": group, "c": label, "p": [passage, ...]}}}}`` for the page's click-through.

    Kinds are ``actor``, ``topic`` and ``term``. The keys are escaped the way the charts escape
    their ``customdata`` (:mod:`mideast_corpus.plots`), so a clicked cell finds its entry; ``g``
    and ``c`` are the group and the cell as the page shows them (actors by display name).
    """
    names = names or {}
    data: dict[str, Any] = {}
    frames = [t for t in (tables.get("passages"), tables.get("topic_passages")) if t is not None and len(t)]
    for table in frames:
        if by not in table.columns:
            continue
        for row in table.to_dict("records"):
            entry = {"x": str(row["passage"]), "a": int(row["mark_start"]), "b": int(row["mark_end"]),
                     "s": str(row.get("source") or ""), "t": str(row.get("title") or ""),
                     "p": _day(row.get("published")), "e": str(row.get("evidence") or ""),
                     "l": str(row.get("label") or ""),
                     "v": "" if pd.isna(row.get("value")) else f"{float(row['value']):.2f}"}
            kind, group, cell = str(row["kind"]), str(row[by]), str(row["cell"])
            label = names.get(cell, cell) if kind == "actor" else (f"topic {cell}" if kind == "topic" else cell)
            slot = data.setdefault(kind, {}).setdefault(_esc(group), {}).setdefault(
                _esc(cell), {"g": group, "c": label, "p": []})
            slot["p"].append(entry)
    return data


def _topic_passages_html(tables: Mapping[str, pd.DataFrame]) -> str:
    overall = tables.get("topic_examples")
    terms = tables.get("topic_terms")
    if overall is None or not len(overall):
        return ""
    blocks = []
    for topic, rows in overall.groupby("cell", sort=True):
        top = terms[terms["topic"] == topic]["term"].head(6).tolist() if terms is not None else []
        blocks.append(f"<details><summary>Topic {_esc(topic)}: {_esc(', '.join(map(str, top)))}</summary>"
                      + "".join(_passage_html(r) for r in rows.to_dict("records")) + "</details>")
    return '<div class="topic-passages"><h3>What each topic reads like</h3>' + "".join(blocks) + "</div>"


def _figure_html(name: str, figure: go.Figure) -> str:
    # A fixed div id keeps the page byte-identical between runs; plotly escapes '<' in the figure JSON.
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{name}",
                          config={"displaylogo": False, "responsive": True})


def _failure_note(what: str, problems: Sequence[tuple[str, str, str]], stage_names: Sequence[str]) -> str:
    errors = [f"{_esc(stage)}: {_esc(message)}" for stage, kind, message in problems
              if kind == "error" and stage in stage_names]
    detail = "; ".join(errors) if errors else "its table is empty or missing"
    return f'<p class="failed">{_esc(what)} could not be drawn ({detail}). The rest of the report is complete.</p>'


#: Which report stages make each section's table (a failed stage is named in the section).
_STAGE_OF = {"summary": "corpus", "entities": "actors", "naming": "actors", "stance": "stance",
             "stance_time": "over time", "salience_time": "over time", "topic_prevalence": "topics",
             "frames": "framing", "keyness": "framing", "voices": "voices"}


def render_html(corpus: Corpus, tables: Mapping[str, pd.DataFrame], figures: Mapping[str, go.Figure],
                provenance: Mapping[str, Any], *, by: str = "source",
                problems: Sequence[tuple[str, str, str]] = ()) -> str:
    """Return the report page as a string (plotly.js inlined once; every corpus string escaped).

    ``problems`` (stage, kind, message) are the errors of charts that could not be drawn; each
    section whose chart failed shows a note naming the error instead.
    """
    docs = corpus.docs
    dated = docs["published"].dropna()
    span = f"{dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else "no dates"
    names = plots.actor_names()
    warned = tables.get("warnings")
    stage_problems = [] if warned is None else list(warned[["stage", "kind", "message"]].itertuples(index=False,
                                                                                                    name=None))
    all_problems = [*stage_problems, *problems]
    sections, toc = [], []
    for name, heading, what, kind, table_name in _SECTIONS:
        table = tables.get(table_name)
        if name in figures:
            attr = f' data-passages="{kind}"' if kind else ""
            panel = (f'<div class="passages" id="passages-{name}" aria-live="polite"><p class="hint">Click a '
                     "point, bar or cell to read the passages behind it.</p></div>") if kind else ""
            body = f'<div class="chart"{attr}>{_figure_html(name, figures[name])}</div>{panel}'
            if name == "topics":
                body += _topic_passages_html(tables)
        elif table is not None and len(table) and not any(s == f"chart {name}" for s, _, _ in problems):
            continue  # nothing to draw (e.g. no dated documents): the limitations say why
        elif table is None and not any(s in (_STAGE_OF.get(table_name), f"chart {name}") for s, k, _ in all_problems
                                       if k == "error"):
            continue
        else:
            body = _failure_note(f"The chart “{heading}”", all_problems, [_STAGE_OF.get(table_name, ""),
                                                                          f"chart {name}"])
        sections.append(f'<section id="{name}"><h2>{heading}</h2><p class="what">{what}</p>{body}</section>')
        toc.append(f'<li><a href="#{name}">{heading}</a></li>')
    table_blocks = []
    for name, heading in _PAGE_TABLES.items():
        table = _page_table(name, tables, by, names)
        if table is None or not len(table):
            continue
        table_blocks.append(f'<h3 id="table-{name}">{heading}</h3>' + html_table(table)
                            + f'<p class="more">Every row: <code>tables/{name}.csv</code>.</p>')
    limits = limitations(corpus, tables, by=by)
    n_limits = sum(len(items) for _, items in limits)
    limit_html = "".join(f"<details><summary>{_esc(group)} ({len(items)})</summary><ul>"
                         + "".join(f"<li>{s}</li>" for s in items) + "</ul></details>" for group, items in limits)
    failed = [f"{_esc(s)}: {_esc(m)}" for s, k, m in all_problems if k == "error"]
    substitutions = {
        "title": _esc(f"Coverage by {by}: {corpus.name}"),
        "corpus_name": _esc(corpus.name),
        "by": _esc(by),
        "n_docs": f"{len(docs):,}",
        "n_groups": f"{len(tables['summary']) if 'summary' in tables else 0:,}",
        "n_sources": f"{docs['source'].nunique():,}",
        "n_words": f"{int(docs['n_words'].sum()):,}",
        "span": _esc(span),
        "fingerprint": _esc(corpus.fingerprint),
        "version": _esc(__version__),
        "plotly_version": _esc(plotly.__version__),
        "plotlyjs": get_plotlyjs(),
        "toc": "".join(toc),
        "findings": findings_html(tables, by=by, names=names),
        "errors": ('<div class="failed"><p>Some parts could not be made; everything else is complete:</p><ul>'
                   + "".join(f"<li>{f}</li>" for f in failed) + "</ul></div>") if failed else "",
        "n_limitations": f"{n_limits} notes in {len(limits)} groups",
        "limitations": limit_html,
        "sections": "\n".join(sections),
        "tables": "\n".join(table_blocks),
        "documents": html_table(tables["documents"], csv_name="documents.csv") if "documents" in tables else "",
        "preparation": html_table(tables["preparation"], csv_name="preparation.csv")
        if "preparation" in tables and len(tables["preparation"]) else "<p>No repairs were needed.</p>",
        "provenance": _esc(json.dumps(provenance, indent=2, sort_keys=True, ensure_ascii=False, default=str)),
        "passages": _json_for_script(passages_data(tables, by=by, names=names)),
        "n_charts": str(len(figures)),
    }
    return _page_template().substitute(substitutions)


def _page_template() -> Template:
    return Template((resources.files("mideast_corpus") / "templates" / "report.html").read_text(encoding="utf-8"))
