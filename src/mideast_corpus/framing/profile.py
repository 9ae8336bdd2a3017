"""The framing profile: one long table joining, per group, every measure of how an outlet covers the wars.

:func:`framing_profile` runs (or takes) the library's own analyses and stacks their headline figures
into one tidy table, ``group, measure, actor_or_topic, value, ci_low, ci_high, n, note``:

=================  ==========================================================  ============================
measure            value                                                        from
=================  ==========================================================  ============================
``salience_share`` share of the group's actor mentions that name a major actor  :func:`entity_frequency`
``naming_share``   share of the most used label of a naming set, and of its     :func:`naming_choices`
                   loaded labels ("regime", "terrorists", "Shiite militias")
``stance_mean``    stance toward a major actor: ``net`` (share positive minus   :func:`stance_by_source`
                   share negative), ``coverage`` and ``mean_score``, with
                   cluster-bootstrap intervals
``topic_share``    share of the group's text per topic, with intervals          ``TopicModel.prevalence``
``frame_share``    share of the group's sentences per frame, with intervals     :func:`frames`
``voice_share``    share of the group's speech sentences per speaker kind       :func:`voices`
=================  ==========================================================  ============================

Nothing is recomputed here: the numbers are those of the functions in the last column; this module
only selects, rolls sub-actors up to the major actor they belong to ("syrian_arab_army" counts for
``syria_government``, "us_central_command" for ``united_states``: the nearest major actor among an
actor's ancestors) and stacks. Intervals are given where the underlying function gives them; counts
of mentions, labels and speakers have none (``ci_low``/``ci_high`` are NaN).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..actors.dictionary import ActorDictionary, as_dictionary
from ..actors.mentions import find_mentions
from ..corpus import Corpus
from ..deprecation import warn_renamed
from ..entities import entity_frequency
from ..grouping import GROUP, group_labels, name_group_column
from ..provenance import attach_provenance
from .frames import frames
from .naming import naming_choices, size_note
from .voices import NO_SPEECH, voices

if TYPE_CHECKING:  # for the signatures only: importing the topics package here would load scikit-learn
    from ..topics import TopicModel


__all__ = ["MAJOR_ACTORS", "MEASURES", "PROFILE_COLUMNS", "STANCE_COMPONENTS", "framing_profile", "major_actor"]

#: The actors the profile reports salience and stance for.
MAJOR_ACTORS: tuple[str, ...] = (
    "isis", "united_states", "us_led_coalition", "russia", "iran", "syria_government", "iraqi_security_forces",
    "sdf", "popular_mobilization_forces",
)
#: Measures in the order the table lists them.
MEASURES: tuple[str, ...] = ("salience_share", "naming_share", "stance_mean", "topic_share", "frame_share",
                             "voice_share")
#: Stance components reported for each major actor.
STANCE_COMPONENTS: tuple[str, ...] = ("net", "coverage", "mean_score")
#: Columns of :func:`framing_profile` after the group column (named after ``by=``: ``source``, ...).
PROFILE_COLUMNS = ["measure", "actor_or_topic", "value", "ci_low", "ci_high", "n", "note"]


def major_actor(actor: str, dictionary: ActorDictionary, majors: Sequence[str] = MAJOR_ACTORS) -> str:
    """The nearest of ``majors`` among ``actor`` and its ancestors ('' when none).

    Examples
    --------
    >>> from mideast_corpus.actors import default_actors
    >>> d = default_actors()
    >>> major_actor("syrian_arab_army", d), major_actor("us_armed_forces", d), major_actor("iraq", d)
    ('syria_government', 'united_states', '')
    """
    if actor in majors:
        return actor
    if actor not in dictionary:
        return ""
    return next((a for a in dictionary.ancestors(actor) if a in majors), "")


def _rows(group: Any, measure: str, item: Any, value: Any, low: Any, high: Any, n: Any, note: Any) -> pd.DataFrame:
    return pd.DataFrame({"group": group, "measure": measure, "actor_or_topic": item, "value": value,
                         "ci_low": low, "ci_high": high, "n": n, "note": note})


def _join_notes(*notes: Any) -> list[str]:
    return ["; ".join(dict.fromkeys(str(x) for x in parts if isinstance(x, str) and x)) for parts in zip(*notes,
                                                                                                          strict=True)]


def _salience(corpus: Corpus, by: str, mentions: pd.DataFrame, dictionary: ActorDictionary,
              majors: Sequence[str]) -> pd.DataFrame:
    freq = entity_frequency(corpus, by=by, mentions=mentions, actors=dictionary)
    freq = freq.assign(major=[major_actor(a, dictionary, majors) for a in freq["actor"]])
    total = freq.groupby(by)["count"].sum()
    counts = freq[freq["major"] != ""].groupby([by, "major"])["count"].sum()
    groups = total.index.tolist()
    grid = pd.MultiIndex.from_product([groups, list(majors)])
    count = counts.reindex(grid, fill_value=0).to_numpy(dtype=float)
    n = np.repeat(total.to_numpy(), len(majors))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, count / np.maximum(n, 1), np.nan)
    return _rows(grid.get_level_values(0), "salience_share", grid.get_level_values(1), value, np.nan, np.nan, n,
                 "")


def _naming(table: pd.DataFrame, by: str) -> pd.DataFrame:
    parts = []
    for (group, set_name), block in table.groupby([by, "set"], sort=False):
        n_set = int(block["n_set"].iloc[0])
        if n_set == 0:
            continue
        # The most used label; ties go to the label listed first in the data file.
        top = block.loc[block["count"].idxmax()]
        loaded = block[block["loaded"] == "yes"]
        base = block["note"].iloc[0]
        parts.append(_rows([group], "naming_share", [f"{set_name}: {top['term']}"], [top["share"]], np.nan,
                           np.nan, [n_set], _join_notes(["most used label"], [base])))
        if len(loaded):
            which = ", ".join(loaded["term"])
            parts.append(_rows([group], "naming_share", [f"{set_name}: loaded labels"],
                               [float(loaded["count"].sum()) / n_set], np.nan, np.nan, [n_set],
                               _join_notes([f"loaded labels: {which}"], [base])))
    return pd.concat(parts, ignore_index=True) if parts else _rows([], "naming_share", [], [], [], [], [], [])


def _stance(corpus: Corpus, by: str, st: pd.DataFrame, dictionary: ActorDictionary, majors: Sequence[str],
            n_boot: int, ci: float, random_state: int) -> pd.DataFrame:
    from ..stance import stance_by_source

    rolled = st.assign(actor=[major_actor(a, dictionary, majors) for a in st["actor"]], parent="")
    rolled = rolled[rolled["actor"] != ""]
    rolled.attrs = st.attrs
    parts = []
    t = stance_by_source(rolled, by=by, ci=ci, n_boot=n_boot, random_state=random_state, corpus=corpus)
    for component in STANCE_COMPONENTS:
        parts.append(_rows(t[by].astype(str).to_numpy(), "stance_mean",
                           [f"{a}: {component}" for a in t["actor"]], t[component].to_numpy(dtype=float),
                           t[f"{component}_low"].to_numpy(dtype=float), t[f"{component}_high"].to_numpy(dtype=float),
                           t["n_mentions"].to_numpy(), t["note"].astype(str).to_numpy()))
    out = pd.concat(parts, ignore_index=True)
    # Actor first, then the components in their fixed order, within each group.
    order = {a: i for i, a in enumerate(majors)}
    key = out["actor_or_topic"].str.split(": ", n=1)
    out["_a"] = key.str[0].map(order)
    out["_c"] = key.str[1].map({c: i for i, c in enumerate(STANCE_COMPONENTS)})
    return out.sort_values(["group", "_a", "_c"], kind="stable").drop(columns=["_a", "_c"])


def _topics(model: TopicModel, by: str, n_boot: int, ci: float, random_state: int) -> pd.DataFrame:
    p = model.prevalence(by=by, ci=ci, n_boot=n_boot, random_state=random_state)
    return _rows(p[by].astype(str).to_numpy(), "topic_share",
                 [f"topic {t}: {label}" for t, label in zip(p["topic"], p["label"], strict=True)],
                 p["share"].to_numpy(dtype=float), p["ci_low"].to_numpy(dtype=float),
                 p["ci_high"].to_numpy(dtype=float), p["n_units"].to_numpy(), p["note"].astype(str).to_numpy())


def _frames(corpus: Corpus, by: str, n_boot: int, ci: float, random_state: int) -> pd.DataFrame:
    f = frames(corpus, by=by, n_boot=n_boot, ci=ci, random_state=random_state)
    return _rows(f[by].to_numpy(), "frame_share", f["frame"].to_numpy(),
                 f["share_of_sentences"].to_numpy(dtype=float), f["ci_low"].to_numpy(dtype=float),
                 f["ci_high"].to_numpy(dtype=float), f["n_sentences"].to_numpy(), f["note"].astype(str).to_numpy())


def _voices(table: pd.DataFrame, by: str) -> pd.DataFrame:
    spoken = table[table["speaker_kind"] != NO_SPEECH].rename(columns={by: GROUP})
    kinds = (spoken.groupby([GROUP, "speaker_kind"], sort=True)
             .agg(value=("share", "sum"), n=("n_group", "first"), note=("note", "first"), count=("count", "sum"))
             .reset_index())
    kinds = kinds.sort_values(["group", "count", "speaker_kind"], ascending=[True, False, True], kind="stable")
    return _rows(kinds["group"].to_numpy(), "voice_share", kinds["speaker_kind"].to_numpy(),
                 kinds["value"].to_numpy(dtype=float), np.nan, np.nan, kinds["n"].to_numpy(),
                 kinds["note"].astype(str).to_numpy())


def _old_actor_names(actors: Any, major_actors: Sequence[str], deprecated: dict[str, Any]) -> tuple[Any, Any]:
    """Map the deprecated ``dictionary=`` and ``actors=<list of ids>`` onto ``actors=`` and ``major_actors=``."""
    dictionary = deprecated.pop("dictionary", None)
    if deprecated:
        raise TypeError(f"framing_profile() got an unexpected keyword argument {next(iter(deprecated))!r}")
    if isinstance(actors, (list, tuple, set, frozenset)):
        warn_renamed("framing_profile", "actors=<list of actor ids>", "major_actors=")
        actors, major_actors = None, actors
    if dictionary is not None:
        warn_renamed("framing_profile", "dictionary=", "actors=")
        if actors is not None:
            raise TypeError("framing_profile(): pass the actor dictionary once, as actors= (dictionary= is its old "
                            "name)")
        actors = dictionary
    return actors, major_actors


def framing_profile(
    corpus: Corpus,
    by: str = "source",
    *,
    actors: ActorDictionary | pd.DataFrame | str | Path | None = None,
    major_actors: Sequence[str] = MAJOR_ACTORS,
    mentions: pd.DataFrame | None = None,
    stance: pd.DataFrame | None = None,
    topic_model: TopicModel | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    random_state: int = 0,
    **deprecated: Any,
) -> pd.DataFrame:
    """One tidy table of how each group covers the wars: salience, naming, stance, topics, frames, voices.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    by : str, default "source"
        Grouping: any ``docs`` column or a time bin such as ``"published:year"``.
    actors : ActorDictionary, DataFrame or path, optional
        The actor dictionary (default: the built-in one), as everywhere in the library.
    major_actors : sequence of str, default :data:`MAJOR_ACTORS`
        The actors reported for salience and stance; mentions of actors below them count for them.
    mentions : DataFrame, optional
        :func:`~mideast_corpus.find_mentions` of ``corpus``, if already computed.
    stance : DataFrame, optional
        :func:`~mideast_corpus.score_stance` of ``corpus``, if already computed.
    topic_model : TopicModel, optional
        A topic model fitted to ``corpus``; by default :func:`~mideast_corpus.fit_topics` with its
        defaults, ``random_state`` and the same ``mentions`` (aliases become one term per actor).
    n_boot, ci, random_state
        Bootstrap resamples, interval coverage and seed of every interval (stance, topics, frames).
    **deprecated
        The names of release 0.1 (``dictionary=``), accepted until 0.3.0 with a ``DeprecationWarning``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>`` then :data:`PROFILE_COLUMNS`, sorted by group then measure (order of :data:`MEASURES`).
        ``actor_or_topic`` names what the value is about: an actor id (salience), ``"<set>: <label>"``
        or ``"<set>: loaded labels"`` (naming), ``"<actor>: <component>"`` (stance, only actors the
        group mentions), ``"topic <k>: <top terms>"``, a frame, or a speaker kind (voices). ``n`` is
        what the value rests on: the group's actor mentions, uses of the naming set, mentions of the
        actor, text units, sentences or speech sentences. ``note`` carries the underlying tables'
        notes (one document, too few words or uses) so a thin row cannot be missed.

    Warns
    -----
    UserWarning
        Once per call, when a group is a single document or under 1,000 words; the warnings of the
        underlying analyses are folded into it (their content is in ``note``).
    DeprecationWarning
        For the names of release 0.x: ``dictionary=`` (now ``actors=``) and a list of ids passed as
        ``actors=`` (now ``major_actors=``). They are removed in the next release.

    Examples
    --------
    >>> import warnings
    >>> import mideast_corpus as mc
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     p = framing_profile(mc.load_seeds(), n_boot=100)
    >>> p["measure"].unique().tolist()
    ['salience_share', 'naming_share', 'stance_mean', 'topic_share', 'frame_share', 'voice_share']
    >>> wib = p[(p.source == "War Is Boring") & (p.measure == "voice_share")]
    >>> wib[["actor_or_topic", "value", "n"]].round(2).values.tolist()
    [['Iraqi officials', 0.9, 10], ['US officials', 0.1, 10]]
    """
    actors, major_actors = _old_actor_names(actors, major_actors, deprecated)
    majors = tuple(major_actors)
    dico = as_dictionary(actors)
    unknown = [a for a in majors if a not in dico]
    if unknown:
        raise ValueError(f"major_actors={list(majors)!r}: {unknown} are not in the actor dictionary; pass ids such "
                         f"as {list(MAJOR_ACTORS[:3])}")
    docs = corpus.docs
    labels = group_labels(docs, by)
    sizes = (pd.DataFrame({"group": labels.to_numpy(), "n_words": docs["n_words"].to_numpy()})
             .groupby("group", sort=True).agg(n_docs=("n_words", "size"), n_words=("n_words", "sum")))
    given = {"mentions": mentions is not None, "stance": stance is not None, "topic_model": topic_model is not None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if mentions is None:
            mentions = find_mentions(corpus, dico)
        if stance is None:
            from ..stance import score_stance

            stance = score_stance(corpus, dico, mentions=mentions)
        if topic_model is None:
            from ..topics import fit_topics

            topic_model = fit_topics(corpus, random_state=random_state, mentions=mentions)  # found once
        named = naming_choices(corpus, by=by, mentions=mentions, actors=dico)
        spoken = voices(corpus, by=by, mentions=mentions, actors=dico)
        parts = [
            _salience(corpus, by, mentions, dico, majors),
            _naming(named, by),
            _stance(corpus, by, stance, dico, majors, n_boot, ci, random_state),
            _topics(topic_model, by, n_boot, ci, random_state),
            _frames(corpus, by, n_boot, ci, random_state),
            _voices(spoken, by),
        ]
    table = pd.concat(parts, ignore_index=True)
    table["group"] = table["group"].astype(str)
    size = table["group"].map({g: size_note(int(r.n_docs), int(r.n_words)) for g, r in sizes.iterrows()})
    table["note"] = _join_notes(table["note"].fillna(""), size.fillna(""))
    order = {m: i for i, m in enumerate(MEASURES)}
    table["_m"] = table["measure"].map(order)
    table = table.sort_values(["group", "_m"], kind="stable")[[GROUP, *PROFILE_COLUMNS]].reset_index(drop=True)
    for column in ("value", "ci_low", "ci_high"):
        table[column] = table[column].astype(float).round(6)
    table = table.astype({"group": str, "measure": str, "actor_or_topic": str, "note": str, "n": "int64"})

    thin = [g for g, r in sizes.iterrows() if size_note(int(r.n_docs), int(r.n_words))]
    if thin:
        folded = len({str(w.message) for w in caught})
        warnings.warn(
            f"framing_profile by={by!r}: {len(thin)} of {len(sizes)} groups are a single document or under 1,000 "
            f"words ({', '.join(thin)}); their rows describe those texts, not the group's coverage. See the 'note' "
            f"column" + (f" ({folded} warnings of the underlying analyses are folded into this one)." if folded
                         else "."),
            UserWarning,
            stacklevel=2,
        )
    else:
        for message in dict.fromkeys(str(w.message) for w in caught):
            warnings.warn(message, UserWarning, stacklevel=2)
    versions: dict[str, Any] = {}
    for part in (stance, named, spoken):
        versions.update((part.attrs.get("provenance") or {}).get("data_versions") or {})
    return attach_provenance(
        name_group_column(table, by), function="framing_profile",
        params={"by": by, "major_actors": list(majors), "n_boot": n_boot, "ci": ci, "precomputed": given,
                "topic_model": topic_model.get_params() if hasattr(topic_model, "get_params") else repr(topic_model),
                "roll_up": "nearest listed actor among each actor's ancestors"},
        corpus=corpus, data_versions=versions, random_state=random_state,
    )
