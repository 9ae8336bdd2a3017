"""process_stream under faults: killed midway, failing late, rerun over an earlier run, foreign files.

A streamed run records every part it writes and marks its end (outputs.py); ``read_table`` reads only
what a finished run wrote. The kill tests run ``process_stream`` in a child process that stops itself at
a chosen point (after a part, or halfway through writing one) so that the parent kills it there with
SIGKILL, as an out-of-memory killer or a lost node would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import mideast_corpus as mc
from mideast_corpus.errors import IncompleteOutputError, OutputDirError
from mideast_corpus.outputs import RECORD_DIR, run_files
from mideast_corpus.streaming import process_stream, read_table

COPIES = 8  # 40 documents, 8 chunks of 5


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    raw = mc.load_seeds(repair=False).docs
    path = tmp_path_factory.mktemp("faults") / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k in range(COPIES):
            for rec in raw.assign(doc_id=raw["doc_id"] + f"-{k}")[["doc_id", "source", "title", "text"]].to_dict(
                    "records"):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _temps(folder: Path) -> list[Path]:
    return list(folder.rglob(".*.tmp"))


def _kill_midway(source: Path, out: Path, tmp: Path, *, inside_write: bool) -> None:
    """Run process_stream in a child that halts inside the third docs part or before the fourth; SIGKILL it."""
    ready = tmp / "ready"
    code = textwrap.dedent(f"""
        import pathlib, time
        import pandas as pd
        import mideast_corpus as mc

        real = pd.DataFrame.to_parquet
        calls = 0

        def to_parquet(self, path, *args, **kwargs):
            global calls
            if "/docs/" in str(path):
                calls += 1
                if calls == 3 and {inside_write!r}:  # halfway through writing the third chunk's docs part
                    pathlib.Path(path).write_bytes(b"PAR1 half a part")
                    pathlib.Path({str(ready)!r}).write_text("ready")
                    time.sleep(120)
                if calls == 4 and not {inside_write!r}:  # three chunks written whole, the fourth not begun
                    pathlib.Path({str(ready)!r}).write_text("ready")
                    time.sleep(120)
            return real(self, path, *args, **kwargs)

        pd.DataFrame.to_parquet = to_parquet
        mc.process_stream({str(source)!r}, {str(out)!r}, steps=["mentions"], chunk_docs=5, progress=False)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not ready.exists():
        if child.poll() is not None:
            pytest.fail(f"the child ended before the kill point: {child.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the child did not reach the kill point")
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("inside_write", [False, True], ids=["between_parts", "inside_a_write"])
def test_killed_run_is_refused_then_replaced(source, tmp_path, inside_write):
    out = tmp_path / "out"
    _kill_midway(source, out, tmp_path, inside_write=inside_write)
    with pytest.raises(IncompleteOutputError, match=r"did not finish .*partial=True"):
        read_table(out, "docs")
    partial = read_table(out, "docs", partial=True)  # the chunks written before the kill, nothing torn
    assert len(partial) == (10 if inside_write else 15)
    assert bool(_temps(out)) == inside_write  # the half-written part never got its name
    with pytest.raises(OutputDirError, match=r"incomplete process_stream run.*overwrite=True"):
        process_stream(source, out, steps=["mentions"], chunk_docs=5, progress=False)
    summary = process_stream(source, out, steps=["mentions"], chunk_docs=5, progress=False, overwrite=True)
    whole = mc.load_corpus(source)
    assert summary.n_docs == len(whole) == 5 * COPIES
    assert read_table(out, "docs")["doc_id"].tolist() == whole.docs["doc_id"].tolist()
    assert_frame_equal(read_table(out, "mentions"), mc.find_mentions(whole), check_exact=True)
    assert _temps(out) == []


def test_a_run_that_fails_late_leaves_tables_marked_incomplete(source, tmp_path, monkeypatch):
    import mideast_corpus.streaming as streaming

    real = streaming.process_in_batches
    calls = []

    def failing(corpus, **kwargs):
        calls.append(1)
        if len(calls) == 6:
            raise MemoryError("simulated: the sixth chunk does not fit")
        return real(corpus, **kwargs)

    monkeypatch.setattr(streaming, "process_in_batches", failing)
    with pytest.raises(MemoryError):
        process_stream(source, tmp_path / "out", steps=["mentions"], chunk_docs=5, progress=False)
    with pytest.raises(IncompleteOutputError):
        read_table(tmp_path / "out", "mentions")
    assert len(read_table(tmp_path / "out", "mentions", partial=True)) > 0
    assert not (tmp_path / "out" / "entity_frequency.parquet").exists()


def test_overwrite_removes_the_previous_runs_files_and_only_them(source, tmp_path):
    out = tmp_path / "out"
    first = process_stream(source, out, steps=["mentions", "stance"], chunk_docs=5, progress=False)
    assert (out / "stance_by_source.parquet").is_file() and first.n_chunks == COPIES
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    small = pd.DataFrame({"text": ["Russian jets struck Idlib.", "ISIS fled Mosul."], "source": ["A", "B"]})
    second = process_stream(small, out, steps=["mentions"], chunk_docs=5, progress=False, overwrite=True)
    assert second.n_chunks == 1
    visible = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and RECORD_DIR not in p.parts)
    assert visible == ["docs/part-00000.parquet", "entity_frequency.parquet", "load_report/part-00000.parquet",
                       "mentions/part-00000.parquet", "notes.txt"]
    assert not (out / "stance").exists()  # emptied folders of the earlier run go too
    freq = mc.entity_frequency(mc.load_corpus(small))
    freq.attrs = {}
    assert_frame_equal(pd.read_parquet(out / "entity_frequency.parquet"), freq, check_exact=True)
    assert run_files(out, "process_stream") == visible[:4]


def test_a_foreign_part_is_neither_read_nor_overwritten(source, tmp_path):
    out = tmp_path / "out"
    process_stream(source, out, steps=["mentions"], chunk_docs=20, progress=False)
    stray = pd.read_parquet(out / "docs" / "part-00000.parquet")
    stray.to_parquet(out / "docs" / "part-00007.parquet")  # a user's copy: not written by the run
    assert len(read_table(out, "docs")) == 5 * COPIES
    with pytest.raises(OutputDirError, match=r"part-00007\.parquet: the file exists and was not written"):
        process_stream(source, out, steps=["mentions"], chunk_docs=5, progress=False, overwrite=True)


def test_read_table_needs_a_recorded_run(tmp_path):
    (tmp_path / "docs").mkdir()
    pd.DataFrame({"doc_id": ["a"]}).to_parquet(tmp_path / "docs" / "part-00000.parquet")
    with pytest.raises(OutputDirError, match="no record of a process_stream run"):
        read_table(tmp_path, "docs")
