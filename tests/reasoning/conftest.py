from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from consilium.core.case import Case


@pytest.fixture
def make_case() -> Callable[..., Case]:
    def build(note: str, age: float | str = 40, sex: str = "unknown", **fields: Any) -> Case:
        patient = {"age": age, "sex": sex, **fields.pop("patient", {})}
        return Case.model_validate({"id": "t", "patient": patient, "note": note, **fields})

    return build
