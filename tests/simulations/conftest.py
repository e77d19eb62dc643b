"""Helpers for the simulation tests: the bundled scenarios and a pseudo-terminal runner."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from consilium.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO / "cases" / "simulations").glob("*.yaml"))
PE_CASE = str(REPO / "cases" / "simulations" / "post-op-breathless.yaml")
APPENDICITIS_CASE = str(REPO / "cases" / "simulations" / "right-iliac-fossa-pain.yaml")
CLI = [sys.executable, "-c", "from consilium.commands.simulate import app; app()"]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\r")


def plain(text: str) -> str:
    """Terminal output without colour and cursor escape sequences."""
    return _ANSI.sub("", text)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm",
               COLUMNS="140", LINES="50", PYTHONWARNINGS="ignore")
    return env


@pytest.fixture
def cli_settings(tmp_path: Path) -> Settings:
    """The settings the CLI under `cli_env` uses (same state directory)."""
    return Settings(state_dir=tmp_path / "state" / "consilium")
