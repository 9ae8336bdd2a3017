"""mideast_corpus: how news coverage of the wars in Iraq and Syria differs by outlet.

The public API, re-exported here and nowhere else::

    import mideast_corpus as mc
    corpus = mc.load_seeds()
    corpus.docs, corpus.sentences(), corpus.load_report, corpus.fingerprint

Loading and mentions are imported with the package. The analyses whose libraries are slow to
import (plotly's figures, scipy.stats, scikit-learn's models) are imported the first time one of
their names is used: ``import mideast_corpus`` then costs about what pandas, scikit-learn and plotly
cost themselves (``bench/startup.py``). ``mc.fit_topics`` is the same function either way.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
from .examples import examples
from .furniture import find_site_furniture, remove_site_furniture
from .grouping import group_labels
from .loaders import load_corpus, load_seeds, seeds_path
from .pipeline import process_corpus, process_docs
from .progress import show_progress
from .provenance import attach_provenance, provenance_of
from .streaming import StreamSummary, process_stream, read_table, stream_corpus
from .versions import data_versions, show_versions, versions

#: Names imported on first use, by the module that defines them.
_ON_FIRST_USE: dict[str, tuple[str, ...]] = {
    ".framing": tuple("frame_sentences frames framing_profile keyness load_frame_lexicon load_naming_sets"
                      " naming_choices quotes voices".split()),
    ".report": ("build_report", "report_figures", "report_tables"),
    ".sentiment": ("SentimentModel", "load_sentiment_model", "predict_proba", "predict_with_cues", "score_targets"),
    ".stance": tuple("StanceLexicons attribute_speakers compare_stance find_speech load_stance_lexicons quote_spans"
                     " score_stance stance_by_source".split()),
    ".topics": ("TopicModel", "Vocabulary", "fit_topics", "replace_mentions", "select_n_topics"),
}
#: Submodules that are public names themselves, imported on first use.
_SUBMODULES_ON_FIRST_USE = ("datasets", "plots")
_MODULE_OF = {name: module for module, names in _ON_FIRST_USE.items() for name in names} | {
    name: "." + name for name in _SUBMODULES_ON_FIRST_USE
}

if TYPE_CHECKING:  # the same names for type checkers, editors and the API reference (tests/test_startup.py)
    from . import datasets, plots
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
    from .report import build_report, report_figures, report_tables
    from .sentiment import (
        SentimentModel,
        load_sentiment_model,
        predict_proba,
        predict_with_cues,
        score_targets,
    )
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
    from .topics import TopicModel, Vocabulary, fit_topics, replace_mentions, select_n_topics


def __getattr__(name: str) -> Any:
    """Import a name of :data:`_ON_FIRST_USE` the first time it is used (PEP 562)."""
    module_name = _MODULE_OF.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(module_name, __name__)
    value = module if name in _SUBMODULES_ON_FIRST_USE else getattr(module, name)
    globals()[name] = value  # later uses are plain attribute look-ups
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "datasets",
    "default_actors",
    "discover_entities",
    "entity_frequency",
    "examples",
    "find_confusables",
    "find_mentions",
    "find_site_furniture",
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
    "remove_site_furniture",
    "replace_mentions",
    "report_figures",
    "report_tables",
    "score_stance",
    "score_targets",
    "seeds_path",
    "select_n_topics",
    "show_progress",
    "show_versions",
    "stance_by_source",
    "stream_corpus",
    "versions",
    "voices",
]
