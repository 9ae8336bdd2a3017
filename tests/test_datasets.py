"""fetch_allsides(): a local copy by environment variable, the cache, and a checked download (tested offline).

The download is exercised without a network: a pooch downloader copies the article files from a
folder built here out of ../shared/data/allsides (one JSON file per article, with the extra fields
and another key order, as the public repository has them). Skipped where the data are absent.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from datapaths import shared_data

import mideast_corpus as mc
from mideast_corpus import datasets


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(datasets.ALLSIDES_ENV, raising=False)
    monkeypatch.delenv(datasets.DATA_HOME_ENV, raising=False)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """Article files as the public repository holds them: every field, ``ID`` last, pretty-printed."""
    source = shared_data("allsides", "allsides_me_dev.jsonl")
    folder = tmp_path_factory.mktemp("repository")
    for line in source.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        full = {"topic": record["topic"], "source": record["source"], "source_url": "www.example.com",
                "url": "https://www.example.com/a", "date": record["date"], "authors": "", "title": record["title"],
                "content_original": record["content_original"], "content": "tokenised text", "bias_text":
                record["bias_text"], "bias": 1, "ID": record["ID"]}
        (folder / f"{record['ID']}.json").write_text(json.dumps(full, indent=2), encoding="utf-8")
    return folder


class Copier:
    """A pooch downloader that copies ``<id>.json`` from a folder and counts its calls."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.calls = folder, 0

    def __call__(self, url: str, output_file: str, pooch: object) -> None:
        assert url.startswith("https://raw.githubusercontent.com/ramybaly/Article-Bias-Prediction/ced8111a")
        self.calls += 1
        shutil.copyfile(self.folder / url.rsplit("/", 1)[1], output_file)


def test_the_environment_variable_points_at_a_local_copy(monkeypatch):
    folder = shared_data("allsides")
    monkeypatch.setenv(datasets.ALLSIDES_ENV, str(folder))
    corpus = mc.datasets.fetch_allsides()
    assert len(corpus) == 1084 and corpus.docs["source"].nunique() == 42
    assert set(corpus.docs["bias_text"]) == {"left", "center", "right"}
    assert corpus.name == "allsides_me_dev" and corpus.docs["doc_id"].iloc[0] == "01lmOk9WH7nv8nDP"
    monkeypatch.setenv(datasets.ALLSIDES_ENV, str(folder / "nothing-here"))
    with pytest.raises(FileNotFoundError, match=datasets.ALLSIDES_ENV):
        mc.datasets.fetch_allsides()


def test_a_download_is_assembled_checked_and_cached(repository, tmp_path, no_env):
    copier = Copier(repository)
    path = datasets.allsides_path(data_home=tmp_path, downloader=copier)
    assert path == tmp_path / "allsides" / "allsides_me_dev.jsonl" and copier.calls == 1084
    assert hashlib.sha256(path.read_bytes()).hexdigest() == datasets.ALLSIDES_SHA256
    assert path.read_bytes() == shared_data("allsides", "allsides_me_dev.jsonl").read_bytes()
    # the second time, the cache answers
    again = Copier(repository)
    assert datasets.allsides_path(data_home=tmp_path, downloader=again) == path and again.calls == 0


def test_an_assembled_file_that_is_not_the_sample_is_refused_and_not_cached(repository, tmp_path, no_env, monkeypatch):
    # thirty articles are enough to see the check refuse (the full sample is fetched in the test above)
    ids = datasets._ids()[:30]
    monkeypatch.setattr(datasets, "_ids", lambda: ids)
    changed = tmp_path / "changed"
    changed.mkdir()
    for article_id in ids:
        shutil.copyfile(repository / f"{article_id}.json", changed / f"{article_id}.json")
    first = changed / f"{ids[0]}.json"
    record = json.loads(first.read_text(encoding="utf-8"))
    record["title"] += "!"
    first.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(OSError, match="SHA-256"):
        datasets.allsides_path(data_home=tmp_path / "home", downloader=Copier(changed))
    assert not (tmp_path / "home" / "allsides" / "allsides_me_dev.jsonl").exists()


def test_without_download_a_missing_cache_says_what_to_do(tmp_path, no_env):
    with pytest.raises(FileNotFoundError, match="download_if_missing=True, or set MIDEAST_CORPUS_ALLSIDES"):
        datasets.allsides_path(data_home=tmp_path, download_if_missing=False)
    cached = tmp_path / "allsides" / "allsides_me_dev.jsonl"
    cached.parent.mkdir(parents=True)
    cached.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OSError, match="delete it"):
        datasets.allsides_path(data_home=tmp_path, download_if_missing=False)


def test_the_sample_ids_are_package_data():
    ids = datasets._ids()
    assert len(ids) == len(set(ids)) == 1084 and all(len(i) == 16 for i in ids)
