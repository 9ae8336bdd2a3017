"""The columnar mention scan against the plain definitions it replaces.

``_scan_columns`` keeps forms that need no context rule as whole columns, merges
the lower-scan finds by bisection, and decides appositions on the columns;
``find_mentions`` assigns ``sent_id`` for the whole corpus in one search. These
tests hold each to the straightforward per-candidate loop on text built to hit
the edge cases (appositions, ``IS`` licensing, capitals runs, overlapping upper and
lower forms, possessives, places with and without metonymy).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import mideast_corpus as mc
from mideast_corpus.actors import default_actors, find_mentions
from mideast_corpus.actors import rules as _rules
from mideast_corpus.actors.matcher import _SEPARATOR, _next_place, _plan, _raw_candidates, _scan

_EDGE = ["Iraq", "Syria", "Damascus", "Washington", "Russia", "Iran", "Deir Ezzor", "Mosul", "US", "U.S.", "UN",
         "SDF", "Syrian Democratic Forces", "IS", "Islamic State", "ISIS", "anti-ISIS coalition", "anti-", "coalition",
         "the", "The", "a", "this", "in", "with", "and", "or", "said", "officials", "militants", "group", "army",
         "city", "Iranian", "Syrian", "pro-Iranian", "Iranian-backed", "U.S.-led coalition", "al-Nusra",
         "al-Nusra Front", "Nusra Front", "regime forces", "the regime", "HELP", "WAR", "THIS", "(", ")", "(IS)",
         "(SDF)", "(US)", "’s", "'s", "’", ",", ", ", ".", "-", "–", " ", " ", " ", "  ", "\n", "\t", "\u00a0", "x",
         "_", "9"]
_edge_text = st.lists(st.sampled_from(_EDGE), max_size=40).map("".join)


def _reference_scan(text, matcher, places, metonymy):
    """The per-candidate loop the columnar scan replaces (one tuple per kept mention, in text order)."""
    plan = _plan(matcher)
    out, pending_is, licensed, last_end = [], [], False, -1

    def apposition(start, end, entry):
        if not out or text[end:end + 1] != ")":
            return False
        prev = out[-1]
        return prev[2] == entry and text[prev[1]:start].strip() == "("

    for start, end, form in _raw_candidates(text, matcher):
        if start < last_end:
            continue
        last_end = end
        i, canonical, rule = matcher.surfaces[form]
        mention = (start, end, i, form, canonical, rule)
        if rule in ("alias", "affiliation"):
            if not (start and text[start - 1] == "(" and apposition(start, end, i)):
                out.append(mention)
        elif rule == "place":
            short_caps, target, default_role = plan.place[plan.code[form]]
            if short_caps and _rules.in_caps_run(text, start, end):
                continue
            if target >= 0 and metonymy:
                after = _next_place(text, matcher, end) if text[end:end + 1] in ("'", "’") else -1
                if _rules.place_role(text, start, end, default_role, after) == "actor":
                    out.append((start, end, target, form, canonical, "metonymy"))
                    continue
            if places:
                out.append(mention)
        elif rule == "demonym":
            if _rules.agent_head_follows(text, end):
                out.append(mention)
        elif rule == "definite_coalition":
            if _rules.definite_coalition(text, start, matcher.demonyms):
                out.append(mention)
        elif _rules.in_caps_run(text, start, end):
            continue
        elif start and text[start - 1] == "(" and apposition(start, end, i):
            licensed = licensed or rule == "is_acronym"
        elif rule == "is_acronym":
            if _rules.is_cue(text, start, end):
                licensed = True
                out.append(mention)
            else:
                pending_is.append(mention)
        else:
            out.append(mention)
    if licensed and pending_is:
        out = sorted(out + pending_is)
    return out


@settings(max_examples=400, deadline=None)
@given(_edge_text)
def test_columnar_scan_matches_the_per_candidate_loop(text):
    matcher = default_actors().matcher()
    for places in (True, False):
        for metonymy in (True, False):
            assert _scan(text, matcher, places, metonymy) == _reference_scan(text, matcher, places, metonymy)


def test_columnar_scan_matches_the_per_candidate_loop_on_the_seeds():
    matcher = default_actors().matcher()
    for text in mc.load_seeds().docs["text"]:
        for places, metonymy in ((True, True), (False, True), (True, False)):
            assert _scan(text, matcher, places, metonymy) == _reference_scan(text, matcher, places, metonymy)


def test_separator_class_is_the_backslash_s_class_spelled_out():
    plain = re.compile(r"[\s(\[{“\"‘'—–/-]")
    spelled = re.compile(_SEPARATOR)
    assert all(bool(plain.fullmatch(chr(c))) == bool(spelled.fullmatch(chr(c))) for c in range(0x110000))


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
