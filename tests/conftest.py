"""Shared fixtures: the seed corpus and the location of the evaluation data outside the package."""

from __future__ import annotations

from pathlib import Path

import pytest

import mideast_corpus as mc

REPO = Path(__file__).resolve().parents[1]
#: Public evaluation data lives beside the checkout (../shared/data), never inside the package.
SHARED_DATA = REPO.parent / "shared" / "data"


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
