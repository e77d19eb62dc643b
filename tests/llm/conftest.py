"""Unit tests of the LLM engine run on scripted models; real network access is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel, Field

from consilium.core.settings import Settings
from consilium.llm.providers import reset_breakers
from consilium.llm.testing import block_network
from consilium.tools.registry import Tool


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    with block_network():
        yield


@pytest.fixture(autouse=True)
def _closed_breakers() -> Iterator[None]:
    # Circuit breakers are per process; one test's dead endpoint must not trip the next test.
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def settings() -> Settings:
    # A model is configured, so the engine would go to the network if a test forgot its script.
    return Settings(model="gpt-test", base_url="http://127.0.0.1:9/v1", api_key="k")


class BmiInput(BaseModel):
    weight_kg: float = Field(gt=0)
    height_cm: float = Field(gt=0)


class BmiOutput(BaseModel):
    bmi: float
    source: str


def _bmi(payload: BmiInput) -> BmiOutput:
    metres = payload.height_cm / 100.0
    return BmiOutput(bmi=round(payload.weight_kg / metres**2, 1), source="WHO BMI definition")


@pytest.fixture
def bmi_tool() -> Tool[BmiInput, BmiOutput]:
    # Built directly rather than registered, so the global registry is left untouched.
    return Tool(
        "body_mass_index", "BMI from weight (kg) and height (cm).", BmiInput, BmiOutput, _bmi
    )


@pytest.fixture
def triage_context() -> dict[str, object]:
    return {
        "case": {
            "id": "chest-pain-01",
            "patient": {"age": 58, "sex": "male", "weight_kg": 80, "height_cm": 175},
            "presenting_complaint": "crushing central chest pain for 40 minutes",
            "vitals": {"heart_rate": 110, "systolic_bp": 95},
        },
        "evidence": {"red_flags": ["chest pain with hypotension"], "esi": 2},
        "critique": [],
    }
