"""Frames: the lexicon, per-sentence evidence, bootstrap intervals by group, and agreement with hand labels."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.framing import frame_sentences, frames, load_frame_lexicon
from mideast_corpus.framing.frames import FRAME_COLUMNS

DATA = Path(__file__).parent / "data"
FRAMES = ["security", "humanitarian", "political", "sectarian", "legality", "terrorism", "economic"]

#: Precision and recall reached on tests/data/frames_gold.csv by lexicon 1.0.0 (all 73 sentences), rounded
#: down to 0.05. The lexicon was written before the gold labels were compared with it and was not tuned
#: afterwards; the cues were partly drafted from the seed articles, so these are in-sample figures.
REACHED = {
    "security": (0.95, 0.85),
    "humanitarian": (0.75, 0.85),
    "political": (0.75, 0.80),
    "sectarian": (1.00, 1.00),
    "legality": (0.75, 1.00),
    "terrorism": (1.00, 0.75),
    "economic": (1.00, 1.00),
}


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return pd.read_csv(DATA / "frames_gold.csv", dtype=str, keep_default_na=False)


def test_lexicon_is_documented_data():
    lex = load_frame_lexicon()
    assert list(dict.fromkeys(lex["frame"])) == FRAMES
    assert (lex.groupby("frame").size() >= 10).all()
    assert set(lex["source"]) == {"war-reporting vocabulary", "seed articles"}
    assert set(lex["type"]) == {"word", "phrase"}
    meta = json.loads((resources.files("mideast_corpus") / "data" / "frames.meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == lex.attrs["version"]
    assert set(meta["frames"]) == set(FRAMES)
    assert any("Semetko" in s for s in meta["sources"]) and any("Entman" in s for s in meta["sources"])


def test_gold_is_hand_labelled_seed_sentences(gold, seeds):
    assert len(gold) >= 40
    assert (gold["sample"] == "random").sum() >= 40
    labels = {f for cell in gold["frames"] for f in cell.split(";") if f}
    assert labels <= set(FRAMES)
    texts = seeds.docs.set_index("doc_id")["text"]
    missing = [t[:60] for d, t in zip(gold["doc_id"], gold["text"], strict=True) if t not in texts[d]]
    assert not missing, f"gold sentences no longer in the repaired seed text: {missing}"


def precision_recall(gold: pd.DataFrame) -> pd.DataFrame:
    found = frame_sentences(gold)
    rows = []
    for f in FRAMES:
        truth = gold["frames"].str.split(";").map(lambda labels, f=f: f in labels)
        pred = found[f]
        tp, fp, fn = int((truth & pred).sum()), int((~truth & pred).sum()), int((truth & ~pred).sum())
        rows.append({"frame": f, "n_gold": int(truth.sum()), "tp": tp, "fp": fp, "fn": fn,
                     "precision": tp / (tp + fp) if tp + fp else float("nan"),
                     "recall": tp / (tp + fn) if tp + fn else float("nan")})
    return pd.DataFrame(rows)


def test_precision_recall_on_gold(gold):
    table = precision_recall(gold)
    print("\nframe lexicon vs hand labels (tests/data/frames_gold.csv, all sentences)")
    print(table.to_string(index=False, float_format="{:.2f}".format))
    print("random sample only")
    print(precision_recall(gold[gold["sample"] == "random"]).to_string(index=False, float_format="{:.2f}".format))
    for r in table.itertuples():
        p_min, r_min = REACHED[r.frame]
        assert r.precision >= p_min, (r.frame, r.precision)
        assert r.recall >= r_min, (r.frame, r.recall)


def test_frame_sentences_shows_the_evidence(seeds):
    s = frame_sentences(seeds)
    assert list(s.columns[:5]) == ["doc_id", "sent_id", "start", "end", "text"]
    assert list(s.columns[-len(FRAMES):]) == FRAMES
    assert len(s) == len(seeds.sentences())
    assert (s["n_frames"] == s[FRAMES].sum(axis=1)).all()
    assert (s["n_frames"] >= 2).any()  # a sentence can carry several frames
    for r in s[s["n_frames"] > 0].itertuples():
        flat = r.text.lower().replace("’", "'").replace("-", " ").replace("—", " ").replace("–", " ")
        for part in r.cues.split(" | "):
            frame, cues = part.split(": ", 1)
            assert getattr(r, frame)
            for cue in cues.split(", "):
                assert re.search(r"\s+".join(map(re.escape, cue.split())), flat), (cue, r.text)
    assert s.attrs["provenance"]["data_versions"] == {"frames": "1.0.0"}


def test_matching_rules():
    lex = pd.DataFrame({"frame": ["a", "a", "b", "b"], "cue": ["air strike*", "shell", "un", "aid"]})
    texts = pd.DataFrame({"text": [
        "Air-strikes and AIR  STRIKE hit.",  # hyphen and spaces; case-insensitive
        "Shelling continued; a shell fell.",  # whole words only: 'shelling' is not 'shell'
        "The UN's aid; unaided, aide.",  # possessive ok; no match inside words
    ]})
    out = frame_sentences(texts, lexicon=lex)
    assert out["cues"].tolist() == ["a: air strikes, air strike", "a: shell", "b: un's, aid"]
    assert out.attrs["provenance"]["params"]["lexicon"].startswith("custom:")


def test_custom_lexicon_file_and_bad_lexicons(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("frame,cue\nrefugees,refugee*\nrefugees,camp\n", encoding="utf-8")
    lex = load_frame_lexicon(path)
    assert lex.attrs["version"].startswith("custom:") and lex["type"].tolist() == ["", ""]
    with pytest.raises(ValueError, match="identifiers"):
        frame_sentences(pd.DataFrame({"text": ["x"]}), pd.DataFrame({"frame": ["text"], "cue": ["x"]}))
    with pytest.raises(ValueError, match="not words or phrases"):
        load_frame_lexicon(_write(tmp_path, "frame,cue\nwar,(strike|bomb)\n"))
    with pytest.raises(ValueError, match="duplicate"):
        load_frame_lexicon(_write(tmp_path, "frame,cue\nwar,strike\nwar,Strike\n"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lex.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_frames_by_source_on_seeds(seeds):
    f = frames(seeds, by="source", n_boot=500)
    assert list(f.columns) == ["source", *FRAME_COLUMNS]
    assert len(f) == 5 * len(FRAMES)
    assert f["source"].tolist() == sorted(f["source"])
    assert (f["ci_low"] <= f["share_of_sentences"]).all() and (f["share_of_sentences"] <= f["ci_high"]).all()
    assert f["note"].str.startswith("one document: interval resamples sentences").all()
    n_sent = seeds.sentences().groupby("doc_id").size().sum()
    assert f.groupby("source")["n_sentences"].first().sum() == n_sent
    assert (f["share_of_sentences"] == f["n_flagged"] / f["n_sentences"]).all()
    zero = f[f["n_flagged"] == 0]
    assert zero["note"].str.contains("degenerate").all()


def test_frames_resamples_documents_when_a_group_has_several(seeds):
    f = frames(seeds, by="published:year", n_boot=500)
    assert set(f["published:year"]) == {"2015", "2017"}
    assert set(f["n_docs"]) == {2, 3}
    assert f["note"].str.contains("only [23] documents: the document bootstrap").all()
    assert (f["ci_high"] >= f["ci_low"]).all()


def test_frames_is_seeded_and_groups_are_independent(seeds):
    a = frames(seeds, n_boot=300)
    pd.testing.assert_frame_equal(a, frames(seeds, n_boot=300))
    assert not a.equals(frames(seeds, n_boot=300, random_state=1))
    assert a.attrs["provenance"]["random_state"] == 0
    assert a.attrs["provenance"]["data_versions"] == {"frames": "1.0.0"}
    # A group's interval depends on its own documents and label only, not on which other groups exist.
    two = frames(seeds.subset(source=["The New Arab", "War Is Boring"]), n_boot=300)
    pd.testing.assert_frame_equal(
        two.reset_index(drop=True),
        a[a["source"].isin(["The New Arab", "War Is Boring"])].reset_index(drop=True),
    )


def test_frames_rejects_bad_arguments(seeds):
    with pytest.raises(ValueError, match="ci="):
        frames(seeds, ci=95)
    with pytest.raises(ValueError, match="random_state"):
        frames(seeds, random_state=-1)
    with pytest.raises(KeyError):
        frames(seeds, by="nope")


def test_top_level_names_when_exported():
    # The lead re-exports these from mideast_corpus; until then the package path is the entry point.
    for name in ("keyness", "frames", "frame_sentences", "load_frame_lexicon"):
        assert callable(getattr(mc, name, None) or getattr(mc.framing, name))
