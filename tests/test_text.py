"""Sentence splitting with news abbreviations, on real seed sentences, and offsets that round-trip."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest
from generated import random_strings
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus import text as mtext
from mideast_corpus.text import count_words, own_name_patterns, paragraph_spans, sentence_spans


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


# -- the fast splitter against Punkt -----------------------------------------------------------------

NEWSMTSC_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc" / "train.jsonl"
_NEWS_PIECES = ["U.S.", "Maj.", "Gen.", "M.P.", "I.S.", "Jan.", "30.", "1.5", "J.", "a.m.", "Mr.", "No.", "etc.",
                "said.", "Iraq.", "Syria", "the", "The", "he", "He", "...", "..", "…", "?", "!", "!!", ".", ",", ";",
                ":", "-", "--", "—", "(", ")", "[", "]", "“", "”", "‘", "’", '"', "'", "»", " ", " ", " ", "  ",
                "\n", "\n\n", "\t", "\u00a0", "1990s.", "30", "e.g.", "al-", "anti-U.S.", "I", "A."]
_news_text = st.lists(st.sampled_from(_NEWS_PIECES), max_size=60).map("".join)


def test_fast_splitter_matches_punkt_on_the_seeds(seeds):
    for text in seeds.docs["text"]:
        assert sentence_spans(text) == sentence_spans(text, method="punkt")


@settings(max_examples=300, deadline=None)
@given(st.one_of(_news_text, st.text()))
def test_fast_splitter_matches_punkt_on_arbitrary_text(text):
    assert sentence_spans(text, method="fast") == sentence_spans(text, method="punkt")


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="method"):
        sentence_spans("One. Two.", method="spacy")


def test_news_abbreviations_with_both_methods():
    text = "Maj. Gen. Joseph Martin spoke on Jan. 30 in Baghdad. The U.S. envoy met I.S. defectors."
    for method in ("fast", "punkt"):
        assert [text[a:b] for a, b in sentence_spans(text, method=method)] == [
            "Maj. Gen. Joseph Martin spoke on Jan. 30 in Baghdad.", "The U.S. envoy met I.S. defectors."]


def test_segmentation_on_newsmtsc_concatenation_gold():
    """Five consecutive NewsMTSC sentences joined with spaces: the gold boundaries are known."""
    path = NEWSMTSC_TRAIN
    if not path.exists():
        pytest.skip(f"NewsMTSC not found at {path}: it lives outside the package (../shared/data)")
    sents = [" ".join(json.loads(line)["sentence_normalized"].split()) for line in path.open(encoding="utf-8")]
    sents = [s for s in sents if s]
    tp = fp = fn = 0
    for k in range(0, len(sents) - 4, 5):
        parts = sents[k:k + 5]
        text = " ".join(parts)
        fast = sentence_spans(text)
        assert fast == sentence_spans(text, method="punkt")
        gold, pos = set(), 0
        for s in parts[:-1]:
            pos += len(s)
            gold.add(pos)
            pos += 1
        found = {b for _, b in fast[:-1]}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    # Measured 0.955 / 0.927 (bench/sentences.py); the misses are mostly headlines without a final period.
    assert precision > 0.94 and recall > 0.91


# -- the fast path of word counting (piecewise on huge texts) gives what the word pattern gives

@pytest.mark.parametrize("chunk", [1 << 20, 7])
def test_count_words_matches_the_word_pattern(chunk: int, monkeypatch) -> None:
    monkeypatch.setattr(mtext, "_COUNT_CHUNK", chunk)
    alphabet = [*"aZ09_ .-'’\n", *mtext._COMMON_PUNCTUATION, "é", "١", "  ", "..", "U.S.", "\ud800"]
    for t in random_strings(alphabet, 20000, 40, 5):
        assert mtext.count_words(t) == sum(1 for _ in mtext._WORD.finditer(t)), repr(t)


@pytest.mark.parametrize("text, expected", [
    ("Fox News reported", "_ reported"),  # at the start of the text
    ("told FOX NEWS and foxnews.com.", "told _ and _."),  # any case, with the web address
    ("(Fox News)", "(_)"),
    ("SuperFox News and Fox Newsroom", "SuperFox News and Fox Newsroom"),  # inside a longer word: no
    ("1Fox News, _Fox News", "1Fox News, _Fox News"),  # after a digit or an underscore: no
])
def test_own_name_is_a_whole_word_in_any_case(text, expected):
    docs = pd.DataFrame({"doc_id": ["a"], "source": ["Fox News"]})
    assert own_name_patterns(docs)["a"].sub("_", text) == expected
