"""Sentences and tokens, with no downloaded NLTK data.

Sentences come from NLTK's Punkt algorithm with a hand-made list of news
abbreviations (``U.S.``, ``Maj. Gen.``, ``M.P.``, ``I.S.``, ``Jan.``) instead of
a downloaded model: ``nltk.download`` cannot run on many machines, and Punkt
trained on raw news learns junk abbreviations. Blank lines are hard
boundaries: a sentence never spans two paragraphs. By default
:func:`sentence_spans` runs an exact, several times faster rewrite of Punkt's
decisions for these parameters (``method="punkt"`` runs NLTK itself).

NLTK is imported the first time a text is split into sentences, not with this
module: ``import nltk`` loads most of the package (and scipy.stats with it) and
cost more than pandas, scikit-learn and plotly together (``bench/startup.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["NEWS_ABBREVIATIONS", "count_words", "paragraph_spans", "sentence_spans", "word_spans"]

#: Abbreviations (lower case, without the final period) after which a period does
#: not end a sentence. Titles, ranks, months, places and initialisms of news copy.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col maj capt cmdr adm sgt cpl pvt brig lt.gen maj.gen
    brig.gen lt.col st ft mt rev hon pres amb sec dept gov't jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.s.a u.k u.n u.a.e e.u i.s i.s.i.s i.s.i.l m.p d.c n.y l.a no nos vol fig inc
    corp co ltd jr sr vs etc approx est a.m p.m e.g i.e al
    """.split()
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each paragraph (blocks separated by blank lines).

    Examples
    --------
    >>> t = "One.\\n\\nTwo."
    >>> [t[a:b] for a, b in paragraph_spans(t)]
    ['One.', 'Two.']
    """
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _stripped(text, pos, match.start())
        pos = match.end()
    yield from _stripped(text, pos, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def sentence_spans(text: str, method: str = "fast") -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``.

    ``text[start:end]`` is the sentence, without surrounding white space.
    Blank lines are hard boundaries.

    Parameters
    ----------
    text : str
        One document.
    method : {"fast", "punkt"}, default "fast"
        ``"punkt"`` runs NLTK's ``PunktSentenceTokenizer.span_tokenize`` (with
        :data:`NEWS_ABBREVIATIONS`) on every paragraph. ``"fast"`` gives the
        same sentences several times faster: it finds the same candidate
        breaks with Punkt's own regular expressions but decides each one with
        a direct rewrite of Punkt's first and second annotation pass for these
        parameters (an abbreviation list and no learned collocations, sentence
        starters or orthographic statistics) instead of building
        ``PunktToken`` objects: ``?``, ``!`` and a period after a plain word
        that is not an abbreviation are decided at once, anything else
        (abbreviations, initials, numbers, ellipses, punctuation) by the
        rewritten annotation passes, memoised on the short context string
        Punkt looks at.
        Measured with ``bench/sentences.py``: spans identical to ``"punkt"``
        on the five seeds, on 785 resampled seed documents and on 1,551
        paragraphs made by joining five consecutive NewsMTSC sentences;
        against that concatenation gold both give boundary precision 0.955,
        recall 0.927 (F1 0.941) and reproduce 86.0% of the gold sentences
        exactly (the misses are mostly headlines without final punctuation
        and sentences ending in ``Sen.`` or ``N.J.``). Speed on one core:
        about 35 MB/s on those paragraphs (text that never repeats), against
        5.5 MB/s for ``"punkt"``.

    Examples
    --------
    >>> t = "Iraqi M.P. Hakim Al Zamili spoke. The U.S. military said no.\\n\\nNew paragraph"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Iraqi M.P. Hakim Al Zamili spoke.', 'The U.S. military said no.', 'New paragraph']
    >>> sentence_spans(t) == sentence_spans(t, method="punkt")
    True
    """
    if method == "fast":
        split = _fast_block_spans
    elif method == "punkt":
        split = _punkt().span_tokenize
    else:
        raise ValueError(f"method={method!r}: use 'fast' or 'punkt'")
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        block = text[p_start:p_end]
        for s_start, s_end in split(block):
            spans.extend(_stripped(text, p_start + s_start, p_start + s_end))
    return spans


# -- fast Punkt ------------------------------------------------------------------------------------
# A line-by-line rewrite of PunktSentenceTokenizer.span_tokenize (nltk/tokenize/punkt.py:
# _match_potential_end_contexts, _slices_from_text, text_contains_sentbreak, _annotate_tokens and
# _realign_boundaries) for our PunktParameters: only ``abbrev_types`` is set, so collocations,
# sentence starters and the orthographic context are empty. The regular expressions are Punkt's
# own compiled patterns (unwrapped from NLTK's ReDoS timeout guard: they are fixed and linear), so
# candidate breaks and tokens are the same by construction.

_ORTHO_PUNCT = frozenset(";:,.!?")  # PunktSentenceTokenizer.PUNCTUATION
_SENT_END = frozenset(".?!")


def _raw(pattern):  # NLTK >= 3.10 wraps compiled patterns in a timeout guard
    return getattr(pattern, "_rx", pattern)


@lru_cache(maxsize=1)
def _fast_patterns() -> tuple:
    from nltk.tokenize.punkt import PunktToken

    lang = _punkt()._lang_vars
    return (
        _raw(lang.period_context_re()),
        _raw(lang._word_tokenizer_re()),
        _raw(lang.re_boundary_realignment),
        _raw(PunktToken._RE_ELLIPSIS),
        _raw(PunktToken._RE_NUMERIC),
        _raw(PunktToken._RE_INITIAL),
    )


_BREAK_CACHE: dict[str, bool] = {}
_BREAK_CACHE_MAX = 50_000


def _contains_sentbreak(context: str) -> bool:
    """``PunktSentenceTokenizer.text_contains_sentbreak(context)`` for our parameters."""
    found = _BREAK_CACHE.get(context)
    if found is None:
        found = _decide(context)
        if len(_BREAK_CACHE) >= _BREAK_CACHE_MAX:
            _BREAK_CACHE.clear()
        _BREAK_CACHE[context] = found
    return found


def _decide(context: str) -> bool:
    _, word_re, _, ellipsis_re, numeric_re, initial_re = _fast_patterns()
    abbrevs = NEWS_ABBREVIATIONS
    toks: list[str] = []
    for line in context.split("\n"):
        if line.strip():
            toks.extend(word_re.findall(line))
    # A sentence break on any token but the last (text_contains_sentbreak ignores the last).
    for i in range(len(toks) - 1):
        tok = toks[i]
        if tok in _SENT_END:
            return True
        if not tok.endswith(".") or ellipsis_re.match(tok) or tok.endswith(".."):
            continue  # no break: not period-final, or an ellipsis (the ortho heuristic never says "starter")
        low = tok[:-1].lower()
        if low in abbrevs or low.split("-")[-1] in abbrevs:
            continue  # abbreviation: as above, never re-marked as a break
        # First pass: a break. Second pass: initials and numbers may be re-marked as abbreviations.
        typ = numeric_re.sub("##number##", tok.lower())
        if len(typ) > 1 and typ[-1] == ".":
            typ = typ[:-1]
        initial = initial_re.match(tok) is not None
        if initial or typ == "##number##":
            nxt = toks[i + 1]
            if nxt in _ORTHO_PUNCT or nxt[0].islower():
                continue  # orthographic heuristic: not a sentence starter
            if initial and nxt[0].isupper():
                continue  # "unknown", initial, capitalised next word: J. Bach
        return True
    return False


def _fast_block_spans(text: str) -> list[tuple[int, int]]:
    """``PunktSentenceTokenizer.span_tokenize(text)`` (with realignment) for our parameters."""
    period_re, _, realign_re, *_ = _fast_patterns()
    # _match_potential_end_contexts + _slices_from_text
    slices: list[tuple[int, int]] = []
    last_break = 0
    prev_start = prev_stop = 0
    prev = None

    def cut(match, word_start: int, word_stop: int) -> None:
        nonlocal last_break
        word = text[word_start:word_stop]
        end_char = match.group()
        # Fast path, exact: "?" and "!" are tokens of their own and always followed by one (the
        # after-token), so always a break; so is "<ASCII word of 2+ letters>." unless the word is an
        # abbreviation (it is one token, neither initial, number nor ellipsis). Else ask Punkt's rules.
        if end_char != "." or (
            len(word) > 1 and word.isalpha() and word.isascii() and word.lower() not in NEWS_ABBREVIATIONS
        ) or _contains_sentbreak(word + end_char + match.group("after_tok")):
            slices.append((last_break, match.end()))
            last_break = match.start("next_tok") if match.group("next_tok") else match.end()

    for match in period_re.finditer(text):
        mstart = match.start()
        before = text[prev_stop:mstart]
        ws = max(before.rfind(" "), before.rfind("\n"), before.rfind("\t"), before.rfind("\r"),
                 before.rfind("\x0b"), before.rfind("\x0c"))
        word_start = ws + prev_stop + 1 if ws > 0 else prev_start
        if prev is not None and prev_stop <= word_start:
            cut(prev, prev_start, prev_stop)
        prev, prev_start, prev_stop = match, word_start, mstart
    if prev is not None:
        cut(prev, prev_start, prev_stop)
    slices.append((last_break, len(text.rstrip())))
    # _realign_boundaries
    out: list[tuple[int, int]] = []
    realign = 0
    last = len(slices) - 1
    for k, (a, b) in enumerate(slices):
        a += realign
        if k == last:
            if a < b and a < len(text):
                out.append((a, b))
            break
        c, d = slices[k + 1]
        m = realign_re.match(text[c:d])
        if m:
            out.append((a, c + len(m.group(0).rstrip())))
            realign = m.end()
        else:
            realign = 0
            if a < b and a < len(text):
                out.append((a, b))
    return out


def word_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of word tokens (letters/digits, inner hyphens kept).

    Examples
    --------
    >>> t = "U.S.-led strikes hit al-Tabqa."
    >>> [t[a:b] for a, b in word_spans(t)]
    ['U.S', 'led', 'strikes', 'hit', 'al-Tabqa']
    """
    return [m.span() for m in _WORD.finditer(text)]


def _own_name_forms(source: str) -> list[str]:
    """How an outlet names itself: "Fox News", "FoxNews" (as in FoxNews.com); "CNN" for "CNN (Web News)"."""
    name = " ".join(source.split())
    forms = {name}
    core = re.split(r"\s+[-–(]", name, maxsplit=1)[0].strip()  # "CNN (Web News)", "Newsmax - News"
    forms.add(core)
    for form in list(forms):
        if " " in form:
            forms.add(form.replace(" ", ""))
    return sorted((f for f in forms if len(f) >= 3), key=lambda f: (-len(f), f))


def _own_name_pattern(forms: list[str]) -> re.Pattern[str] | None:
    """One pattern for an outlet's names: a whole word, not after a word character.

    The look-behind sits after each name's first character, not before the alternatives: a pattern
    that starts with a character the regular expression engine can look for lets it skip to it (twice
    as fast on news text).
    """
    if not forms:
        return None
    alternatives = "|".join(rf"{re.escape(f[0])}(?<!\w{re.escape(f[0])}){re.escape(f[1:])}" for f in forms)
    # "FoxNews.com" is the outlet too: the web address goes with the name
    return re.compile(rf"(?:{alternatives})(?:\.(?:com|org|net|co\.uk))?(?!\w)", re.IGNORECASE)


def own_name_patterns(docs: Any) -> dict[str, re.Pattern[str]]:
    """Per document, a pattern of its own outlet's name: an outlet naming itself is a byline, not content.

    ``docs`` is a corpus' ``docs`` table; sources shorter than three characters are left alone.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Fox News", "CNN (Web News)"]})
    >>> p = own_name_patterns(docs)
    >>> p["a"].sub("_", "told Fox News and FoxNews.com"), p["b"].sub("_", "Washington (CNN) --")
    ('told _ and _', 'Washington (_) --')
    """
    if "source" not in docs.columns:
        return {}
    patterns: dict[str, re.Pattern[str]] = {}
    compiled: dict[str, re.Pattern[str] | None] = {}
    for doc_id, source in zip(docs["doc_id"].astype(str), docs["source"], strict=True):
        if not isinstance(source, str):
            continue
        if source not in compiled:
            compiled[source] = _own_name_pattern(_own_name_forms(source))
        if compiled[source] is not None:
            patterns[doc_id] = compiled[source]
    return patterns


def count_words(text: str) -> int:
    """Count word tokens as :func:`word_spans` defines them.

    Examples
    --------
    >>> count_words("Iraqi forces recaptured eastern Mosul.")
    5
    """
    # Cut at spaces (no word spans one) so that the byte copies below stay small on huge texts.
    count, start = 0, 0
    while start < len(text):
        cut = text.find(" ", start + _COUNT_CHUNK)
        cut = len(text) if cut < 0 else cut
        count += _count_piece(text[start:cut] if start or cut < len(text) else text)
        start = cut
    return count


# Counting words with the regular expression costs more than the rest of loading a corpus. Text
# in ASCII plus common punctuation (most news text) is counted by byte operations instead.

#: Non-ASCII punctuation common in news text; none is a word character, only "’" joins words.
_COMMON_PUNCTUATION = frozenset("‘’‚‛“”„‟‐‑‒–—―…•·«»′″")
_ASCII_BYTES = bytes(range(128))
#: Word characters (ASCII ``\\w``) to "a", the joiners of :data:`_WORD` to ".", all else to " ".
_WORD_SHAPE = bytes(
    97 if (c < 128 and chr(c).isalnum()) or c == 95 else 46 if c in b"-'." else 32 for c in range(256)
)
_COUNT_CHUNK = 1 << 20
#: A joiner between two runs of word characters (written to start with the "." it scans for).
_JOIN = re.compile(rb"\.(?<=a\.)(?=a)")


def _count_piece(text: str) -> int:
    """Matches of :data:`_WORD` in ``text``; by byte operations when it is ASCII plus
    :data:`_COMMON_PUNCTUATION`: runs of word characters, less the joins (a single joiner between
    two runs) that merge two runs into one word."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        raw = None
    # Deleting the ASCII bytes leaves the (few) others, whole characters.
    if raw is None or not set(raw.translate(None, _ASCII_BYTES).decode("utf-8")) <= _COMMON_PUNCTUATION:
        return sum(1 for _ in _WORD.finditer(text))
    shape = raw.replace("’".encode(), b"'").translate(_WORD_SHAPE)  # other bytes >= 0x80: " "
    runs = shape.count(b" a") + shape.count(b".a") + shape.startswith(b"a")
    return runs - len(_JOIN.findall(shape))
