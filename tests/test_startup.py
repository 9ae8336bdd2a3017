"""``import mideast_corpus`` stays light: slow libraries are imported when first used (bench/startup.py)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import mideast_corpus as mc

INIT = Path(mc.__file__)
#: Imported by the package only when an analysis that needs it runs.
NOT_AT_IMPORT = ("nltk", "scipy.stats", "plotly.graph_objects", "sklearn.decomposition")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_import_does_not_load_nltk_or_other_slow_libraries():
    loaded = _modules_after("import mideast_corpus")
    assert "mideast_corpus.corpus" in loaded  # the check sees the package's own imports
    assert not [name for name in NOT_AT_IMPORT if name in loaded]


def test_splitting_sentences_loads_nltk_when_needed():
    loaded = _modules_after("import mideast_corpus as mc\nmc.load_seeds().sentences()")
    assert "nltk" in loaded


def test_every_public_name_resolves_and_is_listed():
    for name in mc.__all__:
        assert getattr(mc, name) is not None, name
    assert set(mc.__all__) <= set(dir(mc))
    assert mc.plots.__name__ == "mideast_corpus.plots"


def test_names_imported_on_first_use_are_also_imported_for_static_tools():
    """The ``if TYPE_CHECKING:`` block (read by the API reference) lists exactly :data:`_ON_FIRST_USE`."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    static = {("." * node.level + (node.module or ""), alias.name) for node in block.body
              for alias in node.names}
    lazy = {(module, name) for module, names in mc._ON_FIRST_USE.items() for name in names}
    lazy |= {(".", name) for name in mc._SUBMODULES_ON_FIRST_USE}
    assert static == lazy


def test_unknown_attribute_is_an_attribute_error():
    try:
        mc.no_such_name  # noqa: B018
    except AttributeError as err:
        assert "no_such_name" in str(err)
    else:
        raise AssertionError("mc.no_such_name did not raise AttributeError")
