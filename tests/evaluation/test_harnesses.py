"""The frozen-set harnesses: halves are read from splits.json, an edited set is refused, the test
half's cases are never listed, and the scores are the released report's."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from consilium.core.errors import InputError
from consilium.evaluation.benchmarks import pairs, vignettes
from consilium.evaluation.benchmarks.frozen import split_ids

ROWS = [
    {"id": "p1", "drug_a": "warfarin", "drug_b": "ibuprofen", "gold_severity": "major",
     "mechanism_class": "bleeding", "effect": "bleeding", "source": "label", "kind": "positive"},
    {"id": "p2", "drug_a": "amlodipine", "drug_b": "metformin", "gold_severity": "none",
     "mechanism_class": "none", "effect": "none", "source": "labels", "kind": "negative_control"},
]


def _frozen(tmp_path: Path, rows: list[dict[str, object]], dev: list[str]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    entry = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "dev": dev,
             "test": [r["id"] for r in rows if r["id"] not in dev], "kind": "ddi", "rows": 2}
    (tmp_path / "splits.json").write_text(json.dumps({"seed": 1, "sets": {"set.jsonl": entry}}))
    return path


def test_split_reads_the_manifest_and_refuses_an_edited_set(tmp_path: Path) -> None:
    path = _frozen(tmp_path, ROWS, ["p1"])
    assert split_ids(path, "dev") == {"p1"} and split_ids(path, None) is None
    path.write_text(path.read_text() + "\n")
    with pytest.raises(InputError, match="changed after it was frozen"):
        split_ids(path, "dev")


def test_pairs_harness_flags_the_interaction_and_not_the_control(tmp_path: Path) -> None:
    summary = pairs.run(_frozen(tmp_path, ROWS, ["p1", "p2"]), split="dev").summary
    assert summary["flagged_major_or_worse"] == 1.0
    assert summary["controls_flagged_major_or_worse"] == 0.0


@pytest.mark.parametrize("harness", [pairs, vignettes])
def test_the_test_half_is_never_listed(tmp_path: Path, harness: object) -> None:
    with pytest.raises(InputError, match="test half"):
        harness.run(_frozen(tmp_path, ROWS, ["p1"]), split="test", misses=True)  # type: ignore[attr-defined]


def test_vignettes_are_scored_on_the_released_report(tmp_path: Path) -> None:
    row = {"id": "v1", "text": "A 58-year-old man with crushing central chest pain radiating to "
           "his left arm for an hour, sweaty and nauseated.", "age": 58, "sex": "male",
           "gold_diagnosis": "Acute coronary syndrome", "gold_synonyms": ["heart attack"],
           "gold_urgency": "emergency"}
    path = tmp_path / "v.jsonl"
    path.write_text(json.dumps(row) + "\n")
    summary = vignettes.run(path).summary
    assert summary["n"] == 1 and summary["urgency_accuracy"] == 1.0 and summary["top3"] == 1.0
    assert summary["confusion"]["emergency"]["emergency"] == 1
