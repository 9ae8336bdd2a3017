"""Named errors, so that callers can catch what went wrong precisely.

Every error message says what was wrong, where (file, row, byte offset) and
what to do next.
"""

from __future__ import annotations

__all__ = [
    "ActorDictionaryError",
    "CorpusDecodeError",
    "CorpusInputError",
    "DuplicateDocumentError",
    "IncompleteOutputError",
    "ManifestError",
    "MideastCorpusError",
    "OutputDirError",
    "PathEscapeError",
]


class MideastCorpusError(Exception):
    """Base class of every error the library raises on purpose."""


class CorpusInputError(MideastCorpusError, ValueError):
    """The input cannot be read as a corpus (missing path, empty folder, missing column, ...)."""


class CorpusDecodeError(CorpusInputError, UnicodeError):
    """Bytes that cannot be decoded with the given or detected encoding."""


class ManifestError(CorpusInputError):
    """A manifest file that is malformed or contradicts the folder it describes."""


class DuplicateDocumentError(CorpusInputError):
    """Two input items claim the same ``doc_id``."""


class PathEscapeError(CorpusInputError, PermissionError):
    """A path (manifest entry or symlink) that leads outside the corpus folder."""


class ActorDictionaryError(MideastCorpusError, ValueError):
    """An actor or place table that cannot be used (duplicate id, unknown or circular parent, ...)."""


class OutputDirError(MideastCorpusError, OSError):
    """The output folder cannot be created or written."""


class IncompleteOutputError(OutputDirError):
    """An output folder whose run did not finish (killed, or stopped on an error): its tables are partial."""
