"""The evaluative weight of the name used for an actor (``label_valence``) and war-reporting sentiment cues.

A label is looked up in the mention itself and directly around it (up to four tokens before: "the
so-called Islamic State"; two after: "Syrian regime forces", "IS militants"), in ``stance_labels.csv``.
War cues (``stance_lexicon_war.csv``: "bravely", "atrocities", "misidentified") attach to the nearest
mention in their clause; they add to the masked-target sentiment, never to the label.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from .lexicons import StanceLexicons
from .roles import _CACHE
from .roles import _Text as RoleText
from .roles import _text_info as role_text
from .tokens import is_negation

__all__ = ["label_valence", "sentence_labels", "war_cues"]

_STOP = frozenset({",", ";", ":", "(", ")", "—", "–", "“", "”", '"', ".", "?", "!"})
_CLAUSE = _STOP | frozenset("but while although though whereas because since when where until unless if "
                            "however who which whom whose".split())


_EDGE = frozenset("and or with by from to of in on against at for near between".split())


def label_valence(text: str, start: int, end: int, kind: str, lex: StanceLexicons,
                  others: Sequence[tuple[int, int]] = ()) -> tuple[float, str]:
    """Valence of the name used for the mention at ``text[start:end]`` and the term(s) behind it.

    The strongest matching term wins (a neutral term gives 0); terms restricted to some actor kinds
    (``applies_to``) apply only to those kinds, or to any mention whose kind is unknown. The window
    stops at punctuation, at prepositions and conjunctions and at the spans of ``others`` (the other
    mentions of the sentence), so one actor's label never leaks onto its neighbour.

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> lex = load_stance_lexicons()
    >>> label_valence("Syrian regime forces attacked.", 0, 13, "government", lex)
    (-0.6, 'regime forces(-0.60)')
    >>> label_valence("The Syrian army advanced.", 4, 15, "military", lex)
    (0.0, 'army(+0.00)')
    >>> label_valence("Russia struck.", 0, 6, "state", lex)
    (0.0, '')
    """
    info = _text_info(text, lex)
    return _label(info, _token_range(info, start, end), [_token_range(info, os, oe) for os, oe in others], kind)


def sentence_labels(text: str, spans: Sequence[tuple[int, int]], kinds: Sequence[str], lex: StanceLexicons,
                    which: Sequence[int] | None = None) -> list[tuple[float, str]]:
    """:func:`label_valence` of mentions ``which`` (default all) of one sentence, the other spans as ``others``.

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> sentence_labels("Syrian regime forces attacked IS militants.", [(0, 13), (30, 32)],
    ...                 ["government", "armed_group"], load_stance_lexicons())
    [(-0.6, 'regime forces(-0.60)'), (-0.3, 'militants(-0.30)')]
    """
    return _labels(_text_info(text, lex), spans, kinds, which)


def _labels(info: _Text, spans: Sequence[tuple[int, int]], kinds: Sequence[str],
            which: Sequence[int] | None = None) -> list[tuple[float, str]]:
    """:func:`sentence_labels` of an analysed sentence."""
    which = range(len(spans)) if which is None else which
    if not info.labels_at:
        return [(0.0, "")] * len(which)
    ranges = [_token_range(info, s, e) for s, e in spans]
    return [_label(info, ranges[k], ranges[:k] + ranges[k + 1:], kinds[k]) for k in which]


def _label(info: _Text, target: tuple[int, int], others: Sequence[tuple[int, int]], kind: str) -> tuple[float, str]:
    """:func:`label_valence` on token ranges (``[a, b)``, empty when ``a >= b``)."""
    a, b = target
    if a >= b or not info.labels_at:
        return 0.0, ""
    # tokens of the other mentions stop the window (the window never holds a token of this mention)
    free = info.free
    lo = a
    while lo > 0 and a - lo < 4 and free[lo - 1] and not any(oa < lo <= ob for oa, ob in others):
        lo -= 1
    hi = b
    while hi < info.n and hi - b < 2 and free[hi] and not any(oa <= hi < ob for oa, ob in others):
        hi += 1
    best: tuple[float, str] | None = None
    labels_at = info.labels_at
    for i in range(lo, hi):
        for size, (val, kinds, term) in labels_at.get(i, ()):  # longest first
            if size > hi - i:
                continue
            if "any" not in kinds and kind and kind not in kinds:
                continue
            if best is None or abs(val) > abs(best[0]):
                best = (val, term)
            break
    if best is None:
        return 0.0, ""
    return best[0], f"{best[1]}({best[0]:+.2f})"


def war_cues(text: str, spans: Sequence[tuple[int, int]], lex: StanceLexicons) -> list[tuple[float, str]]:
    """War-reporting cues of a sentence, each attached to the nearest mention of its clause.

    Returns one ``(sum of cue valences, cue text)`` per span. A cue negated within three words is
    flipped and halved; its weight falls with distance (``1 / (1 + 0.1 * tokens apart)``).

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> t = "Syrian soldiers bravely stopped the Islamic State."
    >>> [round(v, 2) for v, _ in war_cues(t, [(0, 15), (36, 49)], load_stance_lexicons())]
    [0.55, 0.0]
    """
    if not spans or not lex.war_terms:
        return [(0.0, "") for _ in spans]
    return _war(_text_info(text, lex), spans)


def _war(info: _Text, spans: Sequence[tuple[int, int]]) -> list[tuple[float, str]]:
    """:func:`war_cues` of an analysed sentence."""
    out: list[list] = [[0.0, []] for _ in spans]
    if not info.war_hits:
        return [(0.0, "") for _ in spans]
    mpos = []
    for s, e in spans:
        a, b = _token_range(info, s, e)
        mpos.append((a, b - 1) if a < b else (-1, -1))
    covered = {i for a, b in mpos if a >= 0 for i in range(a, b + 1)}
    clause = info.clause
    for i, size, val, neg in info.war_hits:
        if i in covered:
            continue
        dists = [(min(abs(i - a), abs(i - b)), k) for k, (a, b) in enumerate(mpos)
                 if a >= 0 and clause[a] == clause[i]]
        if not dists:
            continue
        dmin = min(d for d, _ in dists)
        v = val * (-0.5 if neg else 1.0) / (1.0 + 0.1 * dmin)
        for d, k in dists:
            if d == dmin:
                out[k][0] += v
                out[k][1].append(f"{' '.join(info.low[i:i + size])}({v:+.2f})")
    return [(v, ", ".join(c)) for v, c in out]


class _Text:
    """What labels and war cues need of a sentence's text alone, computed once per distinct text (read-only).

    Tokens come from the role rules' analysis of the same text; label and war terms are looked up only at
    the tokens that start one.
    """

    __slots__ = ("_clause", "_free", "ends", "labels_at", "low", "n", "starts", "war_hits")

    def __init__(self, base: RoleText, lex: StanceLexicons) -> None:
        self.low, self.n, self.starts, self.ends = base.low, base.n, base.starts, base.ends
        low, n = self.low, self.n
        label_first, war_first = lex.derived("labels", _first_words)
        # label terms starting at each token, longest first: {token: [(size, (valence, kinds, term)), ...]}
        self.labels_at: dict[int, list[tuple[int, tuple[float, frozenset[str], str]]]] = {}
        for i in [i for i, w in enumerate(low) if w in label_first]:
            hits = []
            for size in range(min(3, n - i), 0, -1):
                hit = lex.label_terms.get(tuple(low[i:i + size]))
                if hit is not None:
                    hits.append((size, hit))
            if hits:
                self.labels_at[i] = hits
        # the longest war cue at each token: (token, size, valence, negated within the three words before)
        self.war_hits: list[tuple[int, int, float, bool]] = []
        for i in [i for i, w in enumerate(low) if w in war_first]:
            for size in (3, 2, 1):
                val = lex.war_terms.get(tuple(low[i:i + size]))
                if val is None:
                    continue
                neg = any(is_negation(low[j]) for j in range(max(0, i - 3), i))
                self.war_hits.append((i, size, val, neg))
                break
        self._free: list[bool] | None = None
        self._clause: list[int] | None = None

    @property
    def free(self) -> list[bool]:
        """Per token: may a label window extend over it (not punctuation, a preposition or a conjunction)."""
        if self._free is None:
            self._free = [w not in _STOP and w not in _EDGE for w in self.low]
        return self._free

    @property
    def clause(self) -> list[int]:
        """Clause id of each token (the count of clause boundaries up to and including it)."""
        if self._clause is None:
            self._clause = list(accumulate(map(_CLAUSE.__contains__, self.low), initial=0))[1:]
        return self._clause


def _first_words(lex: StanceLexicons) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(k[0] for k in lex.label_terms), frozenset(k[0] for k in lex.war_terms)


def _text_info(text: str, lex: StanceLexicons) -> _Text:
    return lex.per_text("labels", lambda t, lx: _Text(role_text(t, lx), lx), maxsize=_CACHE)(text)


def _token_range(info: _Text, start: int, end: int) -> tuple[int, int]:
    """Tokens ``[a, b)`` overlapping ``[start, end)`` (``a >= b`` when none): starts and ends both increase."""
    return bisect_right(info.ends, start), bisect_left(info.starts, end)
