"""Versions of the library, its dependencies and its data files, for papers and bug reports."""

from __future__ import annotations

import json
import platform
import sys
from functools import lru_cache
from importlib import metadata, resources

from ._version import __version__

__all__ = ["data_versions", "show_versions", "versions"]

DEPENDENCIES = ("pandas", "numpy", "scipy", "scikit-learn", "nltk", "plotly", "pyarrow", "vaderSentiment")


def data_versions() -> dict[str, str]:
    """Return ``{data file set: version}`` for every ``*.meta.json`` in the package's data folder.

    Examples
    --------
    >>> all(isinstance(v, str) for v in data_versions().values())
    True
    """
    return dict(_data_versions())  # a copy: the cached record must not be edited through the result


@lru_cache(maxsize=1)
def _data_versions() -> dict[str, str]:
    found: dict[str, str] = {}
    folder = resources.files("mideast_corpus") / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name.endswith(".meta.json"):
            meta = json.loads(entry.read_text(encoding="utf-8"))
            found[name.removesuffix(".meta.json")] = str(meta.get("version", "unversioned"))
        elif name == "sentiment_model.json":
            found["sentiment_model"] = str(json.loads(entry.read_text(encoding="utf-8")).get("version"))
        elif name.endswith(".txt"):
            found[name.removesuffix(".txt")] = _header_version(entry.read_text(encoding="utf-8"))
    return found


def _header_version(text: str) -> str:
    """The ``# version: X`` line of a plain-text data file."""
    for line in text.splitlines():
        if line.startswith("#") and line[1:].strip().lower().startswith("version:"):
            return line.split(":", 1)[1].strip()
    return "unversioned"


def versions() -> dict[str, dict[str, str]]:
    """Return library, platform, dependency and data-file versions as nested dicts.

    Examples
    --------
    >>> sorted(versions())
    ['data', 'dependencies', 'library', 'platform']
    """
    deps = {}
    for name in DEPENDENCIES:
        try:
            deps[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            deps[name] = "not installed"
    return {
        "library": {"mideast_corpus": __version__},
        "platform": {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
                     "system": platform.system(), "machine": platform.machine()},
        "dependencies": deps,
        "data": dict(data_versions()),
    }


def show_versions() -> None:
    """Print the versions a methods section or bug report should cite.

    Examples
    --------
    >>> show_versions()  # doctest: +ELLIPSIS
    mideast_corpus ...
    """
    info = versions()
    print(f"mideast_corpus {info['library']['mideast_corpus']}")
    for section in ("platform", "dependencies", "data"):
        print(f"\n[{section}]")
        for key, value in info[section].items():
            print(f"{key:>16}: {value}")
