"""Framing tests on sentences written for them (tests/data/stance_framing_sentences.csv) and on seed sentences.

The written sentences pair a pro-government and an opposition style around the same actor: the score of the
actor must be higher in the pro style, also when its name is neutral (so ``label_valence`` cannot carry it),
while ISIS stays negative whatever the framing of others.
"""

from __future__ import annotations

from pathlib import Path

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
    return df.assign(score=st["score"].to_numpy(), role=st["role"].to_numpy(), counterpart=st["counterpart"].to_numpy(),
                     label_valence=st["label_valence"].to_numpy())


def test_roles_and_counterparts(framing: pd.DataFrame) -> None:
    assert framing["role"].tolist() == framing["expected_role"].tolist()
    assert framing["counterpart"].tolist() == framing["expected_counterpart"].tolist()


def test_pro_style_scores_higher(framing: pd.DataFrame) -> None:
    for pair, g in framing.groupby("pair"):
        pro = g.loc[g["style"] == "pro", "score"].iat[0]
        anti = g.loc[g["style"] == "anti", "score"].iat[0]
        assert pro > anti, f"pair {pair}: pro {pro:+.2f} <= anti {anti:+.2f}"
        if g["label_neutral"].all():
            assert (g["label_valence"] == 0).all()


def test_two_actors_in_one_sentence_get_opposite_scores() -> None:
    st = _score(["Iraqi forces liberated Hawija from ISIS."],
                [[("Iraqi forces", "iraqi_security_forces", "security_forces"), ("ISIS", "isis", "armed_group")]])
    assert st["role"].tolist() == ["agent_violence", "target_violence"]
    assert st["counterpart"].tolist() == ["isis", "iraqi_security_forces"]
    assert st.loc[0, "score"] > 0 > st.loc[1, "score"]


@pytest.mark.parametrize("text", [
    "The Syrian army liberated the town from ISIS.",          # pro-government style
    "ISIS fighters were shelled by the regime, killing civilians nearby.",  # opposition style
    "ISIS executed dozens of civilians in Raqqa.",
    "Iraqi troops drove ISIS out of Mosul.",
])
def test_isis_negative_under_any_framing_with_a_neutral_label(text: str) -> None:
    st = _score([text], [[("ISIS", "isis", "armed_group")]])
    assert st.loc[0, "label_valence"] == 0
    assert st.loc[0, "score"] < 0


def test_passive_and_backed_by() -> None:
    st = _score(["The rebels, backed by Turkey, were attacked by Russia.", "Iranian-backed militias advanced."],
                [[("rebels", "syrian_opposition", "armed_group"), ("Turkey", "turkey", "state"),
                  ("Russia", "russia", "state")], [("Iranian", "iran", "state"), ("militias", "shiite_militias",
                                                                                  "militia")]])
    by = dict(zip(st["actor"], st["role"], strict=True))
    assert by["syrian_opposition"] in {"backed_by", "target_violence"}
    assert by["russia"] == "agent_violence"
    assert by["turkey"] == "agent_cooperation"
    assert by["iran"] == "agent_cooperation" and by["shiite_militias"] == "backed_by"


def test_negated_event_carries_no_role_valence() -> None:
    st = _score(["The coalition did not attack the convoy."], [[("coalition", "us_led_coalition", "coalition")]])
    assert st.loc[0, "role_valence"] == 0
    assert "negated" in st.loc[0, "cues"]


def test_every_scored_row_lists_cues_and_is_deterministic() -> None:
    texts = ["The Syrian regime bombed hospitals in Aleppo."]
    ms = [[("Syrian regime", "syria_government", "government")]]
    a, b = _score(texts, ms), _score(texts, ms)
    pd.testing.assert_frame_equal(a, b)
    assert "label: regime" in a.loc[0, "cues"] and "role: agent_violence" in a.loc[0, "cues"]
    assert a.attrs["provenance"]["data_versions"]["stance_lexicons"]


def test_sentiment_off_and_custom() -> None:
    texts = ["Russia bravely helped."]
    ms = [[("Russia", "russia", "state")]]
    off = _score(texts, ms, sentiment=False)
    assert off.loc[0, "sentiment"] > 0  # war cue "bravely" only
    const = _score(texts, ms, sentiment=lambda t, s, e, o: (pd.Series([0.0] * len(t)).to_numpy(), [""] * len(t)))
    assert const.loc[0, "sentiment"] == off.loc[0, "sentiment"]
