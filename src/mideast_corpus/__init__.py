"""mideast_corpus: how news coverage of the wars in Iraq and Syria differs by outlet.

The public API, re-exported here and nowhere else::

    import mideast_corpus as mc
    corpus = mc.load_seeds()
    corpus.docs, corpus.sentences(), corpus.load_report, corpus.fingerprint
"""

from . import plots
from ._version import __version__
from .actors import ActorDictionary, default_actors, find_mentions, load_actors, mentions_in_text
from .confusables import find_confusables
from .corpus import Corpus, fingerprint_docs
from .entities import discover_entities, entity_frequency, kwic, naming
from .errors import (
    ActorDictionaryError,
    CorpusDecodeError,
    CorpusInputError,
    DuplicateDocumentError,
    IncompleteOutputError,
    ManifestError,
    MideastCorpusError,
    OutputDirError,
    PathEscapeError,
)
from .framing import (
    frame_sentences,
    frames,
    framing_profile,
    keyness,
    load_frame_lexicon,
    load_naming_sets,
    naming_choices,
    quotes,
    voices,
)
from .grouping import group_labels
from .loaders import load_corpus, load_seeds, seeds_path
from .pipeline import process_corpus, process_docs
from .provenance import attach_provenance, provenance_of
from .report import build_report, report_figures, report_tables
from .sentiment import SentimentModel, load_sentiment_model, predict_proba, predict_with_cues, score_targets
from .stance import (
    StanceLexicons,
    attribute_speakers,
    compare_stance,
    find_speech,
    load_stance_lexicons,
    quote_spans,
    score_stance,
    stance_by_source,
)
from .streaming import StreamSummary, process_stream, read_table, stream_corpus
from .topics import TopicModel, Vocabulary, fit_topics, replace_mentions, select_n_topics
from .versions import data_versions, show_versions, versions

__all__ = [
    "ActorDictionary",
    "ActorDictionaryError",
    "Corpus",
    "CorpusDecodeError",
    "CorpusInputError",
    "DuplicateDocumentError",
    "IncompleteOutputError",
    "ManifestError",
    "MideastCorpusError",
    "OutputDirError",
    "PathEscapeError",
    "SentimentModel",
    "StanceLexicons",
    "StreamSummary",
    "TopicModel",
    "Vocabulary",
    "__version__",
    "attach_provenance",
    "attribute_speakers",
    "build_report",
    "compare_stance",
    "data_versions",
    "default_actors",
    "discover_entities",
    "entity_frequency",
    "find_confusables",
    "find_mentions",
    "find_speech",
    "fingerprint_docs",
    "fit_topics",
    "frame_sentences",
    "frames",
    "framing_profile",
    "group_labels",
    "keyness",
    "kwic",
    "load_actors",
    "load_corpus",
    "load_frame_lexicon",
    "load_naming_sets",
    "load_seeds",
    "load_sentiment_model",
    "load_stance_lexicons",
    "mentions_in_text",
    "naming",
    "naming_choices",
    "plots",
    "predict_proba",
    "predict_with_cues",
    "process_corpus",
    "process_docs",
    "process_stream",
    "provenance_of",
    "quote_spans",
    "quotes",
    "read_table",
    "replace_mentions",
    "report_figures",
    "report_tables",
    "score_stance",
    "score_targets",
    "seeds_path",
    "select_n_topics",
    "show_versions",
    "stance_by_source",
    "stream_corpus",
    "versions",
    "voices",
]
