"""The matcher: candidates are the leftmost-longest whole-word surface forms, whichever library scans.

The definition of a candidate is held to a plain ``re`` alternation of every
surface form (longest first, with ``(?<!\\w)`` / ``(?!\\w)`` boundaries): slow
(about 0.4 MB/s), so it runs on the seeds and on short generated text only.
"""

from __future__ import annotations

import json
import pickle
import re
from functools import lru_cache

import pandas as pd
import pytest
from datapaths import shared_data
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.actors import SCANNERS, ActorDictionary, compile_matcher, default_actors, mentions_in_text


@lru_cache(maxsize=2)
def matcher(scanner: str | None = None):
    return default_actors().matcher() if scanner is None else compile_matcher(default_actors(), scanner=scanner)


@lru_cache(maxsize=1)
def plain_regex() -> re.Pattern[str]:
    forms = sorted(matcher().surfaces, key=lambda f: (-len(f), f))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")


def plain_candidates(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in plain_regex().finditer(text)]


def found(text: str, scanner: str | None = None) -> list[tuple[int, int, str]]:
    m = matcher(scanner)
    return [(s, e, m.forms[c]) for s, e, c in m.candidates(text)]


_PIECES = ["Iraq", "Iraqi", "Iraqis", "Syria", "U.S.", "U.S.-led coalition", "coalition", "IS", "ISIS", "al-Nusra",
           "Nusra Front", "Hashd al-Shaabi", "Deir Ezzor", "pro-Iranian", "Iranian-backed", "so-called Islamic State",
           "Islamic State of Iraq and the Levant", "(", ")", "’s", "'s", "-", "–", ",", ".", " ", "  ", "\n", "\u00a0",
           "_", "x", "9", "é", "ß", "”", "“", "😀", "\ud800", "²"]
_edge_text = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def test_candidates_are_the_plain_regex_definition_on_the_seeds():
    for text in mc.load_seeds().docs["text"]:
        assert found(text) == plain_candidates(text)


@settings(max_examples=200, deadline=None)
@given(_edge_text)
def test_candidates_are_the_plain_regex_definition_on_edge_text(text):
    assert found(text) == plain_candidates(text)


@pytest.mark.parametrize("scanner", sorted(SCANNERS))
def test_every_scanner_gives_the_same_candidates(scanner):
    texts = [*mc.load_seeds().docs["text"], "Iraq’s army 😀 Iraq", "é Iraq \ud800Syria", "ISIS\u00a0Iraq"]
    for text in texts:
        assert found(text, scanner) == found(text)


def test_every_scanner_gives_the_same_mentions_on_allsides():
    path = shared_data("allsides", "allsides_me_dev.jsonl")
    texts = [json.loads(line)["content_original"] for line in path.read_text(encoding="utf-8").splitlines()[:150]]
    for scanner in SCANNERS:
        for text in texts:
            assert mentions_in_text(text, matcher(scanner)) == mentions_in_text(text, matcher())


def test_offsets_are_characters_after_non_ascii_text():
    text = "“Iraq’s” army 😀 met é-Syria and \ud800Iran in Mosul²; Mosul."
    got = found(text)
    assert all(text[s:e] == form for s, e, form in got)
    assert [form for _, _, form in got] == ["Iraq", "Syria", "Iran", "Mosul"]  # 'Mosul²': ² is a digit, \w


def test_forms_must_stand_as_whole_words():
    text = "Mosuls and _Mosul and Mosul2 and Mosul."
    assert found(text) == [(text.rindex("Mosul"), len(text) - 1, "Mosul")]
    assert found("the U.S.-led coalition") == [(4, 22, "U.S.-led coalition")]
    assert found("the U.S.-led coalitions") == [(4, 12, "U.S.-led")]  # the longest form that is a whole word


def test_unknown_scanner_is_rejected():
    with pytest.raises(ValueError, match="scanner='re2'"):
        compile_matcher(default_actors(), scanner="re2")


def test_regex_metacharacters_are_matched_literally():
    d = ActorDictionary(pd.DataFrame({"id": ["a", "b"], "kind": ["state", "military"],
                                      "aliases": ["C++ (Group)|a.b*c", "Beta?"]}))
    text = "Both C++ (Group) and a.b*c met Beta? today; abbc did not."
    assert [(m[2], m[3]) for m in mentions_in_text(text, d.matcher())] == [
        ("a", "C++ (Group)"), ("a", "a.b*c"), ("b", "Beta?")]


def test_matcher_survives_pickling():
    again = pickle.loads(pickle.dumps(matcher()))
    assert type(again.scanner) is type(matcher().scanner)
    text = mc.load_seeds().docs["text"].iloc[0]
    assert mentions_in_text(text, again) == mentions_in_text(text, matcher())


def test_threads_share_one_matcher():
    from concurrent.futures import ThreadPoolExecutor

    texts = list(mc.load_seeds().docs["text"]) * 8
    alone = [mentions_in_text(t, matcher()) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda t: mentions_in_text(t, matcher()), texts)) == alone
