"""The stance scorer (stance/scoring.py): finding each mention's sentence, and places that take no role."""

from __future__ import annotations

import numpy as np
import pandas as pd

import mideast_corpus as mc
from mideast_corpus.stance.scoring import _sentence_of, _sentence_of_by_doc


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
