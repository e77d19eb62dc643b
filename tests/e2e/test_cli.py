"""The `consilium` command as a user runs it: exit codes, JSON, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilium.cli import app
from tests.conftest import CASES_DIR

runner = CliRunner()
CASE_FILES = sorted(path for path in CASES_DIR.glob("*") if path.is_file())


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_bundled_case_runs_through_the_cli(path: Path) -> None:
    result = runner.invoke(app, ["run", str(path), "--json"])
    assert result.exit_code in (0, 3), result.output
    report = json.loads(result.stdout)
    assert report["schema_version"] and report["case_id"]
    assert (result.exit_code == 3) == (report["status"] == "escalated")
    for key in ("triage", "differential", "medication_plan", "safety_findings", "recommendation",
                "citations", "transcript", "usage", "engine"):
        assert key in report


def test_human_output_shows_agents_and_report() -> None:
    result = runner.invoke(app, ["run", "warfarin-nsaid"])
    assert result.exit_code == 0, result.output
    for text in ("triage", "diagnostician", "pharmacist", "critic", "Medication plan",
                 "Safety findings", "ibuprofen", "not a diagnosis"):
        assert text in result.output


def test_free_text_vignette() -> None:
    result = runner.invoke(app, ["run", "--json", "--text",
                                 "A 30-year-old woman with a runny nose and sneezing for 2 days."])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"]["urgency"] in ("self_care", "non_emergency")


def test_bad_field_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\npatient: {age: 40}\nvitals: {heart_rate: fast}\n")
    result = runner.invoke(app, ["run", str(bad)])
    assert result.exit_code == 2
    assert "vitals.heart_rate: not a number: 'fast'" in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_conflicting_arguments_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["run", str(tmp_path / "none.yaml")]).exit_code == 2
    assert runner.invoke(app, ["run"]).exit_code == 2
    assert runner.invoke(app, ["run", "x.yaml", "--text", "A 3-year-old"]).exit_code == 2


def test_cases_lists_the_bundled_cases() -> None:
    result = runner.invoke(app, ["cases", "--json"])
    assert result.exit_code == 0
    ids = {row["id"] for row in json.loads(result.stdout)}
    assert {"warfarin-nsaid", "sepsis-pneumonia", "common-cold"} <= ids


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("consilium ")
    assert "run" in runner.invoke(app, ["--help"]).stdout


def test_resume_of_unknown_thread_is_an_input_error() -> None:
    result = runner.invoke(app, ["resume", "no-such-thread", "--decision", "approve"])
    assert result.exit_code == 2
    assert "no-such-thread" in result.output


def test_review_pauses_an_escalated_case_and_resume_continues_it() -> None:
    paused = runner.invoke(app, ["run", "misspelt-proposed-drug", "--review", "--json"])
    assert paused.exit_code == 3, paused.output
    report = json.loads(paused.stdout)
    assert report["awaiting_review"] and report["status"] == "escalated"
    assert any("metformin" in f["message"] for f in report["safety_findings"])  # a suggestion
    resumed = runner.invoke(app, ["resume", report["thread_id"], "--decision", "reject",
                                  "--note", "meant metformin; re-order", "--json"])
    assert resumed.exit_code == 3, resumed.output
    final = json.loads(resumed.stdout)
    assert final["clinician_decision"] == {
        "decision": "reject", "note": "meant metformin; re-order"}


def test_an_input_error_is_one_unwrapped_stderr_line_with_the_name_as_written(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    name = "[bold]x[/bold]-a-file-name-longer-than-forty-columns.yaml"
    result = runner.invoke(app, ["run", name, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing mixes into --json
    assert result.stderr == f"error: {name}: file not found\n"
