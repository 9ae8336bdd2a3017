"""Quotations and speakers, on seed sentences and on sentences written for the test."""

from __future__ import annotations

import pandas as pd

import mideast_corpus as mc
from mideast_corpus.stance import attribute_speakers, find_speech, quote_spans, quotes
from mideast_corpus.stance.tokens import tokenize


def _sents(texts: list[str]) -> pd.DataFrame:
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return pd.DataFrame({"doc_id": "d", "sent_id": range(len(texts)), "start": starts,
                         "end": [s + len(t) for s, t in zip(starts, texts, strict=True)], "text": texts})


def test_quote_spans_straight_curly_and_open() -> None:
    assert quote_spans('He said "no".') == [(8, 12)]
    assert quote_spans("“We want a full-blown military alliance.”") == [(0, 41)]
    assert quote_spans("“They carry out their strikes") == [(0, 29)]
    assert quote_spans("No quotes here.") == []


def test_reported_speech_and_speaker_carry_over() -> None:
    texts = ["“We find it extremely useful,” Iraqi M.P. Hakim Al Zamili said at the time.",
             "“The idea is to formalize the relationship with Iran, Russia and Syria.”",
             "Nouri Al Maliki, then prime minister, said Iraq welcomed the strikes."]
    s = _sents(texts)
    iran = texts[1].index("Iran") + s["start"][1]
    iraq = texts[2].index("Iraq") + s["start"][2]
    m = pd.DataFrame({"doc_id": "d", "sent_id": [1, 2], "actor": ["iran", "iraq"], "start": [iran, iraq],
                      "end": [iran + 4, iraq + 4]})
    out = attribute_speakers(s, m)
    assert out["quoted"].tolist() == [True, True]
    assert out["quote_kind"].tolist() == ["direct", "reported"]
    assert out["speaker"].tolist() == ["Iraqi M.P. Hakim Al Zamili", "Nouri Al Maliki"]


def test_seed_speech_events(seeds: mc.Corpus) -> None:
    sp = find_speech(seeds.sentences())
    speakers = set(sp["speaker"])
    assert {"defense officials", "Russian officials"} <= speakers or "Russian officials" in speakers
    assert (sp["kind"] == "direct").any() and (sp["kind"] == "reported").any()


# -- the speech pre-check (a scan for any say-verb before the sentence rules)

def test_speech_pre_check_never_misses_a_say_verb(seeds: mc.Corpus) -> None:
    for text in seeds.sentences()["text"]:
        has_verb = any(t.lower() in quotes.SAY_VERBS for t, _, _ in tokenize(text))
        if has_verb:
            assert quotes._SAY_ANYWHERE.search(text.lower())
    assert quotes._sentence_speech("Officials SAID the town fell.")[0]["verb"] == "said"
