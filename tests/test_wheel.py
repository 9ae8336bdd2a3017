"""The seeds ship inside the wheel: build it, install it into a fresh virtual environment, load them."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_CHECK = """
import mideast_corpus as mc, pathlib, sys
corpus = mc.load_seeds()
print(pathlib.Path(mc.__file__).resolve())
print(len(corpus), "|".join(corpus.docs["source"]))
"""


@pytest.mark.slow
def test_wheel_ships_the_seeds(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels),
                            str(REPO)], capture_output=True, text=True)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    wheel = next(wheels.glob("mideast_corpus-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # Install only our wheel into the fresh environment; its dependencies are borrowed from this
    # environment's site-packages through a .pth *path* entry (the editable install of the checkout is a
    # .pth *file* there and is not processed), so the import can only succeed from the wheel.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
                    str(wheel)], check=True)
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run([str(python), "-c", _CHECK], capture_output=True, text=True, cwd=elsewhere)
    assert out.returncode == 0, out.stderr[-2000:]
    module_path, summary = out.stdout.strip().splitlines()
    assert Path(module_path).is_relative_to(venv), f"imported from {module_path}, not from the wheel"
    assert summary == ("5 War Is Boring|The New Arab|The Daily Beast|Institute for the Study of War|"
                       "The Jerusalem Post")
    assert (site / "mideast_corpus" / "_seeds" / "manifest.csv").is_file()
