"""A linear model of the words attached to a mention: the fallback of ``evaluation`` where no lexicon word is.

The lexicons name a few hundred evaluative words; news uses thousands. This model reads only the content
words at a mention's attachment sites (:mod:`.attachment`: its noun phrase, apposition, possessions,
predicate, the verb whose object it is), never the rest of the sentence, so a sentence full of bad news
does not make every actor in it negative. Each feature is ``site=stem`` and ``any=stem`` (Porter stems,
``NEG_`` when negated within three tokens); function words, transliteration particles (al-, el-, ad-) and
role verbs (attacked, killed: being in violence is the role component's business) are never features.

It is a multinomial logistic regression fitted with scikit-learn on NewsMTSC's training split
(``scripts/train_stance_model.py``; figures in ``data/README-stance.md``); the weights are data
(``stance_attached_model.json``). :func:`score_stance` uses it only for mentions without rule evidence
and only when it is confident (``threshold``); its evidence names the attached words with their weights.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import sparse

from .attachment import Sites
from .lexicons import StanceLexicons
from .tokens import is_negation

__all__ = ["AttachedModel", "attached_features", "load_attached_model"]

_FILE = "stance_attached_model.json"
#: Arabic articles and name particles: never features, so a transliteration choice cannot move a score.
PARTICLES = frozenset("al el ad ar as ash at az an bin ibn abu abd bint".split())


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | PARTICLES


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    from nltk.stem import PorterStemmer

    return _porter(PorterStemmer).stem(word)


@lru_cache(maxsize=1)
def _porter(cls: type) -> object:
    return cls()


def attached_features(low: Sequence[str], sites: Sites, lex: StanceLexicons) -> list[tuple[str, int]]:
    """The model's features of one mention: ``(feature, token)`` pairs, ``site=stem`` then ``any=stem``.

    Examples
    --------
    >>> from mideast_corpus.stance.attachment import Sites
    >>> from mideast_corpus.stance.lexicons import load_stance_lexicons
    >>> low = "the al - qaeda leaders were not brave".split()
    >>> attached_features(low, Sites(modifiers=[0, 1, 2], predicate=[6, 7]), load_stance_lexicons())
    [('pred=NEG_brave', 7), ('any=NEG_brave', 7)]
    """
    stop = _stop_words()
    out: list[tuple[str, int]] = []
    seen: set[str] = set()

    def put(site: str, i: int) -> None:
        w = low[i]
        if len(w) < 3 or not w.isalpha() or w in stop or w in lex.verbs or w in lex.nouns:
            return
        neg = "NEG_" if any(is_negation(low[j]) for j in range(max(0, i - 3), i)) else ""
        stem = neg + _stem(w)
        for name in (f"{site}={stem}", f"any={stem}"):
            if name not in seen:
                seen.add(name)
                out.append((name, i))

    by_site = [("mod", sites.modifiers), ("hold", sites.holder), ("aim", sites.aimed),
               ("subj", [i for i, passive in sites.subject_verbs if not passive]),
               ("subjP", [i for i, passive in sites.subject_verbs if passive]),
               ("obj", sites.object_verbs), ("adv", sites.adverbs), ("pred", sites.predicate)]
    for site, tokens in by_site:
        for i in tokens:
            put(site, i)
    return out


@dataclass(frozen=True)
class AttachedModel:
    """Weights of the attached-word model (``coef``: classes x features) and its decision threshold."""

    vocabulary: dict[str, int]
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    threshold: float
    version: str
    meta: dict

    def predict_proba(self, features: Iterable[Sequence[str]]) -> np.ndarray:
        """Class probabilities (columns :attr:`classes`) of each mention's feature names, as one sparse product."""
        rows, cols = [], []
        n = 0
        for r, names in enumerate(features):
            n = r + 1
            for name in names:
                j = self.vocabulary.get(name)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
        x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(self.vocabulary)))
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def weight(self, name: str, cls: str) -> float:
        """The weight of feature ``name`` for class ``cls`` minus its mean over the classes (for evidence)."""
        j = self.vocabulary.get(name)
        if j is None:
            return 0.0
        col = self.coef[:, j]
        return float(col[self.classes.index(cls)] - col.mean())


@lru_cache(maxsize=1)
def load_attached_model() -> AttachedModel:
    """The shipped attached-word model (``data/stance_attached_model.json``).

    Examples
    --------
    >>> m = load_attached_model()
    >>> m.classes, 0.5 <= m.threshold < 1
    (('negative', 'none', 'positive'), True)
    """
    d = json.loads((resources.files("mideast_corpus") / "data" / _FILE).read_text(encoding="utf-8"))
    vocab = {name: i for i, name in enumerate(d["features"])}
    return AttachedModel(vocab, tuple(d["classes"]), np.asarray(d["coef"], dtype=float),
                         np.asarray(d["intercept"], dtype=float), float(d["threshold"]), str(d["version"]),
                         {k: v for k, v in d.items() if k not in ("features", "coef", "intercept")})
