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

import re

__all__ = [
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

#: ``<demonym or country>-<suffix>`` forms generated as affiliation mentions of the backer.
AFFILIATION_SUFFIXES: tuple[str, ...] = ("backed", "led", "supported", "sponsored", "directed", "allied", "aligned")
#: Prefixes generated the same way (``pro-Iranian``, ``anti-Assad`` is *not* generated: opposition is not backing).
AFFILIATION_PREFIXES: tuple[str, ...] = ("pro-",)

#: Nouns after a demonym or country name that make it denote the state acting (lower case).
AGENT_HEADS: frozenset[str] = frozenset(
    """
    official officials officer officers leader leaders leadership government governments regime
    authorities administration president minister ministers ministry diplomat diplomats envoy
    spokesman spokesperson spokeswoman commander commanders general generals military army armed
    navy air forces force troops soldiers personnel advisors advisers adviser advisor pilots
    warplanes warplane jets jet aircraft planes drones bombers helicopters artillery airstrikes
    airstrike strikes strike raids bombing bombardment intervention involvement presence influence
    support backing aid assistance operation operations effort efforts campaign offensive policy
    strategy interests interest actions action role allies ally partner partners proxies proxy
    embassy intelligence side delegation decision demands demand pressure engagement cooperation
    response
    """.split()
)

#: Nouns that make a following country name / possessive a location (``Iraq’s western Anbar region``).
GEO_HEADS: frozenset[str] = frozenset(
    """
    city cities town towns village villages province provinces governorate region regions area areas
    border borders frontier territory territories capital east west north south northeast northwest
    southeast southwest countryside desert coast mountains mountain river valley airspace soil
    neighbourhood neighborhood district districts outskirts heartland streets
    """.split()
)

#: Words before a place name (possibly through a coordination) that make it a location.
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset(
    "in into inside across throughout within near around over through outside beyond along at via".split()
)
#: Directional words: a location for theatre names (``to Syria``), but a partner or source for
#: names whose ``default_role`` is ``actor`` (``forewarning to the U.S.``, ``arms from Russia``).
SPATIAL_PREPOSITIONS: frozenset[str] = LOCATIVE_PREPOSITIONS | frozenset("to toward towards from out".split())
#: Words that end the look-ahead of a possessive (``Washington’s in the region`` is elliptical).
_STOP_LOOKAHEAD = frozenset("in on at of and or but with to for from by as that which who than".split())
#: Words before a country or capital that make it an agent or partner.
AGENT_PREPOSITIONS: frozenset[str] = frozenset("with against by versus vs".split())

#: Verbs (and auxiliaries) that make a preceding country or capital an agent. Any lower-case
#: word ending in ``-ed`` counts too (``Iraq launched``).
AGENT_VERBS: frozenset[str] = frozenset(
    """
    has have had is was were will would may might can could must should shall did does do
    says said refuses refused wants wanted aims aimed seeks sought sees saw claims claimed denies
    denied insists insisted accepts accepted rejects rejected warns warned vows vowed threatens
    threatened demands demanded supports backs sends sent launches launched bombs bombed strikes
    struck attacks attacked responds responded joins joined plans planned hopes hoped needs
    fears feared lacks gains gained tries tried intends agrees agreed welcomes welcomed opposes
    opposed announces announced decides decided continues continued began begins appears appeared
    considers considered helps helped pushes pushed uses used keeps kept knows knew believes
    believed accuses accused blames blamed condemns condemned calls called asks asked expects
    """.split()
)

#: Skipped between a name and its verb (``Iraq also accepted``, ``Russia ultimately chose``).
_ADVERBS = frozenset("also now still not already then thus therefore itself again even just never only".split())

#: Words before a bare ``coalition`` that make it *some* coalition, not the US-led one.
NOT_THE_COALITION: frozenset[str] = frozenset("a an this that another new own their his her one any".split())

#: Words after bare ``IS`` that show the group is meant (lower case).
IS_CUES_AFTER: frozenset[str] = frozenset(
    """
    militants militant fighters fighter group members member jihadists jihadist terrorists
    reinforcements siege forces attack attacks offensive caliphate leader leaders stronghold
    remnants territory positions control held controlled commander commanders suicide cell cells
    """.split()
)

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
_LEFT_SPAN = 80


# -- predicates -------------------------------------------------------------------------------------

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
    # Same as ``_CAPS_WORD_BEFORE.search(text, max(0, start - 30), start)`` without trying
    # every start position: the match is the letter run before the trailing blanks.
    if start and text[start - 1] in " \t":
        window = text[max(0, start - 30):start]
        word = window.rstrip(" \t")
        word = word[len(word.rstrip(_ASCII_LETTER_CHARS)):]
        if len(word) >= 2 and word.isupper():
            return True
    if text[end:end + 1] not in (" ", "\t"):
        return False
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
    """``_PREV_WORD.search(text, max(0, start - span), start).group(1)`` (None without a match), faster.

    A regex search tries every start position of the window, each time running a
    word to its end. Whether position ``p`` matches does not depend on where the
    window starts, so a search in the last few characters gives the same
    leftmost match unless it starts at the short window's edge (the word may go
    on to the left) or holds no word character (the word may lie further left):
    then the whole window is searched.
    """
    lo = max(0, start - span)
    short = start - _PREV_SHORT
    if short > lo:
        m = _PREV_WORD.search(text, short, start)
        if m is not None and m.start() > short:
            word = m.group(1)
            if word.strip("'’-"):
                return word
    m = _PREV_WORD.search(text, lo, start)
    return m.group(1) if m else None


_PREV_SHORT = 12
_ASCII_LETTER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


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
    for word in re.split(r"[\s\u00a0]+", m.group(0).strip()):
        bare = word.strip(".,;:'’").lower()
        if bare in _STOP_LOOKAHEAD:
            break
        for part in bare.split("-"):
            if part in GEO_HEADS:
                return True
        if word[-1:] in ",;:.":
            break
    return False


_SKIP_LEFT = frozenset("the both either neighbouring neighboring western eastern northern southern central".split())


def _left_word(text: str, start: int) -> str:
    """The word governing a name: ``in`` in ``in both Baghdad and Damascus``, ``with`` in ``with Iran, Russia and``.

    Walks back over determiners and over coordinated capitalised names (plain
    string operations: this runs for every country or capital name). The usual
    case, words separated by single spaces, reads the last few words with
    ``str.rfind``; anything else (other white space, a word the walk may need
    beyond those) falls back to splitting the whole :data:`_LEFT_SPAN` window.
    """
    pos = start - 1  # the space after the word being read
    if pos < 1 or text[pos] != " ":
        return _left_word_window(text, start)
    limit = start - _LEFT_SPAN  # if > 0, the window's first word is dropped (it may be cut)
    lo = limit if limit > 0 else 0
    # Most names follow a word that decides alone (``in``, ``with``, ``said``), perhaps after a
    # determiner (``in the``), memoised: while the words before are ones already seen, single-spaced
    # and plainly not the window's first word, read back over skipped words to the deciding one.
    stop = pos
    j = text.rfind(" ", lo, stop)
    while j > lo and not text[j - 1].isspace():
        decided = _LEFT_DECIDED.get(text[j + 1:stop])
        if decided is _READ_ON:
            stop, j = j, text.rfind(" ", lo, j)
            continue
        if decided is not None and decided is not _COORDINATION:
            return decided
        break
    word = _word_before(text, pos, lo, limit)
    if word:
        decided = _LEFT_DECIDED.get(word)
        if decided is None:
            decided = _remember(_LEFT_DECIDED, word, _left_decision(word))
        if decided is not _READ_ON and decided is not _COORDINATION:
            return decided
    while word is not None:
        if word == "":
            return ""  # the window holds no more words
        bare = word.rstrip(",")
        if bare in ("and", "or"):
            before = _word_before(text, pos - len(word) - 1, lo, limit)
            if before is None:
                break
            if before[:1].isupper():
                pos -= len(word) + len(before) + 2
                word = _word_before(text, pos, lo, limit)
                continue
        if (word.endswith(",") and bare[:1].isupper()) or bare.lower() in _SKIP_LEFT:
            pos -= len(word) + 1
            word = _word_before(text, pos, lo, limit)
            continue
        return bare.lower() if bare.isalpha() else ""
    return _left_word_window(text, start)


# Decisions of _left_word that are not an answer (they hold a space, so no word can equal them).
_READ_ON = "read on"  # a determiner or a capitalised name with a comma: the walk reads the word before
_COORDINATION = "and or"  # the walk depends on the word before
_MEMO_LIMIT = 50_000


def _remember(memo: dict[str, str], key: str, value: str) -> str:
    """Store ``value`` under ``key`` in a per-word memo and return it; a full memo starts again (flat memory)."""
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


_LEFT_DECIDED: dict[str, str] = {}


def _left_decision(word: str) -> str:
    """What :func:`_left_word` does on reading ``word``: its answer, :data:`_READ_ON` or :data:`_COORDINATION`."""
    bare = word.rstrip(",")
    if bare in ("and", "or"):
        return _COORDINATION
    if (word.endswith(",") and bare[:1].isupper()) or bare.lower() in _SKIP_LEFT:
        return _READ_ON
    return bare.lower() if bare.isalpha() else ""


def _word_before(text: str, pos: int, lo: int, limit: int) -> str | None:
    """The window word ending right before ``pos`` (a space, or -1): ``""`` if there is none, None if unsure."""
    if pos < 0:
        return "" if limit <= 0 else None
    j = text.rfind(" ", lo, pos)
    if j < 0:
        if limit > 0:
            return None
        word = text[:pos]
        if not word:
            return ""
        return word if word.isprintable() else None
    word = text[j + 1:pos]
    # Empty (two spaces) or holding other white space: only str.split() knows the words.
    if not word or not word.isprintable():
        return None
    if limit > 0 and (j - 1 < limit or text[j - 1].isspace()):
        return None  # may be the window's first word
    return word


def _left_word_window(text: str, start: int) -> str:
    """:func:`_left_word` on the whole :data:`_LEFT_SPAN` window."""
    words = text[max(0, start - _LEFT_SPAN):start].split()
    if start > _LEFT_SPAN and words:
        words = words[1:]  # may be cut
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


_GEO_WITH = re.compile(r"(\w+)\s+with\s+(?:the\s+)?$")
#: A journey before ``to``: the name after it is a destination (``heading to Iran``, ``his visit to Moscow``),
#: also for names whose default role is ``actor``.
_MOTION_TO = re.compile(
    r"\b(?:head(?:s|ed|ing)?|travel(?:s|led|ed|ling|ing)?|trips?|visits?|visited|visiting|journey|flew|fly(?:ing)?|"
    r"fled|flee(?:s|ing)?|return(?:s|ed|ing)?|deport(?:ed|ation)|extradit(?:ed|ion)|smuggled|moved|relocated|"
    r"arriv(?:al|ed|ing)|way|back)\s+to\s+(?:the\s+)?\Z")


def _geo_with(text: str, start: int) -> bool:
    """True for ``the border with Iraq``: *with* after a geographic noun joins two places."""
    match = _GEO_WITH.search(text, max(0, start - 40), start)
    return bool(match and match.group(1).lower() in GEO_HEADS)


def place_role(text: str, start: int, end: int, default_role: str, next_place_start: int = -1) -> str:
    """Decide whether a country or capital name is a location (``"place"``) or an agent (``"actor"``).

    The first test that applies decides:

    1. followed by a hyphen (``Iraq-Syria border``, ``U.S.-ISF coordination``): the default role;
    2. possessive (``Iraq’s``): place if a place name or a geographic noun
       (:data:`GEO_HEADS`) follows within a few words (``Syria’s Deir Ezzor
       province``, ``Iraq’s second-largest city``), else actor (``Iraq’s
       cooperation``, ``Baghdad's war strategy``);
    3. after a locative preposition (:data:`LOCATIVE_PREPOSITIONS`), also through a
       coordination (``in Syria``, ``in both Baghdad and Damascus``): place; after
       ``to``/``from`` only if the default role is place (``to Syria`` but
       ``forewarning to the U.S.``) or a journey precedes ``to`` (``heading to Iran``);
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
    ch = text[end:end + 1]
    if ch == "-" or ch == "–":
        return default_role
    if ch == "'" or ch == "’":  # the only way a possessive can start
        pos = possessive_end(text, end)
        if pos is not None:
            if 0 <= next_place_start - pos <= 2 or _geo_soon(text, pos):
                return "place"
            return "actor"
    left = _left_word(text, start)
    if left in LOCATIVE_PREPOSITIONS or (left in SPATIAL_PREPOSITIONS and default_role == "place"):
        return "place"
    if left == "to" and _MOTION_TO.search(text, max(0, start - 40), start):
        return "place"
    if left in AGENT_PREPOSITIONS:
        return "place" if left == "with" and _geo_with(text, start) else "actor"
    if ch == " ":
        # The usual case, one space then a plain word: that word is what _WORD_AFTER would read.
        stop = text.find(" ", end + 1, end + 32)
        if stop > end + 1:
            first = text[end + 1:stop]
            if first.isalpha() and first.isascii() and first != "and" and first != "or":
                return _role_from_next_word(text, first, stop, default_role)
    if ch.isspace():
        word = _WORD_AFTER.match(text, end)
        if word is not None and word.group(1) not in ("and", "or"):
            return _role_from_next_word(text, word.group(1), word.end(), default_role)
    elif ch == ",":
        # After a comma only a coordination can follow (``Iran, Russia and Syria warplanes``):
        # the verb, ``and its`` and geographic-noun tests all need a space or a letter here.
        return "actor" if agent_head_follows(text, end) else default_role
    elif not ("a" <= ch <= "z" or "A" <= ch <= "Z"):
        return default_role  # every test below needs a space, a comma or a letter here
    if agent_head_follows(text, end) or _verb_follows(text, end) or _ITS.match(text, end):
        return "actor"
    if _next_word(text, end).lower() in GEO_HEADS:
        return "place"
    return default_role


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")


def _role_from_next_word(text: str, first: str, first_end: int, default_role: str) -> str:
    """Steps 5-6 of :func:`place_role` from the next word (white space before it) and where it ends.

    The same decision as ``agent_head_follows or _verb_follows or _ITS`` then
    ``_next_word in GEO_HEADS``, with one regex call instead of four: when the
    next word is not ``and``/``or`` no coordination can start, so the agent head
    is the word's leading letters; the verb test starts from the same word; and
    ``and its`` cannot follow. What the word alone decides is memoised.
    """
    code = _NEXT_WORD_CODE.get(first)
    if code is None:
        code = _remember(_NEXT_WORD_CODE, first, _next_word_code(first))
    if code == "actor" or (code == "adverb" and _verb_from(text, first, first_end)):
        return "actor"
    if code == "place" or (code == "adverb" and first.lower() in GEO_HEADS):
        return "place"
    return default_role


_NEXT_WORD_CODE: dict[str, str] = {}


def _next_word_code(first: str) -> str:
    """``actor``, ``place``, ``default``, or ``adverb`` (the verb test reads on) for a next word."""
    head = first if first.isalpha() and first.isascii() else _ASCII_LETTERS.match(first).group()
    if head.lower() in AGENT_HEADS:
        return "actor"
    if first in _ADVERBS or (first.endswith("ly") and first.islower()):
        return "adverb"
    if first in AGENT_VERBS or (first.islower() and first.endswith("ed") and len(first) > 4):
        return "actor"
    return "place" if first.lower() in GEO_HEADS else "default"


def _verb_from(text: str, word: str, word_end: int) -> bool:
    """:func:`_verb_follows` given its first ``_WORD_AFTER`` word and where that word ends."""
    for _ in range(3):
        if word in _ADVERBS or (word.endswith("ly") and word.islower()):
            m = _WORD_AFTER.match(text, word_end)
            if not m:
                return False
            word, word_end = m.group(1), m.end()
            continue
        return word in AGENT_VERBS or (word.islower() and word.endswith("ed") and len(word) > 4)
    return False


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
