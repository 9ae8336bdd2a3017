"""Output files (outputs.py): atomic, recorded, never stale, never someone else's; named errors; safe CSV cells.

Each test is a fault the issue-15 battery found: a rerun that keeps the previous run's files, a user's own
file overwritten, a full disk leaving partial files and a bare OSError, processes tripping over a shared
probe file, CSV cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.errors import OutputDirError
from mideast_corpus.outputs import RECORD_DIR, OutputRun, neutralise_formulas, prepare_out_dir, run_files, write_tables


def _visible(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and RECORD_DIR not in p.parts)


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


TABLES = {"entities": pd.DataFrame({"source": ["A", "B"], "count": [1, 2]}),
          "naming": pd.DataFrame({"alias": ["ISIS"], "n": [3]})}


def test_switching_format_leaves_no_stale_files(tmp_path):
    write_tables(TABLES, tmp_path, format="csv")
    assert _visible(tmp_path) == ["entities.csv", "naming.csv"]
    write_tables(TABLES, tmp_path, format="parquet")
    assert _visible(tmp_path) == ["entities.parquet", "naming.parquet"]
    write_tables({"other": TABLES["naming"]}, tmp_path)  # other tables: another run, the files stay
    assert _visible(tmp_path) == ["entities.parquet", "naming.parquet", "other.csv"]


def test_a_named_run_removes_a_table_it_no_longer_writes(tmp_path):
    write_tables(TABLES, tmp_path, run_name="entities")
    assert run_files(tmp_path, "entities") == ["entities.csv", "naming.csv"]
    write_tables({"entities": TABLES["entities"]}, tmp_path, format="parquet", run_name="entities")
    assert _visible(tmp_path) == ["entities.parquet"]


def test_a_file_the_library_did_not_write_is_never_replaced_or_removed(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    (tmp_path / "naming.csv").write_text("my own table", encoding="utf-8")
    with pytest.raises(OutputDirError, match=r"naming\.csv: the file exists and was not written by mideast_corpus"):
        write_tables(TABLES, tmp_path)
    assert (tmp_path / "naming.csv").read_text(encoding="utf-8") == "my own table"
    assert not (tmp_path / "entities.csv").exists()  # refused before anything was written
    (tmp_path / "naming.csv").unlink()
    write_tables(TABLES, tmp_path)
    (tmp_path / "naming.csv").write_text("edited by hand", encoding="utf-8")  # ours, changed since: no longer ours
    write_tables({"entities": TABLES["entities"]}, tmp_path)
    assert (tmp_path / "naming.csv").read_text(encoding="utf-8") == "edited by hand"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_a_symlink_in_the_way_is_refused(tmp_path):
    (tmp_path / "elsewhere.csv").write_text("x", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "naming.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(OutputDirError, match="a symbolic link is in the way"):
        write_tables(TABLES, tmp_path / "out")
    assert (tmp_path / "elsewhere.csv").read_text(encoding="utf-8") == "x"


def test_the_manifest_is_deterministic_and_lists_what_was_written(tmp_path):
    for d in ("a", "b"):
        write_tables(TABLES, tmp_path / d, format="csv")
        write_tables(TABLES, tmp_path / d, format="csv")  # a rerun: same manifest
    (path,) = (tmp_path / "a" / RECORD_DIR).glob("write_tables-*.jsonl")
    manifest = path.read_bytes()
    assert manifest == (tmp_path / "b" / RECORD_DIR / path.name).read_bytes()
    lines = [json.loads(line) for line in manifest.decode().splitlines()]
    assert lines[0]["run"] == path.stem and lines[-1] == {"complete": True, "files": 2}
    import hashlib

    for line in lines[1:-1]:
        assert hashlib.sha256((tmp_path / "a" / line["wrote"]).read_bytes()).hexdigest() == line["sha256"]


def _full_disk(monkeypatch, after: int, names: tuple[str, ...]):
    """Writes of ``names`` fail with ENOSPC after ``after`` bytes, as on a full disk."""
    real = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if any(f".{name}." in self.name for name in names):
            real(self, data[:after])
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.fixture(scope="module")
def formula_report(tmp_path_factory) -> tuple[Path, str]:
    """The seeds with formula-like sources, reported as CSV, then again as Parquet into the same folder."""
    docs = mc.load_seeds().docs
    corpus = mc.load_corpus(docs.assign(source=["=1+1", "@x", "+y", "-z", "Plain"]).drop(columns=["n_words"]))
    out = tmp_path_factory.mktemp("formula") / "report"
    mc.build_report(corpus, out, n_boot=20, n_topics=2, progress=False)
    csv_text = (out / "tables" / "documents.csv").read_text(encoding="utf-8")
    mc.build_report(corpus, out, n_boot=20, n_topics=2, format="parquet", progress=False)
    return out, csv_text


def test_report_neutralises_formulas_and_a_format_switch_leaves_no_csv(formula_report):
    out, csv_text = formula_report
    assert ",'=1+1," in csv_text and ",'@x," in csv_text and ",'-z," in csv_text and ",=1+1," not in csv_text
    tables = [name for name in _visible(out) if name.startswith("tables/")]
    assert tables and all(name.endswith(".parquet") for name in tables), tables
    assert pd.read_parquet(out / "tables" / "documents.parquet")["source"].iloc[0] in {"=1+1", "@x", "+y", "-z"}


def test_full_disk_is_an_output_dir_error_and_leaves_no_partial_file(formula_report, tmp_path, monkeypatch):
    import shutil

    out = shutil.copytree(formula_report[0], tmp_path / "report")
    before = {name: (out / name).read_bytes() for name in _visible(out)}
    corpus = mc.load_seeds()
    _full_disk(monkeypatch, 1000, ("keyness.csv",))
    with pytest.raises(OutputDirError, match=r"keyness\.csv: No space left on device \(the disk is full\); free"):
        mc.build_report(corpus, out, n_boot=20, n_topics=3, format="csv", progress=False)
    assert _temps(out) == [] and not (out / "tables" / "keyness.csv").exists()  # no cut CSV under any name
    after = {name: (out / name).read_bytes() for name in _visible(out)}
    assert set(before) <= set(after) and after["index.html"] == before["index.html"]
    import hashlib

    lines = [json.loads(line) for line in (out / RECORD_DIR / "report.jsonl").read_text().splitlines()]
    written = {line["wrote"]: line["sha256"] for line in lines if "wrote" in line}
    assert "tables/documents.csv" in written and "tables/keyness.csv" not in written
    for name, sha in written.items():  # the files written before the disk filled are whole, as recorded
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha, name
    with pytest.raises(mc.IncompleteOutputError):
        run_files(out, "report")


def test_build_report_never_overwrites_a_users_page(tmp_path):
    (tmp_path / "index.html").write_text("<h1>my own page</h1>", encoding="utf-8")
    with pytest.raises(OutputDirError, match=r"index\.html: the file exists and was not written by mideast_corpus"):
        mc.build_report(mc.load_seeds(), tmp_path, progress=False)  # refused before the analyses run
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<h1>my own page</h1>"
    assert _visible(tmp_path) == ["index.html"]


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path):
    cells = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "Reuters", "a=b"]
    table = pd.DataFrame({"source": cells, "score": [-0.5] * len(cells), "=col": ["x"] * len(cells)})
    write_tables({"t": table}, tmp_path)
    back = pd.read_csv(tmp_path / "t.csv", dtype={"source": str}, keep_default_na=False)
    assert back["source"].tolist() == ["'" + c for c in cells[:6]] + ["Reuters", "a=b"]
    assert back["score"].tolist() == [-0.5] * len(cells)  # numbers stay numbers
    assert list(back.columns) == ["source", "score", "'=col"]
    write_tables({"t": table}, tmp_path, format="parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), table)  # Parquet keeps exact values
    assert neutralise_formulas(table) is not table and table["source"].tolist() == cells  # input untouched


def _prepare_and_write(out: str, times: int) -> None:
    for _ in range(times):
        prepare_out_dir(out, "tables")
        write_tables({"t": pd.DataFrame({"a": [1, 2]}), "u": pd.DataFrame({"b": ["x"]})}, out, run_name="race")


def test_three_processes_preparing_and_writing_one_folder(tmp_path):
    """Per-process probe names and a lock: no false errors, a consistent folder at the end.

    The processes are forked (the library is imported already), so that the race is the writing, not the import.
    """
    import multiprocessing

    out = tmp_path / "shared"
    procs = [multiprocessing.get_context("fork").Process(target=_prepare_and_write, args=(str(out), 40))
             for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0, 0, 0]
    assert run_files(out, "race") == ["t.csv", "u.csv"]
    assert _visible(out) == ["t.csv", "u.csv"] and _temps(out) == []
    assert not [p for p in out.iterdir() if p.name.startswith(".mideast-corpus-probe")]


def test_probe_names_differ_between_calls(tmp_path, monkeypatch):
    import tempfile

    names = []
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        names.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    prepare_out_dir(tmp_path)
    prepare_out_dir(tmp_path)
    assert len(set(names)) == 2 and all(Path(n).parent == tmp_path for n in names)


def test_an_unstarted_run_refuses_to_write(tmp_path):
    with pytest.raises(RuntimeError, match="context manager"):
        OutputRun(tmp_path, "x").write_bytes("a.txt", b"")


def test_a_nested_run_into_the_same_folder_is_an_error_not_a_deadlock(tmp_path):
    with OutputRun(tmp_path, "outer"), pytest.raises(RuntimeError, match="already writing this folder"):
        OutputRun(tmp_path, "inner").start()
    with OutputRun(tmp_path, "again") as run:  # the lock was released
        run.write_bytes("a.txt", b"a")
