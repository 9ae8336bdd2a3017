"""Public multi-outlet corpora, fetched once, checked, cached (in the style of ``sklearn.datasets``).

:func:`fetch_allsides` returns the AllSides Middle East sample: 1,084 news
articles from 42 US outlets about the Middle East, terrorism, Russia, ISIS,
Israel and Palestine (2012-2020), each with the outlet's AllSides bias rating
(left, center, right). They are a subset of the corpus of Baly, Da San
Martino, Glass and Nakov, "We Can Detect Your Bias: Predicting the Political
Ideology of News Articles" (EMNLP 2020), published under the Apache-2.0
licence in the repository ``ramybaly/Article-Bias-Prediction``.

Where the data come from, in this order:

1. the environment variable ``MIDEAST_CORPUS_ALLSIDES``: the path of a local
   ``allsides_me_dev.jsonl`` (or of the folder holding it). Nothing is
   downloaded; a path that does not exist is an error naming the variable;
2. the cache, ``<data_home>/allsides/allsides_me_dev.jsonl`` (``data_home``
   defaults to ``MIDEAST_CORPUS_DATA`` or the user cache folder from
   ``pooch.os_cache``);
3. a download (with ``download_if_missing=True``): each article's JSON file
   at the pinned commit :data:`ALLSIDES_COMMIT` of the public repository,
   fetched with ``pooch`` into the cache; the seven fields the sample keeps are
   written one JSON object per line, and the file is accepted only if its
   SHA-256 is :data:`ALLSIDES_SHA256` (the published sample, byte for byte).

The article IDs of the sample are package data
(``data/allsides_me_dev.ids.txt``); the articles are never shipped with the
package.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from .corpus import Corpus

__all__ = ["ALLSIDES_COMMIT", "ALLSIDES_ENV", "ALLSIDES_SHA256", "allsides_path", "fetch_allsides"]

#: The environment variable that points at a local copy of the sample.
ALLSIDES_ENV = "MIDEAST_CORPUS_ALLSIDES"
#: The environment variable for the cache folder of every dataset.
DATA_HOME_ENV = "MIDEAST_CORPUS_DATA"
#: The commit of ramybaly/Article-Bias-Prediction the sample is taken from.
ALLSIDES_COMMIT = "ced8111a720948e6a410e52031ace99c4e53f096"
#: SHA-256 of ``allsides_me_dev.jsonl`` (7,055,136 bytes, 1,084 lines).
ALLSIDES_SHA256 = "a97c13d5fe2a675b0bc104bcf9ea7954366ff84cb794d04cbdd261286117fa76"
ALLSIDES_FILE = "allsides_me_dev.jsonl"
#: The fields kept, in the order they are written.
ALLSIDES_FIELDS = ("ID", "topic", "source", "date", "title", "bias_text", "content_original")
_URL = "https://raw.githubusercontent.com/ramybaly/Article-Bias-Prediction/{commit}/data/jsons/{id}.json"


def _ids() -> list[str]:
    text = (resources.files("mideast_corpus") / "data" / "allsides_me_dev.ids.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _data_home(data_home: str | os.PathLike[str] | None) -> Path:
    if data_home is not None:
        return Path(data_home)
    if os.environ.get(DATA_HOME_ENV):
        return Path(os.environ[DATA_HOME_ENV])
    import pooch

    return Path(pooch.os_cache("mideast_corpus"))


def _from_env() -> Path | None:
    value = os.environ.get(ALLSIDES_ENV, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if path.is_dir():
        path = path / ALLSIDES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{ALLSIDES_ENV}={value!r}: no {ALLSIDES_FILE} there; point it at the file (or the "
                                f"folder holding it), or unset it to use the cache")
    return path


def _fetch_articles(folder: Path, downloader: Callable[..., Any] | None) -> list[dict[str, Any]]:
    import pooch

    from .progress import progress

    records = []
    for article_id in progress(_ids(), desc="AllSides: downloading articles", unit="articles"):
        url = _URL.format(commit=ALLSIDES_COMMIT, id=article_id)
        # The repository publishes no per-file hashes; the whole sample is checked afterwards, byte for byte.
        path = pooch.retrieve(url, known_hash=None, fname=f"{article_id}.json", path=folder, progressbar=False,
                              downloader=downloader)
        records.append(json.loads(Path(path).read_text(encoding="utf-8")))
    return records


def _download(target: Path, downloader: Callable[..., Any] | None) -> Path:
    """Fetch every article of the sample, write the JSON Lines file, check its SHA-256."""
    import pooch

    folder = target.parent / "jsons"
    lines = []
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # one "Downloading ..." line per article would bury everything else
    try:
        articles = _fetch_articles(folder, downloader)
    finally:
        logger.setLevel(level)
    for record in articles:
        lines.append(json.dumps({k: record.get(k) for k in ALLSIDES_FIELDS}, ensure_ascii=False))
    partial = target.with_suffix(".part")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    found = _sha256(partial)
    if found != ALLSIDES_SHA256:
        partial.unlink()
        raise OSError(f"the AllSides sample assembled from {folder} has SHA-256 {found}, not {ALLSIDES_SHA256}: "
                      f"the articles differ from commit {ALLSIDES_COMMIT[:8]} of ramybaly/Article-Bias-Prediction. "
                      f"Delete {folder} and try again, or set {ALLSIDES_ENV} to a copy you trust")
    partial.replace(target)
    return target


def allsides_path(*, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True,
                  downloader: Callable[..., Any] | None = None) -> Path:
    """Return the path of ``allsides_me_dev.jsonl``: the local copy, the cache, or a fresh checked download.

    Parameters
    ----------
    data_home : str or Path, optional
        Cache folder (default ``$MIDEAST_CORPUS_DATA``, else ``pooch.os_cache("mideast_corpus")``).
    download_if_missing : bool, default True
        Download when neither ``$MIDEAST_CORPUS_ALLSIDES`` nor the cache has the file.
    downloader : callable, optional
        A ``pooch`` downloader (``downloader(url, output_file, pooch)``), e.g. with a proxy.

    Raises
    ------
    FileNotFoundError
        ``$MIDEAST_CORPUS_ALLSIDES`` names no file, or the file is not cached and
        ``download_if_missing=False``.
    OSError
        A cached or assembled file whose SHA-256 is not :data:`ALLSIDES_SHA256`.
    """
    local = _from_env()
    if local is not None:
        return local
    target = _data_home(data_home) / "allsides" / ALLSIDES_FILE
    if target.is_file():
        if _sha256(target) != ALLSIDES_SHA256:
            raise OSError(f"{target} is not the AllSides sample (SHA-256 differs from {ALLSIDES_SHA256[:12]}…): "
                          "delete it to download it again")
        return target
    if not download_if_missing:
        raise FileNotFoundError(f"the AllSides sample is not in {target.parent}: call fetch_allsides() with "
                                f"download_if_missing=True, or set {ALLSIDES_ENV} to a local copy")
    target.parent.mkdir(parents=True, exist_ok=True)
    return _download(target, downloader)


def fetch_allsides(*, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True,
                   downloader: Callable[..., Any] | None = None, **load_options: Any) -> Corpus:
    """Load the AllSides Middle East sample: 1,084 articles from 42 outlets with their bias rating.

    Documents have ``doc_id`` (the dataset's ``ID``), ``source`` (the outlet),
    ``published``, ``title`` and the document variables ``topic`` and
    ``bias_text`` (the outlet's AllSides rating for the article: left, center,
    right). The text is ``content_original``, as scraped with newspaper3k; the
    loader's repairs and the site-furniture removal apply as usual (pass
    ``furniture=False`` or ``repair=False`` to keep it as published).

    Parameters
    ----------
    data_home, download_if_missing, downloader
        Where the file comes from: see :func:`allsides_path` (and the module docstring:
        ``$MIDEAST_CORPUS_ALLSIDES`` wins over the cache).
    **load_options
        Passed to :func:`~mideast_corpus.load_corpus` (``furniture=``, ``repair=``, ...).

    Returns
    -------
    Corpus
        Named ``"allsides_me_dev"``.

    Examples
    --------
    >>> import mideast_corpus as mc
    >>> corpus = mc.datasets.fetch_allsides()  # doctest: +SKIP
    >>> len(corpus), corpus.docs["source"].nunique()  # doctest: +SKIP
    (1084, 42)
    """
    from .loaders import load_corpus

    path = allsides_path(data_home=data_home, download_if_missing=download_if_missing, downloader=downloader)
    options = {"text": "content_original", "source": "source", "date": "date", "doc_id": "ID", "title": "title",
               "name": "allsides_me_dev", **load_options}
    return load_corpus(path, **options)
