"""The evaluation sets under cases/eval are frozen: their content and their split never drift."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "cases" / "eval" / "splits.json").read_text())


def _freezer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("freeze", ROOT / "scripts" / "freeze_evalsets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(MANIFEST["sets"]))
def test_frozen_set_is_unchanged_and_split_reproduces(name: str) -> None:
    freezer, entry = _freezer(), MANIFEST["sets"][name]
    path = ROOT / "cases" / "eval" / name
    assert freezer.sha256(path) == entry["sha256"], f"{name} changed after it was frozen"
    halves = freezer.split(path, entry["kind"], MANIFEST["seed"])
    assert halves["dev"] == entry["dev"] and halves["test"] == entry["test"]
    assert not set(entry["dev"]) & set(entry["test"])
    assert len(entry["dev"]) + len(entry["test"]) == entry["rows"]


def test_vignette_halves_hold_the_same_mix() -> None:
    entry = MANIFEST["sets"]["vignettes.jsonl"]
    rows = {r["id"]: r for r in map(json.loads, (ROOT / "cases/eval/vignettes.jsonl").open())}
    for level in ("emergency", "non_emergency", "self_care"):
        dev = sum(rows[i]["gold_urgency"] == level for i in entry["dev"])
        test = sum(rows[i]["gold_urgency"] == level for i in entry["test"])
        assert abs(dev - test) <= 8, (level, dev, test)
