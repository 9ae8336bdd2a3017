"""find_mentions on real seed sentences: longest match, possessives, IS, demonyms, metonymy, counts.

Every sentence quoted here is looked up in ``mc.load_seeds()`` first, so the
tests fail loudly (rather than silently testing nothing) if text repair changes
the seeds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.actors import MENTION_COLUMNS, default_actors, find_mentions, mentions_in_text

DATA = Path(__file__).parent / "data"
WIB, ARAB, BEAST, ISW, JPOST = ("war-is-boring-2017-04", "new-arab-2017-02-04", "daily-beast-2015-03",
                                "isw-2015-10", "jerusalem-post-2017-12")


@lru_cache(maxsize=1)
def seeds() -> mc.Corpus:
    return mc.load_seeds()


@lru_cache(maxsize=4)
def mentions(places: bool = True, metonymy: bool = True) -> pd.DataFrame:
    return find_mentions(seeds(), places=places, metonymy=metonymy)


def text_of(doc_id: str) -> str:
    return seeds().docs.set_index("doc_id").loc[doc_id, "text"]


def at(doc_id: str, phrase: str, word: str | None = None, m: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mentions inside the first occurrence of ``phrase`` in a seed (of ``word`` within it, if given)."""
    text = text_of(doc_id)
    pos = text.find(phrase)
    assert pos >= 0, f"{phrase!r} is no longer in {doc_id}; update the test"
    start, end = pos, pos + len(phrase)
    if word is not None:
        start = text.index(word, pos)
        end = start + len(word)
    m = mentions() if m is None else m
    return m[(m.doc_id == doc_id) & (m.start >= start) & (m.end <= end)]


def one(rows: pd.DataFrame) -> pd.Series:
    assert len(rows) == 1, rows
    return rows.iloc[0]


# -- the table --------------------------------------------------------------------------------------

def test_columns_offsets_and_sentences():
    m = mentions()
    assert list(m.columns[:9]) == ["doc_id", "sent_id", "actor", "parent", "kind", "alias", "start", "end",
                                   "is_place"]
    assert list(m.columns) == MENTION_COLUMNS
    texts = seeds().docs.set_index("doc_id")["text"]
    assert all(texts[d][s:e] == a for d, s, e, a in zip(m.doc_id, m.start, m.end, m.alias, strict=True))
    sents = seeds().sentences().set_index(["doc_id", "sent_id"])
    spans = sents.loc[list(zip(m.doc_id, m.sent_id, strict=True)), ["start", "end"]].to_numpy()
    assert ((spans[:, 0] <= m.start.to_numpy()) & (m.end.to_numpy() <= spans[:, 1])).all()


def test_deterministic_and_provenance():
    a = find_mentions(seeds())
    b = find_mentions(seeds())
    pd.testing.assert_frame_equal(a, b)
    prov = a.attrs["provenance"]
    assert prov["function"] == "find_mentions"
    assert prov["data_versions"] == {"actors": default_actors().version}
    assert prov["corpus_fingerprint"] == seeds().fingerprint


# -- longest match and possessives ------------------------------------------------------------------

def test_longest_match_us_led_coalition_is_not_the_united_states():
    rows = at(WIB, "In September 2016, U.S.-led coalition aircraft killed scores", "U.S.-led coalition")
    assert one(rows)[["actor", "alias"]].tolist() == ["us_led_coalition", "U.S.-led coalition"]


def test_longest_match_sdf_is_not_syria():
    rows = at(WIB, "the Kurdish-led Syrian Democratic Forces advanced", "Syrian Democratic Forces")
    assert one(rows).actor == "sdf"


def test_possessives_straight_and_curly():
    assert one(at(WIB, "Baghdad's war strategy", "Baghdad")).actor == "iraq_government"
    row = one(at(WIB, "another strong indication of Iraq’s cooperation", "Iraq"))
    assert (row.actor, row.alias, row.rule) == ("iraq", "Iraq", "metonymy")
    assert one(at(ARAB, "All of Mosul's bridges", "Mosul")).actor == "mosul"
    # a possessive followed by a place or a geographic noun is the location
    assert one(at(WIB, "militants in Syria’s Deir Ezzor province", "Syria")).is_place
    assert one(at(WIB, "seized Mosul—Iraq’s second-largest city", "Iraq")).is_place


# -- bare IS ----------------------------------------------------------------------------------------

def test_bare_is_counts_in_a_document_that_licenses_it():
    row = one(at(ARAB, "Deir az-Zour, IS is besieging Syrian regime forces", "IS"))
    assert (row.actor, row.rule) == ("isis", "is_acronym")
    assert one(at(ARAB, "IS has been unable to counter")).actor == "isis"
    assert at(ARAB, "hundreds of IS reinforcements", "IS").actor.tolist() == ["isis"]


def test_bracketed_is_after_islamic_state_is_one_mention():
    rows = at(ARAB, "Islamic State (IS) militants in Iraq")
    assert rows[rows.actor == "isis"].alias.tolist() == ["Islamic State"]


def test_bare_is_without_any_cue_is_not_counted():
    sentence = "IS has been unable to counter its incremental losses with new offensives."
    assert sentence in text_of(ARAB)
    assert mentions_in_text(sentence, default_actors().matcher()) == []


def test_is_never_the_verb_and_never_in_a_caps_heading():
    m = mentions()
    assert not (m.alias.str.lower().eq("is") & m.alias.ne("IS")).any()
    heading = "THIS IS WHY IS MILITANTS FIGHT\n\n" + "Islamic State (IS) militants in Iraq are steadily losing ground."
    found = mentions_in_text(heading, default_actors().matcher())
    assert [x[3] for x in found if x[2] == "isis"] == ["Islamic State"]


# -- demonyms and affiliations ----------------------------------------------------------------------

def test_adjectival_forms_map_to_the_right_actor():
    assert one(at(ARAB, "Iraqi forces successfully recaptured", "Iraqi forces")).actor == "iraqi_security_forces"
    assert one(at(ARAB, "Syrian regime forces faced an embarrassing defeat", "Syrian regime")).actor == \
        "syria_government"
    assert one(at(WIB, "without coordinating with regime forces there", "regime forces")).actor == "syria_government"
    assert one(at(ISW, "defending the Assad regime", "Assad regime")).actor == "syria_government"
    row = one(at(WIB, "but Russian aircraft controversially bombed", "Russian aircraft"))
    assert (row.actor, row.parent) == ("russian_armed_forces", "russia")


def test_iranian_backed_militias_count_the_militias_and_iran_as_backer():
    rows = at(WIB, "supplemented by Iranian-backed Shiite militias such as Hezbollah")
    assert rows[["actor", "alias", "rule"]].values.tolist() == [
        ["iran", "Iranian-backed", "affiliation"],
        ["shiite_militias", "Shiite militias", "alias"],
        ["hezbollah", "Hezbollah", "alias"],
    ]


def test_bare_demonym_needs_an_agent_noun():
    assert at(ARAB, "after they lost the Iraqi city of Tikrit", "Iraqi").empty
    assert at(WIB, "The Iraqi-Syrian border is a lengthy", "Iraqi-Syrian").empty
    rows = at(WIB, "while coordinating with Russian and Syrian warplanes")
    assert rows[["actor", "rule"]].values.tolist() == [["russia", "demonym"], ["syrian_air_force", "alias"]]


# -- metonymy ---------------------------------------------------------------------------------------

def test_capitals_and_countries_as_agents_or_places():
    sentence = "Washington refuses to coordinate any of its operations in Syria with Damascus."
    rows = at(WIB, sentence)
    assert rows[["alias", "actor", "is_place"]].values.tolist() == [
        ["Washington", "us_government", False],
        ["Syria", "syria_country", True],
        ["Damascus", "syria_government", False],
    ]
    assert one(at(WIB, "cooperation with Syria and its allies", "Syria")).actor == "syria_government"
    assert one(at(WIB, "command centers in both Baghdad and Damascus", "Damascus")).is_place


def test_metonymy_switch_and_places_switch():
    sentence = "Washington refuses to coordinate any of its operations in Syria with Damascus."
    off = at(WIB, sentence, m=mentions(metonymy=False))
    assert off[["actor", "is_place", "rule"]].values.tolist() == [
        ["washington", True, "place"], ["syria_country", True, "place"], ["damascus", True, "place"]]
    no_places = mentions(places=False)
    assert not no_places.is_place.any()
    assert one(at(WIB, sentence, "Washington", m=no_places)).actor == "us_government"


# -- spelling variants ------------------------------------------------------------------------------

def test_transliteration_variants_share_an_id():
    wib = one(at(WIB, "Iraqi Shiite Hashd Al Shaabi paramilitaries", "Hashd Al Shaabi"))
    arab = one(at(ARAB, "Shia Hashd al-Shaabi paramilitaries", "Hashd al-Shaabi"))
    assert wib.actor == arab.actor == "popular_mobilization_forces"
    assert wib.canonical == arab.canonical == "Hashd al-Shaabi"
    assert one(at(WIB, "the Islamic State-held cities of Raqqa and Deir Ezzor", "Deir Ezzor")).actor == "deir_ezzor"
    assert one(at(ARAB, "Syrian province of Deir az-Zour", "Deir az-Zour")).actor == "deir_ezzor"


def test_acronym_in_brackets_is_an_apposition():
    rows = at(ARAB, "Syrian Democratic Forces (SDF) militia")
    assert rows.alias.tolist() == ["Syrian Democratic Forces"]


# -- hand-checked counts ----------------------------------------------------------------------------

def test_counts_match_the_hand_checked_table():
    """Compare with ``tests/data/seed_actor_counts.csv``.

    How the table was made (be aware of its limits): counts of 18 actors in each
    repaired seed (``mc.load_seeds()``) were first taken from the matcher, then
    checked. Lexical actors (``exact`` rows) were checked against an independent
    plain-regex count of every alias with no rules, and every difference was
    read and explained in ``note`` (apposition, longest match). Rule-dependent
    actors (``approx`` rows: metonymy, demonyms, bare "coalition") were checked
    by reading a KWIC listing of every rule decision in the five seeds; where
    the reader disagreed, the table holds the reader's count (one case, see
    ``note``), and the matcher may differ by 10 % (at least 1).

    A second reader then recounted blind (without the matcher's output or code,
    from the data README's rules): ``seed_actor_counts_blind.csv``. It agreed on
    66 of 90 rows. Most disagreements are demonyms before nouns such as
    *influence*, *presence*, *effort* (``Russian influence``), which the rules
    count as agent heads by design (``rules.AGENT_HEADS``, now listed in the
    data README) and the reader did not; the clear errors it found were fixed
    in the rules (``the border with Iraq`` is a place) and the table. Its other
    verdicts are reviewed in that file. If the cleaning step changes the seeds,
    recount.
    """
    table = pd.read_csv(DATA / "seed_actor_counts.csv", keep_default_na=False)
    assert table.actor.nunique() >= 12
    got = mentions().groupby(["doc_id", "actor"]).size()
    for row in table.itertuples():
        n = int(got.get((row.doc_id, row.actor), 0))
        if row.check == "exact":
            assert n == row.count, (row.doc_id, row.actor, n, row.count)
        else:
            assert abs(n - row.count) <= max(1, round(0.1 * row.count)), (row.doc_id, row.actor, n, row.count)


# -- properties -------------------------------------------------------------------------------------

_PIECES = ["IS", "ISIS", "Iraq", "Iraq’s", "Syria's", "U.S.-led coalition", "Deir Ezzor", "Iranian-backed",
           "(", ")", " ", "\n", "-", "’", "the", "THIS IS", "Damascus", "regime forces", "al-", "Hashd", "é", "ß"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25))
def test_every_mention_spells_its_alias(parts):
    text = "".join(parts)
    for start, end, _id, alias, _canonical, _place, _rule in mentions_in_text(text, default_actors().matcher()):
        assert text[start:end] == alias
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("metonymy", [True, False])
def test_empty_corpus_and_document(metonymy):
    corpus = mc.load_corpus(pd.DataFrame({"doc_id": ["a"], "source": ["X"], "text": ["Nothing to see here."]}))
    m = find_mentions(corpus, metonymy=metonymy)
    assert m.empty and list(m.columns) == MENTION_COLUMNS


def test_sentence_ids_match_a_search_per_document():
    corpus = mc.load_corpus(pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "source": ["s"] * 4,
        "text": ["Iraq said so. Then Syria and Iran met. The US left.",
                 "   ",  # no sentences, no mentions
                 "  Damascus refused. Russia agreed.\n\nTurkey waited in Syria.",
                 "Iran."],
    }), repair=False)
    mentions = find_mentions(corpus)
    sentences = corpus.sentences()
    expected = []
    for doc_id, start in zip(mentions["doc_id"], mentions["start"], strict=True):
        starts = sentences.loc[sentences["doc_id"] == doc_id, "start"].to_numpy()
        expected.append(max(int(np.searchsorted(starts, start, side="right")) - 1, 0))
    assert mentions["sent_id"].tolist() == expected
    assert set(mentions["doc_id"]) == {"a", "c", "d"}
