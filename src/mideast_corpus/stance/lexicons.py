"""Load and validate the stance lexicons: labels, role verbs, counterparts, evaluative words, combination weights.

The lexicons are data (``mideast_corpus/data/stance_*.csv`` and ``stance.meta.json``, documented in
``data/README-stance.md``), not constants in code, so a researcher can read, cite, extend or replace
them. Every file is checked on load; an error names the file, the row and what to fix.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "ROLE_CLASSES",
    "StanceLexicons",
    "load_stance_lexicons",
]

#: Event classes of ``stance_roles.csv`` and the (agent role, target role) each gives.
ROLE_CLASSES: dict[str, tuple[str, str]] = {
    "violence": ("agent_violence", "target_violence"),
    "liberation": ("agent_violence", "target_violence"),
    "coercion": ("agent_violence", "target_violence"),
    "combat": ("fights", "target_violence"),
    "opposition": ("other", "opposed_by"),
    "protection": ("agent_cooperation", "backed_by"),
    "support": ("agent_cooperation", "backed_by"),
    "cooperation": ("agent_cooperation", "agent_cooperation"),
}

_FILES = {
    "labels": "stance_labels.csv",
    "roles": "stance_roles.csv",
    "counterparts": "stance_counterparts.csv",
    "evaluation": "stance_evaluation.csv",
}
_COLUMNS = {
    "labels": ["term", "applies_to", "valence", "source"],
    "roles": [
        "lemma", "forms", "pos", "prep", "class", "cameo", "goldstein", "agent_valence", "target_valence", "note",
    ],
    "counterparts": ["class", "terms", "actors", "agent_valence", "target_valence", "cooperation_valence", "note"],
    "evaluation": ["term", "pos", "subject", "object", "source"],
}
_VALENCES = {
    "labels": ["valence"],
    "roles": ["agent_valence", "target_valence"],
    "counterparts": ["agent_valence", "target_valence", "cooperation_valence"],
    "evaluation": ["subject", "object"],
}
#: Parts of speech of ``stance_evaluation.csv``.
EVALUATION_POS = ("verb", "adj", "noun", "adv")


@dataclass(frozen=True)
class RoleEntry:
    """One role verb, event noun or prefix of ``stance_roles.csv``."""

    lemma: str
    pos: str
    preps: tuple[str, ...]
    cls: str
    cameo: str
    goldstein: float
    agent_valence: float
    target_valence: float
    #: object heads that make the verb an idiom, not an event ("struck a defiant tone", "hit a record")
    idiom_objects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CounterpartClass:
    """One class of ``stance_counterparts.csv``."""

    name: str
    agent_valence: float
    target_valence: float
    cooperation_valence: float


@dataclass(frozen=True)
class StanceLexicons:
    """The validated stance lexicons as tables plus the lookups the scorer uses.

    Build with :func:`load_stance_lexicons`. ``labels``, ``roles``, ``counterparts`` and ``evaluation`` are the
    tables as read (``evaluation``: evaluative words and whom they cast, see ``stance_evaluation.csv``);
    ``meta`` is ``stance.meta.json`` (version and combination weights).

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> lex = mc.load_stance_lexicons()
    >>> sorted(lex.weights)
    ['evaluation', 'label_valence', 'role_valence']
    >>> {"term", "valence"} <= set(lex.labels.columns)
    True
    """

    labels: pd.DataFrame
    roles: pd.DataFrame
    counterparts: pd.DataFrame
    evaluation: pd.DataFrame
    meta: dict[str, Any]
    label_terms: dict[tuple[str, ...], tuple[float, frozenset[str], str]] = field(repr=False)
    verbs: dict[str, RoleEntry] = field(repr=False)
    nouns: dict[str, RoleEntry] = field(repr=False)
    prefixes: dict[str, RoleEntry] = field(repr=False)
    counterpart_terms: dict[tuple[str, ...], str] = field(repr=False)
    counterpart_actors: dict[str, str] = field(repr=False)
    classes: dict[str, CounterpartClass] = field(repr=False)
    #: ``{pos: {token tuple: (subject valence, object valence, term)}}`` of ``stance_evaluation.csv``
    evaluation_terms: dict[str, dict[tuple[str, ...], tuple[float, float, str]]] = field(repr=False)
    # per-lexicon caches of text-only analyses (see :meth:`per_text`); not part of the lexicons' value
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def per_text(self, name: str, analyse: Callable[[str, StanceLexicons], Any], maxsize: int = 8192
                 ) -> Callable[[str], Any]:
        """``analyse(text, self)`` behind an LRU cache owned by these lexicons, created on first use.

        The per-sentence functions (:func:`~.roles.sentence_roles`, :func:`~.labels.label_valence`, ...)
        are often called once per mention of the same sentence; what depends on the text and the
        lexicons alone is then worked out once. Cached values are shared: callers must not modify them.
        """
        fn = self._memo.get(name)
        if fn is None:
            fn = self._memo[name] = lru_cache(maxsize=maxsize)(lambda text: analyse(text, self))
        return fn

    @property
    def first_words(self) -> dict[str, frozenset[str]]:
        """First words of the label terms (``"label"``) and of each part of speech of the evaluative words."""
        return self.derived("first_words", _first_words)

    def longest(self, pos: str, low: Sequence[str], i: int,
                allowed: set[int] | None = None) -> tuple[int, Any] | None:
        """``(size, entry)`` of the longest label (``pos="label"``) or evaluative ``pos`` term at token ``i``.

        With ``allowed``, every token of the term must be in it. Most tokens start no term: one set look-up
        says so before any tuple is built.
        """
        if low[i] not in self.first_words[pos]:
            return None
        terms = self.label_terms if pos == "label" else self.evaluation_terms[pos]
        for size in (3, 2, 1):
            key = tuple(low[i:i + size])
            if len(key) < size:
                continue
            hit = terms.get(key)
            if hit is not None and (allowed is None or all(j in allowed for j in range(i, i + size))):
                return size, hit
        return None

    def derived(self, name: str, build: Callable[[StanceLexicons], Any]) -> Any:
        """``build(self)`` computed once per lexicon set (an index the scorer needs for every sentence)."""
        key = "derived:" + name
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    @property
    def version(self) -> str:
        """Version string of the lexicon set (from ``stance.meta.json``, marked when files were replaced)."""
        return str(self.meta.get("version", "unversioned"))

    @property
    def weights(self) -> dict[str, float]:
        """Combination weights of ``label_valence``, ``role_valence`` and ``evaluation``."""
        return {k: float(v) for k, v in self.meta["combination"]["weights"].items()}

    @property
    def threshold(self) -> float:
        """``|score|`` at or above which a mention is labelled negative or positive."""
        return float(self.meta["combination"]["threshold"])


def _first_words(lex: StanceLexicons) -> dict[str, frozenset[str]]:
    out = {pos: frozenset(k[0] for k in terms) for pos, terms in lex.evaluation_terms.items()}
    out["label"] = frozenset(k[0] for k in lex.label_terms)
    return out


def _read_csv(source: Any, name: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        df = source.copy()
    else:
        text = Path(source).read_text(encoding="utf-8") if source is not None else _shipped(_FILES[name])
        df = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False, skipinitialspace=False)
    missing = [c for c in _COLUMNS[name] if c not in df.columns]
    if missing:
        raise ValueError(
            f"stance {name} lexicon ({_FILES[name]}): missing columns {missing}; expected {_COLUMNS[name]}")
    for col in _VALENCES[name]:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = df.index[values.isna() | (values < -1) | (values > 1)]
        if len(bad):
            row = df.loc[bad[0]].to_dict()
            raise ValueError(f"stance {name} lexicon ({_FILES[name]}): {col} must be a number in [-1, 1]; row {row}")
        df[col] = values.astype(float)
    return df.reset_index(drop=True)


def _shipped(filename: str) -> str:
    return (resources.files("mideast_corpus") / "data" / filename).read_text(encoding="utf-8")


def _key(term: str) -> tuple[str, ...]:
    # the same tokenisation as the scorer's (hyphens and apostrophes split), so "so-called" matches
    from .tokens import tokenize

    return tuple(t.lower() for t, _, _ in tokenize(term))


def _build(labels: pd.DataFrame, roles: pd.DataFrame, counterparts: pd.DataFrame, evaluation: pd.DataFrame,
           meta: dict[str, Any]) -> StanceLexicons:
    label_terms: dict[tuple[str, ...], tuple[float, frozenset[str], str]] = {}
    for r in labels.itertuples(index=False):
        key = _key(r.term)
        if not key:
            raise ValueError(f"stance labels lexicon: empty term in row {r._asdict()}")
        if key in label_terms:
            raise ValueError(f"stance labels lexicon: term {r.term!r} listed twice")
        kinds = frozenset(k.strip() for k in str(r.applies_to).split("|") if k.strip()) or frozenset({"any"})
        label_terms[key] = (float(r.valence), kinds, str(r.term))

    verbs: dict[str, RoleEntry] = {}
    nouns: dict[str, RoleEntry] = {}
    prefixes: dict[str, RoleEntry] = {}
    for r in roles.itertuples(index=False):
        if r[roles.columns.get_loc("class")] not in ROLE_CLASSES:
            raise ValueError(f"stance roles lexicon: class must be one of {sorted(ROLE_CLASSES)}; row {r._asdict()}")
        target = {"verb": verbs, "noun": nouns, "prefix": prefixes}.get(r.pos)
        if target is None:
            raise ValueError(f"stance roles lexicon: pos must be verb, noun or prefix; row {r._asdict()}")
        entry = RoleEntry(
            lemma=str(r.lemma),
            pos=str(r.pos),
            preps=tuple(p for p in str(r.prep).split("|") if p),
            cls=str(r[roles.columns.get_loc("class")]),
            cameo=str(r.cameo),
            goldstein=float(r.goldstein),
            agent_valence=float(r.agent_valence),
            target_valence=float(r.target_valence),
            idiom_objects=frozenset(w.strip().lower() for w in str(r.idiom_objects).split("|") if w.strip()),
        )
        for form in str(r.forms).split("|"):
            form = form.strip().lower()
            if not form:
                continue
            if form in target:
                raise ValueError(f"stance roles lexicon: {r.pos} form {form!r} listed twice")
            target[form] = entry

    counterpart_terms: dict[tuple[str, ...], str] = {}
    counterpart_actors: dict[str, str] = {}
    classes: dict[str, CounterpartClass] = {}
    for r in counterparts.itertuples(index=False):
        name = str(r[counterparts.columns.get_loc("class")])
        if name in classes:
            raise ValueError(f"stance counterparts lexicon: class {name!r} listed twice")
        classes[name] = CounterpartClass(name, float(r.agent_valence), float(r.target_valence),
                                         float(r.cooperation_valence))
        for term in str(r.terms).split("|"):
            if term.strip():
                counterpart_terms.setdefault(_key(term), name)
        for actor in str(r.actors).split("|"):
            if actor.strip():
                counterpart_actors[actor.strip()] = name

    evaluation_terms: dict[str, dict[tuple[str, ...], tuple[float, float, str]]] = {p: {} for p in EVALUATION_POS}
    for r in evaluation.itertuples(index=False):
        if r.pos not in EVALUATION_POS:
            raise ValueError(f"stance evaluation lexicon: pos must be one of {EVALUATION_POS}; row {r._asdict()}")
        for form in str(r.term).split("|"):
            key = _key(form)
            if not key:
                continue
            if key in evaluation_terms[r.pos]:
                raise ValueError(f"stance evaluation lexicon: {r.pos} form {form!r} listed twice")
            evaluation_terms[r.pos][key] = (float(r.subject), float(r.object), form.strip().lower())

    comb = meta.get("combination", {})
    weights = comb.get("weights", {})
    if set(weights) != {"evaluation", "label_valence", "role_valence"}:
        raise ValueError("stance.meta.json: combination.weights must give label_valence, role_valence and evaluation")
    if not 0 <= float(comb.get("threshold", -1)) < 1:
        raise ValueError("stance.meta.json: combination.threshold must be in [0, 1)")
    return StanceLexicons(labels, roles, counterparts, evaluation, meta, label_terms, verbs, nouns, prefixes,
                          counterpart_terms, counterpart_actors, classes, evaluation_terms)


@lru_cache(maxsize=1)
def _shipped_lexicons() -> StanceLexicons:
    meta = json.loads(_shipped("stance.meta.json"))
    return _build(
        _read_csv(None, "labels"), _read_csv(None, "roles"), _read_csv(None, "counterparts"),
        _read_csv(None, "evaluation"), meta,
    )


def load_stance_lexicons(
    *,
    labels: str | Path | pd.DataFrame | None = None,
    roles: str | Path | pd.DataFrame | None = None,
    counterparts: str | Path | pd.DataFrame | None = None,
    evaluation: str | Path | pd.DataFrame | None = None,
    meta: str | Path | Mapping[str, Any] | None = None,
) -> StanceLexicons:
    """Load the shipped stance lexicons, optionally replacing any file with your own.

    Parameters
    ----------
    labels, roles, counterparts, evaluation : path or DataFrame, optional
        Replacements for ``stance_labels.csv``, ``stance_roles.csv``, ``stance_counterparts.csv`` and
        ``stance_evaluation.csv`` with the same columns (``#`` lines are comments).
    meta : path or mapping, optional
        Replacement for ``stance.meta.json`` (version and combination weights).

    Returns
    -------
    StanceLexicons
        Tables and lookups; ``.version`` names the set (suffixed ``+custom`` when a file was replaced).

    Raises
    ------
    ValueError
        When a file lacks a column, a valence is outside [-1, 1], a class is unknown or a term repeats.

    Examples
    --------
    >>> lex = load_stance_lexicons()
    >>> lex.label_terms[("regime",)][0], lex.verbs["liberated"].cls, lex.counterpart_actors["isis"]
    (-0.6, 'liberation', 'terrorists')
    >>> lex.evaluation_terms["verb"][("accused",)]
    (0.0, -0.6, 'accused')
    """
    if labels is None and roles is None and counterparts is None and evaluation is None and meta is None:
        return _shipped_lexicons()
    if meta is None:
        meta_d: dict[str, Any] = json.loads(_shipped("stance.meta.json"))
    elif isinstance(meta, Mapping):
        meta_d = json.loads(json.dumps(dict(meta)))
    else:
        meta_d = json.loads(Path(meta).read_text(encoding="utf-8"))
    meta_d["version"] = f"{meta_d.get('version', 'unversioned')}+custom"
    return _build(
        _read_csv(labels, "labels"), _read_csv(roles, "roles"), _read_csv(counterparts, "counterparts"),
        _read_csv(evaluation, "evaluation"), meta_d,
    )
