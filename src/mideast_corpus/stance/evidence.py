"""The naming and evaluation evidence attached to each mention of a sentence.

Two components of :func:`~mideast_corpus.stance.score_stance` come from here, both read only through the
attachment sites of :mod:`.attachment`:

- ``label_valence``: the strongest label term (``stance_labels.csv``) in the mention itself, its noun
  phrase, an apposition, a copula's complement or what it possesses ("the Assad regime", "ISIS, the terror
  group", "Hezbollah is a terrorist organisation", "Assad's militias"); NaN when no label with a valence is
  attached;
- ``evaluation``: the sum of the evaluative words (``stance_evaluation.csv``) attached to the mention, each
  valued for the position the mention holds (subject, object, modified noun, holder); NaN when none is.
  A word negated within the three tokens before it counts ``negation_factor`` times (``stance.meta.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .attachment import Sites, attachment_sites, premodifies
from .lexicons import StanceLexicons
from .tokens import is_negation

__all__ = ["Evidence", "sentence_evidence"]



class Evidence(NamedTuple):
    """What is attached to one mention: label and evaluation (NaN where none) and the sites they came through."""

    label_valence: float
    label_cue: str
    evaluation: float
    evaluation_cue: str
    #: where words attach to the mention (:func:`~.attachment.attachment_sites`)
    sites: Sites

_NAN = float("nan")
_TOPIC_PREPS = frozenset("on to of about against for over from with at between among like".split())


def _negated(low: Sequence[str], i: int) -> bool:
    return any(is_negation(low[j]) or low[j] == "without" for j in range(max(0, i - 3), i))


def _label(low: Sequence[str], a: int, b: int, sites: Sites, kind: str, lex: StanceLexicons) -> tuple[float, str]:
    allowed = set(range(a, b)) | set(sites.modifiers) | set(sites.holder)  # "Assad's militias", "Iran's proxies"
    best: tuple[float, str] | None = None
    for i in sorted(allowed):
        found = lex.longest("label", low, i, allowed)
        if found is None:
            continue
        val, kinds, term = found[1]
        if "any" not in kinds and kind and kind not in kinds:
            continue
        if val != 0.0 and (best is None or abs(val) > abs(best[0])):
            best = (val, term)
    if best is None:
        return _NAN, ""
    return best[0], f"{best[1]}({best[0]:+.2f})"


def _evaluation(low: Sequence[str], words: Sequence[str], sites: Sites, lex: StanceLexicons,
                negation: float, predicate_weight: float) -> tuple[float, str]:
    found: dict[int, tuple[float, str]] = {}  # first token -> (valence, cue)

    def add(i: int, pos: str, which: int, where: str, allowed: set[int] | None = None, weight: float = 1.0) -> None:
        if i in found:
            return
        if i >= 2 and low[i - 1] == "-" and low[i - 2] in ("anti", "counter"):
            return  # "anti-terror units": the word names what they oppose
        hit = lex.longest(pos, low, i, allowed)
        if hit is None:
            return
        size, (subject, obj, _term) = hit
        if pos == "noun" and size == 1 and premodifies(low, words, i + size):
            return  # "suffered a terror attack", "the terrorism blacklist": the compound's head is another noun
        val = (subject, obj)[which] * weight
        if val == 0.0:
            return
        if _negated(low, i):
            val *= negation
        found[i] = (val, f"{' '.join(words[i:i + size])}[{where}]({val:+.2f})")

    near = set(sites.modifiers) | set(sites.holder)
    for i in sorted(near):
        add(i, "adj", 0, "holder" if i in sites.holder else "modifier", near)
        add(i, "noun", 0, "holder" if i in sites.holder else "modifier", near)
    for i in sites.aimed:
        add(i, "noun", 1, "aimed at")
    for i, passive in sites.subject_verbs:
        add(i, "verb", 1 if passive else 0, "passive subject" if passive else "subject")
        if passive and low[i] not in lex.verbs:
            # a participle after a copula that is an adjective of the lexicon ("ISIS is entrenched"); a role
            # verb's participle ("was defeated") is already the role's evidence
            add(i, "adj", 0, "complement")
    for i in sites.object_verbs:
        add(i, "verb", 1, "object")
    for i in sites.adverbs:
        add(i, "adv", 0, "adverb")
    if predicate_weight:
        # only the predicate's own adjectives, before "on", "to", "of" ... name a topic ("his approach to
        # terrorism"); its nouns are someone else's act as often as the subject's ("rebels who receive help"), and
        # a light verb's object ("poses a threat") is read as the subject's possession instead
        topic = next((i for i in sorted(sites.predicate) if low[i] in _TOPIC_PREPS), None)
        pred = {i for i in sites.predicate if topic is None or i < topic}
        for i in sorted(pred):
            add(i, "adj", 0, "predicate", pred, predicate_weight)
    if not found:
        return _NAN, ""
    total = sum(v for v, _ in found.values())
    return max(-1.0, min(1.0, total)), "; ".join(c for _, c in (found[i] for i in sorted(found)))


def sentence_evidence(low: Sequence[str], words: Sequence[str], mtok: Sequence[tuple[int, int]],
                      kinds: Sequence[str], lex: StanceLexicons, which: Sequence[int] | None = None
                      ) -> list[Evidence]:
    """Label and evaluation evidence of mentions ``which`` (default all) of one tokenised sentence.

    Examples
    --------
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> words = "Syrian troops killed terrorists near the town .".split()
    >>> sentence_evidence([w.lower() for w in words], words, [(0, 2)], ["military"], load_stance_lexicons())[0][:4]
    (nan, '', nan, '')
    >>> words = "The Assad regime has brutally repressed protesters .".split()
    >>> sentence_evidence([w.lower() for w in words], words, [(1, 3)], ["government"], load_stance_lexicons())[0][:4]
    (-0.6, 'assad regime(-0.60)', -0.5, 'brutally[adverb](-0.50)')
    """
    which = range(len(mtok)) if which is None else which
    sites = attachment_sites(low, words, mtok, lex)
    negation = float(lex.meta.get("evaluation", {}).get("negation_factor", 0.0))
    predicate_weight = float(lex.meta.get("evaluation", {}).get("predicate_weight", 0.5))
    out: list[Evidence] = []
    for k in which:
        a, b = mtok[k]
        if a < 0:
            out.append(Evidence(_NAN, "", _NAN, "", sites[k]))
            continue
        lv, lc = _label(low, a, b, sites[k], kinds[k], lex)
        ev, ec = _evaluation(low, words, sites[k], lex, negation, predicate_weight)
        out.append(Evidence(lv, lc, ev, ec, sites[k]))
    return out
