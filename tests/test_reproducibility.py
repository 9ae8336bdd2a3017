"""The report on the seeds is byte-identical across processes and hash seeds, and says what it was made from.

Two separate processes with different ``PYTHONHASHSEED`` write the report; every CSV table, the page
(which embeds every figure's JSON) and ``provenance.json`` must be identical, and the recorded
fingerprint, library and data versions must be those of the inputs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import mideast_corpus as mc


def _report(out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    run = subprocess.run([sys.executable, "-m", "mideast_corpus.cli", "report", "--seeds", "--out", str(out)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _figures(page: bytes) -> list[str]:
    # plotly writes each figure as Plotly.newPlot(id, data, layout, config)
    return re.findall(r"Plotly\.newPlot\(.*?\)\s*};?", page.decode("utf-8"), flags=re.S)


def test_report_is_identical_across_processes(tmp_path, seeds):
    _report(tmp_path / "a", "1")
    _report(tmp_path / "b", "4242")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert any(name.startswith("tables/") and name.endswith(".csv") for name in a)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"files differ between processes: {different}"
    figures = _figures(a["index.html"])
    assert len(figures) >= 6 and figures == _figures(b["index.html"])

    provenance = json.loads(a["provenance.json"])
    assert provenance["corpus"]["fingerprint"] == seeds.fingerprint
    assert provenance["library"]["version"] == mc.__version__
    assert provenance["data"] == mc.data_versions()
    for table in provenance["tables"].values():
        assert table.get("corpus_fingerprint", seeds.fingerprint) == seeds.fingerprint
