"""Topic models of a corpus, with coherence, model selection and prevalence by group.

::

    import mideast_corpus as mc
    tm = mc.fit_topics(corpus, n_topics=6)        # NMF, paragraph units, random_state=0
    tm.terms(n=10); tm.labels; tm.doc_topics
    tm.prevalence(by="source"); tm.compare(by="source")
    tm.coherence(); tm.diversity(); tm.transform(other_corpus)
    mc.select_n_topics(corpus, ks=range(3, 13), random_state=0)

Modules: :mod:`.vocabulary` (terms), :mod:`.units` (what a row is),
:mod:`.prepare` (corpus to matrix), :mod:`.model` (:class:`TopicModel`),
:mod:`.coherence` (NPMI, diversity), :mod:`.inference` (bootstrap,
permutation, BH), :mod:`.selection` (:func:`select_n_topics`).
"""

from .coherence import npmi_coherence, topic_diversity
from .inference import bh_adjust
from .model import TopicModel, fit_topics
from .selection import match_topics, select_n_topics
from .units import make_units
from .vocabulary import Vocabulary, load_news_phrases, load_news_stopwords, replace_mentions

__all__ = [
    "TopicModel",
    "Vocabulary",
    "bh_adjust",
    "fit_topics",
    "load_news_phrases",
    "load_news_stopwords",
    "make_units",
    "match_topics",
    "npmi_coherence",
    "replace_mentions",
    "select_n_topics",
    "topic_diversity",
]
