"""Every bundled case's `consilium run CASE --json` report, compared with a committed snapshot.

The knowledge engine is deterministic, so a report changes only when the code or the knowledge
changes it. Only volatile fields are normalised: the thread id and the wall / duration timings.

A deliberate change of the reports (new clinical knowledge, a new report field) updates the
snapshots, and the diff of `tests/e2e/snapshots/` shows what changed for review:

    CONSILIUM_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/e2e/test_snapshots.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consilium.cli import app
from tests.conftest import CASES_DIR

SNAPSHOTS = Path(__file__).with_name("snapshots")
UPDATE = os.environ.get("CONSILIUM_UPDATE_SNAPSHOTS") == "1"
CASE_FILES = sorted([*CASES_DIR.glob("*.yaml"), *CASES_DIR.glob("*.txt")])
VOLATILE = {"thread_id": "<thread>", "wall_ms": 0.0, "duration_ms": 0.0}


def normalised(value: Any) -> Any:
    """The report with its volatile fields (thread id, timings) set to fixed values."""
    if isinstance(value, dict):
        return {key: VOLATILE[key] if key in VOLATILE and value[key] is not None
                else normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def test_every_bundled_case_has_a_snapshot() -> None:
    assert CASE_FILES, f"no bundled cases in {CASES_DIR}"
    if UPDATE:
        return
    expected = {path.stem for path in CASE_FILES}
    present = {path.stem for path in SNAPSHOTS.glob("*.json")}
    assert present == expected, "run with CONSILIUM_UPDATE_SNAPSHOTS=1 to add or drop snapshots"


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda path: path.stem)
def test_report_matches_its_snapshot(case_file: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(case_file), "--json"])
    assert result.exit_code in (0, 3), result.output
    text = json.dumps(normalised(json.loads(result.stdout)), indent=2, ensure_ascii=False) + "\n"
    snapshot = SNAPSHOTS / f"{case_file.stem}.json"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
        return
    assert snapshot.exists(), f"no snapshot {snapshot}: run with CONSILIUM_UPDATE_SNAPSHOTS=1"
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{case_file.name}: the report differs from {snapshot.name}; if the change is deliberate, "
        "update with CONSILIUM_UPDATE_SNAPSHOTS=1 and review the diff"
    )
