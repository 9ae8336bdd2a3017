"""process_docs: the per-document steps of a partition equal the in-memory functions."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import mideast_corpus as mc
from mideast_corpus.pipeline import conform, empty_tables, process_docs


def test_process_docs_on_docs_table_equals_in_memory(seeds):
    out = process_docs(seeds.docs, steps=("sentences", "mentions", "stance"))
    assert sorted(out) == ["mentions", "sentences", "stance"]  # loaded docs: no load report, no repair
    assert_frame_equal(out["sentences"], seeds.sentences(), check_exact=True)
    m = mc.find_mentions(seeds)
    assert_frame_equal(out["mentions"], m, check_exact=True)
    assert_frame_equal(out["stance"], mc.score_stance(seeds, mentions=m), check_exact=True)


def test_partitions_concatenate_to_the_whole(seeds):
    docs = seeds.docs
    parts = [process_docs(docs.iloc[i:i + 2], steps=["mentions"])["mentions"] for i in range(0, len(docs), 2)]
    assert_frame_equal(pd.concat(parts, ignore_index=True), mc.find_mentions(seeds), check_exact=True)


def test_raw_rows_are_loaded_and_repaired(raw_seeds, seeds):
    rows = raw_seeds.docs[["doc_id", "source", "title", "text"]]
    out = process_docs(rows, steps=["mentions"])
    assert "load_report" in out and (out["load_report"]["action"] == "repaired").any()
    loaded = mc.load_corpus(rows)
    assert_frame_equal(out["mentions"], mc.find_mentions(loaded), check_exact=True)


def test_empty_partition_has_the_meta_schema():
    meta = empty_tables(("sentences", "mentions", "stance"))
    docs = mc.load_seeds().docs.iloc[:0]
    out = process_docs(docs, steps=("sentences", "mentions", "stance"))
    for name, table in out.items():
        assert len(table) == 0
        assert conform(table, meta[name]).dtypes.equals(meta[name].dtypes), name


def test_unknown_step():
    with pytest.raises(ValueError, match="unknown step"):
        process_docs(pd.DataFrame({"text": ["x"], "source": ["A"]}), steps=["topics"])


@pytest.mark.parametrize("max_chars", [1, 5_000, 10**9])
def test_process_in_batches_equals_one_call(seeds, max_chars):
    from mideast_corpus.pipeline import process_corpus, process_in_batches

    docs = seeds.docs
    quiet = mc.load_corpus(pd.DataFrame({"doc_id": ["quiet"], "source": ["A"], "text": ["The weather was fine."]}),
                           repair=False).docs  # a batch of its own without mentions or stance rows
    corpus = mc.Corpus(pd.concat([docs.assign(doc_id=docs["doc_id"] + f"-{k}") for k in (2, 0, 1)] + [quiet],
                                 ignore_index=True))  # doc_ids out of order: stance rows are sorted across batches
    steps = ("sentences", "mentions", "stance")
    whole = process_corpus(corpus, steps=steps)
    got = process_in_batches(corpus, steps=steps, max_chars=max_chars)
    for step in steps:
        assert got[step].attrs == {}
        whole[step].attrs = {}
        assert_frame_equal(got[step], whole[step], check_exact=True)
    kw = {"places": False, "metonymy": False, "sentiment": False}
    whole = process_corpus(corpus, steps=("mentions", "stance"), **kw)
    got = process_in_batches(corpus, steps=("mentions", "stance"), max_chars=max_chars, **kw)
    for step in ("mentions", "stance"):
        whole[step].attrs = {}
        assert_frame_equal(got[step], whole[step], check_exact=True)


def test_batches_hold_at_least_one_document():
    from mideast_corpus.pipeline import _batches

    docs = pd.DataFrame({"text": ["a" * 10, "b" * 3, "c" * 3, "d" * 20, ""]})
    assert _batches(docs, 6) == [(0, 1), (1, 3), (3, 4), (4, 5)]
    assert _batches(docs, 100) == [(0, 5)]
    assert _batches(docs.iloc[:0], 6) == [(0, 0)]
