"""The watch-mode benchmark script runs over AgentClinic records and prints its figures."""

from __future__ import annotations

import json

import pytest

from consilium.evaluation.simulation_eval import main
from tests.conftest import shared_data


def test_the_benchmark_prints_accuracy_questions_tests_and_cost(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_data("agentclinic/agentclinic_medqa.jsonl")
    assert main([str(path), "--limit", "3", "--json", "--budget", "400"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cases"] == 3
    assert 0.0 <= summary["accuracy"] <= 1.0
    assert summary["mean_questions"] > 0 and 0 < summary["mean_cost_usd"] <= 400


def test_a_missing_file_is_exit_2(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/agentclinic.jsonl"]) == 2
    assert "not found" in capsys.readouterr().err
