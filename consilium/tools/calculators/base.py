"""The calculator contract: one spec per calculator, one result shape, one registry.

A calculator is a function from a pydantic input model (fields in canonical units, each accepting
other units through `quantities`) to `Computed`; `calculator(...)` records its source and formula,
and registers it as the clinical tool `calc_<id>` so the LLM engine can call it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError

from consilium.core.errors import InputError
from consilium.core.report import ScoreResult
from consilium.tools.registry import clinical_tool

Category = Literal[
    "renal",
    "cardiac",
    "body",
    "chemistry",
    "thrombosis",
    "infection",
    "critical care",
    "hepatic",
    "comorbidity",
    "dosing",
    "obstetric",
]


class CalculatorInputError(InputError, ValueError):
    """Inputs missing, unknown, unparseable or physically impossible; `.fields` names them."""

    def __init__(self, calculator: str, problems: dict[str, str]) -> None:
        self.calculator = calculator
        self.fields: list[str] = list(problems)
        self.problems = problems
        detail = "; ".join(f"{name}: {why}" for name, why in problems.items())
        super().__init__(f"{calculator}: {detail}")


class CalculatorInput(BaseModel):
    """Base of every calculator input: unknown parameters are an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class Computed:
    """What a calculator function returns; the registry wraps it into a `CalculatorResult`."""

    value: float | str
    interpretation: str | None = None
    components: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    display: str | None = None


class CalculatorResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    value: float | str
    unit: str | None
    interpretation: str | None
    source: str
    formula: str
    display: str
    inputs: dict[str, Any]
    components: dict[str, float]
    conversions: list[str]
    not_documented: list[str]
    notes: list[str]

    def to_score(self) -> ScoreResult:
        if isinstance(self.value, str):
            raise TypeError(f"{self.id} gives a date ({self.value}), not a numeric score")
        return ScoreResult(
            name=self.name,
            value=self.value,
            unit=self.unit,
            interpretation=self.interpretation,
            source=self.source,
        )


@dataclass(frozen=True)
class CalculatorSpec:
    id: str
    name: str
    category: Category
    unit: str | None
    source: str
    formula: str
    input_model: type[CalculatorInput]
    compute: Callable[[Any], Computed]
    decimals: int | None  # None: an integer score


CALCULATORS: dict[str, CalculatorSpec] = {}

# Conversions applied while one input is validated (quantities append to it).
_conversions: ContextVar[list[str] | None] = ContextVar("calculator_conversions", default=None)


def record_conversion(text: str) -> None:
    log = _conversions.get()
    if log is not None:
        log.append(text)


@contextmanager
def _collect_conversions() -> Iterator[list[str]]:
    log: list[str] = []
    token = _conversions.set(log)
    try:
        yield log
    finally:
        _conversions.reset(token)


def calculator(
    id: str,
    name: str,
    *,
    category: Category,
    source: str,
    formula: str,
    unit: str | None = None,
    decimals: int | None = 3,
) -> Callable[[Callable[[Any], Computed]], Callable[[Any], Computed]]:
    """Register `fn(inputs) -> Computed` as calculator `id` and as the tool `calc_<id>`."""

    def register(fn: Callable[[Any], Computed]) -> Callable[[Any], Computed]:
        parameter = next(iter(inspect.signature(fn).parameters))
        model = get_type_hints(fn)[parameter]
        if id in CALCULATORS:
            raise ValueError(f"calculator {id!r} registered twice")
        spec = CalculatorSpec(id, name, category, unit, source, formula, model, fn, decimals)
        CALCULATORS[id] = spec

        def as_tool(inputs: CalculatorInput) -> CalculatorResult:
            return _evaluate(spec, inputs, [])

        as_tool.__annotations__ = {"inputs": model, "return": CalculatorResult}
        clinical_tool(f"calc_{id}", f"{name} ({source}). {formula}")(as_tool)
        return fn

    return register


def _evaluate(
    spec: CalculatorSpec, inputs: CalculatorInput, conversions: list[str]
) -> CalculatorResult:
    try:
        computed = spec.compute(inputs)
    except ArithmeticError:  # e.g. values so small that a denominator underflows to zero
        raise CalculatorInputError(
            spec.id, {"input": "values give a division by zero or overflow"}
        ) from None
    value = computed.value
    if isinstance(value, float | int):
        value = round(float(value), spec.decimals) if spec.decimals is not None else float(value)
    not_documented = [k for k, v in inputs if v is None]
    notes = list(computed.notes)
    if not_documented:
        notes.append("not documented, counted as absent or normal: " + ", ".join(not_documented))
    display = computed.display or (
        f"{value:g}{' ' + spec.unit if spec.unit else ''}" if isinstance(value, float) else value
    )
    return CalculatorResult(
        id=spec.id,
        name=spec.name,
        value=value,
        unit=spec.unit,
        interpretation=computed.interpretation,
        source=spec.source,
        formula=spec.formula,
        display=display,
        inputs=inputs.model_dump(mode="json"),
        components=computed.components,
        conversions=conversions,
        not_documented=not_documented,
        notes=notes,
    )


def parse_inputs(spec: CalculatorSpec, params: dict[str, Any]) -> tuple[CalculatorInput, list[str]]:
    """Validate raw parameters; every problem becomes one named field of `CalculatorInputError`."""
    with _collect_conversions() as log:
        try:
            return spec.input_model.model_validate(params), log
        except ValidationError as error:
            problems: dict[str, str] = {}
            for item in error.errors():
                where = ".".join(str(part) for part in item["loc"]) or "input"
                why = "missing" if item["type"] == "missing" else item["msg"]
                if item["type"] == "extra_forbidden":
                    why = "unknown parameter"
                problems.setdefault(where, why)
            raise CalculatorInputError(spec.id, problems) from None


def run_calculator(calculator_id: str, params: dict[str, Any]) -> CalculatorResult:
    """Run one calculator on raw parameters (numbers in canonical units, or "value unit")."""
    spec = get_spec(calculator_id)
    inputs, conversions = parse_inputs(spec, params)
    return _evaluate(spec, inputs, conversions)


def get_spec(calculator_id: str) -> CalculatorSpec:
    try:
        return CALCULATORS[calculator_id]
    except KeyError:
        raise KeyError(
            f"no calculator {calculator_id!r}; known: {', '.join(sorted(CALCULATORS))}"
        ) from None


def list_calculators() -> list[CalculatorSpec]:
    return sorted(CALCULATORS.values(), key=lambda spec: spec.id)
