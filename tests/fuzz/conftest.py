"""Nothing here is collected: the fuzz and benchmark scripts run by hand (see README.md).

``--doctest-modules`` would otherwise import them, and importing them builds matchers and temp folders.
"""

collect_ignore_glob = ["*.py"]
