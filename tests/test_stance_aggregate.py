"""stance_by_source and compare_stance on the seeds (one document per source) and on a small written table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.stance import compare_stance, score_stance, stance_by_source

MAJOR = ["isis", "russia", "iran", "syria_government", "united_states", "us_led_coalition", "iraq"]


@pytest.fixture(scope="module")
def seed_stance(seeds: mc.Corpus) -> pd.DataFrame:
    pytest.importorskip("mideast_corpus.actors")
    return score_stance(seeds)


def test_by_source_on_seeds_has_intervals_and_notes(seed_stance: pd.DataFrame) -> None:
    by = stance_by_source(seed_stance, by="source", n_boot=500, random_state=0)
    assert list(by.columns) == ["source", "actor", "mean", "ci_low", "ci_high", "n_mentions", "n_docs", "note"]
    major = by[by["actor"].isin(MAJOR)]
    assert len(major) >= 15
    assert major["note"].str.len().gt(0).all()  # every seed source has one document: the note says so
    many = major[major["n_mentions"] >= 3]
    assert many["ci_low"].notna().all()
    assert ((many["ci_low"] <= many["mean"] + 1e-9) & (many["mean"] <= many["ci_high"] + 1e-9)).all()
    assert (by.loc[by["actor"] == "isis", "mean"] < 0).all()


def test_by_source_is_deterministic_and_filters_quotes(seed_stance: pd.DataFrame) -> None:
    a = stance_by_source(seed_stance, n_boot=300, random_state=1)
    b = stance_by_source(seed_stance, n_boot=300, random_state=1)
    pd.testing.assert_frame_equal(a, b)
    excl = stance_by_source(seed_stance, n_boot=100, quoted="exclude")
    only = stance_by_source(seed_stance, n_boot=100, quoted="only")
    assert excl["n_mentions"].sum() + only["n_mentions"].sum() == len(seed_stance)
    assert a.attrs["provenance"]["random_state"] == 1


def test_by_document_variable_needs_corpus(seed_stance: pd.DataFrame, seeds: mc.Corpus) -> None:
    with pytest.raises(KeyError, match="corpus="):
        stance_by_source(seed_stance, by="outlet_kind")
    t = stance_by_source(seed_stance, by="outlet_kind", corpus=seeds, level="all", n_boot=200)
    assert set(t["outlet_kind"]) == set(seeds.docs["outlet_kind"])


def _written() -> pd.DataFrame:
    # a table written for the test: outlet A warm toward russia over 6 documents, B cold over 6
    rng = np.random.default_rng(0)
    rows = []
    for src, mu in (("A", 0.4), ("B", -0.3)):
        for d in range(6):
            for k in range(3):
                rows.append({"doc_id": f"{src}{d}", "sent_id": k, "source": src, "actor": "russia", "parent": "",
                             "score": float(np.clip(mu + rng.normal(0, 0.15), -1, 1)), "quoted": False})
    return pd.DataFrame(rows)


def test_compare_stance_clusters_by_document() -> None:
    t = compare_stance(_written(), by="source", actor="russia", n_boot=500, n_perm=500)
    assert t.loc[0, "note"] == "resampled documents"
    assert t.loc[0, "ci_low"] > 0 and t.loc[0, "p"] < 0.05 and t.loc[0, "q"] >= t.loc[0, "p"]


def test_compare_stance_on_seeds_falls_back_to_sentences(seed_stance: pd.DataFrame) -> None:
    t = compare_stance(seed_stance, by="source", actor="isis", n_boot=200, n_perm=200)
    assert len(t) == 10
    assert t["note"].str.contains("sentences").all()
    assert t["q"].notna().all()
