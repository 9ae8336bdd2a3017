"""Old parameter names work for one release, with a DeprecationWarning naming the new one (deprecation.py)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import mideast_corpus as mc
from mideast_corpus.deprecation import REMOVED_IN
from mideast_corpus.framing import framing_profile


def _quiet_profile(corpus: mc.Corpus, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        return framing_profile(corpus, n_boot=20, **kwargs)


@pytest.fixture(scope="module")
def given(seeds, seed_mentions) -> dict:
    """Mentions, stance and a topic model computed once, so each profile below only aggregates."""
    mentions = seed_mentions
    return {"mentions": mentions, "stance": mc.score_stance(seeds, mentions=mentions),
            "topic_model": mc.fit_topics(seeds, n_topics=3, mentions=mentions)}


def test_select_n_topics_seeds_is_random_state_and_n_resamples(seeds):
    new = mc.select_n_topics(seeds, ks=[3], random_state=4, n_resamples=2)
    with pytest.warns(DeprecationWarning, match=rf"select_n_topics\(seeds=\.\.\.\) is deprecated .* {REMOVED_IN}: "
                                                r"use random_state= and n_resamples="):
        old = mc.select_n_topics(seeds, ks=[3], seeds=(4, 5))
    pd.testing.assert_frame_equal(old, new)
    assert new.attrs["provenance"]["params"]["seeds"] == [4, 5]


def test_framing_profile_dictionary_is_now_actors(seeds, given):
    dictionary = mc.default_actors()
    new = _quiet_profile(seeds, actors=dictionary, **given)
    with pytest.warns(DeprecationWarning, match=r"framing_profile\(dictionary=\.\.\.\) .* use actors= instead"):
        old = _quiet_profile(seeds, dictionary=dictionary, **given)
    pd.testing.assert_frame_equal(old, new)


def test_framing_profile_list_of_actors_is_now_major_actors(seeds, given):
    new = _quiet_profile(seeds, major_actors=["isis", "iran"], **given)
    with pytest.warns(DeprecationWarning, match=r"framing_profile\(actors=<list of actor ids>\.\.\.\) .* "
                                                r"use major_actors= instead"):
        old = _quiet_profile(seeds, actors=["isis", "iran"], **given)
    pd.testing.assert_frame_equal(old, new)
    assert set(new.loc[new["measure"] == "salience_share", "actor_or_topic"]) == {"isis", "iran"}


def test_the_dictionary_cannot_be_given_twice(seeds, given):
    with pytest.raises(TypeError, match="pass the actor dictionary once"), pytest.warns(DeprecationWarning):
        _quiet_profile(seeds, actors=mc.default_actors(), dictionary=mc.default_actors(), **given)


def test_an_unknown_keyword_is_still_refused(seeds, given):
    with pytest.raises(TypeError, match="unexpected keyword argument 'dictionnary'"):
        _quiet_profile(seeds, dictionnary=mc.default_actors(), **given)
