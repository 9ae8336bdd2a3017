"""Streaming: chunks of JSONL, Parquet and folders give exactly the in-memory tables, in flat memory."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import mideast_corpus as mc
from mideast_corpus.errors import DuplicateDocumentError, OutputDirError
from mideast_corpus.streaming import process_stream, read_table, stream_corpus

COPIES = 20
STANCE_ORDER = ["doc_id", "start", "end", "actor"]
REPORT_ORDER = ["item", "doc_id", "action", "step", "count", "detail"]


def _rows() -> pd.DataFrame:
    raw = mc.load_seeds(repair=False).docs
    rows = pd.concat([raw.assign(doc_id=raw["doc_id"] + f"-{k:02d}") for k in range(COPIES)], ignore_index=True)
    rows = rows[["doc_id", "source", "published", "title", "text", "outlet_kind"]
                if "outlet_kind" in rows.columns else ["doc_id", "source", "published", "title", "text"]]
    rows["published"] = rows["published"].dt.strftime("%Y-%m-%d")
    return rows


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("stream")
    rows = _rows()
    jsonl = d / "corpus.jsonl"
    with open(jsonl, "w", encoding="utf-8") as f:
        for k, rec in enumerate(rows.to_dict("records")):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if k == 10:
                f.write("{not json\n")  # a skipped line, reported by its chunk
    parquet = d / "corpus.parquet"
    rows.drop(columns=["doc_id"]).to_parquet(parquet, row_group_size=16)  # doc_ids from row numbers
    folder = d / "folder"
    folder.mkdir()
    for rec in rows.to_dict("records"):
        (folder / f"{rec['doc_id']}.txt").write_text(rec["text"], encoding="utf-8")
    manifest = rows.drop(columns=["text"]).assign(file=rows["doc_id"] + ".txt")
    manifest.to_csv(folder / "manifest.csv", index=False)
    (folder / "unlisted.txt").write_text("Russian jets struck Idlib.", encoding="utf-8")
    return {"jsonl": jsonl, "parquet": parquet, "folder": folder}


def _report(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(REPORT_ORDER, kind="stable", ignore_index=True)


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "folder"])
def test_stream_corpus_chunks_equal_the_whole(inputs, kind):
    path = inputs[kind]
    whole = mc.load_corpus(path)
    chunks = list(stream_corpus(path, chunk_docs=7))
    assert [len(c) for c in chunks][:-1] == [7] * (len(chunks) - 1) or kind == "jsonl"
    docs = pd.concat([c.docs for c in chunks], ignore_index=True)
    docs.attrs = {}
    expected = whole.docs
    expected.attrs = {}
    assert_frame_equal(docs, expected, check_exact=True)
    report = _report(pd.concat([c.load_report for c in chunks], ignore_index=True))
    assert_frame_equal(report, _report(whole.load_report), check_exact=True)


def test_process_stream_jsonl_equals_in_memory(inputs, tmp_path):
    whole = mc.load_corpus(inputs["jsonl"])
    mentions = mc.find_mentions(whole)
    stance = mc.score_stance(whole, mentions=mentions)
    summary = process_stream(inputs["jsonl"], tmp_path / "out", chunk_docs=7, progress=False)
    assert summary.n_docs == len(whole) and summary.n_chunks == 15
    got = read_table(tmp_path / "out", "mentions")
    assert_frame_equal(got, mentions, check_exact=True)  # document order is kept: no sort needed
    got = read_table(tmp_path / "out", "stance").sort_values(STANCE_ORDER, kind="stable", ignore_index=True)
    assert_frame_equal(got, stance, check_exact=True)
    report = read_table(tmp_path / "out", "load_report")
    assert_frame_equal(_report(report), _report(whole.load_report), check_exact=True)
    assert (report["action"] == "skipped").sum() == 1
    freq = mc.entity_frequency(whole, mentions=mentions)
    freq.attrs = {}
    assert_frame_equal(summary.entity_frequency, freq, check_exact=True)
    assert_frame_equal(pd.read_parquet(tmp_path / "out" / "entity_frequency.parquet"), freq, check_exact=True)
    agg = mc.stance_by_source(stance)
    agg.attrs = {}
    assert_frame_equal(summary.stance_by_source, agg, check_exact=True)
    from mideast_corpus.streaming import _stance_by_source_parts

    for max_rows in (1, 40, 10**9):  # a (source, actor) cell per batch, a few, all at once: the same table
        assert_frame_equal(_stance_by_source_parts(tmp_path / "out" / "stance", max_rows), agg, check_exact=True)
    docs = read_table(tmp_path / "out", "docs")
    assert "text" not in docs.columns and docs["n_chars"].sum() == whole.docs["text"].str.len().sum()


@pytest.mark.parametrize("kind", ["parquet", "folder"])
def test_process_stream_mentions_parquet_and_folder(inputs, tmp_path, kind):
    whole = mc.load_corpus(inputs[kind])
    summary = process_stream(inputs[kind], tmp_path / "out", steps=["mentions"], chunk_docs=7, progress=False)
    assert_frame_equal(read_table(tmp_path / "out", "mentions"), mc.find_mentions(whole), check_exact=True)
    freq = mc.entity_frequency(whole)
    freq.attrs = {}
    assert_frame_equal(summary.entity_frequency, freq, check_exact=True)
    assert summary.stance_by_source is None


def test_stream_refuses_duplicates_across_chunks(tmp_path):
    path = tmp_path / "dupes.jsonl"
    lines = [{"doc_id": f"d{i}", "source": "A", "text": "Raqqa fell."} for i in range(5)]
    lines.append({"doc_id": "d1", "source": "B", "text": "Mosul fell."})
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    with pytest.raises(DuplicateDocumentError, match=r"'d1'.*line 2.*line 6"):
        list(stream_corpus(path, chunk_docs=2))


def test_progress_line_without_tqdm(tmp_path, capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    df = pd.DataFrame({"text": ["IS fled Mosul.", "Russian jets struck Idlib.", "Raqqa fell."], "source": "A"})
    process_stream(df, tmp_path / "out", steps=["mentions"], chunk_docs=2, progress=True)
    err = capsys.readouterr().err
    assert err.count("mideast_corpus: streaming: ") == 2  # one line per chunk
    assert "mideast_corpus: streaming: 3 of 3 docs, chunk 1: " in err
    with pytest.raises(OutputDirError, match="not empty"):
        process_stream(df, tmp_path / "out", steps=["mentions"], progress=False)
    process_stream(df, tmp_path / "out", steps=["mentions"], progress=False, overwrite=True)
