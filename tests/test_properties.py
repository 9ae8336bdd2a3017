"""Properties on arbitrary input: the loader, decoding, dates, repair through the loader, the matcher with the
full dictionary, and the analyses on arbitrary small corpora.

What already lives elsewhere: sentence offsets on arbitrary text and the fast splitter against Punkt
(tests/test_text.py), repair idempotence and conventions per step (tests/test_cleaning.py), mention
offsets on alias-heavy text and the matcher's shortcuts (tests/test_mentions.py). These add the inputs
those do not reach: raw bytes, table files, any Unicode (case mappings that change length, combining
marks, lone surrogates through JSON) and whole analyses. Example counts are kept small enough for CI;
``tests/fuzz/`` runs the same targets for minutes.
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.actors import default_actors, mentions_in_text
from mideast_corpus.dates import parse_date
from mideast_corpus.decoding import decode_bytes, looks_binary, looks_like_html
from mideast_corpus.errors import CorpusDecodeError, CorpusInputError

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Pieces that reach the matcher's and the rules' branches: aliases, possessives, hyphens, case traps.
_PIECES = ["ISIS", "IS", "Islamic State", "Daesh", "Iraq", "Syria's", "Syrian", "U.S.-led coalition", "Russia",
           "Iran", "Iranian-backed", "Hezbollah", "SDF", "YPG", "Kurdish", "Mosul", "Raqqa", "Damascus", "Assad",
           "regime forces", "the", "THE", "said", "attacked", "killed", "civilians", "terrorists", "al-", "’s",
           "'s", "(", ")", "-", "–", ".", ",", " ", " ", "\n", "\n\n", "\u00a0", "\u200b", "\u0301", "İ", "ß", "ﬁ",
           "ǅ", "Σ", "ς", "ﬃ", "\ufeff", "“", "”", "\"", "<b>", "&amp;", "\U0001f600", "١٢", "داعش"]
_unicode = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_news = st.lists(st.one_of(st.sampled_from(_PIECES), _unicode), max_size=30).map("".join)


def _skipped(corpus: mc.Corpus) -> int:
    return int((corpus.load_report["action"] == "skipped").sum())


def _assert_sentences_round_trip(corpus: mc.Corpus) -> None:
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    for row in corpus.sentences().itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text


# -- decoding and dates ----------------------------------------------------------------------------------

@settings(SETTINGS, max_examples=200)
@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "cp1252", "latin-1", "utf-16", "utf-16-le"]))
def test_decode_bytes_raises_only_named_errors(data, encoding):
    try:
        decoded = decode_bytes(data, name="x", encoding=encoding)
    except CorpusDecodeError as exc:
        assert "x: byte offset" in str(exc) and "errors='replace'" in str(exc)
    else:
        assert decoded.replaced == 0
    replaced = decode_bytes(data, name="x", encoding=encoding, errors="replace")
    assert isinstance(replaced.text, str) and replaced.replaced >= 0
    looks_binary(data)


@settings(SETTINGS, max_examples=150)
@given(st.one_of(_unicode, st.from_regex(r"\s*\d{1,5}([-/.]\d{1,3}){0,2}\s*", fullmatch=True),
                 st.from_regex(r"\d{1,2} [A-Z][a-z]{2,8},? \d{1,5}", fullmatch=True)))
def test_parse_date_never_raises_and_stays_storable(value):
    published, precision, problem = parse_date(value)
    if published is None:
        assert precision is None
    else:
        assert precision in ("day", "month", "year") and problem is None
        assert pd.Timestamp("1677-09-22") <= published <= pd.Timestamp("2262-04-11")
        pd.Series([published]).astype("datetime64[ns]")


@settings(SETTINGS, max_examples=100)
@given(_news)
def test_looks_like_html_never_raises(text):
    found = looks_like_html(text)
    assert found is None or (found[0] >= 1 and "HTML" in found[1])


# -- the loader on arbitrary files ------------------------------------------------------------------------

@settings(SETTINGS, max_examples=60)
@given(st.lists(st.binary(max_size=200), min_size=1, max_size=4), st.sampled_from(["strict", "replace"]))
def test_folder_of_arbitrary_bytes(files, errors):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, data in enumerate(files):
            (root / f"f{i}.txt").write_bytes(data)
        try:
            corpus = mc.load_corpus(root, default_source="S", errors=errors)
        except CorpusDecodeError as exc:
            assert errors == "strict" and "byte offset" in str(exc)
            return
        assert len(corpus) + _skipped(corpus) == len(files)
        _assert_sentences_round_trip(corpus)
        assert corpus.fingerprint.startswith("sha256:")


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | _unicode,
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_unicode, inner, max_size=3),
                            max_leaves=8)
_records = st.fixed_dictionaries({"text": st.one_of(_news, _json_values), "source": st.one_of(_unicode, _json_values)},
                                 optional={"title": _json_values, "published": st.one_of(_unicode, _json_values),
                                           "doc_id": _json_values})


@settings(SETTINGS, max_examples=60)
@given(st.lists(st.one_of(_records.map(json.dumps), _unicode, st.just('{"text": "\\ud800 IS", "source": "\\udfff"}')),
                min_size=1, max_size=5))
def test_jsonl_with_arbitrary_lines(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            corpus = mc.load_corpus(path, default_source="S")
        except (CorpusInputError, CorpusDecodeError) as exc:
            assert str(exc)
            return
        # JSON Lines end at \n, \r\n or \r (U+001E, U+2028... inside a line are not separators)
        items = sum(1 for line in re.split("\r\n|\r|\n", "\n".join(lines)) if line.strip())
        assert len(corpus) + _skipped(corpus) == items
        _assert_sentences_round_trip(corpus)
        corpus.fingerprint  # noqa: B018  (every string must be writable as UTF-8)


_cell = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r"), max_size=15)


@settings(SETTINGS, max_examples=60)
@given(st.lists(st.lists(_cell, min_size=1, max_size=4), min_size=1, max_size=5), st.sampled_from([",", "\t"]))
def test_csv_with_arbitrary_cells(rows, sep):
    header = ["text", "source", "published", "extra"][: max(len(r) for r in rows)]
    frame = pd.DataFrame([r + [""] * (len(header) - len(r)) for r in rows], columns=header)
    suffix = ".csv" if sep == "," else ".tsv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"t{suffix}"
        frame.to_csv(path, sep=sep, index=False)
        try:
            corpus = mc.load_corpus(path, default_source="S")
        except CorpusInputError as exc:
            assert str(exc)
            return
        assert len(corpus) + _skipped(corpus) == len(frame)
        _assert_sentences_round_trip(corpus)


@settings(SETTINGS, max_examples=60)
@given(st.binary(max_size=400))
def test_csv_of_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        try:
            corpus = mc.load_corpus(path, default_source="S", errors="replace")
        except CorpusInputError as exc:
            assert str(exc)
            return
        _assert_sentences_round_trip(corpus)


@settings(SETTINGS, max_examples=40)
@given(st.lists(st.tuples(_news, _unicode, _unicode), min_size=1, max_size=4))
def test_loader_repair_is_idempotent_and_offsets_round_trip(rows):
    frame = pd.DataFrame({"text": [r[0] for r in rows], "source": [r[1] or "S" for r in rows],
                          "title": [r[2] for r in rows]})
    corpus = mc.load_corpus(frame, default_source="S")
    assert len(corpus) + _skipped(corpus) == len(rows)
    _assert_sentences_round_trip(corpus)
    assume(len(corpus))
    # loading what was loaded changes no text: repair through the loader is idempotent
    docs = corpus.docs
    again = mc.load_corpus(docs[["doc_id", "source", "title", "text"]], default_source="S")
    assert again.docs["text"].tolist() == docs["text"].tolist()
    assert not (again.load_report["action"] == "repaired").any()


# -- the matcher with the full dictionary on any Unicode -------------------------------------------------

@settings(SETTINGS, max_examples=150)
@given(st.one_of(_news, st.text(max_size=80)))
def test_matcher_offsets_on_arbitrary_unicode(text):
    for start, end, _id, alias, _canonical, _place, _rule in mentions_in_text(text, default_actors().matcher()):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == alias


@settings(SETTINGS, max_examples=30)
@given(st.lists(_news, min_size=1, max_size=3))
def test_find_mentions_offsets_and_sentences(texts):
    corpus = mc.load_corpus(pd.DataFrame({"text": texts, "source": ["S"] * len(texts)}))
    assume(len(corpus))
    mentions = mc.find_mentions(corpus)
    docs = corpus.docs.set_index("doc_id")["text"]
    sentences = corpus.sentences().set_index(["doc_id", "sent_id"])
    for m in mentions.itertuples(index=False):
        assert docs[m.doc_id][m.start:m.end] == m.alias
        sent = sentences.loc[(m.doc_id, m.sent_id)]
        assert sent["start"] <= m.start and m.end <= sent["end"]


# -- the analyses on arbitrary small corpora -------------------------------------------------------------

_corpora = st.lists(st.tuples(_news, st.sampled_from(["A", "B", "C"])), min_size=1, max_size=4)


def _small_corpus(rows) -> mc.Corpus:
    return mc.load_corpus(pd.DataFrame({"text": [r[0] for r in rows], "source": [r[1] for r in rows]}))


@settings(SETTINGS, max_examples=15)
@given(_corpora)
def test_analyses_on_arbitrary_small_corpora(rows):
    corpus = _small_corpus(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        freq = mc.entity_frequency(corpus)
        assert (freq["count"] >= 0).all()
        stance = mc.score_stance(corpus)
        assert stance["score"].dropna().between(-1, 1).all()
        mc.stance_by_source(stance, n_boot=20)
        shares = mc.frames(corpus, n_boot=20)
        assert shares["share_of_sentences"].dropna().between(0, 1).all()
        groups = corpus.docs.loc[corpus.docs["n_words"] > 0, "source"].nunique()
        if groups < 2:
            with pytest.raises(ValueError, match="at least two groups"):
                mc.keyness(corpus)
        else:
            try:
                mc.keyness(corpus)
            except ValueError as exc:  # groups whose text has no countable terms
                assert "at least two groups" in str(exc)
