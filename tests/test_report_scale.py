"""The report on generated corpora of 1 document to 100 outlets, and when a stage or a chart fails.

The corpora come from ``tests/generated.py`` (real seed sentences dealt to made-up outlets of very
uneven size; some outlets without actor mentions, some without dates; see its docstring).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from generated import make_corpus, make_table

import mideast_corpus as mc
from mideast_corpus import plots, report
from mideast_corpus.cli import main
from mideast_corpus.report import build_report

N_BOOT = 50


def _page(folder: Path) -> str:
    return (folder / "index.html").read_text(encoding="utf-8")


def _problems(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "tables" / "warnings.csv").fillna("")


def _passages(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="passages-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def hundred(tmp_path_factory) -> Path:
    corpus = make_corpus(100, largest=30, without_mentions=(4, 40), without_dates=(0, 7))
    return build_report(corpus, tmp_path_factory.mktemp("r") / "hundred", n_boot=N_BOOT, progress=False).parent


def test_one_document_reports_what_one_document_can(tmp_path):
    corpus = mc.load_corpus(make_table(1, largest=1), furniture=False)
    assert len(corpus) == 1
    out = build_report(corpus, tmp_path / "one", n_boot=N_BOOT, progress=False).parent
    problems = _problems(out)
    assert not (problems["kind"] == "error").any(), problems
    messages = " ".join(problems["message"])
    assert "n_topics lowered from 6 to" in messages and "keyness compares groups" in messages
    page = _page(out)
    for chart in ("overview", "stance", "salience", "topics", "frames"):
        assert f'id="chart-{chart}"' in page, chart
    assert 'id="chart-keyness"' not in page and "No difference between groups" in page


def test_two_outlets_and_one_without_dates(tmp_path):
    corpus = make_corpus(2, largest=6, without_dates=(1,))
    out = build_report(corpus, tmp_path / "two", n_boot=N_BOOT, progress=False).parent
    assert not (_problems(out)["kind"] == "error").any()
    page = _page(out)
    assert page.count("Plotly.newPlot(") >= 8
    assert "have no publication date" in page


def test_fifteen_uneven_outlets_switch_to_heatmaps_and_keep_passages(tmp_path):
    corpus = make_corpus(15, largest=30, without_mentions=(3,), without_dates=(5,))
    out = build_report(corpus, tmp_path / "fifteen", n_boot=N_BOOT, progress=False).parent
    assert not (_problems(out)["kind"] == "error").any()
    stance = pd.read_csv(out / "tables" / "stance.csv")
    assert "Outlet 003" not in set(stance["source"])  # no mentions, no stance row, and no crash
    page = _page(out)
    figure = re.search(r'Plotly.newPlot\(\s*"chart-stance",\s*(\[.*?\]),\s*\{', page, re.S).group(1)
    traces = json.loads(figure)
    assert [t["type"] for t in traces] == ["heatmap"] * 3
    assert "Islamic State" in traces[2]["x"] and "isis" not in traces[2]["x"]  # display names, not ids
    data = _passages(page)
    # every coloured stance cell finds its passages under the key the chart gives it
    for trace in traces[1:]:
        for i, row in enumerate(trace["z"]):
            for j, value in enumerate(row):
                if value is not None:
                    group, actor = trace["customdata"][i][j]
                    assert data["actor"][group][actor]["p"], (group, actor)
    # and each passage marks the mention
    cells = pd.read_csv(out / "tables" / "passages.csv").query("kind == 'actor'")
    assert len(cells) and set(cells["source"]) <= set(corpus.docs["source"])
    first = cells.iloc[0]
    entry = data["actor"][first["source"]][first["cell"]]
    assert entry["p"][0]["x"][entry["p"][0]["a"]:entry["p"][0]["b"]]


def test_a_hundred_outlets_show_the_largest_and_name_the_rest(hundred):
    assert not (_problems(hundred)["kind"] == "error").any()
    page = _page(hundred)
    for chart in ("overview", "stance", "salience", "naming", "topics", "frames", "voices", "keyness"):
        assert f'id="chart-{chart}"' in page, chart
    assert "smaller groups not shown" in page
    summary = pd.read_csv(hundred / "tables" / "summary.csv")
    assert len(summary) == 100
    # the stance heatmap has at most MAX_GROUPS rows, the largest outlets first
    stance = re.search(r'Plotly.newPlot\(\s*"chart-stance",\s*(\[.*?\]),\s*\{', page, re.S).group(1)
    rows = json.loads(stance)[2]["y"]
    assert len(rows) <= plots.MAX_GROUPS and rows[0] == "Outlet 000"


def _report_with_broken(monkeypatch, tmp_path: Path, module: object, name: str, error: Exception) -> Path:
    """The report of a small generated corpus with ``module.name`` raising ``error``."""
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(module, name, broken)
    return build_report(make_corpus(3, largest=5), tmp_path / name, n_boot=N_BOOT, progress=False).parent


def test_a_failing_stage_is_a_note_and_the_rest_is_built(tmp_path, monkeypatch):
    out = _report_with_broken(monkeypatch, tmp_path, report, "framing_tables", RuntimeError("frames exploded"))
    problems = _problems(out)
    assert problems.query("kind == 'error'")["stage"].tolist() == ["framing"]
    assert "RuntimeError: frames exploded" in problems["message"].iloc[-1]
    page = _page(out)
    assert "frames exploded" in page and 'class="failed"' in page
    assert 'id="chart-stance"' in page and (out / "tables" / "stance.csv").is_file()
    assert not (out / "tables" / "frames.csv").exists()


def test_a_failing_chart_is_a_note_naming_the_error(tmp_path, monkeypatch):
    out = _report_with_broken(monkeypatch, tmp_path, plots, "stance_chart",
                              TypeError("operation 'add' not supported for dtype 'str'"))
    page = _page(out)
    section = page[page.index('<section id="stance">'):page.index("</section>", page.index('<section id="stance">'))]
    assert "could not be drawn" in section and "operation &#39;add&#39; not supported" in section
    assert 'id="chart-salience"' in page


def test_every_table_is_written_before_any_chart(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "report_figures", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_report(make_corpus(3, largest=5), tmp_path / "cut", n_boot=N_BOOT, progress=False)
    written = {p.stem for p in (tmp_path / "cut" / "tables").glob("*.csv")}
    assert {"summary", "stance", "entities", "topic_prevalence", "keyness", "findings", "warnings"} <= written
    assert (tmp_path / "cut" / "provenance.json").is_file() and not (tmp_path / "cut" / "index.html").exists()


def test_by_another_column_and_the_cli(tmp_path, capsys):
    table = make_table(9, largest=12)
    path = tmp_path / "corpus.jsonl"
    table.rename(columns={"text": "body", "date": "day"}).to_json(path, orient="records", lines=True)
    out = tmp_path / "lean"
    assert main(["report", str(path), "--text", "body", "--date", "day", "--by", "lean", "--no-furniture",
                        "--n-boot", "50", "--out", str(out), "--quiet"]) == 0
    stance = pd.read_csv(out / "tables" / "stance.csv")
    assert set(stance["lean"]) == {"left", "center", "right"}
    assert "How coverage differs by lean" in _page(out)
    assert main(["report", str(path), "--text", "body", "--by", "outlet_size", "--out",
                        str(tmp_path / "x"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "--by 'outlet_size' is not a document column" in err and "by=" not in err
