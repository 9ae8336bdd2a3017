"""The actor dictionary and gazetteer: shipped data is complete and consistent; bad tables fail clearly."""

from __future__ import annotations

import json
from importlib import resources

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.actors import ActorDictionary, ActorDictionaryError, default_actors, load_actors, mentions_in_text

REQUIRED = ["isis", "united_states", "us_led_coalition", "russia", "iran", "iraq", "syria_government", "sdf",
            "popular_mobilization_forces", "hezbollah", "turkey", "peshmerga", "al_nusra", "syrian_opposition"]


def _actors(**cols):
    base = {"id": ["a", "b"], "kind": ["state", "military"], "parent": ["", "a"], "aliases": ["Alpha", "Beta"]}
    base.update(cols)
    return pd.DataFrame(base)


def test_default_dictionary_size_and_required_ids():
    d = default_actors()
    assert len(d) >= 120
    assert set(REQUIRED) <= set(d["id"])
    kinds = set(d["kind"])
    assert {"state", "government", "military", "armed_group", "militia", "coalition", "international_org",
            "person"} <= kinds


def test_parent_links_follow_the_issue():
    d = default_actors()
    assert d.ancestors("iraqi_security_forces") == ["iraq"]
    assert d.ancestors("syrian_arab_army") == ["syria_government"]
    assert d.ancestors("russian_armed_forces") == ["russia"]
    assert d.root("qassem_soleimani") == "iran"
    assert d.root("bashar_al_assad") == "syria_government"


def test_cameo_column_and_version_in_meta():
    d = default_actors()
    cameo = dict(zip(d["id"], d["cameo"], strict=True))
    assert cameo["iraq_government"] == "IRQGOV"
    assert cameo["syrian_arab_army"] == "SYRMIL"
    meta = json.loads(resources.files("mideast_corpus").joinpath("data", "actors.meta.json").read_text())
    assert d.version == meta["version"]
    assert set(d["status"]) <= {"checked", "unsure"}
    assert (d["status"] == "unsure").any()  # uncertain entries are marked, not hidden


def test_gazetteer_covers_the_theatres_and_transliterations():
    d = default_actors()
    places = d.places
    alias_to_id = {a: pid for pid, cell in zip(places["id"], places["aliases"], strict=True) for a in cell.split("|")}
    for name in ["Mosul", "Raqqa", "Tikrit", "Anbar", "Palmyra", "Hawija", "Abu Kamal", "Euphrates"]:
        assert name in alias_to_id, name
    assert alias_to_id["Deir Ezzor"] == alias_to_id["Deir az-Zour"] == "deir_ezzor"
    assert not set(places["id"]) & set(d["id"])
    assert {"city", "province", "river", "region", "country", "capital"} <= set(places["kind"])


def test_isis_aliases_from_the_issue():
    assert {"ISIS", "ISIL", "IS", "I.S.", "Daesh", "Islamic State", "self-proclaimed Islamic State"} <= set(
        default_actors().aliases("isis"))
    pmf = default_actors().aliases("popular_mobilization_forces")
    assert {"Hashd al-Shaabi", "Popular Mobilization Forces"} <= set(pmf)


def test_duplicate_ids_are_rejected():
    with pytest.raises(ActorDictionaryError, match="duplicate id"):
        ActorDictionary(_actors(id=["a", "a"], parent=["", ""]))


def test_empty_aliases_are_rejected():
    with pytest.raises(ActorDictionaryError, match="no aliases"):
        ActorDictionary(_actors(aliases=["Alpha", " | "]))


def test_unknown_parent_is_rejected():
    with pytest.raises(ActorDictionaryError, match="unknown parent"):
        ActorDictionary(_actors(parent=["", "zzz"]))


def test_circular_parents_are_rejected():
    with pytest.raises(ActorDictionaryError, match="circular"):
        ActorDictionary(_actors(parent=["b", "a"]))


def test_alias_claimed_twice_is_rejected():
    with pytest.raises(ActorDictionaryError, match="belongs to both"):
        ActorDictionary(_actors(aliases=["Alpha", "Alpha|Beta"]))


def test_bad_slug_and_missing_column():
    with pytest.raises(ActorDictionaryError, match="not a slug"):
        ActorDictionary(_actors(id=["Alpha Group", "b"], parent=["", ""]))
    with pytest.raises(ActorDictionaryError, match="required column"):
        ActorDictionary(pd.DataFrame({"id": ["a"], "aliases": ["A"]}))


def test_extend_adds_and_guards_existing_ids():
    more = pd.DataFrame({"id": ["liwa_al_quds"], "kind": ["militia"], "parent": ["syria_government"],
                         "aliases": ["Liwa al-Quds"]})
    d = default_actors().extend(more)
    assert "liwa_al_quds" in d and d.root("liwa_al_quds") == "syria_government"
    assert d.version != default_actors().version
    with pytest.raises(ActorDictionaryError, match="already exist"):
        default_actors().extend(more.assign(id=["isis"]))
    replaced = default_actors().extend(more.assign(id=["hezbollah"], parent=[""]), replace=True)
    assert replaced.aliases("hezbollah") == ["Liwa al-Quds"]


def test_load_actors_from_csv_with_default_gazetteer(tmp_path):
    path = tmp_path / "my_actors.csv"
    pd.DataFrame({"id": ["daesh"], "kind": ["armed_group"], "aliases": ["ISIS|Islamic State"]}).to_csv(path,
                                                                                                          index=False)
    d = load_actors(path)
    assert len(d) == 1 and len(d.places) > 100
    # metonymy targets the user's table lacks are dropped, places stay
    assert (d.places["actor"] == "").all()
    m = mentions_in_text("Islamic State militants near Mosul", d.matcher())
    assert [x[2] for x in m] == ["daesh", "mosul"]
    with pytest.raises(ActorDictionaryError, match="no such file"):
        load_actors(tmp_path / "missing.csv")


def test_display_names_are_short_unique_and_cover_every_actor():
    names = mc.default_actors().display_names()
    actors = mc.default_actors().table
    shown = [names[a] for a in actors["id"]]
    assert all(0 < len(n) <= 30 for n in shown), [n for n in shown if len(n) > 30]
    assert len(set(shown)) == len(shown), sorted(n for n in shown if shown.count(n) > 1)
    # ids never leak into labels ("iraqi_security_forces"), and the formal name stays findable as an alias
    assert not any("_" in n for n in shown)
    assert names["iraqi_security_forces"] == "Iraqi Security Forces"
    for actor, formal in (("syrian_national_coalition", "National Coalition for Syrian Revolutionary and Opposition "
                                                        "Forces"), ("opcw", "Organisation for the Prohibition of "
                                                                            "Chemical Weapons")):
        assert formal in mc.default_actors().aliases(actor) and names[actor] in mc.default_actors().aliases(actor)
