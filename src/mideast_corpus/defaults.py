"""Default values that several entry points share, kept in one place.

``mc.fit_topics``, ``mc.TopicModel``, the report, the command line and the Dask helper all take
their default number of topics from here, so the library, the README and the report agree.
This module imports nothing: the command line reads it without loading scikit-learn.
"""

from __future__ import annotations

__all__ = ["N_TOPICS"]

#: Topics of a topic model unless asked otherwise: few enough that a chart of 100 outlets stays readable.
#: The report asks for fewer when the corpus has few text units.
N_TOPICS = 6
