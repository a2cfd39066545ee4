"""The import contract keeps the tally engine apart from every other tanacs package.

``pyproject.toml`` names the packages ``tanacs.tally`` may not import; a package added to
tanacs later must be added there too, or the engine could start importing it unnoticed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _tally_contract() -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["source_modules"] == ["tanacs.tally"])


def test_the_tally_engine_may_import_no_other_tanacs_package() -> None:
    packages = {
        f"tanacs.{path.parent.name}" for path in (ROOT / "src" / "tanacs").glob("*/__init__.py")
    }
    forbidden = set(_tally_contract()["forbidden_modules"])
    assert packages - forbidden == {"tanacs.tally"}
    assert {"django", "rest_framework"} <= forbidden
