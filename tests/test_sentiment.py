"""Tests of the target-dependent sentiment scorer (``mideast_corpus.sentiment``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mideast_corpus.sentiment import (
    SENTIMENT_LABELS,
    load_sentiment_model,
    predict_proba,
    score_targets,
)

NEWSMTSC = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc"
COLUMNS = ["sentiment", "p_negative", "p_neutral", "p_positive", "label", "cues"]


def _span(text: str, mention: str) -> tuple[int, int]:
    start = text.index(mention)
    return start, start + len(mention)


def test_model_metadata() -> None:
    m = load_sentiment_model()
    assert m.version
    assert m.coef.shape == (3, len(m.vocabulary))
    assert m.meta["training_data"]["commit"] == "b9d9b797"
    assert m.meta["feature_version"] == 5


@pytest.mark.parametrize(
    "template",
    [
        "The {} shelled rebel-held districts of Aleppo on Sunday, killing dozens.",
        "Rebels said the {} had agreed to a ceasefire.",
        "Washington accused the {} of using chemical weapons against civilians.",
    ],
)
def test_masking_mention_word_does_not_change_sentiment(template: str) -> None:
    rows = []
    for name in ("regime", "government", "Assad regime", "Syrian Arab Republic"):
        text = template.format(name)
        s, e = _span(text, name)
        rows.append({"text": text, "start": s, "end": e})
    out = score_targets(pd.DataFrame(rows))
    assert np.allclose(out["sentiment"], out["sentiment"].iloc[0], atol=1e-12)
    assert out["label"].nunique() == 1


def test_columns_range_and_index() -> None:
    text = "Iraqi forces liberated Hawija from Islamic State militants, officials said."
    df = pd.DataFrame(
        {
            "text": [text, text, "No target here."],
            "start": [0, 35, 0],
            "end": [12, 58, 2],
            "target_id": ["a", "b", "c"],
        },
        index=[10, 20, 30],
    )
    out = score_targets(df)
    assert list(out.index) == [10, 20, 30]
    assert out["target_id"].tolist() == ["a", "b", "c"]
    assert all(c in out.columns for c in COLUMNS)
    assert out["sentiment"].between(-1, 1).all()
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(out["sentiment"], p[:, 2] - p[:, 0])
    assert set(out["label"]) <= set(SENTIMENT_LABELS)
    assert out["cues"].map(lambda s: isinstance(s, str)).all()
    prov = out.attrs["provenance"]
    assert prov["function"] == "score_targets"
    assert prov["data_versions"]["sentiment_model"] == load_sentiment_model().version


def test_list_input_and_empty() -> None:
    sents = ["Iraqi forces liberated Hawija.", "Militants executed civilians in Mosul."]
    out = score_targets(sents, [[(0, 12)], [(0, 9), (19, 28)]])
    assert out["sentence"].tolist() == [0, 1, 1]
    assert out["target"].tolist() == [0, 0, 1]
    empty = score_targets(pd.DataFrame({"text": [], "start": [], "end": []}))
    assert len(empty) == 0 and all(c in empty.columns for c in COLUMNS)
    assert predict_proba([], [], []).shape == (0, 3)
    with pytest.raises(ValueError):
        score_targets(sents)


def test_deterministic() -> None:
    text = "The coalition said its air strikes had killed a senior Islamic State commander."
    s, e = _span(text, "The coalition")
    a = predict_proba([text] * 3, [s] * 3, [e] * 3)
    b = predict_proba([text], [s], [e])
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[0], a[2])
    assert score_targets([text], [[(s, e)]]).equals(score_targets([text], [[(s, e)]]))


def test_obvious_war_sentences() -> None:
    text = "Iraqi forces liberated Hawija and were welcomed by cheering residents."
    pos = score_targets([text], [[_span(text, "Iraqi forces")]]).iloc[0]
    text2 = "Militants executed dozens of civilians and beheaded an aid worker."
    neg = score_targets([text2], [[_span(text2, "Militants")]]).iloc[0]
    assert pos["label"] == "positive"
    assert neg["label"] == "negative"
    assert pos["sentiment"] > neg["sentiment"] + 0.5
    assert neg["cues"].startswith("executed(-")
    assert "liberated(+" in pos["cues"]


def _load(path: Path) -> tuple[list[str], list[int], list[int], list[list[tuple[int, int]]], np.ndarray]:
    code = {2.0: 0, 4.0: 1, 6.0: 2}
    texts, starts, ends, others, y = [], [], [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for k, t in enumerate(d["targets"]):
            texts.append(d["sentence_normalized"])
            starts.append(t["from"])
            ends.append(t["to"])
            others.append([(o["from"], o["to"]) for j, o in enumerate(d["targets"]) if j != k])
            y.append(code[float(t["polarity"])])
    return texts, starts, ends, others, np.array(y)


def test_newsmtsc_devtest_macro_f1() -> None:
    path = NEWSMTSC / "devtest_mt.jsonl"
    if not path.exists():
        pytest.skip(f"NewsMTSC not found at {NEWSMTSC}: evaluation data lives outside the package")
    from sklearn.metrics import f1_score

    texts, starts, ends, others, y = _load(path)
    pred = predict_proba(texts, starts, ends, others).argmax(axis=1)
    assert f1_score(y, pred, average="macro") >= 0.65


@settings(max_examples=40, deadline=None)
@given(mention=st.text(min_size=1, max_size=25))
def test_any_mention_string_is_masked(mention: str) -> None:
    left, right = "Officials said ", " shelled the town, killing eleven civilians."
    text = left + mention + right
    base = "Officials said the regime shelled the town, killing eleven civilians."
    p = predict_proba([text, base], [len(left), len(left)], [len(left) + len(mention), len(left) + 10])
    assert np.array_equal(p[0], p[1])
