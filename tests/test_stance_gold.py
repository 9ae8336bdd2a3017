"""Agreement of score_stance with the hand-checked seed mentions in tests/data/seed_stance_gold.csv.

The gold table was made by reading the seed sentences (see its header); this test prints the agreement
figures and asserts thresholds that the current scorer reaches.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.stance import score_stance

GOLD = Path(__file__).parent / "data" / "seed_stance_gold.csv"


@pytest.fixture(scope="module")
def matched(seeds: mc.Corpus) -> pd.DataFrame:
    pytest.importorskip("mideast_corpus.actors")
    st = score_stance(seeds)
    sents = seeds.sentences()
    gold = pd.read_csv(GOLD, comment="#", dtype=str, keep_default_na=False)
    rows = []
    for g in gold.itertuples(index=False):
        hit = sents[(sents["doc_id"] == g.doc_id) & sents["text"].str.contains(g.sentence, regex=False)]
        assert len(hit) >= 1, f"gold sentence not found: {g.sentence!r}"
        s = hit.iloc[0]
        cand = st[(st["doc_id"] == g.doc_id) & (st["sent_id"] == s["sent_id"]) & (st["alias"] == g.alias)]
        k = int(g.occurrence) - 1
        if len(cand) <= k:
            rows.append({**g._asdict(), "found": False, "label": "", "role": "", "score": float("nan")})
            continue
        r = cand.iloc[k]
        rows.append({**g._asdict(), "found": True, "label": r["label"], "role": r["role"], "score": r["score"]})
    return pd.DataFrame(rows)


def test_gold_table_is_well_formed() -> None:
    gold = pd.read_csv(GOLD, comment="#", dtype=str, keep_default_na=False)
    assert len(gold) >= 40
    assert set(gold["expected_label"]) <= {"negative", "neutral", "positive"}
    roles = {"agent_violence", "target_violence", "agent_cooperation", "backed_by", "other"}
    assert set(gold["expected_role"]) <= roles
    assert gold["reason"].str.len().gt(0).all()


def test_agreement_with_gold(matched: pd.DataFrame) -> None:
    found = matched[matched["found"]]
    coverage = len(found) / len(matched)
    label_acc = float((found["label"] == found["expected_label"]).mean())
    role_acc = float((found["role"] == found["expected_role"]).mean())
    print(f"\nseed gold: {len(matched)} mentions, found {len(found)} ({coverage:.2f}); "
          f"label agreement {label_acc:.3f}; role agreement {role_acc:.3f}")
    misses = found[found["label"] != found["expected_label"]]
    for r in misses.itertuples():
        print(f"  label {r.label:8s} expected {r.expected_label:8s} {r.actor:22s} {r.sentence[:60]}")
    assert coverage >= 0.9
    assert label_acc >= 0.7
    assert role_acc >= 0.6


def test_isis_negative_in_every_seed_source(matched: pd.DataFrame) -> None:
    isis = matched[(matched["actor"] == "isis") & matched["found"]]
    assert (isis["score"] < 0).mean() >= 0.9
