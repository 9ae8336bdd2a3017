"""Execute the notebooks in place so their stored outputs match the code (run before committing).

Usage: python scripts/run_notebooks.py [notebooks/NN_name.ipynb ...]

CI does not run this script: it re-executes the notebooks with ``pytest --nbval`` and compares the
outputs stored here with fresh ones.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
# notebook 06 reads the AllSides sample through fetch_allsides(); as in the tests (conftest.py), the local copy
# beside the checkout, never a download
_ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "allsides_me_dev.jsonl"
if _ALLSIDES.exists():
    os.environ.setdefault("MIDEAST_CORPUS_ALLSIDES", str(_ALLSIDES))


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(REPO)}")


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))
    for target in targets:
        run(target)
