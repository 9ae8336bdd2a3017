"""Bad input, one row per case: every case ends in a named error whose message says what to do, or in a
documented repair, skip or warning recorded in ``corpus.load_report``; never a bare traceback, a hang or a
silent drop.

The table below is the whole suite. Each :class:`Case` builds its input in ``tmp_path`` and either

* ``raises`` a named error (a :class:`~mideast_corpus.errors.MideastCorpusError` for the loader,
  dictionaries and CLI; ``ValueError`` with a how-to message for impossible analysis parameters, the
  scikit-learn convention) whose message matches ``match`` (what was wrong *and* what to do), or
* returns a corpus whose load report holds a row ``report=(action, step, detail fragment)``, and/or
  passes ``check``.

Every loaded corpus is also held to the "nothing lost" rule: each input item is a document or a listed
skip. Related cases already covered elsewhere (not repeated here): binary/NUL files, undecodable bytes
with their offset, BOMs, empty documents, manifest rows without files, ``..``/absolute manifest paths,
symlinked files, missing ``file`` column, duplicate manifest ids, malformed dates, missing sources and
named columns in ``tests/test_loaders.py``; one-line CLI errors in ``tests/test_cli.py``; a file in the
way of ``--out`` and permission-denied output folders in ``tests/test_report.py``; output folders under
faults (a user's file in the way, stale files, a full disk, processes racing, formula cells) in
``tests/test_outputs.py``; a streaming run killed midway or failing late in ``tests/test_streaming_faults.py``;
the Dask load report in ``tests/test_dask.py``.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import mideast_corpus as mc
from mideast_corpus.cli import main
from mideast_corpus.errors import (
    ActorDictionaryError,
    CorpusDecodeError,
    CorpusInputError,
    DuplicateDocumentError,
    ManifestError,
    MideastCorpusError,
    OutputDirError,
    PathEscapeError,
)

ARTICLE = "Iraqi forces retook Ramadi from ISIS in December 2015.\n\nRussian jets struck Idlib the next day."


@dataclass(frozen=True)
class Case:
    """One bad input and what must come of it."""

    name: str
    run: Callable[..., Any]  # run(tmp_path, monkeypatch) -> result
    raises: type[BaseException] | None = None
    match: str = ""
    report: tuple[str, str, str] | None = None  # (action, step, fragment of detail)
    check: Callable[[Any], None] | None = None
    xfail: str | None = None


# -- builders ---------------------------------------------------------------------------------------

def folder(tmp: Path, files: dict[str, bytes | str], manifest: str | None = None) -> Path:
    root = tmp / "corpus"
    root.mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if manifest is not None:
        (root / "manifest.csv").write_text(manifest, encoding="utf-8")
    return root


def load_folder(files: dict[str, bytes | str], manifest: str | None = None, **kwargs: Any) -> Callable[..., Any]:
    def run(tmp: Path, _mp: Any) -> mc.Corpus:
        if manifest is None:
            kwargs.setdefault("default_source", "Wire")
        return mc.load_corpus(folder(tmp, files, manifest), **kwargs)
    return run


def load_file(name: str, content: bytes | str, **kwargs: Any) -> Callable[..., Any]:
    def run(tmp: Path, _mp: Any) -> mc.Corpus:
        path = tmp / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return mc.load_corpus(path, **kwargs)
    return run


def load_frame(frame: Callable[[], pd.DataFrame], **kwargs: Any) -> Callable[..., Any]:
    return lambda _tmp, _mp: mc.load_corpus(frame(), **kwargs)


def frame(**columns: list[Any]) -> Callable[[], pd.DataFrame]:
    return lambda: pd.DataFrame(columns)


def load_parquet(columns: Callable[[], dict[str, Any]], **kwargs: Any) -> Callable[..., Any]:
    def run(tmp: Path, _mp: Any) -> mc.Corpus:
        path = tmp / "t.parquet"
        pq.write_table(pa.table(columns()), path)
        return mc.load_corpus(path, **kwargs)
    return run


def with_inner_symlink(files: dict[str, str], link: str, target: str, manifest: str | None = None,
                       **kwargs: Any) -> Callable[..., Any]:
    """A corpus folder holding a symbolic link ``link`` to ``target``, both inside the folder."""
    def run(tmp: Path, _mp: Any) -> mc.Corpus:
        root = folder(tmp, files, manifest)
        os.symlink(root / target, root / link)
        if manifest is None:
            kwargs.setdefault("default_source", "Wire")
        return mc.load_corpus(root, **kwargs)
    return run


def dated(*dates: str, **kwargs: Any) -> Callable[..., Any]:
    return load_frame(frame(text=[ARTICLE] * len(dates), source=["Wire"] * len(dates), published=list(dates)),
                      **kwargs)


def actors(**columns: list[str]) -> Callable[..., Any]:
    # object columns: a user's table can hold strings that arrow-backed pandas strings refuse
    return lambda _tmp, _mp: mc.load_actors(pd.DataFrame(columns, dtype=object), places=None)


def actors_csv(content: bytes) -> Callable[..., Any]:
    def run(tmp: Path, _mp: Any) -> mc.ActorDictionary:
        path = tmp / "actors.csv"
        path.write_bytes(content)
        return mc.load_actors(path, places=None)
    return run


def with_symlink(files: dict[str, str], link: str, target: Callable[[Path], Path], manifest: str | None = None,
                 **kwargs: Any) -> Callable[..., Any]:
    def run(tmp: Path, _mp: Any) -> mc.Corpus:
        (tmp / "outside").mkdir()
        (tmp / "outside" / "secret.txt").write_text("Outside the corpus: never read.", encoding="utf-8")
        root = folder(tmp, files, manifest)
        os.symlink(target(tmp), root / link)
        if manifest is None:
            kwargs.setdefault("default_source", "Wire")
        return mc.load_corpus(root, **kwargs)
    return run


def fifo_in_folder(tmp: Path, _mp: Any) -> mc.Corpus:
    root = folder(tmp, {"a.txt": ARTICLE})
    os.mkfifo(root / "pipe.txt")
    # Reading a FIFO blocks forever: fail loudly instead of hanging the suite if that regresses.
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("loading a folder with a FIFO hung"))
    signal.alarm(20)
    try:
        return mc.load_corpus(root, default_source="Wire")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def unreadable_file(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> mc.Corpus:
    # Root reads every file whatever its mode, so simulate what chmod 000 does for everyone else.
    root = folder(tmp, {"a.txt": ARTICLE, "locked.txt": ARTICLE.replace("Ramadi", "Fallujah")})
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return mc.load_corpus(root, default_source="Wire")


def docs_equal(column: str, values: list[Any]) -> Callable[[mc.Corpus], None]:
    def check(corpus: mc.Corpus) -> None:
        assert corpus.docs[column].tolist() == values
    return check


def text_contains(fragment: str) -> Callable[[mc.Corpus], None]:
    def check(corpus: mc.Corpus) -> None:
        assert fragment in corpus.docs["text"].iloc[0], corpus.docs["text"].iloc[0][:200]
    return check


# -- analyses ---------------------------------------------------------------------------------------

def empty_corpus() -> mc.Corpus:
    """Every file was skipped: a corpus of zero documents (its load report says why)."""
    return mc.load_corpus(pd.DataFrame({"text": ["", "   "], "source": ["A", "B"]}))


def quiet_corpus() -> mc.Corpus:
    """Two sources, text with no actor from the dictionary in it."""
    return mc.load_corpus(pd.DataFrame({
        "text": ["The weather was mild and the harvest was good this year.",
                 "Cooking pasta needs boiling water, salt and patience."],
        "source": ["A", "B"]}))


def one_doc_per_source() -> mc.Corpus:
    return mc.load_corpus(pd.DataFrame({
        "text": ["ISIS attacked Mosul again and again.", "Russia bombed Aleppo and Idlib."], "source": ["A", "B"]}))


def tiny_vocabulary() -> mc.Corpus:
    """Twelve documents, four distinct words: more topics than words must be refused with advice."""
    texts = ["ISIS Mosul."] * 6 + ["Russia Aleppo."] * 6
    return mc.load_corpus(pd.DataFrame({"text": texts, "source": ["A", "B"] * 6}))


def analysis(corpus: Callable[[], mc.Corpus], func: Callable[[mc.Corpus], Any]) -> Callable[..., Any]:
    return lambda _tmp, _mp: func(corpus())


def empty_table(*columns: str) -> Callable[[pd.DataFrame], None]:
    def check(table: pd.DataFrame) -> None:
        assert isinstance(table, pd.DataFrame) and table.empty
        assert set(columns) <= set(table.columns), list(table.columns)
    return check


def cli(*args: str, setup: Callable[[Path, Any], list[str]] | None = None) -> Callable[..., Any]:
    def run(tmp: Path, monkeypatch: Any) -> tuple[int, str]:
        extra = setup(tmp, monkeypatch) if setup else []
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main([a.replace("{tmp}", str(tmp)) for a in args] + extra)
        return code, err.getvalue()
    return run


def one_line_error(fragment: str) -> Callable[[tuple[int, str]], None]:
    def check(result: tuple[int, str]) -> None:
        code, err = result
        assert code == 2, err
        assert err.startswith("mideast-corpus: error:") and err.count("\n") == 1, err
        assert "Traceback" not in err and fragment in err, err
    return check


def deny_mkdir(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # As root, chmod cannot make a folder unwritable; make mkdir fail the way it does for other users.
    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    return []


def empty_files_folder(tmp: Path, _mp: Any) -> list[str]:
    folder(tmp, {"a.txt": "", "b.txt": "\u200b"})
    return [str(tmp / "corpus"), "--default-source", "Wire"]


def single_source_folder(tmp: Path, _mp: Any) -> list[str]:
    folder(tmp, {"a.txt": ARTICLE, "b.txt": ARTICLE.replace("Ramadi", "Fallujah")})
    return [str(tmp / "corpus"), "--default-source", "Wire"]


# -- the table --------------------------------------------------------------------------------------

SECRET = lambda tmp: tmp / "outside"  # noqa: E731
HTML_PAGE = ("<!DOCTYPE html><html><head><title>Mosul</title><script>var x = 1;</script></head>"
             "<body><div class='nav'>Home</div><p>Iraqi forces entered Mosul.</p></body></html>")

CASES = [
    # bytes, encodings, line ends
    Case("binary_png_file", load_folder({"a.txt": ARTICLE, "img.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}),
         report=("skipped", "", "binary file, not text; convert it to text or move it out")),
    Case("control_bytes_without_nul", load_folder({"a.txt": ARTICLE, "b.txt": bytes(range(1, 9)) * 20}),
         report=("skipped", "", "control bytes in the first")),
    Case("nul_inside_a_csv_cell", load_file("t.csv", "text,source\nIraqi forces\x00 advanced on Mosul.,Wire\n"),
         report=("repaired", "remove_nul", "NUL characters removed")),
    Case("latin1_file_without_encoding", load_folder({"a.txt": "Le ministère a parlé.".encode("latin-1")}),
         raises=CorpusDecodeError, match=r"a\.txt: byte offset 9.*encoding='cp1252' or 'latin-1'"),
    Case("latin1_file_with_encoding", load_folder({"a.txt": "Le ministère a parlé.".encode("latin-1")},
                                                  encoding="latin-1"),
         report=("decoded", "encoding", "latin-1"), check=text_contains("ministère")),
    Case("cp1252_quotes_without_encoding", load_folder({"a.txt": "\u201cISIS\u201d fled.".encode("cp1252")}),
         raises=CorpusDecodeError, match=r"byte offset 0: bytes 93 .*errors='replace'"),
    Case("cp1252_quotes_replaced", load_folder({"a.txt": "\u201cISIS\u201d fled.".encode("cp1252")}, errors="replace"),
         report=("decoded", "replace_undecodable", "replaced by U+FFFD")),
    Case("utf16_le_without_bom", load_folder({"a.txt": ARTICLE, "b.txt": ARTICLE.encode("utf-16-le")}),
         report=("skipped", "", "UTF-16-LE text without a byte-order mark; pass encoding='utf-16-le'")),
    Case("utf16_le_without_bom_named", load_folder({"b.txt": ARTICLE.encode("utf-16-le")}, encoding="utf-16-le"),
         check=text_contains("Ramadi")),
    Case("utf16_bom_truncated", load_folder({"a.txt": "Raqqa fell.".encode("utf-16") + b"x"}),
         raises=CorpusDecodeError, match="byte-order mark but is damaged; repair or re-export it"),
    Case("utf32_bom", load_folder({"a.txt": "Raqqa — الرقة — fell.".encode("utf-32")}),
         report=("decoded", "encoding", "utf-32 with BOM"), check=text_contains("Raqqa — الرقة — fell.")),
    Case("utf8_bom_twice", load_folder({"a.txt": b"\xef\xbb\xbf\xef\xbb\xbf" + ARTICLE.encode()}),
         report=("repaired", "normalize_whitespace", "invisible characters"), check=text_contains("Iraqi forces")),
    Case("utf8_bom_before_csv_header", load_file("t.csv", b"\xef\xbb\xbftext,source\nISIS fled Raqqa.,Wire\n"),
         check=docs_equal("source", ["Wire"])),
    Case("mixed_line_endings",
         load_folder({"a.txt": "One line.\r\nTwo line.\rThree line.\n\r\nFour line.\u0085Five.\u2028Six."}),
         report=("repaired", "normalize_whitespace", "line ends"),
         check=lambda c: ("\r" not in c.docs["text"].iloc[0]) or pytest.fail("CR left in text")),
    Case("unknown_encoding", load_folder({"a.txt": ARTICLE}, encoding="klingon"),
         raises=CorpusDecodeError, match="unknown encoding 'klingon'; use a Python codec name"),
    Case("non_text_codec", load_file("t.csv", "text,source\na,S\n", encoding="rot13"),
         raises=CorpusDecodeError, match="'rot13' is not a text encoding; use a Python codec name"),
    Case("bad_errors_argument", load_folder({"a.txt": ARTICLE}, errors="ignore"),
         raises=CorpusInputError, match="errors='ignore': use 'strict' .* or 'replace'"),
    Case("not_a_path_or_frame", lambda _t, _m: mc.load_corpus(["ISIS fled.", "Mosul fell."]),
         raises=CorpusInputError, match=r"not list; for a list of texts use pd\.DataFrame"),
    # HTML instead of text: stripped as a logged repair (markup.strip_html); kept and flagged with repair=False
    Case("html_page_instead_of_text", load_folder({"page.html": HTML_PAGE}),
         report=("repaired", "strip_html", "dropped with their content: div.nav (1), head (1)"),
         check=lambda c: c.docs[["text", "title"]].to_dict("records") == [
             {"text": "Iraqi forces entered Mosul.", "title": "Mosul"}] or pytest.fail(str(c.docs))),
    Case("html_txt_file_with_script", load_folder({"page.txt": HTML_PAGE.replace("<head>", "\n<head>\n")}),
         report=("metadata", "title_from_html", "title 'Mosul'"),
         check=lambda c: ("var x" not in c.docs["text"].iloc[0] and "<" not in c.docs["text"].iloc[0]
                          and "<script>" in c.raw.iloc[0]) or pytest.fail(c.docs["text"].iloc[0])),
    Case("html_page_without_repair", load_folder({"page.html": HTML_PAGE}, repair=False),
         report=("warning", "looks_like_html", "load with repair=True to keep only its text")),
    Case("html_in_a_csv_cell", load_file("t.csv", "text,source\n\"<div><p>ISIS fled.</p><br></div>\",Wire\n"),
         report=("repaired", "strip_html", "web page turned into text: 5 tags removed"),
         check=docs_equal("text", ["ISIS fled."])),
    # letters of another script inside a Latin word: folded as a logged repair (confusables.py)
    Case("cyrillic_i_inside_isis", load_frame(frame(text=["Fighters of \u0406SIS left Raqqa."], source=["S"])),
         report=("repaired", "fold_confusables", "'ІSIS' -> 'ISIS'"),
         check=lambda c: "isis" in set(mc.find_mentions(c)["actor"]) or pytest.fail("ISIS not found")),
    Case("cyrillic_word_left_alone", load_frame(frame(text=["\u0422\u0410\u041a said ISIS fled."], source=["S"])),
         check=lambda c: (c.docs["text"].iloc[0].startswith("\u0422\u0410\u041a")
                          and c.load_report.query("step == 'fold_confusables'").empty) or pytest.fail(str(c.docs))),
    Case("find_confusables_reports_unfolded", load_frame(frame(text=["\u0406\u0405\u0406\u0405 fled \u0406SIS."],
                                                               source=["S"]), repair=False),
         check=lambda c: mc.find_confusables(c)[["word", "latin", "kind"]].values.tolist() == [
             ["\u0406\u0405\u0406\u0405", "ISIS", "lookalike"], ["\u0406SIS", "ISIS", "mixed"]]
         or pytest.fail(str(mc.find_confusables(c)))),
    # empty and whitespace documents
    Case("only_invisible_characters", load_folder({"a.txt": ARTICLE, "b.txt": "\u200b\ufeff\u200b\n\u00ad"}),
         report=("skipped", "", "nothing left after repair")),
    Case("every_document_empty", load_folder({"a.txt": "", "b.txt": " \n\t "}),
         check=lambda c: len(c) == 0 or pytest.fail("expected an empty corpus")),
    Case("jsonl_text_null_or_absent", load_file("t.jsonl", '{"text": null, "source": "S"}\n{"body": "x", "source": "S"}'
                                                          '\n{"text": "ISIS fled.", "source": "S"}\n'),
         report=("skipped", "", "no text (the text field is missing or null)")),
    # duplicate ids
    Case("duplicate_ids_from_file_stems", load_folder({"a.txt": ARTICLE, "a.md": ARTICLE}),
         raises=DuplicateDocumentError,
         match=r"doc_id 'a' is used twice: by a\.md and by a\.txt; doc_id must be unique"),
    Case("duplicate_ids_int_and_str", load_frame(frame(doc_id=[1, "1"], text=["a b", "c d"], source=["S", "S"])),
         raises=DuplicateDocumentError, match="doc_id '1' is used twice: by row 0 and by row 1"),
    Case("explicit_id_equals_generated_id", load_frame(frame(doc_id=["row-00001", None], text=["a", "b"],
                                                             source=["S", "S"])),
         raises=DuplicateDocumentError, match="'row-00001' is used twice"),
    # manifests: columns
    Case("manifest_without_source_column", load_folder({"a.txt": ARTICLE}, "file,doc_id\na.txt,d1\n"),
         raises=CorpusInputError, match="no source for 1 item.*default_source="),
    Case("manifest_extra_columns_kept",
         load_folder({"a.txt": ARTICLE}, "file,source,outlet_kind,notes\na.txt,W,wire,x\n"),
         check=docs_equal("outlet_kind", ["wire"])),
    Case("manifest_row_longer_than_header", load_folder({"a.txt": ARTICLE}, "file,source\na.txt,Wire,extra,more\n"),
         raises=ManifestError, match="line 2 has 4 fields but the header has 2; quote fields"),
    Case("manifest_repeated_column", load_folder({"a.txt": ARTICLE}, "file,source,source\na.txt,A,B\n"),
         raises=ManifestError, match=r"\['source'\] appear more than once in the header; rename them"),
    Case("manifest_text_column", load_folder({"a.txt": ARTICLE}, "file,source,text\na.txt,W,not the article\n"),
         raises=ManifestError, match=r"\['text'\] would overwrite the text read from the files.*rename or drop"),
    Case("manifest_empty_file", load_folder({"a.txt": ARTICLE}, ""),
         raises=ManifestError, match="not a readable CSV manifest"),
    Case("manifest_lists_a_folder", load_folder({"sub/a.txt": ARTICLE}, "file,source\nsub,W\nsub/a.txt,W\n"),
         report=("skipped", "", "'sub' which is a folder, not a file")),
    Case("manifest_lists_itself", load_folder({"a.txt": ARTICLE}, "file,source\nmanifest.csv,W\na.txt,W\n"),
         report=("skipped", "", "manifest lists itself")),
    Case("manifest_path_with_nul", load_folder({"a.txt": ARTICLE}, "file,source\na\x00.txt,W\na.txt,W\n"),
         report=("skipped", "", "contains a NUL character; correct the path")),
    # paths leaving the corpus folder (.. and absolute ones: tests/test_loaders.py)
    Case("manifest_is_symlink_out",
         with_symlink({"a.txt": ARTICLE}, "manifest.csv", lambda t: t / "outside" / "secret.txt"),
         raises=PathEscapeError, match="manifest is a symbolic link that leads outside the corpus folder"),
    Case("manifest_path_through_symlinked_folder", with_symlink({"a.txt": ARTICLE}, "ext", SECRET,
                                                                "file,source\na.txt,W\next/secret.txt,W\n"),
         raises=PathEscapeError, match="'ext/secret.txt' lies outside the corpus folder"),
    Case("symlinked_folder_not_followed", with_symlink({"a.txt": ARTICLE}, "ext", SECRET),
         report=("skipped", "", "symbolic link to a folder: not followed"),
         check=lambda c: "secret" not in " ".join(c.docs["text"]) or pytest.fail("read outside the folder")),
    Case("dangling_symlink", with_symlink({"a.txt": ARTICLE}, "gone.txt", lambda t: t / "nowhere.txt"),
         report=("skipped", "", "broken symbolic link")),
    Case("fifo_does_not_hang", fifo_in_folder, report=("skipped", "", "not a regular file")),
    Case("unreadable_file", unreadable_file, report=("skipped", "", "cannot be read (Permission denied)")),
    # tables
    Case("csv_row_longer_than_header", load_file("t.csv", "text,source\nISIS fled,Wire,extra\nMosul fell,Wire\n"),
         raises=CorpusInputError, match="line 2 has 3 fields but the header has 2"),
    Case("csv_repeated_column", load_file("t.csv", "text,source,text\na,S,b\n"),
         raises=CorpusInputError, match="appear more than once in the header"),
    Case("csv_unclosed_quote", load_file("t.csv", 'text,source\n"ISIS fled,S\nMosul,S\n'),
         raises=CorpusInputError, match="not a readable CSV table .*check quoting"),
    Case("jsonl_without_any_object", load_file("t.jsonl", "{bad\n[1, 2]\n"),
         raises=CorpusInputError, match="none of its 2 non-blank lines is a JSON object; expected one object"),
    Case("json_object_instead_of_list", load_file("t.json", '{"text": "a", "source": "S"}'),
         raises=CorpusInputError, match="found dict; for one object per line name the file .jsonl"),
    Case("json_nested_too_deep", load_file("t.json", "[" * 100_000 + "]" * 100_000),
         raises=CorpusInputError, match="nested too deeply"),
    Case("jsonl_text_is_an_object", load_file("t.jsonl", '{"text": {"a": 1}, "source": "S"}\n'
                                                         '{"text": "ISIS fled.", "source": "S"}\n'),
         report=("skipped", "", "text is a dict, not a string; name the column")),
    Case("jsonl_lone_surrogates", load_file("t.jsonl", '{"text": "ISIS \\ud800 fled.", "source": "S\\udc00"}\n'),
         report=("repaired", "replace_surrogates", "replaced by U+FFFD"),
         check=lambda c: c.fingerprint.startswith("sha256:") or pytest.fail("no fingerprint")),
    Case("frame_lone_surrogates",
         load_frame(lambda: pd.DataFrame({"text": pd.Series(["ISIS \ud800 fled Raqqa."], dtype=object),
                                          "source": pd.Series(["S\udc00"], dtype=object)})),
         report=("repaired", "replace_surrogates", "2 lone surrogate code points replaced by U+FFFD"),
         check=lambda c: c.docs.to_csv().encode("utf-8") and None),
    Case("parquet_garbage", load_file("t.parquet", b"PAR1 this is not parquet"),
         raises=CorpusInputError, match="not a readable Parquet file"),
    Case("text_is_bytes",
         load_frame(lambda: pd.DataFrame({"text": pd.Series([b"ISIS \xff", "Mosul fell."], dtype=object),
                                          "source": ["S", "S"]})),
         report=("skipped", "", "text is bytes, not a string; decode it first")),
    Case("remapped_text_leaves_text_column", load_frame(frame(body=["ISIS fled."], text=["other"], source=["S"]),
                                                        text="body"),
         raises=CorpusInputError, match=r"\['text'\] would overwrite a document field.*rename or drop them"),
    Case("stale_n_words_column", load_frame(frame(text=["ISIS fled Raqqa."], source=["S"], n_words=["999"])),
         report=("metadata", "n_words_recomputed", "the loaded text has 3 words"), check=docs_equal("n_words", [3])),
    Case("frame_repeated_column",
         load_frame(lambda: pd.DataFrame([["a", "S", "b"]], columns=["text", "source", "text"])),
         raises=CorpusInputError, match="appear more than once; rename them"),
    # dates (2017-02-30 and 'last week': tests/test_loaders.py)
    Case("date_31_february", dated("31 February 2017"), report=("metadata", "date_unparsed", "impossible date")),
    Case("date_month_13", dated("2017-13"), report=("metadata", "date_unparsed", "month must be in 1..12")),
    Case("date_before_1677", dated("1500-01-01"),
         report=("metadata", "date_unparsed", "outside the range pandas can store")),
    Case("date_year_9999", dated("9999-12-31"), report=("metadata", "date_unparsed", "correct it or leave it empty")),
    Case("date_against_its_format", dated("12/31/2017", date_format="%d/%m/%Y"),
         report=("metadata", "date_unparsed", "does not match date_format='%d/%m/%Y'")),
    # sources with one document
    Case("keyness_one_document_per_source", analysis(one_doc_per_source, lambda c: _warned(lambda: mc.keyness(c))),
         check=lambda w: any("single document" in m for m in w) or pytest.fail(str(w))),
    Case("keyness_one_source", analysis(lambda: mc.load_corpus(pd.DataFrame({"text": [ARTICLE], "source": ["A"]})),
                                        mc.keyness),
         raises=ValueError, match="by='source': .*at least two groups; group by another column or load more documents"),
    # user actor dictionaries
    Case("actors_duplicate_ids", actors(id=["isis", "isis"], kind=["g", "g"], aliases=["ISIS", "Daesh"]),
         raises=ActorDictionaryError, match=r"duplicate id\(s\) \{'isis': \[0, 1\]\}.*must be unique"),
    Case("actors_empty_aliases", actors(id=["isis"], kind=["g"], aliases=[" | "]),
         raises=ActorDictionaryError, match="no aliases; give at least one surface form"),
    Case("actors_alias_without_letters", actors(id=["isis"], kind=["g"], aliases=["ISIS|?*"]),
         raises=ActorDictionaryError, match=r"alias '\?\*' has no letter or digit"),
    Case("actors_circular_parents", actors(id=["a", "b", "c"], kind=["g"] * 3, parent=["b", "c", "a"],
                                           aliases=["Alpha", "Beta", "Gamma"]),
         raises=ActorDictionaryError, match="circular parent chain a -> b -> c -> a; break it"),
    Case("actors_own_parent", actors(id=["a"], kind=["g"], parent=["a"], aliases=["Alpha"]),
         raises=ActorDictionaryError, match="circular parent chain a -> a"),
    Case("actors_unknown_parent", actors(id=["a"], kind=["g"], parent=["zz"], aliases=["Alpha"]),
         raises=ActorDictionaryError, match="unknown parent.*add the parent row or leave parent empty"),
    Case("actors_alias_claimed_twice", actors(id=["a", "b"], kind=["g", "g"], aliases=["Alpha|IS", "IS"]),
         raises=ActorDictionaryError, match="alias 'IS' belongs to both.*use a longer alias"),
    Case("actors_regex_metacharacter_aliases",
         lambda _t, _m: mc.find_mentions(
             mc.load_corpus(pd.DataFrame({"text": ["A.B.C met a+b* and (ISIS) at [x] on C++ day."], "source": ["S"]})),
             mc.load_actors(pd.DataFrame({"id": ["abc", "plus", "paren", "brack", "cpp"], "kind": ["g"] * 5,
                                          "aliases": ["A.B.C", "a+b*", "(ISIS)", "[x]", "C++"]}), places=None)),
         check=lambda m: m["alias"].tolist() == ["A.B.C", "a+b*", "(ISIS)", "[x]", "C++"] or pytest.fail(str(m))),
    Case("actors_csv_latin1", actors_csv("id,kind,aliases\nisis,g,Daesh|État islamique\n".encode("latin-1")),
         raises=ActorDictionaryError, match="encoding|UTF-8"),
    Case("actors_csv_empty", actors_csv(b""), raises=ActorDictionaryError, match="empty"),
    Case("actors_csv_row_longer_than_header", actors_csv(b"id,kind,aliases\nisis,armed_group,ISIS,extra\n"),
         raises=ActorDictionaryError, match="field"),
    Case("actors_not_a_table", lambda _t, _m: mc.load_actors(5), raises=ActorDictionaryError, match="CSV path"),
    Case("actors_lone_surrogate_alias", actors(id=["a"], kind=["g"], aliases=["Alpha\ud800"]),
         raises=ActorDictionaryError, match="surrogate|UTF-8"),
    Case("actors_alias_with_nul", lambda _t, _m: mc.mentions_in_text(
             "Daesh\x00 fighters and a stray \x00 byte",
             mc.load_actors(pd.DataFrame({"id": ["isis"], "kind": ["g"], "aliases": ["Daesh\x00"]}),
                            places=None).matcher()),
         raises=ActorDictionaryError, match="control character|NUL"),
    # analyses on an empty corpus, a corpus without mentions, more topics than words
    Case("empty_corpus_entity_frequency", analysis(empty_corpus, mc.entity_frequency),
         check=empty_table("source", "actor", "count")),
    Case("empty_corpus_score_stance", analysis(empty_corpus, mc.score_stance), check=empty_table("doc_id", "actor")),
    Case("empty_corpus_frames", analysis(empty_corpus, lambda c: mc.frames(c, n_boot=20)),
         check=empty_table("source", "frame")),
    Case("empty_corpus_keyness", analysis(empty_corpus, mc.keyness),
         raises=ValueError, match="at least two groups.*load more documents"),
    Case("empty_corpus_topics", analysis(empty_corpus, lambda c: mc.fit_topics(c, n_topics=2)),
         raises=ValueError, match="no terms left.*check corpus.docs"),
    Case("empty_corpus_naming", analysis(empty_corpus, lambda c: mc.naming(c, actor="isis")),
         check=empty_table("source", "alias")),
    Case("no_mentions_entity_frequency", analysis(quiet_corpus, mc.entity_frequency), check=empty_table("actor")),
    Case("no_mentions_stance_by_source", analysis(quiet_corpus, lambda c: mc.stance_by_source(mc.score_stance(c),
                                                                                              n_boot=20)),
         check=empty_table("source", "actor")),
    Case("no_mentions_naming", analysis(quiet_corpus, lambda c: mc.naming(c, actor="isis")),
         check=empty_table("source", "alias")),
    Case("no_mentions_report", lambda t, _m: mc.build_report(quiet_corpus(), t / "r", n_boot=20, n_topics=1,
                                                             progress=False),
         check=lambda page: page.is_file() or pytest.fail("no page")),
    Case("empty_corpus_report", lambda t, _m: mc.build_report(empty_corpus(), t / "r", n_boot=20, progress=False),
         raises=MideastCorpusError, match="no documents"),
    Case("n_topics_more_than_units", analysis(one_doc_per_source, lambda c: mc.fit_topics(c, n_topics=50)),
         raises=ValueError, match="n_topics=50 but only 2 paragraph units: use fewer topics"),
    Case("n_topics_more_than_vocabulary", analysis(tiny_vocabulary, lambda c: mc.fit_topics(c, n_topics=5,
                                                                                            unit="document")),
         raises=ValueError, match="vocabulary|fewer topics"),
    # JSON that would lose data: a repeated key keeps only its last value in json.loads
    Case("jsonl_repeated_key", load_file("t.jsonl", '{"text": "ISIS fled Raqqa.", "text": "x", "source": "S"}\n'
                                                    '{"text": "Mosul fell.", "source": "S"}\n'),
         report=("skipped", "", "JSON object repeats the key 'text'"), check=docs_equal("text", ["Mosul fell."])),
    Case("jsonl_repeated_nested_key", load_file("t.jsonl", '{"text": "Mosul fell.", "source": "S", '
                                                           '"meta": {"a": 1, "a": 2}}\n'
                                                           '{"text": "Raqqa.", "source": "S"}\n'),
         report=("skipped", "", "repeats the key 'a'")),
    Case("json_list_repeated_key", load_file("t.json", '[{"text": "ISIS fled.", "source": "S", "source": "T"}]'),
         raises=CorpusInputError, match="repeats the key 'source'.*keep one value per key"),
    # ids and values: one policy for every format (values.py); ids are text, never made through a float
    Case("jsonl_int_ids_one_missing", load_file("t.jsonl", '{"doc_id": 101, "text": "a b", "source": "S"}\n'
                                                           '{"doc_id": null, "text": "c d", "source": "S"}\n'
                                                           '{"doc_id": 103, "text": "e f", "source": "S"}\n'),
         report=("metadata", "default_doc_id", "doc_id 't-00002' made from the row number"),
         check=docs_equal("doc_id", ["101", "t-00002", "103"])),
    Case("parquet_int_ids_one_missing", load_parquet(lambda: {"doc_id": pa.array([101, None, 103], pa.int64()),
                                                              "text": ["a b", "c d", "e f"], "source": ["S"] * 3}),
         report=("metadata", "default_doc_id", "'t-00001' made from the row number"),
         check=docs_equal("doc_id", ["101", "t-00001", "103"])),
    Case("frame_float_ids_one_missing", load_frame(frame(doc_id=[101.0, float("nan")], text=["a b", "c d"],
                                                         source=["S", "S"])),
         check=docs_equal("doc_id", ["101", "row-00001"])),
    Case("jsonl_ids_above_2_53_stay_distinct",
         load_file("t.jsonl", "".join(json.dumps({"doc_id": 2**53 + k, "text": "a b", "source": "S"}) + "\n"
                                      for k in (1, 2)) + '{"text": "c d", "source": "S"}\n'),
         check=docs_equal("doc_id", [str(2**53 + 1), str(2**53 + 2), "t-00003"])),
    Case("parquet_ids_above_2_53_stay_distinct",
         load_parquet(lambda: {"doc_id": pa.array([2**53 + 1, 2**53 + 2, None], pa.int64()),
                               "text": ["a b", "c d", "e f"], "source": ["S"] * 3}),
         check=docs_equal("doc_id", [str(2**53 + 1), str(2**53 + 2), "t-00002"])),
    Case("frame_float_ids_above_2_53", load_frame(frame(doc_id=[float(2**53 + 2), float("nan")], text=["a", "b"],
                                                        source=["S", "S"])),
         raises=CorpusInputError, match=r"row 0: the id or label 9007199254740994\.0 is a float of 2\*\*53"),
    Case("missing_id_reported", load_frame(frame(doc_id=["a1", None], text=["a b", "c d"], source=["S", "S"])),
         report=("metadata", "default_doc_id", "no 'doc_id' given: doc_id 'row-00001' made from the row number")),
    Case("manifest_missing_id_reported", load_folder({"a.txt": ARTICLE, "b.txt": ARTICLE.replace("Ramadi", "Hit")},
                                                     "file,doc_id,source\na.txt,d1,W\nb.txt,,W\n"),
         report=("metadata", "default_doc_id", "doc_id 'b' made from the file path")),
    Case("source_with_spaces_recorded", load_frame(frame(text=["a b", "c d"], source=[" Wire ", "Wire"])),
         report=("metadata", "strip_whitespace", "source 'Wire': removed ' ' before and ' ' after"),
         check=docs_equal("source", ["Wire"] * 2)),
    Case("whitespace_only_variable_reported",
         load_frame(frame(text=["a b", "c d"], source=["S", "S"], desk=["  ", "x"])),
         report=("metadata", "strip_whitespace", "desk '  ' (whitespace only) -> missing"),
         check=lambda c: c.docs["desk"].isna().tolist() == [True, False] or pytest.fail(str(c.docs["desk"]))),
    Case("parquet_integer_text_column", load_parquet(lambda: {"text": [12345, 678], "source": ["S", "S"]}),
         report=("skipped", "", "text is not a string but int 12345"),
         check=lambda c: len(c) == 0 or pytest.fail(str(c.docs))),
    Case("jsonl_number_as_text", load_file("t.jsonl", '{"text": 12345, "source": "S"}\n'
                                                      '{"text": "Mosul.", "source": "S"}\n'),
         report=("skipped", "", "name the column that holds the article text")),
    Case("integer_variable_with_missing_stays_integer",
         load_file("t.jsonl", '{"text": "a b", "source": "S", "n": 7}\n{"text": "c d", "source": "S"}\n'),
         check=lambda c: (str(c.docs["n"].dtype) == "Int64" and c.docs["n"].tolist()[0] == 7) or pytest.fail(
             str(c.docs.dtypes))),
    # dates: one rule (dates.py): whole month words; the day as written, time zones dropped not converted
    Case("date_words_that_start_like_months", dated("Junk 2017", "Marchpane 2016", "Decimal 2015"),
         report=("metadata", "date_unparsed", "unrecognised date 'Junk 2017'"),
         check=lambda c: c.docs["published"].isna().all() or pytest.fail(str(c.docs["published"]))),
    Case("date_timezone_aware_and_iso_agree",
         load_frame(lambda: pd.DataFrame({"text": [ARTICLE] * 3, "source": ["S"] * 3, "published": pd.Series(
             [pd.Timestamp("2017-02-04 23:30", tz="America/New_York"), "2017-02-04T23:30:00-05:00",
              "Sat, 04 Feb 2017 23:30 EST"], dtype=object)})),
         check=lambda c: c.docs["published"].dt.strftime("%Y-%m-%d").tolist() == ["2017-02-04"] * 3
         or pytest.fail(str(c.docs["published"]))),
    # manifests: manifest=True, one file named several ways
    Case("manifest_true_uses_the_folders_manifest",
         lambda t, _m: mc.load_corpus(folder(t, {"a.txt": ARTICLE}, "file,source\na.txt,Listed\n"), manifest=True),
         check=lambda c: (c.docs["source"].tolist() == ["Listed"]
                          and c.load_report.query("action == 'skipped'").empty) or pytest.fail(str(c.load_report))),
    Case("manifest_true_without_a_manifest", lambda t, _m: mc.load_corpus(folder(t, {"a.txt": ARTICLE}), manifest=True,
                                                                          default_source="W"),
         raises=ManifestError, match="manifest=True but the folder has no manifest.csv"),
    Case("manifest_same_file_dot_slash", load_folder({"a.txt": ARTICLE}, "file,source\na.txt,W\n./a.txt,W\n"),
         raises=ManifestError, match=r"lines 2 and 3 name the same file \('a\.txt' and '\./a\.txt'"),
    Case("manifest_same_file_dot_dot", load_folder({"a.txt": ARTICLE, "sub/b.txt": ARTICLE},
                                                   "file,source\na.txt,W\nsub/../a.txt,W\nsub/b.txt,W\n"),
         raises=ManifestError, match="'sub/../a.txt' are both 'a.txt'"),
    Case("manifest_same_file_through_symlinked_folder",
         with_inner_symlink({"sub/a.txt": ARTICLE}, "link", "sub", "file,source\nsub/a.txt,W\nlink/a.txt,W\n"),
         raises=ManifestError, match="'link/a.txt' are both 'sub/a.txt'"),
    Case("manifest_lists_real_file_symlink_unlisted",
         with_inner_symlink({"a.txt": ARTICLE}, "b.txt", "a.txt", "file,source\na.txt,W\n"),
         report=("skipped", "", "same file as 'a.txt', which manifest.csv lists"), check=docs_equal("doc_id", ["a"])),
    Case("folder_symlink_to_a_file_inside", with_inner_symlink({"b.txt": ARTICLE}, "a.txt", "b.txt"),
         report=("skipped", "", "same file as 'b.txt' (a symbolic link): loaded once"),
         check=docs_equal("doc_id", ["b"])),
    # CLI: output folders (a file in the way and chmod'ed folders: tests/test_report.py)
    Case("cli_out_empty", cli("entities", "--seeds", "--out", "", "--quiet"), check=one_line_error("--out is empty")),
    Case("cli_out_permission_denied", cli("entities", "--seeds", "--out", "{tmp}/r", "--quiet", setup=deny_mkdir),
         check=one_line_error("Permission denied; choose another --out folder")),
    Case("cli_out_under_proc", cli("entities", "--seeds", "--out", "/proc/mideast-corpus-test", "--quiet"),
         check=one_line_error("cannot write to /proc/mideast-corpus-test")),
    Case("cli_by_not_a_column", cli("entities", "--seeds", "--out", "{tmp}/r", "--quiet", "--by", "outlet"),
         check=one_line_error("--by 'outlet' is not a document column")),
    Case("cli_keyness_one_source", cli("keyness", "--out", "{tmp}/r", "--quiet", setup=single_source_folder),
         check=one_line_error("at least two groups")),
    Case("cli_report_every_file_skipped", cli("report", "--out", "{tmp}/r", "--quiet", setup=empty_files_folder),
         check=one_line_error("no documents to analyse: all 2 input item(s) were skipped")),
    Case("build_report_out_with_nul", lambda _t, _m: mc.build_report(mc.load_seeds(), "rep\x00ort", progress=False),
         raises=OutputDirError, match="NUL|choose another"),
]


def _warned(func: Callable[[], Any]) -> list[str]:
    with pytest.warns(UserWarning) as record:
        func()
    return [str(w.message) for w in record]


def _params() -> list[Any]:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
            for c in CASES]


def _items(corpus: mc.Corpus) -> tuple[int, int]:
    report = corpus.load_report
    return len(corpus), int((report["action"] == "skipped").sum())


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.raises is not None:
        with pytest.raises(case.raises, match=case.match) as info:
            case.run(tmp_path, monkeypatch)
        if not issubclass(case.raises, MideastCorpusError):
            assert type(info.value).__module__.startswith("builtins"), type(info.value)
        return
    result = case.run(tmp_path, monkeypatch)
    if case.report is not None:
        action, step, fragment = case.report
        report = result.load_report
        hits = report[(report["action"] == action) & (report["step"] == step)
                      & report["detail"].str.contains(fragment, regex=False)]
        assert len(hits), report[["item", "action", "step", "detail"]].to_string()
        # every skip and warning names its item and says why
        noted = report[report["action"].isin(["skipped", "warning"])]
        assert noted["item"].astype(bool).all() and noted["detail"].str.len().gt(10).all()
    if isinstance(result, mc.Corpus):
        docs, _skipped = _items(result)
        loaded = int((result.load_report["action"] == "loaded").sum())
        assert loaded == docs  # one "loaded" row per document, nothing else counted as loaded
    if case.check is not None:
        case.check(result)


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 40


# -- nothing lost: a folder mixing every kind of good and bad file --------------------------------------

def test_mixed_folder_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    files: dict[str, bytes] = {
        "good/a.txt": ARTICLE.encode(),
        "good/b.txt": ("Headline\n\n" + ARTICLE.replace("Ramadi", "Fallujah")).encode(),
        "good/c_utf16.txt": ARTICLE.replace("Ramadi", "Hit").encode("utf-16"),
        "good/d_bom.txt": codec_bom(ARTICLE.replace("Ramadi", "Tikrit")),
        "good/e.html": HTML_PAGE.encode(),
        "bad/empty.txt": b"",
        "bad/blank.txt": b" \n\n\t ",
        "bad/image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "bad/controls.bin": bytes(range(1, 9)) * 40,
        "bad/utf16_no_bom.txt": ARTICLE.encode("utf-16-le"),
        "bad/invisible.txt": "\u200b\u200b".encode(),
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    (root / ".hidden").write_text("hidden files are not input items", encoding="utf-8")
    os.symlink(root / "nowhere.txt", root / "bad" / "dangling.txt")
    os.mkfifo(root / "bad" / "pipe.txt")
    n_files = len(files) + 2  # + the dangling link and the pipe; the hidden file is not an input item
    corpus = mc.load_corpus(root, default_source="Wire")
    report = corpus.load_report
    skipped = report[report["action"] == "skipped"]
    assert len(corpus) + len(skipped) == n_files, report[["item", "action", "detail"]].to_string()
    assert sorted(corpus.docs["doc_id"]) == ["good/a", "good/b", "good/c_utf16", "good/d_bom", "good/e"]
    assert set(skipped["item"]) == {name for name in files if name.startswith("bad/")} | {"bad/dangling.txt",
                                                                                          "bad/pipe.txt"}
    assert skipped["detail"].str.len().gt(20).all()
    assert set(report.loc[report["step"] == "strip_html", "item"]) == {"good/e.html"}
    with pytest.raises(CorpusInputError, match=r"strict=True"):
        mc.load_corpus(root, default_source="Wire", strict=True)


def codec_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def test_mixed_table_loses_nothing(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "source": "A"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"text": "", "source": "A"}),
        json.dumps({"text": None, "source": "B"}),
        json.dumps({"text": {"nested": True}, "source": "B"}),
        json.dumps({"text": ARTICLE.replace("Ramadi", "Hit"), "source": "B"}),
        "",
        "[" * 50_000,
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = mc.load_corpus(path)
    report = corpus.load_report
    n_items = sum(1 for line in lines if line.strip())
    assert len(corpus) + int((report["action"] == "skipped").sum()) == n_items
    assert len(corpus) == 2


# -- one very large document ------------------------------------------------------------------------------
# 200 MB with repair takes minutes (repair runs at about 1-2 MB/s): that case is a benchmark,
# tests/fuzz/bench_large_document.py. The suite loads 20 MB as decoded (every check but repair) and 2 MB
# with repair.

def _write_large(path: Path, megabytes: float) -> int:
    """Unique paragraphs of seed text (numbered, so duplicate removal keeps them), written in chunks."""
    paragraphs = [p for t in mc.load_seeds(repair=False).docs["text"] for p in t.split("\n\n") if p.strip()]
    target, written, i = int(megabytes * 2**20), 0, 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            chunk = "".join(f"Dispatch {i + k}. {paragraphs[(i + k) % len(paragraphs)]}\n\n" for k in range(200))
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            i += 200
    return written


@pytest.mark.parametrize(("megabytes", "repair", "limit"), [(20, False, 20.0), (2, True, 20.0)])
def test_one_very_large_document(tmp_path: Path, megabytes: int, repair: bool, limit: float) -> None:
    import time

    root = tmp_path / "big"
    root.mkdir()
    size = _write_large(root / "big.txt", megabytes)
    start = time.perf_counter()
    corpus = mc.load_corpus(root, default_source="Wire", repair=repair)
    elapsed = time.perf_counter() - start
    assert len(corpus) == 1 and corpus.load_report.query("action == 'skipped'").empty
    text = corpus.docs["text"].iloc[0]
    assert len(text) > 0.9 * size if not repair else len(text) > 0.5 * size
    assert corpus.docs["n_words"].iloc[0] > size / 10
    assert corpus.fingerprint.startswith("sha256:")
    if repair:
        assert set(corpus.load_report["step"]) >= {"normalize_whitespace"}
    assert elapsed < limit, f"{megabytes} MB loaded in {elapsed:.1f} s"
