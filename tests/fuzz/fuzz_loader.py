"""Fuzz the loader: folders of arbitrary files, manifests, JSONL/JSON/CSV/TSV tables and DataFrames.

Run (not collected by pytest; see README.md)::

    python tests/fuzz/fuzz_loader.py --seconds 300 --out /tmp/fuzz-loader

Each input's first byte picks a scenario; the rest is cut into files/rows at 0x1e bytes. Expected
outcomes are a Corpus or a named :class:`~mideast_corpus.errors.MideastCorpusError`. On a Corpus the
script checks: every file of a plain folder is a document or a listed skip; sentence offsets round-trip;
every string can be written as UTF-8 (fingerprint, CSV); ``published`` is ``datetime64[ns]``; repairing the
loaded text again changes nothing. Anything else is a finding (saved, counted, fuzzing goes on).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import run

try:
    import atheris

    with atheris.instrument_imports(include=["mideast_corpus"]):
        import mideast_corpus as mc
        from mideast_corpus.cleaning import repair_text
except ImportError:
    import mideast_corpus as mc
    from mideast_corpus.cleaning import repair_text

import pandas as pd

WORK = Path(tempfile.mkdtemp(prefix="fuzz-loader-"))
ENCODINGS = [None, "cp1252", "utf-16", "utf-16-le", "latin-1", None, None, "utf-8"]
SUFFIXES = [".jsonl", ".csv", ".tsv", ".json"]


def _fresh() -> Path:
    for child in WORK.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    return WORK


def _check(corpus: mc.Corpus, n_files: int | None) -> None:
    report = corpus.load_report
    skipped = int((report["action"] == "skipped").sum())
    if n_files is not None:
        assert len(corpus) + skipped == n_files, (len(corpus), skipped, n_files)
    docs = corpus.docs
    assert str(docs["published"].dtype) == "datetime64[ns]", docs["published"].dtype
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    for row in corpus.sentences().itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text
    corpus.fingerprint  # noqa: B018
    docs.to_csv(io.StringIO()).__class__  # noqa: B018
    docs.astype(str).to_csv(index=False).encode("utf-8")
    report.astype(str).to_csv(index=False).encode("utf-8")
    for text, title in zip(docs["text"], docs["title"], strict=True):
        assert text.strip(), "empty document kept"
        again, events = repair_text(text, title=None if pd.isna(title) else title)
        assert again == text and not events, [e.step for e in events]


def target(data: bytes) -> None:
    if not data:
        return
    mode, flags, body = data[0] % 6, data[1] if len(data) > 1 else 0, data[2:]
    parts = body.split(b"\x1e")[:6]
    encoding = ENCODINGS[flags % len(ENCODINGS)]
    errors = "replace" if flags & 0x80 else "strict"
    root = _fresh()
    try:
        if mode == 0:  # a folder of files
            folder = root / "c"
            folder.mkdir()
            for i, part in enumerate(parts):
                (folder / f"f{i}.txt").write_bytes(part)
            corpus = mc.load_corpus(folder, default_source="S", encoding=encoding, errors=errors)
            _check(corpus, len(parts))
        elif mode == 1:  # a folder with a manifest (first part) naming files f0.txt ...
            folder = root / "c"
            folder.mkdir()
            (folder / "manifest.csv").write_bytes(parts[0])
            for i, part in enumerate(parts[1:]):
                (folder / f"f{i}.txt").write_bytes(part)
            corpus = mc.load_corpus(folder, default_source="S", encoding=encoding, errors=errors)
            _check(corpus, None)
        elif mode in (2, 3, 4, 5):  # one table file
            path = root / f"t{SUFFIXES[mode - 2]}"
            path.write_bytes(body)
            corpus = mc.load_corpus(path, default_source="S", encoding=encoding if flags & 0x40 else None,
                                    errors=errors, date_format="%d/%m/%Y" if flags & 0x20 else None)
            _check(corpus, None)
    except mc.MideastCorpusError as exc:
        assert str(exc).strip(), "named error without a message"
    if mode == 5 or (mode == 0 and flags & 0x10):  # a DataFrame of decoded strings
        text = body.decode("utf-8", errors="replace")
        rows = [row.split("\x1f") for row in text.split("\x1e")[:5]]
        frame = pd.DataFrame({
            "text": [r[0] for r in rows],
            "source": [r[1] if len(r) > 1 else "S" for r in rows],
            "title": [r[2] if len(r) > 2 else None for r in rows],
            "published": [r[3] if len(r) > 3 else None for r in rows],
            "extra": [r[4] if len(r) > 4 else "" for r in rows],
        })
        try:
            corpus = mc.load_corpus(frame, default_source="S")
        except mc.MideastCorpusError as exc:
            assert str(exc).strip()
            return
        _check(corpus, len(rows))


SEEDS = [
    b"\x00\x00" + b"Mosul fell.\n\nIraqi forces entered the city on Jan. 5." + b"\x1e" + b"\x89PNG\x00\x01",
    b"\x01\x00file,source,doc_id,published\nf0.txt,A,a,2017-02\nf1.txt,B,,31 Feb 2017\n\x1eISIS fled Raqqa.\x1e",
    b"\x02\x00" + b'{"text": "Russia struck Idlib.", "source": "RT", "published": "2016-11"}\n{bad\n',
    b"\x03\x00text,source,title\n\"<p>ISIS</p> fled\",S,Head\nsecond,T,\n",
    b"\x04\x00text\tsource\nAleppo fell.\tS\n",
    b"\x05\x00[{\"text\": \"Daesh \\ud800 fled\", \"source\": \"S\"}]",
    b"\x00\x01" + "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
    b"\x00\x02" + "Raqqa".encode("utf-16"),
]

if __name__ == "__main__":
    run(target, __doc__.splitlines()[0], SEEDS)
