"""The grammatical role of each actor mention around violence and cooperation events, and its counterpart.

Word-order heuristics over one sentence, no parser: they read "X attacked Y", "X was attacked by Y",
"X, backed by Y", "Y-backed X", "X liberated P from Y", "X killed dozens of terrorists/civilians",
"strikes on X", "anti-X", and a participle after a comma (", killing civilians") as continuing the
clause's subject. The verbs, event nouns and counterpart classes are data (``stance_roles.csv``,
``stance_counterparts.csv``); this module only finds who does what to whom and values the role:

- an agent's valence comes mostly from whom its action is aimed at (civilians delegitimise,
  terrorists legitimise), partly from the verb itself;
- a target's valence comes mostly from who acts on it (victims of terrorists are cast sympathetically),
  partly from the verb (a liberated-from actor is cast as the enemy, a killed one as a victim);
- a negated event ("did not participate in the attack") carries no valence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise

from .attachment import SAME_HEADS, SPEECH_VERBS, Sites, affiliation_modifier, follows_of_head
from .lexicons import ROLE_CLASSES, RoleEntry, StanceLexicons
from .tokens import _TOKEN, is_negation, token_owners

__all__ = ["Event", "RoleResult", "counterpart_spans", "role_from_sites", "sentence_events", "sentence_roles"]

_HARD = frozenset({";", ":", "(", ")", "—", "–", "“", "”", '"', "?", "!", "«", "»"})
_BOUNDARY_WORDS = frozenset(
    "but while although though whereas because since when where until unless if however who which whom whose "
    "and that".split()
)
_PREPS = frozenset(
    "in of from to with near against on for by into at across toward towards between over under within beyond "
    "inside outside alongside behind about as".split()
)
_BE = frozenset("was were been being is are be got get gets has have had".split())
_ADVERBS_SKIP = frozenset("also reportedly allegedly already then later successfully repeatedly just".split())
_DETERMINERS = frozenset("the a an its their his her our this that these those".split())
_PASSIVE_END = ("ed", "en")
_IRREGULAR_PARTICIPLES = frozenset("struck fought hit rid overrun retaken driven seized led".split())
_COOP = frozenset({"cooperation", "support", "protection"})
#: Quantifiers before a participle that make it an adjective ("many wounded people"); not "all" ("have all targeted").
_QUANTIFIERS = frozenset("many several other more most few dozens hundreds thousands".split())
_COPULAS = frozenset("is are was were".split())
#: Auxiliaries of a passive (not of the perfect: "has conducted airstrikes" is active).
_PASSIVE_AUX = _COPULAS | frozenset("be been being get gets got".split())
#: Adjectives between "in" and the agent of an event noun ("killed in heavy Russian airstrikes").
_EVENT_ADJECTIVES = frozenset("new fresh recent heavy deadly renewed intense intensive overnight latest suspected "
                              "separate".split())


@dataclass(frozen=True)
class Event:
    """One event of a sentence: its cue, entry, agent and target (mention indices or counterpart classes)."""

    cue: str
    entry: RoleEntry
    agent: int | None
    target: int | None
    agent_class: str
    target_class: str
    agent_text: str
    target_text: str
    negated: bool


@dataclass(frozen=True)
class RoleResult:
    """Role of one mention: ``role``, ``counterpart`` (actor id or class), ``role_valence`` and the ``cue``."""

    role: str
    counterpart: str
    role_valence: float
    cue: str


_OTHER = RoleResult("other", "", 0.0, "")
# sentence analyses the public per-sentence functions keep per lexicon set (score_stance passes its own along):
# enough for calls made mention by mention, small so that memory stays flat
_CACHE = 1024
_NO_TERM = ("", 0)


class _Text:
    """What the role rules need of a sentence's text alone: tokens, clauses and counterpart terms.

    One analysis serves every mention of the sentence and every component of the scorer; read-only.
    Clauses and counterpart terms are worked out on first use: most sentences never need them.
    """

    __slots__ = ("_clause", "_terms", "candidates", "ends", "index", "lex", "low", "n", "starts", "text")

    def __init__(self, text: str, lex: StanceLexicons) -> None:
        self.text = text
        self.lex = lex
        self.low, self.starts, self.ends = _lower_tokens(text)
        self.n = len(self.low)
        self.index = index = lex.derived("roles", _RoleIndex)
        # the only tokens at which sentence_events can find an event: prefixes, "anti", event nouns and verbs
        self.candidates = [i for i, w in enumerate(self.low) if w in index.event_words]
        self._clause: list[int] | None = None
        self._terms: dict[int, tuple[str, int]] | None = None

    @property
    def clause(self) -> list[int]:
        """Clause id of each token: the count of clause boundaries up to and including it."""
        if self._clause is None:
            self._clause = list(accumulate(map(self.index.boundary.__contains__, self.low), initial=0))[1:]
        return self._clause

    @property
    def terms(self) -> dict[int, tuple[str, int]]:
        """The longest counterpart term starting at each token, ``{token: (class, size)}``; most tokens start none."""
        if self._terms is None:
            low, n, index, lookup = self.low, self.n, self.index, self.lex.counterpart_terms
            # filled in a local dict and published whole: a _Text is shared between threads through the
            # lexicons' per-text cache, and another thread must never see a half-filled table
            terms = {}
            for i in [i for i, w in enumerate(low) if w in index.cp_first]:
                for size in range(min(index.cp_max, n - i), 0, -1):
                    cls = lookup.get(tuple(low[i:i + size]))
                    if cls:
                        terms[i] = (cls, size)
                        break
            self._terms = terms
        return self._terms

    def counterpart_spans(self) -> list[tuple[int, int]]:
        """Character spans of the counterpart terms, left to right, a term never inside the previous one."""
        out = []
        free_from = 0
        for i in sorted(self.terms):
            if i >= free_from:
                size = self.terms[i][1]
                out.append((self.starts[i], self.ends[i + size - 1]))
                free_from = i + size
        return out


# :func:`.tokens.tokenize`'s pattern as a separator: ``split`` gives white space and tokens in turn, and every
# character is one or the other, so the token offsets are running sums of lengths (no match object per token)
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", _TOKEN.flags)
# without an apostrophe the contracted negation cannot match, and the pattern without it scans each word once
_WORD_SPLIT = re.compile(r"(\w+|[^\w\s])", _TOKEN.flags)
# lower-casing first changes the tokens only through these: "İ" becomes two characters, "Σ" lower-cases by
# context, and the contracted negation of the pattern ("n't") is case-sensitive
_CASED_NEGATION = re.compile("N['’][tT]|n['’]T")


def _split_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tokens of :func:`.tokens.tokenize` as words, start offsets and end offsets."""
    parts = (_TOKEN_SPLIT if "'" in text or "’" in text else _WORD_SPLIT).split(text)
    bounds = list(accumulate(map(len, parts)))
    return parts[1::2], bounds[0:-1:2], bounds[1::2]


def _lower_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """Lower-cased tokens of :func:`.tokens.tokenize` with their start and end offsets in ``text``."""
    if "İ" in text or "Σ" in text or (("'" in text or "’" in text) and _CASED_NEGATION.search(text)):
        words, starts, ends = _split_tokens(text)
        return [w.lower() for w in words], starts, ends
    return _split_tokens(text.lower())


class _RoleIndex:
    """Word sets of the lexicons that let :class:`_Text` skip the tokens no rule can start at."""

    def __init__(self, lex: StanceLexicons) -> None:
        self.boundary = _HARD | _BOUNDARY_WORDS
        self.cp_max = max((len(k) for k in lex.counterpart_terms), default=1)
        self.cp_first = frozenset(k[0] for k in lex.counterpart_terms if k)
        self.event_words = frozenset({"-", "anti"} | set(lex.nouns) | set(lex.verbs))


def _text_info(text: str, lex: StanceLexicons) -> _Text:
    return lex.per_text("roles", _Text, maxsize=_CACHE)(text)


def _mention_tokens(info: _Text, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token range ``[a, b)`` of each span (the tokens it overlaps), ``(-1, -1)`` when it overlaps none."""
    out = []
    for s, e in spans:
        # token starts and ends both increase: the overlapping tokens are a contiguous run
        a = bisect_right(info.ends, s)
        b = bisect_left(info.starts, e)
        out.append((a, b) if a < b else (-1, -1))
    return out


class _Sentence:
    """Tokens, clause ids and mention positions of one sentence, with the searches the rules need."""

    def __init__(self, info: _Text, spans: Sequence[tuple[int, int]], actors: Sequence[str],
                 places: Sequence[bool], lex: StanceLexicons) -> None:
        self.info = info
        self.low = info.low
        self.n = info.n
        self.lex = lex
        self.actors = list(actors)
        self.places = list(places)
        self.mtok = _mention_tokens(info, spans)
        self.owner = token_owners(self.n, self.mtok, self.places)  # places own no tokens
        self.clause = info.clause
        self.terms = info.terms

    # -- counterpart nouns ----------------------------------------------------------------------------
    def term_at(self, i: int) -> tuple[str, int]:
        """Counterpart class of the longest counterpart term starting at token ``i`` and its length."""
        return self.terms.get(i, _NO_TERM)

    def mention_class(self, k: int) -> str:
        """Counterpart class of mention ``k``: its actor's class, else a class term in or right after it."""
        cls = self.lex.counterpart_actors.get(self.actors[k], "")
        if cls:
            return cls
        a, b = self.mtok[k]
        # the head right after it ("ISIS militants"), not a word beyond ("Russian warplanes struck terrorist
        # positions" made the warplanes terrorists)
        for i in range(a, min(b + 1, self.n)):
            cls, _ = self.term_at(i)
            if cls:
                return cls
        return ""

    def text_of(self, a: int, b: int) -> str:
        return " ".join(self.word(j) for j in range(a, b))

    def word(self, i: int) -> str:
        """Token ``i`` as written."""
        return self.info.text[self.info.starts[i]:self.info.ends[i]]

    # -- searches ----------------------------------------------------------------------------------------
    def premodifier(self, i: int) -> tuple[int | None, str, str] | None:
        """The mention right before the event noun at ``i``, its agent ("an [ISIS] attack on a checkpoint",
        "the [U.S.] killing of Soleimani"), else None. A class term there ("terrorist attacks") is left to the
        subject search: "[Iran] may have had a hand in terrorist attacks"."""
        k = self.owner[i - 1] if i >= 1 else -1
        return (k, self.mention_class(k), self.text_of(*self.mtok[k])) if k >= 0 else None

    def passive_before(self, i: int) -> bool:
        """Whether a passive verb group stands between token ``i`` and any candidate to its left in the clause:
        the passive's subject suffered it and is not the agent of an event noun after it ("[Syrian soldiers] were
        martyred in a terrorist attack")."""
        c = self.clause[i]
        for j in range(i - 1, 0, -1):
            if self.clause[j] != c or self.owner[j] >= 0 or self.low[j] == "by":
                return False
            if self.low[j].endswith(_PASSIVE_END) and self.low[j - 1] in _PASSIVE_AUX:
                return True
        return False

    def instrument(self, i: int) -> tuple[int | None, str, str]:
        """The agent of a passive verb at ``i`` named in the event that did it: "killed in [Russian] airstrikes",
        "wounded during an [ISIS] attack" (the mention or term before, or holding, an event noun)."""
        for j in range(i + 1, min(self.n, i + 4)):
            if self.low[j] not in ("in", "during"):
                continue
            t = j + 1
            while t < self.n and t - j <= 3 and (self.low[t] in _DETERMINERS or self.low[t].isdigit()
                                                 or self.low[t] in _EVENT_ADJECTIVES):
                t += 1
            found = self.candidate(t) if t < self.n else None
            if found is not None:
                k = found[0]
                last = self.mtok[k][1] - 1 if k is not None else t + self.term_at(t)[1] - 1
                if self.low[last] in self.lex.nouns or (last + 1 < self.n and self.low[last + 1] in self.lex.nouns):
                    return found
            break
        return None, "", ""

    def in_pp(self, k: int) -> bool:
        """Whether mention ``k`` sits in a prepositional phrase, but for "units of [X]" (X acts through the head)."""
        a, _ = self.mtok[k]
        j = a - 1
        while j >= 0 and (self.low[j] in _DETERMINERS or (self.word(j)[:1].isupper() and self.owner[j] < 0
                                                         and self.low[j] not in _PREPS)):
            j -= 1
        return j >= 0 and self.low[j] in _PREPS and not follows_of_head(self.low, j + 1)

    def left(self, i: int, limit: int = 12, cross_comma: bool = False) -> tuple[int | None, str, str]:
        """Nearest subject-like candidate left of token ``i`` in its clause: (mention, class, text)."""
        c = self.clause[i]
        j = i - 1
        stop = max(-1, i - 1 - limit)
        while j > stop and self.clause[j] == c:
            if self.low[j] == "," and not cross_comma:
                break
            k = self.owner[j]
            if k >= 0:
                if not self.in_pp(k):
                    return k, self.mention_class(k), self.text_of(*self.mtok[k])
                j = self.mtok[k][0] - 1
                continue
            cls, size = self.term_at(j)
            if cls and j > 0 and self.owner[j - 1] >= 0:
                j -= 1  # the head of a mention's phrase ("ISIS militants", "regime forces"): the mention acts
                continue
            if cls and not self.term_in_pp(j):
                return None, cls, self.text_of(j, j + size)
            j -= 1
        return None, "", ""

    def term_in_pp(self, j: int) -> bool:
        """Whether the counterpart term at ``j`` sits in a prepositional phrase, also behind a name
        ("airstrikes against the Islamic State militants were helping Assad": the militants are not the helpers)."""
        j -= 1
        while j >= 0 and (self.low[j] in _DETERMINERS or self.owner[j] >= 0
                          or (self.word(j)[:1].isupper() and self.low[j] not in _PREPS)):
            j -= 1
        return j >= 0 and self.low[j] in _PREPS

    def passive_subject(self, i: int) -> tuple[int | None, str, str]:
        """Subject of the passive participle at ``i``: the word right before its verb group when that is a noun
        no rule knows ("showed [Foley] being beheaded": not the mention further left), else :meth:`left`."""
        j = i - 1
        while j >= 0 and (self.low[j] in _BE or self.low[j] in _ADVERBS_SKIP):
            j -= 1
        if j < 0 or self.owner[j] >= 0 or j == i - 1:
            return self.left(i, limit=8)
        for t in (j, j - 1, j - 2):
            cls, size = self.term_at(t) if t >= 0 else ("", 0)
            if cls and t + size - 1 >= j:
                return None, cls, self.text_of(t, t + size)
        w = self.word(j)
        named = w[:1].isupper() or (j > 0 and self.low[j - 1] in _DET_WORDS)
        if w.isalpha() and w.lower() not in _RELATIVE and named:
            return None, "", ""  # "Foley being beheaded", "the journalist was killed": someone no rule knows
        return self.left(i, limit=8)

    def clause_subject(self, i: int) -> tuple[int | None, str, str]:
        """First subject-like mention of the clause holding token ``i`` (for participles after a comma)."""
        c = self.clause[i]
        j = i - 1
        while j > 0 and self.clause[j - 1] == c and (self.low[j - 1] not in SPEECH_VERBS or self.owner[j - 1] >= 0):
            j -= 1  # a speech verb opens the reported clause: its speaker is not the subject ("X said Y shot ...")
        for t in range(j, i):
            k = self.owner[t]
            if k >= 0 and not self.in_pp(k):
                return k, self.mention_class(k), self.text_of(*self.mtok[k])
        return None, "", ""

    def right(self, i: int, limit: int, after: tuple[str, ...] = ()) -> tuple[int | None, str, str]:
        """First object-like candidate right of token ``i`` in its clause, after one of ``after`` if given."""
        c = self.clause[i]
        hi = min(self.n, i + 1 + limit)
        j = i + 1
        if after:
            while j < hi and self.clause[j] == c and self.low[j] != "," and self.low[j] not in after:
                j += 1
            if j >= hi or self.low[j] not in after:
                j = i + 1  # no "from Y": the direct object is the target ("routed ISIS")
            else:
                j += 1
        while j < hi and self.clause[j] == c and self.low[j] != ",":
            found = self.candidate(j)
            if found is not None and not (found[0] is not None and self.affiliates(found[0])):
                return found
            j = self.mtok[found[0]][1] if found is not None and found[0] is not None else j + 1
        return None, "", ""

    def affiliates(self, k: int) -> bool:
        """Whether mention ``k`` only says who backs or leads the noun after it ("[Iranian-backed] militias")."""
        a, b = self.mtok[k]
        return affiliation_modifier(self.low, a, b)

    def candidate(self, j: int) -> tuple[int | None, str, str] | None:
        """The mention or counterpart term at token ``j`` as (mention, class, text), or None."""
        k = self.owner[j]
        if k >= 0:
            return k, self.mention_class(k), self.text_of(*self.mtok[k])
        cls, size = self.term_at(j)
        return (None, cls, self.text_of(j, j + size)) if cls else None

    def head(self, i: int, limit: int = 3) -> tuple[int | None, str, str]:
        """The noun phrase a compound modifier ("US-backed", "Iranian-led") attaches to, from token ``i``."""
        for j in range(i, min(self.n, i + limit)):
            found = self.candidate(j)
            if found is not None:
                return found
            if not self.word(j)[:1].isalpha() or self.low[j] in _BOUNDARY_WORDS or self.low[j] in _PREPS \
                    or self.low[j] in self.lex.verbs:
                break
        return None, "", ""

    def negated(self, i: int) -> bool:
        return any(is_negation(self.low[j]) for j in range(max(0, i - 3), i))


_MODALS = frozenset("to will would could can may might must did does do should shall not never".split())


def _idiom(low: Sequence[str], i: int, entry: RoleEntry) -> bool:
    """Whether the role verb at ``i`` is an idiom by its object ("struck a defiant tone", "hit a record")."""
    return bool(entry.idiom_objects) and any(w in entry.idiom_objects for w in low[i + 1:i + 4])


def _verb_reading(s: _Sentence, i: int) -> bool:
    """Whether the role word at ``i`` reads as a verb (not "the attack", "a bad defeat", "anti-ISIS fight")."""
    if i == 0:
        return False
    prev = s.low[i - 1]
    if prev in _DETERMINERS or prev == "-" or "anti" in s.low[max(0, i - 4):i]:
        return False
    if prev == "s" and i >= 2 and s.low[i - 2] in ("'", "’"):
        return False  # after a possessive it modifies a noun: "Syria's besieged government"
    w = s.low[i]
    if (s.term_at(i - 1)[0] and i >= 2 and s.low[i - 2] in ("a", "an", "the") and not prev.endswith("s")
            and not w.endswith(("ed", "ing"))):
        return False  # a singular class word premodifies a noun: "in a terrorist attack" ("the terrorists attack")
    if w.endswith(_PASSIVE_END) and (prev in _QUANTIFIERS or (i + 1 < s.n and s.low[i + 1] in _COPULAS)):
        return False  # an adjective or a noun: "treated many wounded people", "the dead and injured were Afghans"
    if _idiom(s.low, i, s.lex.verbs[w]):
        return False
    if w.endswith(("ed", "ing")) or w in _IRREGULAR_PARTICIPLES or w in {"drove", "overran", "retook", "took"}:
        return True
    # base and -s forms double as nouns: accept them after a subject (also its same-actor head: "[Assad] forces
    # bomb"), a modal or an adverb only
    return s.owner[i - 1] >= 0 or prev in _MODALS or prev in _ADVERBS_SKIP or bool(s.term_at(i - 1)[0]) or \
        prev in {"they", "we", "he", "she", "it", "who", "which", "that"} or \
        (prev in SAME_HEADS and i >= 2 and s.owner[i - 2] >= 0)


#: Liberation verbs whose passive subject is the loser and whose "from" names a place ("ISIS was routed from
#: Mosul", "60 people expelled from the U.S."), unlike "Hawija was liberated from ISIS".
_SUBJECT_LOSES = frozenset({"rout", "drive"})
_SUBJECT_PRONOUNS = frozenset("it they he she we i you".split())
_RELATIVE = frozenset("who which that whom".split())
_DET_WORDS = frozenset("the a an this that these those his her their its".split())


def _is_passive(s: _Sentence, i: int) -> bool:
    w = s.low[i]
    participle = w.endswith(_PASSIVE_END) or w in _IRREGULAR_PARTICIPLES
    if not participle:
        return False
    if i + 1 < s.n and s.low[i + 1] == "by":
        return True
    if i + 2 < s.n and s.low[i + 1] in ("in", "during", "amid", "from") and s.low[i - 1] not in _SUBJECT_PRONOUNS:
        # a participle straight before "in" or "from" is a reduced passive, not a verb with an object: "10 soldiers
        # killed in Israeli raids", "the Americans killed in ISIS captivity", "60 people expelled from the U.S."
        return True
    j = i - 1
    while j >= 0 and s.low[j] in _ADVERBS_SKIP:
        j -= 1
    return j >= 0 and s.low[j] in _BE and s.low[j] not in {"has", "have", "had"}


def sentence_events(text: str, spans: Sequence[tuple[int, int]], actors: Sequence[str],
                    places: Sequence[bool], lex: StanceLexicons) -> list[Event]:
    """Find the violence and cooperation events of one sentence with their agents and targets.

    Parameters
    ----------
    text : str
        The sentence.
    spans : sequence of (int, int)
        Character spans of the actor mentions in ``text``.
    actors : sequence of str
        Actor id of each mention.
    places : sequence of bool
        Whether each mention is a place (places are never agents or targets).
    lex : StanceLexicons
        The lexicons.

    Returns
    -------
    list of Event

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> t = "The Syrian army liberated the town from ISIS."
    >>> ev = sentence_events(t, [(4, 15), (40, 44)], ["syrian_arab_army", "isis"], [False, False],
    ...                      load_stance_lexicons())
    >>> [(e.cue, e.agent, e.target, e.target_class) for e in ev]
    [('liberated', 0, 1, 'terrorists')]
    """
    return _events(_text_info(text, lex), spans, actors, places, lex)


def _events(info: _Text, spans: Sequence[tuple[int, int]], actors: Sequence[str], places: Sequence[bool],
            lex: StanceLexicons) -> list[Event]:
    """:func:`sentence_events` of an analysed sentence."""
    if not info.candidates:
        return []  # no role word, prefix or "anti": no need to place the mentions
    s = _Sentence(info, spans, actors, places, lex)
    events: list[Event] = []
    max_obj = int(lex.meta.get("role", {}).get("max_object_distance", 12))
    for i in s.info.candidates:
        w = s.low[i]
        # prefixes: "X-backed Y", "X-led Y", "anti-X"
        if (w == "-" and 0 < i < s.n - 1 and s.low[i + 1] in lex.prefixes and s.low[i + 1] != "anti"
                and s.owner[i] < 0 and s.owner[i + 1] < 0):
            entry = lex.prefixes[s.low[i + 1]]
            ka = s.owner[i - 1]
            kt, ct, tt = s.head(i + 2)
            agent_txt = s.word(i - 1)
            if ka >= 0:
                agent_txt = s.text_of(*s.mtok[ka])
            if ka >= 0 or kt is not None:
                events.append(Event(s.low[i + 1], entry, ka if ka >= 0 else None, kt,
                                    s.mention_class(ka) if ka >= 0 else "", ct, agent_txt, tt, False))
            continue
        if w == "anti" and i + 2 < s.n and s.low[i + 1] == "-" and s.owner[i + 2] >= 0:
            kt = s.owner[i + 2]
            entry = lex.prefixes["anti"]
            events.append(Event("anti-", entry, None, kt, "", s.mention_class(kt), "", s.text_of(*s.mtok[kt]),
                                False))
            continue
        if s.owner[i] >= 0:
            continue  # a word inside a mention ("Hezbollah Brigades") is not an event
        # event nouns: "strikes on X", "offensive against X"
        noun = lex.nouns.get(w)
        if noun is not None:
            j = i + 1
            if j < s.n and s.low[j] in noun.preps:
                kt, ct, tt = s.right(j, max_obj)
                ka, ca, ta = s.premodifier(i) or (
                    (None, "", "") if s.passive_before(i) else s.left(i, limit=8))
                if kt is not None or ka is not None:
                    events.append(Event(w, noun, ka, kt, ca, ct, ta, tt, s.negated(i)))
                continue
        verb = lex.verbs.get(w)
        if verb is None or not _verb_reading(s, i):
            continue
        if verb.cls == "support" and i + 1 < s.n and (s.low[i + 1] in lex.verbs or (
                s.low[i + 1] == "to" and i + 2 < s.n and s.low[i + 2] in lex.verbs)):
            continue  # "helped drive the militants out": the help is for an action, the object is that action's
        if verb.cls == "protection" and _from_follows(s, i):
            # "defended Aleppo from jihadists": the one after "from" is the enemy, as with liberation
            verb = _defend_from(verb)
        after_comma = i > 0 and (s.low[i - 1] == "," or (s.low[i - 1] in _ADVERBS_SKIP and i > 1
                                                         and s.low[i - 2] == ","))
        if _is_passive(s, i):
            # "X was attacked by Y", "X, backed by Y", "forces backed by Y"
            if after_comma:
                kp, cp, tp = s.clause_subject(i)
            else:
                kp, cp, tp = s.passive_subject(i)
            if verb.cls == "liberation" and verb.lemma not in _SUBJECT_LOSES:
                # "Hawija, which was liberated from ISIS": ISIS loses, the place is freed
                ke, ce, te = s.right(i, max_obj, verb.preps)
                if ke is not None or ce:
                    kp, cp, tp = ke, ce, te
            ka, ca, ta = (None, "", "")
            if i + 1 < s.n and s.low[i + 1] == "by":
                ka, ca, ta = s.right(i + 1, 6)
            elif "by" in s.low[i + 1:i + 8]:
                ka, ca, ta = s.right(i + 1 + s.low[i + 1:i + 8].index("by"), 6)
            else:
                ka, ca, ta = s.instrument(i)
            if kp is not None or ka is not None:
                events.append(Event(w, verb, ka, kp, ca, cp, ta, tp, s.negated(i)))
            continue
        # active: subject to the left (the clause subject for ", killing ..."), object to the right
        if after_comma and w.endswith("ing"):
            by = _passive_agent_before(s, i)
            # "X were shelled by the regime, killing civilians": the one doing the shelling does the killing
            ka, ca, ta = s.right(by, 6) if by is not None else s.clause_subject(i)
        elif s.low[i - 1] == "and" and i > 1:  # "captured the city and executed soldiers": shared subject
            ka, ca, ta = s.clause_subject(i - 2)
        else:
            ka, ca, ta = s.left(i)
            if ka is None and not ca:  # "X, backed by Y, attacked Z": the subject sits before the appositive
                ka, ca, ta = s.clause_subject(i)
        # freeing verbs ("liberated the town from ISIS") fight the one after "from"; expelling verbs ("expelled
        # residents from Mosul", "drove ISIS out") act on their direct object
        frees = verb.cls == "liberation" and verb.lemma not in _SUBJECT_LOSES
        kt, ct, tt = s.right(i, max_obj, verb.preps if frees else ())
        if ka is not None or kt is not None:
            events.append(Event(w, verb, ka, kt, ca, ct, ta, tt, s.negated(i)))
    return _with_conjuncts(s, events)


def _with_conjuncts(s: _Sentence, events: list[Event]) -> list[Event]:
    """``events`` and the same events for the mentions coordinated with their agent or target: "[Russian] and
    [Syrian] jets pounded ..." gives the pounding to both, "ISIS killed [Kurds] and [Yazidis]" makes both targets."""
    groups = _conjunct_groups(s) if events else {}
    if not groups:
        return events
    out = list(events)
    for ev in events:
        for k in groups.get(ev.agent, ()) if ev.agent is not None else ():
            if k != ev.target:
                out.append(replace(ev, agent=k, agent_text=s.text_of(*s.mtok[k])))
        for k in groups.get(ev.target, ()) if ev.target is not None else ():
            if k != ev.agent:
                out.append(replace(ev, target=k, target_text=s.text_of(*s.mtok[k])))
    return out


def _conjunct_groups(s: _Sentence) -> dict[int, list[int]]:
    """Each actor mention and the others it is coordinated with ("X and Y", "X, Y and Z"), when there are any.

    Mentions joined by a comma alone belong to a list only when an "and" or "or" closes it: "After meeting
    [Erdogan], [Putin] ordered strikes" coordinates nothing.
    """
    # a mention before "'s" is the possessor of another phrase, not a conjunct ("to invade Iraq and [Obama]'s decision")
    order = sorted((a, b, k) for k, (a, b) in enumerate(s.mtok)
                   if a >= 0 and not s.places[k] and not (b < s.n and s.low[b] in ("'", "’")))
    groups: dict[int, list[int]] = {}
    run = order[:1]
    for prev, cur in pairwise(order):
        between = s.low[prev[1]:cur[0]]
        if between in (["and"], ["or"], [","], [",", "and"], [",", "or"]):
            run.append(cur)
            continue
        _add_group(groups, s, run)
        run = [cur]
    _add_group(groups, s, run)
    return groups


def _add_group(groups: dict[int, list[int]], s: _Sentence, run: list[tuple[int, int, int]]) -> None:
    while len(run) > 1 and s.low[run[-2][1]:run[-1][0]] == [","]:
        run = run[:-1]  # a list ends at its "and"
    if len(run) > 1:
        members = [k for _, _, k in run]
        for k in members:
            groups[k] = [m for m in members if m != k]


def _passive_agent_before(s: _Sentence, i: int) -> int | None:
    """The token of a passive's "by" in the sentence before the comma that precedes token ``i``, if any."""
    for j in range(i - 2, max(-1, i - 14), -1):
        if s.low[j] in _HARD or s.low[j] == ".":
            return None
        if s.low[j] == "by" and j > 0 and (s.low[j - 1].endswith(_PASSIVE_END)
                                           or s.low[j - 1] in _IRREGULAR_PARTICIPLES):
            return j
    return None


def _from_follows(s: _Sentence, i: int) -> bool:
    """Whether "from"/"against" follows token ``i`` in its clause within a few words."""
    c = s.clause[i]
    return any(s.low[j] in ("from", "against") and s.clause[j] == c for j in range(i + 1, min(s.n, i + 6)))


def _defend_from(entry: RoleEntry) -> RoleEntry:
    """A protection verb read as fighting off an enemy: the liberation class, with the verb's own valences."""
    return RoleEntry(entry.lemma, entry.pos, ("from", "against"), "liberation", entry.cameo, entry.goldstein,
                     max(entry.agent_valence, 0.3), min(entry.target_valence, -0.3))


def _value(entry: RoleEntry, as_agent: bool, cls_name: str, lex: StanceLexicons) -> float:
    w = float(lex.meta.get("role", {}).get("counterpart_weight", 0.75))
    base = entry.agent_valence if as_agent else entry.target_valence
    cls = lex.classes.get(cls_name)
    if cls is None:
        return base
    if entry.cls in _COOP or (as_agent and entry.cls == "liberation" and entry.lemma not in _SUBJECT_LOSES
                              and cls.agent_valence < 0):
        # a victim class freed ("liberated the villages", "freed civilians from ISIS") is helped, not harmed;
        # expelling and driving out ("expelled residents") keep the harm
        cp = cls.cooperation_valence
    else:
        cp = cls.agent_valence if as_agent else cls.target_valence
    if cp == 0.0:
        return base  # a class that casts no light ("struck militants") leaves the verb's own value undiluted
    return w * cp + (1 - w) * base


def sentence_roles(text: str, spans: Sequence[tuple[int, int]], actors: Sequence[str],
                   places: Sequence[bool], lex: StanceLexicons) -> list[RoleResult]:
    """Role, counterpart and role valence of every mention of one sentence.

    A mention in several events gets the mean valence of its valued (non-zero) events; its ``role`` and ``counterpart``
    are those of the event with the strongest valence, and ``cue`` lists every event.

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> lex = load_stance_lexicons()
    >>> t = "The Syrian army shelled the town, killing civilians."
    >>> r = sentence_roles(t, [(4, 15)], ["syrian_arab_army"], [False], lex)[0]
    >>> r.role, r.counterpart, r.role_valence < -0.5
    ('agent_violence', 'civilians', True)
    >>> t = "The Syrian army liberated the town from terrorists."
    >>> r = sentence_roles(t, [(4, 15)], ["syrian_arab_army"], [False], lex)[0]
    >>> r.role, r.counterpart, r.role_valence > 0.3
    ('agent_violence', 'terrorists', True)
    """
    return _roles(_text_info(text, lex), spans, actors, places, lex)


def _roles(info: _Text, spans: Sequence[tuple[int, int]], actors: Sequence[str], places: Sequence[bool],
           lex: StanceLexicons) -> list[RoleResult]:
    """:func:`sentence_roles` of an analysed sentence."""
    if not spans:
        return []
    events = _events(info, spans, actors, places, lex)
    if not events:
        return [_OTHER] * len(spans)
    neg = float(lex.meta.get("role", {}).get("negation_factor", 0.0))
    found: list[list[tuple[float, str, str, str]]] = [[] for _ in spans]
    for ev in events:
        agent_role, target_role = ROLE_CLASSES[ev.entry.cls]
        factor = neg if ev.negated else 1.0
        tag = f"{ev.entry.cls}, CAMEO {ev.entry.cameo}" + (", negated" if ev.negated else "")
        sides = ((True, ev.agent, agent_role, "->", ev.target, ev.target_class, ev.target_text),
                 (False, ev.target, target_role, "<-", ev.agent, ev.agent_class, ev.agent_text))
        for as_agent, who, role, arrow, other, other_class, other_text in sides:
            if who is None:
                continue
            v = _value(ev.entry, as_agent, other_class, lex) * factor
            cp = actors[other] if other is not None else other_class
            cue = f"{role} '{ev.cue}' {arrow} {other_text or '?'}" + (
                f" [{other_class}]" if other_class else "") + f" ({tag}) {v:+.2f}"
            found[who].append((v, role, cp, cue))
    out = []
    for items in found:
        if not items:
            out.append(_OTHER)
            continue
        best = max(items, key=lambda x: abs(x[0]))
        valued = [x[0] for x in items if x[0] != 0.0]
        mean = sum(valued) / len(valued) if valued else 0.0
        out.append(RoleResult(best[1], best[2], round(mean, 6), "; ".join(x[3] for x in items)))
    return out


def counterpart_spans(text: str, lex: StanceLexicons) -> list[tuple[int, int]]:
    """Character spans of counterpart-class terms ("civilians", "terrorists") in ``text``.

    The scorer masks them for the sentiment model: their weight belongs to ``role_valence``, and a
    sentiment model that sees "terrorists" reads "the army killed terrorists" as negative for the army.

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> t = "The army killed dozens of terrorists."
    >>> [t[a:b] for a, b in counterpart_spans(t, load_stance_lexicons())]
    ['terrorists']
    """
    return _text_info(text, lex).counterpart_spans()


#: Verbs whose subject meets violence without carrying it out ("suffered an attack", "condemned the strikes").
_NOT_AGENT = frozenset(
    "suffer suffers suffered suffering face faces faced facing survive survives survived endure endured condemn "
    "condemns condemned condemning denounce denounced investigate investigates investigated investigating blame "
    "blamed witness witnessed fear fears feared prevent prevents prevented stop stops stopped thwart thwarted foil "
    "foiled repel repelled report reports reported warn warns warned deny denies denied martyred".split())
_VIOLENT = frozenset({"violence", "liberation", "coercion"})
_TOPIC_PREPS = frozenset("about on over after before since against despite for to from with of".split())


def role_from_sites(low: Sequence[str], words: Sequence[str], sites: Sites, lex: StanceLexicons) -> RoleResult:
    """A role read from a mention's attachment sites, for mentions the event rules left as ``other``.

    The mention is the agent of the role verb it is the subject of ("helped [Iraqi] troops reclaim the dam"),
    the target of one it is the object or passive subject of, and the agent of a violent event noun it holds or
    its predicate reaches ("[Israel] would broaden its offensive", "[Al Qaeda] ... been implicated in the
    attack"), unless its verb meets the violence rather than carries it out ("suffered an attack").

    Examples
    --------
    >>> from mideast_corpus.stance.attachment import attachment_sites
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> lex = load_stance_lexicons()
    >>> words = "whether Israel would broaden its offensive in Gaza".split()
    >>> low = [w.lower() for w in words]
    >>> role_from_sites(low, words, attachment_sites(low, words, [(1, 2)], lex)[0], lex).role
    'agent_violence'
    """
    def result(entry: RoleEntry, as_agent: bool, i: int) -> RoleResult:
        agent_role, target_role = ROLE_CLASSES[entry.cls]
        v = entry.agent_valence if as_agent else entry.target_valence
        cue = (f"{agent_role if as_agent else target_role} '{words[i]}' (attachment; {entry.cls}, CAMEO "
               f"{entry.cameo}) {v:+.2f}")
        return RoleResult(agent_role if as_agent else target_role, "", v, cue)

    for i, passive in sites.subject_verbs:
        entry = lex.verbs.get(low[i])
        if entry is not None and entry.cls in _VIOLENT and not _idiom(low, i, entry):
            return result(entry, not passive, i)
    for i in sites.object_verbs:
        entry = lex.verbs.get(low[i])
        if entry is not None and entry.cls in _VIOLENT and not _idiom(low, i, entry):
            return result(entry, False, i)
    head = low[sites.subject_verbs[0][0]] if sites.subject_verbs else ""
    # a passive of violence ("were killed in an attack") suffered the event; its target role came from the events
    suffered = bool(sites.subject_verbs) and sites.subject_verbs[0][1] and head in lex.verbs \
        and lex.verbs[head].cls in _VIOLENT
    if head not in _NOT_AGENT and not suffered:
        predicate = set(sites.predicate)
        for i in sorted(set(sites.holder) | predicate):
            entry = lex.nouns.get(low[i])
            # in the predicate, the event must be the verb's own object or "in" it, not a topic ("facts about the
            # attacks", "questions over the strikes")
            topic = i in predicate and any(low[j] in _TOPIC_PREPS for j in range(sites.subject_verbs[0][0], i))
            if entry is not None and entry.cls in _VIOLENT and not topic:
                return result(entry, True, i)
    return _OTHER
