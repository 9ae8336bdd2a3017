"""Findings: differences between groups that a permutation test supports, and none from noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
from generated import make_corpus

import mideast_corpus as mc
from mideast_corpus.findings import FINDING_COLUMNS, largest_differences


def _tables(corpus: mc.Corpus, by: str = "source") -> dict[str, pd.DataFrame]:
    st = mc.score_stance(corpus)
    return {"stance_mentions": st, "stance": mc.stance_by_source(st, by=by, corpus=corpus, n_boot=200)}


def test_outlets_dealt_the_same_sentences_at_random_give_no_finding():
    # generated.py deals real seed sentences to made-up outlets at random: any difference is noise
    corpus = make_corpus(15, largest=30)
    found = largest_differences(_tables(corpus), corpus, n_perm=199)
    assert list(found.columns) == FINDING_COLUMNS and found.empty


def test_a_real_difference_is_found_and_groups_of_outlets_permute_outlets():
    hostile = "The brutal Assad regime shelled civilians in Idlib again, killing dozens of children."
    neutral = "The Syrian government said talks with the opposition would resume in Geneva next week."
    rng = np.random.default_rng(0)
    rows = []
    for outlet, lean in [(f"Left {i}", "left") for i in range(4)] + [(f"Right {i}", "right") for i in range(4)]:
        for j in range(12):
            text = hostile if (lean == "left") == (rng.random() < 0.85) else neutral
            rows.append({"source": outlet, "lean": lean, "text": f"{text} Report {outlet} {j}."})
    corpus = mc.load_corpus(pd.DataFrame(rows), furniture=False)
    by_outlet = largest_differences(_tables(corpus), corpus, n_perm=199)
    assert "syria_government" in set(by_outlet["subject"])
    by_lean = largest_differences(_tables(corpus, "lean"), corpus, by="lean", n_perm=199)
    row = by_lean[by_lean["subject"] == "syria_government"].iloc[0]
    assert (row["high_group"], row["low_group"], row["resampled"]) == ("right", "left", "outlets")
    assert row["q"] < 0.05 and row["high_low"] > row["low_high"]


def test_a_test_draws_its_own_permutations():
    # each permutation test is seeded by its measure and subject (rng.group_rng): taking another actor out of
    # the tables leaves this one's p as it was, where one shared stream would hand it other permutations
    corpus = make_corpus(15, largest=30)
    st = mc.score_stance(corpus)

    def russia_p(mentions: pd.DataFrame) -> float:
        tables = {"stance_mentions": mentions, "stance": mc.stance_by_source(mentions, corpus=corpus, n_boot=100)}
        found = largest_differences(tables, corpus, n_perm=99, alpha=1.0, per_measure={"stance": 100})
        return float(found.loc[found["subject"] == "russia", "p"].iloc[0])

    others = sorted(set(st["actor"]) - {"russia"})
    assert others
    assert russia_p(st) == russia_p(st[st["actor"] == "russia"]) == russia_p(st[st["actor"] != others[0]])


def test_a_stance_finding_states_each_sides_coverage():
    from mideast_corpus.report_page import findings_html

    hostile = "The brutal Assad regime shelled civilians in Idlib again, killing dozens of children."
    neutral = "The Syrian government said talks with the opposition would resume in Geneva next week."
    rows = [{"source": f"{lean.title()} {i}", "lean": lean, "text": f"{text} Report {lean} {i} {j}."}
            for lean, text in (("left", hostile), ("right", neutral)) for i in range(4) for j in range(12)]
    corpus = mc.load_corpus(pd.DataFrame(rows), furniture=False)
    tables = _tables(corpus, "lean")
    tables["findings"] = largest_differences(tables, corpus, by="lean", n_perm=199)
    html = findings_html(tables, by="lean", names={"syria_government": "Syrian government"})
    # the right never judges the government: its net 0 is no evidence, and the finding says so
    assert "<b>right</b>: +0.00" in html and "48 mentions, 0% of them with evidence" in html
    assert "<b>left</b>" in html and "48 mentions, 100% of them with evidence" in html
