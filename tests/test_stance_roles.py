"""Roles (stance/roles.py): the lower-cased token shortcut gives the tokens of the plain tokenizer."""

from __future__ import annotations

import pytest

import mideast_corpus as mc
from mideast_corpus.stance import roles
from mideast_corpus.stance.tokens import tokenize

TRICKY = [
    "", "   ", "“", "US-backed forces didn’t stop.", "DIDN'T", "DIDN't", "didn'T", "Don’t go, they won't.",
    "İSTANBUL İi", "ΟΔΟΣ'Α ΣΑ ΟΔΟΣ.", "a\u00a0b\u2009c\u200bd", "anti-ISIS -backed  \t\n x",
]


@pytest.mark.parametrize("text", TRICKY)
def test_lower_tokens_are_tokenize_lowered(text: str) -> None:
    low, starts, ends = roles._lower_tokens(text)
    assert list(zip(low, starts, ends, strict=True)) == [(t.lower(), s, e) for t, s, e in tokenize(text)]


def test_lower_tokens_on_seed_sentences(seeds: mc.Corpus) -> None:
    for text in seeds.sentences()["text"]:
        low, starts, ends = roles._lower_tokens(text)
        assert list(zip(low, starts, ends, strict=True)) == [(t.lower(), s, e) for t, s, e in tokenize(text)]
