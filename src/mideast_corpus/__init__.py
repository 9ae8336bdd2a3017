"""mideast_corpus: how news coverage of the wars in Iraq and Syria differs by outlet.

The public API, re-exported here and nowhere else::

    import mideast_corpus as mc
    corpus = mc.load_seeds()
    corpus.docs, corpus.sentences(), corpus.load_report, corpus.fingerprint
"""

from ._version import __version__
from .corpus import Corpus, fingerprint_docs
from .errors import (
    CorpusDecodeError,
    CorpusInputError,
    DuplicateDocumentError,
    ManifestError,
    MideastCorpusError,
    PathEscapeError,
)
from .framing import frame_sentences, frames, keyness, load_frame_lexicon
from .grouping import group_labels
from .loaders import load_corpus, load_seeds, seeds_path
from .provenance import attach_provenance, provenance_of
from .topics import TopicModel, Vocabulary, fit_topics, replace_mentions, select_n_topics
from .versions import data_versions, show_versions, versions

__all__ = [
    "Corpus",
    "CorpusDecodeError",
    "CorpusInputError",
    "DuplicateDocumentError",
    "ManifestError",
    "MideastCorpusError",
    "PathEscapeError",
    "TopicModel",
    "Vocabulary",
    "__version__",
    "attach_provenance",
    "data_versions",
    "fingerprint_docs",
    "fit_topics",
    "frame_sentences",
    "frames",
    "group_labels",
    "keyness",
    "load_corpus",
    "load_frame_lexicon",
    "load_seeds",
    "provenance_of",
    "replace_mentions",
    "seeds_path",
    "select_n_topics",
    "show_versions",
    "versions",
]
