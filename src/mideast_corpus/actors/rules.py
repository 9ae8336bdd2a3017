"""Context rules applied to candidate matches: word lists (data) and small named predicates.

The matcher finds every dictionary surface form; these rules decide, for the
few ambiguous kinds of candidate, whether it is a mention and of what. Each
rule reads only the document text around the candidate, so mention finding
stays a pure function of one document.

Rules (the ``rule`` column of the mentions table)
-------------------------------------------------
``alias``
    A plain alias: always a mention.
``acronym``
    An alias written in capitals in the dictionary (``US``, ``UN``, ``MIT``):
    not a mention inside an all-capitals run such as a heading
    (``HELP US NOW``), see :func:`in_caps_run`.
``is_acronym``
    Bare ``IS`` (see :func:`is_cue`). It counts when the document *licenses*
    it: at least one ``IS`` in the document has a group cue (``IS militants``,
    ``the IS group``, ``Islamic State (IS)``, ``anti-IS``, ``IS-held``). Once
    licensed, every other upper-case ``IS`` of the document counts (``IS is
    besieging``), except in an all-capitals run (``THIS IS``). The verb ``is``
    is never matched because matching is case-sensitive.
``demonym``
    A bare demonym (``Iranian``, ``Saudi``) is a mention of its state only
    before an agent noun (:data:`AGENT_HEADS`: ``officials``, ``troops``,
    ``influence``, ...), looking through coordinations (``Russian and Syrian
    warplanes``). ``the Iraqi city of Tikrit`` and ``the Iraqi-Syrian border``
    are not mentions. Longer aliases win first (``Iraqi forces`` is the ISF).
``affiliation``
    ``Iranian-backed``, ``Iran-backed``, ``U.S.-led``, ``pro-Iranian``: a
    mention of the backer (here ``iran``), generated from demonyms and country
    names with :data:`AFFILIATION_SUFFIXES`. The backed group that follows is a
    mention of its own (``Iranian-backed Shiite militias`` gives ``iran`` and
    ``shiite_militias``).
``definite_coalition``
    Bare ``coalition`` is the US-led coalition unless it follows an
    indefinite or demonstrative word or a demonym (``a coalition``, ``this
    coalition``, ``Syrian coalition``), see :data:`NOT_THE_COALITION`.
``apposition``
    An acronym in parentheses right after a mention of the same entry
    (``Syrian Democratic Forces (SDF)``) is dropped: one mention, not two.
``place``
    A gazetteer name used as a location.
``metonymy``
    A country or capital name used as an agent (``Damascus refuses``,
    ``Syria and its allies``, ``Iraq’s cooperation``): a mention of the actor in
    the place's ``actor`` column; see :func:`place_role`. Off with
    ``metonymy=False``.
"""

from __future__ import annotations

import csv
import re
from importlib import resources

__all__ = [
    "AFFILIATION_PREFIXES",
    "AFFILIATION_SUFFIXES",
    "AGENT_HEADS",
    "AGENT_PREPOSITIONS",
    "AGENT_VERBS",
    "ALIAS_RULES",
    "GEO_HEADS",
    "LOCATIVE_PREPOSITIONS",
    "NOT_THE_COALITION",
    "SHORT_ACRONYM",
    "SPATIAL_PREPOSITIONS",
    "agent_head_follows",
    "alias_rule",
    "definite_coalition",
    "in_caps_run",
    "is_cue",
    "place_role",
    "possessive_end",
]

# -- data -------------------------------------------------------------------------------------------

#: Aliases (as written in the dictionary) that carry a special rule. Every other alias written in
#: capitals with at most :data:`SHORT_ACRONYM` letters (``US``, ``UN``, ``SDF``) gets rule ``acronym``.
ALIAS_RULES: dict[str, str] = {
    "IS": "is_acronym",
    "coalition": "definite_coalition",
}
SHORT_ACRONYM = 3


def _read_word_lists() -> dict[str, tuple[str, ...]]:
    """The reviewed word lists of ``data/actor_rules.csv`` (sources in ``data/README-actors.md``), in file order."""
    lists: dict[str, list[str]] = {}
    path = resources.files("mideast_corpus").joinpath("data", "actor_rules.csv")
    with path.open("r", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lists.setdefault(row["list"], []).append(row["word"])
    return {name: tuple(words) for name, words in lists.items()}


_LISTS = _read_word_lists()

#: ``<demonym or country>-<suffix>`` forms generated as affiliation mentions of the backer.
AFFILIATION_SUFFIXES: tuple[str, ...] = _LISTS["affiliation_suffixes"]
#: Prefixes generated the same way (``pro-Iranian``; ``anti-Assad`` is *not* generated: opposition is not backing).
AFFILIATION_PREFIXES: tuple[str, ...] = _LISTS["affiliation_prefixes"]
#: Nouns after a demonym or country name that make it denote the state acting (lower case).
AGENT_HEADS = frozenset(_LISTS["agent_heads"])
#: Nouns that make a following country name / possessive a location (``Iraq’s western Anbar region``).
GEO_HEADS = frozenset(_LISTS["geo_heads"])
#: Words before a place name (possibly through a coordination) that make it a location.
LOCATIVE_PREPOSITIONS = frozenset(_LISTS["locative_prepositions"])
#: Directional words too: a location for theatre names (``to Syria``), but a partner or source for
#: names whose ``default_role`` is ``actor`` (``forewarning to the U.S.``, ``arms from Russia``).
SPATIAL_PREPOSITIONS = LOCATIVE_PREPOSITIONS | frozenset(_LISTS["directional_prepositions"])
#: Words before a country or capital that make it an agent or partner.
AGENT_PREPOSITIONS = frozenset(_LISTS["agent_prepositions"])
#: Verbs (and auxiliaries) that make a preceding country or capital an agent. Any lower-case
#: word ending in ``-ed`` counts too (``Iraq launched``).
AGENT_VERBS = frozenset(_LISTS["agent_verbs"])
#: A journey before ``to``: the name after it is a destination (``heading to Iran``), whatever its default role.
MOTION_BEFORE_TO = frozenset(_LISTS["motion_before_to"])
#: Words before a bare ``coalition`` that make it *some* coalition, not the US-led one.
NOT_THE_COALITION = frozenset(_LISTS["not_the_coalition"])
#: Words after bare ``IS`` that show the group is meant (lower case).
IS_CUES_AFTER = frozenset(_LISTS["is_cues_after"])
#: Skipped between a name and its verb (``Iraq also accepted``, ``Russia ultimately chose``).
_ADVERBS = frozenset(_LISTS["adverbs"])
#: Words that end the look-ahead of a possessive (``Washington’s in the region`` is elliptical).
_STOP_LOOKAHEAD = frozenset(_LISTS["stop_lookahead"])
#: Words the walk back to a name's governing word passes over (``in both Baghdad``, ``in eastern Syria``).
_SKIP_LEFT = frozenset(_LISTS["skip_left"])

_WORD_AFTER = re.compile(r"[\s\u00a0]*([A-Za-z][\w'’.-]*)")
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")
_NEXT_WORDS = re.compile(r"(?:[\s\u00a0]+[\w'’.-]+){1,6}")
_COORD_HEAD = re.compile(
    r"(?:(?:\s*,\s*|\s+(?:and|or)\s+)[A-Z][\w'’.-]*)*[\s\u00a0]+([A-Za-z]+)"
)
_PREV_WORD = re.compile(r"([\w'’-]+)[^\w]*\Z")
_ITS = re.compile(r"\s+and\s+(?:its|their)\b")
_CAPS_WORD_BEFORE = re.compile(r"([A-Za-z]{2,})[ \t]+\Z")
_CAPS_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]{2,})")
_WORD_BEFORE_TO = re.compile(r"(\w+)\s+to\s+(?:the\s+)?\Z")
_WORD_BEFORE_WITH = re.compile(r"(\w+)\s+with\s+(?:the\s+)?\Z")
_LEFT_SPAN = 80


# -- predicates -------------------------------------------------------------------------------------

def alias_rule(alias: str) -> str:
    """The rule an actor alias gets: from :data:`ALIAS_RULES`, ``acronym`` for short capitals, else ``alias``.

    Examples
    --------
    >>> alias_rule("IS"), alias_rule("SDF"), alias_rule("NATO"), alias_rule("Hezbollah")
    ('is_acronym', 'acronym', 'alias', 'alias')
    """
    return ALIAS_RULES.get(alias) or (
        "acronym" if alias.isupper() and alias.isalpha() and len(alias) <= SHORT_ACRONYM else "alias"
    )


def in_caps_run(text: str, start: int, end: int) -> bool:
    """True if a neighbouring word (same line) is all capitals: a heading, not running text.

    Examples
    --------
    >>> t = "THIS IS WAR"
    >>> in_caps_run(t, 5, 7)
    True
    >>> t = "The IS group"
    >>> in_caps_run(t, 4, 6)
    False
    """
    before = _CAPS_WORD_BEFORE.search(text, max(0, start - 30), start)
    if before and before.group(1).isupper():
        return True
    after = _CAPS_WORD_AFTER.match(text, end)
    return bool(after and after.group(1).isupper())


def possessive_end(text: str, end: int) -> int | None:
    """Return the end of a possessive ``'s`` / ``’s`` (or bare ``'``) right after ``end``, else None.

    Examples
    --------
    >>> possessive_end("Iraq’s army", 4), possessive_end("Iraq is", 4)
    (6, None)
    """
    m = _POSSESSIVE.match(text, end)
    return m.end() if m else None


def agent_head_follows(text: str, end: int) -> bool:
    """True if the next noun (through ``and``/``or``/comma-joined names) is an agent noun.

    Examples
    --------
    >>> t = "Russian and Syrian warplanes struck"
    >>> agent_head_follows(t, 7)
    True
    >>> t = "the Iraqi city of Tikrit"
    >>> agent_head_follows(t, 9)
    False
    """
    if end < len(text) and text[end] in "-–":
        return False
    m = _COORD_HEAD.match(text, end)
    return bool(m and m.group(1).lower() in AGENT_HEADS)


def _prev_word(text: str, start: int, span: int) -> str | None:
    m = _PREV_WORD.search(text, max(0, start - span), start)
    return m.group(1) if m else None


def _next_word(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end)
    return m.group(1) if m else ""


def _verb_follows(text: str, end: int) -> bool:
    pos = end
    for _ in range(3):
        m = _WORD_AFTER.match(text, pos)
        if not m:
            return False
        word = m.group(1)
        if word in _ADVERBS or (word.endswith("ly") and word.islower()):
            pos = m.end()
            continue
        return word in AGENT_VERBS or (word.islower() and word.endswith("ed") and len(word) > 4)
    return False


def _geo_soon(text: str, pos: int) -> bool:
    m = _NEXT_WORDS.match(text, pos)
    if not m:
        return False
    for word in m.group(0).split():
        bare = word.strip(".,;:'’").lower()
        if bare in _STOP_LOOKAHEAD or bare in AGENT_VERBS:
            break  # the possessed phrase ends at its verb: "Iran's proxies have destabilised the region"
        for part in bare.split("-"):
            if part in GEO_HEADS:
                return True
        if word[-1:] in ",;:.":
            break
    return False


def _left_word(text: str, start: int) -> str:
    """The word governing a name: ``in`` in ``in both Baghdad and Damascus``, ``with`` in ``with Iran, Russia and``.

    Reads the :data:`_LEFT_SPAN` characters before the name (their first word
    is dropped when the window cuts into the text: it may be cut) and walks
    back over the words of :data:`_SKIP_LEFT` and over coordinated
    capitalised names.
    """
    words = text[max(0, start - _LEFT_SPAN):start].split()
    if start > _LEFT_SPAN and words:
        words = words[1:]
    i = len(words) - 1
    while i >= 0:
        word = words[i]
        bare = word.rstrip(",")
        if bare in ("and", "or") and i > 0 and words[i - 1][:1].isupper():
            i -= 2
        elif (word.endswith(",") and bare[:1].isupper()) or bare.lower() in _SKIP_LEFT:
            i -= 1
        else:
            return bare.lower() if bare.isalpha() else ""
    return ""


def _word_before(pattern: re.Pattern[str], text: str, start: int) -> str:
    """The word before ``to``/``with`` (``pattern``) right before a name, within 40 characters, else ``""``."""
    match = pattern.search(text, max(0, start - 40), start)
    return match.group(1) if match else ""


def place_role(text: str, start: int, end: int, default_role: str, next_place_start: int = -1) -> str:
    """Decide whether a country or capital name is a location (``"place"``) or an agent (``"actor"``).

    The first test that applies decides:

    1. followed by a hyphen (``Iraq-Syria border``, ``U.S.-ISF coordination``): the default role;
    2. possessive (``Iraq’s``): place if a place name (starting at ``next_place_start``)
       or a geographic noun (:data:`GEO_HEADS`) follows within a few words (``Syria’s Deir Ezzor
       province``, ``Iraq’s second-largest city``), else actor (``Iraq’s
       cooperation``, ``Baghdad's war strategy``);
    3. after a locative preposition (:data:`LOCATIVE_PREPOSITIONS`), also through a
       coordination (``in Syria``, ``in both Baghdad and Damascus``): place; after
       ``to``/``from`` only if the default role is place (``to Syria`` but
       ``forewarning to the U.S.``) or a journey (:data:`MOTION_BEFORE_TO`) precedes ``to``
       (``heading to Iran``);
    4. after ``with``/``against``/``by`` (``with Damascus``, ``with Iran,
       Russia and Syria``): actor, except after a geographic noun
       (``the border with Iraq``): place;
    5. before an agent noun (``U.S. officials``) or a verb (``Washington
       refuses``, ``Iraq also accepted``) or ``and its`` (``Syria and its
       allies``): actor;
    6. otherwise the place's ``default_role`` from the gazetteer (``actor`` for
       the United States, Russia, Iran, Turkey, Washington, Moscow, Tehran and
       Ankara, which news copy names mostly as agents; ``place`` elsewhere).

    Examples
    --------
    >>> t = "Washington refuses to coordinate any of its operations in Syria with Damascus."
    >>> place_role(t, 0, 10, "actor"), place_role(t, 58, 63, "place"), place_role(t, 69, 77, "place")
    ('actor', 'place', 'actor')
    >>> t = "These strikes show Iraq’s cooperation with Syria and its allies."
    >>> place_role(t, 19, 23, "place"), place_role(t, 43, 48, "place")
    ('actor', 'actor')
    """
    after = text[end:end + 1]
    if after in ("-", "–"):
        return default_role
    pos = possessive_end(text, end) if after in ("'", "’") else None
    if pos is not None:
        if 0 <= next_place_start - pos <= 2 or _geo_soon(text, pos):
            return "place"
        return "actor"
    left = _left_word(text, start)
    if left in LOCATIVE_PREPOSITIONS or (left in SPATIAL_PREPOSITIONS and default_role == "place"):
        return "place"
    if left == "to" and _word_before(_WORD_BEFORE_TO, text, start) in MOTION_BEFORE_TO:
        return "place"
    if left in AGENT_PREPOSITIONS:
        geo_with = left == "with" and _word_before(_WORD_BEFORE_WITH, text, start).lower() in GEO_HEADS
        return "place" if geo_with else "actor"
    if agent_head_follows(text, end) or _verb_follows(text, end) or _ITS.match(text, end):
        return "actor"
    if _next_word(text, end).lower() in GEO_HEADS:
        return "place"
    return default_role


def definite_coalition(text: str, start: int, demonyms: frozenset[str]) -> bool:
    """True if a bare ``coalition`` at ``start`` refers to the US-led coalition.

    Examples
    --------
    >>> definite_coalition("In Iraq the coalition conducted", 13, frozenset())
    True
    >>> definite_coalition("this coalition has command centers", 5, frozenset())
    False
    >>> definite_coalition("an Iraqi and Syrian coalition", 20, frozenset({"Syrian"}))
    False
    """
    word = _prev_word(text, start, 40)
    if word is None:
        return True
    return word.lower() not in NOT_THE_COALITION and word not in demonyms and word.split("-")[-1] not in demonyms


def is_cue(text: str, start: int, end: int) -> bool:
    """True if a bare ``IS`` at ``start:end`` carries a cue that the group is meant.

    Examples
    --------
    >>> t = "The IS group has suffered losses"
    >>> is_cue(t, 4, 6)
    True
    >>> t = "Islamic State (IS) militants"
    >>> is_cue(t, 15, 17)
    True
    >>> t = "IS has been unable to counter"
    >>> is_cue(t, 0, 2)
    False
    """
    if start > 0 and text[start - 1] == "(" and text[end:end + 1] == ")":
        return True
    if start > 0 and text[start - 1] in "-–" and text[max(0, start - 5):start - 1].lower() == "anti":
        return True
    if text[end:end + 1] in "-–":
        return _next_word(text, end + 1).lower() in IS_CUES_AFTER
    if _next_word(text, end).lower() in IS_CUES_AFTER:
        return True
    # A determiner cannot precede the verb "is": "the IS" is the group.
    return _prev_word(text, start, 20) in ("the", "The", "THE")
