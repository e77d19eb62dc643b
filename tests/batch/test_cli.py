"""`consilium batch` end to end on the real knowledge panel, including `kill -9` and resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from typer.testing import CliRunner

from consilium.cli import app
from tests.conftest import CASES_DIR, REPO

runner = CliRunner()
VIGNETTES = REPO / "tests" / "reasoning" / "vignettes.jsonl"
CLI = [sys.executable, "-m", "consilium"]


def bundled_cases_jsonl(path: Path, extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(yaml.safe_load(p.read_text())) for p in sorted(CASES_DIR.glob("*.yaml"))]
    path.write_text("\n".join([*lines[:3], *extra_lines, *lines[3:]]) + "\n")
    return path


def test_bundled_cases_run_on_the_real_panel_with_bad_lines_skipped(tmp_path: Path) -> None:
    source = bundled_cases_jsonl(tmp_path / "cases.jsonl",
                                 ('{"id": "broken"',
                                  '{"id": "no-patient", "patient": {"age": "x"}}'))
    result = runner.invoke(app, ["batch", str(source), "--out", str(tmp_path / "run"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [b["line"] for b in summary["bad_lines"]] == [4, 5]
    assert "patient.age" in summary["bad_lines"][1]["error"]
    records = [json.loads(x) for x in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    by_id = {r["id"]: r for r in records}
    assert len(records) == summary["total"] == len(list(CASES_DIR.glob("*.yaml")))
    # the warfarin + ibuprofen case: the full report is stored, with its major interaction
    warfarin = by_id["warfarin-nsaid"]["report"]
    assert any(f["kind"] == "drug_interaction" and f["severity"] in ("major", "contraindicated")
               for f in warfarin["safety_findings"])
    assert by_id["common-cold"]["gold"]["urgency"] == "self_care"
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["cases"]["total"] == len(records)
    assert metrics["urgency"]["n"] >= 5 and metrics["diagnosis"]["top3"]["value"] > 0.5


def test_bad_input_exits_2_with_one_clear_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "file not found" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["batch", str(VIGNETTES), "--out", str(tmp_path),
                                 "--format", "csv"])
    assert result.exit_code == 2 and "--format must be one of" in result.output


def test_a_run_killed_with_sigkill_resumes_with_every_case_exactly_once(tmp_path: Path) -> None:
    out = tmp_path / "run"
    command = [*CLI, "batch", str(VIGNETTES), "--out", str(out), "--quiet", "--concurrency", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(command, env=env, cwd=REPO)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if results.exists() and results.read_text().count("\n") >= 10:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = results.read_text().count("\n")
    total = sum(1 for line in VIGNETTES.read_text().splitlines() if line.strip())
    assert 10 <= done_before < total, "the kill must land midway for this test to mean anything"
    subprocess.run(command, env=env, cwd=REPO, check=True, timeout=120)
    ids = [json.loads(line)["id"] for line in results.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == total
    assert all(json.loads(line)["status"] == "ok" for line in results.read_text().splitlines())


def test_progress_bar_output_for_people(tmp_path: Path) -> None:
    shutil.copy(VIGNETTES, tmp_path / "v.jsonl")
    result = runner.invoke(app, ["batch", str(tmp_path / "v.jsonl"), "--out", str(tmp_path / "r"),
                                 "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "5 cases (vignette): 5 run" in result.output and "top-1" in result.output


def test_a_reached_batch_cap_exits_3_and_says_how_to_go_on(tmp_path: Path) -> None:
    source = bundled_cases_jsonl(tmp_path / "cases.jsonl")
    result = runner.invoke(app, ["batch", str(source), "--out", str(tmp_path / "run"), "--quiet",
                                 "--max-llm-calls", "0"])
    assert result.exit_code == 3, result.output
    assert "batch cap on llm calls reached" in result.output and "higher cap" in result.output
    assert not (tmp_path / "run" / "results.jsonl").read_text().strip()  # nothing half-run
