"""Compile a dictionary into a matcher and find the mentions in one document's text.

Two steps. Candidates: every surface form (:mod:`.forms`) is searched at
once by a multi-pattern library with prebuilt wheels (Hyperscan where it
installs, else pyahocorasick, same results), and the occurrences that stand
as whole words are kept leftmost-longest (``U.S.-led coalition`` before
``U.S.``). Rules: each candidate then goes through the context rule of its
kind (:mod:`.rules`), in text order.

:func:`mentions_in_text` is a pure function of one text, so it runs unchanged
in a process pool or in Dask ``map_partitions``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from . import rules
from .forms import affiliations, case_variants, split_forms

__all__ = ["MENTION_FIELDS", "SCANNERS", "Matcher", "compile_matcher", "mentions_in_text"]

#: Fields of each tuple :func:`mentions_in_text` returns, in order.
MENTION_FIELDS = ("start", "end", "id", "alias", "canonical", "is_place", "rule")


@dataclass(frozen=True)
class Entry:
    """One actor or place, as the matcher needs it."""

    id: str
    kind: str
    parent: str
    is_place: bool
    target: int  # index of the metonymy target actor, -1 if none
    default_role: str


class _Scanner:
    """Every occurrence of a list of literal strings in a text, overlaps included, by a multi-pattern library.

    :meth:`occurrences` gives ``(start, -end, form code)``: sorting them puts the
    leftmost, then longest, first.
    """

    def __init__(self, forms: list[str]) -> None:
        self.forms = forms

    def __reduce__(self) -> tuple[Any, tuple[list[str]]]:
        return type(self), (self.forms,)  # the compiled automaton is rebuilt, not pickled


class _Hyperscan(_Scanner):
    """Hyperscan (Intel; Vectorscan on ARM) in literal mode over the text's UTF-8 bytes."""

    def __init__(self, forms: list[str]) -> None:
        import hyperscan

        super().__init__(forms)
        encoded = [f.encode("utf-8", "surrogatepass") for f in forms]
        self._bytes = [len(e) for e in encoded]
        self._chars = [len(f) for f in forms]
        self._db = hyperscan.Database()
        self._db.compile(expressions=encoded, ids=list(range(len(forms))), elements=len(forms), literal=True)
        self._new_scratch = lambda: hyperscan.Scratch(self._db)
        self._per_thread = threading.local()

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        # Hyperscan scans without the GIL in a scratch space that one scan at a time may use: one per thread.
        scratch = getattr(self._per_thread, "scratch", None)
        if scratch is None:
            scratch = self._per_thread.scratch = self._new_scratch()
        found: list[tuple[int, int]] = []
        data = text.encode("utf-8", "surrogatepass")
        self._db.scan(data, scratch=scratch,
                      match_event_handler=lambda code, _from, to, _flags, _ctx: found.append((code, to)))
        nbytes = self._bytes
        if text.isascii():
            return [(to - nbytes[code], -to, code) for code, to in found]
        # Byte offsets to character offsets: a character starts at every byte that is not a continuation byte.
        char_at = np.cumsum((np.frombuffer(data, np.uint8) & 0xC0) != 0x80) - 1
        nchars = self._chars
        starts = char_at[[to - nbytes[code] for code, to in found]].tolist() if found else []
        return [(s, -s - nchars[code], code) for s, (code, _to) in zip(starts, found, strict=True)]


class _AhoCorasick(_Scanner):
    """pyahocorasick over the text's characters: the fallback where Hyperscan does not install."""

    def __init__(self, forms: list[str]) -> None:
        import ahocorasick

        super().__init__(forms)
        self._automaton = ahocorasick.Automaton()
        for code, form in enumerate(forms):
            self._automaton.add_word(form, (code, len(form)))
        self._automaton.make_automaton()

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        return [(last + 1 - n, -last - 1, code) for last, (code, n) in self._automaton.iter(text)]


#: The candidate scanners, in order of preference: the first whose library imports is used.
SCANNERS: dict[str, type[_Scanner]] = {"hyperscan": _Hyperscan, "pyahocorasick": _AhoCorasick}


def _scanner(forms: list[str], name: str | None) -> _Scanner:
    if name is not None:
        if name not in SCANNERS:
            raise ValueError(f"scanner={name!r}: use one of {sorted(SCANNERS)} or None (the first that installs)")
        return SCANNERS[name](forms)
    for cls in SCANNERS.values():
        try:
            return cls(forms)
        except ImportError:
            continue
    raise ImportError("mention finding needs 'hyperscan' or 'pyahocorasick': pip install pyahocorasick")


class Matcher:
    """A compiled dictionary: its surface forms, what each means, the entries, and the scanner.

    Build with :func:`compile_matcher` (or ``ActorDictionary.matcher()``, which
    caches it). Forms are numbered (their *code*) in the order of
    ``surfaces``; ``entry``, ``canonical`` and ``rule`` give, per code, the
    entry index, the dictionary alias it spells and its rule.
    """

    def __init__(self, surfaces: dict[str, tuple[int, str, str]], entries: tuple[Entry, ...],
                 demonyms: frozenset[str], version: str, scanner: str | None = None) -> None:
        self.surfaces = surfaces
        self.entries = entries
        self.demonyms = demonyms
        self.version = version
        self.forms = list(surfaces)
        self.entry = [i for i, _, _ in surfaces.values()]
        self.canonical = [c for _, c, _ in surfaces.values()]
        self.rule = [r for _, _, r in surfaces.values()]
        self.scanner = _scanner(self.forms, scanner)

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, form code)`` of the forms in ``text`` that stand as whole words, leftmost-longest.

        A form stands as a word when no word character (``\\w``) touches it on
        either side. Among those, the one starting first wins, the longest at
        a tie; the next candidate starts at or after its end.

        Examples
        --------
        >>> from mideast_corpus.actors import default_actors
        >>> m = default_actors().matcher()
        >>> [m.forms[c] for _, _, c in m.candidates("U.S.-led coalition jets hit Mosuls and Mosul_2, not Mosul.")]
        ['U.S.-led coalition', 'Mosul']
        """
        out = []
        last, n = 0, len(text)
        for start, neg_end, code in sorted(self.scanner.occurrences(text)):
            end = -neg_end
            if start < last:
                continue
            if start:
                ch = text[start - 1]
                if ch.isalnum() or ch == "_":  # what the regex class \w matches
                    continue
            if end < n:
                ch = text[end]
                if ch.isalnum() or ch == "_":
                    continue
            out.append((start, end, code))
            last = end
        return out


class _Tables(Protocol):
    """What :func:`compile_matcher` reads of an :class:`~mideast_corpus.actors.ActorDictionary`."""

    version: str

    @property
    def table(self) -> Any: ...

    @property
    def places(self) -> Any: ...


def compile_matcher(dictionary: _Tables, scanner: str | None = None) -> Matcher:
    """Compile an :class:`~mideast_corpus.actors.ActorDictionary` into a :class:`Matcher`.

    Explicit aliases claim their surface forms first; generated variants
    (case, transliteration, affiliation forms) only take forms nobody claimed.

    Parameters
    ----------
    dictionary : ActorDictionary
    scanner : {"hyperscan", "pyahocorasick"}, optional
        The library that finds candidates (same results); default the first of
        :data:`SCANNERS` that imports.

    Examples
    --------
    >>> from mideast_corpus.actors import default_actors
    >>> m = compile_matcher(default_actors())
    >>> m.surfaces["Hashd Al Shaabi"][1:], m.entries[m.surfaces["Hashd Al Shaabi"][0]].id
    (('Hashd al-Shaabi', 'alias'), 'popular_mobilization_forces')
    """
    actors = dictionary.table
    places = dictionary.places
    entries: list[Entry] = []
    index: dict[str, int] = {}
    for rid, kind, parent in actors[["id", "kind", "parent"]].itertuples(index=False, name=None):
        index[rid] = len(entries)
        entries.append(Entry(rid, kind, parent, False, -1, "place"))
    country_of: dict[str, str] = {}
    for rid, kind, country in places[["id", "kind", "country"]].itertuples(index=False, name=None):
        if kind == "country" and country and country not in country_of:
            country_of[country] = rid
    for rid, kind, country, actor, role in places[["id", "kind", "country", "actor", "default_role"]].itertuples(
        index=False, name=None
    ):
        parent = country_of.get(country, "") if kind != "country" else ""
        index[rid] = len(entries)
        entries.append(Entry(rid, kind, parent, True, index.get(actor, -1), role or "place"))

    explicit: list[tuple[str, int, str]] = []  # form, entry, rule
    generated: list[tuple[str, int, str]] = []
    demonyms: set[str] = set()
    for rid, aliases, dems in actors[["id", "aliases", "demonyms"]].itertuples(index=False, name=None):
        i = index[rid]
        explicit += [(alias, i, rules.alias_rule(alias)) for alias in split_forms(aliases)]
        for dem in split_forms(dems):
            demonyms.add(dem)
            explicit.append((dem, i, "demonym"))
            generated += [(form, i, "affiliation") for form in affiliations(dem)]
    for rid, aliases, kind, actor in places[["id", "aliases", "kind", "actor"]].itertuples(index=False, name=None):
        for alias in split_forms(aliases):
            explicit.append((alias, index[rid], "place"))
            if kind == "country" and actor in index:
                generated += [(form, index[actor], "affiliation") for form in affiliations(alias)]

    surfaces: dict[str, tuple[int, str, str]] = {}
    for form, i, rule in explicit:
        surfaces.setdefault(form, (i, form, rule))
    for form, i, rule in explicit + generated:
        for variant in case_variants(form):
            surfaces.setdefault(variant, (i, form, rule))
    return Matcher(surfaces, tuple(entries), frozenset(demonyms), dictionary.version, scanner)


def scan(text: str, matcher: Matcher, places: bool = True,
         metonymy: bool = True) -> list[tuple[int, int, int, int, bool]]:
    """The mentions in ``text`` as ``(start, end, entry index, form code, is metonymy)``, in text order.

    Every candidate goes through the rule of its form (see :mod:`.rules` for
    what each decides); ``is metonymy`` marks a place read as its actor, whose
    entry is then the place's metonymy target.
    """
    found = matcher.candidates(text)
    entries, entry_of, rule_of = matcher.entries, matcher.entry, matcher.rule
    kept: list[tuple[int, int, int, int, bool]] = []
    waiting_is: list[tuple[int, int, int, int, bool]] = []  # bare IS without a cue, until one licenses them
    licensed = False
    for k, (start, end, code) in enumerate(found):
        rule, i = rule_of[code], entry_of[code]
        if rule == "place":
            canonical = matcher.canonical[code]
            if len(canonical) <= rules.SHORT_ACRONYM and canonical.isupper() and rules.in_caps_run(text, start, end):
                continue
            entry = entries[i]
            if metonymy and entry.target >= 0:
                after = found[k + 1] if k + 1 < len(found) else None
                next_place = after[0] if after and entries[entry_of[after[2]]].is_place else -1
                if rules.place_role(text, start, end, entry.default_role, next_place) == "actor":
                    kept.append((start, end, entry.target, code, True))
                    continue
            if places:
                kept.append((start, end, i, code, False))
        elif rule == "alias" or rule == "affiliation":
            if not (start and text[start - 1] == "(" and _repeats_previous(text, kept, start, end, i)):
                kept.append((start, end, i, code, False))
        elif rule == "demonym":
            if rules.agent_head_follows(text, end):
                kept.append((start, end, i, code, False))
        elif rule == "definite_coalition":
            if rules.definite_coalition(text, start, matcher.demonyms):
                kept.append((start, end, i, code, False))
        elif rules.in_caps_run(text, start, end):
            continue
        elif start and text[start - 1] == "(" and _repeats_previous(text, kept, start, end, i):
            licensed = licensed or rule == "is_acronym"
        elif rule == "is_acronym":
            if rules.is_cue(text, start, end):
                licensed = True
                kept.append((start, end, i, code, False))
            else:
                waiting_is.append((start, end, i, code, False))
        else:
            kept.append((start, end, i, code, False))
    if licensed and waiting_is:
        kept = sorted(kept + waiting_is)
    return kept


def _repeats_previous(text: str, kept: list[tuple[int, int, int, int, bool]], start: int, end: int, entry: int) -> bool:
    """``Syrian Democratic Forces (SDF)``: a bracketed repeat (after ``(``) of the mention kept just before."""
    if not kept or text[end:end + 1] != ")":
        return False
    _, prev_end, prev_entry, _, _ = kept[-1]
    return prev_entry == entry and text[prev_end:start].strip() == "("


def mentions_in_text(
    text: str, matcher: Matcher, *, places: bool = True, metonymy: bool = True
) -> list[tuple[int, int, str, str, str, bool, str]]:
    """Find the actor and place mentions in one text.

    Parameters
    ----------
    text : str
        One document.
    matcher : Matcher
        From :func:`compile_matcher` or ``ActorDictionary.matcher()``.
    places : bool, default True
        Also return place mentions (``is_place=True``).
    metonymy : bool, default True
        Read country and capital names used as agents as their actor (see
        :func:`~mideast_corpus.actors.rules.place_role`); without it they are places.

    Returns
    -------
    list of tuple
        ``(start, end, id, alias, canonical, is_place, rule)`` (see
        :data:`MENTION_FIELDS`) in text order, with ``text[start:end] == alias``.

    Examples
    --------
    >>> from mideast_corpus.actors import default_actors
    >>> m = default_actors().matcher()
    >>> t = "U.S.-led coalition aircraft killed Syrian soldiers in Deir Ezzor."
    >>> [(x[2], x[3]) for x in mentions_in_text(t, m)]
    [('us_led_coalition', 'U.S.-led coalition'), ('syrian_arab_army', 'Syrian soldiers'), ('deir_ezzor', 'Deir Ezzor')]
    """
    out = []
    for start, end, i, code, is_metonymy in scan(text, matcher, places, metonymy):
        entry = matcher.entries[i]
        rule = "metonymy" if is_metonymy else matcher.rule[code]
        out.append((start, end, entry.id, matcher.forms[code], matcher.canonical[code], entry.is_place, rule))
    return out
