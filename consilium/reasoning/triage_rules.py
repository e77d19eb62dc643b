"""Triage rules as data (`knowledge/triage/*.yaml`): loading and evaluating a rule's conditions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.report import ScoreResult, Urgency


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Comparison(_Strict):
    field: str | None = None
    name: str | None = None
    op: Literal["<", "<=", ">", ">=", "in"]
    value: Any


class AtLeast(_Strict):
    n: int = Field(ge=1)
    of: list[str]


class When(_Strict):
    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    at_least: AtLeast | None = None
    vitals: list[Comparison] = Field(default_factory=list)
    scores: list[Comparison] = Field(default_factory=list)
    age_below: float | None = None
    age_at_least: float | None = None
    plausible_emergency: bool = False


class TriageRule(_Strict):
    id: str
    label: str
    source: str = Field(min_length=1)
    when: When
    decision_point: Literal["A", "B"] | None = None
    floor: Urgency | None = None


@dataclass(frozen=True)
class Facts:
    """What the rules look at: present findings, measured vitals, scores, age, the differential."""

    present: frozenset[str]
    vitals: dict[str, float | str]
    scores: dict[str, float]
    age: float
    plausible_emergency: bool


def _compare(op: str, value: float | str, limit: Any) -> bool:
    if op == "in":
        return value in limit
    if isinstance(value, str):
        return False
    return {"<": value < limit, "<=": value <= limit, ">": value > limit,
            ">=": value >= limit}[op]


def fires(rule: TriageRule, facts: Facts) -> bool:
    w = rule.when
    checks = [
        not w.any or any(c in facts.present for c in w.any),
        all(c in facts.present for c in w.all),
        w.at_least is None or sum(c in facts.present for c in w.at_least.of) >= w.at_least.n,
        all(v.field in facts.vitals and _compare(v.op, facts.vitals[v.field], v.value)
            for v in w.vitals if v.field),
        all(score_key(s.name) in facts.scores
            and _compare(s.op, facts.scores[score_key(s.name)], s.value)
            for s in w.scores if s.name),
        w.age_below is None or facts.age < w.age_below,
        w.age_at_least is None or facts.age >= w.age_at_least,
        not w.plausible_emergency or facts.plausible_emergency,
    ]
    return all(checks)


class RedFlagsFile(_Strict):
    source: str = Field(min_length=1)
    rules: list[TriageRule]


class EsiFile(_Strict):
    source: str = Field(min_length=1)
    resources: dict[str, list[str]]
    danger_zone_findings: list[str]
    dispositions: dict[int, str]
    self_care_disposition: str


@lru_cache(maxsize=1)
def triage_rules() -> tuple[TriageRule, ...]:
    return tuple(knowledge.load("triage/red_flags.yaml", RedFlagsFile).rules)


@lru_cache(maxsize=1)
def esi_tables() -> dict[str, Any]:
    return knowledge.load("triage/esi.yaml", EsiFile).model_dump()


def score_key(name: str) -> str:
    """One spelling per score: "NEWS2", "news 2" and "NEWS-2" are "news2"."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def score_values(scores: list[ScoreResult]) -> dict[str, float]:
    return {score_key(s.name): s.value for s in scores}
