from __future__ import annotations

import pytest

from consilium.evaluation.benchmarks.ddi import evaluate
from tests.conftest import shared_data


@pytest.mark.shared_data
def test_ndfrt_critical_rows_are_flagged_and_random_pairs_rarely() -> None:
    result = evaluate(shared_data("ddi"), pairs=300)
    assert result.critical_rows > 800
    assert result.sensitivity >= 0.95
    assert result.false_flag_rate_serious < 0.05
