"""Fuzz the matcher and what consumes it: offsets on any Unicode with the full dictionary, user
dictionaries with arbitrary aliases, and find_mentions/score_stance/entity_frequency on fuzzed corpora.

Run (not collected by pytest; see README.md)::

    python tests/fuzz/fuzz_matcher.py --seconds 300 --out /tmp/fuzz-matcher

The first byte picks a scenario. Expected outcomes: results that satisfy the checks below, or a named
:class:`~mideast_corpus.errors.ActorDictionaryError` for a bad user dictionary. Checks: every mention
spells its alias at its offsets (``text[start:end] == alias``), mentions come in text order, sentence
spans round-trip and lie inside the text, every mention lies inside its sentence, stance scores are in
[-1, 1]. Anything else is a finding (saved, counted, fuzzing goes on).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import run

try:
    import atheris

    with atheris.instrument_imports(include=["mideast_corpus"]):
        import mideast_corpus as mc
        from mideast_corpus.actors import ActorDictionary, default_actors, mentions_in_text
        from mideast_corpus.text import sentence_spans
except ImportError:
    import mideast_corpus as mc
    from mideast_corpus.actors import ActorDictionary, default_actors, mentions_in_text
    from mideast_corpus.text import sentence_spans

import pandas as pd

MATCHER = default_actors().matcher()
CODECS = ["utf-8", "utf-16-le", "latin-1", "utf-8"]


def _text(body: bytes, how: int) -> str:
    codec = CODECS[how % len(CODECS)]
    if codec == "utf-16-le":
        body = body[: len(body) // 2 * 2]
    # utf-16 with surrogatepass reaches lone surrogates, which mentions_in_text may be handed directly
    return body.decode(codec, errors="surrogatepass" if codec == "utf-16-le" else "replace")


def _check_mentions(text: str, found: list) -> None:
    last = -1
    for start, end, _id, alias, _canonical, _place, _rule in found:
        assert 0 <= start < end <= len(text), (start, end, len(text))
        assert text[start:end] == alias, (text[start:end], alias)
        assert start >= last, "mentions out of order"
        last = start


def target(data: bytes) -> None:
    if len(data) < 2:
        return
    mode, how, body = data[0] % 3, data[1], data[2:]
    text = _text(body, how)
    if mode == 0:  # the full dictionary on any text
        _check_mentions(text, mentions_in_text(text, MATCHER))
        _check_mentions(text, mentions_in_text(text, MATCHER, places=False, metonymy=False))
        for a, b in sentence_spans(text):
            assert 0 <= a < b <= len(text) and text[a:b] == text[a:b].strip()
    elif mode == 1:  # a user dictionary with fuzzed aliases, matched on text that contains them
        parts = text.split("\x1e")
        aliases = [p for p in parts[:4]]
        table = pd.DataFrame({"id": [f"a{i}" for i in range(len(aliases))], "kind": ["armed_group"] * len(aliases),
                              "aliases": aliases,
                              "parent": ["" if i == 0 or not how & 1 else "a0" for i in range(len(aliases))]},
                             dtype=object)  # object columns hold what arrow strings refuse (lone surrogates)
        try:
            dictionary = ActorDictionary(table)
        except mc.ActorDictionaryError as exc:
            assert str(exc).strip()
            return
        haystack = " ; ".join(aliases) + " " + "\x1e".join(parts[4:])
        _check_mentions(haystack, mentions_in_text(haystack, dictionary.matcher()))
    else:  # whole analyses on a small corpus of fuzzed documents
        docs = [t for t in text.replace("\ud800", "").split("\x1e")[:3]]
        docs = ["".join(ch for ch in d if not 0xD800 <= ord(ch) <= 0xDFFF) for d in docs]
        corpus = mc.load_corpus(pd.DataFrame({"text": docs, "source": [f"S{i % 2}" for i in range(len(docs))]}))
        if not len(corpus):
            return
        mentions = mc.find_mentions(corpus)
        texts = corpus.docs.set_index("doc_id")["text"]
        sentences = corpus.sentences().set_index(["doc_id", "sent_id"])
        for m in mentions.itertuples(index=False):
            assert texts[m.doc_id][m.start:m.end] == m.alias
            sent = sentences.loc[(m.doc_id, m.sent_id)]
            assert sent["start"] <= m.start and m.end <= sent["end"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stance = mc.score_stance(corpus, mentions=mentions)
            assert stance["score"].between(-1, 1).all()
            mc.entity_frequency(corpus, mentions=mentions)


SEEDS = [
    b"\x00\x00The U.S.-led coalition struck ISIS in Raqqa while Iran's IRGC advised Iraqi forces near Mosul.",
    b"\x00\x01" + "Damascus refuses; the SDF’s YPG and Hezbollah fighters İSİD ß ﬁ".encode("utf-16-le"),
    b"\x01\x00A.B.C\x1e(ISIS)\x1ea+b*\x1eC++\x1eA.B.C met (ISIS) and C++ fans.",
    b"\x02\x00ISIS attacked Mosul. The Syrian regime shelled Aleppo.\x1eRussia bombed Idlib, killing civilians.",
]

if __name__ == "__main__":
    run(target, __doc__.splitlines()[0], SEEDS)
