"""stance_by_source and compare_stance on the seeds (one document per source) and on small written tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.stance import compare_stance, score_stance, stance_by_source
from mideast_corpus.stance.aggregate import MEASURES

MAJOR = ["isis", "russia", "iran", "syria_government", "united_states", "us_led_coalition", "iraq"]


@pytest.fixture(scope="module")
def seed_stance(seeds: mc.Corpus) -> pd.DataFrame:
    return score_stance(seeds)


def test_by_source_on_seeds_reports_coverage_shares_and_intervals(seed_stance: pd.DataFrame) -> None:
    by = stance_by_source(seed_stance, by="source", n_boot=500, random_state=0)
    head = ["source", "actor", "n_mentions", "n_docs", "n_outlets", "n_evidence"]
    assert list(by.columns) == head + [c for m in MEASURES for c in (m, f"{m}_low", f"{m}_high")] + ["cluster", "note"]
    major = by[by["actor"].isin(MAJOR)]
    assert len(major) >= 15
    assert (major["cluster"] == "sentence").all()  # every seed source has one document: sentences are resampled
    many = major[major["n_mentions"] >= 5]
    for m in ("coverage", "net"):
        assert ((many[f"{m}_low"] <= many[m] + 1e-9) & (many[m] <= many[f"{m}_high"] + 1e-9)).all()
    # the measures are what they say they are, from the mention table
    for row in major.itertuples():
        cell = seed_stance[(seed_stance["source"] == row.source) & (seed_stance["actor"] == row.actor)]
        assert row.n_evidence == cell["score"].notna().sum()
        assert row.coverage == pytest.approx(cell["score"].notna().mean(), abs=1e-6)
        assert row.net == pytest.approx((cell["label"] == "positive").mean() - (cell["label"] == "negative").mean(),
                                        abs=1e-6)
        if row.n_evidence:
            assert row.mean_score == pytest.approx(cell["score"].mean(), abs=1e-6)
        else:
            assert np.isnan(row.mean_score)


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


def _written(n_outlets: int = 2, docs: int = 6, seed: int = 0) -> pd.DataFrame:
    """A table written for the test: outlets A.. warm toward russia, B.. cold; 3 mentions per document."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_outlets):
        src = chr(ord("A") + k)
        p_pos = 0.05 + 0.7 * ((k // 2) % 2)  # within each camp, outlets alternate between cold and warm
        for d in range(docs):
            for s in range(3):
                u = rng.random()
                label = "positive" if u < p_pos else ("none" if u < 0.9 else "negative")
                score = {"positive": 0.5, "negative": -0.5, "none": float("nan")}[label]
                rows.append({"doc_id": f"{src}{d}", "sent_id": s, "source": src, "actor": "russia", "parent": "",
                             "score": score, "label": label, "quoted": False,
                             "camp": "left" if k % 2 == 0 else "right"})
    return pd.DataFrame(rows)


def test_groups_of_outlets_resample_outlets_and_widen_intervals() -> None:
    st = _written(n_outlets=8, docs=10)
    by_outlet = stance_by_source(st, by="camp", n_boot=1000)
    by_doc = stance_by_source(st, by="camp", n_boot=1000, cluster="document")
    assert (by_outlet["cluster"] == "outlet").all() and (by_doc["cluster"] == "document").all()
    assert by_outlet["n_outlets"].tolist() == [4, 4]
    width = (by_outlet["net_high"] - by_outlet["net_low"]) / (by_doc["net_high"] - by_doc["net_low"])
    assert (width > 1).all()  # outlets differ from one another: documents alone understate the uncertainty
    assert by_outlet.attrs["provenance"]["params"]["cluster"] == "auto"


def test_document_weights_count_each_document_once() -> None:
    st = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 0], "source": ["S"] * 4,
                       "actor": ["iran"] * 4, "score": [-0.5, -0.5, -0.5, 0.5],
                       "label": ["negative"] * 3 + ["positive"], "quoted": [False] * 4})
    by_mention = stance_by_source(st, n_boot=100).iloc[0]
    by_doc = stance_by_source(st, n_boot=100, weight="document").iloc[0]
    assert by_mention["net"] == pytest.approx(-0.5) and by_doc["net"] == pytest.approx(0.0)
    assert by_mention["mean_score"] == pytest.approx(-0.25) and by_doc["mean_score"] == pytest.approx(0.0)


def test_compare_stance_clusters_by_document() -> None:
    st = _written(n_outlets=2, docs=12, seed=3)
    t = compare_stance(st, by="source", actor="russia", n_boot=500, n_perm=500)
    assert t.loc[0, "cluster"] == "document" and t.loc[0, "measure"] == "net"
    expected = stance_by_source(st, n_boot=10).set_index("source")["net"]
    assert t.loc[0, "diff"] == pytest.approx(expected["A"] - expected["B"], abs=1e-6)
    assert t.loc[0, "ci_low"] <= t.loc[0, "diff"] <= t.loc[0, "ci_high"]
    assert 0 <= t.loc[0, "p"] <= 1 and t.loc[0, "q"] >= t.loc[0, "p"]


def test_compare_stance_on_seeds_falls_back_to_sentences(seed_stance: pd.DataFrame) -> None:
    t = compare_stance(seed_stance, by="source", actor="isis", n_boot=200, n_perm=200)
    assert len(t) == 10
    assert (t["cluster"] == "sentence").all()
    assert t["q"].notna().all()
