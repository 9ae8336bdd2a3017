"""The batched sentiment scorer equals the row-by-row reference, bit for bit.

``predict_with_cues``/``transform`` build features and cues for many targets at once with numpy
(``_Featuriser``, ``_cues``), deduplicate masked sentences and share the tokenisation of a sentence
between its targets. The readable per-row code they replace is the specification: ``_features``/``_context_features`` in
the module (the training script uses them) and ``_row_cues`` below; these tests compare the two.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus.sentiment as S

SENTENCES = [
    "Militants executed dozens of civilians and beheaded an aid worker.",
    "Iraqi forces liberated Hawija and were welcomed by cheering residents.",
    'The regime, which "never" bombed hospitals, said it was not responsible for the 2017 massacre.',
    "Rebels said the government had agreed to a ceasefire, but the shelling of Aleppo continued.",
    "He wasn't happy: they're liberating Mosul while killers executed hostages, officials said.",
    "“Assad” said ‘terrorists’ are bad!! — and ISIS’s fighters killed 12 people in ٣ towns.",
    "ΣΑΣ and Σ words: not the qqtargetqq, nor qqotherqq, were attacked by the coalition.",
    "",
    "   ",
    "x",
]
WORDS = (
    "the a regime rebels forces killed liberated executed not never no but while who by and , . : ; \" “ ” ' "
    "'s 12 2017 ٣ siege ceasefire brutal welcomed humanitarian civilians attack qqtargetqq qqotherqq Σ σ ς "
    "happy bad good without cannot which as"
).split()



# The row-by-row specification of the cues (the library computes them in batch with numpy).
def _row_cues(m: S.SentimentModel, w: np.ndarray, masked: str, idx: np.ndarray, x: np.ndarray, top: int) -> str:
    """Attribute one row's positive-minus-negative score to the words of its sentence."""
    toks, t, val, cs, ce, _role = S._context(masked)
    n = len(toks)
    regions = ((0, n), (cs, ce), (max(0, t - 10), t), (t + 1, min(n, t + 11)))
    by_stem: dict[str, list[str]] = {}
    for tok in toks:
        by_stem.setdefault(S._stem(tok), [])
        if tok not in by_stem[S._stem(tok)]:
            by_stem[S._stem(tok)].append(tok)
    window = [toks[i] for i in range(max(0, t - 6), min(n, t + 7)) if i != t and len(toks[i]) > 3]
    agg: dict[str, float] = {}

    def put(key: str, c: float) -> None:
        agg[key] = agg.get(key, 0.0) + c

    sent_tot = sum(val)
    clause_tot = sum(val[cs:ce])
    for j, xv in zip(idx, x, strict=True):
        name = m.vocabulary[j]
        c = float(xv * w[j])
        head, _, rest = name.partition(":")
        if name in S._LEX_SUM:  # sums of positive (or negative) valences over a region
            region, sign = S._LEX_SUM[name]
            a, b = regions[region]
            wj = w[j] * m.scale[j]
            for i in range(a, b):
                if val[i] * sign > 0:
                    put(toks[i], float(wj * abs(val[i])))
        elif name in ("#wsum", "#sent", "#clause"):
            wj = w[j] * m.scale[j]
            for i in range(n):
                if not val[i]:
                    continue
                if name == "#wsum":
                    put(toks[i], float(wj * val[i] / (1.0 + 0.3 * abs(i - t))))
                elif name == "#sent":
                    put(toks[i], float(wj * val[i] / (abs(sent_tot) + 1.0) ** 2))
                elif cs <= i < ce:
                    put(toks[i], float(wj * val[i] / (abs(clause_tot) + 1.0) ** 2))
        elif name.startswith("#"):
            put(S._STRUCTURAL.get(name, name), c)
        elif head in ("cl<", "cl>"):  # lexicon words in the clause by side: credit those words
            sign = 1 if rest.endswith("+") else -1
            a, b = (cs, t) if head == "cl<" else (t + 1, ce)
            hits = [i for i in range(a, b) if val[i] * sign > 0]
            for i in hits:
                put(toks[i], c * abs(val[i]) / sum(abs(val[k]) for k in hits))
        elif head in ("su", "stL", "stR"):
            words = by_stem.get(rest, [rest])
            for tok in words:
                put(S._show(tok), c / len(words))
        elif head == "ch":
            words = [tok for tok in window if rest in "<" + tok + ">"] or [rest]
            for tok in words:
                put(S._show(tok), c / len(words))
        elif head == "role":
            put(f"[{rest}]", c)
        elif "_" in rest and head in ("cb", "lr", "r12", "l21"):
            put(" ".join(S._show(p) for p in rest.split("_")), c)
        else:
            put(S._show(rest), c)
    agg.pop("TARGET", None)
    best = sorted(agg.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]
    return "; ".join(f"{k}({v:+.2f})" for k, v in best if abs(v) >= 0.005)


def _reference(texts, starts, ends, others, mask_others, top):
    """Probabilities, cues and matrix as the row-by-row code computes them."""
    m = S.load_sentiment_model()
    oth = S._as_others(others if mask_others else None, len(texts))
    masked = [S._mask(str(tx), s, e, o) for tx, s, e, o in zip(texts, starts, ends, oth, strict=True)]
    indptr, indices, data = [0], [], []
    for text in masked:
        row: dict[int, float] = {}
        for k, v in zip(*S._features(text), strict=True):
            j = m.index.get(k)
            if j is not None and v:
                row[j] = row.get(j, 0.0) + v
        indices += row.keys()
        data += row.values()
        indptr.append(len(indices))
    X = sp.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
                      shape=(len(masked), len(m.vocabulary)))
    X = S._normalise(X, m.scale, m._sparse_cols)
    cues = [_row_cues(m, m.polarity_weight, masked[r], X.indices[X.indptr[r]:X.indptr[r + 1]],
                        X.data[X.indptr[r]:X.indptr[r + 1]], top) for r in range(len(masked))]
    return m.predict_proba_matrix(X), cues, X


def _check(texts, starts, ends, others, mask_others=True, top=3):
    m = S.load_sentiment_model()
    p_ref, cues_ref, X_ref = _reference(texts, starts, ends, others, mask_others, top)
    p, cues = S.predict_with_cues(texts, starts, ends, others, mask_others=mask_others, top=top)
    X = m.transform(texts, starts, ends, others, mask_others=mask_others)
    assert np.array_equal(p, p_ref)
    assert cues == cues_ref
    assert np.array_equal(X.indptr, X_ref.indptr)
    assert np.array_equal(X.indices, X_ref.indices)
    assert np.array_equal(X.data, X_ref.data)


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


@pytest.mark.parametrize("mask_others", [True, False])
@pytest.mark.parametrize("top", [3, 1, 0, 12, -2])
def test_batch_equals_row_by_row(mask_others: bool, top: int) -> None:
    _check(*_targets(SENTENCES), mask_others=mask_others, top=top)


def test_duplicates_and_chunks_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, starts, ends, others = _targets(SENTENCES[:4])
    twice = (texts * 2, starts * 2, ends * 2, others * 2)
    p, cues = S.predict_with_cues(*twice, mask_others=True)
    n = len(texts)
    assert np.array_equal(p[:n], p[n:]) and cues[:n] == cues[n:]
    monkeypatch.setattr(S, "_CHUNK", 5)
    monkeypatch.setattr(S._Featuriser, "_MAX_TOKENS", 7)  # the token cache is emptied again and again
    p2, cues2 = S.predict_with_cues(*twice, mask_others=True)
    assert np.array_equal(p, p2) and cues == cues2
    _check(*twice)


def test_shared_tokenisation_equals_masked_string() -> None:
    texts, starts, ends, others = _targets(SENTENCES)
    pieces = S._pieces(texts, starts, ends, others)
    shared = S._contexts(pieces)
    alone = [S._context(S._join_pieces(*p)) for p in pieces]
    assert shared == alone
    assert [S._join_pieces(*p) for p in pieces] == [S._mask(*a) for a in zip(texts, starts, ends, others, strict=True)]


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
def test_random_sentences_equal_row_by_row(rows, mask_others: bool) -> None:
    texts, starts, ends, others = [], [], [], []
    for words, sep, start, length, oth in rows:
        text = sep.join(words)
        texts.append(text)
        starts.append(min(start, len(text)))
        ends.append(min(start, len(text)) + length)
        others.append(oth)
    _check(texts, starts, ends, others, mask_others=mask_others)
