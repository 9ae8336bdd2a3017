"""Keyness: G2, Log Ratio, p and q against hand arithmetic; grouping, pairs, warnings, n-grams."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.framing import keyness, log_likelihood, log_ratio
from mideast_corpus.framing.keyness import KEYNESS_COLUMNS

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def tiny() -> mc.Corpus:
    """Four documents, three outlets, 18 words (see tests/data/keyness_fixture.csv).

    Outlet A: a1 "strikes strikes strikes regime", a2 "strikes militants militants government" (8 words)
    Outlet B: b1 "civilians civilians strikes government aid aid" (6 words)
    Outlet C: c1 "militants regime regime government" (4 words)
    """
    return mc.load_corpus(DATA / "keyness_fixture.csv", repair=False)


def quiet_keyness(*args, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return keyness(*args, **kwargs)


def row(table: pd.DataFrame, group: str, term: str, other: str = "(rest)") -> pd.Series:
    hit = table[(table["source"] == group) & (table["other"] == other) & (table["term"] == term)]
    assert len(hit) == 1, (group, other, term)
    return hit.iloc[0]


def test_g2_agrees_with_hand_computation(tiny):
    r = row(quiet_keyness(tiny, min_count=1), "Outlet A", "strikes")
    # 2x2 table for "strikes", Outlet A against the rest (B + C):
    #              A     rest
    #   strikes    4       1      (row total 5)
    #   other      4       9      (row total 13)
    #   total      8      10      N = 18
    # Expected counts = row total * column total / N:
    e_a, e_b = 5 * 8 / 18, 5 * 10 / 18  # 2.2222, 2.7778
    e_c, e_d = 13 * 8 / 18, 13 * 10 / 18  # 5.7778, 7.2222
    expected_g2 = 2 * (4 * math.log(4 / e_a) + 1 * math.log(1 / e_b) + 4 * math.log(4 / e_c) + 9 * math.log(9 / e_d))
    # On paper: 2 * (2.35115 - 1.02165 - 1.47090 + 1.98056) = 3.6783
    assert expected_g2 == pytest.approx(3.6783, abs=1e-4)
    assert r["statistic"] == pytest.approx(expected_g2, rel=1e-12)
    assert (r["count_group"], r["count_rest"], r["words_group"], r["words_rest"]) == (4, 1, 8, 10)
    # Rates per 1,000 words: 4/8 and 1/10.
    assert r["per_1k_group"] == pytest.approx(500.0)
    assert r["per_1k_rest"] == pytest.approx(100.0)
    # Log Ratio: log2((4/8) / (1/10)) = log2(5); positive = over-used by A.
    assert r["log_ratio"] == pytest.approx(math.log2(5))
    # Chi-square with 1 df: P(X > g) = erfc(sqrt(g / 2)).
    assert r["p"] == pytest.approx(math.erfc(math.sqrt(expected_g2 / 2)), rel=1e-9)


def test_zero_cell_uses_hardie_half(tiny):
    r = row(quiet_keyness(tiny, min_count=1), "Outlet B", "aid")
    # "aid": 2 of B's 6 words, 0 of the rest's 12; the zero becomes 0.5: log2((2/6) / (0.5/12)) = log2(8) = 3.
    assert r["log_ratio"] == pytest.approx(3.0)
    # G2 with a zero cell: the 0 * ln(0) term is 0.
    #   aid: 2 | 0 (total 2);  other: 4 | 12 (total 16);  columns 6 | 12;  N = 18
    e_a, e_c, e_d = 2 * 6 / 18, 16 * 6 / 18, 16 * 12 / 18
    expected = 2 * (2 * math.log(2 / e_a) + 4 * math.log(4 / e_c) + 12 * math.log(12 / e_d))
    assert r["statistic"] == pytest.approx(expected)


def test_q_is_benjamini_hochberg_within_each_group(tiny):
    table = quiet_keyness(tiny, min_count=1)
    for _, comparison in table.groupby(["source", "other"]):
        p = sorted(comparison["p"])
        m = len(p)
        # BH by hand: q_(i) = min over j >= i of p_(j) * m / j, capped at 1.
        q_sorted = [min(1.0, min(p[j] * m / (j + 1) for j in range(i, m))) for i in range(m)]
        got = comparison.sort_values("p", kind="stable")["q"].tolist()
        assert got == pytest.approx(q_sorted)


def test_columns_and_sort_order(tiny):
    table = quiet_keyness(tiny, min_count=1)
    assert list(table.columns) == ["source", *KEYNESS_COLUMNS]
    for _, comparison in table.groupby("source"):
        signed = (comparison["statistic"] * comparison["log_ratio"].map(lambda x: (x > 0) - (x < 0))).tolist()
        assert signed == sorted(signed, reverse=True)


def test_words_group_is_the_word_count(seeds):
    table = quiet_keyness(seeds, by="source")
    n_words = seeds.docs.groupby("source")["n_words"].sum()
    sizes = table.groupby("source")["words_group"].first()
    assert sizes.to_dict() == n_words.to_dict()
    assert (table["words_group"] + table["words_rest"] == n_words.sum()).all()


def test_pairs_mirror_each_other(tiny):
    table = quiet_keyness(tiny, pairs=True, min_count=1)
    groups = {"Outlet A", "Outlet B", "Outlet C"}
    assert {(g, o) for g, o in zip(table["source"], table["other"], strict=True)} == {
        (g, o) for g in groups for o in groups if g != o
    }
    ab, ba = row(table, "Outlet A", "strikes", "Outlet B"), row(table, "Outlet B", "strikes", "Outlet A")
    assert ab["statistic"] == pytest.approx(ba["statistic"])
    assert ab["log_ratio"] == pytest.approx(-ba["log_ratio"])
    # A against B only: strikes 4 of 8 words vs 1 of 6 -> log2((4/8) / (1/6)) = log2(3).
    assert ab["log_ratio"] == pytest.approx(math.log2(3))
    assert (ab["words_group"], ab["words_rest"]) == (8, 6)


def test_stop_words_remove_rows_not_numbers(seeds):
    with_stop = quiet_keyness(seeds, stop_words=False)
    without = quiet_keyness(seeds, stop_words=True)
    assert "the" in set(with_stop["term"]) and "the" not in set(without["term"])
    merged = without.merge(with_stop, on=["source", "other", "term"], suffixes=("", "_all"))
    assert len(merged) == len(without)
    assert merged["statistic"].tolist() == pytest.approx(merged["statistic_all"].tolist())
    # q differs: BH corrects over more terms when stop words stay in.


def test_small_groups_warn_and_say_so(seeds):
    with pytest.warns(UserWarning, match="single document or under 1,000 words"):
        table = keyness(seeds, by="source")
    notes = table.groupby("source")["note"].first()
    assert notes.str.contains("one document: keyness reflects this article, not the outlet").all()
    jp_words = int(seeds.docs.set_index("source").loc["The Jerusalem Post", "n_words"])
    assert f"only {jp_words:,} words (< 1,000)" in notes["The Jerusalem Post"]


def test_time_bins_group_documents(seeds):
    table = keyness(seeds, by="published:year")  # two documents and > 1,000 words per year: no warning
    assert set(table["published:year"]) == {"2015", "2017"}
    assert (table["note"] == "").all()
    assert set(table["n_docs_group"]) == {2, 3}


def test_bigrams_stay_inside_sentences():
    docs = pd.DataFrame({
        "doc_id": ["x", "y"], "source": ["X", "Y"],
        "text": ["Jets bombed Raqqa. Strikes resumed. Jets bombed Raqqa.", "Aid reached Mosul."],
    })
    table = quiet_keyness(mc.load_corpus(docs, repair=False), ngram=2, min_count=1)
    terms = set(table["term"])
    assert {"jets bombed", "bombed raqqa", "strikes resumed"} <= terms
    assert "raqqa strikes" not in terms and "resumed jets" not in terms
    # 2 + 1 + 2 word pairs inside X's three sentences.
    assert row(table, "X", "jets bombed")["words_group"] == 5


def test_top_keeps_the_most_over_used_terms(seeds):
    full = quiet_keyness(seeds)
    top = quiet_keyness(seeds, top=5)
    assert (top.groupby("source").size() == 5).all()
    assert (top["log_ratio"] > 0).all()
    expected = full[full["log_ratio"] > 0].groupby("source").head(5).reset_index(drop=True)
    pd.testing.assert_frame_equal(top, expected)


def test_min_count_filters_terms(tiny):
    table = quiet_keyness(tiny, min_count=4)  # corpus totals: strikes 5, militants 3, government 3, regime 3
    assert set(table["term"]) == {"strikes"}


def test_provenance_and_determinism(seeds):
    a, b = quiet_keyness(seeds, top=10), quiet_keyness(seeds, top=10)
    pd.testing.assert_frame_equal(a, b)
    prov = a.attrs["provenance"]
    assert prov["function"] == "keyness" and prov["params"]["top"] == 10
    assert prov["corpus_fingerprint"] == seeds.fingerprint


def test_errors_say_what_to_do(seeds):
    with pytest.raises(ValueError, match="at least two groups"):
        keyness(seeds.subset(source="War Is Boring"))
    with pytest.raises(ValueError, match="ngram"):
        keyness(seeds, ngram=0)
    with pytest.raises(KeyError, match="published:year"):
        keyness(seeds, by="nope")


counts = st.integers(min_value=0, max_value=500)


@given(a=counts, b=counts, extra1=st.integers(1, 5000), extra2=st.integers(1, 5000))
def test_g2_properties(a, b, extra1, extra2):
    n1, n2 = a + extra1, b + extra2
    g = float(log_likelihood(a, b, n1, n2))
    assert g >= 0
    assert g == pytest.approx(float(log_likelihood(b, a, n2, n1)), abs=1e-9)
    if a and b:
        assert float(log_ratio(a, b, n1, n2)) == pytest.approx(-float(log_ratio(b, a, n2, n1)))


def test_stop_terms_leave_out_words_and_the_pairs_that_hold_them(tiny):
    plain = quiet_keyness(tiny, by="source", min_count=1)
    assert "regime" in set(plain["term"])
    mine = quiet_keyness(tiny, by="source", min_count=1, stop_terms=["Regime", "aid"])
    assert not {"regime", "aid"} & set(mine["term"])
    # the other rows keep their numbers: rates are per running word, stop terms included
    strikes = row(plain, "Outlet A", "strikes")
    assert row(mine, "Outlet A", "strikes")[["count_group", "per_1k_group", "log_ratio"]].tolist() == \
        strikes[["count_group", "per_1k_group", "log_ratio"]].tolist()
    pairs = quiet_keyness(tiny, by="source", min_count=1, ngram=2, stop_terms=["strikes regime"])
    assert "strikes regime" not in set(pairs["term"]) and "strikes strikes" in set(pairs["term"])
    assert mine.attrs["provenance"]["params"]["stop_terms"] == ["aid", "regime"]
    with pytest.raises(TypeError, match="give a list"):
        quiet_keyness(tiny, by="source", stop_terms="regime")


def test_an_outlet_naming_itself_is_not_a_key_term():
    texts = {"Fox News": "Officials told Fox News that strikes hit Raqqa. FoxNews.com learned more about Raqqa.",
             "CNN (Web News)": "Washington (CNN) Officials said strikes hit Mosul. CNN reported on Mosul."}
    corpus = mc.load_corpus(pd.DataFrame([{"source": s, "text": f"{t} Story {i}."} for s, t in texts.items()
                                          for i in range(3)]), furniture=False)
    own = quiet_keyness(corpus, min_count=1)
    assert not {"fox", "foxnews.com", "cnn", "news"} & set(own["term"])
    assert {"raqqa", "mosul"} <= set(own["term"])
    kept = quiet_keyness(corpus, min_count=1, own_names=False)
    assert {"fox", "cnn"} <= set(kept["term"])
    # the rates keep their denominators: the words of the name still count
    assert own["words_group"].tolist()[0] == kept["words_group"].tolist()[0]
