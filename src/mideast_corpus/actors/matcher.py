"""Compile a dictionary into one fast regex and find mentions in one document's text.

Speed comes from two choices. Matching is case-sensitive against generated
spelling variants (as written, first letter capitalised, Title Case, UPPER
CASE; ``al-`` transliterations; straight and curly apostrophes) instead of
``re.IGNORECASE``, and all variants are factored into a prefix tree, so the
regex engine never backtracks over alternatives. The prefix tree also gives the
longest match at each position (``U.S.-led coalition`` before ``U.S.``).
Context rules (:mod:`.rules`) run only on the candidates that need them: a plan
per surface form (built once per matcher) keeps unambiguous aliases (and places
that need no rule) as whole columns of form codes, and tells places, demonyms
and acronyms which rule to run.

:func:`mentions_in_text` is a pure function of one text, so it runs unchanged
in a process pool or in Dask ``map_partitions``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress, repeat
from operator import sub
from typing import TYPE_CHECKING

from . import rules
from .dictionary import iter_forms

if TYPE_CHECKING:
    from .dictionary import ActorDictionary

__all__ = ["MENTION_FIELDS", "Matcher", "case_variants", "compile_matcher", "mentions_in_text", "trie_pattern"]

#: Fields of each tuple :func:`mentions_in_text` returns, in order.
MENTION_FIELDS = ("start", "end", "id", "alias", "canonical", "is_place", "rule")

_AL = re.compile(r"(?<![\w])([Aa]l)-(?=\w)")


@dataclass(frozen=True)
class Entry:
    """One actor or place, as the matcher needs it."""

    id: str
    kind: str
    parent: str
    is_place: bool
    target: int  # index of the metonymy target actor, -1 if none
    default_role: str


@dataclass(frozen=True)
class Matcher:
    """A compiled dictionary: the regex, what each surface form means, and the entries.

    Build with :func:`compile_matcher` (or ``ActorDictionary.matcher()``, which caches it).
    """

    regex: re.Pattern[str]  # every form, with word boundaries: for searching
    upper: re.Pattern[str]  # forms starting with a capital or digit, no start boundary: the fast scan
    lower: re.Pattern[str]  # forms starting with a small letter, after a separator (group 1)
    lower_at_start: re.Pattern[str]
    surfaces: dict[str, tuple[int, str, str]]  # surface -> (entry index, canonical alias, rule)
    entries: tuple[Entry, ...]
    demonyms: frozenset[str]
    version: str

    _PATTERNS = ("regex", "upper", "lower", "lower_at_start")

    def __getstate__(self) -> dict:
        state = {k: getattr(self, k) for k in ("surfaces", "entries", "demonyms", "version")}
        state.update({k: getattr(self, k).pattern for k in self._PATTERNS})
        return state

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, re.compile(value) if key in self._PATTERNS else value)


def case_variants(form: str) -> list[str]:
    """Spellings of one dictionary form that the matcher also accepts.

    Examples
    --------
    >>> case_variants("Hashd al-Shaabi")[:6]
    ['Hashd al-Shaabi', 'HASHD AL-SHAABI', 'Hashd Al-Shaabi', 'Hashd al Shaabi', 'HASHD AL SHAABI', 'Hashd Al Shaabi']
    >>> case_variants("regime forces")
    ['regime forces', 'Regime forces', 'REGIME FORCES', 'Regime Forces']
    >>> case_variants("IS")
    ['IS']
    """
    spellings = [form]
    if _AL.search(form):
        for repl in (r"Al-", r"\1 ", "Al ", r"\1"):
            spellings.append(_AL.sub(repl, form))
    for s in list(spellings):
        if "'" in s:
            spellings.append(s.replace("'", "’"))
        elif "’" in s:
            spellings.append(s.replace("’", "'"))
    out: list[str] = []
    for s in spellings:
        words = s.split(" ")
        title = " ".join(w[:1].upper() + w[1:] if w[:1].islower() else w for w in words)
        for v in (s, s[:1].upper() + s[1:], s.upper(), title):
            if v not in out:
                out.append(v)
    return out


def trie_pattern(forms: list[str]) -> str:
    """Return a regex alternation of ``forms`` factored into a prefix tree (longest match first).

    Examples
    --------
    >>> p = trie_pattern(["Iraq", "Iraqi", "Iran"])
    >>> p
    'Ira(?:n|qi?)'
    >>> re.fullmatch(p, "Iraqi") is not None
    True
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        terminal = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted((k, v) for k, v in node.items() if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            body = (body if len(branches) > 1 or len(body) == 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)


def _demonym_rule(alias: str) -> str:
    return rules.ALIAS_RULES.get(alias) or (
        "acronym" if alias.isupper() and alias.isalpha() and len(alias) <= rules.SHORT_ACRONYM else "alias"
    )


def compile_matcher(dictionary: ActorDictionary) -> Matcher:
    """Compile an :class:`~mideast_corpus.actors.ActorDictionary` into a :class:`Matcher`.

    Explicit aliases claim their surface forms first; generated variants
    (case, transliteration, affiliation forms) only take forms nobody claimed.

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

    explicit: list[tuple[str, int, str, str]] = []  # form, entry, canonical, rule
    generated: list[tuple[str, int, str, str]] = []
    demonyms: set[str] = set()
    for rid, aliases, dems in actors[["id", "aliases", "demonyms"]].itertuples(index=False, name=None):
        i = index[rid]
        for alias in iter_forms(aliases):
            explicit.append((alias, i, alias, _demonym_rule(alias)))
        for dem in iter_forms(dems):
            demonyms.add(dem)
            explicit.append((dem, i, dem, "demonym"))
            for form in _affiliations(dem):
                generated.append((form, i, form, "affiliation"))
    for rid, aliases, kind, actor in places[["id", "aliases", "kind", "actor"]].itertuples(index=False, name=None):
        i = index[rid]
        for alias in iter_forms(aliases):
            explicit.append((alias, i, alias, "place"))
            if kind == "country" and actor in index:
                for form in _affiliations(alias):
                    generated.append((form, index[actor], form, "affiliation"))

    surfaces: dict[str, tuple[int, str, str]] = {}
    for form, i, canonical, rule in explicit:
        surfaces.setdefault(form, (i, canonical, rule))
    for form, i, canonical, rule in explicit + generated:
        for variant in case_variants(form):
            surfaces.setdefault(variant, (i, canonical, rule))
    forms = sorted(surfaces)
    regex = re.compile(r"(?<![\w])(?:" + trie_pattern(forms) + r")(?![\w])")
    # Speed: a pattern whose alternatives all start with a literal gets the regex engine's
    # first-character scan; capitals are rare in text, so most positions are skipped in C.
    # Its start boundary is checked in Python instead. The few forms starting with a small
    # letter ("coalition", "al-Nusra", "pro-Iranian") get a second scan anchored on the
    # separator before them.
    upper_forms = [f for f in forms if not f[0].islower()]
    lower_forms = [f for f in forms if f[0].islower()] or ["\x00"]
    upper = re.compile(r"(?:" + trie_pattern(upper_forms) + r")(?![\w])")
    lower_body = trie_pattern(lower_forms)
    lower = re.compile(_SEPARATOR + r"(" + lower_body + r")(?![\w])")
    lower_at_start = re.compile(r"(?:" + lower_body + r")(?![\w])")
    return Matcher(regex, upper, lower, lower_at_start, surfaces, tuple(entries), frozenset(demonyms),
                   dictionary.version)


# ``\s`` spelled out (every character for which ``str.isspace()`` is true; a test holds the two equal).
# The lower scan tests this class at every character of the text: a class of plain characters is one
# bitmap lookup, where ``\s`` costs a Unicode category call.
_WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SEPARATOR = "[" + _WHITESPACE + r"(\[{“\"‘'—–/-]"


def _candidates(text: str, matcher: Matcher) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping ``(start, end, form)`` of every dictionary form in ``text``."""
    forms = _plan(matcher).forms
    starts, ends, codes = _candidate_columns(text, matcher)
    return [(s, e, forms[c]) for s, e, c in zip(starts, ends, codes, strict=True)]


def _candidate_columns(text: str, matcher: Matcher) -> tuple[list[int], list[int], list[int]]:
    """:func:`_candidates` as three columns: starts, ends and form codes (indices into ``_plan(matcher).forms``).

    The upper scan gives most candidates, already in order and non-overlapping;
    its start boundary is checked on all of them at once (one string of the
    characters before each match). The few lower-scan finds are then merged in
    one by one, see :func:`_merge_lower`.
    """
    found = list(matcher.upper.finditer(text))
    starts = list(map(_START, found))
    ends = list(map(_END, found))
    forms = list(map(_GROUP, found))
    # The characters before the matches, read without a Python-level loop; only if one is a word
    # character does the exact check run (text[-1], read for a match at 0, can only trigger it needlessly).
    if starts and _WORD_CHAR.search("".join(map(text.__getitem__, map(sub, starts, repeat(1))))):
        keep = [not (s and (text[s - 1].isalnum() or text[s - 1] == "_")) for s in starts]
        starts, ends, forms = (list(compress(col, keep)) for col in (starts, ends, forms))
    low = [(m.start(1), m.end(1), m.group(1)) for m in matcher.lower.finditer(text)]
    first = matcher.lower_at_start.match(text)
    if first:
        low.insert(0, (0, first.end(), first.group()))
    if low:
        _merge_lower(starts, ends, forms, low)
    return starts, ends, list(map(_plan(matcher).code.__getitem__, forms))


_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group
_WORD_CHAR = re.compile(r"\w")


def _merge_lower(starts: list[int], ends: list[int], forms: list[str], low: list[tuple[int, int, str]]) -> None:
    """Merge the lower-scan finds into the upper-scan columns in place: the same result as sorting both
    by start and keeping each candidate that starts at or after the end of the last one kept.

    Neither scan overlaps itself and no two candidates share a start, so a lower
    find is dropped exactly when the kept candidate before it reaches past its
    start, and a kept lower find drops the upper finds that start inside it.
    The columns hold, at each step, exactly the candidates kept so far.
    """
    for start, end, form in low:
        at = bisect_left(starts, start)
        if at and ends[at - 1] > start:
            continue
        stop = at
        while stop < len(starts) and starts[stop] < end:
            stop += 1
        starts[at:stop] = [start]
        ends[at:stop] = [end]
        forms[at:stop] = [form]


def _raw_candidates(text: str, matcher: Matcher) -> list[tuple[int, int, str]]:
    """Both scans' ``(start, end, form)`` in text order, overlaps not yet dropped (the plain definition).

    Starts are unique (an upper and a lower form cannot start on the same
    character), so a plain sort of the tuples sorts by start.
    """
    out = []
    for m in matcher.upper.finditer(text):
        start = m.start()
        if start:
            ch = text[start - 1]
            if ch.isalnum() or ch == "_":
                continue
        out.append((start, m.end(), m.group()))
    low = [(m.start(1), m.end(1), m.group(1)) for m in matcher.lower.finditer(text)]
    first = matcher.lower_at_start.match(text)
    if first:
        low.insert(0, (0, first.end(), first.group()))
    if low:
        out += low
        out.sort()
    return out


def _affiliations(name: str) -> list[str]:
    forms = [f"{name}-{suffix}" for suffix in rules.AFFILIATION_SUFFIXES]
    forms += [f"{prefix}{name}" for prefix in rules.AFFILIATION_PREFIXES]
    return forms


# What a surface form needs, for the dispatch in _scan_columns: kept as found (_ALIAS), a place kept as
# found unless a rule applies (_PLACE), or one of the context rules.
_ALIAS, _PLACE, _DEMONYM, _COALITION, _OTHER = range(5)


@dataclass(frozen=True)
class _Plan:
    """Per matcher (built once, cached on it): every surface form by code, and what it needs.

    The columns are indexed by form code. ``place`` holds, for places,
    ``(short capitals acronym?, metonymy target, default role)``; ``keep`` and
    ``check`` give, per ``(places, metonymy)``, which codes are kept as found
    and which go through the rule loop.
    """

    forms: list[str]
    code: dict[str, int]
    entry: list[int]
    canonical: list[str]
    rule: list[str]
    kind: list[int]
    place: list[tuple[bool, int, str] | None]
    keep: dict[tuple[bool, bool], list[bool]]
    check: dict[tuple[bool, bool], list[bool]]


def _plan(matcher: Matcher) -> _Plan:
    """The :class:`_Plan` of ``matcher``, built on first use."""
    plan = matcher.__dict__.get("_plan")
    if plan is None:
        forms = list(matcher.surfaces)
        entry, canonical, rule = (list(col) for col in zip(*matcher.surfaces.values(), strict=True))
        kinds = {"alias": _ALIAS, "affiliation": _ALIAS, "place": _PLACE, "demonym": _DEMONYM,
                 "definite_coalition": _COALITION}
        kind = [kinds.get(r, _OTHER) for r in rule]
        place: list[tuple[bool, int, str] | None] = []
        for i, c, k in zip(entry, canonical, kind, strict=True):
            e = matcher.entries[i]
            short_caps = len(c) <= rules.SHORT_ACRONYM and c.isupper()
            place.append((short_caps, e.target, e.default_role) if k == _PLACE else None)
        keep, check = {}, {}
        for places in (True, False):
            for metonymy in (True, False):
                # A place needs the loop only for the capitals test or a metonymy target.
                loop = [k != _ALIAS and not (k == _PLACE and not p[0] and (p[1] < 0 or not metonymy))
                        for k, p in zip(kind, place, strict=True)]
                check[places, metonymy] = loop
                keep[places, metonymy] = [k == _ALIAS or (k == _PLACE and places) for k in kind]
        plan = _Plan(forms, {f: i for i, f in enumerate(forms)}, entry, canonical, rule, kind, place, keep, check)
        object.__setattr__(matcher, "_plan", plan)
    return plan


def _scan(
    text: str, matcher: Matcher, places: bool, metonymy: bool
) -> list[tuple[int, int, int, str, str, str]]:
    """Find mentions as ``(start, end, entry index, surface, canonical, rule)``, in text order."""
    plan = _plan(matcher)
    out = []
    for start, end, code, meto in zip(*_scan_columns(text, matcher, places, metonymy), strict=True):
        if meto:
            out.append((start, end, plan.place[code][1], plan.forms[code], plan.canonical[code], "metonymy"))
        else:
            out.append((start, end, plan.entry[code], plan.forms[code], plan.canonical[code], plan.rule[code]))
    return out


def _scan_columns(
    text: str, matcher: Matcher, places: bool, metonymy: bool
) -> tuple[list[int], list[int], list[int], list[bool]]:
    """Find mentions as four columns: start, end, form code, and whether it is a metonymy (else the form's rule).

    Candidates whose form needs no context rule (plain aliases; places
    without a metonymy target or with metonymy off) are kept or dropped as a
    whole column; only the others, and aliases right after ``(`` (a possible
    apposition), go through the rules, in text order.
    """
    plan = _plan(matcher)
    starts, ends, codes = _candidate_columns(text, matcher)
    n = len(codes)
    keep = list(map(plan.keep[places, metonymy].__getitem__, codes))
    meto = [False] * n
    todo = list(compress(range(n), map(plan.check[places, metonymy].__getitem__, codes)))
    if "(" in text:
        todo = _add_appositions(text, starts, codes, plan, todo)
    kind_of, place_of = plan.kind, plan.place
    place_role = rules.place_role
    in_caps_run = rules.in_caps_run
    pending_is: list[int] = []
    licensed = False
    for i in todo:
        start, end, code = starts[i], ends[i], codes[i]
        kind = kind_of[code]
        if kind == _PLACE:
            short_caps, target, default_role = place_of[code]
            if short_caps and in_caps_run(text, start, end):
                keep[i] = False
            elif target >= 0 and metonymy:
                ch = text[end:end + 1]
                after = _next_place(text, matcher, end) if ch == "'" or ch == "’" else -1
                if place_role(text, start, end, default_role, after) == "actor":
                    keep[i] = meto[i] = True
                else:
                    keep[i] = places
            else:
                keep[i] = places
        elif kind == _DEMONYM:
            keep[i] = rules.agent_head_follows(text, end)
        elif kind == _COALITION:
            keep[i] = rules.definite_coalition(text, start, matcher.demonyms)
        elif kind == _ALIAS:
            keep[i] = not _apposition(text, starts, ends, codes, keep, meto, plan, i)
        elif in_caps_run(text, start, end):
            keep[i] = False
        elif start and text[start - 1] == "(" and _apposition(text, starts, ends, codes, keep, meto, plan, i):
            keep[i] = False
            licensed = licensed or plan.rule[code] == "is_acronym"
        elif plan.rule[code] == "is_acronym":
            if rules.is_cue(text, start, end):
                licensed = keep[i] = True
            else:
                keep[i] = False  # until a cue elsewhere licenses the document's IS
                pending_is.append(i)
        else:
            keep[i] = True
    if licensed:
        for i in pending_is:
            keep[i] = True
    return (list(compress(starts, keep)), list(compress(ends, keep)), list(compress(codes, keep)),
            list(compress(meto, keep)))


def _add_appositions(text: str, starts: list[int], codes: list[int], plan: _Plan, todo: list[int]) -> list[int]:
    """``todo`` plus the plain aliases right after a ``(`` (they may repeat the mention before), in order."""
    before = "".join(map(text.__getitem__, map(sub, starts, repeat(1))))  # the character before each candidate
    extra = []
    i = before.find("(")
    while i >= 0:
        if starts[i] and plan.kind[codes[i]] == _ALIAS:
            extra.append(i)
        i = before.find("(", i + 1)
    return sorted(todo + extra) if extra else todo


def _apposition(text: str, starts: list[int], ends: list[int], codes: list[int], keep: list[bool],
                meto: list[bool], plan: _Plan, i: int) -> bool:
    """``Syrian Democratic Forces (SDF)``: the bracketed repeat of the previous mention is not a new one.

    The previous mention is the last candidate before ``i`` kept so far (an
    ``IS`` still waiting for its licence is not one).
    """
    start, end = starts[i], ends[i]
    if text[end:end + 1] != ")":
        return False
    j = i - 1
    while j >= 0 and not keep[j]:
        j -= 1
    if j < 0:
        return False
    prev_code = codes[j]
    prev_entry = plan.place[prev_code][1] if meto[j] else plan.entry[prev_code]
    return prev_entry == plan.entry[codes[i]] and text[ends[j]:start].strip() == "("


def _next_place(text: str, matcher: Matcher, end: int) -> int:
    """Start of a gazetteer name right after a possessive (``Syria’s Deir Ezzor``), else -1.

    That is the first dictionary form found from ``end + 2`` (within 60
    characters), if it is a place. :func:`~.rules.place_role` only uses it when
    it starts at most two characters after the possessive, so only those few
    start positions are tried (``regex.match`` at each, in order, which is what
    ``regex.search`` does first) instead of searching the whole window with
    the full dictionary pattern.
    """
    pos = rules.possessive_end(text, end)
    if pos is None:
        return -1
    regex = matcher.regex
    for at in range(end + 2, pos + 3):
        m = regex.match(text, at, end + 60)
        if m:
            return at if matcher.entries[matcher.surfaces[m.group()][0]].is_place else -1
    return -1


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
    plain, metonymic = _mention_tails(matcher)
    return [(s, e, *(metonymic[c] if m else plain[c]))
            for s, e, c, m in zip(*_scan_columns(text, matcher, places, metonymy), strict=True)]


def _mention_tails(matcher: Matcher) -> tuple[list[tuple], list[tuple | None]]:
    """Per form code, the rest of a :func:`mentions_in_text` tuple: ``(id, alias, canonical, is_place, rule)``
    as found, and as a metonymy (``None`` for forms without a metonymy target). Built once, cached."""
    tails = matcher.__dict__.get("_mention_tails")
    if tails is None:
        plan, entries = _plan(matcher), matcher.entries
        plain = [(entries[i].id, form, canonical, entries[i].is_place, rule)
                 for i, form, canonical, rule in zip(plan.entry, plan.forms, plan.canonical, plan.rule, strict=True)]
        metonymic: list[tuple | None] = []
        for form, canonical, place in zip(plan.forms, plan.canonical, plan.place, strict=True):
            target = entries[place[1]] if place and place[1] >= 0 else None
            metonymic.append((target.id, form, canonical, target.is_place, "metonymy") if target else None)
        tails = (plain, metonymic)
        object.__setattr__(matcher, "_mention_tails", tails)
    return tails
