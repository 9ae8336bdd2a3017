"""Every shipped data file has a version and provenance, and its version reaches the tables."""

from __future__ import annotations

import json
from importlib import resources

import mideast_corpus as mc

DATA = resources.files("mideast_corpus") / "data"
_VERSIONED_BY_NAME = {"sentiment_model.npz": "sentiment_model", "sentiment_model.json": "sentiment_model"}


def _files() -> list[str]:
    return sorted(e.name for e in DATA.iterdir() if not e.name.startswith(("README", ".")) and
                  not e.name.endswith(".meta.json"))


def _covered() -> dict[str, str]:
    covered = dict(_VERSIONED_BY_NAME)
    for entry in DATA.iterdir():
        if entry.name.endswith(".meta.json"):
            meta = json.loads(entry.read_text(encoding="utf-8"))
            for name in meta.get("files", []):
                covered[name] = entry.name.removesuffix(".meta.json")
        elif entry.name.endswith(".txt"):
            covered[entry.name] = entry.name.removesuffix(".txt")
    return covered


def test_every_data_file_has_a_version():
    covered = _covered()
    versions = mc.data_versions()
    missing = [name for name in _files() if name not in covered]
    assert not missing, f"data files without a version (list them in a *.meta.json 'files'): {missing}"
    for name in _files():
        assert versions.get(covered[name], "unversioned") != "unversioned", name


def test_every_data_file_is_described_in_a_readme():
    readmes = " ".join(e.read_text(encoding="utf-8") for e in DATA.iterdir() if e.name.startswith("README"))
    undocumented = [name for name in _files() if name not in readmes]
    assert not undocumented, f"say where these come from in a data README: {undocumented}"


def test_versions_reach_the_tables(seeds):
    stance = mc.score_stance(seeds).attrs["provenance"]["data_versions"]
    assert stance["actors"] == mc.data_versions()["actors"]
    assert stance["stance_lexicons"] == mc.data_versions()["stance"]
    assert "sentiment_model" not in stance  # the sentiment model is not part of the score unless asked for
    with_sentiment = mc.score_stance(seeds, sentiment=True).attrs["provenance"]["data_versions"]
    assert with_sentiment["sentiment_model"] == mc.data_versions()["sentiment_model"]
    freq = mc.entity_frequency(seeds).attrs["provenance"]["data_versions"]
    assert freq == {"actors": mc.data_versions()["actors"]}


def test_loaded_tables_are_copies_not_the_cache():
    # editing what a loader returned must not change what the next call returns
    lexicon = mc.load_frame_lexicon()
    first_cue = lexicon.loc[0, "cue"]
    lexicon.loc[0, "cue"] = "EDITED"
    assert mc.load_frame_lexicon().loc[0, "cue"] == first_cue
    sets = mc.load_naming_sets()
    first_term = sets.loc[0, "term"]
    sets.loc[0, "term"] = "EDITED"
    assert mc.load_naming_sets().loc[0, "term"] == first_term
    versions = mc.data_versions()
    versions["actors"] = "EDITED"
    assert mc.data_versions()["actors"] != "EDITED"
