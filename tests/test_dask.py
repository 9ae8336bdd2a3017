"""Dask: map_partitions on a LocalCluster (2 worker processes on 127.0.0.1) equals the pandas path exactly."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("dask.dataframe", reason="optional: pip install mideast_corpus[dask]")
distributed = pytest.importorskip("distributed", reason="optional: pip install mideast_corpus[dask]")

import mideast_corpus as mc  # noqa: E402
from mideast_corpus import dask as mcd  # noqa: E402

STANCE_ORDER = ["doc_id", "start", "end", "actor"]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(seeds):
    docs = seeds.docs
    return mc.Corpus(pd.concat([docs.assign(doc_id=docs["doc_id"] + f"-{k}") for k in range(3)], ignore_index=True))


def test_mentions_stance_frequency_equal_pandas(client, corpus):
    ddf = mcd.to_dask(corpus, npartitions=4)
    assert ddf.npartitions == 4
    m = mc.find_mentions(corpus)
    got = mcd.find_mentions_dask(ddf).compute().reset_index(drop=True)
    assert_frame_equal(got, m, check_exact=True)
    st = mc.score_stance(corpus, mentions=m)
    got = mcd.score_stance_dask(ddf).compute().sort_values(STANCE_ORDER, kind="stable", ignore_index=True)
    assert_frame_equal(got, st, check_exact=True)
    agg, expected = mc.stance_by_source(got), mc.stance_by_source(st)
    agg.attrs = expected.attrs = {}
    assert_frame_equal(agg, expected, check_exact=True)
    freq = mc.entity_frequency(corpus, mentions=m)
    freq.attrs = {}
    assert_frame_equal(mcd.entity_frequency_dask(ddf), freq, check_exact=True)


def test_topics_fit_on_sample_transform_on_partitions(client, corpus):
    ddf = mcd.to_dask(corpus, npartitions=3)
    tm = mcd.fit_topics_dask(ddf, n_topics=3, frac=0.5, random_state=0)
    again = mcd.fit_topics_dask(ddf, n_topics=3, frac=0.5, random_state=0)
    assert_frame_equal(tm.terms(n=5), again.terms(n=5))
    got = mcd.transform_dask(tm, ddf).compute().reset_index(drop=True)
    expected = tm.transform(corpus).reset_index(drop=True)
    expected.attrs = {}
    assert_frame_equal(got, expected, check_exact=True)


def test_parquet_row_groups_load_on_workers(client, tmp_path, raw_seeds):
    path = tmp_path / "c.parquet"
    raw_seeds.docs[["source", "title", "text"]].to_parquet(path, row_group_size=2)
    ddf = mcd.to_dask(path)
    assert ddf.npartitions == 3
    whole = mc.load_corpus(path)
    docs = ddf.compute().reset_index(drop=True)
    expected = whole.docs
    expected.attrs = {}
    assert_frame_equal(docs, expected, check_exact=True)
    assert_frame_equal(mcd.find_mentions_dask(ddf).compute().reset_index(drop=True), mc.find_mentions(whole),
                       check_exact=True)


def test_process_docs_dask_one_task_per_partition_equals_pandas(client, corpus):
    import dask

    ddf = mcd.to_dask(corpus, npartitions=3)
    tables = mcd.process_docs_dask(ddf, ["sentences", "mentions", "stance"])
    graph = dict(dask.base.collections_to_expr(list(tables.values())).__dask_graph__())
    assert sum(1 for k in graph if str(k[0] if isinstance(k, tuple) else k).startswith("_partition_tables")) == 3
    sentences, mentions, stance = dask.compute(tables["sentences"], tables["mentions"], tables["stance"])
    assert_frame_equal(sentences.reset_index(drop=True), corpus.sentences(), check_exact=True)
    m = mc.find_mentions(corpus)
    assert_frame_equal(mentions.reset_index(drop=True), m, check_exact=True)
    st = stance.sort_values(STANCE_ORDER, kind="stable", ignore_index=True)
    assert_frame_equal(st, mc.score_stance(corpus, mentions=m), check_exact=True)


def test_custom_dictionary_is_one_graph_key(client, corpus):
    from mideast_corpus.actors import default_actors

    actors = default_actors().extend(actors=pd.DataFrame({"id": ["idlib_front"], "name": ["Idlib front"],
                                                          "kind": ["militia"], "aliases": ["Idlib front"]}))
    ddf = mcd.to_dask(corpus, npartitions=4)
    frame = mcd.find_mentions_dask(ddf, actors=actors, places=False)
    # one key holding the dictionary, fetched once per worker, rather than a copy inside every task
    keys = [k[0] if isinstance(k, tuple) else k for k in dict(frame.__dask_graph__())]
    assert sum(1 for k in keys if str(k).startswith("mideast-actors-")) == 1
    got = frame.compute().reset_index(drop=True)
    assert_frame_equal(got, mc.find_mentions(corpus, actors, places=False), check_exact=True)
    tables = mcd.process_docs_dask(ddf, ["mentions", "stance"], actors=actors, places=False)
    import dask

    mentions, stance = dask.compute(tables["mentions"], tables["stance"])
    assert_frame_equal(mentions.reset_index(drop=True), mc.find_mentions(corpus, actors, places=False),
                       check_exact=True)
    st = stance.sort_values(STANCE_ORDER, kind="stable", ignore_index=True)
    assert_frame_equal(st, mc.score_stance(corpus, actors), check_exact=True)
    freq = mc.entity_frequency(corpus, actors=actors)
    freq.attrs = {}
    assert_frame_equal(mcd.entity_frequency_dask(ddf, actors=actors), freq, check_exact=True)


def test_default_partitions_spread_a_small_corpus_over_the_workers(client, corpus):
    assert mcd.to_dask(corpus).npartitions == 4  # 2 workers x 1 thread, 2 partitions each
    assert mcd.to_dask(corpus, chunk_docs=2).npartitions == 8
    assert mcd.to_dask(corpus.subset(doc_id=corpus.docs["doc_id"].iloc[0])).npartitions == 1


@pytest.mark.parametrize("variant", ["plain", "bom", "crlf"])
def test_jsonl_line_ranges_load_on_workers(client, tmp_path, raw_seeds, variant):
    import json

    rows = [json.dumps(r, ensure_ascii=False) for r in raw_seeds.docs[["source", "title", "text"]].to_dict("records")]
    lines = [*rows[:2], "", "{not json", "[1, 2]", *rows[2:], "   "]
    data = "\n".join(lines).encode("utf-8")
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    if variant == "crlf":  # cannot be cut on line feeds alone: loaded on the client, same result
        data = data.replace(b"\n", b"\r\n")
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    expected = mc.load_corpus(path).docs
    expected.attrs = {}
    ddf = mcd.to_dask(path, chunk_docs=2)
    assert ddf.npartitions == (4 if variant == "crlf" else 5)  # 9 lines by 2; or 5 documents over 2 x 2 workers
    assert_frame_equal(ddf.compute().reset_index(drop=True), expected, check_exact=True)
    assert_frame_equal(mcd.to_dask(path, npartitions=3).compute().reset_index(drop=True), expected,
                       check_exact=True)
    assert_frame_equal(mcd.find_mentions_dask(ddf).compute().reset_index(drop=True),
                       mc.find_mentions(mc.load_corpus(path)), check_exact=True)


def test_jsonl_ranges_refuse_what_the_loader_refuses(client, tmp_path):
    # each worker sees one range of lines, so the client checks ids across ranges (load_corpus refuses these too)
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"doc_id": "a", "text": "Raqqa fell."}\n{"doc_id": "b", "text": "Mosul."}\n'
                     '{"doc_id": "a", "text": "Tikrit."}\n', encoding="utf-8")
    for load in (mc.load_corpus, lambda p: mcd.to_dask(p, chunk_docs=1)):
        with pytest.raises(mc.DuplicateDocumentError, match="'a' is used twice"):
            load(twice)
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n  \n", encoding="utf-8")
    for load in (mc.load_corpus, mcd.to_dask):
        with pytest.raises(mc.CorpusInputError, match=r"empty|no input items"):
            load(blank)


def test_parquet_row_groups_refuse_a_doc_id_used_twice(client, tmp_path):
    path = tmp_path / "twice.parquet"
    pd.DataFrame({"doc_id": ["a", "b", "a"], "text": ["Raqqa fell.", "Mosul.", "Tikrit."]}).to_parquet(
        path, row_group_size=1)
    for load in (mc.load_corpus, mcd.to_dask):
        with pytest.raises(mc.DuplicateDocumentError, match="'a' is used twice"):
            load(path)
    fine = tmp_path / "fine.parquet"
    pd.DataFrame({"doc_id": ["a", None, "b"], "source": "S", "text": ["Raqqa fell.", "Mosul.", "Tikrit."]}
                 ).to_parquet(fine, row_group_size=1)
    expected = mc.load_corpus(fine).docs
    expected.attrs = {}
    assert_frame_equal(mcd.to_dask(fine).compute().reset_index(drop=True), expected, check_exact=True)


# -- nothing dropped without a record: the load report travels with the partitions (issue 15) -------------

REPORT_ORDER = ["item", "doc_id", "action", "step", "count", "detail"]


def _sorted_report(report: pd.DataFrame) -> pd.DataFrame:
    report = report.astype({c: object for c in REPORT_ORDER if c != "count"}).astype({"count": "int64"})
    report.attrs = {}
    return report.sort_values(REPORT_ORDER, kind="stable", ignore_index=True)


def _bad_inputs(tmp_path, raw_seeds):
    texts = raw_seeds.docs["text"].tolist()
    folder = tmp_path / "folder"
    folder.mkdir()
    for k, text in enumerate(texts):
        (folder / f"doc{k}.txt").write_text(text, encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.txt").write_bytes(b"")
    jsonl = tmp_path / "c.jsonl"
    lines = [json.dumps({"text": t, "source": "S"}) for t in texts]
    lines[1:1] = ["{not json", '{"text": "Raqqa fell.", "text": "x", "source": "S"}', json.dumps({"text": "",
                                                                                                  "source": "S"})]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "c.parquet"
    pd.DataFrame({"text": [*texts, None, "  "], "source": [" S "] * (len(texts) + 2)}).to_parquet(
        parquet, row_group_size=3)
    return {"folder": folder, "jsonl": jsonl, "parquet": parquet}


@pytest.mark.parametrize("kind", ["folder", "jsonl", "parquet"])
def test_to_dask_exposes_every_skipped_and_repaired_item(client, tmp_path, raw_seeds, kind):
    import dask

    path = _bad_inputs(tmp_path, raw_seeds)[kind]
    kwargs = {"default_source": "S"} if kind == "folder" else {}
    ddf = mcd.to_dask(path, chunk_docs=2, **kwargs)
    docs, report = dask.compute(ddf, ddf.load_report)
    whole = mc.load_corpus(path, **kwargs)
    assert len(docs) == len(whole) == len(raw_seeds)
    assert_frame_equal(_sorted_report(report), _sorted_report(whole.load_report), check_exact=True)
    skipped = report[report["action"] == "skipped"]
    assert len(skipped) == {"folder": 2, "jsonl": 3, "parquet": 2}[kind], skipped.to_string()
    if kind == "parquet":  # " S " stripped on the workers, and said so
        assert (report["step"] == "strip_whitespace").sum() == len(raw_seeds)


def test_to_dask_of_a_corpus_carries_its_report(client, tmp_path):
    corpus = mc.load_corpus(pd.DataFrame({"text": ["ISIS fled Mosul.", " "], "source": ["A", "B"]}))
    ddf = mcd.to_dask(corpus)
    assert_frame_equal(_sorted_report(ddf.load_report.compute()), _sorted_report(corpus.load_report))
