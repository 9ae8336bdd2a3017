"""The HTML report and the table-writing CLI: files, provenance, determinism, escaping, errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

import mideast_corpus as mc
from mideast_corpus.cli import main
from mideast_corpus.report import build_report, html_table, limitations

#: Strings that would run script or add attributes if they reached the page unescaped.
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' onmouseover='x")

TABLES = {"summary", "documents", "preparation", "mentions", "entities", "naming", "stance_mentions", "stance",
          "topic_terms", "topic_prevalence", "topic_coherence", "topic_documents", "topic_examples", "topic_passages",
          "keyness", "frames", "naming_choices", "quotes", "voices", "passages", "findings", "warnings"}
CHARTS = ("overview", "salience", "naming", "stance", "topics", "frames", "voices", "keyness")


def injection_corpus() -> mc.Corpus:
    """The seed texts with the payloads in doc ids, sources, titles, text and the corpus name."""
    docs = mc.load_seeds().docs
    extra = "\n\nISIS fighters {p} attacked Mosul while the Syrian regime shelled Aleppo."
    table = pd.DataFrame({
        "doc_id": [f"doc{i}{PAYLOADS[i % 3]}" for i in range(len(docs))],
        "source": [f"{PAYLOADS[0]} News", PAYLOADS[1], PAYLOADS[2], "Plain Wire", "Plain Wire"],
        "title": [f"{t} {PAYLOADS[i % 3]}" for i, t in enumerate(docs["title"])],
        "text": [t + "".join(extra.format(p=p) for p in PAYLOADS) for t in docs["text"]],
        "published": docs["published"].astype(str),
    })
    return mc.load_corpus(table, name=PAYLOADS[0])


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory, seeds) -> Path:
    out = tmp_path_factory.mktemp("report") / "seeds"
    page = build_report(seeds, out, progress=False)
    assert page == out / "index.html"
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_report_writes_page_tables_and_provenance(seeds_report, seeds):
    assert (seeds_report / "index.html").is_file()
    assert {p.stem for p in (seeds_report / "tables").glob("*.csv")} == TABLES
    provenance = json.loads((seeds_report / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["corpus"]["fingerprint"] == seeds.fingerprint
    assert provenance["corpus"]["n_docs"] == 5
    assert provenance["library"]["version"] == mc.__version__
    assert set(provenance["tables"]) == TABLES
    assert provenance["tables"]["entities"]["corpus_fingerprint"] == seeds.fingerprint
    summary = pd.read_csv(seeds_report / "tables" / "summary.csv")
    assert sorted(summary["source"]) == sorted(seeds.docs["source"])


def test_page_is_self_contained_with_every_chart(seeds_report, seeds):
    page = (seeds_report / "index.html").read_text(encoding="utf-8")
    # plotly.js inlined exactly once, one newPlot per chart, nothing fetched from the network
    assert page.count(get_plotlyjs()[:500]) == 1
    assert page.count("Plotly.newPlot(") == len(CHARTS)
    assert "<script src" not in page and 'src="http' not in page and "<link" not in page
    for chart in CHARTS:
        assert f'id="chart-{chart}"' in page, chart
    assert seeds.fingerprint in page
    assert 'id="limitations"' in page and "one per source" in page and "do not support claims about outlets" in page
    assert 'id="provenance"' in page
    for title in seeds.docs["title"]:
        assert title.replace("'", "&#39;") in page


def test_two_runs_are_byte_identical_and_the_cli_matches(seeds_report, tmp_path, capsys):
    again = tmp_path / "again"
    assert main(["report", "--seeds", "--out", str(again)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(again / "index.html")
    # progress: one line per stage with its time, on stderr only
    assert "topic model" in captured.err and "stance" in captured.err and re.search(r"\d+\.\d s", captured.err)
    first, second = _files(seeds_report), _files(again)
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], f"{name} differs between runs"


def test_injected_markup_is_escaped_everywhere(tmp_path):
    out = tmp_path / "evil"
    build_report(injection_corpus(), out, n_boot=50, progress=False)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count(get_plotlyjs()) == 1
    page = page.replace(get_plotlyjs(), "")  # the library itself mentions onerror; look only at what we wrote
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page.replace("&gt;", "")
    assert "' onmouseover='" not in page
    # every occurrence is an escaped one: as HTML text or as a plotly label (entities plotly decodes itself)
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    for match in re.finditer("onerror=", page):
        # as HTML text, as JSON text (\u003c) or as a chart key escaped for plotly, then for JSON (\u0026lt;)
        assert page[match.start() - 20:match.start()].endswith(("&lt;img src=x ", "\\u003cimg src=x ",
                                                                 "\\u0026lt;img src=x ")), \
            page[match.start() - 40:match.end() + 10]
    for match in re.finditer("onmouseover=", page):
        before = page[match.start() - 12:match.start()]
        assert before.endswith(("&#x27; ", "&#39; ", "\\u0027 ", "\\u0026#39; ")), \
            page[match.start() - 40:match.end() + 10]
    # the only <script> elements are the page's own: plotly.js, its config, one per chart, the passages (JSON)
    # and the click-through
    assert page.count("<script") == 4 + len(CHARTS)


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["report", "--seeds", "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mideast-corpus: error:") and "a-file" in err and "Traceback" not in err
    assert main(["entities", "--seeds", "--out", str(blocker / "below")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write into read-only folders")
def test_permission_denied_is_a_one_line_error(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["report", "--seeds", "--out", str(locked / "r")]) == 2
    finally:
        locked.chmod(0o700)
    assert "Permission denied" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "expected"), [
    ("entities", {"mentions", "entities", "naming"}),
    ("topics", {"topic_terms", "topic_prevalence", "topic_coherence", "topic_documents", "topic_examples",
                "topic_passages"}),
    ("stance", {"stance_mentions", "stance"}),
    ("keyness", {"keyness", "frames"}),
])
def test_table_commands_write_csv(command, expected, tmp_path, capsys, seeds):
    args = [command, "--seeds", "--out", str(tmp_path), "--quiet"]
    if command != "entities":
        args += ["--n-boot", "20"]
    assert main(args) == 0
    assert {p.stem for p in tmp_path.glob("*.csv")} == expected
    assert len(capsys.readouterr().out.splitlines()) == len(expected)
    for name in expected:
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) > 0, name


def test_parquet_keeps_provenance(tmp_path, seeds):
    assert main(["topics", "--seeds", "--out", str(tmp_path), "--format", "parquet", "--quiet", "--n-boot", "20"]) == 0
    table = pd.read_parquet(tmp_path / "topic_prevalence.parquet")
    assert len(table) > 0
    assert table.attrs["provenance"]["corpus_fingerprint"] == seeds.fingerprint


def test_limitations_come_from_the_data_grouped_and_counted(seeds):
    groups = dict(limitations(seeds, {}))
    text = " ".join(groups["Size of the groups"])
    assert "5 documents, one per source" in text
    assert "3 groups have fewer than 1,000 words" in text and "The Jerusalem Post" in text
    assert list(groups)[-1] == "Method"
    two = mc.load_corpus(pd.DataFrame({"source": ["A", "A", "B", "B"],
                                       "text": [f"Mosul {i}. " + "Raqqa fell. " * 600 for i in range(4)]}),
                         furniture=False)
    assert "Size of the groups" not in dict(limitations(two, {}))
    # notes that differ only by a number are one kind, counted
    table = pd.DataFrame({"note": ["only 312 words (< 1,000)", "only 57 words (< 1,000)", ""]})
    notes = dict(limitations(two, {"keyness": table}))["Notes on the tables"]
    assert notes == ["<code>keyness</code>: 2 rows, e.g. “only 312 words (&lt; 1,000)”"]


def test_html_table_escapes_and_truncates():
    table = pd.DataFrame({"source": ['"><img src=x onerror=alert(1)>'] * 50, "share": [0.123456] * 50})
    out = html_table(table, max_rows=3, csv_name="t.csv")
    assert "<img" not in out and "&lt;img" in out and "&#34;&gt;" in out
    assert out.count("<tr>") == 4 and "First 3 of 50 rows" in out and "0.1235" in out
