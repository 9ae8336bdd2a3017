"""Progress bars (progress.py): off unless asked for, on for long runs when nobody chose, never on stdout."""

from __future__ import annotations

import pytest

import mideast_corpus as mc
from mideast_corpus import progress as progress_module
from mideast_corpus.progress import Bar, progress


@pytest.fixture(autouse=True)
def nobody_chose(monkeypatch):
    monkeypatch.delenv("MIDEAST_CORPUS_PROGRESS", raising=False)
    monkeypatch.setattr(progress_module, "_enabled", None)  # the session's choice, restored after the test


def _drawn(capsys, **options) -> bool:
    items = list(range(50))
    out = progress(items, desc="test", **options)
    assert list(out) == items
    captured = capsys.readouterr()
    assert captured.out == ""
    return out is not items


def test_off_unless_asked(capsys):
    assert not _drawn(capsys)
    assert _drawn(capsys, enabled=True)
    mc.show_progress()
    assert _drawn(capsys)


def test_long_runs_show_a_bar_unless_switched_off(capsys, monkeypatch):
    assert _drawn(capsys, always_from=50)
    assert not _drawn(capsys, always_from=51)
    monkeypatch.setenv("MIDEAST_CORPUS_PROGRESS", "0")
    assert not _drawn(capsys, always_from=50)
    monkeypatch.delenv("MIDEAST_CORPUS_PROGRESS")
    mc.show_progress(False)
    assert not _drawn(capsys, always_from=50)


def test_bar_counts_what_it_is_told(capsys):
    bar = Bar(desc="streaming", total=10, unit="docs", enabled=True)
    bar.update(4, "chunk 0")
    bar.update(6, "chunk 1")
    bar.close()
    assert bar.done == 10 and capsys.readouterr().out == ""
