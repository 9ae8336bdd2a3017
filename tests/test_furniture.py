"""Site furniture: lines and sentences a source repeats across its documents, removed at load and logged.

The generated corpora below are built in each test from a few sentences (how is written next to
them); the AllSides checks read ../shared/data and skip where it is absent.
"""

from __future__ import annotations

import pandas as pd
import pytest
from datapaths import shared_data

import mideast_corpus as mc
from mideast_corpus.furniture import find_site_furniture, remove_site_furniture

CREDIT = "Story Continued Below"
PROMPT = "Get the Monitor Stories you care about delivered to your inbox."


def wire(n: int = 10, *, credit_every: int = 1) -> pd.DataFrame:
    """``n`` documents of "Wire" (distinct reporting; a credit line in every ``credit_every``-th; a newsletter
    prompt glued to the first paragraph of each) and two of "Other" that print the same credit line."""
    rows = []
    for i in range(n):
        body = (f"{PROMPT} Militants attacked checkpoint {i} near Mosul on day {i}.\n\n"
                f"Officials said {i + 2} soldiers were wounded in the attack number {i}.")
        if i % credit_every == 0:
            body += f"\n\n{CREDIT}"
        rows.append({"doc_id": f"w{i}", "source": "Wire", "text": body})
    for i in range(2):
        rows.append({"doc_id": f"o{i}", "source": "Other", "text": f"Strikes hit Raqqa on day {i}.\n\n{CREDIT}"})
    return pd.DataFrame(rows)


def test_repeated_lines_and_sentences_go_and_the_reporting_stays():
    corpus = mc.load_corpus(wire())
    wire_texts = corpus.docs.set_index("doc_id")["text"]
    assert CREDIT not in wire_texts["w3"] and PROMPT not in wire_texts["w3"]
    assert wire_texts["w3"].startswith("Militants attacked checkpoint 3 near Mosul on day 3.")
    assert "Officials said 5 soldiers were wounded" in wire_texts["w3"]
    # "Other" prints the credit in only two documents: below min_docs=3, so it is kept there
    assert CREDIT in wire_texts["o0"]


def test_the_repair_is_logged_per_source_and_per_document():
    report = mc.load_corpus(wire()).load_report
    rows = report[report["step"] == "site_furniture"]
    per_source = rows[rows["doc_id"].isna()]
    assert sorted(per_source["detail"]) == [f'line in 10 of 10 documents: "{CREDIT}"',
                                            f'sentence in 10 of 10 documents: "{PROMPT}"']
    assert set(per_source["item"]) == {"source Wire"} and set(per_source["count"]) == {10}
    per_doc = rows[rows["doc_id"].notna()]
    assert sorted(per_doc["doc_id"]) == sorted(f"w{i}" for i in range(10))
    assert set(per_doc["count"]) == {2} and set(per_doc["action"]) == {"repaired"}


def test_switch_and_thresholds():
    assert CREDIT in mc.load_corpus(wire(), furniture=False).docs["text"].iloc[0]
    assert CREDIT in mc.load_corpus(wire(), repair=False).docs["text"].iloc[0]
    # the credit is in 4 of 10 documents: 40 % passes the default 2 %, not a threshold of 50 %
    sparse = wire(credit_every=3)
    assert CREDIT not in mc.load_corpus(sparse).docs["text"].iloc[0]
    assert CREDIT in mc.load_corpus(sparse, furniture_min_share=0.5).docs["text"].iloc[0]
    assert CREDIT in mc.load_corpus(sparse, furniture_min_docs=5).docs["text"].iloc[0]
    with pytest.raises(ValueError, match="furniture_min_docs=1"):
        mc.load_corpus(sparse, furniture_min_docs=1)


def test_a_long_repeated_paragraph_is_reporting_not_furniture():
    background = ("The Islamic State group seized large parts of Iraq and Syria in 2014 and declared a caliphate "
                  "that at its height held millions of people under its rule. From Raqqa in the west to the "
                  "outskirts of Baghdad in the east it ruled until a coalition campaign and ground forces pushed it "
                  "back in battles that lasted three years and cost thousands of lives.")
    assert len(background.split()) > 60 and all(len(s.split()) > 25 for s in background.split(". "))
    docs = pd.DataFrame({"source": "Wire", "text": [f"Raid {i} hit Mosul.\n\n{background}" for i in range(6)]})
    assert background in mc.load_corpus(docs).docs["text"].iloc[0]
    found = find_site_furniture(mc.load_corpus(docs, furniture=False), max_words=80)
    assert found["text"].tolist() == [background]


def test_a_repeated_sentence_inside_a_paragraph_stays():
    docs = pd.DataFrame({"source": "Wire", "text": [
        f"Raid {i} hit Mosul at dawn. {PROMPT} Officials counted {i} dead in the raid." for i in range(6)]})
    corpus = mc.load_corpus(docs)
    assert PROMPT in corpus.docs["text"].iloc[0]
    assert not len(corpus.load_report.query("step == 'site_furniture'"))


def test_a_document_that_was_all_furniture_is_skipped_and_listed():
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(4)], "source": "Wire",
                         "text": [f"Story {i} on Idlib.\n\n{CREDIT}" for i in range(3)] + [CREDIT]})
    corpus = mc.load_corpus(docs)
    assert sorted(corpus.docs["doc_id"]) == ["d0", "d1", "d2"]
    skipped = corpus.load_report.query("action == 'skipped'")
    assert skipped["doc_id"].tolist() == ["d3"] and "furniture=False" in skipped["detail"].iloc[0]


def test_n_words_and_fingerprint_follow_the_text():
    before, after = mc.load_corpus(wire(), furniture=False), mc.load_corpus(wire())
    assert (after.docs["n_words"] < before.docs["n_words"]).sum() == 10
    assert after.docs["n_words"].tolist() == [mc.text.count_words(t) for t in after.docs["text"]]
    assert after.fingerprint != before.fingerprint
    assert after.fingerprint == mc.load_corpus(wire()).fingerprint


def test_remove_site_furniture_on_a_loaded_corpus_changes_nothing_without_repeats(seeds):
    assert remove_site_furniture(seeds) is seeds


def test_allsides_furniture_is_found_per_outlet():
    path = shared_data("allsides", "allsides_me_dev.jsonl")
    corpus = mc.load_corpus(path, text="content_original", source="source", date="date")
    rows = corpus.load_report.query("step == 'site_furniture' and doc_id.isna()")
    details = dict(zip(rows["item"] + " | " + rows["detail"], rows["count"], strict=True))
    assert any(k.startswith("source Politico | line") and "Story Continued Below" in k for k in details)
    assert any(k.startswith("source Christian Science Monitor") and "delivered to your inbox" in k for k in details)
    text = " ".join(corpus.docs["text"])
    assert "Story Continued Below" not in text and "Replay More Videos" not in text
    assert "Hide Caption" not in text and "CLICK HERE TO GET THE FOX NEWS APP" not in text
    # the key terms of the Monitor no longer hold its newsletter prompt
    key = mc.keyness(corpus.subset(source=["Christian Science Monitor", "Reuters", "Politico"]), by="source", top=30)
    assert not {"inbox", "unsubscribe", "newsletters"} & set(key["term"])


def test_an_article_printed_several_times_is_not_its_own_furniture():
    article = "Militants attacked a checkpoint near Mosul.\n\nTwo soldiers were wounded, officials said."
    docs = pd.DataFrame({"doc_id": [f"copy{i}" for i in range(5)], "source": "Wire", "text": article})
    corpus = mc.load_corpus(docs)
    assert (corpus.docs["text"] == article).all()
    assert not len(corpus.load_report.query("step == 'site_furniture'"))
