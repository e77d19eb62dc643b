"""Shared fixtures: every test runs with its own state directory and no model configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consilium.core.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CASES_DIR = REPO / "cases"
VIGNETTES = REPO / "tests" / "reasoning" / "vignettes.jsonl"  # the development vignettes
# The public reference data beside the repository (CONSILIUM_SHARED_DATA points elsewhere).
SHARED_DATA = Path(os.environ.get("CONSILIUM_SHARED_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints and the knowledge cache go to a temp dir; a developer's CONSILIUM_*
    variables do not leak in."""
    for name in ("CONSILIUM_MODEL", "CONSILIUM_BASE_URL", "CONSILIUM_API_KEY", "CONSILIUM_CONFIG",
                 "CONSILIUM_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("CONSILIUM_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(state_dir=tmp_path / "state" / "consilium")


def shared_data(relative: str) -> Path:
    """A file under ../shared/data, or skip the test with a clear reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (../shared/data is not beside the repo)")
    return path
