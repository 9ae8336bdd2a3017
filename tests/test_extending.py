"""The recipes of docs/extending.md work as written: each way to extend the library changes what it finds."""

from __future__ import annotations

import pandas as pd

import mideast_corpus as mc
from mideast_corpus import cleaning


def _stance(text: str, **kw) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": ["d0"], "source": ["test"], "text": [text]})
    return mc.score_stance(mc.load_corpus(docs, text="text", source="source", repair=False), **kw)


def test_a_stance_cue_is_one_row_of_stance_evaluation() -> None:
    text = "ISIS is obstinate."
    assert _stance(text)["label"].tolist() == ["none"]  # the shipped lexicon does not know the word
    shipped = mc.load_stance_lexicons().evaluation
    row = pd.DataFrame([{"term": "obstinate|intransigent", "pos": "adj", "subject": -0.4, "object": 0.0,
                         "source": "test: guide 'failing'"}])
    lex = mc.load_stance_lexicons(evaluation=pd.concat([shipped, row], ignore_index=True))
    st = _stance(text, lexicons=lex)
    assert st["label"].tolist() == ["negative"]
    assert "obstinate[" in st["evidence"].iloc[0]
    assert lex.version.endswith("+custom")


def test_a_repair_step_is_one_function_and_one_entry_of_the_steps() -> None:
    def drop_tracking_codes(text: str, title: str | None = None) -> tuple[str, int, str]:
        lines = text.split("\n")
        kept = [line for line in lines if not line.startswith("utm_")]
        removed = len(lines) - len(kept)
        return "\n".join(kept), removed, f"{removed} tracking line(s)" if removed else ""

    step = cleaning.RepairStep("drop_tracking_codes", drop_tracking_codes, "tracking codes pasted into text")
    text = "Iraqi forces entered Mosul.\nutm_source=feed\n\nThe city was retaken."
    # order matters: before unwrap_lines joins the line to the sentence above it
    repaired, events = cleaning.repair_text(text, steps=(step, *cleaning.DEFAULT_STEPS))
    assert "utm_" not in repaired and "retaken" in repaired
    assert [(e.step, e.count) for e in events if e.step == "drop_tracking_codes"] == [("drop_tracking_codes", 1)]


def test_an_actor_alias_is_one_row_of_the_dictionary() -> None:
    docs = pd.DataFrame({"doc_id": ["d0"], "source": ["test"],
                         "text": ["Liwa al-Quds fighters joined the offensive near Aleppo."]})
    corpus = mc.load_corpus(docs, text="text", source="source", repair=False)
    assert "liwa_al_quds" not in set(mc.find_mentions(corpus)["actor"])
    more = pd.DataFrame({
        "id": ["liwa_al_quds"], "name": ["Liwa al-Quds"], "kind": ["militia"],
        "parent": ["syria_government"], "country": ["SYR"], "cameo": [""],
        "aliases": ["Liwa al-Quds|Quds Brigade"], "status": ["unsure"],
        "note": ["Palestinian pro-government militia"],
    })
    actors = mc.default_actors().extend(more)
    found = mc.find_mentions(corpus, actors=actors)
    assert found.loc[found["actor"] == "liwa_al_quds", "alias"].tolist() == ["Liwa al-Quds"]
