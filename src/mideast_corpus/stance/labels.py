"""The evaluative weight of the name used for an actor (``label_valence``) and war-reporting sentiment cues.

A label is looked up in the mention itself and directly around it (up to four tokens before: "the
so-called Islamic State"; two after: "Syrian regime forces", "IS militants"), in ``stance_labels.csv``.
War cues (``stance_lexicon_war.csv``: "bravely", "atrocities", "misidentified") attach to the nearest
mention in their clause; they add to the masked-target sentiment, never to the label.
"""

from __future__ import annotations

from collections.abc import Sequence

from .lexicons import StanceLexicons
from .tokens import is_negation, tokenize

__all__ = ["label_valence", "war_cues"]

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
    toks = tokenize(text)
    inside = [i for i, (_, s, e) in enumerate(toks) if s < end and e > start]
    if not inside:
        return 0.0, ""
    a, b = inside[0], inside[-1] + 1
    taken = {i for i, (_, s, e) in enumerate(toks) for os, oe in others
             if s < oe and e > os and not (s < end and e > start)}

    def free(i: int) -> bool:
        return toks[i][0] not in _STOP and toks[i][0].lower() not in _EDGE and i not in taken

    lo = a
    while lo > 0 and a - lo < 4 and free(lo - 1):
        lo -= 1
    hi = b
    while hi < len(toks) and hi - b < 2 and free(hi):
        hi += 1
    low = [t.lower() for t, _, _ in toks]
    best: tuple[float, str] | None = None
    for i in range(lo, hi):
        for size in range(min(3, hi - i), 0, -1):
            j = i + size
            hit = lex.label_terms.get(tuple(low[i:j]))
            if hit is None:
                continue
            val, kinds, term = hit
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
    out: list[list] = [[0.0, []] for _ in spans]
    if not spans or not lex.war_terms:
        return [(0.0, "") for _ in spans]
    toks = tokenize(text)
    low = [t.lower() for t, _, _ in toks]
    clause, c = [], 0
    for w in low:
        if w in _CLAUSE:
            c += 1
        clause.append(c)
    mpos = []
    for s, e in spans:
        idx = [i for i, (_, ts, te) in enumerate(toks) if ts < e and te > s]
        mpos.append((idx[0], idx[-1]) if idx else (-1, -1))
    covered = {i for a, b in mpos if a >= 0 for i in range(a, b + 1)}
    for i in range(len(toks)):
        if i in covered:
            continue
        for size in (3, 2, 1):
            val = lex.war_terms.get(tuple(low[i:i + size]))
            if val is None:
                continue
            dists = [(min(abs(i - a), abs(i - b)), k) for k, (a, b) in enumerate(mpos)
                     if a >= 0 and clause[a] == clause[i]]
            if not dists:
                break
            dmin = min(d for d, _ in dists)
            neg = any(is_negation(low[j]) for j in range(max(0, i - 3), i))
            v = val * (-0.5 if neg else 1.0) / (1.0 + 0.1 * dmin)
            for d, k in dists:
                if d == dmin:
                    out[k][0] += v
                    out[k][1].append(f"{' '.join(low[i:i + size])}({v:+.2f})")
            break
    return [(v, ", ".join(c)) for v, c in out]
