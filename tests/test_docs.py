"""The documentation builds without warnings and documents every public name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mideast_corpus as mc

REPO = Path(__file__).resolve().parents[1]
_NOT_FUNCTIONS = {"__version__"}


def test_docs_build_strict(tmp_path):
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                         cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]


def test_every_public_name_is_in_the_api_reference():
    api = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in mc.__all__ if name not in _NOT_FUNCTIONS and f"::: mideast_corpus.{name}" not in api]
    assert not missing, f"add these to docs/api.md: {missing}"


def test_the_tour_runs_as_written(capsys):
    """Every python block of docs/tour.md, run in order in one namespace."""
    tour = (REPO / "docs" / "tour.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", tour, flags=re.S)
    assert len(blocks) >= 5
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/tour.md", "exec"), namespace)  # the documentation's own code, on purpose
    assert "index.html" in capsys.readouterr().out
