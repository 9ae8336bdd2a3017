"""Tests of the target-dependent sentiment scorer (``mideast_corpus.sentiment``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
import mideast_corpus.sentiment as S
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


# -- the featuriser: one implementation for training and scoring, no names, no positions. _Featuriser turns
# batches of masked sentences into feature entries; the training script calls it with a growing vocabulary, the
# model with its own, and both agree

SENTENCES = [
    "Militants executed dozens of civilians and beheaded an aid worker.",
    "Iraqi forces liberated Hawija and were welcomed by cheering residents.",
    'The regime, which "never" bombed hospitals, said it was not responsible for the 2017 massacre.',
    "Rebels said the government had agreed to a ceasefire, but the shelling of Aleppo continued.",
    "He wasn't happy: they're liberating Mosul while killers executed hostages, officials said.",
    "“Assad” said ‘terrorists’ are bad!! — and ISIS’s fighters killed 12 people in ٣ towns.",
    "The envoy from al-Hasakah met Abu Bakr al-Baghdadi's aides in Deir ez-Zor, as the ceasefire held.",
    "",
    "   ",
    "x",
]


WORDS = (
    "the a regime rebels forces killed liberated executed not never no but while who by and , . : ; \" “ ” ' "
    "'s 12 2017 ٣ siege ceasefire brutal welcomed humanitarian civilians attack qqtargetqq qqotherqq Σ σ ς "
    "happy bad good without cannot which as al al- el- bin abu - like united"
).split()


def _targets(sentences):
    """Every word of every sentence as a target, the sentence's other targets as other spans."""
    texts, starts, ends, others = [], [], [], []
    for text in sentences:
        spans = []
        pos = 0
        for w in text.split():
            s = text.index(w, pos)
            pos = s + len(w)
            spans.append((s, pos))
        for s, e in spans or [(0, 0)]:
            texts.append(text)
            starts.append(s)
            ends.append(e)
            others.append([o for o in spans if o != (s, e)][:3])
    return texts, starts, ends, others


def _training_matrix_on_model_columns(pieces, m: S.SentimentModel):
    """The matrix the training script's growing featuriser makes, restricted to the model's columns."""
    grow = S._Featuriser({}, grow=True)
    raw = S._raw_matrix(pieces, grow).tocsc()
    names = list(grow.index)
    have = [k for k, name in enumerate(names) if name in m.index]
    X = raw[:, have]
    order = np.argsort([m.index[names[k]] for k in have])
    out = np.zeros((raw.shape[0], len(m.vocabulary)))
    out[:, np.sort([m.index[names[k]] for k in have])] = X[:, order].toarray()
    return out


@pytest.mark.parametrize("mask_others", [True, False])
def test_training_and_scoring_make_the_same_features(mask_others: bool) -> None:
    m = S.load_sentiment_model()
    texts, starts, ends, others = _targets(SENTENCES)
    pieces, firsts, _inv = S._prepare(texts, starts, ends, others, mask_others)
    distinct = [pieces[k] for k in firsts]
    scored = S._raw_matrix(distinct, m._featuriser).toarray()
    assert np.array_equal(scored, _training_matrix_on_model_columns(distinct, m))
    assert scored.any()


def test_duplicates_and_chunks_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, starts, ends, others = _targets(SENTENCES[:4])
    twice = (texts * 2, starts * 2, ends * 2, others * 2)
    p, cues = S.predict_with_cues(*twice, mask_others=True)
    n = len(texts)
    assert np.array_equal(p[:n], p[n:]) and cues[:n] == cues[n:]
    monkeypatch.setattr(S, "_CHUNK", 5)
    monkeypatch.setattr(S._Featuriser, "_MAX_TOKENS", 7)  # the token cache is emptied again and again
    p2, cues2 = S.predict_with_cues(*twice, mask_others=True, model=S._read_model_files(*_model_files()))
    assert np.allclose(p, p2, rtol=0, atol=1e-12) and cues == cues2


def _model_files() -> tuple[bytes, str]:
    from importlib import resources

    base = resources.files("mideast_corpus") / "data"
    return (base / "sentiment_model.npz").read_bytes(), (base / "sentiment_model.json").read_text("utf-8")


def test_shared_tokenisation_equals_masked_string() -> None:
    """Tokenising the pieces around the masks once per sentence gives the tokens of the masked string."""
    texts, starts, ends, others = _targets(SENTENCES)
    pieces = S._pieces(texts, starts, ends, others)
    shared = S._batch(pieces)
    alone = S._batch([((S._join_pieces(*p),), ()) for p in pieces])
    for field in ("n", "t", "cs", "ce", "role", "val"):
        assert np.array_equal(getattr(shared, field), getattr(alone, field)), field
    assert [shared.types[k] for k in shared.tok] == [alone.types[k] for k in alone.tok]


def test_credits_add_up_to_the_linear_score() -> None:
    """Every feature entry is credited to one word or to none: the credits of a row sum to its score."""
    m = S.load_sentiment_model()
    texts, starts, ends, _others = _targets(SENTENCES)
    pieces = S._pieces(texts, starts, ends, [()] * len(texts))
    b = S._batch(pieces)
    e = m._featuriser.entries(b)
    X, norms = m.normalise(S._matrix(e, len(b.n), len(m.vocabulary)))
    credit = e.val * m.scale[e.col] * m.polarity_weight[e.col]
    credit = np.where(m._sparse_cols[e.col], credit / norms[e.row], credit)
    per_row = np.bincount(e.row, weights=credit, minlength=len(b.n))
    assert np.allclose(per_row, X @ m.polarity_weight, atol=1e-9)
    assert (e.src[e.src >= 0] < len(b.tok)).all()


def test_no_position_names_or_particles_in_the_vocabulary() -> None:
    m = S.load_sentiment_model()
    vocab = set(m.vocabulary)
    assert not vocab & {"#first", "#relpos", "#ntok", "#nother"}
    assert not any("<s>" in w or "</s>" in w for w in vocab)  # "first word of the sentence" by another name
    assert not any(w.startswith("ch:") for w in vocab)
    fields = {w.split(":")[0] for w in vocab if not w.startswith("#")}
    # (a stem may read "ad": Porter's stem of "added")
    words = {p for w in vocab if w.split(":")[0] in set(S.FEATURE_FIELDS) - {"su", "stL", "stR"}
             for p in w.split(":", 1)[1].split("_")}
    assert words and not words & S.PARTICLES
    assert fields <= {*S.FEATURE_FIELDS, "role", "cl<", "cl>"}


@pytest.mark.parametrize(
    ("with_particle", "without", "target"),
    [
        ("The UN envoy from al-Hasakah welcomed the talks.", "The UN envoy from Hasakah welcomed the talks.", "envoy"),
        ("Fighters loyal to Abu Bakr al-Baghdadi attacked Deir ez-Zor.", "Fighters loyal to Bakr Baghdadi attacked "
         "Deir ez-Zor.", "Fighters"),
        ("Ahrar ash-Sham accused the envoy of lying.", "Ahrar Sham accused the envoy of lying.", "envoy"),
        ("Bin Laden's son praised the envoy.", "Laden's son praised the envoy.", "envoy"),
        ("An envoy of Ad-Dawla al Islamiya was killed.", "envoy of Dawla Islamiya was killed.", "envoy"),
    ],
)
def test_transliteration_particles_do_not_change_a_score(with_particle: str, without: str, target: str) -> None:
    (s1, e1), (s2, e2) = _span(with_particle, target), _span(without, target)
    a = S.predict_with_cues([with_particle], [s1], [e1])
    b = S.predict_with_cues([without], [s2], [e2])
    assert np.array_equal(a[0], b[0])
    assert a[1] == b[1]


def test_envoy_from_al_hasakah_scores_as_envoy_from_hasakah() -> None:
    texts = [f"The envoy from {place} said the talks were useful." for place in ("al-Hasakah", "Hasakah", "Al Hasakah")]
    out = S.score_targets(texts, [[(0, 9)]] * 3)
    assert out["sentiment"].nunique() == 1 and out["cues"].nunique() == 1


def _cue_words(cues: list[str]) -> list[str]:
    return [c.rsplit("(", 1)[0] for s in cues if s for c in s.split("; ")]


def test_cues_name_only_evaluative_words_on_the_seeds() -> None:
    calls = []

    def record(texts, starts, ends, others):
        calls.append((list(texts), list(starts), list(ends), list(others)))
        return np.zeros(len(texts)), [""] * len(texts)

    mc.score_stance(mc.load_seeds(), sentiment=record)
    texts, starts, ends, others = calls[0]
    assert len(texts) > 20
    p, cues = S.predict_with_cues(texts, starts, ends, others, mask_others=True, top=8)
    words = _cue_words(cues)
    assert words, "the seeds hold evaluative words"
    lex = S._lexicon()
    assert all(w in lex for w in words)
    assert not set(words) & ({"in", "said", "will", "the", "of", "TARGET", "OTHER"} | S.PARTICLES)
    assert not any(w.startswith("[") for w in words)
    # on clearly polar rows the strongest cue mostly has the row's sign (other features move rows too)
    polar = [r for r in np.flatnonzero(np.abs(p[:, 2] - p[:, 0]) > 0.5).tolist() if cues[r]]
    agree = [np.sign(float(cues[r].split("; ")[0].rsplit("(", 1)[1].rstrip(")"))) == np.sign(p[r, 2] - p[r, 0])
             for r in polar]
    assert len(polar) >= 10 and np.mean(agree) >= 0.75


def test_cues_only_when_asked_and_bad_top() -> None:
    text = "Militants executed dozens of civilians and beheaded an aid worker."
    assert S.score_targets([text], [[(0, 9)]], cues=False)["cues"].tolist() == [""]
    with pytest.raises(ValueError, match="top"):
        S.predict_with_cues([text], [0], [9], top=-1)
    texts, starts, ends, others = _targets(SENTENCES)
    p, cues = S.predict_with_cues(texts, starts, ends, others, top=0, mask_others=True)
    assert set(cues) == {""}
    assert np.array_equal(p, S.predict_proba(texts, starts, ends, others, mask_others=True))
    assert np.array_equal(p, S.predict_with_cues(texts, starts, ends, others, mask_others=True)[0])
    assert not np.array_equal(p, S.predict_proba(texts, starts, ends, others, mask_others=False))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), max_size=30),
            st.sampled_from([" ", "", "  "]),
            st.integers(0, 200),
            st.integers(-3, 40),
            st.lists(st.tuples(st.integers(-2, 200), st.integers(-2, 200)), max_size=3),
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_random_sentences_score_alone_as_in_a_batch(rows, mask_others: bool) -> None:
    texts, starts, ends, others = [], [], [], []
    for words, sep, start, length, oth in rows:
        text = sep.join(words)
        texts.append(text)
        starts.append(min(start, len(text)))
        ends.append(min(start, len(text)) + length)
        others.append(oth)
    p, cues = S.predict_with_cues(texts, starts, ends, others, mask_others=mask_others)
    assert np.allclose(p.sum(axis=1), 1.0)
    for k in range(len(texts)):
        p1, c1 = S.predict_with_cues(texts[k : k + 1], starts[k : k + 1], ends[k : k + 1], others[k : k + 1],
                                     mask_others=mask_others)
        assert np.allclose(p1[0], p[k], rtol=0, atol=1e-12)
        assert c1[0] == cues[k]
        assert all(w in S._lexicon() for w in _cue_words(c1))
