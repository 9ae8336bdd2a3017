"""The command line on the seeds and on bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mideast_corpus.cli import main


def test_info_on_the_seeds(seeds, capsys):
    assert main(["info", "--seeds"]) == 0
    out = capsys.readouterr().out
    assert seeds.fingerprint in out
    for source in seeds.docs["source"]:
        assert source in out
    assert "documents: 5" in out


def test_info_on_a_folder_reports_skips(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Iraqi forces retook Ramadi.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    assert main(["info", str(tmp_path), "--default-source", "Wire"]) == 0
    out = capsys.readouterr().out
    assert "skipped items: 1" in out and "b.txt" in out


def test_errors_are_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["info", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mideast-corpus: error:") and "missing" in err


def test_console_script_module_runs():
    out = subprocess.run([sys.executable, "-m", "mideast_corpus.cli", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("mideast_corpus ")


def test_debug_shows_the_traceback(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(Exception) as info:
        main(["--debug", "info", str(missing)])
    assert str(missing) in str(info.value)
    assert main(["info", str(missing)]) == 2  # without --debug: one line and exit status 2
