"""Naming choices (framing/naming.py): which label each group uses for an actor, as counts and shares."""

from __future__ import annotations

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.framing import load_naming_sets, naming_choices
from mideast_corpus.framing.naming import NAMING_COLUMNS

# -- label sets on the seeds, on written text and from the user's file

@pytest.fixture(scope="module")
def choices(seeds, seed_mentions) -> pd.DataFrame:
    return naming_choices(seeds, mentions=seed_mentions)


def test_naming_choices_columns_and_shares(choices):
    assert list(choices.columns) == ["source", *NAMING_COLUMNS]
    used = choices[choices["n_set"] > 0]
    assert (used.groupby(["source", "set"])["share"].sum().round(9) == 1).all()
    assert choices.attrs["provenance"]["data_versions"]["naming_sets"] == "1.0.0"


def test_naming_choices_on_the_seeds(choices):
    def count(group, set_name, term):
        return int(choices[(choices.source == group) & (choices.set == set_name) & (choices.term == term)]["count"]
                   .iloc[0])
    assert count("Institute for the Study of War", "syria_government", "regime") == 4  # Assad regime x3, Syrian
    assert count("The New Arab", "isis", "IS") == 9 and count("War Is Boring", "isis", "Islamic State") == 16
    assert count("The Daily Beast", "isis", "distancing qualifier (so-called, self-proclaimed)") == 1
    assert count("The Jerusalem Post", "armed_opponents", "terrorists") == 3
    assert count("The New Arab", "armed_opponents", "militants") == 11
    assert count("Institute for the Study of War", "iraqi_shiite_militias", "proxy militias") == 3


def test_naming_sets_on_written_text():
    corpus = mc.load_corpus(pd.DataFrame({
        "doc_id": ["a", "b"], "source": ["A", "B"],
        "text": ["The Syrian regime shelled Daraa. Daesh terrorists and ISIS militants fled; the terrorist cell hid.",
                 "The Syrian government retook Palmyra from the Islamic State group. Rebels and counterterrorism."],
    }), text="text", source="source")
    t = naming_choices(corpus).set_index(["source", "set", "term"])["count"]
    assert t[("A", "syria_government", "regime")] == 1 and t[("B", "syria_government", "government")] == 1
    assert t[("A", "isis", "Daesh")] == 1 and t[("A", "isis", "ISIS")] == 1
    assert t[("B", "isis", "Islamic State")] == 1
    assert t[("A", "armed_opponents", "terrorists")] == 2  # "terrorists" and "terrorist" (cell)
    assert t[("A", "armed_opponents", "militants")] == 1
    # word boundaries: "counterterrorism" is not "terrorists"
    assert t[("B", "armed_opponents", "terrorists")] == 0 and t[("B", "armed_opponents", "rebels")] == 1


def test_custom_naming_sets(tmp_path, seeds, seed_mentions):
    path = tmp_path / "sets.csv"
    path.write_text("set,term,target,match,forms\nrussia,Moscow,russia,descendants,Moscow\n", encoding="utf-8")
    sets = load_naming_sets(path)
    assert sets.attrs["version"].startswith("custom:")
    t = naming_choices(seeds, sets=path, mentions=seed_mentions)
    assert set(t["set"]) == {"russia"}
    with pytest.raises(ValueError, match="match values"):
        naming_choices(seeds, sets=sets.assign(match="words"), mentions=seed_mentions)
