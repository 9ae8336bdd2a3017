"""Voices: who each outlet quotes or cites, by speaker kind; the quotes table is the evidence."""

from __future__ import annotations

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.framing import quotes, speaker_kind, voices
from mideast_corpus.framing.voices import NO_SPEECH, QUOTE_COLUMNS, VOICE_COLUMNS


@pytest.fixture(scope="module")
def seed_quotes(seeds) -> pd.DataFrame:
    return quotes(seeds)


@pytest.fixture(scope="module")
def seed_voices(seeds, seed_quotes) -> pd.DataFrame:
    return voices(seeds, quotes_table=seed_quotes)


def corpus_of(*sentences: str) -> mc.Corpus:
    return mc.load_corpus(pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(sentences))],
                                        "source": [f"S{i}" for i in range(len(sentences))],
                                        "text": list(sentences)}), text="text", source="source")


def test_columns_and_provenance(seeds, seed_quotes, seed_voices):
    assert list(seed_quotes.columns) == ["source", *QUOTE_COLUMNS]
    assert list(seed_voices.columns) == ["source", *VOICE_COLUMNS]
    prov = seed_voices.attrs["provenance"]
    assert prov["function"] == "voices" and prov["corpus_fingerprint"] == seeds.fingerprint
    assert "actors" in prov["data_versions"]


def test_war_is_boring_quotes_iraqi_officials(seed_voices):
    wib = seed_voices[seed_voices["source"] == "War Is Boring"].set_index("speaker_actor")
    # Zamili (Iraqi MP) in three sentences, Maliki in four (the last one carried over from the quotation
    # that continues from the sentence before), Abadi cited twice.
    assert wib.loc["hakim_al_zamili", "count"] == 3
    assert wib.loc["nouri_al_maliki", "count"] == 4
    assert wib.loc["haider_al_abadi", "count"] == 2
    assert set(wib.loc[["hakim_al_zamili", "nouri_al_maliki", "haider_al_abadi"], "speaker_kind"]) == {
        "Iraqi officials"}
    assert wib.loc["hakim_al_zamili", "speakers"] == "Iraqi M.P. Hakim Al Zamili"
    assert round(float(wib["share"].sum()), 9) == 1.0


def test_daily_beast_quotes_us_defense_officials_and_an_analyst(seed_voices, seed_quotes):
    db = seed_voices[seed_voices["source"] == "The Daily Beast"]
    us = db[db["speaker_kind"] == "US officials"]
    assert set(us["speaker_actor"]) == {"united_states", "us_department_of_defense", "us_intelligence"}
    assert "U.S. defense officials" in us.set_index("speaker_actor").loc["united_states", "speakers"]
    # "Adnan said" is resolved to the Institute for the Study of War analyst quoted earlier.
    analyst = db[db["speaker_kind"] == "analysts"].iloc[0]
    assert analyst["speaker_actor"] == "sinan_adnan" and analyst["count"] == 3
    resolved = seed_quotes[(seed_quotes["speaker"] == "Adnan")].iloc[0]
    assert resolved["reason"] == "surname of an earlier speaker"
    # "defense officials" without a state stay unnamed: the attribution does not guess the state.
    assert db.set_index("speaker_kind").loc["officials (state not named)", "count"] >= 5


def test_false_speech_is_not_counted(seed_quotes):
    dropped = seed_quotes[~seed_quotes["counted"]]
    assert (dropped["speaker"] == "United").any() and not seed_quotes.loc[
        seed_quotes["speaker"] == "United", "counted"].any()
    assert not seed_quotes.loc[seed_quotes["speaker"] == "Iran’s", "counted"].any()
    # the Jerusalem Post's only quotation marks enclose one word ("surge"): a term, not a voice
    jp = seed_quotes[seed_quotes["source"] == "The Jerusalem Post"]
    assert len(jp) == 1 and not jp["counted"].iloc[0] and "term in quotation marks" in jp["reason"].iloc[0]


def test_a_group_without_speech_gets_one_visible_row(seed_voices):
    jp = seed_voices[seed_voices["source"] == "The Jerusalem Post"]
    assert len(jp) == 1 and jp["speaker_kind"].iloc[0] == NO_SPEECH and jp["count"].iloc[0] == 0
    assert "no quotation or reported speech found" in jp["note"].iloc[0]


@pytest.mark.parametrize(("sentence", "kind", "actor"), [
    ("Pentagon spokesman John Kirby said the strikes hit ISIS positions.", "US officials", ""),
    ("Iraqi Prime Minister Haider al-Abadi said the army would retake Mosul.", "Iraqi officials", "haider_al_abadi"),
    ("Hadi al-Amiri said the Badr Organization would fight on.", "militias", "hadi_al_amiri"),
    ("Analysts said the offensive could stall before winter.", "analysts", ""),
    ("“We will not leave,” a resident said.", "residents and witnesses", ""),
    ("Russian officials stated that the cell coordinates airstrikes.", "Russian officials", "russia_government"),
    ("Sources said the convoy was hit near Palmyra.", "unnamed sources", ""),
])
def test_each_speaker_kind_on_written_sentences(sentence, kind, actor):
    q = quotes(corpus_of(sentence))
    counted = q[q["counted"]]
    assert len(counted) >= 1, q
    row = counted.iloc[0]
    assert row["speaker_kind"] == kind, row.to_dict()
    if actor:
        assert row["speaker_actor"] == actor


def test_speaker_kind_rules():
    assert speaker_kind("Secretary of State John Kerry", "john_kerry") == "US officials"
    assert speaker_kind("Sinan Adnan", "sinan_adnan") == "analysts"
    assert speaker_kind("Baghdadi", "abu_bakr_al_baghdadi") == "armed groups"
    assert speaker_kind("he") == "unattributed" and speaker_kind("") == "unattributed"
    assert speaker_kind("American officials") == "US officials"
    assert speaker_kind("defense officials") == "officials (state not named)"


def test_by_any_document_variable(seeds):
    v = voices(seeds, by="published:year")
    assert set(v["published:year"]) == {"2015", "2017"}
    assert v.attrs["provenance"]["params"]["by"] == "published:year"
    assert abs(v.groupby("published:year")["share"].sum() - 1).max() < 1e-9
