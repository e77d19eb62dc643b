"""`consilium drugs check` (review a medication list) and `consilium drugs show` (the lexicon).

consilium drugs check warfarin ibuprofen --age 72 --egfr 38
consilium drugs check "metformin 1 g bid" --egfr 22 --json
consilium drugs check amoxicillin --allergy "penicillin (anaphylaxis)"
consilium drugs show Coumadin
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import ValidationError

from consilium.commands._common import fail
from consilium.core.case import Allergy, Medication
from consilium.render import tools as render
from consilium.tools.medication import (
    MedicationReviewInput,
    MedicationReviewResult,
    load_lexicon,
    review_medications,
)
from consilium.tools.medication.rules import load_rules

app = typer.Typer(help="Medication safety: interactions, allergies, dosing and the drug lexicon.")


def result_as_json(result: MedicationReviewResult) -> dict[str, object]:
    return {
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "drugs": f.items,
                "message": f.message,
                "management": f.management,
                "source": f.source,
                "source_label": f.source_label,
            }
            for f in result.findings
        ],
        "resolved": [d.model_dump() for d in result.resolved],
        "unrecognized": [u.model_dump() for u in result.unrecognized],
    }


@app.command("check")
def check(
    drugs: Annotated[
        list[str], typer.Argument(help='Drugs, optionally with dose: "metformin 1 g bid".')
    ],
    allergy: Annotated[
        list[str] | None, typer.Option("--allergy", help='e.g. "penicillin (anaphylaxis)".')
    ] = None,
    condition: Annotated[
        list[str] | None, typer.Option("--condition", help="e.g. asthma, CKD.")
    ] = None,
    egfr: Annotated[float | None, typer.Option(help="eGFR, mL/min/1.73 m2 (CKD-EPI 2021).")] = None,
    crcl: Annotated[float | None, typer.Option(help="CrCl, mL/min (Cockcroft-Gault).")] = None,
    age: Annotated[float | None, typer.Option(help="Age in years.")] = None,
    weight: Annotated[float | None, typer.Option(help="Weight in kg (mg/kg doses).")] = None,
    pregnant: Annotated[bool, typer.Option("--pregnant", help="The patient is pregnant.")] = False,
    gestation_weeks: Annotated[float | None, typer.Option(help="Weeks of gestation.")] = None,
    breastfeeding: Annotated[bool, typer.Option("--breastfeeding")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Check every drug (all treated as proposed) against every other and the patient facts."""
    if egfr is not None and crcl is not None:
        raise fail("give either --egfr or --crcl, not both")
    try:
        review = MedicationReviewInput(
            proposed=[Medication.model_validate(text) for text in drugs],
            allergies=[Allergy.model_validate(text) for text in allergy or []],
            conditions=condition or [],
            egfr=egfr,
            crcl=crcl,
            age_years=age,
            weight_kg=weight,
            pregnant=pregnant or None,
            gestation_weeks=gestation_weeks,
            breastfeeding=breastfeeding or None,
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise fail(f"{where}: {first['msg']}") from None
    result = review_medications(review)
    if as_json:
        print(json.dumps(result_as_json(result), indent=2))
    else:
        render.medication_findings(result)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A generic, brand or salt name.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What the lexicon knows about one drug: generic, classes, brands, and the rules naming it."""
    lexicon = load_lexicon()
    resolved = lexicon.resolve(name)
    if resolved is None:
        hint = ", ".join(lexicon.suggest(name)) or "none"
        raise fail(f"{name!r} is not in the drug lexicon (closest: {hint})")
    entry = lexicon.entries[resolved.generic]
    book = load_rules()
    terms = {resolved.generic, *(f"class:{c}" for c in resolved.classes)}
    rules = sorted(
        {r.id for r in book.curated if r.a in terms or r.b in terms}
        | {
            r.id
            for group in (book.renal, book.pregnancy, book.older_adult, book.disease)
            for r in group
            if r.applies_to(resolved)
        }
    )
    info = {
        "generic": entry.generic,
        "matched_by": resolved.matched_by,
        "classes": entry.classes,
        "names": entry.names,
        "rules": rules,
        "source": entry.source,
        "max_daily_mg": book.max_doses[entry.generic].max_daily_mg
        if entry.generic in book.max_doses
        else None,
    }
    if as_json:
        print(json.dumps(info, indent=2))
        return
    render.key_values(entry.generic, info)
