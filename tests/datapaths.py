"""Where the evaluation data live (../shared/data, beside the checkout), for tests to import by a unique name.

``from conftest import ...`` is ambiguous (tests/fuzz has a conftest too); import from here instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Public evaluation data lives beside the checkout (../shared/data), never inside the package.
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """Return a path under ../shared/data, or skip the test with a clear message if it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path}: it lives outside the package (../shared/data)")
    return path
