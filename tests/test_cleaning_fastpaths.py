"""The fast paths of the repair steps and of word counting give exactly what their definitions give.

Each fast path (a pre-check that skips a step, a bytes translation instead of a regular expression,
a scan for a literal before a pattern, piecewise processing of huge texts) is compared with the
plain definition on many random strings built from the characters that matter to it.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from mideast_corpus import cleaning as c
from mideast_corpus import text as mtext

_NON_ALNUM = re.compile(r"[\W_]+")
_TRICKY = ["é", "ß", "İ", "\u0345", "ﬁ", "١", "Ⓐ", "\u00a0", "\x1c", "٫", "É", "\ud800"]


def _strings(alphabet: list[str], n: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def test_keys_match_their_definitions() -> None:
    alphabet = list("aZ09_ .,-'\"\n\t") + list(c._KEY_SEPARATORS) + _TRICKY
    for t in _strings(alphabet, 20000, 12, 1):
        assert c._alnum_key(t) == _NON_ALNUM.sub("", t.casefold()), t
        assert c._word_key(t) == _NON_ALNUM.sub(" ", t.casefold()).strip(), t
        assert c._alnum_exact(t) == _NON_ALNUM.sub("", t), t
        spans = c._sentence_spans(t)
        assert c._span_keys(t, spans) == [c._word_key(t[a:b]) for a, b in spans], t


def test_key_separators_are_caseless_punctuation() -> None:
    for ch in c._KEY_SEPARATORS:
        assert not ch.isalnum() and not ch.isspace() and ch.casefold() == ch
        assert not ch.isupper() and not ch.islower()


def test_whitespace_fix_class_is_the_union_of_the_substituted_classes() -> None:
    for i in range(0x10000):
        if 0xD800 <= i <= 0xDFFF:
            continue
        ch = chr(i)
        union = any(p.match(ch) for p in (c._LINE_BREAKS, c._INVISIBLE, c._ODD_SPACES))
        assert bool(c._WHITESPACE_FIX_CHAR.match(ch)) == union, hex(i)


def _normalize_reference(text: str) -> tuple[str, int, str]:
    counts = {}
    text, counts["line ends"] = c._LINE_BREAKS.subn("\n", text)
    text, counts["invisible characters"] = c._INVISIBLE.subn("", text)
    text, counts["odd spaces"] = c._ODD_SPACES.subn(" ", text)
    nfc = unicodedata.normalize("NFC", text)
    counts["NFC changes"] = int(nfc != text)
    text = nfc
    text, counts["space runs"] = c._SPACE_RUN.subn(" ", text)
    text, counts["edge spaces"] = c._EDGE_SPACE.subn("", text)
    text, counts["blank-line runs"] = c._BLANK_RUN.subn("\n\n", text)
    stripped = text.strip()
    counts["document edges"] = int(stripped != text)
    total = sum(counts.values())
    detail = "fixed " + ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return stripped, total, detail if total else ""


@pytest.mark.parametrize("piece_size", [1 << 20, 1, 2, 5])
def test_normalize_whitespace_in_pieces_matches_the_definition(piece_size: int, monkeypatch) -> None:
    pieces = c._letter_pieces
    monkeypatch.setattr(c, "_letter_pieces", lambda text: pieces(text, piece_size))
    alphabet = ["a", "b", "Z", " ", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u200b", "\u0301", "e", "\u00ad",
                "\u2028", "\x0c", "é", "\u1100", "\u1161", ".", "\n\n\n"]
    for t in _strings(alphabet, 10000, 16, 7):
        assert c.normalize_whitespace(t) == _normalize_reference(t), repr(t)


def test_split_glued_prefixes_matches_the_pattern() -> None:
    def reference(text: str) -> tuple[str, int, str]:
        fixed: list[str] = []

        def hyphenate(match: re.Match[str]) -> str:
            fixed.append(match.group(1) + "-" + c._WORDS.match(text, match.end()).group(0))
            return match.group(1) + "-"

        new = c._GLUED.sub(hyphenate, text)
        return (text, 0, "") if not fixed else (new, len(fixed), c._summary("hyphenated", fixed, "word"))

    alphabet = [*c.GLUED_PREFIXES, "ISIS", "Maliki", "MoD", "x", "@", "#", "/", ".", "-", "’", "'", " ", "é", "A", "co"]
    for t in _strings(alphabet, 20000, 10, 2):
        assert c.split_glued_prefixes(t) == reference(t), t


def test_line_hyphen_substitution_matches_the_pattern() -> None:
    def tag(m: re.Match[str]) -> str:
        return f"<{m.group(1)}|{m.group(2)}|{m.start()}|{m.group(0).count(chr(10))}>"

    alphabet = ["ab", "A", "x", "-", "-\n", "-\n\n", "\n", " ", "é", "1", "B-", "al", "IRAQ\n", "-\n\n\n"]
    for t in _strings(alphabet, 20000, 12, 13):
        assert c._sub_line_hyphens(tag, t) == c._LINE_HYPHEN.sub(tag, t), repr(t)


def test_caps_prefix_test_is_exactly_the_pattern() -> None:
    alphabet = ["AB", "A", "U.S.", "é", "É", " ", "  ", "\t", "\u00a0", "x", "abc", "(ISIS)", "IRAQ", "-", "1", "aB",
                "\n", "b"]
    for t in _strings(alphabet, 30000, 11, 11):
        assert bool(c._CAPS_PREFIX.match(t)) == c._may_start_with_caps(t), repr(t)


def test_caps_line_counts() -> None:
    for t in _strings(list("aAbZ .,é’“É0\n"), 20000, 40, 3):
        lines = t.split("\n")
        expected = []
        for line in lines:
            upper, lower = sum(map(str.isupper, line)), sum(map(str.islower, line))
            expected.append(upper >= 4 and upper >= 4 * lower)
        assert [c._is_caps_line(line) for line in lines] == expected, t
        raw = c._simple_bytes(t)
        if raw is not None:
            assert list(map(c._is_caps_bytes, raw.split(b"\n"))) == expected, t


@pytest.mark.parametrize("chunk", [1 << 20, 7])
def test_count_words_matches_the_word_pattern(chunk: int, monkeypatch) -> None:
    monkeypatch.setattr(mtext, "_COUNT_CHUNK", chunk)
    alphabet = [*"aZ09_ .-'’\n", *mtext._COMMON_PUNCTUATION, "é", "١", "  ", "..", "U.S.", "\ud800"]
    for t in _strings(alphabet, 20000, 40, 5):
        assert mtext.count_words(t) == sum(1 for _ in mtext._WORD.finditer(t)), repr(t)


def test_duplicate_prechecks_change_nothing(monkeypatch) -> None:
    sentences = ["Mosul fell to the militants in June after a short fight.", "Raqqa was next, officials said.",
                 "He declined to comment.", "The SDF claim to have killed 620 militants in the battle",
                 "The SDF claim to have killed 620 militants in the battle for the city.", "U.S. forces left.",
                 "Faced with losing Mosul, the militants have sought to attack elsewhere...", "ISIS (item 4)"]
    rng = random.Random(19)
    docs = []
    for _ in range(3000):
        n_paragraphs = rng.randint(1, 5)
        paragraphs = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))) for _ in range(n_paragraphs)]
        docs.append("\n\n".join(paragraphs))
    fast = [c.remove_duplicates(t) for t in docs]
    assert 100 < sum(count > 0 for _, count, _ in fast) < len(docs) - 100  # both kinds of document occur
    monkeypatch.setattr(c, "_first_sentence_repeated", lambda text: True)
    monkeypatch.setattr(c, "_may_have_repeats", lambda paragraphs: True)
    assert fast == [c.remove_duplicates(t) for t in docs]


def test_position_after_alnum() -> None:
    def reference(text: str, n: int) -> int:
        seen = 0
        for i, ch in enumerate(text):
            if ch.isalnum() and ch != "_":
                seen += 1
                if seen == n:
                    return i + 1
        return len(text)

    for t in _strings(list("ab_ .1é-") + _TRICKY, 5000, 12, 23):
        for n in range(-1, 14):
            assert c._position_after_alnum(t, n) == reference(t, n), (t, n)


def test_boilerplate_shortcut_for_long_lines() -> None:
    def reference(line: str, in_head: bool) -> bool:
        line = " ".join(line.split())
        if not line or len(line) > c._MAX_BOILERPLATE_LINE:
            return False
        line = c._BULLET.sub("", line)
        return bool(c._BOILERPLATE_RE.fullmatch(line)) or (in_head and bool(c._HEAD_ONLY_RE.fullmatch(line)))

    parts = ["x", "word ", " ", "  ", "\t", "\u00a0", "\u2003", "4 min read", "Leave a Reply", "•"]
    rng = random.Random(29)
    for _ in range(3000):
        line = "".join(rng.choice(parts) for _ in range(rng.randint(0, 200)))
        for in_head in (False, True):
            assert c._is_boilerplate(line, in_head) == reference(line, in_head), repr(line)


def test_lazy_splits() -> None:
    for t in _strings(["a", "\n", "\n\n", " "], 5000, 12, 31):
        assert list(c._split_lazily(t, "\n\n")) == t.split("\n\n")
        paragraphs = t.split("\n\n")
        assert list(c._paragraph_lines(paragraphs)) == "\n\n".join(paragraphs).split("\n")
        assert c._tidy_lines(t.split("\n")) == c._tidy(t)
        assert bool(c._ODD_NEWLINE_RUN.search(t)) == ("\n" in t.replace("\n\n", ""))


def test_vocabularies_read_in_pieces(monkeypatch) -> None:
    alphabet = ["IR", "AQ", "Iraq", " ", "\n", "inter-", "-\n", "vention", "anti-", "ISIS", "co-op", "op", "al",
                "x", "\n\n", "-"]
    docs = _strings(alphabet, 3000, 14, 37)
    whole = [(c.join_split_capitals(t), c.join_hyphenated_line_breaks(t)) for t in docs]
    pieces = c._pieces
    monkeypatch.setattr(c, "_pieces", lambda text: pieces(text, 1))
    assert whole == [(c.join_split_capitals(t), c.join_hyphenated_line_breaks(t)) for t in docs]
