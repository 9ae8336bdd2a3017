"""Shared fixtures: the seed corpus and the location of the evaluation data outside the package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mideast_corpus as mc

REPO = Path(__file__).resolve().parents[1]
#: Public evaluation data lives beside the checkout (../shared/data), never inside the package.
SHARED_DATA = REPO.parent / "shared" / "data"
#: Notebooks that read ../shared/data: skipped with a message where it is absent.
NEEDS_SHARED_DATA = {"06_outlets.ipynb": SHARED_DATA / "allsides" / "allsides_me_dev.jsonl"}

# mc.datasets.fetch_allsides() (in tests and in the notebooks, whose kernels inherit this environment) reads
# the local copy instead of downloading; a value the user set wins.
if (SHARED_DATA / "allsides").is_dir():
    os.environ.setdefault("MIDEAST_CORPUS_ALLSIDES", str(SHARED_DATA / "allsides"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        needed = NEEDS_SHARED_DATA.get(Path(str(item.fspath)).name)
        if needed is not None and not needed.exists():
            item.add_marker(pytest.mark.skip(reason=f"evaluation data not found at {needed}: it lives outside the "
                                                    "package (../shared/data)"))


@pytest.fixture(scope="session")
def seeds() -> mc.Corpus:
    """The five seed articles, repaired (loaded once per test session)."""
    return mc.load_seeds()


@pytest.fixture(scope="session")
def raw_seeds() -> mc.Corpus:
    """The five seed articles exactly as decoded, without repair."""
    return mc.load_seeds(repair=False)


def shared_data(*parts: str) -> Path:
    """Return a path under ../shared/data, or skip the test with a clear message if it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path}: it lives outside the package (../shared/data)")
    return path
