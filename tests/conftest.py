"""Shared fixtures: the seed corpus and the location of the evaluation data outside the package."""

from __future__ import annotations

import pytest
from datapaths import REPO, SHARED_DATA, shared_data

import mideast_corpus as mc

__all__ = ["REPO", "SHARED_DATA", "shared_data"]


@pytest.fixture(scope="session")
def seeds() -> mc.Corpus:
    """The five seed articles, repaired (loaded once per test session)."""
    return mc.load_seeds()


@pytest.fixture(scope="session")
def raw_seeds() -> mc.Corpus:
    """The five seed articles exactly as decoded, without repair."""
    return mc.load_seeds(repair=False)


@pytest.fixture(scope="session")
def seed_mentions(seeds: mc.Corpus):
    """``mc.find_mentions`` of the seed articles (found once per test session)."""
    return mc.find_mentions(seeds)
