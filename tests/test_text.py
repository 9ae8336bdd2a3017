"""Sentence splitting with news abbreviations, on real seed sentences, and offsets that round-trip."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.text import count_words, paragraph_spans, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_news_abbreviations_do_not_end_sentences():
    # Real sentences of the seeds (War Is Boring, Daily Beast) plus the examples.
    text = ("“We find it extremely useful,” Iraqi M.P. Hakim Al Zamili, the head of the parliamentary and "
            "defense committee, said at the time. The U.S.-led coalition forces did not participate. "
            "Maj. Gen. Joseph Martin spoke on Jan. 30 in Baghdad. It bombed I.S. militants in Deir Ezzor.")
    assert _sentences(text) == [
        "“We find it extremely useful,” Iraqi M.P. Hakim Al Zamili, the head of the parliamentary and "
        "defense committee, said at the time.",
        "The U.S.-led coalition forces did not participate.",
        "Maj. Gen. Joseph Martin spoke on Jan. 30 in Baghdad.",
        "It bombed I.S. militants in Deir Ezzor.",
    ]


def test_sentences_never_cross_paragraphs():
    text = "Mosul\n\nRaqqa fell. Deir Ezzor held out"
    assert _sentences(text) == ["Mosul", "Raqqa fell.", "Deir Ezzor held out"]
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["Mosul", "Raqqa fell. Deir Ezzor held out"]


def test_seed_sentence_offsets_round_trip(seeds):
    sentences = seeds.sentences()
    texts = seeds.docs.set_index("doc_id")["text"]
    assert len(sentences) > 150
    for row in sentences.itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text
    assert (sentences.groupby("doc_id")["sent_id"].apply(lambda s: s.tolist() == list(range(len(s))))).all()
    assert sentences.attrs["provenance"]["corpus_fingerprint"] == seeds.fingerprint


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_offsets_round_trip_on_arbitrary_text(text):
    spans = sentence_spans(text)
    for a, b in spans:
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
    assert spans == sorted(spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    count_words(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_dataframe_loader_never_crashes_on_arbitrary_text(texts):
    df = pd.DataFrame({"text": texts, "source": ["S"] * len(texts)})
    corpus = mc.load_corpus(df)
    report = corpus.load_report
    # every row is either a document or a listed skip
    assert len(corpus) + int((report["action"] == "skipped").sum()) == len(texts)
    for row in corpus.sentences().itertuples(index=False):
        assert corpus.docs.set_index("doc_id").loc[row.doc_id, "text"][row.start:row.end] == row.text
