"""`consilium eval simulation PATH`: watch-mode sessions over AgentClinic records, figures out."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from consilium.cli import app
from tests.conftest import shared_data

runner = CliRunner()


def test_the_benchmark_prints_accuracy_questions_tests_and_cost() -> None:
    path = shared_data("agentclinic/agentclinic_medqa.jsonl")
    result = runner.invoke(app, ["eval", "simulation", str(path), "--limit", "3", "--json",
                                 "--budget", "400"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["cases"] == 3
    assert 0.0 <= summary["accuracy"] <= 1.0
    assert summary["mean_questions"] > 0 and 0 < summary["mean_cost_usd"] <= 400


def test_a_missing_file_is_exit_2_with_one_line() -> None:
    result = runner.invoke(app, ["eval", "simulation", "/nonexistent/agentclinic.jsonl"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: /nonexistent/agentclinic.jsonl: no such file or folder"]


def test_an_option_of_another_harness_is_exit_2() -> None:
    result = runner.invoke(app, ["eval", "vignettes", __file__, "--pairs", "3"])
    assert result.exit_code == 2
    assert "--pairs: not an option of the vignettes harness" in result.stderr
