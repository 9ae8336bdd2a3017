"""The stance scorer's shortcuts give what the plain rules give: tokens, speech, sentences; places take no role."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.stance import quotes, roles
from mideast_corpus.stance.scoring import _sentence_of, _sentence_of_by_doc
from mideast_corpus.stance.tokens import tokenize

TRICKY = [
    "", "   ", "“", "US-backed forces didn’t stop.", "DIDN'T", "DIDN't", "didn'T", "Don’t go, they won't.",
    "İSTANBUL İi", "ΟΔΟΣ'Α ΣΑ ΟΔΟΣ.", "a\u00a0b\u2009c\u200bd", "anti-ISIS -backed  \t\n x",
]


@pytest.mark.parametrize("text", TRICKY)
def test_lower_tokens_are_tokenize_lowered(text: str) -> None:
    low, starts, ends = roles._lower_tokens(text)
    assert list(zip(low, starts, ends, strict=True)) == [(t.lower(), s, e) for t, s, e in tokenize(text)]


def test_lower_tokens_on_seed_sentences(seeds: mc.Corpus) -> None:
    for text in seeds.sentences()["text"]:
        low, starts, ends = roles._lower_tokens(text)
        assert list(zip(low, starts, ends, strict=True)) == [(t.lower(), s, e) for t, s, e in tokenize(text)]


def test_speech_pre_check_never_misses_a_say_verb(seeds: mc.Corpus) -> None:
    for text in seeds.sentences()["text"]:
        has_verb = any(t.lower() in quotes.SAY_VERBS for t, _, _ in tokenize(text))
        if has_verb:
            assert quotes._SAY_ANYWHERE.search(text.lower())
    assert quotes._sentence_speech("Officials SAID the town fell.")[0]["verb"] == "said"


def test_sentence_of_matches_per_document_search(seeds: mc.Corpus) -> None:
    sents = seeds.sentences()
    m = mc.find_mentions(seeds)
    assert (_sentence_of(m, sents) == _sentence_of_by_doc(m, sents)).all()
    # sentences out of order within a document, a document without sentences, a missing doc_id
    shuffled = sents.sample(frac=1.0, random_state=1).reset_index(drop=True)
    extra = pd.DataFrame({"doc_id": ["nowhere", None], "start": [0, 0], "end": [5, 5], "actor": ["x", "y"]})
    m2 = pd.concat([m[["doc_id", "start", "end", "actor"]], extra], ignore_index=True)
    got = _sentence_of(m2, shuffled)
    assert np.array_equal(got, _sentence_of_by_doc(m2, shuffled))
    assert got[-2:].tolist() == [-1, -1]


def test_place_only_sentences_have_no_role() -> None:
    c = mc.load_corpus(pd.DataFrame({"doc_id": ["d"], "source": ["A"],
                                     "text": ["Fighting reached Mosul. The army attacked ISIS in Raqqa."]}),
                       text="text", source="source")
    m = mc.find_mentions(c)
    st = mc.score_stance(c, mentions=m, places=True)
    assert (st.loc[st["actor"].isin(["mosul", "raqqa"]), "role"] == "none").all()
    st = mc.score_stance(c, mentions=m)  # "Mosul" alone in its sentence: skipped
    assert st[["actor", "role", "role_detail"]].values.tolist() == [["isis", "target", "target_violence"]]
