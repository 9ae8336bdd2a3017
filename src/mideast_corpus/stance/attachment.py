"""Where words attach to an actor mention: its noun phrase, apposition, predicate and object position.

No parser installs here without downloading a model at run time, so attachment is read from word order
with a few closed word classes (determiners, prepositions, auxiliaries, speech verbs) and the lexicons'
own words, one sentence at a time. For each mention :func:`attachment_sites` finds:

- ``modifiers``: its own noun phrase (``the so-called [Islamic State]``, ``[Syrian] regime forces``),
  an apposition (``[ISIS], the terror group,``) and a copula's complement (``[Hezbollah] is a terrorist
  organisation``, ``[X] is brutal``);
- ``holder``: nouns it possesses or is the ``of``-complement of (``[Iran]'s inability``, ``the brutality of
  [ISIL]``, ``[ISIS] propaganda``);
- ``aimed``: nouns of an act aimed at it (``criticism of [X]``, ``praise for [X]``);
- ``subject_verbs``: the verbs whose subject it is, with ``passive`` (``[ISIS] has threatened``, ``[X] was
  accused``), also through a relative clause (``[ISIS], which ...``) and coordination (``[Assad] and Syria
  need to be held accountable``);
- ``object_verbs``: the verb whose object it is (``to accuse the [Obama administration]``, ``opposes
  [Obama]'s plan``);
- ``adverbs``: adverbs of its predicate (``[President Obama] has wisely avoided``).

A word is attached to a mention only through these sites, so a label or evaluative word about someone else
in the sentence (``[Syrian troops] killed terrorists``) never reaches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicons import StanceLexicons
from .tokens import is_negation, token_owners

__all__ = ["Sites", "attachment_sites", "premodifies"]

_PUNCT = frozenset(",;:()[]—–“”\"«».?!…")
_QUOTES = frozenset("“”\"«»")
_DET = frozenset("the a an this these those its their his her our my your some any every each both either "
                 "no another such".split())
_PREP = frozenset("in of from to with near against on for by into at across toward towards between over under within "
                  "beyond inside alongside behind about as amid among after before during since than via upon "
                  "without despite".split())
_CONJ = frozenset("and or but nor".split())
_CLOSED_WORDS = "to be of in for the a an and or by with on at"
_WH = frozenset("who which whom whose that what where when why how whether".split())
_PRON = frozenset("he she it they we i you him them us me his hers theirs ours".split())
_BE = frozenset("is are was were be been being am 's".split())
_COPULA = _BE | frozenset("remains remained remain seems seemed seem appears appeared became become becomes".split())
_AUX = _BE | frozenset("has have had having do does did will would shall should can could may might must got get gets "
                       "need needs needed to try tries tried seek seeks sought continue continues continued want "
                       "wants wanted plan plans planned intend intends intended going able began begin begins "
                       "appear appears seem seems".split())
_ADVERBS = frozenset("also still already now previously reportedly allegedly again even just never not then later "
                     "since once soon long ever further largely partly quickly repeatedly".split())
_SPEECH = frozenset("said says say saying told tells tell added adds noted notes stated states argued argues claimed "
                    "claims insisted insists wrote writes tweeted tweets announced announces declared declares "
                    "according asked asks replied replies explained explains".split())
#: The speech verbs, for the role rules: the clause a speech verb reports has its own subject.
SPEECH_VERBS = _SPEECH
#: Verbs of thinking and saying that take a clause without "that" ("he believed the administration was ...").
_COGNITION = frozenset("believe believes believed think thinks thought feel feels felt know knows knew suggest "
                       "suggests suggested suspect suspects suspected fear fears feared hope hopes hoped insist "
                       "insists insisted show shows showed showing".split())
#: Clause openers after which a noun phrase can be a subject.
_OPENERS = _PUNCT | _CONJ | _SPEECH | _COGNITION | frozenset(
    "that whether if when while because since although though as after before once unless until so whereas "
    "where and then".split())
#: Verbs whose object's evaluative nouns describe the subject ("X poses a threat", "X committed atrocities",
#: "X dropped barrel bombs").
_LIGHT_VERBS = frozenset("make makes made making commit commits committed committing pose poses posed posing achieve "
                         "achieves achieved suffer suffers suffered suffering score scored show shows showed display "
                         "displayed perpetrate perpetrated perpetrating conduct conducted deliver delivers delivered "
                         "provide provides provided providing offer offered bring brought spread spreads spreading "
                         "use uses used using unleash unleashed unleashes expand expanded expands tighten tightened "
                         "carry carried drop drops dropped dropping launch launches launched launching".split())
#: Heads that continue a mention's noun phrase as the same actor ("regime forces", "IS militants").
SAME_HEADS = frozenset(
    "forces force militants militant fighters fighter group groups regime government army troops soldiers militia "
    "militias rebels terrorists terrorist jihadists jihadist extremists loyalists proxies proxy units unit network "
    "organization organisation movement administration authorities warplanes jets aircraft planes drones navy "
    "police military leadership mercenaries gunmen insurgents thugs gangs cells cell affiliates affiliate branch "
    "offshoot coalition alliance side state people".split())
#: Same-actor heads that make the mention after "of" the actor ("units of the Syrian army", "the forces of the regime",
#: "fighters of ISIS"); not heads that name a wider whole ("the people of Syria", "a coalition of rebels").
OF_HEADS = SAME_HEADS - frozenset("people state side coalition alliance network group groups".split())
_NUMBERS = frozenset("two three four five six seven eight nine ten dozens hundreds thousands several many some".split())
#: Heads that make a mention a modifier of someone else ("White House spokesman", "IS leader").
OTHER_HEADS = frozenset(
    "spokesman spokeswoman spokesperson spokesmen official officials leader leaders chief chiefs secretary minister "
    "president commander commanders envoy ambassador lawyer lawyers officer officers diplomat diplomats source "
    "sources media tv television agency supporters analyst analysts expert experts campaign team deal program "
    "programme policy plan counsel press adviser advisers advisor aide aides representative representatives "
    "delegation embassy consulate director head".split())
#: Lower-case links inside names ("Ansar al-Sharia", "Abu Bakr al-Baghdadi", "bin Laden").
_NAME_LINKS = frozenset("- al el ad ar as ash at az bin ibn abu de".split())
#: Endings of adjectives that can premodify a name without being in a lexicon ("the pyrotechnical Trump").
_ADJECTIVE_ENDINGS = ("ic", "al", "ous", "ive", "ful", "less", "ian", "ish", "ary", "ern", "ist")
#: Heads of a possession that happens in the holder rather than being done by it ("Syria's conflict"); "war" is
#: one only as "civil war" ("Obama's disastrous war" judges Obama).
_SITUATIONS = frozenset("conflict conflicts crisis crises".split())
#: Heads of a possession that is the holder's act, so that a judgement of it judges the holder ("[Obama]'s
#: decision was a mistake", "[Trump]'s policy has been a failure"); other possessions ("[Assad]'s victims are
#: innocent") are left alone.
ACT_HEADS = frozenset("decision decisions policy policies plan plans strategy strategies approach deal deals "
                      "agreement handling response record leadership action actions conduct behaviour behavior "
                      "campaign war invasion intervention occupation rule claim claims argument stance position "
                      "move moves program programme effort efforts offer proposal performance tactics "
                      "choice choices".split())
_PARTICIPLES = frozenset("held struck fought hit rid overrun retaken driven seized led misled withheld stolen won lost "
                         "taken shot thrown brought caught beaten".split())


_CLOSED = frozenset(_CLOSED_WORDS.split())


@dataclass
class Sites:
    """The tokens through which words attach to one mention (token indices into the sentence)."""

    modifiers: list[int] = field(default_factory=list)
    holder: list[int] = field(default_factory=list)
    aimed: list[int] = field(default_factory=list)
    subject_verbs: list[tuple[int, bool]] = field(default_factory=list)
    object_verbs: list[int] = field(default_factory=list)
    adverbs: list[int] = field(default_factory=list)
    predicate: list[int] = field(default_factory=list)


def _open_first_words(lex: StanceLexicons) -> dict[str, frozenset[str]]:
    """First words of the lexicons' terms, per part of speech, without closed-class words that only start a phrase
    ("to blame", "be held accountable"): "forces loyal to [Assad]" must not read "to" as an adjective of Assad's phrase.
    """
    return {pos: frozenset(words - _CLOSED) for pos, words in lex.first_words.items()}


class _Parse:
    """One sentence's tokens with the word classes the attachment rules read."""

    def __init__(self, low: Sequence[str], words: Sequence[str], mtok: Sequence[tuple[int, int]],
                 lex: StanceLexicons) -> None:
        self.low, self.words, self.n, self.mtok, self.lex = low, words, len(low), mtok, lex
        self.owner = token_owners(self.n, mtok)
        first = lex.derived("attachment_first_words", _open_first_words)
        self.verb_first, self.adj_words = first["verb"], first["adj"]
        self.noun_first, self.label_first = first["noun"], first["label"]
        self.role_verbs = lex.verbs

    def is_verbish(self, i: int) -> bool:
        w = self.low[i]
        return w in self.verb_first or w in self.role_verbs or w in _SPEECH or w in _AUX

    def stop(self, i: int) -> bool:
        """A token a noun phrase cannot extend over."""
        w = self.low[i]
        return (w in _PUNCT or w in _PREP or w in _CONJ or w in _WH or w in _PRON or w in _AUX
                or w in _SPEECH or is_negation(w))

    def adverb(self, i: int) -> bool:
        w = self.low[i]
        return w in _ADVERBS or is_negation(w) or (w.endswith("ly") and len(w) > 3 and w.isalpha()
                                                  and w not in self.adj_words)

    def clause_end(self, i: int, limit: int = 14) -> int:
        j = i
        while j < self.n and j - i < limit and self.low[j] not in _PUNCT and self.low[j] not in _WH \
                and self.low[j] not in {"but", "while", "although", "because"}:
            j += 1
        return j

    def phrase_end(self, i: int, limit: int = 6) -> int:
        """End of the noun or adjective phrase starting at ``i`` (before a preposition, verb or clause break)."""
        j = i
        while j < self.n and j - i < limit and not self.stop(j) and self.owner[j] < 0 \
                and not (j > i and self.is_verbish(j) and self.low[j] not in self.adj_words
                         and not self.ends_noun_term(j, i)):
            j += 1
        return j

    def ends_noun_term(self, j: int, start: int) -> bool:
        """Whether token ``j`` completes an evaluative noun term begun at or after ``start`` ("barrel bombs":
        "bombs" is also a verb)."""
        for s in (j - 1, j - 2):
            hit = self.lex.longest("noun", self.low, s) if s >= start else None
            if hit is not None and s + hit[0] > j:
                return True
        return False


def _np_left(p: _Parse, k: int, a: int) -> int:
    """First token of mention ``k``'s noun phrase (its determiners and premodifiers)."""
    i = a - 1
    while i >= 0 and a - i <= 5:
        w = p.low[i]
        if p.owner[i] >= 0 and p.owner[i] != k:
            break
        if w == "-" or w in _DET or w in p.label_first or w in p.adj_words or w in ("so", "called", "self"):
            i -= 1
            continue
        if p.stop(i) or p.is_verbish(i):
            break
        if not (w.isdigit() or p.words[i][:1].isupper() or (w.isalpha() and w.endswith(_ADJECTIVE_ENDINGS))):
            break  # an unknown lower-case word may be a verb ("giving [Iran]"): the phrase ends here
        i -= 1
    return i + 1


def _np_right(p: _Parse, b: int) -> int:
    """End of the mention's noun phrase over same-actor heads and labels ("regime forces", "IS militants")."""
    j = b
    while j < p.n and j - b < 3 and p.owner[j] < 0 and (p.low[j] in SAME_HEADS or p.low[j] in p.label_first):
        j += 1
    return j


def _name_end(p: _Parse, t: int) -> int:
    """Past a run of capitalised words (and their hyphens) starting at ``t``."""
    while t < p.n and (p.words[t][:1].isupper() or (p.low[t] in _NAME_LINKS and t + 1 < p.n
                                                    and (p.words[t + 1][:1].isupper() or p.low[t + 1] == "-"))):
        t += 1
    return t


def _coordinated_end(p: _Parse, j: int) -> int:
    """Past a place in a name and a coordinated conjunct ("[Al Qaeda] in North Africa and Ansar al-Sharia",
    "[Iraqi] and Kurdish troops", "[Assad] and Syria"), else ``j``."""
    if j + 1 < p.n and p.low[j] in ("in", "of") and p.words[j + 1][:1].isupper() and p.owner[j + 1] < 0:
        j = _name_end(p, j + 1)
    if j + 1 < p.n and p.low[j] in ("and", "or"):
        t = j + 1
        if p.owner[t] >= 0:
            return _np_right(p, p.mtok[p.owner[t]][1])
        if p.words[t][:1].isupper():
            end = _name_end(p, t)
            return _np_right(p, end) if end < p.n and p.low[end] in SAME_HEADS else end
    return j


def _possessed(p: _Parse, j: int) -> tuple[list[int], bool]:
    """Tokens of the noun phrase a possessive at ``j`` opens, and whether its head is a same-actor head."""
    if j >= p.n or p.low[j] not in ("'", "’"):
        return [], False
    t = j + 1
    if t < p.n and p.low[t] == "s":
        t += 1
    out = []
    while t < p.n and len(out) < 4 and not p.stop(t) and p.owner[t] < 0:
        w = p.low[t]
        if w in p.verb_first and w not in p.noun_first and w not in p.adj_words:
            break
        out.append(t)
        t += 1
        if w in SAME_HEADS or not (w in p.adj_words or w in p.label_first or w == "-"
                                   or w.endswith(_ADJECTIVE_ENDINGS)):
            break  # the head noun ends the phrase: "[Assad]'s government | unleashed"
    if out and p.low[out[-1]] == "civil" and t < p.n and p.low[t] == "war":
        out = [t]  # a civil war happens in the holder: "[Syria]'s bloody civil war" does not judge Syria
    elif out and p.low[out[-1]] in _SITUATIONS:
        out = out[-1:]  # nor does a conflict or a crisis: "[Iraq]'s worsening crisis"
    return out, any(p.low[i] in SAME_HEADS for i in out)


def _left_of_coordination(p: _Parse, t: int) -> int:
    """The token before a coordination of mentions ending at ``t`` ("X and [Y]": the token before X)."""
    while t >= 1 and p.low[t] in ("and", "or", ",") and p.owner[t - 1] >= 0:
        t = _np_left(p, p.owner[t - 1], p.mtok[p.owner[t - 1]][0]) - 1
    return t


def _subject_opener(p: _Parse, t: int) -> bool:
    """Whether a noun phrase starting after token ``t`` can be a clause subject."""
    t = _left_of_coordination(p, t)
    if t >= 0 and p.low[t] in ("'", "‘") and (t == 0 or p.low[t - 1] in _PUNCT):
        return True  # an opening single quote: "'[Israel] is isolated'"
    return t < 0 or p.low[t] in _OPENERS or p.low[t] in _QUOTES


def _act_complement(p: _Parse, possessed: list[int], sites: Sites) -> None:
    """The copula's complement of a possessed act ("[Obama]'s agreement with Iran is fatally flawed") as the
    holder's modifiers."""
    v = possessed[-1] + 1
    if v < p.n and p.low[v] in _PREP:  # over a short complement of the noun: "agreement with Iran"
        t = v + 1
        while t < p.n and t - v < 5 and p.low[t] not in _AUX and p.low[t] not in _PUNCT:
            t += 1
        v = t
    found = Sites()
    _predicate(p, v, found)
    sites.modifiers.extend(found.modifiers)
    # a participle that is an adjective of the lexicon ("is fatally flawed"), not a role verb's ("was defeated")
    sites.modifiers.extend(i for i, passive in found.subject_verbs
                           if passive and p.low[i] in p.adj_words and p.low[i] not in p.role_verbs)


def _skip_interjection(p: _Parse, j: int) -> tuple[int, int | None]:
    """Past ", the terror group," or "(...)" after a noun phrase: (where the predicate may start, relative pronoun)."""
    if j < p.n and p.low[j] in (",", "("):
        close = ")" if p.low[j] == "(" else ","
        t = j + 1
        rel = t if t < p.n and p.low[t] in ("which", "who") else None
        while t < p.n and t - j < 25 and p.low[t] != close and p.low[t] not in (".", ";", "?", "!"):
            t += 1
        if t < p.n and p.low[t] == close:
            return t + 1, rel
        return j, rel
    return j, None


_SUBORDINATORS = frozenset("as when if while although though because after before since once unless until".split())


def _ends_fronted_clause(p: _Parse, start: int, end: int) -> bool:
    """Whether the comma after a mention closes a fronted clause ("As young men come of age in [America], the
    problem ..."): what follows is the main clause, not an apposition."""
    return (end < p.n and p.low[end] == "," and p.n > 0 and p.low[0] in _SUBORDINATORS
            and "," not in p.low[:start])


def _apposition(p: _Parse, j: int) -> list[int]:
    """Tokens of an apposition opening at ``j`` (", the terror group," / "(a militant group)")."""
    if j + 1 >= p.n or p.low[j] not in (",", "("):
        return []
    t = j + 1
    if not (p.low[t] in _DET or p.low[t] in p.label_first or p.low[t] in p.adj_words):
        return []
    out = []
    while t < p.n and len(out) < 8 and p.low[t] not in _PUNCT and p.low[t] not in _WH:
        if (p.is_verbish(t) and p.low[t] not in p.adj_words):
            break
        out.append(t)
        t += 1
    return out


def _predicate(p: _Parse, v: int, sites: Sites) -> None:
    """Read the verb group starting at ``v`` for a subject: verbs (active/passive), adverbs, copula complement."""
    aux_be = False
    t = v
    while t < p.n and t - v < 7:
        w = p.low[t]
        if w in _QUOTES:  # has "crossed a line"
            t += 1
        elif w in _AUX:
            aux_be = aux_be or w in _COPULA
            t += 1
        elif p.adverb(t) or (w == "and" and t + 1 < p.n and p.adverb(t + 1) and t > v and p.adverb(t - 1)):
            if p.adverb(t):
                sites.adverbs.append(t)
            t += 1
        else:
            break
    if t >= p.n or p.low[t] in _PUNCT or p.owner[t] >= 0:
        return
    w = p.low[t]
    participle = w.endswith(("ed", "en")) or w in _PARTICIPLES
    if aux_be and not participle and not w.endswith("ing"):
        sites.modifiers.extend(range(t, p.phrase_end(t)))  # copula complement: "is a terrorist organisation"
        return
    if w in _PREP or w in _DET or w in _SPEECH:
        return
    sites.subject_verbs.append((t, aux_be and participle))
    end = p.clause_end(t + 1, 10)
    # a reported clause is someone else's predicate: "[Hagel] last month said the terror group is ..."
    end = next((u for u in range(t + 1, end) if p.low[u] in _SPEECH or p.low[u] in _COGNITION), end)
    for u in range(t + 1, end):
        # coordinated verbs of the same subject: "was withholding or ignoring key facts"
        if u + 1 < end and p.low[u] in ("and", "or") and p.low[u + 1] in p.verb_first:
            w2 = p.low[u + 1]
            sites.subject_verbs.append((u + 1, aux_be and (w2.endswith(("ed", "en")) or w2 in _PARTICIPLES)))
        # "has expanded its deadly grip": a possessive pronoun in the predicate refers back to the subject
        if p.low[u] in ("its", "their") and p.owner[u] < 0:
            sites.holder.extend(range(u + 1, p.phrase_end(u + 1, 4)))
    passive = aux_be and participle
    if passive or not (w in _SPEECH or w in _COGNITION or w in p.role_verbs or _judges_object(p, t, "verb")):
        # the rest of the verb phrase describes the subject ("is deeply entrenched", "has expanded its deadly grip",
        # "was implicated in the attack"), unless an active verb aims it at someone else ("condemned the
        # atrocities") or reports speech
        sites.predicate.extend(u for u in range(t + 1, end) if p.owner[u] < 0)
    if w in _LIGHT_VERBS:  # "poses a threat", "committed atrocities", "made another airdrop"
        o = t + 1
        while o < end and (p.low[o] in _DET or p.low[o].isdigit() or p.adverb(o)):
            o += 1
        sites.holder.extend(range(o, p.phrase_end(o, 4)))


def attachment_sites(low: Sequence[str], words: Sequence[str], mtok: Sequence[tuple[int, int]],
                     lex: StanceLexicons) -> list[Sites]:
    """The attachment sites of every mention of one sentence.

    Parameters
    ----------
    low, words : sequence of str
        The sentence's tokens lower-cased and as written (:func:`~.tokens.tokenize`).
    mtok : sequence of (int, int)
        Token range ``[a, b)`` of each mention (``(-1, -1)`` for none).
    lex : StanceLexicons
        The lexicons (their evaluative words and labels are the modifiers the rules read over).

    Returns
    -------
    list of Sites

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> words = "The Islamic State group has threatened Australia .".split()
    >>> s = attachment_sites([w.lower() for w in words], words, [(1, 3), (6, 7)], load_stance_lexicons())
    >>> [words[i] for i, _ in s[0].subject_verbs], s[1].subject_verbs, [words[i] for i in s[1].object_verbs]
    (['threatened'], [], ['threatened'])
    """
    p = _Parse(low, words, mtok, lex)
    out = []
    for k, (a, b) in enumerate(mtok):
        sites = Sites()
        out.append(sites)
        if a < 0:
            continue
        start = _np_left(p, k, a)
        end = _np_right(p, b)
        sites.modifiers.extend(range(start, a))
        sites.modifiers.extend(range(b, end))
        # "[X]'s inability", "[Assad]'s government unleashed"
        possessed, same = _possessed(p, end)
        sites.holder.extend(possessed)
        if possessed and not same and _subject_opener(p, start - 1):
            act = possessed[-1] + 1
            if act < p.n and p.low[act] in ACT_HEADS and p.owner[act] < 0:
                possessed = [*possessed, act]  # a compound the phrase rule stops short of: "nuclear agreement"
            if p.low[possessed[-1]] in ACT_HEADS:
                _act_complement(p, possessed, sites)
        subject_end = end
        represented = False  # "[Syrian] President Bashar Assad has denied": the office holder speaks for the actor
        if possessed:
            subject_end = possessed[-1] + 1 if same else -1
        elif end < p.n and p.low[end] in p.noun_first and p.owner[end] < 0:
            sites.holder.append(end)  # "[ISIS] propaganda", "[Iran] threat network"
            subject_end = -1
        elif end < p.n and p.low[end] in OTHER_HEADS:
            represented = True
            subject_end = end
            # over the office and the holder's name, which may be a mention itself ("Bashar Assad")
            while subject_end < p.n and subject_end - end < 7 and (
                    p.low[subject_end] in OTHER_HEADS or p.words[subject_end][:1].isupper()
                    or p.low[subject_end] in ("-", ".") or (p.owner[subject_end] >= 0 and p.owner[subject_end] != k)):
                subject_end += 1
        elif end < p.n and p.low[end] == "-":
            subject_end = -1  # "[ISIS]-held"
        # "the brutality of [ISIL]", "criticism of [X]", "praise for [X]"
        if start >= 2 and p.low[start - 1] in ("of", "for", "against", "on", "over", "to"):
            for t in range(start - 2, max(-1, start - 5), -1):
                if p.low[t] in p.noun_first:
                    # "of" after a possessed noun names its object: "Turkey's hatred of [Israel]"
                    aimed = p.low[start - 1] != "of" or _judges_object(p, t, "noun") or _has_possessor(p, t)
                    if not (aimed and represented):  # "praise to [IS] leader al-Baghdadi" is aimed at the man
                        (sites.aimed if aimed else sites.holder).append(t)
                    break
                if p.stop(t) or p.is_verbish(t):
                    break
        if not represented and not _ends_fronted_clause(p, start, end):
            sites.modifiers.extend(_apposition(p, end))
        # object of a verb: "to accuse the [Obama administration]", "blaming the [Muslim Brotherhood]"
        t = start - 1
        if t >= 0 and p.owner[t] < 0 and (p.low[t] in p.verb_first or p.low[t] in p.role_verbs) and not represented \
                and not affiliation_modifier(p.low, a, b):
            sites.object_verbs.append(t)
            after = _coordinated_end(p, end)
            if after < p.n and p.owner[after] < 0 and (p.low[after] in p.verb_first or p.low[after] in p.role_verbs):
                # "helped [Iraqi] and Kurdish troops reclaim the dam": the small clause's subject
                sites.subject_verbs.append((after, False))
        # "the threat posed by [ISIL]", "atrocities committed by [the regime]": the agent holds the noun
        if start >= 3 and p.low[start - 1] == "by" and (p.low[start - 2].endswith(("ed", "en"))
                                                        or p.low[start - 2] in _PARTICIPLES):
            for t in range(start - 3, max(-1, start - 6), -1):
                if p.low[t] in p.noun_first and p.owner[t] < 0:
                    sites.holder.append(t)
                    break
                if p.stop(t) or p.is_verbish(t):
                    break
        # "the propaganda that al-Qaeda and [ISIS] are using": the mention holds the noun of the relative clause
        t = _left_of_coordination(p, start - 1)
        if t >= 1 and p.low[t] in ("that", "which") and p.low[t - 1] in p.noun_first:
            sites.holder.append(t - 1)
        if subject_end >= 0 and subject_end < p.n and p.low[subject_end] in ("who", "which"):
            _predicate(p, subject_end + 1, sites)  # "[Syrian soldiers] who have bravely stopped ...", anywhere
            continue
        if subject_end < 0 or not _subject_opener(p, _of_head_start(p, start) - 1):
            continue
        subject_end = _coordinated_end(p, subject_end)
        v, rel = _skip_interjection(p, subject_end)
        if rel is not None:
            _predicate(p, rel + 1, sites)  # "[ISIS], which obtained ..."
        _predicate(p, v, sites)
    return out


def follows_of_head(low: Sequence[str], start: int) -> bool:
    """Whether a noun phrase starting at ``start`` follows "units of" (:data:`OF_HEADS`): it is then the actor of
    that head ("Units of the [Syrian Arab Army] restored security"), not the object of a preposition."""
    return start >= 2 and low[start - 1] == "of" and low[start - 2] in OF_HEADS


def _of_head_start(p: _Parse, start: int) -> int:
    """Start of the phrase "[the elite] units of" before a noun phrase starting at ``start``, else ``start``."""
    if not follows_of_head(p.low, start) or p.owner[start - 2] >= 0:
        return start
    low = p.low
    i = start - 3
    while i >= 0 and start - 2 - i <= 3 and (low[i] in _DET or low[i] in p.adj_words or low[i] in _NUMBERS
                                             or low[i].isdigit() or low[i].endswith(_ADJECTIVE_ENDINGS)):
        i -= 1
    return i + 1


#: Second parts of an affiliation compound ("Iranian-backed", "U.S.-led").
AFFILIATION = frozenset("backed led allied linked affiliated supported sponsored aligned funded trained armed".split())


def affiliation_modifier(low: Sequence[str], a: int, b: int) -> bool:
    """Whether the mention at tokens ``a:b`` only says who backs or leads the noun after it ("[Iranian-backed]
    militias"): violence aimed at the phrase is aimed at the militias, not at Iran.

    Examples
    --------
    >>> affiliation_modifier("strikes on iranian - backed militias".split(), 2, 5)
    True
    >>> affiliation_modifier("strikes on iran".split(), 2, 3)
    False
    """
    return (b - a >= 3 and low[b - 1] in AFFILIATION and low[b - 2] == "-" and b < len(low)
            and low[b].isalpha())


def _has_possessor(p: _Parse, t: int) -> bool:
    """Whether the noun at ``t`` has a possessor before it ("Turkey's hatred", "its hatred")."""
    i = t - 1
    while i >= 0 and t - i <= 3 and (p.low[i] in p.adj_words or p.adverb(i)):
        i -= 1
    return i >= 0 and (p.low[i] in ("its", "their", "his", "her", "our")
                       or (p.low[i] == "s" and i >= 1 and p.low[i - 1] in ("'", "’")))


_NOT_NOUNS = frozenset("earlier later ago again too instead abroad overseas worldwide today yesterday tonight there "
                       "here now".split())


def premodifies(low: Sequence[str], words: Sequence[str], j: int) -> bool:
    """Whether the word before token ``j`` premodifies it as part of a compound: ``j`` is a lower-case content word
    ("terror | attack", "terrorism | blacklist"), not a function word, punctuation or verb group."""
    if j >= len(low):
        return False
    w = low[j]
    return (words[j][:1].islower() and w.isalpha() and w not in _PREP and w not in _CONJ and w not in _WH
            and w not in _AUX and w not in _SPEECH and w not in _DET and w not in _PRON and w not in _ADVERBS
            and w not in _NOT_NOUNS and not w.endswith(("ly", "ed", "ing")) and not is_negation(w))


def _judges_object(p: _Parse, t: int, pos: str) -> bool:
    """Whether the evaluative ``pos`` word at ``t`` judges its object: "condemned X", "criticism of X"."""
    hit = p.lex.longest(pos, p.low, t)
    return hit is not None and hit[1][1] != 0.0
