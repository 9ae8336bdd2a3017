"""The context rules on real seed sentences and their reviewed word lists (``data/actor_rules.csv``)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from importlib import resources

import pytest

import mideast_corpus as mc
from mideast_corpus.actors import rules

DATA = resources.files("mideast_corpus") / "data"


def _rows() -> list[dict[str, str]]:
    with DATA.joinpath("actor_rules.csv").open("r", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_word_lists_are_clean_versioned_and_documented():
    rows = _rows()
    assert rows and set(rows[0]) == {"list", "word"}
    repeated = [k for k, n in Counter((r["list"], r["word"]) for r in rows).items() if n > 1]
    assert not repeated
    assert all(r["word"] and r["word"] == r["word"].strip().lower() and " " not in r["word"] for r in rows)
    meta = json.loads(DATA.joinpath("actors.meta.json").read_text(encoding="utf-8"))
    assert "actor_rules.csv" in meta["files"] and meta["rule_word_lists"]["source"]
    readme = DATA.joinpath("README-actors.md").read_text(encoding="utf-8")
    undocumented = sorted({r["list"] for r in rows if f"`{r['list']}`" not in readme})
    assert not undocumented, f"describe these lists in data/README-actors.md: {undocumented}"


def test_the_rules_read_the_lists_of_the_data_file():
    by_list: dict[str, set[str]] = {}
    for row in _rows():
        by_list.setdefault(row["list"], set()).add(row["word"])
    assert by_list["agent_heads"] == rules.AGENT_HEADS
    assert by_list["geo_heads"] == rules.GEO_HEADS
    assert by_list["locative_prepositions"] | by_list["directional_prepositions"] == rules.SPATIAL_PREPOSITIONS
    assert set(rules.AFFILIATION_SUFFIXES) == by_list["affiliation_suffixes"]


def _sentence(doc_id: str, phrase: str) -> str:
    text = mc.load_seeds().docs.set_index("doc_id").loc[doc_id, "text"]
    assert phrase in text, f"{phrase!r} is no longer in {doc_id}; update the test"
    return phrase


@pytest.mark.parametrize(("phrase", "name", "default_role", "role"), [
    ("Washington refuses to coordinate", "Washington", "actor", "actor"),            # a verb follows
    ("command centers in both Baghdad and Damascus", "Damascus", "place", "place"),  # locative through 'and'
    ("cooperation with Syria and its allies", "Syria", "place", "actor"),            # 'with' a partner
    ("the relationship with Iran, Russia and Syria", "Syria", "place", "actor"),     # through a comma list
])
def test_place_role_on_seed_sentences(phrase, name, default_role, role):
    text = _sentence("war-is-boring-2017-04", phrase)
    start = text.index(name)
    assert rules.place_role(text, start, start + len(name), default_role) == role


@pytest.mark.parametrize(("text", "name", "default_role", "role"), [
    ("the border with Iraq was closed", "Iraq", "place", "place"),        # 'with' after a geographic noun
    ("a forewarning to the U.S. about the strike", "U.S.", "actor", "actor"),
    ("officials heading to Iran for talks", "Iran", "actor", "place"),    # a journey before 'to'
    ("Heading to Iran for talks", "Iran", "actor", "actor"),              # motion words are compared as written
    ("the Iraq-Syria border", "Iraq", "place", "place"),                  # a hyphen keeps the default role
    ("Syria’s Deir Ezzor province", "Syria", "place", "place"),           # possessive before a place name
    ("Iraq’s cooperation", "Iraq", "place", "actor"),
    ("Syria's second-largest city", "Syria", "place", "place"),           # possessive before a geographic noun
    ("Iran's proxies have destabilised the region", "Iran", "actor", "actor"),  # the phrase ends at its verb
])
def test_place_role_rules(text, name, default_role, role):
    start = text.index(name)
    next_place = text.find("Deir Ezzor")
    assert rules.place_role(text, start, start + len(name), default_role, next_place) == role


def test_left_word_walks_back_and_drops_a_word_cut_by_its_window():
    text = "strikes in both Baghdad and Damascus"
    assert rules._left_word(text, text.index("Damascus")) == "in"
    long = "x" * 75 + "ab with Iran"  # the window starts inside 'xxx...ab': that word is dropped, 'with' read
    assert rules._left_word(long, long.index("Iran")) == "with"
    assert rules._left_word("in the " + "Syria", 7) == "in"
