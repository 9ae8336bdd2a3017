"""entity_frequency, naming, kwic and discover_entities on the seeds."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.actors import default_actors, find_mentions
from mideast_corpus.entities import discover_entities, entity_frequency, kwic, naming


@lru_cache(maxsize=1)
def seeds() -> mc.Corpus:
    return mc.load_seeds()


@lru_cache(maxsize=1)
def mentions() -> pd.DataFrame:
    return find_mentions(seeds())


def test_entity_frequency_columns_rates_and_shares():
    f = entity_frequency(seeds(), by="source", mentions=mentions())
    assert list(f.columns[:6]) == ["source", "actor", "count", "per_1k_words", "share_of_mentions",
                                   "n_docs_mentioning"]
    words = seeds().docs.groupby("source")["n_words"].sum()
    expected = f["count"] / f["source"].map(words) * 1000
    np.testing.assert_allclose(f["per_1k_words"], expected)
    np.testing.assert_allclose(f.groupby("source")["share_of_mentions"].sum(), 1.0)
    assert not f["is_place"].any()
    assert (f["per_1k_low"] <= f["per_1k_words"]).all() and (f["per_1k_words"] <= f["per_1k_high"]).all()
    assert f.attrs["provenance"]["params"]["level"] == "actor"


def test_entity_frequency_fills_zeros_and_orders_rows():
    f = entity_frequency(seeds(), by="source", mentions=mentions())
    per_group = f.groupby("source")["actor"].apply(frozenset)
    assert per_group.nunique() == 1  # same actors in every group
    beast = f[(f.source == "The Daily Beast") & (f.actor == "sdf")].iloc[0]
    assert (beast["count"], beast["n_docs_mentioning"]) == (0, 0)
    for _, g in f.groupby("source", sort=False):
        assert g["count"].is_monotonic_decreasing
    assert f["source"].is_monotonic_increasing
    pd.testing.assert_frame_equal(f, entity_frequency(seeds(), by="source"))


def test_entity_frequency_levels_roll_up_the_parent_chain():
    actor = entity_frequency(seeds(), by="source", level="actor", mentions=mentions())
    root = entity_frequency(seeds(), by="source", level="root", mentions=mentions())
    assert "syrian_arab_army" in set(actor.actor) and "syrian_arab_army" not in set(root.actor)
    d = default_actors()
    expect = actor.assign(actor=actor.actor.map(d.root)).groupby(["source", "actor"])["count"].sum()
    got = root.set_index(["source", "actor"])["count"]
    pd.testing.assert_series_equal(got.sort_index(), expect.sort_index(), check_names=False)
    parent = entity_frequency(seeds(), by="source", level="parent", mentions=mentions())
    assert "qassem_soleimani" not in set(parent.actor) and "quds_force" in set(parent.actor)
    with pytest.raises(ValueError, match="level"):
        entity_frequency(seeds(), level="grandparent", mentions=mentions())


def test_entity_frequency_places_and_time_bins():
    f = entity_frequency(seeds(), by="published:year", places=True, per=10_000, mentions=mentions())
    assert "per_10000_words" in f.columns
    assert set(f["published:year"]) == {"2015", "2017"}
    assert f["is_place"].any() and (~f["is_place"]).any()
    shares = f.groupby(["published:year", "is_place"])["share_of_mentions"].sum()
    np.testing.assert_allclose(shares, 1.0)
    assert "mosul" in set(f.actor)


def test_naming_shows_each_outlets_name_for_isis():
    t = naming(seeds(), "isis", by="source", mentions=mentions())
    assert list(t.columns) == ["source", "alias", "count", "share", "n_docs", "surface_forms"]
    top = t.groupby("source").first()["alias"].to_dict()
    assert top == {"Institute for the Study of War": "ISIS", "The Daily Beast": "ISIS",
                   "The Jerusalem Post": "ISIS", "The New Arab": "IS", "War Is Boring": "Islamic State"}
    np.testing.assert_allclose(t.groupby("source")["share"].sum(), 1.0)
    beast = t[(t.source == "The Daily Beast") & (t.alias == "self-proclaimed Islamic State")].iloc[0]
    assert beast["count"] == 1


def test_naming_folds_spelling_variants():
    t = naming(seeds(), "popular_mobilization_forces", by="source", mentions=mentions())
    wib = t[(t.source == "War Is Boring") & (t["count"] > 0)].iloc[0]
    assert (wib.alias, wib.surface_forms) == ("Hashd al-Shaabi", "Hashd Al Shaabi")


def test_kwic_windows_and_descendants():
    k = kwic(seeds(), "russia", window=5, mentions=mentions())
    assert list(k.columns) == ["doc_id", "sent_id", "actor", "alias", "left", "keyword", "right", "start", "end",
                               "rule"]
    assert (k.keyword == k.alias).all()
    assert k.left.str.split().str.len().max() <= 5 and k.right.str.split().str.len().max() <= 5
    assert {"russia", "russian_armed_forces"} <= set(k.actor)
    only = kwic(seeds(), "russia", window=5, descendants=False, mentions=mentions())
    assert set(only.actor) == {"russia"}
    row = k[k.alias == "Russian aircraft"].iloc[0]
    assert row.right.startswith("controversially bombed")


def test_discover_entities_lists_names_outside_the_dictionary():
    d = discover_entities(seeds(), top=20)
    assert list(d.columns) == ["name", "count", "n_docs", "example"]
    assert len(d) <= 20 and (d["count"] >= 2).all()
    assert "Daily Beast" in set(d.name) and "JTACs" in set(d.name)
    known = {a for cell in default_actors()["aliases"] for a in cell.split("|")}
    assert not set(d.name) & known
    assert all(name in ex for name, ex in zip(d.name, d.example, strict=True))
    assert not {"Today", "Given", "The", "Prime Minister"} & set(d.name)
    pd.testing.assert_frame_equal(d, discover_entities(seeds(), top=20))


def test_naming_and_kwic_name_an_unknown_actor(seeds):
    with pytest.raises(KeyError, match="did you mean"):
        mc.naming(seeds, "nusra")
    with pytest.raises(KeyError, match=r"actor='daesh': not an actor id of the dictionary"):
        mc.kwic(seeds, "daesh")


def test_naming_of_an_actor_no_outlet_mentions_is_empty_not_an_error(seeds):
    table = mc.naming(seeds, "al_nusra", by="source")
    assert table.empty and list(table.columns) == ["source", "alias", "count", "share", "n_docs", "surface_forms"]
