"""Treatment plans from regimens: which diagnoses to treat, with what, and on what condition.

    from consilium.tools.treatment import PlanRequest, plan_treatment, regimen_book
    plan = plan_treatment(request, screen)   # screen: the medication review of one candidate

The regimen book is data (knowledge/regimens/*.yaml, every row with its guideline passage and
dose source); the planner applies it to one patient (models.py documents the format).
"""

from consilium.tools.treatment.planner import (
    Match,
    PlanRequest,
    Screen,
    TreatmentPlan,
    condition_id,
    plan_treatment,
    replacements,
)
from consilium.tools.treatment.regimens import RegimenBook, generic, load_book, regimen_book

__all__ = [
    "Match",
    "PlanRequest",
    "RegimenBook",
    "Screen",
    "TreatmentPlan",
    "condition_id",
    "generic",
    "load_book",
    "plan_treatment",
    "regimen_book",
    "replacements",
]
