"""The fitted topic model: terms, labels, unit-topic weights, prevalence and comparisons."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from itertools import pairwise, repeat
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from ..corpus import Corpus
from ..defaults import N_TOPICS
from ..grouping import group_labels
from ..progress import progress
from ..provenance import attach_provenance
from ..rng import group_rng
from .coherence import npmi_coherence, topic_diversity
from .inference import bh_adjust, bootstrap_shares, percentile_interval, permutation_test
from .prepare import count_matrix, data_versions, prepare, resolve_mentions
from .vocabulary import Vocabulary

__all__ = ["METHODS", "TopicModel", "fit_topics"]

METHODS = ("nmf", "lda")
#: Fewest documents per group for which document resampling is used without a warning note.
FEW_DOCS = 5


class TopicModel:
    """A topic model of a corpus, in scikit-learn's vocabulary (``fit``/``transform``).

    Build one with :func:`fit_topics`. Its parts are tables: :attr:`units`,
    :attr:`doc_topics`, :meth:`terms`, :attr:`labels`, :meth:`prevalence`,
    :meth:`compare`, :meth:`coherence`. The fitted arrays are numpy:
    ``components_`` (topics x terms, each row sums to 1) and ``vocabulary_``.

    Parameters
    ----------
    n_topics : int, default 6 (:data:`mideast_corpus.defaults.N_TOPICS`)
        Number of topics.
    method : {"nmf", "lda"}
        ``"nmf"``: non-negative matrix factorisation of sublinear TF-IDF
        (scikit-learn ``NMF``, NNDSVD start, so no random start at all).
        ``"lda"``: latent Dirichlet allocation of raw counts (batch variational Bayes).
    unit : {"paragraph", "document", "window", "sentence"}
        What one row of the term matrix is (see :mod:`mideast_corpus.topics.units`).
        ``"paragraph"`` (default) gives small corpora enough rows and keeps one
        theme per row; use ``"document"`` for many short articles or to compare
        with per-document labels.
    random_state : int
        Seed of every random step (LDA's start, bootstrap, permutations).
    min_df, max_df : int or float
        Keep terms found in at least ``min_df`` and at most ``max_df`` units
        (scikit-learn meaning: ints are counts, floats are shares).
    min_words, max_words : int
        Paragraph evening-out bounds (``unit="paragraph"``).
    window : int
        Sentences per unit for ``unit="window"``.
    mentions : DataFrame, bool or None
        Actor mentions for alias normalisation; ``None`` uses the actor layer
        when importable, ``False`` skips it (see :func:`~mideast_corpus.topics.replace_mentions`).
    vocabulary : Vocabulary, optional
        The tokenizer (stop words, phrases); default :class:`Vocabulary`.
    stop_terms : iterable of str, optional
        Your own terms to leave out of the vocabulary, added to the default
        stop words (``Vocabulary(stop_terms=...)``; ignored when ``vocabulary``
        is given: pass them to it).
    max_iter : int
        Iterations of the solver.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> tm = mc.TopicModel(n_topics=4, random_state=0).fit(mc.load_seeds())
    >>> tm.terms(n=3).columns.tolist()
    ['topic', 'rank', 'term', 'weight']
    >>> len(tm.labels)
    4
    """

    def __init__(
        self,
        n_topics: int = N_TOPICS,
        method: str = "nmf",
        unit: str = "paragraph",
        random_state: int = 0,
        *,
        min_df: float = 2,
        max_df: float = 0.95,
        min_words: int = 25,
        max_words: int = 150,
        window: int = 5,
        mentions: pd.DataFrame | bool | None = None,
        vocabulary: Vocabulary | None = None,
        stop_terms: Iterable[str] | None = None,
        max_iter: int = 400,
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"method={method!r} is not one of {METHODS}")
        # 2.5 topics is a mistake, not a request to round: refuse anything that is not a whole number
        if isinstance(n_topics, bool) or not isinstance(n_topics, numbers.Integral) or n_topics < 1:
            raise ValueError(f"n_topics={n_topics!r} must be a whole number of at least 1")
        self.n_topics = int(n_topics)
        self.method = method
        self.unit = unit
        self.random_state = int(random_state)
        self.min_df, self.max_df = min_df, max_df
        self.min_words, self.max_words, self.window = min_words, max_words, window
        self.mentions = mentions
        self.vocabulary = vocabulary
        self.stop_terms = sorted({str(t) for t in stop_terms}) if stop_terms is not None and not isinstance(
            stop_terms, str) else stop_terms
        self.max_iter = max_iter

    # -- fitting ------------------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        """Parameters as a dict (for provenance), scikit-learn style."""
        return {
            "n_topics": self.n_topics,
            "method": self.method,
            "unit": self.unit,
            "random_state": self.random_state,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "min_words": self.min_words,
            "max_words": self.max_words,
            "window": self.window,
            "mentions": self.mentions if isinstance(self.mentions, (bool, type(None))) else "given",
            "stop_terms": self.stop_terms,
            "max_iter": self.max_iter,
        }

    def _vocabulary(self) -> Vocabulary:
        return self.vocabulary or Vocabulary(stop_terms=self.stop_terms)

    def _prepare(self, corpus: Any, mentions: pd.DataFrame | bool | None):
        table, note = resolve_mentions(corpus, mentions)
        return prepare(
            corpus.docs,
            unit=self.unit,
            vocabulary=self._vocab,
            mentions=table,
            mentions_note=note,
            min_words=self.min_words,
            max_words=self.max_words,
            window=self.window,
            # the corpus keeps its sentences once split (find_mentions splits them too)
            sentences=corpus.sentences() if self.unit in ("sentence", "window") else None,
        )

    def fit(self, corpus: Any) -> TopicModel:
        """Fit the model to a corpus and return ``self``."""
        self._vocab = self._vocabulary()
        prepared = self._prepare(corpus, self.mentions)
        counts, vocab, vocab_note = count_matrix(prepared.tokens, min_df=self.min_df, max_df=self.max_df)
        return self._fit_prepared(corpus, prepared, counts, vocab, vocab_note)

    def _fit_prepared(
        self, corpus: Any, prepared: Any, counts: sparse.csr_matrix, vocab: np.ndarray, vocab_note: str
    ) -> TopicModel:
        self._vocab = self._vocabulary()
        self._corpus = corpus
        self.vocabulary_ = vocab
        self.notes_ = [n for n in (f"aliases: {prepared.mentions_note}", vocab_note) if n]
        if counts.shape[0] < self.n_topics:
            raise ValueError(
                f"n_topics={self.n_topics} but only {counts.shape[0]} {self.unit} units: "
                "use fewer topics or a smaller unit (unit='paragraph' or 'window')"
            )
        if counts.shape[1] < self.n_topics:
            raise ValueError(
                f"n_topics={self.n_topics} but the vocabulary has only {counts.shape[1]} terms: use fewer topics "
                f"(n_topics <= {counts.shape[1]}), a larger corpus or a lower min_df"
            )
        weights = self._fit_estimator(counts)
        self._set_fit(prepared, counts, weights)
        return self

    def _weighting(self, counts: sparse.csr_matrix, fit: bool) -> sparse.csr_matrix:
        if self.method == "lda":
            return counts
        if fit:
            self._tfidf = TfidfTransformer(sublinear_tf=True)
            return self._tfidf.fit_transform(counts).tocsr()
        return self._tfidf.transform(counts).tocsr()

    def _make_estimator(self, random_state: int) -> NMF | LatentDirichletAllocation:
        if self.method == "nmf":
            return NMF(
                n_components=self.n_topics,
                init="nndsvd",
                solver="cd",
                max_iter=self.max_iter,
                tol=1e-4,
                random_state=random_state,
            )
        return LatentDirichletAllocation(
            n_components=self.n_topics,
            learning_method="batch",
            max_iter=min(self.max_iter, 100),
            random_state=random_state,
        )

    def _fit_estimator(self, counts: sparse.csr_matrix) -> np.ndarray:
        X = self._weighting(counts, fit=True)
        self._estimator = self._make_estimator(self.random_state)
        W = self._estimator.fit_transform(X)
        if self.method == "nmf":
            self.reconstruction_err_ = float(self._estimator.reconstruction_err_)
            self.perplexity_ = float("nan")
        else:
            self.reconstruction_err_ = float("nan")
            self.perplexity_ = float(self._estimator.perplexity(X))
        self.components_ = _row_normalise(np.asarray(self._estimator.components_, dtype=float))
        return np.asarray(W, dtype=float)

    def _set_fit(self, prepared: Any, counts: sparse.csr_matrix, W: np.ndarray) -> None:
        n_terms = np.asarray(counts.sum(axis=1)).ravel()
        totals = W.sum(axis=1)
        in_model = (n_terms > 0) & (totals > 0)
        self._units = prepared.units.assign(n_terms=n_terms.astype(np.int64), in_model=in_model)
        self._theta = np.divide(W, totals[:, None], out=np.zeros_like(W), where=totals[:, None] > 0)
        # the terms in order are only needed by coherence(): kept as the units' term strings until then
        self._prepared: Any = prepared
        self._stream_cache: list[np.ndarray] | None = None

    @property
    def _streams(self) -> list[np.ndarray]:
        """Each document's terms in order as vocabulary indices (made on first use, for coherence)."""
        streams = self._stream_cache
        if streams is None:
            prepared = self._prepared
            if prepared is None:  # another thread made them in the meantime
                return self._stream_cache  # type: ignore[return-value]
            made = prepared.streams
            if made is not None and made[0] is self.vocabulary_:  # another model of the same counts made them
                streams = made[1]
            else:
                streams = _doc_streams(self._units, prepared.tokens, self.vocabulary_)
                prepared.streams = (self.vocabulary_, streams)
            self._stream_cache = streams  # before the terms go, so that a reader finds one or the other
            self._prepared = None
        return streams

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise RuntimeError("this TopicModel is not fitted yet: call .fit(corpus) or use mc.fit_topics(...)")

    def _provenance(self, df: pd.DataFrame, function: str, **params: Any) -> pd.DataFrame:
        return attach_provenance(
            df,
            function=function,
            params={**self.get_params(), **params},
            corpus=self._corpus,
            data_versions=data_versions(self.notes_[0].removeprefix("aliases: ")),
            random_state=params.get("random_state", self.random_state),
        )

    # -- tables -------------------------------------------------------------------------------------
    @property
    def units(self) -> pd.DataFrame:
        """Units the model was fitted on.

        Columns ``unit_id, doc_id, unit_index, start, end`` (character offsets
        into ``docs.text``), ``n_tokens`` (terms after stop words),
        ``n_terms`` (of those, in the vocabulary) and ``in_model`` (False for
        units with no vocabulary term: they are left out of every table).
        """
        self._check_fitted()
        return self._provenance(self._units.copy(), "TopicModel.units")

    @property
    def doc_topics(self) -> pd.DataFrame:
        """Topic weights of each unit: ``unit_id, doc_id, topic, weight`` (weights of a unit sum to 1)."""
        self._check_fitted()
        return self._provenance(_long_weights(self._units, self._theta), "TopicModel.doc_topics")

    def terms(self, n: int = 10) -> pd.DataFrame:
        """Top ``n`` terms of each topic: ``topic, rank, term, weight`` (weight = share of the topic's mass)."""
        self._check_fitted()
        rows = []
        for topic, row in enumerate(self.components_):
            for rank, j in enumerate(_top(row, n), start=1):
                rows.append((topic, rank, str(self.vocabulary_[j]), float(row[j])))
        table = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
        return self._provenance(table, "TopicModel.terms", n=n)

    @property
    def labels(self) -> pd.Series:
        """A short label per topic (its three top terms), indexed by topic."""
        self._check_fitted()
        labels = _labels(self.components_, self.vocabulary_)
        series = pd.Series(labels, index=pd.RangeIndex(self.n_topics, name="topic"), name="label", dtype=str)
        return self._provenance(series, "TopicModel.labels")

    def __repr__(self) -> str:
        state = f"fitted on {len(self._units):,} units" if hasattr(self, "components_") else "not fitted"
        return f"<TopicModel {self.method}, {self.n_topics} topics, unit={self.unit!r}: {state}>"

    def _repr_html_(self) -> str:
        """A summary for Jupyter: parameters and, once fitted, each topic's top terms and share of the text."""
        from ..escaping import escape_html

        if not hasattr(self, "components_"):
            return f"<p>{escape_html(repr(self))}</p>"
        in_model = self._units["in_model"].to_numpy()
        weights = self._theta[in_model] * self._units["n_terms"].to_numpy(dtype=float)[in_model, None]
        shares = weights.sum(axis=0) / max(weights.sum(), 1e-12)
        terms = self.terms(n=8)
        rows = "".join(
            f"<tr><td>{t}</td><td>{100 * shares[t]:.1f}%</td><td>"
            f"{escape_html(', '.join(terms.loc[terms['topic'] == t, 'term'].astype(str)))}</td></tr>"
            for t in range(self.n_topics))
        return (f"<div><p><b>{escape_html(repr(self))}</b>; vocabulary of {len(self.vocabulary_):,} terms, "
                f"random_state={self.random_state}.</p><table><thead><tr><th>topic</th><th>share of text</th>"
                f"<th>top terms</th></tr></thead><tbody>{rows}</tbody></table></div>")

    # -- quality ------------------------------------------------------------------------------------
    def coherence(self, n: int = 10, window: int = 10) -> pd.DataFrame:
        """NPMI coherence of each topic's top ``n`` terms over ``window``-token sliding windows.

        Returns ``topic, label, npmi`` with one row per topic and a last row
        (``topic`` missing, label ``"(mean)"``) holding the mean over topics.
        See :mod:`mideast_corpus.topics.coherence` for the definition.
        """
        self._check_fitted()
        scores = npmi_coherence(self._streams, [_top(r, n) for r in self.components_], window=window)
        labels = [*_labels(self.components_, self.vocabulary_), "(mean)"]
        table = pd.DataFrame(
            {
                "topic": pd.array([*range(self.n_topics), None], dtype="Int64"),
                "label": labels,
                "npmi": np.append(scores, scores.mean()),
            }
        )
        return self._provenance(table, "TopicModel.coherence", n=n, window=window)

    def diversity(self, n: int = 25) -> float:
        """Share of distinct terms among the topics' top ``n`` terms (1.0: no term shared)."""
        self._check_fitted()
        return topic_diversity([_top(r, n).tolist() for r in self.components_])

    # -- new documents ------------------------------------------------------------------------------
    def transform(self, corpus: Any, mentions: pd.DataFrame | bool | None = None) -> pd.DataFrame:
        """Topic weights of the units of another corpus, with this model's vocabulary and topics.

        Returns the :attr:`doc_topics` table of ``corpus`` (units with no known
        term are left out). Weights of the fitted corpus differ slightly from
        :attr:`doc_topics`, which come from the fit itself.
        """
        self._check_fitted()
        prepared = self._prepare(corpus, self.mentions if mentions is None else mentions)
        counts, _, _ = count_matrix(prepared.tokens, vocabulary=self.vocabulary_)
        W = np.asarray(self._estimator.transform(self._weighting(counts, fit=False)), dtype=float)
        totals = W.sum(axis=1)
        n_terms = np.asarray(counts.sum(axis=1)).ravel()
        units = prepared.units.assign(in_model=(n_terms > 0) & (totals > 0))
        theta = np.divide(W, totals[:, None], out=np.zeros_like(W), where=totals[:, None] > 0)
        table = _long_weights(units, theta)
        return attach_provenance(
            table,
            function="TopicModel.transform",
            params=self.get_params(),
            corpus=corpus,
            data_versions=data_versions(prepared.mentions_note),
            random_state=self.random_state,
        )

    # -- groups -------------------------------------------------------------------------------------
    def _doc_totals(self, by: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per in-model unit: the token-weighted topic mass ``S``, tokens ``N``, doc index and group."""
        units = self._units[self._units["in_model"].to_numpy()]
        theta = self._theta[self._units["in_model"].to_numpy()]
        N = units["n_terms"].to_numpy(dtype=float)
        S = theta * N[:, None]
        docs = self._corpus.docs
        groups = group_labels(docs, by)
        group_of = dict(zip(docs["doc_id"].astype(str), groups, strict=True))
        unit_group = units["doc_id"].map(group_of).to_numpy(dtype=object)
        doc_codes = pd.factorize(units["doc_id"], sort=True)[0]
        return units, S, N, doc_codes, unit_group

    def prevalence(
        self,
        by: str = "source",
        ci: float = 0.95,
        n_boot: int = 1000,
        random_state: int | None = None,
        unit_fallback: bool = True,
    ) -> pd.DataFrame:
        """Share of each group's text given to each topic, with a bootstrap interval.

        ``share`` is the token-weighted topic share of the group's units (how
        much of the group's text is about the topic). The interval resamples
        the group's *documents* with replacement (a cluster bootstrap: the units
        of one document are not independent) and takes percentiles.

        Where a group has one document, documents cannot be resampled. With
        ``unit_fallback=True`` (default) the interval then resamples that
        document's units, ``resampled`` says ``"units"`` and ``note`` warns that
        the interval is too narrow for the source and describes only that
        document; with ``unit_fallback=False`` it is left empty. Groups with
        fewer than 5 documents get a note that their interval is rough.

        Returns
        -------
        pandas.DataFrame
            ``<by>, topic, label, share, ci_low, ci_high, n_docs, n_units, resampled, note``,
            sorted by group then topic.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> from mideast_corpus.topics import fit_topics
    >>> tm = fit_topics(mc.load_seeds(), n_topics=3)
        >>> p = tm.prevalence(by="source", n_boot=100)
        >>> list(p.columns)
        ['source', 'topic', 'label', 'share', 'ci_low', 'ci_high', 'n_docs', 'n_units', 'resampled', 'note']
        >>> bool(p.groupby("source")["share"].sum().round(6).eq(1).all())
        True
        """
        self._check_fitted()
        seed = self.random_state if random_state is None else int(random_state)
        _units, S, N, doc_codes, unit_group = self._doc_totals(by)
        labels = _labels(self.components_, self.vocabulary_)
        rows = []
        for group in progress(sorted(set(unit_group)), desc="topic prevalence: bootstrap", unit="groups"):
            in_group = unit_group == group
            S_c, N_c, n_docs, kind = _clusters(S[in_group], N[in_group], doc_codes[in_group], unit_fallback)
            share = S_c.sum(axis=0) / N_c.sum()
            low = high = np.full(self.n_topics, np.nan)
            if kind != "none":
                draws = bootstrap_shares(S_c, N_c, n_boot, group_rng(seed, "prevalence", by, group))
                low, high = percentile_interval(draws, ci)
            note = _resampling_note(kind, n_docs, int(in_group.sum()))
            for t in range(self.n_topics):
                rows.append((group, t, labels[t], share[t], low[t], high[t], n_docs, int(in_group.sum()), kind, note))
        columns = [by, "topic", "label", "share", "ci_low", "ci_high", "n_docs", "n_units", "resampled", "note"]
        table = pd.DataFrame(rows, columns=columns)
        return self._provenance(
            table, "TopicModel.prevalence", by=by, ci=ci, n_boot=n_boot, random_state=seed, unit_fallback=unit_fallback
        )

    def compare(
        self,
        by: str = "source",
        ci: float = 0.95,
        n_boot: int = 1000,
        n_perm: int = 1000,
        random_state: int | None = None,
    ) -> pd.DataFrame:
        """One-vs-rest difference in topic share for each group, with interval, p and BH q.

        ``diff = share(group) - share(all other groups)``. The interval
        bootstraps documents within the group and within the rest; ``p`` is a
        two-sided permutation p that shuffles group labels over documents
        (``n_perm`` times); ``q`` is the Benjamini-Hochberg adjustment over all
        rows of the table (every group and topic is one test).

        When the group or the rest has fewer than 2 documents, documents cannot
        carry a test: units are resampled and permuted instead, ``resampled`` says
        ``"units"`` and ``note`` warns that units of one document are not
        independent, so intervals are too narrow and p too small.

        Returns
        -------
        pandas.DataFrame
            ``<by>, topic, label, share, share_rest, diff, ci_low, ci_high, p, q,
            n_docs, n_docs_rest, resampled, note``.

        Examples
        --------
        >>> import mideast_corpus as mc
        >>> from mideast_corpus.topics import fit_topics
    >>> tm = fit_topics(mc.load_seeds(), n_topics=3)
        >>> c = tm.compare(by="source", n_boot=50, n_perm=50)
        >>> c[["diff", "p", "q"]].notna().all().all(), sorted(c["resampled"].unique())
        (np.True_, ['units'])
        """
        self._check_fitted()
        seed = self.random_state if random_state is None else int(random_state)
        _units, S, N, doc_codes, unit_group = self._doc_totals(by)
        labels = _labels(self.components_, self.vocabulary_)
        doc_group = pd.Series(unit_group).groupby(doc_codes).first().to_numpy(dtype=object)
        S_doc = _sum_by(S, doc_codes, len(doc_group))
        N_doc = _sum_by(N[:, None], doc_codes, len(doc_group))[:, 0]
        rows = []
        for group in sorted(set(unit_group)):
            n_in, n_rest = int((doc_group == group).sum()), int((doc_group != group).sum())
            if n_in >= 2 and n_rest >= 2:
                S_c, N_c, mask, kind = S_doc, N_doc, doc_group == group, "documents"
            else:
                S_c, N_c, mask, kind = S, N, unit_group == group, "units"
            rng = group_rng(seed, "compare", by, group)
            diff, p = permutation_test(S_c, N_c, mask, n_perm, rng)
            draws = bootstrap_shares(S_c[mask], N_c[mask], n_boot, rng)
            if n_rest:
                draws = draws - bootstrap_shares(S_c[~mask], N_c[~mask], n_boot, rng)
            low, high = percentile_interval(draws, ci)
            share = S_c[mask].sum(axis=0) / N_c[mask].sum()
            rest = S_c[~mask].sum(axis=0) / N_c[~mask].sum() if n_rest else np.full(self.n_topics, np.nan)
            note = (
                ""
                if kind == "documents"
                else f"fewer than 2 documents in group ({n_in}) or rest ({n_rest}): units resampled and permuted;"
                " they are not independent, so the interval is too narrow and p too small"
            )
            for t in range(self.n_topics):
                rows.append(
                    (group, t, labels[t], share[t], rest[t], diff[t], low[t], high[t], p[t], n_in, n_rest, kind, note)
                )
        columns = [by, "topic", "label", "share", "share_rest", "diff", "ci_low", "ci_high", "p"]
        table = pd.DataFrame(rows, columns=[*columns, "n_docs", "n_docs_rest", "resampled", "note"])
        table.insert(9, "q", bh_adjust(table["p"].to_numpy()))
        return self._provenance(
            table, "TopicModel.compare", by=by, ci=ci, n_boot=n_boot, n_perm=n_perm, random_state=seed
        )


def _doc_streams(units: pd.DataFrame, unit_terms: list[str], vocabulary: np.ndarray) -> list[np.ndarray]:
    """Each document's terms in order as vocabulary indices (for coherence); -1 keeps the place of a
    dropped rare word. ``unit_terms`` are the units' space-separated terms; the units of a document are
    consecutive rows of ``units``, whose ``n_tokens`` counts the terms of each."""
    doc_ids = units["doc_id"].to_numpy(dtype=object)
    if len(doc_ids) == 0:
        return []
    index = {term: i for i, term in enumerate(vocabulary.tolist())}
    terms = " ".join(unit_terms).split()
    codes = np.fromiter(map(index.get, terms, repeat(-1, len(terms))), dtype=np.int64, count=len(terms))
    unit_starts = np.r_[0, np.cumsum(units["n_tokens"].to_numpy(dtype=np.int64))]
    first_units = np.flatnonzero(np.r_[True, doc_ids[1:] != doc_ids[:-1]])
    bounds = np.r_[unit_starts[first_units], unit_starts[-1]]
    return [codes[a:b] for a, b in pairwise(bounds)]


def _row_normalise(H: np.ndarray) -> np.ndarray:
    totals = H.sum(axis=1, keepdims=True)
    return np.divide(H, totals, out=np.zeros_like(H), where=totals > 0)


def _sum_by(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]))
    np.add.at(out, codes, values)
    return out


def _clusters(
    S: np.ndarray, N: np.ndarray, doc_codes: np.ndarray, unit_fallback: bool
) -> tuple[np.ndarray, np.ndarray, int, str]:
    """Cluster totals of one group: documents, or its units when it has only one document."""
    codes, inverse = np.unique(doc_codes, return_inverse=True)
    if len(codes) >= 2:
        return _sum_by(S, inverse, len(codes)), _sum_by(N[:, None], inverse, len(codes))[:, 0], len(codes), "documents"
    if unit_fallback and len(N) >= 2:
        return S, N, 1, "units"
    return S, N, len(codes), "none"


def _resampling_note(kind: str, n_docs: int, n_units: int) -> str:
    if kind == "units":
        return (
            f"one document: interval from resampling its {n_units} units, which are not independent;"
            " it is too narrow and describes this document, not the source"
        )
    if kind == "none":
        return "one document: no interval (documents cannot be resampled)"
    if n_docs < FEW_DOCS:
        return f"only {n_docs} documents: interval is rough"
    return ""


def _long_weights(units: pd.DataFrame, theta: np.ndarray) -> pd.DataFrame:
    keep = units["in_model"].to_numpy()
    k = theta.shape[1]
    kept = units[keep]
    return pd.DataFrame(
        {
            "unit_id": np.repeat(kept["unit_id"].to_numpy(dtype=object), k),
            "doc_id": np.repeat(kept["doc_id"].to_numpy(dtype=object), k),
            "topic": np.tile(np.arange(k, dtype=np.int64), len(kept)),
            "weight": theta[keep].ravel(),
        }
    ).astype({"unit_id": str, "doc_id": str})


def _top(row: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest weights; ties go to the earlier (alphabetical) term."""
    order = np.lexsort((np.arange(len(row)), -row))
    return order[:n]


def _labels(components: np.ndarray, vocabulary: np.ndarray, n: int = 3) -> list[str]:
    """Three top terms per topic, e.g. ``"mosul, offensive, iraqi"``; a fourth breaks a tie between topics."""
    labels: list[str] = []
    for row in components:
        top = [str(vocabulary[j]).replace("_", " ") for j in _top(row, n + 2)]
        label = ", ".join(top[:n])
        if label in labels:
            label = ", ".join(top[: n + 1])
        labels.append(label)
    return labels


def fit_topics(
    corpus: Corpus,
    n_topics: int = N_TOPICS,
    *,
    method: str = "nmf",
    unit: str = "paragraph",
    random_state: int = 0,
    **options: Any,
) -> TopicModel:
    """Fit a topic model to a corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`~mideast_corpus.load_corpus` or :func:`~mideast_corpus.load_seeds`.
    n_topics : int, default 6 (:data:`mideast_corpus.defaults.N_TOPICS`)
        Number of topics.
    method : {"nmf", "lda"}
        NMF of sublinear TF-IDF (default; deterministic NNDSVD start) or LDA.
    unit : {"paragraph", "document", "window", "sentence"}
        What a row of the model is. The default ``"paragraph"`` (blank-line
        blocks, evened out to 25-150 words) works for the five seed articles as
        for large corpora; use ``"document"`` for many short articles.
    random_state : int
        Seed of every random step; same input and seed give identical tables.
    **options
        Further :class:`TopicModel` parameters (``min_df``, ``max_df``,
        ``mentions``, ``vocabulary``, ``window``, ``max_iter``...).

    Returns
    -------
    TopicModel

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> from mideast_corpus.topics import fit_topics
    >>> tm = fit_topics(mc.load_seeds(), n_topics=4, random_state=0)
    >>> tm.terms(n=3).shape
    (12, 4)
    >>> len(tm.labels), tm.doc_topics.columns.tolist()
    (4, ['unit_id', 'doc_id', 'topic', 'weight'])
    """
    model = TopicModel(n_topics=n_topics, method=method, unit=unit, random_state=random_state, **options)
    return model.fit(corpus)
