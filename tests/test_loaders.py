"""Loading folders, manifests, tables and DataFrames, and every bad input the loader issue lists.

Fixtures are written into pytest's tmp_path by each test; the real inputs are the seed files.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.errors import (
    CorpusDecodeError,
    CorpusInputError,
    DuplicateDocumentError,
    ManifestError,
    PathEscapeError,
)

SEEDS = mc.seeds_path()


def _skips(corpus: mc.Corpus) -> pd.DataFrame:
    report = corpus.load_report
    return report[report["action"] == "skipped"]


# -- the seeds -----------------------------------------------------------------------------------

def test_seeds_have_manifest_metadata(seeds):
    docs = seeds.docs
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str)
    assert docs["doc_id"].tolist() == manifest["doc_id"].tolist()
    assert docs["source"].tolist() == manifest["source"].tolist()
    assert docs["title"].tolist() == manifest["title"].tolist()
    assert docs["outlet_kind"].tolist() == manifest["outlet_kind"].tolist()
    assert list(docs.columns[:7]) == mc.corpus.DOC_COLUMNS


def test_seed_dates_keep_their_precision(seeds):
    docs = seeds.docs.set_index("doc_id")
    assert docs.loc["war-is-boring-2017-04", "published"] == pd.Timestamp("2017-04-01")
    assert docs.loc["war-is-boring-2017-04", "date_precision"] == "month"
    assert docs.loc["new-arab-2017-02-04", "published"] == pd.Timestamp("2017-02-04")
    assert docs.loc["new-arab-2017-02-04", "date_precision"] == "day"


def test_every_seed_file_is_in_the_report(seeds):
    report = seeds.load_report
    loaded = report[report["action"] == "loaded"]
    assert sorted(loaded["item"]) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert _skips(seeds).empty


def test_raw_text_stays_available(seeds, raw_seeds):
    assert seeds.raw.to_dict() == raw_seeds.docs.set_index("doc_id")["text"].to_dict()


# -- folders and manifests -----------------------------------------------------------------------

def _copy_seeds(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(SEEDS, root)
    return root


def test_folder_with_explicit_manifest(tmp_path):
    root = _copy_seeds(tmp_path)
    corpus = mc.load_corpus(root, manifest=root / "manifest.csv")
    assert len(corpus) == 5


def test_folder_without_manifest_needs_a_source(tmp_path):
    root = _copy_seeds(tmp_path)
    with pytest.raises(CorpusInputError, match="default_source"):
        mc.load_corpus(root, manifest=False)
    corpus = mc.load_corpus(root, manifest=False, default_source="Unknown outlet")
    assert len(corpus) == 5
    assert _skips(corpus)["detail"].tolist() == ["manifest not used (manifest=False)"]
    assert set(corpus.docs["source"]) == {"Unknown outlet"}
    assert corpus.docs["title"].iloc[0] == "Iraq and Syria Team Up to Take on Islamic State"


def test_missing_path_names_it(tmp_path):
    with pytest.raises(CorpusInputError, match="nowhere"):
        mc.load_corpus(tmp_path / "nowhere")


def test_empty_folder_names_it(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusInputError, match="empty"):
        mc.load_corpus(tmp_path / "empty")


def test_binary_and_nul_files_are_skipped_with_reason(tmp_path):
    root = _copy_seeds(tmp_path)
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "nul.txt").write_bytes(b"Iraqi forces\x00 advanced")
    rows = pd.read_csv(root / "manifest.csv", dtype=str)
    extra = pd.DataFrame({"file": ["image.txt", "nul.txt"], "doc_id": ["img", "nul"], "source": ["X", "X"]})
    pd.concat([rows, extra]).to_csv(root / "manifest.csv", index=False)
    corpus = mc.load_corpus(root)
    skipped = _skips(corpus).set_index("item")["detail"]
    assert "NUL" in skipped["image.txt"] and "NUL" in skipped["nul.txt"]
    assert len(corpus) + len(skipped) == 7
    with pytest.raises(CorpusInputError, match=r"image\.txt"):
        mc.load_corpus(root, strict=True)


def test_undecodable_bytes_name_file_and_offset(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_bytes("Deir ez-Zor caf\u00e9 ".encode("cp1252") + b"end")
    with pytest.raises(CorpusDecodeError, match=r"a\.txt: byte offset 15"):
        mc.load_corpus(root, default_source="S")
    corpus = mc.load_corpus(root, default_source="S", errors="replace")
    assert "\ufffd" in corpus.docs["text"].iloc[0]
    report = corpus.load_report
    assert report[report["step"] == "replace_undecodable"]["count"].tolist() == [1]
    named = mc.load_corpus(root, default_source="S", encoding="cp1252")
    assert "café" in named.docs["text"].iloc[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-8"])
def test_boms_and_utf16_are_detected(tmp_path, encoding):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_bytes("Hashd al-Shaabi fighters entered Tal Afar.".encode(encoding))
    text = mc.load_corpus(root, default_source="S").docs["text"].iloc[0]
    assert text == "Hashd al-Shaabi fighters entered Tal Afar."


def test_empty_and_whitespace_documents_are_listed(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Mosul fell in June 2014.", encoding="utf-8")
    (root / "b.txt").write_text("", encoding="utf-8")
    (root / "c.txt").write_text(" \n\t\n ", encoding="utf-8")
    corpus = mc.load_corpus(root, default_source="S")
    assert corpus.docs["doc_id"].tolist() == ["a"]
    assert sorted(_skips(corpus)["item"]) == ["b.txt", "c.txt"]


def test_manifest_row_without_file_and_file_without_row(tmp_path):
    root = _copy_seeds(tmp_path)
    (root / "stray.txt").write_text("An unlisted article.", encoding="utf-8")
    manifest = pd.read_csv(root / "manifest.csv", dtype=str)
    manifest.loc[len(manifest)] = {"file": "gone.txt", "doc_id": "gone", "source": "X"}
    manifest.to_csv(root / "manifest.csv", index=False)
    corpus = mc.load_corpus(root)
    skipped = _skips(corpus)
    assert len(corpus) == 5
    assert any("gone.txt" in d for d in skipped["detail"])
    assert "stray.txt" in set(skipped["item"])


@pytest.mark.parametrize("bad", ["../outside.txt", "/etc/hostname", "sub/../../outside.txt"])
def test_manifest_paths_escaping_the_folder_are_refused(tmp_path, bad):
    root = tmp_path / "c"
    root.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    pd.DataFrame({"file": [bad], "source": ["S"]}).to_csv(root / "manifest.csv", index=False)
    with pytest.raises(PathEscapeError, match="outside the corpus folder"):
        mc.load_corpus(root)


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (root / "a.txt").write_text("Raqqa was retaken in October 2017.", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", root / "link.txt")
    corpus = mc.load_corpus(root, default_source="S")
    assert corpus.docs["doc_id"].tolist() == ["a"]
    assert "outside the corpus folder" in _skips(corpus).set_index("item").loc["link.txt", "detail"]


def test_manifest_without_file_column(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("text", encoding="utf-8")
    pd.DataFrame({"path": ["a.txt"]}).to_csv(root / "manifest.csv", index=False)
    with pytest.raises(ManifestError, match="'file' column"):
        mc.load_corpus(root)


def test_duplicate_doc_ids_name_both_rows(tmp_path):
    root = _copy_seeds(tmp_path)
    manifest = pd.read_csv(root / "manifest.csv", dtype=str)
    manifest.loc[1, "doc_id"] = manifest.loc[0, "doc_id"]
    manifest.to_csv(root / "manifest.csv", index=False)
    with pytest.raises(DuplicateDocumentError, match=r"000_8e2929044e6298f2\.txt.*001_0786e54be411a5dc\.txt"):
        mc.load_corpus(root)


def test_malformed_dates_become_nat_and_are_reported(tmp_path):
    df = pd.DataFrame({"text": ["a b", "c d", "e f"], "source": ["S"] * 3,
                       "date": ["2017-02-30", "last week", "2016"]})
    with pytest.warns(UserWarning, match="2 of 3 dates could not be parsed"):
        corpus = mc.load_corpus(df)
    docs = corpus.docs
    assert docs["published"].isna().tolist() == [True, True, False]
    assert docs["date_precision"].tolist()[2] == "year"
    problems = corpus.load_report.query("step == 'date_unparsed'")
    assert len(problems) == 2 and "impossible date" in problems["detail"].iloc[0]


def test_many_unparsed_dates_warn_at_load_and_name_the_format():
    dates = ["4/5/17", "12/1/16", "3/30/15", "2017-02-01"] * 10
    df = pd.DataFrame({"text": [f"Story {i} about Mosul." for i in range(40)], "source": "S", "date": dates})
    with pytest.warns(UserWarning, match=r"30 of 40 dates .*date_format='%m/%d/%y' \(command line: --date-format"):
        mc.load_corpus(df)
    # with the format, nothing to warn about
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = mc.load_corpus(df.assign(date=["4/5/17", "12/1/16", "3/30/15", "2/1/17"] * 10), date_format="%m/%d/%y")
    assert corpus.docs["published"].notna().all()
    # one odd date in a large corpus is a load_report row, not a warning
    few = pd.DataFrame({"text": [f"Story {i}." for i in range(40)], "source": "S",
                        "date": ["2017-02-01"] * 39 + ["soon"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(mc.load_corpus(few).load_report.query("step == 'date_unparsed'")) == 1


def test_missing_source_is_an_error_unless_defaulted():
    df = pd.DataFrame({"text": ["a", "b"], "source": ["S", ""]})
    with pytest.raises(CorpusInputError, match="row 1"):
        mc.load_corpus(df)
    corpus = mc.load_corpus(df, default_source="Unknown")
    assert corpus.docs["source"].tolist() == ["S", "Unknown"]


def test_named_column_must_exist():
    with pytest.raises(CorpusInputError, match="article_content"):
        mc.load_corpus(pd.DataFrame({"text": ["a"], "source": ["S"]}), text="article_content")


# -- table files -----------------------------------------------------------------------------------

def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "article_content": ["Russian warplanes struck Idlib.", "Iraqi forces entered Mosul."],
        "site": ["RT", "Al Jazeera"],
        "date": ["2017-03-01", "2016-11"],
        "country": ["Russia", "Qatar"],
    })


def test_csv_latin1_with_mapping(tmp_path):
    path = tmp_path / "fakes.csv"
    df = _table()
    df.loc[0, "article_content"] = "Russian warplanes struck Idlib, said the ministère."
    path.write_bytes(df.to_csv(index=False).encode("latin-1"))
    with pytest.raises(CorpusDecodeError, match=r"fakes\.csv"):
        mc.load_corpus(path, text="article_content", source="site")
    corpus = mc.load_corpus(path, text="article_content", source="site", date="date", encoding="latin-1")
    assert "ministère" in corpus.docs["text"].iloc[0]
    assert corpus.docs["country"].tolist() == ["Russia", "Qatar"]
    assert corpus.docs["doc_id"].tolist() == ["fakes-00002", "fakes-00003"]


def test_tsv_jsonl_parquet_and_dataframe_agree(tmp_path):
    df = _table()
    df.to_csv(tmp_path / "t.tsv", sep="\t", index=False)
    df.to_parquet(tmp_path / "t.parquet")
    with open(tmp_path / "t.jsonl", "w", encoding="utf-8") as fh:
        for record in df.to_dict("records"):
            fh.write(json.dumps(record) + "\n")
    loaded = [mc.load_corpus(p, text="article_content", source="site")
              for p in (tmp_path / "t.tsv", tmp_path / "t.jsonl", tmp_path / "t.parquet", df)]
    texts = [c.docs["text"].tolist() for c in loaded]
    assert all(t == texts[0] for t in texts)
    assert all(c.docs["date_precision"].tolist() == ["day", "month"] for c in loaded)


def test_bad_jsonl_line_is_listed(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "Aleppo", "source": "S"}\n{not json}\n', encoding="utf-8")
    corpus = mc.load_corpus(path)
    assert len(corpus) == 1
    assert _skips(corpus)["item"].tolist() == ["t.jsonl:line 2"]


def test_unknown_table_format(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(CorpusInputError, match="unknown table format"):
        mc.load_corpus(path)


# -- selections -------------------------------------------------------------------------------------

def test_subset_and_filter_return_corpora(seeds):
    sub = seeds.subset(source=["The New Arab"])
    assert isinstance(sub, mc.Corpus) and sub.docs["doc_id"].tolist() == ["new-arab-2017-02-04"]
    assert sub.raw.index.tolist() == ["new-arab-2017-02-04"]
    think_tanks = seeds.filter(lambda d: d["outlet_kind"] == "think tank")
    assert think_tanks.docs["source"].tolist() == ["Institute for the Study of War"]
    with pytest.raises(KeyError, match="no such column"):
        seeds.subset(outlet="x")


def test_docs_copy_cannot_change_the_corpus(seeds):
    docs = seeds.docs
    docs["extra"] = 1
    assert "extra" not in seeds.docs.columns


def test_jsonl_keeps_line_separator_characters_inside_strings(tmp_path):
    # json.dumps(ensure_ascii=False) writes U+2028/U+2029/U+0085 raw; they are not JSON Lines separators
    texts = ["Raqqa\u2028fell to the SDF.", "Mosul\u2029was retaken.", "Tikrit\x85and\x1cBaiji."]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": t, "source": "A"}, ensure_ascii=False) + "\r\n" for t in texts),
                    encoding="utf-8")
    corpus = mc.load_corpus(path, repair=False)
    assert corpus.docs["text"].tolist() == texts
    assert corpus.docs["doc_id"].tolist() == ["a-00001", "a-00002", "a-00003"]
    assert not corpus.load_report["action"].eq("skipped").any()


def test_jsonl_with_carriage_return_line_ends(tmp_path):
    path = tmp_path / "cr.jsonl"
    path.write_bytes(b'{"text": "Raqqa fell.", "source": "A"}\r{"text": "Mosul was retaken.", "source": "B"}\r')
    corpus = mc.load_corpus(path, repair=False)
    assert corpus.docs["text"].tolist() == ["Raqqa fell.", "Mosul was retaken."]
