from __future__ import annotations

from pathlib import Path

import pytest

from consilium.evaluation.ddi_eval import evaluate

DDI_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ddi"


@pytest.mark.skipif(not DDI_DATA.is_dir(), reason="../shared/data/ddi is absent (reference data)")
def test_ndfrt_critical_rows_are_flagged_and_random_pairs_rarely() -> None:
    result = evaluate(DDI_DATA, pairs=300)
    assert result.critical_rows > 800
    assert result.sensitivity >= 0.95
    assert result.false_flag_rate_serious < 0.05
