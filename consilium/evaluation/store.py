"""The run directory: `results.jsonl` (one line per case), `run.json`, `metrics.json`.

Crash safety rests on three rules. Each result is one complete line written with a single
`os.write` on an `O_APPEND` descriptor, then fsync'd, so a line is either wholly on disk or a
torn tail. On opening, a torn tail (no final newline) is cut off before anything is appended,
so a new line never glues onto a fragment. A case counts as done only once its line is on disk,
so a run killed at any moment re-runs exactly the cases whose lines are missing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RESULTS_FILE, RUN_FILE, METRICS_FILE = "results.jsonl", "run.json", "metrics.json"
ResultStatus = Literal["ok", "error"]


class ResultRecord(BaseModel):
    """One case's outcome as stored: the full report, or the error that stopped it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    status: ResultStatus
    line: int
    format: str
    category: str = "all"
    report: dict[str, Any] | None = None
    error: str | None = None
    gold: dict[str, Any] = Field(default_factory=dict)
    mcq: dict[str, Any] | None = Field(
        default=None, description="options, answer_idx, chosen (None = unanswered), method"
    )
    judge: dict[str, Any] | None = Field(
        default=None, description="LLM judge verdict: model, rank (None = no match) or error"
    )
    timing: dict[str, float] = Field(
        default_factory=dict, description="started (unix s), wall_s for the whole case"
    )


class ResultStore:
    """Appends result lines to `DIR/results.jsonl`; one writer (the coordinating process)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / RESULTS_FILE
        directory.mkdir(parents=True, exist_ok=True)
        self._records = _read_complete_lines(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    @property
    def records(self) -> list[ResultRecord]:
        return list(self._records)

    def completed_ids(self) -> set[str]:
        return {record.id for record in self._records}

    def append(self, record: ResultRecord) -> None:
        data = (record.model_dump_json() + "\n").encode("utf-8")
        written = os.write(self._fd, data)
        if written != len(data):  # a regular file takes the whole buffer; anything else is fatal
            raise OSError(f"short write to {self.path}: {written} of {len(data)} bytes")
        os.fsync(self._fd)
        self._records.append(record)

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_complete_lines(path: Path) -> list[ResultRecord]:
    """The records on disk; a torn last line is cut off (it was never acknowledged as done)."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    end = raw.rfind(b"\n") + 1
    if end < len(raw):
        os.truncate(path, end)
    records: list[ResultRecord] = []
    for line in raw[:end].decode("utf-8").splitlines():
        if line.strip():
            records.append(ResultRecord.model_validate_json(line))
    return records


def read_results(directory: Path) -> list[ResultRecord]:
    """Records of a finished or interrupted run, for metrics and reports (read-only)."""
    path = directory / RESULTS_FILE
    if not path.exists():
        return []
    raw = path.read_bytes()
    complete = raw[: raw.rfind(b"\n") + 1].decode("utf-8")
    return [ResultRecord.model_validate_json(line) for line in complete.splitlines() if line]


def write_json(path: Path, data: Any) -> None:
    """Whole-file JSON written to a temporary name and renamed: never half a file."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    os.replace(temporary, path)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
