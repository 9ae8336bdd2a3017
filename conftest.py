"""The whole suite: notebooks that read ../shared/data find it there, or are skipped with a message.

At the root (not in notebooks/) so that pytest does not collect it for doctests beside the
other conftest files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1] / "shared" / "data"
#: Notebooks that read ../shared/data, and the file each needs.
NEEDS_SHARED_DATA = {"06_outlets.ipynb": SHARED_DATA / "allsides" / "allsides_me_dev.jsonl"}

# mc.datasets.fetch_allsides() in a notebook reads the local copy instead of downloading: the kernels nbval
# starts inherit this environment. A value the user set wins.
if (SHARED_DATA / "allsides").is_dir():
    os.environ.setdefault("MIDEAST_CORPUS_ALLSIDES", str(SHARED_DATA / "allsides"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        needed = NEEDS_SHARED_DATA.get(Path(str(item.fspath)).name)
        if needed is not None and not needed.exists():
            item.add_marker(pytest.mark.skip(reason=f"evaluation data not found at {needed}: it lives outside the "
                                                    "package (../shared/data)"))
