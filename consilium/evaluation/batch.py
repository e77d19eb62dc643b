"""Run many cases through the panel: resumable, concurrent, one result line per case.

    items, bad, fmt = read_items("cases.jsonl")
    summary = await run_batch(items, Path("runs/a"), BatchConfig(input="cases.jsonl", format=fmt))

The per-case work is `evaluate_item` (never raises: a failing case becomes an error record);
a backend decides where it runs: in this process (`local`, asyncio with a semaphore) or on
Celery workers (`celery_app.celery_evaluator`). Either way this process alone writes the
results file, so the two backends produce the same records.
"""

from __future__ import annotations

import asyncio
import hashlib
import platform
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Case
from consilium.core.errors import InputError
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.evaluation.formats import BatchItem, InputFormat
from consilium.evaluation.metrics import MCQ_METHOD, answer_mcq, compute_metrics, gold_rank
from consilium.evaluation.store import (
    METRICS_FILE,
    RUN_FILE,
    ResultRecord,
    ResultStore,
    read_json,
    write_json,
)

CaseRunner = Callable[[Case], Awaitable[ConsensusReport]]
Evaluator = Callable[[BatchItem], Awaitable[ResultRecord]]
# (gold names, candidate names) -> 1-based rank of the candidate naming the gold, or None
Judge = Callable[[list[str], list[str]], Awaitable[int | None]]
JUDGE_TOP_K = 5
Backend = Literal["local", "celery"]
PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_VERSIONED_PACKAGES = ("consilium", "pydantic", "langgraph", "ag2", "celery", "redis")
# A resumed run must be the same experiment: these settings may not change between invocations.
_FINGERPRINT = ("input_sha256", "format", "model", "max_rounds")


class RunMismatchError(InputError, ValueError):
    """The output directory holds a different run (other input, format, model or rounds)."""


class BatchConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: str
    format: InputFormat
    input_sha256: str = ""
    concurrency: int = Field(default=4, ge=1)
    limit: int | None = Field(default=None, ge=1)
    model: str | None = None
    max_rounds: int | None = None
    backend: Backend = "local"
    # Caps on the whole run's model use (all invocations of a resumable run together).
    max_cost_usd: float | None = Field(default=None, ge=0)
    max_tokens: int | None = Field(default=None, ge=0)
    max_llm_calls: int | None = Field(default=None, ge=0)


class BatchSummary(BaseModel):
    total: int
    skipped: int
    ran: int
    errors: int
    wall_s: float
    metrics: dict[str, Any]
    not_run: int = 0
    stopped: str | None = None  # why cases were left unrun (a batch cap), else None


class BatchSpend:
    """The run's model use, from its result records, against the batch caps.

    Checked before each case starts: once a cap is reached no new case starts, and the cases
    already in flight finish on the model (at most `concurrency` of them, each bounded by the
    per-case caps when those are set). Counting from the records works the same for local and
    Celery runs, and a resumed run counts what its earlier invocations spent."""

    def __init__(self, config: BatchConfig) -> None:
        self.caps = {"cost_usd": config.max_cost_usd, "tokens": config.max_tokens,
                     "llm_calls": config.max_llm_calls}
        self.spent = {"cost_usd": 0.0, "tokens": 0.0, "llm_calls": 0.0}

    def add(self, record: ResultRecord) -> None:
        usage = (record.report or {}).get("usage") or {}
        for key in self.spent:
            self.spent[key] += float(usage.get(key, 0) or 0)

    def exhausted_by(self) -> str | None:
        for key, cap in self.caps.items():
            if cap is not None and self.spent[key] >= cap:
                spent = f"${self.spent[key]:.4f}" if key == "cost_usd" else f"{self.spent[key]:.0f}"
                return f"batch cap on {key.replace('_', ' ')} reached: {spent} of {cap}"
        return None


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prompt_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(PROMPTS_DIR.glob("*.j2"))}


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in _VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def prepare_run(out_dir: Path, config: BatchConfig) -> dict[str, Any]:
    """Write `run.json` for a new run, or check that a resumed run is the same experiment."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / RUN_FILE
    now = datetime.now(UTC).isoformat(timespec="seconds")
    current = config.model_dump()
    if path.exists():
        run = read_json(path)
        previous = run.get("config", {})
        changed = [k for k in _FINGERPRINT if previous.get(k) != current.get(k)]
        if changed:
            raise RunMismatchError(
                f"{out_dir} holds a different run ({', '.join(changed)} changed); "
                "use another --out directory"
            )
        run.setdefault("invocations", []).append({"at": now, "config": current})
    else:
        run = {"created": now, "config": current, "versions": package_versions(),
               "prompts_sha256": prompt_hashes(), "invocations": [{"at": now, "config": current}]}
    write_json(path, run)
    return dict(run)


class PanelRunner:
    """The real panel (`consilium.Panel`), never shown the gold answers. Every case of the run
    shares one panel (one checkpoint connection, one compiled graph); `aclose` ends it."""

    def __init__(self, settings: Settings | None = None, max_rounds: int | None = None) -> None:
        from consilium.api import Panel

        self.panel = Panel(settings)
        self.max_rounds = max_rounds

    async def __call__(self, case: Case) -> ConsensusReport:
        return await self.panel.run(case.for_agents(), max_rounds=self.max_rounds)

    async def aclose(self) -> None:
        await self.panel.aclose()


def openai_judge(settings: Settings) -> Judge:
    """An LLM judge on the configured OpenAI-compatible endpoint (role model `judge`, else the
    default model). Asked only when the deterministic matching found no candidate."""
    import openai

    key = settings.api_key.get_secret_value() if settings.api_key else "unused"
    client = openai.AsyncOpenAI(base_url=settings.base_url, api_key=key,
                                timeout=settings.request_timeout_s)
    model = settings.role_models.get("judge") or settings.model or ""

    async def judge(gold: list[str], candidates: list[str]) -> int | None:
        numbered = "; ".join(f"{i}. {name}" for i, name in enumerate(candidates, start=1))
        prompt = (f"Reference diagnosis: {' / '.join(gold)}.\nCandidate diagnoses: {numbered}.\n"
                  "Which is the first candidate naming the same disease as the reference "
                  "(synonyms, abbreviations and more specific forms of it count)? "
                  "Answer with the candidate's number only, or 0 if none does.")
        response = await client.chat.completions.create(
            model=model, temperature=0, max_tokens=8,
            messages=[{"role": "user", "content": prompt}])
        text = response.choices[0].message.content or ""
        number = re.search(r"\d+", text)
        if number is None:
            raise ValueError(f"the judge answered {text[:80]!r}, not a number")
        rank = int(number[0])
        return rank if 1 <= rank <= len(candidates) else None

    return judge


async def judge_record(record: ResultRecord, judge: Judge, model: str | None) -> ResultRecord:
    """Ask the judge about a diagnosis the deterministic matching did not find in the top 5."""
    report, gold = record.report, record.gold
    if report is None or not gold.get("diagnosis"):
        return record
    differential = report.get("differential") or []
    if gold_rank(gold, differential[:JUDGE_TOP_K]) is not None:
        return record
    names = [str(c["diagnosis"]) for c in differential[:JUDGE_TOP_K]]
    verdict: dict[str, Any] = {"model": model}
    try:
        verdict["rank"] = await judge([gold["diagnosis"], *gold.get("synonyms", [])], names)
    except Exception as exc:  # a judge failure leaves the deterministic score standing
        verdict["error"] = f"{type(exc).__name__}: {exc}"
    return record.model_copy(update={"judge": verdict})


def make_record(item: BatchItem, report: ConsensusReport | None, error: str | None,
                started: float, wall_s: float) -> ResultRecord:
    mcq: dict[str, Any] | None = None
    report_data = report.model_dump(mode="json") if report is not None else None
    if item.mcq is not None:
        differential = report_data["differential"] if report_data else []
        mcq = {"options": item.mcq.options, "answer_idx": item.mcq.answer_idx,
               "chosen": answer_mcq(item.mcq.options, differential), "method": MCQ_METHOD}
    return ResultRecord(
        id=item.id, status="ok" if report is not None else "error", line=item.line,
        format=item.format, category=item.category, report=report_data, error=error,
        gold=item.gold.model_dump(exclude_none=True), mcq=mcq,
        timing={"started": started, "wall_s": round(wall_s, 6)},
    )


async def evaluate_item(item: BatchItem, runner: CaseRunner, judge: Judge | None = None,
                        judge_model: str | None = None) -> ResultRecord:
    """Run one item; any failure is recorded on the result, never raised."""
    started, clock = time.time(), time.perf_counter()
    if item.case is None:
        return make_record(item, None, item.build_error or "no case", started, 0.0)
    try:
        report = await runner(item.case)
    except Exception as exc:  # the batch records every failure and goes on
        return make_record(item, None, f"{type(exc).__name__}: {exc}", started,
                           time.perf_counter() - clock)
    record = make_record(item, report, None, started, time.perf_counter() - clock)
    return await judge_record(record, judge, judge_model) if judge is not None else record


@dataclass
class LocalEvaluator:
    """Runs each item in this process; `aclose` releases what the runner holds (its panel)."""

    runner: CaseRunner
    judge: Judge | None = None
    judge_model: str | None = None

    async def __call__(self, item: BatchItem) -> ResultRecord:
        return await evaluate_item(item, self.runner, self.judge, self.judge_model)

    async def aclose(self) -> None:
        await _aclose(self.runner)


async def _aclose(resource: object) -> None:
    """Close what has an `aclose` (a panel runner); plain functions hold nothing."""
    close = getattr(resource, "aclose", None)
    if close is not None:
        await close()


async def run_items(items: Sequence[BatchItem], store: ResultStore, evaluate: Evaluator,
                    concurrency: int,
                    on_record: Callable[[ResultRecord], None] | None = None,
                    spend: BatchSpend | None = None) -> int:
    """Evaluate the items not yet in the store, at most `concurrency` at once, while `spend`
    allows; returns how many ran."""
    done = store.completed_ids()
    pending = [item for item in items if item.id not in done]
    gate = asyncio.Semaphore(concurrency)
    ran = 0

    async def one(item: BatchItem) -> None:
        nonlocal ran
        async with gate:
            if spend is not None and spend.exhausted_by():
                return  # left for a later invocation with a higher cap
            record = await evaluate(item)
        store.append(record)  # on disk before it counts as done
        ran += 1
        if spend is not None:
            spend.add(record)
        if on_record is not None:
            on_record(record)

    await asyncio.gather(*(one(item) for item in pending))
    return ran


def finish_run(out_dir: Path, store: ResultStore, seed: int = 0) -> dict[str, Any]:
    metrics = compute_metrics(store.records, seed=seed)
    write_json(out_dir / METRICS_FILE, metrics)
    return metrics


async def run_batch(items: Sequence[BatchItem], out_dir: Path, config: BatchConfig, *,
                    evaluate: Evaluator | None = None,
                    on_start: Callable[[int, int], None] | None = None,
                    on_record: Callable[[ResultRecord], None] | None = None) -> BatchSummary:
    """The whole batch: run.json, the pending cases, then metrics.json over every record."""
    selected = list(items[: config.limit] if config.limit else items)
    prepare_run(out_dir, config)
    clock = time.perf_counter()
    with ResultStore(out_dir) as store:
        skipped = len(store.completed_ids() & {item.id for item in selected})
        if on_start is not None:
            on_start(len(selected), skipped)
        spend = BatchSpend(config)
        for record in store.records:
            spend.add(record)
        evaluate = evaluate or LocalEvaluator(PanelRunner(max_rounds=config.max_rounds))
        try:
            ran = await run_items(selected, store, evaluate, config.concurrency, on_record, spend)
        finally:
            await _aclose(evaluate)
        metrics = finish_run(out_dir, store)
    not_run = len(selected) - skipped - ran
    return BatchSummary(total=len(selected), skipped=skipped, ran=ran,
                        errors=metrics["cases"]["error"], wall_s=time.perf_counter() - clock,
                        metrics=metrics, not_run=not_run,
                        stopped=spend.exhausted_by() if not_run else None)
