"""The run directory survives crashes; the runner records errors, resumes, bounds concurrency."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from consilium.core.case import Case
from consilium.core.report import ConsensusReport
from consilium.evaluation.batch import BatchConfig, RunMismatchError, run_batch
from consilium.evaluation.formats import BatchItem, Gold
from consilium.evaluation.store import ResultStore, read_results
from tests.batch.records import record

REPORT = ConsensusReport.model_validate({
    "case_id": "x", "status": "approved", "engine": "scripted", "disclaimer": "",
    "recommendation": "", "confidence": {"value": 0.5, "label": "moderate"},
    "triage": {"esi": 2, "urgency": "emergency", "rationale": ""},
    "differential": [{"diagnosis": "Pulmonary embolism", "icd10": "I26.9", "probability": 0.7}],
    "medication_plan": [], "safety_findings": []})


def items(n: int) -> list[BatchItem]:
    return [BatchItem(id=f"c{i}", line=i + 1, format="case",
                      case=Case.model_validate({"id": f"c{i}", "patient": {"age": 40 + i}}),
                      gold=Gold(diagnosis="PE", synonyms=["pulmonary embolism"]))
            for i in range(n)]


def config(limit: int | None = None, concurrency: int = 3, model: str | None = None,
           **caps: float) -> BatchConfig:
    return BatchConfig(input="in.jsonl", format="case", input_sha256="abc", limit=limit,
                       concurrency=concurrency, model=model, **caps)  # type: ignore[arg-type]


class ScriptedPanel:
    """Answers PE for every case, fails on the ids it is told to, counts cases in flight."""

    def __init__(self, fail: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.fail, self.in_flight, self.peak = fail, 0, 0
        self.seen: list[str] = []

    async def __call__(self, case: Case) -> ConsensusReport:
        assert case.expected is None, "the panel must never see gold answers"
        self.seen.append(case.id)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        if case.id in self.fail:
            raise RuntimeError("model endpoint returned 500")
        usage = REPORT.usage.model_copy(update={"llm_calls": 4, "tokens": 1000, "cost_usd": 0.01})
        return REPORT.model_copy(update={"case_id": case.id, "usage": usage})


def run(out: Path, panel: ScriptedPanel, n: int = 8, **kwargs: object):  # type: ignore[no-untyped-def]
    from consilium.evaluation.batch import LocalEvaluator

    return asyncio.run(run_batch(items(n), out, config(**kwargs),  # type: ignore[arg-type]
                                 evaluate=LocalEvaluator(panel)))


def test_a_failing_case_is_recorded_with_its_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    panel = ScriptedPanel(fail={"c2"})
    summary = run(tmp_path, panel)
    records = {r.id: r for r in read_results(tmp_path)}
    assert len(records) == 8 and summary.errors == 1
    assert records["c2"].status == "error"
    assert records["c2"].error == "RuntimeError: model endpoint returned 500"
    assert records["c3"].status == "ok" and records["c3"].report is not None
    assert summary.metrics["diagnosis"]["top1"]["value"] == pytest.approx(7 / 8)


def test_rerunning_skips_completed_cases_and_a_larger_limit_runs_only_the_rest(
        tmp_path: Path) -> None:
    first = ScriptedPanel()
    run(tmp_path, first, limit=5)
    again = ScriptedPanel()
    summary = run(tmp_path, again, limit=5)
    assert again.seen == [] and summary.skipped == 5
    more = ScriptedPanel()
    run(tmp_path, more)
    assert sorted(more.seen) == ["c5", "c6", "c7"]
    assert sorted(r.id for r in read_results(tmp_path)) == [f"c{i}" for i in range(8)]
    run_json = json.loads((tmp_path / "run.json").read_text())
    assert len(run_json["invocations"]) == 3 and run_json["prompts_sha256"]
    assert run_json["versions"]["consilium"]


def test_concurrency_is_bounded(tmp_path: Path) -> None:
    panel = ScriptedPanel()
    run(tmp_path, panel, n=12, concurrency=3)
    assert panel.peak == 3


def test_a_different_experiment_in_the_same_directory_is_refused(tmp_path: Path) -> None:
    run(tmp_path, ScriptedPanel())
    with pytest.raises(RunMismatchError, match="model changed"):
        run(tmp_path, ScriptedPanel(), model="gpt-4o")


def test_a_torn_last_line_is_cut_off_and_the_case_counts_as_not_done(tmp_path: Path) -> None:
    with ResultStore(tmp_path) as store:
        store.append(record("a"))
        store.append(record("b"))
    path = tmp_path / "results.jsonl"
    whole = path.read_bytes()
    path.write_bytes(whole + whole.splitlines(keepends=True)[0][:40])  # a write cut short
    with ResultStore(tmp_path) as store:
        assert store.completed_ids() == {"a", "b"}
        store.append(record("c"))
    lines = path.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b", "c"]


def test_a_batch_cap_stops_new_cases_and_a_higher_cap_goes_on_from_the_spend(
        tmp_path: Path) -> None:
    # Each case costs $0.01; at concurrency 1 the third case reaches the $0.025 cap.
    first = run(tmp_path, ScriptedPanel(), concurrency=1, max_cost_usd=0.025)
    assert (first.ran, first.not_run) == (3, 5)
    assert first.stopped is not None and "cost usd" in first.stopped and "$0.0300" in first.stopped
    # Resumed with a higher cap: earlier spend counts, so only two more cases fit.
    again = ScriptedPanel()
    second = run(tmp_path, again, concurrency=1, max_cost_usd=0.05)
    assert again.seen == ["c3", "c4"] and second.not_run == 3
    # No cap: the rest run and nothing is reported as stopped.
    last = run(tmp_path, ScriptedPanel(), concurrency=1)
    assert (last.ran, last.not_run, last.stopped) == (3, 0, None)
    assert sorted(r.id for r in read_results(tmp_path)) == [f"c{i}" for i in range(8)]


def test_a_call_cap_allows_at_most_the_cases_in_flight_past_it(tmp_path: Path) -> None:
    summary = run(tmp_path, ScriptedPanel(), n=20, concurrency=3, max_llm_calls=10)
    # 4 calls a case: the cap is reached after 3 cases; the ones already started finish.
    assert 3 <= summary.ran <= 3 + 2 and summary.stopped is not None
