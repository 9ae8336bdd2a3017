"""The framing profile (framing/profile.py): one long table per group of every measure."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.framing import framing_profile
from mideast_corpus.framing.profile import MEASURES, PROFILE_COLUMNS
from mideast_corpus.plots import profile_heatmap, voices_chart

N_BOOT = 100


@pytest.fixture(scope="module")
def profile(seeds, seed_mentions) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return framing_profile(seeds, mentions=seed_mentions, n_boot=N_BOOT)


def test_profile_is_tidy_with_every_measure(profile, seeds):
    assert list(profile.columns) == ["source", *PROFILE_COLUMNS]
    assert profile["measure"].unique().tolist() == list(MEASURES)
    assert sorted(profile["source"].unique()) == sorted(seeds.docs["source"])
    assert not profile.duplicated(["source", "measure", "actor_or_topic"]).any()
    prov = profile.attrs["provenance"]
    assert prov["function"] == "framing_profile" and prov["random_state"] == 0
    assert {"actors", "naming_sets", "stance_lexicons"} <= set(prov["data_versions"])


def test_values_are_those_of_the_underlying_functions(profile, seeds, seed_mentions):
    st = mc.score_stance(seeds, mentions=seed_mentions)
    # War Is Boring never names a sub-actor of ISIS, so its ISIS row equals stance_by_source's.
    direct = mc.stance_by_source(st[st["actor"] == "isis"], n_boot=N_BOOT, corpus=seeds)
    row = direct[direct["source"] == "War Is Boring"].iloc[0]
    mine = profile[(profile.source == "War Is Boring") & (profile.actor_or_topic == "isis: net")].iloc[0]
    assert mine["value"] == pytest.approx(row["net"]) and mine["n"] == row["n_mentions"]
    assert mine["ci_low"] == pytest.approx(row["net_low"]) and mine["ci_high"] == pytest.approx(row["net_high"])
    f = mc.frames(seeds, n_boot=N_BOOT)
    sec = f[(f.source == "The New Arab") & (f.frame == "security")].iloc[0]
    got = profile[(profile.source == "The New Arab") & (profile.actor_or_topic == "security")].iloc[0]
    assert got["value"] == pytest.approx(sec["share_of_sentences"]) and got["n"] == sec["n_sentences"]


def test_sub_actors_roll_up_to_the_major_actor(profile):
    # "Syrian warplanes", "Syrian army" (War Is Boring) count for syria_government.
    row = profile[(profile.source == "War Is Boring") & (profile.measure == "stance_mean")
                  & (profile.actor_or_topic == "syria_government: net")].iloc[0]
    assert row["n"] >= 20
    sal = profile[profile.measure == "salience_share"]
    assert (sal.groupby("source")["value"].sum() <= 1 + 1e-9).all()


def test_stance_has_every_component_and_intervals(profile):
    st = profile[profile.measure == "stance_mean"]
    comps = st["actor_or_topic"].str.split(": ").str[1]
    assert set(comps) == {"net", "coverage", "mean_score"}
    many = st[(st["n"] >= 5) & st["value"].notna()]
    assert ((many["ci_low"] <= many["value"] + 1e-9) & (many["value"] <= many["ci_high"] + 1e-9)).all()


def test_thin_groups_carry_a_note_and_one_warning(seeds, seed_mentions):
    st = mc.score_stance(seeds, mentions=seed_mentions)
    tm = mc.fit_topics(seeds, n_topics=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = framing_profile(seeds, mentions=seed_mentions, stance=st, topic_model=tm, n_boot=20)
    assert len(caught) == 1 and "single document" in str(caught[0].message)
    assert p["note"].str.contains("one document").all()
    assert p.loc[p.source == "The Jerusalem Post", "note"].str.contains("476 words").all()
    assert p.attrs["provenance"]["params"]["precomputed"] == {"mentions": True, "stance": True, "topic_model": True}
    assert p[p.measure == "topic_share"]["actor_or_topic"].nunique() == 4


def test_profile_is_deterministic(seeds, seed_mentions, profile):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = framing_profile(seeds, mentions=seed_mentions, n_boot=N_BOOT)
    pd.testing.assert_frame_equal(profile, again)


def test_charts_are_pure_functions_of_the_tables(seeds, profile):
    v = mc.framing.voices(seeds)
    fig = voices_chart(v, corpus_name="seeds")
    assert [t.name for t in fig.data] == sorted(set(v.loc[v["share"].notna(), "source"]))
    assert "seeds" in fig.layout.title.text and "voice" in fig.layout.title.text.lower()
    assert fig.to_json() == voices_chart(v, corpus_name="seeds").to_json()
    heat = profile_heatmap(profile, corpus_name="seeds")
    assert heat.data[0].type == "heatmap" and len(heat.data[0].y) == 5
    assert any(x.startswith("stance · isis: net") for x in heat.data[0].x)
    assert not any(x.endswith(": coverage") for x in heat.data[0].x)
