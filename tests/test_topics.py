"""Tests of the topic-model module (mideast_corpus.topics)."""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import false_discovery_control

import mideast_corpus as mc
from mideast_corpus.text import own_name_patterns
from mideast_corpus.topics import (
    TopicModel,
    Vocabulary,
    bh_adjust,
    fit_topics,
    make_units,
    match_topics,
    npmi_coherence,
    replace_mentions,
    select_n_topics,
)
from mideast_corpus.topics.coherence import window_counts
from mideast_corpus.topics.prepare import prepare
from mideast_corpus.topics.vocabulary import PROTECT, UNIT_BREAK, join_units

SRC = Path(__file__).resolve().parents[1] / "src"

TOPIC_WORDS = {
    "oil": "oil crude barrels refinery pipeline exports opec prices production output".split(),
    "battle": "offensive troops artillery frontline airstrikes militants battle recaptured siege shelling".split(),
    "aid": "refugees camps humanitarian aid shelter displaced food water winter unhcr".split(),
}


def _synthetic_docs(n_per_topic: int = 8, seed: int = 0) -> pd.DataFrame:
    """Three clear topics; source "A" writes mostly about battle, "B" mostly about aid and oil."""
    rng = np.random.default_rng(seed)
    rows = []
    for topic, words in TOPIC_WORDS.items():
        for i in range(n_per_topic):
            paragraphs = []
            for _ in range(2):
                sentences = [" ".join(rng.choice(words, size=8)) + "." for _ in range(4)]
                paragraphs.append(" ".join(sentences))
            source = "A" if (topic == "battle" and i % 4 != 0) or (topic != "battle" and i % 8 == 0) else "B"
            rows.append({"doc_id": f"{topic}-{i}", "source": source, "label": topic, "text": "\n\n".join(paragraphs)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def synthetic() -> mc.Corpus:
    return mc.load_corpus(_synthetic_docs(), text="text", source="source")


@pytest.fixture(scope="module")
def seeds() -> mc.Corpus:
    return mc.load_seeds()


# -- vocabulary ---------------------------------------------------------------------------------------
def test_stop_words_and_boilerplate_are_dropped():
    tokens = Vocabulary().tokens("Officials said the militants told Reuters, according to a photo credit.")
    assert tokens == ["officials", "militants"]


def test_phrases_are_kept_together_in_any_spelling():
    v = Vocabulary()
    assert v.tokens("Deir ez-Zor") == v.tokens("DEIR EZZOR") == ["deir_ezzor"]
    assert v.tokens("the Islamic State group") == ["islamic_state"]
    assert v.tokens("al-Qaeda and al-Assad") == ["al_qaeda", "assad"]
    assert v.tokens("the Islamic State's oil; islamic\nstate") == ["islamic_state", "oil", "islamic_state"]


@pytest.mark.parametrize("text, expected", [
    ("Islamic State – a group", ["islamic_state", "group"]),  # a one-letter word ends the phrase
    ("Islamic 2 State group", ["islamic", "state", "group"]),  # so does a number
    ("Islamic State2 group", ["islamic", "state2", "group"]),  # a phrase ends at a whole word
    ("the Islamic State of Iraq and the Levant said", ["islamic_state"]),  # the longest phrase wins
])
def test_phrase_words_stand_apart_only_by_non_word_characters(text, expected):
    assert Vocabulary().tokens(text) == expected


def test_phrase_words_shorter_than_min_length_still_join():
    v = Vocabulary(min_length=3)
    assert v.tokens("Deir ez-Zor and al-Qaeda, ez al zor") == ["deir_ezzor", "al_qaeda", "zor"]
    assert Vocabulary(min_length=1).tokens("Deir ez-Zor, a b 2 c") == ["deir_ezzor", "b", "c"]


def test_case_rules_keep_us_and_is_but_not_in_all_caps_headlines():
    v = Vocabulary()
    assert v.tokens("US troops and IS fighters") == ["united_states", "troops", "islamic_state", "fighters"]
    assert v.tokens("WHAT IS LEFT") == ["left"]


def test_case_rules_need_a_whole_word_not_after_a_period():
    assert Vocabulary().tokens("A.U.S. BUS USA the U.S.") == ["bus", "usa", "united_states"]


@pytest.mark.parametrize("parts", [
    ["fighters of the Islamic", "State group"],
    ["Deir", "ez-Zor", "al", "Qaeda"],
    ["the US", "ARMY said", "WHAT", "IS LEFT"],
    ["Assad", "'s forces", "", "U.S.", "-led strikes"],
])
def test_no_rule_reads_across_a_unit_break(parts):
    v = Vocabulary()
    assert v.unit_tokens(UNIT_BREAK.join(parts)) == [v.tokens(part) for part in parts]


def test_join_units_replaces_mentions_inside_one_unit_only():
    text = "ISIS fled. Islamic State\n\nreturned to Raqqa"
    raqqa, second = text.index("Raqqa"), text.index("returned")
    mentions = [(0, 4, "isis"), (11, 24, "isis"), (11, second + 3, "isis"), (raqqa, raqqa + 5, "raqqa")]
    units = [(0, 24), (second, len(text))]  # the third mention crosses from one unit into the next
    joined = join_units(text, units, mentions)
    assert joined.replace(PROTECT, "<>").split(UNIT_BREAK) == [" <>isis  fled.  <>isis ", "returned to  <>raqqa "]
    assert join_units(f"a{UNIT_BREAK}b", [(0, 3)], []) == "a b"  # a stray break character is a space


def test_reading_a_document_at_once_equals_reading_each_unit(seeds):
    """prepare() reads each document once; the terms are those of each unit read alone."""
    mentions = mc.find_mentions(seeds)
    for unit in ("paragraph", "sentence"):
        prepared = prepare(seeds.docs, unit=unit, vocabulary=Vocabulary(), mentions=mentions, mentions_note="",
                           min_words=25, max_words=150, window=5)
        text_of = dict(zip(seeds.docs["doc_id"], seeds.docs["text"], strict=True))
        own_name = own_name_patterns(seeds.docs)
        for (doc_id, start, end), terms in zip(prepared.units[["doc_id", "start", "end"]].itertuples(index=False),
                                               prepared.tokens, strict=True):
            alone = replace_mentions(text_of[doc_id][start:end], mentions[mentions["doc_id"] == doc_id],
                                     offset=start)
            assert terms.split() == Vocabulary().tokens(own_name[doc_id].sub(" ", alone)), (unit, doc_id, start)
            assert terms == " ".join(terms.split())  # single spaces: the strings CountVectorizer splits
        assert prepared.units["n_tokens"].tolist() == [len(terms.split()) for terms in prepared.tokens]
        assert prepared.units["n_tokens"].sum() > 2000


def test_replace_mentions_makes_one_term_per_actor():
    text = "ISIS, ISIL, IS and the Islamic State are one group; Iraq is not."
    spans = [("ISIS", "isis"), ("ISIL", "isis"), ("IS", "isis"), ("Islamic State", "isis"), ("Iraq", "iraq")]
    rows, pos = [], 0
    for alias, actor in spans:
        start = text.index(alias, pos)
        rows.append({"doc_id": "d", "actor": actor, "alias": alias, "start": start, "end": start + len(alias)})
        pos = start + len(alias)
    mentions = pd.DataFrame(rows)
    replaced = replace_mentions(text, mentions)
    assert Vocabulary(phrases=(), case_rules=()).tokens(replaced) == ["isis"] * 4 + ["group", "iraq"]
    # a slice of the document with its offset: only mentions inside it are replaced
    start, end = text.index("Islamic"), text.index(";")
    assert replace_mentions(text[start - 4 : end], mentions, offset=start - 4).replace(PROTECT, "").split() == [
        "the",
        "isis",
        "are",
        "one",
        "group",
    ]


def test_fit_uses_a_given_mentions_table(seeds):
    docs = seeds.docs
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        for alias in ("ISIS", "Islamic State"):
            start = text.find(alias)
            while start >= 0:
                rows.append({"doc_id": doc_id, "actor": "isis", "start": start, "end": start + len(alias)})
                start = text.find(alias, start + len(alias))
    tm = fit_topics(seeds, n_topics=3, mentions=pd.DataFrame(rows))
    vocab = set(tm.vocabulary_)
    assert "isis" in vocab and "islamic_state" in vocab  # "IS" alone is not in this hand-made table
    assert tm.units.attrs["provenance"]["data_versions"]["aliases"] == "given mentions table"


def test_actor_layer_normalises_aliases_when_present(seeds):
    pytest.importorskip("mideast_corpus.actors", reason="the actor layer is not in this checkout")
    tm = fit_topics(seeds, n_topics=3)
    vocab = set(tm.vocabulary_)
    assert "isis" in vocab and not {"isil", "islamic_state"} & vocab
    assert tm.units.attrs["provenance"]["data_versions"]["aliases"] == "mideast_corpus.actors.find_mentions"


def test_units_even_out_paragraphs(seeds):
    units = make_units(seeds.docs, "paragraph")
    texts = seeds.docs.set_index("doc_id")["text"]
    words = [len(texts[d][a:b].split()) for d, a, b in zip(units["doc_id"], units["start"], units["end"], strict=True)]
    assert min(words) >= 20 and max(words) <= 200
    assert units.groupby("doc_id").size().min() >= 5  # even the one-paragraph Jerusalem Post article is split
    assert set(make_units(seeds.docs, "document")["unit_id"]) == set(seeds.docs["doc_id"])
    with pytest.raises(ValueError, match="unit="):
        make_units(seeds.docs, "chapter")


@pytest.mark.parametrize("unit, window", [("sentence", 5), ("window", 5), ("window", 3)])
def test_units_from_the_corpus_sentences_equal_units_split_again(seeds, unit, window):
    docs = pd.concat([seeds.docs[["doc_id", "text"]], pd.DataFrame({"doc_id": ["blank"], "text": ["  "]})])
    sentences = seeds.sentences()
    given = make_units(docs, unit, window=window, sentences=sentences)
    pd.testing.assert_frame_equal(given, make_units(docs, unit, window=window))
    assert len(given) >= len(sentences) // window
    with pytest.raises(ValueError, match="not in docs"):
        make_units(docs.iloc[1:], unit, window=window, sentences=sentences)


# -- coherence ----------------------------------------------------------------------------------------
def test_npmi_matches_a_hand_worked_example():
    a, b, c, d, e = range(5)
    docs = [np.array([a, b, c, d]), np.array([a, c]), np.array([b, d, e])]
    # window 3: doc 1 gives windows {a,b,c} and {b,c,d}; docs 2 and 3 are shorter than the window,
    # one window each: {a,c} and {b,d,e}. N = 4 windows.
    # counts: a 2, b 3, c 3, d 2; joint: ab 1, ac 2, bc 2, ad 0, bd 2
    n, single, joint = window_counts(docs, np.array([a, b, c, d]), window=3)
    assert n == 4 and single.tolist() == [2, 3, 3, 2]
    assert joint[0, 1] == 1 and joint[0, 2] == 2 and joint[1, 2] == 2 and joint[0, 3] == 0 and joint[1, 3] == 2
    npmi_ab = math.log((1 / 4) / ((2 / 4) * (3 / 4))) / -math.log(1 / 4)  # log(2/3)/log 4 = -0.29248
    npmi_ac = math.log((2 / 4) / ((2 / 4) * (3 / 4))) / -math.log(2 / 4)  # log(4/3)/log 2 = 0.41504
    npmi_bc = math.log((2 / 4) / ((3 / 4) * (3 / 4))) / -math.log(2 / 4)  # log(8/9)/log 2 = -0.16993
    assert npmi_ab == pytest.approx(-0.29248, abs=1e-5)
    assert npmi_ac == pytest.approx(0.41504, abs=1e-5)
    assert npmi_bc == pytest.approx(-0.16993, abs=1e-5)
    scores = npmi_coherence(docs, [[a, b, c], [a, d], [b, d]], window=3)
    assert scores[0] == pytest.approx((npmi_ab + npmi_ac + npmi_bc) / 3)  # -0.01579
    assert scores[1] == -1.0  # a and d never share a window
    assert scores[2] == pytest.approx(math.log(4 / 3) / math.log(2))


def _brute_force_npmi(streams: list[list[int]], terms: list[int], window: int) -> float:
    windows = []
    for s in streams:
        if len(s) <= window:
            windows.append(set(s))
        else:
            windows.extend(set(s[i : i + window]) for i in range(len(s) - window + 1))
    n = len(windows)
    values = []
    for x, y in itertools.combinations(terms, 2):
        px = sum(x in w for w in windows) / n
        py = sum(y in w for w in windows) / n
        pxy = sum(x in w and y in w for w in windows) / n
        values.append(-1.0 if pxy == 0 else math.log(pxy / (px * py)) / -math.log(pxy))
    return sum(values) / len(values)


def test_model_coherence_agrees_with_brute_force(seeds):
    tm = fit_topics(seeds, mentions=False, n_topics=4)
    table = tm.coherence(n=5, window=10)
    streams = [s.tolist() for s in tm._streams]
    index = {t: i for i, t in enumerate(tm.vocabulary_)}
    terms = tm.terms(n=5)
    for topic in range(4):
        ids = [index[t] for t in terms.loc[terms["topic"] == topic, "term"]]
        assert table.loc[topic, "npmi"] == pytest.approx(_brute_force_npmi(streams, ids, 10))
    assert table["npmi"].iloc[-1] == pytest.approx(table["npmi"].iloc[:-1].mean())
    assert table["label"].iloc[-1] == "(mean)"
    assert 0 < tm.diversity() <= 1


def test_coherence_streams_are_each_documents_terms_in_order(seeds):
    tm = fit_topics(seeds, mentions=False, n_topics=4)
    prepared = tm._prepare(seeds, False)
    index = {t: i for i, t in enumerate(tm.vocabulary_)}
    expected: dict[str, list[int]] = {}
    for doc_id, terms in zip(prepared.units["doc_id"], prepared.tokens, strict=True):
        expected.setdefault(doc_id, []).extend(index.get(t, -1) for t in terms.split())
    assert tm._stream_cache is None  # made only when coherence() needs them
    assert [s.tolist() for s in tm._streams] == list(expected.values())
    assert tm._prepared is None  # the terms go once the streams are made
    assert min(min(s) for s in expected.values()) == -1  # rare words keep their place


# -- inference ----------------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=1, max_size=30))
def test_bh_matches_scipy(pvalues):
    p = np.array(pvalues)
    np.testing.assert_allclose(bh_adjust(p), false_discovery_control(p, method="bh"), rtol=1e-12)


def test_match_topics_recovers_a_permutation():
    rng = np.random.default_rng(0)
    a = rng.random((5, 40))
    order = np.array([3, 0, 4, 1, 2])
    found, similarity = match_topics(a, a[order])
    assert (order[found] == np.arange(5)).all()
    np.testing.assert_allclose(similarity, 1.0)


# -- the model ----------------------------------------------------------------------------------------
def test_synthetic_topics_are_recovered(synthetic):
    tm = fit_topics(synthetic, n_topics=3, unit="document")
    dominant = tm.doc_topics.sort_values("weight", ascending=False).drop_duplicates("unit_id")
    truth = synthetic.docs.set_index("doc_id")["label"]
    crosstab = pd.crosstab(dominant["doc_id"].map(truth), dominant["topic"])
    assert (crosstab.max(axis=1) == 8).all() and crosstab.shape == (3, 3)
    terms = tm.terms(n=3)
    assert list(terms.columns) == ["topic", "rank", "term", "weight"]
    assert len(tm.labels) == 3 and tm.labels.index.name == "topic"


def test_tables_have_documented_columns_and_provenance(seeds):
    tm = fit_topics(seeds, mentions=False, n_topics=6, random_state=0)
    assert list(tm.doc_topics.columns) == ["unit_id", "doc_id", "topic", "weight"]
    np.testing.assert_allclose(tm.doc_topics.groupby("unit_id")["weight"].sum(), 1.0)
    for table in (tm.terms(), tm.doc_topics, tm.units, tm.labels, tm.coherence(), tm.prevalence(n_boot=20)):
        record = table.attrs["provenance"]
        assert record["params"]["n_topics"] == 6 and record["corpus_fingerprint"] == seeds.fingerprint


def test_prevalence_on_seeds_says_when_sources_have_one_document(seeds):
    tm = fit_topics(seeds, mentions=False, n_topics=6)
    p = tm.prevalence(by="source", ci=0.95, n_boot=200)
    assert set(p["resampled"]) == {"units"}
    assert p["note"].str.contains("one document").all()
    assert (p["ci_low"] <= p["share"] + 1e-12).all() and (p["share"] <= p["ci_high"] + 1e-12).all()
    none = tm.prevalence(by="source", n_boot=20, unit_fallback=False)
    assert none["ci_low"].isna().all() and set(none["resampled"]) == {"none"}


def test_prevalence_and_compare_resample_documents(synthetic):
    tm = fit_topics(synthetic, n_topics=3, unit="document")
    p = tm.prevalence(by="source", n_boot=200)
    assert set(p["resampled"]) == {"documents"} and (p["note"] == "").all()
    c = tm.compare(by="source", n_boot=200, n_perm=1000)
    assert set(c["resampled"]) == {"documents"}
    top_a = c[(c["source"] == "A")].sort_values("diff").iloc[-1]
    assert top_a["diff"] > 0.5 and top_a["p"] < 0.05 and top_a["q"] < 0.1
    assert top_a["ci_low"] > 0
    # one vs rest with two groups: the differences mirror each other
    a = c[c["source"] == "A"].set_index("topic")["diff"]
    b = c[c["source"] == "B"].set_index("topic")["diff"]
    np.testing.assert_allclose(a, -b)


def test_compare_falls_back_to_units_with_a_note(seeds):
    c = fit_topics(seeds, mentions=False, n_topics=3).compare(by="source", n_boot=50, n_perm=100)
    assert set(c["resampled"]) == {"units"} and c["note"].str.contains("not independent").all()
    assert c["q"].between(0, 1).all() and (c["q"] >= c["p"] - 1e-12).all()


def test_same_input_gives_identical_tables(seeds):
    def tables(method: str) -> list[pd.DataFrame]:
        tm = fit_topics(seeds, mentions=False, n_topics=3, method=method, random_state=3, max_iter=30)
        return [tm.terms(), tm.doc_topics, tm.prevalence(n_boot=50), tm.compare(n_boot=50, n_perm=50)]

    for method in ("nmf", "lda"):
        for first, second in zip(tables(method), tables(method), strict=True):
            pd.testing.assert_frame_equal(first, second)


_DIGEST_SCRIPT = """
import hashlib, mideast_corpus as mc
from mideast_corpus.topics import fit_topics
tm = fit_topics(mc.load_seeds(), n_topics=4, random_state=1, mentions=False)
parts = [tm.terms(), tm.doc_topics, tm.prevalence(n_boot=30), tm.compare(n_boot=30, n_perm=30), tm.coherence()]
print(hashlib.sha256("".join(t.to_csv(index=False) for t in parts).encode()).hexdigest())
"""


def test_tables_are_identical_in_another_process():
    there = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT],
        env={**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()) as here:
        exec(_DIGEST_SCRIPT, namespace)
    assert here.getvalue().strip() == there and len(there) == 64


def test_transform_uses_the_fitted_vocabulary(seeds, synthetic):
    tm = fit_topics(seeds, mentions=False, n_topics=3, unit="paragraph")
    out = tm.transform(seeds.subset(source=["The New Arab"]))
    assert list(out.columns) == ["unit_id", "doc_id", "topic", "weight"]
    assert set(out["doc_id"]) == {"new-arab-2017-02-04"}
    assert out.attrs["provenance"]["function"] == "TopicModel.transform"
    assert tm.transform(synthetic).empty or set(tm.transform(synthetic)["topic"]) <= {0, 1, 2}


def test_lda_runs_and_reports_perplexity(synthetic):
    tm = fit_topics(synthetic, n_topics=3, method="lda", unit="document")
    assert np.isfinite(tm.perplexity_) and np.isnan(tm.reconstruction_err_)
    assert len(tm.terms(n=5)) == 15


def test_helpful_errors(seeds):
    with pytest.raises(ValueError, match="method="):
        TopicModel(method="pca")
    with pytest.raises(ValueError, match="units"):
        fit_topics(seeds, mentions=False, n_topics=6, unit="document")
    with pytest.raises(RuntimeError, match="not fitted"):
        TopicModel().terms()


def test_select_n_topics_finds_the_planted_number(synthetic):
    table = select_n_topics(synthetic, ks=[2, 3, 4, 5], random_state=0, unit="document")
    assert table.loc[table["recommended"], "k"].item() == 3
    assert table["stability"].between(0, 1.0 + 1e-9).all()
    assert table.attrs["provenance"]["function"] == "select_n_topics"
    again = select_n_topics(synthetic, ks=[2, 3, 4, 5], random_state=0, unit="document")
    pd.testing.assert_frame_equal(table, again)



def test_an_outlet_naming_itself_is_not_a_term():
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "source": ["The Daily Beast", "Other"],
            "text": ["Officials told The Daily Beast about Tikrit.", "The Daily Beast reported on Tikrit."],
        }
    )
    corpus = mc.load_corpus(frame, text="text", source="source", doc_id="doc_id")
    tm = fit_topics(corpus, n_topics=1, unit="document", min_df=1, mentions=False)
    assert "beast" in tm.vocabulary_  # named by another outlet, it stays
    counts = tm.units.set_index("doc_id")["n_tokens"]
    assert counts["a"] == 2 and counts["b"] == 3  # a: officials, tikrit; b: daily, beast, tikrit


@pytest.mark.parametrize("bad", [2.5, "3", True, 0, -1])
def test_n_topics_must_be_a_whole_number(bad):
    with pytest.raises(ValueError, match="whole number"):
        mc.TopicModel(n_topics=bad)


def test_user_stop_terms_leave_the_vocabulary(seeds):
    plain = mc.fit_topics(seeds, n_topics=3)
    top = plain.terms(n=5)["term"].tolist()
    dropped = [*[t for t in top if t not in mc.default_actors()][:2], "united_states"]
    mine = mc.fit_topics(seeds, n_topics=3, stop_terms=[d.upper() for d in dropped])
    assert "united_states" in set(plain.vocabulary_)
    assert not set(dropped) & set(mine.vocabulary_)
    assert mine.get_params()["stop_terms"] == sorted(d.upper() for d in dropped)
    assert len(mine.vocabulary_) < len(plain.vocabulary_)


def test_a_topic_model_shows_its_topics_in_jupyter(seeds):
    model = mc.TopicModel(n_topics=3)
    assert "not fitted" in model._repr_html_()
    model.fit(seeds)
    page = model._repr_html_()
    assert page.count("<tr>") == 1 + 3 and "share of text" in page
    for term in model.terms(n=3)["term"]:
        assert term in page
