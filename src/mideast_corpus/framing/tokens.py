"""Terms for keyness: lower-cased words and n-grams, counted per document.

Words are the tokens of :func:`mideast_corpus.text.word_spans` (the same tokens
that ``n_words`` counts), lower-cased, with curly apostrophes made straight and a
final possessive ``'s`` removed, so ``Iraq’s`` counts as ``iraq``. N-grams
(``ngram >= 2``) are runs of adjacent words inside one sentence: they never
span a sentence break.

Every n-gram position counts towards the size of a text (the denominator of the
rates), but only *terms* are reported: n-grams in which every word holds a
letter and, with ``stop_words=True``, no word is an English stop word
(scikit-learn's ``ENGLISH_STOP_WORDS``). So dropping stop words removes rows
from a keyness table without changing the numbers of the rows that remain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..text import sentence_spans, word_spans

__all__ = ["STOP_WORDS", "count_terms", "normal_stop_terms", "words"]

#: scikit-learn's 318 English stop words (NLTK's list needs a download).
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)


def _normal(token: str) -> str:
    word = token.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") and len(word) > 2 else word


def words(text: str) -> list[str]:
    """Return the lower-cased words of ``text``, possessive ``'s`` removed.

    Examples
    --------
    >>> words("Iraq’s U.S.-led strikes hit al-Tabqa.")
    ['iraq', 'u.s', 'led', 'strikes', 'hit', 'al-tabqa']
    """
    return [_normal(text[a:b]) for a, b in word_spans(text)]


def _is_term(gram: tuple[str, ...], stop_words: bool, stop_terms: frozenset[str] = frozenset()) -> bool:
    # Numbers and dates ("2017", "30") say little about framing and would crowd the top of the table.
    if not all(any(ch.isalpha() for ch in w) for w in gram):
        return False
    if stop_terms and (any(w in stop_terms for w in gram) or " ".join(gram) in stop_terms):
        return False
    return not (stop_words and any(w in STOP_WORDS for w in gram))


def normal_stop_terms(terms: Iterable[str] | None) -> frozenset[str]:
    """User stop terms as counted: lower-cased, single spaces, possessive ``'s`` removed.

    Examples
    --------
    >>> sorted(normal_stop_terms(["Reuters", " Thomson  Reuters ", "Fox's"]))
    ['fox', 'reuters', 'thomson reuters']
    """
    if terms is None:
        return frozenset()
    if isinstance(terms, str):
        raise TypeError(f"stop_terms={terms!r}: give a list of terms, e.g. stop_terms=[{terms!r}]")
    return frozenset(" ".join(words(t)) for t in terms if str(t).strip())


def count_terms(text: str, *, ngram: int = 1, stop_words: bool = True,
                stop_terms: frozenset[str] = frozenset()) -> tuple[Counter[str], int]:
    """Count the terms of one document.

    Parameters
    ----------
    text : str
        The document.
    ngram : int, default 1
        Words per term: 1 for words, 2 for word pairs, ...
    stop_words : bool, default True
        Drop terms that hold a stop word.
    stop_terms : frozenset of str
        More terms to drop (from :func:`normal_stop_terms`): a word drops every
        n-gram holding it, a word pair drops that pair.

    Returns
    -------
    counts : collections.Counter
        Term -> count (n-gram words joined by one space).
    n_positions : int
        All n-gram positions of the text, kept or not: the size used for rates.

    Examples
    --------
    >>> counts, n = count_terms("The air strikes hit Raqqa. Air strikes resumed.", ngram=2)
    >>> dict(counts), n
    ({'air strikes': 2, 'strikes hit': 1, 'hit raqqa': 1, 'strikes resumed': 1}, 6)
    """
    if ngram < 1:
        raise ValueError(f"ngram={ngram!r}: use 1 for words, 2 for word pairs")
    units: Iterable[str] = [text] if ngram == 1 else (text[a:b] for a, b in sentence_spans(text))
    grams: Counter[tuple[str, ...]] = Counter()
    n_positions = 0
    for unit in units:
        toks = words(unit)
        n_positions += max(len(toks) - ngram + 1, 0)
        # Shifted copies stop at the shortest: exactly the n-grams that fit.
        grams.update(zip(*(toks[i:] for i in range(ngram)), strict=False))
    # Filter distinct n-grams once rather than every occurrence.
    counts: Counter[str] = Counter()
    for gram, c in grams.items():
        if _is_term(gram, stop_words, stop_terms):
            counts[" ".join(gram)] = c
    return counts, n_positions
