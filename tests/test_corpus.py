"""Fingerprint stability across processes, sensitivity to one character, and provenance."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

import mideast_corpus as mc

_PRINT_FINGERPRINT = "import mideast_corpus as mc; print(mc.load_seeds().fingerprint)"


def test_fingerprint_is_the_same_in_separate_processes(seeds):
    prints = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", _PRINT_FINGERPRINT], capture_output=True, text=True,
                             env=env, check=True)
        prints.add(out.stdout.strip())
    assert prints == {seeds.fingerprint}


def test_fingerprint_changes_with_one_character(seeds):
    docs = seeds.docs
    changed = docs.copy()
    text = changed.loc[2, "text"]
    changed.loc[2, "text"] = text[:100] + ("x" if text[100] != "x" else "y") + text[101:]
    assert mc.fingerprint_docs(changed) != seeds.fingerprint
    assert mc.fingerprint_docs(docs) == seeds.fingerprint


def test_fingerprint_ignores_row_order_but_not_metadata(seeds):
    docs = seeds.docs
    assert mc.fingerprint_docs(docs.iloc[::-1]) == seeds.fingerprint
    assert mc.fingerprint_docs(docs.assign(source="Other")) != seeds.fingerprint


def test_subset_has_its_own_fingerprint(seeds):
    assert seeds.subset(source="The New Arab").fingerprint != seeds.fingerprint


def test_tables_carry_provenance(seeds):
    for table in (seeds.docs, seeds.sentences(), seeds.summary()):
        record = table.attrs["provenance"]
        assert record["version"] == mc.__version__
        assert record["corpus_fingerprint"] == seeds.fingerprint
    assert seeds.summary(by="published:year").attrs["provenance"]["params"] == {"by": "published:year"}


def test_summary_by_time_bin(seeds):
    table = seeds.summary(by="published:year")
    assert table["published:year"].tolist() == ["2015", "2017"]
    assert table["n_docs"].tolist() == [2, 3]


def test_rerun_gives_identical_tables(seeds):
    again = mc.load_seeds()
    pd.testing.assert_frame_equal(seeds.docs, again.docs)
    pd.testing.assert_frame_equal(seeds.sentences(), again.sentences())
    pd.testing.assert_frame_equal(seeds.load_report, again.load_report)


def test_a_corpus_shows_itself_in_jupyter_with_its_strings_escaped():
    corpus = mc.load_corpus(pd.DataFrame({"text": ["Raqqa fell.", "Mosul fell."],
                                          "source": ["<b>Wire</b>", "Post"]}))
    page = corpus._repr_html_()
    assert "&lt;b&gt;Wire&lt;/b&gt;" in page and "<b>Wire</b>" not in page
    assert "2 documents, 2 sources" in page and corpus.fingerprint in page
