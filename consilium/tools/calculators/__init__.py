"""Clinical calculators: typed, unit-aware, each with its published source.

    from consilium.tools.calculators import run_calculator
    run_calculator("ckd_epi_2021", {"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"})

Importing this package registers every calculator (and its `calc_<id>` tool).
"""

from consilium.tools.calculators import (  # noqa: F401 - importing registers the calculators
    body,
    cardiac,
    chemistry,
    comorbidity,
    critical,
    dosing,
    framingham,
    hepatic,
    infection,
    obstetric,
    renal,
    thrombosis,
)
from consilium.tools.calculators.base import (
    CALCULATORS,
    CalculatorInputError,
    CalculatorResult,
    CalculatorSpec,
    get_spec,
    list_calculators,
    run_calculator,
)

__all__ = [
    "CALCULATORS",
    "CalculatorInputError",
    "CalculatorResult",
    "CalculatorSpec",
    "get_spec",
    "list_calculators",
    "run_calculator",
]
