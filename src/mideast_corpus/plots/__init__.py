"""Plotly figures drawn from the library's tidy tables, readable from 2 to 100 groups.

Every function here takes a table an analysis function returned (or a
hand-made frame with the same columns) and returns a
:class:`plotly.graph_objects.Figure`. None of them computes an estimate, an
interval or a test: they only select, order and draw. None calls ``.show()``;
display or save the figure yourself.

Conventions shared by every chart:

- **The form follows the number of groups.** Up to six groups (:data:`FEW_GROUPS`)
  a chart draws one mark per group: dots with 95% intervals for stance, bars
  with intervals for shares. Above, a heatmap: one row per group, largest first
  (:func:`select_groups`), at most :data:`MAX_GROUPS` rows, the rest named in a
  note under the chart. Heatmap cells resting on too few observations are grey
  with their n; stance cells whose interval crosses zero are pale.
- **Actors by their names**, not ids: ``ActorDictionary.display_names`` (pass
  ``names=`` for your own dictionary); long labels are cut with "…", the hover
  has them whole.
- **One colour per group**, the same in every chart: :func:`source_colors`
  assigns colours from a fixed colour-blind-safe palette by sorted name.
  Pass the same ``colors`` mapping to every call (the report does) so that a
  group missing from one table cannot shift the others' colours.
- **Titles say what is measured and on which corpus** (``corpus_name``, or the
  fingerprint from the table's provenance).
- **Clickable cells**: each point, bar or cell carries ``customdata = [group,
  actor | topic | term]`` (escaped), which the report uses to show the passages behind it.
- **Text from the corpus is escaped.** Plotly renders strings as a small HTML
  subset (``<b>``, ``<a href>``, ...), so source names, actor aliases and terms
  are HTML-escaped before they reach a figure: a source called ``<b>X</b>``
  shows those characters instead of bold text, and markup in the data cannot
  create links. The figure's data therefore hold escaped strings.
- **Deterministic JSON**: no random ids, no timestamps; the same table gives a
  byte-identical ``fig.to_json()``.
"""

from ._common import FEW_GROUPS, MAX_GROUPS, MAX_LABEL, MIN_N, PALETTE, actor_names, select_groups, source_colors
from .actors import naming_chart, salience_heatmap, salience_over_time
from .framing import PROFILE_MEASURES, frames_chart, keyness_chart, profile_heatmap, voices_chart
from .overview import overview_chart
from .stance import STANCE_MEASURES, stance_chart, stance_forest, stance_heatmap, stance_over_time
from .topics import topic_prevalence_chart

__all__ = [
    "FEW_GROUPS",
    "MAX_GROUPS",
    "MAX_LABEL",
    "MIN_N",
    "PALETTE",
    "PROFILE_MEASURES",
    "STANCE_MEASURES",
    "actor_names",
    "frames_chart",
    "keyness_chart",
    "naming_chart",
    "overview_chart",
    "profile_heatmap",
    "salience_heatmap",
    "salience_over_time",
    "select_groups",
    "source_colors",
    "stance_chart",
    "stance_forest",
    "stance_heatmap",
    "stance_over_time",
    "topic_prevalence_chart",
    "voices_chart",
]
