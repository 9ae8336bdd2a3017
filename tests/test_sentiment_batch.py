"""The sentiment featuriser: one implementation for training and scoring, no names, no positions.

``_Featuriser`` turns batches of masked sentences into feature entries; the training script calls it with a
growing vocabulary, scoring with the model's. Cues are the same entries weighted by the model.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
import mideast_corpus.sentiment as S

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


def _span(text: str, mention: str) -> tuple[int, int]:
    start = text.index(mention)
    return start, start + len(mention)


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
