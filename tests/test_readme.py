"""README's two commands stay true: the test command is the one .ci/run runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _bash_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r"# --- README test command \(begin\) ---\n(.*?)\n# --- README test command \(end\) ---",
                      ci, flags=re.S)
    assert block, ".ci/run lost its README test-command markers"
    commands = _bash_blocks(readme)
    assert block.group(1).strip() in commands
    assert any("mideast-corpus" in c and "--seeds" in c for c in commands), "README lost the main-job command"


def test_constraints_pin_every_dependency():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + [d for d in project["optional-dependencies"]["test"]
                                              if not d.startswith("mideast_corpus")]
    wanted += project["optional-dependencies"]["dask"]
    pinned = {line.split("==")[0].lower().replace("_", "-")
              for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
              if "==" in line and not line.startswith("#")}
    names = {re.split(r"[\[<>=~! ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in wanted}
    assert names <= pinned, f"add to constraints.txt: {sorted(names - pinned)}"
