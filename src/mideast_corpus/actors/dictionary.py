"""The actor dictionary and place gazetteer: load, validate, extend.

An :class:`ActorDictionary` holds two reviewed tables shipped in
``mideast_corpus/data`` (``actors.csv`` and ``places.csv``, versioned by
``actors.meta.json``) or supplied by the user. Every check that can fail on a
user's file fails here, with the row and the fix, rather than later inside the
matcher.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ActorDictionaryError
from .forms import split_forms
from .matcher import Matcher, compile_matcher

__all__ = [
    "ACTOR_COLUMNS",
    "PLACE_COLUMNS",
    "ActorDictionary",
    "ActorDictionaryError",
    "default_actors",
    "load_actors",
]

#: Columns of the actor table, in order. ``id``, ``kind`` and ``aliases`` (or ``demonyms``) are required.
ACTOR_COLUMNS = ["id", "name", "kind", "parent", "country", "cameo", "aliases", "demonyms", "status", "note"]
#: Columns of the place gazetteer, in order. ``id``, ``kind`` and ``aliases`` are required.
PLACE_COLUMNS = ["id", "name", "kind", "country", "actor", "default_role", "aliases", "lat", "lon"]

_SLUG = re.compile(r"[a-z][a-z0-9_]*\Z")
_ROLES = {"place", "actor"}


def _clean(table: pd.DataFrame, columns: list[str], required: list[str], what: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise ActorDictionaryError(f"{what} must be a DataFrame or a CSV path, got {type(table).__name__}")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ActorDictionaryError(
            f"{what} lacks required column(s) {missing}; expected columns {columns} (see data/README-actors.md)"
        )
    extra = [c for c in table.columns if c not in columns]
    out = table.reindex(columns=columns + extra).reset_index(drop=True)
    for col in columns:
        if col in ("lat", "lon"):
            out[col] = pd.to_numeric(out[col], errors="coerce")
        else:
            try:
                out[col] = out[col].astype("string").fillna("").str.strip().astype(str)
            except UnicodeEncodeError:
                row = next(i for i, v in enumerate(out[col]) if isinstance(v, str) and _not_utf8(v))
                raise ActorDictionaryError(
                    f"{what} row {row}, column {col!r}: {out[col].iloc[row]!r} holds a lone surrogate, not valid "
                    "UTF-8 text; fix the value (it usually comes from text decoded with errors='surrogateescape')"
                ) from None
    out.attrs = {}
    return out


def _not_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check_ids(table: pd.DataFrame, what: str) -> None:
    bad = [(i, v) for i, v in enumerate(table["id"]) if not _SLUG.match(v)]
    if bad:
        row, value = bad[0]
        raise ActorDictionaryError(
            f"{what} row {row}: id {value!r} is not a slug; use lower case letters, digits and '_' "
            "starting with a letter (e.g. 'syrian_arab_army')"
        )
    dup = table["id"][table["id"].duplicated(keep=False)]
    if len(dup):
        rows = {v: [int(i) for i in dup.index[dup == v]] for v in sorted(set(dup))}
        raise ActorDictionaryError(f"{what}: duplicate id(s) {rows} (id: rows); every id must be unique")


def _check_parents(actors: pd.DataFrame) -> None:
    ids = set(actors["id"])
    parent = dict(zip(actors["id"], actors["parent"], strict=True))
    unknown = {a: p for a, p in parent.items() if p and p not in ids}
    if unknown:
        raise ActorDictionaryError(
            f"actors: unknown parent id(s) {dict(sorted(unknown.items()))} (actor: parent); "
            "add the parent row or leave parent empty"
        )
    for start in actors["id"]:
        seen = [start]
        node = parent[start]
        while node:
            if node in seen:
                cycle = " -> ".join([*seen[seen.index(node):], node])
                raise ActorDictionaryError(f"actors: circular parent chain {cycle}; break it by emptying one parent")
            seen.append(node)
            node = parent[node]


def _check_aliases(actors: pd.DataFrame, places: pd.DataFrame) -> None:
    owner: dict[str, str] = {}
    for what, table, cols in (("actors", actors, ("aliases", "demonyms")), ("places", places, ("aliases",))):
        for row, (rid, *cells) in enumerate(table[["id", *cols]].itertuples(index=False, name=None)):
            forms = [a for cell in cells for a in split_forms(cell)]
            if not forms:
                raise ActorDictionaryError(
                    f"{what} row {row} ({rid!r}): no aliases; give at least one surface form in 'aliases' "
                    "(pipe-separated, e.g. 'Islamic State|ISIS')"
                )
            for alias in forms:
                control = next((ch for ch in alias if unicodedata.category(ch) == "Cc"), None)
                if control is not None:
                    raise ActorDictionaryError(
                        f"{what} row {row} ({rid!r}): alias {alias!r} holds the control character "
                        f"{'NUL' if control == chr(0) else repr(control)}; remove it (aliases are plain text)"
                    )
                if not any(ch.isalnum() for ch in alias):
                    raise ActorDictionaryError(f"{what} row {row} ({rid!r}): alias {alias!r} has no letter or digit")
                key = f"{what}:{rid}"
                if owner.get(alias, key) != key:
                    raise ActorDictionaryError(
                        f"alias {alias!r} belongs to both {owner[alias]} and {key}; an alias must name one "
                        "entry (use a longer alias to disambiguate)"
                    )
                owner[alias] = key


def _check_places(places: pd.DataFrame, actor_ids: set[str], *, lenient: bool) -> pd.DataFrame:
    clash = sorted(set(places["id"]) & actor_ids)
    if clash:
        raise ActorDictionaryError(
            f"places and actors share id(s) {clash}; place ids must differ from actor ids "
            "(convention: '<country>_country' for countries)"
        )
    bad_role = sorted(set(places["default_role"]) - _ROLES - {""})
    if bad_role:
        raise ActorDictionaryError(f"places: default_role must be 'place' or 'actor', got {bad_role}")
    unknown = places["actor"].ne("") & ~places["actor"].isin(actor_ids)
    if unknown.any():
        if not lenient:
            rows = dict(zip(places["id"][unknown], places["actor"][unknown], strict=True))
            raise ActorDictionaryError(f"places: metonymy target(s) {rows} (place: actor) are not actor ids")
        # The built-in gazetteer with a user's own actor table: keep the places, drop the
        # metonymy links the user's actors cannot receive.
        places = places.assign(actor=places["actor"].where(~unknown, ""))
    return places.assign(default_role=places["default_role"].replace("", "place"))


def _digest(*tables: pd.DataFrame) -> str:
    h = hashlib.sha256()
    for t in tables:
        h.update(t.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return h.hexdigest()[:12]


def _read_csv(path: str | Path, what: str) -> pd.DataFrame:
    if not isinstance(path, (str, os.PathLike)):
        raise ActorDictionaryError(f"{what} must be a DataFrame or a CSV path, got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise ActorDictionaryError(f"{what}: no such file {str(path)!r}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActorDictionaryError(
            f"{what}: {str(path)!r}: byte offset {exc.start}: bytes {data[exc.start:exc.end].hex(' ')} are not "
            "UTF-8; re-save the file as UTF-8 (e.g. 'CSV UTF-8' in a spreadsheet)"
        ) from None
    if not text.strip():
        raise ActorDictionaryError(f"{what}: {str(path)!r} is empty; it needs a header row (id,kind,aliases,...)")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows)
        for fields in rows:
            if len(fields) > len(header):
                raise ActorDictionaryError(
                    f"{what}: {str(path)!r} line {rows.line_num}: {len(fields)} fields but the header has "
                    f"{len(header)}; quote cells holding commas or remove the extra fields"
                )
    except csv.Error as exc:
        raise ActorDictionaryError(f"{what}: {str(path)!r} line {rows.line_num}: {exc}; fix the file") from None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ActorDictionaryError(f"{what}: {str(path)!r} is not a readable CSV ({exc}); fix the file") from None


class ActorDictionary:
    """Actors (with aliases, parents, CAMEO codes) and the place gazetteer used to find mentions.

    Build one with :func:`default_actors`, :func:`load_actors` or
    :meth:`extend`. The object is immutable: ``extend`` returns a new one.

    Parameters
    ----------
    actors : pandas.DataFrame
        Columns :data:`ACTOR_COLUMNS` (``id``, ``kind`` and ``aliases`` required;
        aliases and demonyms pipe-separated).
    places : pandas.DataFrame, optional
        Columns :data:`PLACE_COLUMNS`. ``None`` means no gazetteer.
    version : str, optional
        Version label recorded in provenance. Default: ``"custom+<hash>"``.

    Raises
    ------
    ActorDictionaryError
        Duplicate or malformed ids, unknown or circular parents, entries without
        aliases, one alias claimed by two entries, place ids equal to actor ids.

    Examples
    --------
    >>> import pandas as pd
    >>> from mideast_corpus.actors import ActorDictionary
    >>> d = ActorDictionary(pd.DataFrame({"id": ["isis"], "kind": ["armed_group"],
    ...                                   "aliases": ["ISIS|Daesh"]}))
    >>> len(d), d.aliases("isis")
    (1, ['ISIS', 'Daesh'])
    """

    def __init__(
        self,
        actors: pd.DataFrame,
        places: pd.DataFrame | None = None,
        *,
        version: str | None = None,
        _lenient_places: bool = False,
    ) -> None:
        table = _clean(actors, ACTOR_COLUMNS, ["id", "kind"], "actors")
        if "aliases" not in actors.columns and "demonyms" not in actors.columns:
            raise ActorDictionaryError("actors lacks an 'aliases' column (pipe-separated surface forms)")
        _check_ids(table, "actors")
        _check_parents(table)
        if places is None:
            places = pd.DataFrame(columns=PLACE_COLUMNS)
        gaz = _clean(places, PLACE_COLUMNS, ["id", "aliases"], "places")
        _check_ids(gaz, "places")
        gaz = _check_places(gaz, set(table["id"]), lenient=_lenient_places)
        _check_aliases(table, gaz)
        self._actors = table
        self._places = gaz
        self.version = version or f"custom+{_digest(table, gaz)}"
        self._parent = dict(zip(table["id"], table["parent"], strict=True))
        self._matchers: dict[Any, Any] = {}

    # -- the tables ---------------------------------------------------------------------------------
    @property
    def table(self) -> pd.DataFrame:
        """The actor table (a copy), columns :data:`ACTOR_COLUMNS` then any extra columns."""
        return self._actors.copy()

    @property
    def places(self) -> pd.DataFrame:
        """The place gazetteer (a copy), columns :data:`PLACE_COLUMNS`."""
        return self._places.copy()

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._parent

    def __getitem__(self, column: str) -> pd.Series:
        return self._actors[column].copy()

    def __repr__(self) -> str:
        return f"<ActorDictionary {self.version}: {len(self._actors)} actors, {len(self._places)} places>"

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self._actors.to_html(max_rows=20)

    # -- lookups ------------------------------------------------------------------------------------
    def display_names(self) -> dict[str, str]:
        """Return ``{id: name}`` for every actor and place: how charts and the report name them.

        Examples
        --------
        >>> from mideast_corpus.actors import default_actors
        >>> names = default_actors().display_names()
        >>> names["syria_government"], names["us_led_coalition"], names["mosul"]
        ('Syrian government', 'US-led coalition', 'Mosul')
        """
        names = dict(zip(self._places["id"], self._places["name"].fillna(self._places["id"]), strict=True))
        names.update(zip(self._actors["id"], self._actors["name"].fillna(self._actors["id"]), strict=True))
        return {k: str(v) for k, v in names.items()}

    def aliases(self, entry_id: str) -> list[str]:
        """Return the aliases (then demonyms) of an actor or place id, as written in the table.

        Examples
        --------
        >>> from mideast_corpus.actors import default_actors
        >>> default_actors().aliases("mosul")
        ['Mosul', 'Mosel', 'Mawsil']
        """
        for table, cols in ((self._actors, ("aliases", "demonyms")), (self._places, ("aliases",))):
            rows = table[table["id"] == entry_id]
            if len(rows):
                return [a for c in cols for a in split_forms(rows.iloc[0][c])]
        raise KeyError(f"{entry_id!r} is neither an actor nor a place id")

    def ancestors(self, actor_id: str) -> list[str]:
        """Return the parent chain of ``actor_id``, nearest first (empty for a root).

        Examples
        --------
        >>> from mideast_corpus.actors import default_actors
        >>> default_actors().ancestors("syrian_arab_army")
        ['syria_government']
        >>> default_actors().ancestors("quds_force")
        ['irgc', 'iran']
        """
        if actor_id not in self._parent:
            raise KeyError(f"{actor_id!r} is not an actor id")
        chain = []
        node = self._parent[actor_id]
        while node:
            chain.append(node)
            node = self._parent[node]
        return chain

    def root(self, actor_id: str) -> str:
        """Return the top of ``actor_id``'s parent chain (itself for a root)."""
        chain = self.ancestors(actor_id)
        return chain[-1] if chain else actor_id

    # -- growth -------------------------------------------------------------------------------------
    def extend(
        self,
        actors: pd.DataFrame | str | Path | None = None,
        places: pd.DataFrame | str | Path | None = None,
        *,
        replace: bool = False,
    ) -> ActorDictionary:
        """Return a new dictionary with more actors and/or places.

        Parameters
        ----------
        actors, places : DataFrame or CSV path, optional
            Rows to add, with the columns of :attr:`table` / :attr:`places`.
        replace : bool, default False
            Let a new row replace an existing row with the same id. Without it a
            repeated id is an error.

        Examples
        --------
        >>> import pandas as pd
        >>> from mideast_corpus.actors import default_actors
        >>> more = pd.DataFrame({"id": ["liwa_al_quds"], "kind": ["militia"],
        ...                      "parent": ["syria_government"], "aliases": ["Liwa al-Quds|Quds Brigade"]})
        >>> d = default_actors().extend(more)
        >>> len(d) == len(default_actors()) + 1, d.version.startswith(default_actors().version + "+")
        (True, True)
        """
        new_a = self._actors
        new_p = self._places
        if actors is not None:
            add = _read_csv(actors, "actors") if isinstance(actors, (str, Path)) else actors
            new_a = _merge(self._actors, add, replace, "actors")
        if places is not None:
            add = _read_csv(places, "places") if isinstance(places, (str, Path)) else places
            new_p = _merge(self._places, add, replace, "places")
        added = _digest(new_a, new_p)
        return ActorDictionary(new_a, new_p, version=f"{self.version}+{added}")

    # -- the compiled matcher -----------------------------------------------------------------------
    def matcher(self) -> Matcher:
        """Return the compiled :class:`~mideast_corpus.actors.matcher.Matcher` (built once, then cached)."""
        if "default" not in self._matchers:
            self._matchers["default"] = compile_matcher(self)
        return self._matchers["default"]


def _merge(base: pd.DataFrame, add: pd.DataFrame, replace: bool, what: str) -> pd.DataFrame:
    if "id" not in add.columns:
        raise ActorDictionaryError(f"{what} to add lacks an 'id' column")
    ids = add["id"].astype(str).str.strip()
    clash = sorted(set(ids) & set(base["id"]))
    if clash and not replace:
        raise ActorDictionaryError(
            f"{what}: id(s) {clash} already exist; pass replace=True to replace those rows"
        )
    kept = base[~base["id"].isin(set(ids))]
    return pd.concat([kept, add.assign(id=ids)], ignore_index=True)


def _data_path(name: str) -> Any:
    return resources.files("mideast_corpus").joinpath("data", name)


@lru_cache(maxsize=1)
def _default() -> ActorDictionary:
    meta = json.loads(_data_path("actors.meta.json").read_text(encoding="utf-8"))
    with _data_path("actors.csv").open("r", encoding="utf-8") as fh:
        actors = pd.read_csv(fh, dtype=str, keep_default_na=False)
    with _data_path("places.csv").open("r", encoding="utf-8") as fh:
        places = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return ActorDictionary(actors, places, version=str(meta["version"]))


def default_actors() -> ActorDictionary:
    """Return the built-in actor dictionary and place gazetteer (see ``data/README-actors.md``).

    Examples
    --------
    >>> from mideast_corpus.actors import default_actors
    >>> d = default_actors()
    >>> d.ancestors("iraqi_security_forces"), "isis" in d
    (['iraq'], True)
    >>> d.table.columns[:7].tolist()
    ['id', 'name', 'kind', 'parent', 'country', 'cameo', 'aliases']
    """
    return _default()


def load_actors(
    path: str | Path | pd.DataFrame,
    *,
    places: str | Path | pd.DataFrame | None = "default",
) -> ActorDictionary:
    """Load an actor table from a CSV file (or DataFrame), with a gazetteer.

    Parameters
    ----------
    path : str, Path or DataFrame
        A CSV with the columns of :data:`ACTOR_COLUMNS` (UTF-8, aliases
        pipe-separated).
    places : "default", path, DataFrame or None
        The gazetteer: the built-in one (its metonymy links to actors missing
        from your table are dropped), your own, or none.

    Returns
    -------
    ActorDictionary

    Examples
    --------
    >>> import pandas as pd
    >>> from mideast_corpus.actors import load_actors
    >>> d = load_actors(pd.DataFrame({"id": ["hts"], "kind": ["armed_group"], "aliases": ["HTS"]}))
    >>> d, len(d.places) > 100
    (<ActorDictionary custom+...: 1 actors, ... places>, True)
    """
    actors = path if isinstance(path, pd.DataFrame) else _read_csv(path, "actors")
    if isinstance(places, str) and places == "default":
        return ActorDictionary(actors, _default().places, _lenient_places=True)
    if isinstance(places, (str, Path)):
        places = _read_csv(places, "places")
    return ActorDictionary(actors, places)


def as_dictionary(actors: ActorDictionary | pd.DataFrame | str | Path | None) -> ActorDictionary:
    """Accept what users pass as ``actors=`` in analysis functions."""
    if actors is None:
        return default_actors()
    if isinstance(actors, ActorDictionary):
        return actors
    return load_actors(actors)

