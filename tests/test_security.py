"""Security: no code execution from data, no reads outside the paths the user gave, every corpus string
escaped in the report.

* ``src/`` never unpickles, evals or execs (checked on the token stream, so comments and docstrings that
  *mention* pickle are fine) and ships no pickled data.
* Loading never opens a file outside the corpus folder (or the manifest the user named), whatever the
  manifest or the symlinks in the folder say: checked with a Python audit hook that sees every ``open``.
* The report escapes strings that come from the corpus by routes the existing report tests do not take:
  file names, manifest columns (their names and values, used as ``by=``), skipped items, first-line titles,
  doc ids and aliases of a user's actor dictionary. ``tests/test_report.py`` and
  ``tests/test_report_browser.py`` cover doc ids, sources, titles and text of a DataFrame corpus.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import sys
import tokenize
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

import mideast_corpus as mc
from mideast_corpus.errors import PathEscapeError
from mideast_corpus.report import render_html, report_figures, report_tables

SRC = Path(mc.__file__).resolve().parent

# -- no pickle, eval or exec -------------------------------------------------------------------------

#: Names that load code or arbitrary objects from data.
_FORBIDDEN_NAMES = {"pickle", "cPickle", "_pickle", "cloudpickle", "dill", "joblib", "shelve", "marshal",
                    "read_pickle", "to_pickle"}
#: Names that run a string as code when called.
_FORBIDDEN_CALLS = {"eval", "exec"}


def forbidden_uses(source: str) -> list[str]:
    """Return ``"line N: what"`` for each use of pickle-like loaders, eval/exec, yaml.load or allow_pickle=True.

    Works on tokens, so comments and string literals (docstrings) never count.
    """
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)]
    found = []
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME:
            continue
        after = [t.string for t in tokens[i + 1:i + 3]]
        if tok.string in _FORBIDDEN_NAMES:
            found.append(f"line {tok.start[0]}: {tok.string}")
        elif tok.string in _FORBIDDEN_CALLS and after[:1] == ["("]:
            found.append(f"line {tok.start[0]}: {tok.string}(")
        elif tok.string == "yaml" and after[:1] == ["."] and len(after) > 1 and after[1] in (
                "load", "load_all", "unsafe_load", "full_load", "Loader", "UnsafeLoader"):
            found.append(f"line {tok.start[0]}: yaml.{after[1]}")
        elif tok.string == "allow_pickle" and after == ["=", "True"]:
            found.append(f"line {tok.start[0]}: allow_pickle=True")
    return found


def test_the_checker_sees_code_and_ignores_prose():
    code = ('"""Never pickle; eval( is bad."""\n# import pickle\nx = "exec(1)"\n'
            "import pickle\ny = eval('1')\nz = df.eval('a')\nimport yaml\nyaml.load(s)\n"
            "np.load(f, allow_pickle=True)\nnp.load(f, allow_pickle=False)\nevaluate(1)\n")
    assert forbidden_uses(code) == ["line 4: pickle", "line 5: eval(", "line 6: eval(", "line 8: yaml.load",
                                    "line 9: allow_pickle=True"]


def test_no_pickle_eval_or_exec_in_src():
    sources = sorted(SRC.rglob("*.py"))
    assert len(sources) > 20
    found = {str(p.relative_to(SRC)): hits for p in sources
             if (hits := forbidden_uses(p.read_text(encoding="utf-8")))}
    assert not found, found


def test_no_pickled_data_is_shipped():
    suffixes = {".pkl", ".pickle", ".joblib", ".sav", ".dill", ".pt", ".pth", ".h5", ".npy"}
    shipped = [p for p in SRC.rglob("*") if p.suffix.lower() in suffixes]
    assert not shipped, shipped
    for npz in SRC.rglob("*.npz"):
        import numpy as np

        with np.load(npz, allow_pickle=False) as arrays:  # raises if any member is a pickled object array
            for name in arrays.files:
                assert arrays[name].dtype != object, (npz.name, name)


# -- reads stay inside the paths the user gave -----------------------------------------------------------

class _Opens:
    """Paths opened or listed while ``active`` (an audit hook cannot be removed, so it is switched)."""

    def __init__(self) -> None:
        self.active = False
        self.paths: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        if self.active and event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, Path)):
            self.paths.append(os.path.abspath(args[0]))


_OPENS = _Opens()
sys.addaudithook(_OPENS)


def _outside_setup(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("ISIS secret outside the corpus.", encoding="utf-8")
    (outside / "manifest.csv").write_text("file,source\nsecret.txt,S\n", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("Iraqi forces retook Ramadi.", encoding="utf-8")
    return root, outside


def _manifest(rows: str):
    return lambda root, outside: (root / "manifest.csv").write_text("file,source\na.txt,S\n" + rows, encoding="utf-8")


def _link(name: str, target: str):
    return lambda root, outside: os.symlink(outside / target if target else outside, root / name)


ESCAPES = {
    "dotdot": (_manifest("../outside/secret.txt,S\n"), PathEscapeError),
    "absolute": (_manifest("{outside}/secret.txt,S\n"), PathEscapeError),
    "nested_dotdot": (_manifest("sub/../../outside/secret.txt,S\n"), PathEscapeError),
    "symlinked_file": (_link("link.txt", "secret.txt"), None),
    "symlinked_folder": (_link("ext", ""), None),
    "manifest_through_symlinked_folder": (lambda r, o: (_link("ext", "")(r, o),
                                                        _manifest("ext/secret.txt,S\n")(r, o)), PathEscapeError),
    "manifest_is_a_symlink_out": (_link("manifest.csv", "manifest.csv"), PathEscapeError),
    "listed_symlinked_file": (lambda r, o: (_link("link.txt", "secret.txt")(r, o),
                                            _manifest("link.txt,S\n")(r, o)), PathEscapeError),
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_nothing_outside_the_corpus_folder_is_opened(tmp_path, name):
    root, outside = _outside_setup(tmp_path)
    setup, error = ESCAPES[name]
    setup(root, outside)
    manifest = root / "manifest.csv"
    if manifest.is_file() and not manifest.is_symlink():
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("{outside}", str(outside)), encoding="utf-8")
    _OPENS.paths.clear()
    _OPENS.active = True
    try:
        if error is None:
            corpus = mc.load_corpus(root, default_source="S")
            assert "secret" not in " ".join(corpus.docs["text"])
            assert len(corpus.load_report.query("action == 'skipped'")) >= 1
        else:
            with pytest.raises(error, match="outside the corpus folder"):
                mc.load_corpus(root, default_source="S")
    finally:
        _OPENS.active = False
    opened = [p for p in _OPENS.paths if Path(p).resolve().is_relative_to(outside.resolve())]
    assert not opened, opened
    if error is None:  # the hook does see the reads inside the folder
        assert any(Path(p).resolve().is_relative_to(root.resolve()) for p in _OPENS.paths)


def test_a_manifest_the_user_names_may_live_elsewhere(tmp_path):
    root, outside = _outside_setup(tmp_path)
    (outside / "m.csv").write_text("file,source\na.txt,S\n", encoding="utf-8")
    corpus = mc.load_corpus(root, manifest=outside / "m.csv")
    assert corpus.docs["doc_id"].tolist() == ["a"]


# -- escaping: corpus strings that reach the page by other routes -------------------------------------------

#: If any of these ran in a browser, the page title would change to "pwned".
IMG = "\"><img src=x onerror=document.title='pwned'>"
SCRIPT = "<script>document.title='pwned'</script>"
HOVER = "' onmouseover='document.title=`pwned`' x='"


@pytest.fixture(scope="module")
def folder_corpus(tmp_path_factory) -> mc.Corpus:
    """The seed texts as files whose names, manifest columns, ids and first lines carry payloads."""
    root = tmp_path_factory.mktemp("evil") / "corpus"
    root.mkdir()
    seeds = mc.load_seeds().docs
    rows = []
    for i, (text, source) in enumerate(zip(seeds["text"], seeds["source"], strict=True)):
        name = f"{i}{IMG}.txt"  # file names may hold < > " ' and = (not /)
        headline = f"{SCRIPT} headline {i}"
        body = f"{headline}\n\n{text}\n\nISIS fighters {HOVER} attacked Mosul.\n\nISIS fighters {HOVER} attacked Mosul."
        (root / name).write_text(body, encoding="utf-8")
        rows.append({"file": name, "doc_id": f"d{i}{SCRIPT}" if i % 2 else "", "source": source,
                     f"kind{IMG}": [SCRIPT, IMG, HOVER][i % 3]})
    (root / f"skipped{IMG}.txt").write_bytes(b"")
    rows.append({"file": f"skipped{IMG}.txt", "doc_id": "", "source": "X", f"kind{IMG}": "x"})
    pd.DataFrame(rows).to_csv(root / "manifest.csv", index=False)
    return mc.load_corpus(root, name=f"folder {HOVER}")


def _user_tables(corpus: mc.Corpus, by: str) -> dict[str, pd.DataFrame]:
    tables = report_tables(corpus, by=by, n_boot=20, n_topics=3)
    evil = mc.load_actors(pd.DataFrame({"id": ["isis_evil"], "kind": ["armed_group"],
                                        "aliases": [f"ISIS fighters {HOVER}"]}))
    naming = mc.naming(corpus, actor="isis_evil", by=by, actors=evil)
    assert naming["surface_forms"].str.contains("onmouseover").any() if "surface_forms" in naming else True
    if "actor" not in naming.columns:
        naming.insert(1, "actor", "isis_evil")
    tables["naming"] = pd.concat([tables["naming"], naming], ignore_index=True)
    return tables


def _assert_inert(page: str) -> None:
    assert page.count(get_plotlyjs()) == 1
    page = page.replace(get_plotlyjs(), "")
    assert "<script>document" not in page
    assert "<img src=x" not in page
    assert "' onmouseover='" not in page
    # each occurrence escaped: as HTML text, as JSON text (\u003c), or as a chart key escaped for plotly and
    # then for JSON (\u0026lt;, in the passages data of the click-through)
    for match in re.finditer("onerror=", page):
        assert page[match.start() - 20:match.start()].endswith(("&lt;img src=x ", "\\u003cimg src=x ",
                                                                 "\\u0026lt;img src=x ")), \
            page[match.start() - 60:match.end() + 10]
    for match in re.finditer("onmouseover=", page):
        assert page[match.start() - 12:match.start()].endswith(("&#x27; ", "&#39; ", "\\u0027 ", "\\u0026#39; ")), \
            page[match.start() - 40:match.end() + 10]
    # the only <script> elements are the page's own: plotly.js, its config, one per chart, the passages data
    # (JSON) and the click-through
    assert page.count("<script") == 4 + page.count("Plotly.newPlot(")


@pytest.fixture(scope="module")
def payload_page(folder_corpus) -> str:
    """The page of the folder corpus grouped by a payload column, naming from a user dictionary with payloads."""
    by = f"kind{IMG}"
    tables = _user_tables(folder_corpus, by)
    figures = report_figures(tables, folder_corpus.name, by=by)
    return render_html(folder_corpus, tables, figures, {"corpus": {"name": folder_corpus.name}}, by=by)


def test_folder_corpus_strings_are_escaped(folder_corpus, payload_page):
    docs = folder_corpus.docs
    assert docs["title"].str.contains("<script>").all()  # first-line titles carry the payload
    assert docs["doc_id"].str.contains("<img|<script").all()  # ids from file names and the manifest
    assert folder_corpus.load_report["item"].str.contains("<img").any()
    _assert_inert(payload_page)
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in payload_page
    assert "ISIS fighters &#39; onmouseover=&#39;document.title=`pwned`&#39; x=&#39;" in payload_page


def test_report_of_a_folder_corpus_grouped_by_a_payload_column(folder_corpus, tmp_path):
    page = mc.build_report(folder_corpus, tmp_path / "r", by=f"kind{IMG}", n_boot=20, n_topics=3, progress=False)
    _assert_inert(page.read_text(encoding="utf-8"))
    # the skipped file and the repair details are written to the tables, as data, never as markup
    preparation = pd.read_csv(tmp_path / "r" / "tables" / "preparation.csv")
    assert preparation["item"].str.contains("skipped", regex=False).any()


class _Elements(HTMLParser):
    """The on* attributes of the elements of a serialised DOM (text inside attribute values does not count)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [(tag, k, v or "") for k, v in attrs if k.startswith("on")]


def test_payload_page_in_a_browser(folder_corpus, payload_page, tmp_path):
    if not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("no Chromium/Chrome executable; install chromium to run the browser check")
    from test_report_browser import _console, _render

    page = tmp_path / "index.html"
    page.write_text(payload_page, encoding="utf-8")
    dom, log = _render(page, tmp_path / "profile")
    elements = _Elements()
    elements.feed(dom)
    assert not elements.handlers, elements.handlers[:5]  # no element got an on* attribute from the data
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and html.unescape(title.group(1)) == f"Coverage by kind{IMG}: {folder_corpus.name}"
    assert "pwned" not in " ".join(_console(log))
    assert 'class="main-svg"' in dom
