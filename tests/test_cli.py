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


def test_load_warnings_and_errors_name_flags_not_python(tmp_path, capsys):
    rows = ["text,source,date"] + [f"Story {i} about Mosul.,Wire,{m}/{d}/17" for i, (m, d) in
                                   enumerate([(4, 5), (12, 1), (3, 30)] * 8)]
    table = tmp_path / "dates.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["info", str(table)]) == 0
    err = capsys.readouterr().err
    assert "mideast-corpus: warning: 24 of 24 dates could not be parsed" in err
    assert "--date-format '%m/%d/%y'" in err and "date_format=" not in err and "load_report" not in err
    assert main(["info", str(table), "--date-format", "%m/%d/%y"]) == 0
    assert "warning" not in capsys.readouterr().err
    # a missing column is named as the flag that names it
    assert main(["info", str(table), "--text", "body"]) == 2
    err = capsys.readouterr().err
    assert "--text" in err and "text=" not in err


def test_stop_terms_file_reaches_keyness(tmp_path, capsys):
    terms = tmp_path / "stop.txt"
    terms.write_text("# outlets' own words\nregime\n\n", encoding="utf-8")
    out = tmp_path / "k"
    assert main(["keyness", "--seeds", "--out", str(out), "--quiet", "--n-boot", "20", "--stop-terms",
                 str(terms)]) == 0
    import pandas as pd

    key = pd.read_csv(out / "keyness.csv")
    assert "regime" not in set(key["term"]) and len(key)
    assert main(["keyness", "--seeds", "--out", str(out), "--stop-terms", str(tmp_path / "none.txt")]) == 2
    assert "--stop-terms" in capsys.readouterr().err
