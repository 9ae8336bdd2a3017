"""Turn text into topic-model terms: stop words, phrases and actor aliases.

The term list of a topic model is where most of its quality is decided, so each
step here is a small function that can be tested and replaced:

1. :func:`replace_mentions` puts one term per actor mention (``ISIS``, ``ISIL``,
   ``IS`` and ``Islamic State`` all become the actor id) using a mentions table
   from the actor layer.
2. :class:`Vocabulary` reads case-sensitive forms (``U.S.``, ``IS``), splits
   words, joins known phrases (``islamic state``, ``deir ez-zor``) and drops stop
   words: scikit-learn's English list plus ``data/news_stopwords.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "PROTECT",
    "UNIT_BREAK",
    "Vocabulary",
    "actor_term",
    "data_file_version",
    "join_units",
    "load_news_phrases",
    "load_news_stopwords",
    "replace_mentions",
]

#: Private-use character that marks a term made by :func:`replace_mentions` or a
#: case-sensitive rule, so that stop-word and phrase steps leave it alone (an
#: actor id such as ``us`` would otherwise be dropped as a stop word).
PROTECT = "\ue000"
#: Private-use character between two units of one document in the text :meth:`Vocabulary.unit_tokens`
#: reads (one call per document instead of one per unit). No rule reads across it.
UNIT_BREAK = "\ue001"

#: A possessive "'s" (dropped with its apostrophe) or an apostrophe inside a word (dropped: "dont").
_APOSTROPHE = re.compile(r"['’](?:s\b|(?<=\w['’])(?=\w))")
#: A word: a letter, then letters and digits (hyphens, digits and "_" split words).
_WORD = re.compile(r"[^\W\d_][^\W_]*")
_NON_WORD = re.compile(r"\W+")


def _data_lines(name: str) -> list[str]:
    text = resources.files("mideast_corpus").joinpath("data", name).read_text(encoding="utf-8")
    return text.splitlines()


def data_file_version(name: str) -> str:
    """Return the ``# version:`` line of a file in ``mideast_corpus/data``.

    Examples
    --------
    >>> data_file_version("news_stopwords.txt")
    '1.0.0'
    """
    for line in _data_lines(name):
        if line.startswith("# version:"):
            return line.split(":", 1)[1].strip()
    return "unversioned"


@lru_cache(maxsize=1)
def load_news_stopwords() -> frozenset[str]:
    """Return the stop words used for topic models.

    scikit-learn's ``ENGLISH_STOP_WORDS`` plus the words of
    ``data/news_stopwords.txt``, less the words that file marks ``!word``
    (``fire``, ``front``: they carry meaning in war coverage).

    Examples
    --------
    >>> words = load_news_stopwords()
    >>> "said" in words, "the" in words, "fire" in words
    (True, True, False)
    """
    add: set[str] = set()
    remove: set[str] = set()
    for raw in _data_lines("news_stopwords.txt"):
        line = raw.split("#", 1)[0].strip().lower()
        if line.startswith("!"):
            remove.add(line[1:])
        elif line:
            add.add(line)
    return frozenset((set(ENGLISH_STOP_WORDS) | add) - remove)


@lru_cache(maxsize=1)
def load_news_phrases() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Return ``(phrases, case_rules)`` from ``data/news_phrases.txt``.

    ``phrases`` are ``(surface, term)`` pairs matched on lower-cased words;
    ``case_rules`` are ``(surface, term)`` pairs matched case-sensitively on raw text.

    Examples
    --------
    >>> phrases, case_rules = load_news_phrases()
    >>> ("deir ez zor", "deir_ezzor") in phrases, ("U.S.", "united_states") in case_rules
    (True, True)
    """
    phrases: list[tuple[str, str]] = []
    case_rules: list[tuple[str, str]] = []
    for raw in _data_lines("news_phrases.txt"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        is_case = line.startswith("case:")
        line = line[5:].strip() if is_case else line
        surface, _, term = (part.strip() for part in line.partition("=>"))
        if is_case:
            case_rules.append((surface, term or _term_of(surface)))
        else:
            words = " ".join(_plain_words(surface))
            phrases.append((words, term or words.replace(" ", "_")))
    return tuple(phrases), tuple(case_rules)


_CAPS_BEFORE = re.compile(r"\b[A-Z]{2,}[ \t]{1,2}$")
_CAPS_AFTER = re.compile(r"^[ \t]{1,2}[A-Z]{2,}\b")


def _caps_word_before(text: str, pos: int) -> bool:
    return _CAPS_BEFORE.search(text, max(0, pos - 40), pos) is not None


def _caps_word_after(text: str, pos: int) -> bool:
    return _CAPS_AFTER.match(text[pos : pos + 40]) is not None


@lru_cache(maxsize=8192)  # called once per mention, with few distinct ids
def actor_term(actor_id: str) -> str:
    """Return the term that stands for an actor id: lower case, non-word runs as ``_``.

    Examples
    --------
    >>> actor_term("ISIS"), actor_term("iraq.army"), actor_term("Hashd al-Shaabi")
    ('isis', 'iraq_army', 'hashd_al_shaabi')
    """
    return _term_of(actor_id)


def _term_of(text: str) -> str:
    return _NON_WORD.sub("_", text.strip().lower()).strip("_")


def _plain_text(text: str) -> str:
    return _APOSTROPHE.sub("", text.lower())


def _plain_words(text: str) -> list[str]:
    return _WORD.findall(_plain_text(text))


def replace_mentions(
    text: str,
    mentions: pd.DataFrame,
    *,
    offset: int = 0,
    column: str = "actor",
) -> str:
    """Replace each mention span of ``text`` by one protected term for its actor.

    Parameters
    ----------
    text : str
        The text (a whole document, or a slice of one starting at ``offset``).
    mentions : pandas.DataFrame
        Columns ``start``, ``end`` (character offsets into the whole document)
        and ``column`` (the actor id), as :func:`mideast_corpus.actors.find_mentions`
        returns. Mentions outside ``text`` are ignored; of overlapping
        mentions the earliest, then the longest, wins.
    offset : int
        Position of ``text[0]`` in the document the offsets refer to.
    column : str
        Column holding the id that becomes the term (``"actor"``; ``"parent"``
        would merge units into their parent organisation).

    Returns
    -------
    str
        ``text`` with each mention replaced by ``" " + PROTECT + term + " "``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"start": [0, 22], "end": [4, 35], "actor": ["isis", "isis"]})
    >>> out = replace_mentions("ISIS fighters and the Islamic State", m)
    >>> out.replace(PROTECT, "<>").split()
    ['<>isis', 'fighters', 'and', 'the', '<>isis']
    """
    if mentions is None or len(mentions) == 0:
        return text
    spans = zip(mentions["start"], mentions["end"], mentions[column].astype(str), strict=True)
    return join_units(text, [(offset, offset + len(text))], [(int(s), int(e), a) for s, e, a in spans],
                      offset=offset)


def join_units(
    text: str, bounds: list[tuple[int, int]], spans: list[tuple[int, int, str]], *, offset: int = 0
) -> str:
    """The units ``bounds`` of ``text`` joined by :data:`UNIT_BREAK`, each mention replaced by its term.

    ``bounds`` are ``(start, end)`` of non-overlapping units in order and ``spans`` ``(start, end,
    actor)`` of mentions, both as offsets into the document (``text[0]`` is at ``offset``). A
    mention is replaced only if it lies inside one unit; of overlapping mentions the earliest,
    then the longest, wins.
    """
    if UNIT_BREAK in text:  # a stray break character in the input is a space, not a unit boundary
        text = text.replace(UNIT_BREAK, " ")
    ordered = sorted((s, -e, a) for s, e, a in spans if e > s)
    pieces: list[str] = []
    k, n = 0, len(ordered)
    for i, (unit_start, unit_end) in enumerate(bounds):
        if i:
            pieces.append(UNIT_BREAK)
        while k < n and ordered[k][0] < unit_start:  # starts before this unit (or in the gap before it)
            k += 1
        pos = unit_start
        while k < n and ordered[k][0] < unit_end:
            start, neg_end, actor = ordered[k]
            k += 1
            if start < pos or -neg_end > unit_end:  # overlaps a mention already replaced, or leaves the unit
                continue
            pieces.append(text[pos - offset : start - offset])
            pieces.append(f" {PROTECT}{actor_term(actor)} ")
            pos = -neg_end
        pieces.append(text[pos - offset : unit_end - offset])
    return "".join(pieces)


@dataclass
class Vocabulary:
    """Tokenizer for topic models: case rules, words, phrases, stop words.

    Parameters
    ----------
    stop_words : iterable of str, optional
        Words to drop. Default: :func:`load_news_stopwords`.
    stop_terms : iterable of str, optional
        Your own terms to drop as well (an outlet's name, words of site
        furniture): single words, or phrase and actor terms as they come out
        (``"thomson reuters"`` drops the joined term ``thomson_reuters``,
        ``"united_states"`` the actor term). Case does not matter.
    phrases : iterable of (surface, term), optional
        Lower-case word sequences to join into one term. Default: the phrases
        of ``data/news_phrases.txt``.
    case_rules : iterable of (surface, term), optional
        Case-sensitive raw-text forms to replace by a term before lower-casing.
        Default: the ``case:`` lines of ``data/news_phrases.txt``.
    min_length : int
        Shortest word kept (protected terms are always kept).

    Examples
    --------
    >>> v = Vocabulary()
    >>> v.tokens("The U.S.-led coalition said IS fighters fled Deir ez-Zor and the Islamic State's oil fields.")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['united_states', 'led', 'coalition', 'islamic_state', 'fighters', 'fled',
     'deir_ezzor', 'islamic_state', 'oil', 'fields']
    """

    stop_words: Iterable[str] | None = None
    stop_terms: Iterable[str] | None = None
    phrases: Iterable[tuple[str, str]] | None = None
    case_rules: Iterable[tuple[str, str]] | None = None
    min_length: int = 2
    _stop: frozenset[str] = field(init=False, repr=False)
    _phrase_map: dict[str, str] = field(init=False, repr=False)
    _phrases_by_first: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = field(
        init=False, repr=False)
    _case_re: re.Pattern[str] | None = field(init=False, repr=False)
    _case_map: dict[str, str] = field(init=False, repr=False)
    _term_re: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        default_phrases, default_case = load_news_phrases()
        if isinstance(self.stop_terms, str):
            raise TypeError(f"stop_terms={self.stop_terms!r}: give a list of terms, e.g. "
                            f"stop_terms=[{self.stop_terms!r}]")
        own = {"_".join(str(t).lower().split()) for t in (self.stop_terms or ()) if str(t).strip()}
        # actor and phrase terms pass the stop words (they carry PROTECT), but not the user's own stop terms
        self._stop = frozenset(load_news_stopwords() if self.stop_words is None else self.stop_words) | own | {
            PROTECT + t for t in own}
        phrase_pairs = default_phrases if self.phrases is None else tuple(self.phrases)
        # keyed on the words as the text will show them: lower case, no apostrophes, hyphens split
        self._phrase_map = {key: t for surface, t in phrase_pairs if (key := " ".join(_plain_words(surface)))}
        case_pairs = default_case if self.case_rules is None else tuple(self.case_rules)
        self._case_map = dict(case_pairs)
        self._case_re = _case_pattern(self._case_map)
        self._term_re, dropped = _term_pattern(max(self.min_length, 1), self._phrase_map)
        self._stop = self._stop | dropped
        self._phrases_by_first = _phrases_by_first(self._phrase_map, self._term_re)

    def tokens(self, text: str) -> list[str]:
        """Return the terms of ``text`` in order (see the class docstring)."""
        return self.unit_tokens(text.replace(UNIT_BREAK, " "))[0]

    def unit_tokens(self, text: str) -> list[list[str]]:
        """Return the terms of each unit of ``text`` (units separated by :data:`UNIT_BREAK`).

        One call per document: the rules run once over the whole text and no rule reads across
        a unit break.

        Examples
        --------
        >>> Vocabulary().unit_tokens(f"Oil prices rose.{UNIT_BREAK}{UNIT_BREAK}The U.S. army")
        [['oil', 'prices', 'rose'], [], ['united_states', 'army']]
        """
        return [unit.split() for unit in self.unit_terms(text)]

    def unit_terms(self, text: str) -> list[str]:
        """Like :meth:`unit_tokens`, each unit's terms as one string, separated by single spaces.

        The form scikit-learn's ``CountVectorizer(analyzer=str.split)`` counts, without a list per unit.

        Examples
        --------
        >>> Vocabulary().unit_terms(f"Oil prices rose.{UNIT_BREAK}{UNIT_BREAK}The U.S. army")
        ['oil prices rose', '', 'united_states army']
        """
        if self._case_re is not None:
            text = self._case_re.sub(self._case_replacement, text)
        # hyphens split words: "al-Assad" -> "al assad" (and "al" is a stop word)
        found = self._term_re.findall(_plain_text(text))
        if self._phrases_by_first:
            found = _join_phrases(found, self._phrases_by_first)
        stop = self._stop
        kept = " ".join([term for term in found if term not in stop])
        return [unit.strip() for unit in kept.replace(PROTECT, "").split(UNIT_BREAK)]

    def _case_replacement(self, match: re.Match[str]) -> str:
        surface = match.group(0)
        # "IS"/"US" inside an all-caps headline ("WHAT IS LEFT") is a plain word, not a name
        if surface.isalpha() and (_caps_word_before(match.string, match.start()) or
                                  _caps_word_after(match.string, match.end())):
            return surface
        return f" {PROTECT}{self._case_map[surface]} "



def _case_pattern(case_map: dict[str, str]) -> re.Pattern[str] | None:
    """One regular expression for the case rules: a surface not after a word character or a period.

    Longest first, so that "U.S." wins over "U.S". The look-behind sits after each surface's
    first character, not before the alternatives: a pattern that starts with literals lets the
    regular expression engine skip to their first characters (four times faster on news text).
    """
    if not case_map:
        return None
    alternatives = "|".join(
        rf"{re.escape(surface[0])}(?<![\w.]{re.escape(surface[0])}){re.escape(surface[1:])}"
        for surface in sorted(case_map, key=len, reverse=True)
    )
    return re.compile(rf"(?:{alternatives})(?!\w)")


def _term_pattern(shortest: int, phrase_map: dict[str, str]) -> tuple[re.Pattern[str], frozenset[str]]:
    """The pattern :meth:`Vocabulary.unit_tokens` finds terms with, and what it finds that is not a term.

    It finds a unit break, a protected term, a word of ``shortest`` letters or more, a shorter word that is
    part of a phrase, and an empty match where another shorter word or a number starts. The phrase words
    and the empty matches keep phrase words apart as before (only non-word characters may stand between
    them, see :func:`_join_phrases`); the returned set (those short words and ``""``) is dropped with the
    stop words.
    """
    longer = rf"[^\W\d_][^\W_]{{{shortest - 1},}}"
    short = sorted({word for words in phrase_map for word in words.split() if len(word) < shortest},
                   key=lambda word: (-len(word), word))
    short_words = rf"|(?<![^\W_])(?:{'|'.join(map(re.escape, short))})(?![^\W_])" if short else ""
    other_short = rf"|[^\W\d_][^\W_]{{0,{shortest - 2}}}(?![^\W_])" if shortest > 1 else ""
    pattern = re.compile(rf"{UNIT_BREAK}|{PROTECT}\w+|{longer}{short_words}|(?<![^\W_])(?=\d{other_short})")
    return pattern, frozenset(short) | {""}


def _phrases_by_first(
    phrase_map: dict[str, str], term_re: re.Pattern[str]
) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Phrases by their first word, longest first, each with the protected terms that replace it.

    A phrase's term is read by ``term_re`` like any text, so a term written with a space or a hyphen
    gives a protected first word and plain words after it, as a case rule's term does.
    """
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for words in sorted(phrase_map, key=lambda words: (-len(words.split()), words)):
        terms = tuple(term_re.findall(f" {PROTECT}{phrase_map[words]} "))
        by_first.setdefault(words.split()[0], []).append((tuple(words.split()), terms))
    return {first: tuple(phrases) for first, phrases in by_first.items()}


def _join_phrases(
    found: list[str], by_first: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
) -> list[str]:
    """Replace each run of terms that spells a phrase by the phrase's protected term.

    Left to right, the longest phrase starting at a word wins. Phrases are found among the terms of
    :attr:`Vocabulary._term_re`, so any run of non-word characters may stand between their words, but not a
    number, a shorter word (the empty match in its place), a protected term or a unit break.
    """
    starts = [i for i, term in enumerate(found) if term in by_first]
    if not starts:
        return found
    joined: list[str] = []
    done = 0
    for i in starts:
        if i < done:  # inside a phrase already joined
            continue
        for words, terms in by_first[found[i]]:
            if tuple(found[i : i + len(words)]) == words:
                joined.extend(found[done:i])
                joined.extend(terms)
                done = i + len(words)
                break
    joined.extend(found[done:])
    return joined
