"""examples(): from a stance, topic or key-term cell to the passages behind it."""

from __future__ import annotations

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.examples import EXAMPLE_COLUMNS


@pytest.fixture(scope="module")
def stance(seeds) -> pd.DataFrame:
    return mc.score_stance(seeds)


def test_a_stance_cell_gives_its_sentences_with_evidence_first(seeds, stance):
    ex = mc.examples(stance, seeds, actor="isis", source="The Jerusalem Post", n=3)
    assert list(ex.columns) == EXAMPLE_COLUMNS
    assert set(ex["source"]) == {"The Jerusalem Post"} and set(ex["cell"]) == {"isis"}
    rows = stance[(stance["actor"] == "isis") & (stance["source"] == "The Jerusalem Post")]
    assert len(ex) == min(3, rows.drop_duplicates(["doc_id", "sent_id"]).shape[0])
    # every passage is the sentence of a mention of the actor, and the mark covers the mention
    sentences = seeds.sentences().set_index(["doc_id", "sent_id"])["text"]
    for r in ex.itertuples():
        assert r.passage == sentences[(r.doc_id, r.sent_id)]
        assert r.passage[r.mark_start:r.mark_end] in set(rows["alias"])
    # strongest evidence first
    strength = ex["value"].abs().tolist()
    assert strength == sorted(strength, reverse=True)
    # one call filters by a column of the stance table too
    negative = mc.examples(stance, seeds, actor="isis", label="negative", n=10)
    assert set(negative["label"]) <= {"negative"} and len(negative)


def test_a_group_can_be_a_time_bin_or_any_document_column(seeds, stance):
    month = seeds.docs["published"].dropna().iloc[0].strftime("%Y-%m")
    ex = mc.examples(stance, seeds, actor="isis", by="published:month", group=month, n=20)
    assert len(ex) and set(ex["published"].dt.strftime("%Y-%m")) == {month}
    kind = seeds.docs["outlet_kind"].iloc[0]
    assert set(mc.examples(stance, seeds, actor="isis", outlet_kind=kind, n=50)["doc_id"]) <= \
        set(seeds.docs.loc[seeds.docs["outlet_kind"] == kind, "doc_id"])
    with pytest.raises(KeyError, match="outlet_size"):
        mc.examples(stance, seeds, actor="isis", outlet_size="big")
    with pytest.raises(ValueError, match="needs group="):
        mc.examples(stance, seeds, actor="isis", by="published:month")


def test_a_topic_cell_gives_its_heaviest_units_one_per_document(seeds):
    model = mc.fit_topics(seeds, n_topics=3)
    ex = mc.examples(model, topic=0, n=3)
    assert set(ex["kind"]) == {"topic"} and ex["doc_id"].is_unique
    assert ex["value"].tolist() == sorted(ex["value"], reverse=True)
    weights = model.doc_topics.query("topic == 0")
    assert ex["value"].iloc[0] == pytest.approx(weights["weight"].max())
    with pytest.raises(ValueError, match="topics 0 to 2"):
        mc.examples(model, topic=3)


def test_a_key_term_cell_gives_the_sentences_that_use_the_term(seeds):
    ex = mc.examples(seeds, term="regime", source="The New Arab", n=50)
    assert len(ex) and set(ex["source"]) == {"The New Arab"}
    assert all("regime" in p[a:b].lower() for p, a, b in zip(ex["passage"], ex["mark_start"], ex["mark_end"],
                                                               strict=True))
    keyness = mc.keyness(seeds, top=3)
    via_table = mc.examples(keyness, seeds, term="regime", source="The New Arab", n=50)
    assert via_table[["doc_id", "sent_id"]].values.tolist() == ex[["doc_id", "sent_id"]].values.tolist()


def test_aggregates_and_missing_corpus_are_refused_with_what_to_do(seeds, stance):
    aggregate = pd.DataFrame({"source": ["A"], "actor": ["isis"], "n_mentions": [3]})
    with pytest.raises(ValueError, match="mention-level table"):
        mc.examples(aggregate, seeds, actor="isis")
    with pytest.raises(ValueError, match="pass the corpus"):
        mc.examples(stance, actor="isis")
