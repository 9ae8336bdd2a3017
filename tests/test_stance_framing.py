"""Framing tests on sentences written for them (tests/data/stance_framing_sentences.csv) and on seed sentences.

The written sentences pair a pro-government and an opposition style around the same actor: the score of the
actor must be higher in the pro style (no evidence counts as 0 here), also when its name is neutral (so
``label_valence`` cannot carry it). ISIS is judged by what the sentence says about it, not by who it is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.stance import score_stance

DATA = Path(__file__).parent / "data" / "stance_framing_sentences.csv"


def _score(texts: list[str], spans: list[list[tuple[str, str, str]]], **kw) -> pd.DataFrame:
    """Score written sentences; spans are (alias, actor, kind) located by string search."""
    docs = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))], "source": ["written"] * len(texts),
                         "text": texts})
    corpus = mc.load_corpus(docs, text="text", source="source")
    rows = []
    for i, (text, ms) in enumerate(zip(texts, spans, strict=True)):
        for alias, actor, kind in ms:
            start = text.index(alias)
            rows.append({"doc_id": f"d{i:03d}", "actor": actor, "kind": kind, "start": start,
                         "end": start + len(alias)})
    return score_stance(corpus, mentions=pd.DataFrame(rows), **kw)


@pytest.fixture(scope="module")
def framing() -> pd.DataFrame:
    df = pd.read_csv(DATA, comment="#", dtype={"pair": int})
    spans = [[(a, b, k)] for a, b, k in zip(df["alias"], df["actor"], df["kind"], strict=True)]
    st = _score(df["text"].tolist(), spans)
    return df.assign(score=st["score"].to_numpy(), role=st["role_detail"].to_numpy(),
                     counterpart=st["counterpart"].to_numpy(), label_valence=st["label_valence"].to_numpy())


def test_roles_and_counterparts(framing: pd.DataFrame) -> None:
    assert framing["role"].tolist() == framing["expected_role"].tolist()
    assert framing["counterpart"].tolist() == framing["expected_counterpart"].tolist()


def test_pro_style_scores_higher(framing: pd.DataFrame) -> None:
    for pair, g in framing.groupby("pair"):
        pro = np.nan_to_num(g.loc[g["style"] == "pro", "score"].iat[0])
        anti = np.nan_to_num(g.loc[g["style"] == "anti", "score"].iat[0])
        assert pro > anti, f"pair {pair}: pro {pro:+.2f} <= anti {anti:+.2f}"
        if g["label_neutral"].all():
            assert g["label_valence"].isna().all()  # a neutral name is no evidence


def test_two_actors_in_one_sentence_get_opposite_scores() -> None:
    st = _score(["Iraqi forces liberated Hawija from ISIS."],
                [[("Iraqi forces", "iraqi_security_forces", "security_forces"), ("ISIS", "isis", "armed_group")]])
    assert st["role"].tolist() == ["agent", "target"]
    assert st["counterpart"].tolist() == ["isis", "iraqi_security_forces"]
    assert st.loc[0, "score"] > 0 > st.loc[1, "score"]


@pytest.mark.parametrize(("text", "label"), [
    ("The Syrian army liberated the town from ISIS.", "negative"),  # the loser of a liberation
    ("ISIS executed dozens of civilians in Raqqa.", "negative"),  # the perpetrator of an atrocity
    ("Iraqi troops drove ISIS out of Mosul.", "negative"),
    ("ISIS fighters were shelled by the regime, killing civilians nearby.", "none"),  # being shelled is no judgement
    ("ISIS said it had captured the town.", "none"),
])
def test_isis_is_judged_by_the_sentence_not_by_its_name(text: str, label: str) -> None:
    st = _score([text], [[("ISIS", "isis", "armed_group")]])
    assert np.isnan(st.loc[0, "label_valence"])
    assert st.loc[0, "label"] == label


def test_passive_and_backed_by() -> None:
    st = _score(["The rebels, backed by Turkey, were attacked by Russia.", "Iranian-backed militias advanced."],
                [[("rebels", "syrian_opposition", "armed_group"), ("Turkey", "turkey", "state"),
                  ("Russia", "russia", "state")], [("Iranian", "iran", "state"), ("militias", "shiite_militias",
                                                                                  "militia")]])
    by = dict(zip(st["actor"], st["role_detail"], strict=True))
    assert by["syrian_opposition"] in {"backed_by", "target_violence"}
    assert by["russia"] == "agent_violence"
    assert by["turkey"] == "agent_cooperation"
    assert by["iran"] == "agent_cooperation" and by["shiite_militias"] == "backed_by"


def test_negated_event_carries_no_role_valence() -> None:
    st = _score(["The coalition did not kill the civilians."], [[("coalition", "us_led_coalition", "coalition")]])
    assert st.loc[0, "role"] == "agent" and np.isnan(st.loc[0, "role_valence"]) and np.isnan(st.loc[0, "score"])
    st = _score(["The coalition killed the civilians."], [[("coalition", "us_led_coalition", "coalition")]])
    assert st.loc[0, "role_valence"] < 0 and "role: agent_violence 'killed'" in st.loc[0, "evidence"]


def test_every_scored_row_lists_evidence_and_is_deterministic() -> None:
    texts = ["The Syrian regime bombed hospitals in Aleppo."]
    ms = [[("Syrian regime", "syria_government", "government")]]
    a, b = _score(texts, ms), _score(texts, ms)
    pd.testing.assert_frame_equal(a, b)
    assert "label: regime" in a.loc[0, "evidence"] and "role: agent_violence" in a.loc[0, "evidence"]
    assert a.attrs["provenance"]["data_versions"]["stance_lexicons"]


def test_sentiment_is_a_separate_column_on_request() -> None:
    texts = ["Russia bravely helped."]
    ms = [[("Russia", "russia", "state")]]
    plain = _score(texts, ms)
    assert "sentiment" not in plain.columns
    assert plain.loc[0, "label"] == "positive" and "bravely[adverb]" in plain.loc[0, "evidence"]
    const = _score(texts, ms, sentiment=lambda t, s, e, o: (np.zeros(len(t)), [""] * len(t)))
    assert const.loc[0, "sentiment"] == 0.0
    assert const.loc[0, "score"] == plain.loc[0, "score"]  # sentiment never enters the score
