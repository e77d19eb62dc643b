"""Duplicate therapy: two drugs of a class where one is expected. Classes:
knowledge/interactions/duplicate_therapy.yaml."""

from __future__ import annotations

from itertools import combinations

from consilium.core.report import SafetyFinding
from consilium.tools.medication.models import CheckedDrug
from consilium.tools.medication.rules import load_rules


def check_duplicates(drugs: list[CheckedDrug]) -> list[SafetyFinding]:
    book = load_rules()
    source = book.sources["duplicate_therapy.yaml"]
    findings = []
    for first, second in combinations(drugs, 2):
        if first.line == second.line:  # components of one combination product
            continue
        same_drug = first.drug.generic == second.drug.generic
        excluded = {first.drug.generic, second.drug.generic}
        shared = [
            c
            for c in first.drug.classes
            if c in second.drug.classes
            and c in book.duplicates
            and not excluded & set(book.duplicates[c].exclude)
        ]
        if same_drug:
            findings.append(
                SafetyFinding(
                    kind="duplicate_therapy",
                    severity="major",
                    items=[first.label, second.label],
                    message=f"{first.label} and {second.label} are the same drug "
                    f"({first.drug.generic}) listed twice.",
                    source=f"DUP-SAME-DRUG ({source})",
                    source_label="same drug",
                    management="Keep one entry; check the total daily dose.",
                )
            )
        elif shared:
            rule = book.duplicates[shared[0]]
            findings.append(
                SafetyFinding(
                    kind="duplicate_therapy",
                    severity=rule.severity,
                    items=[first.label, second.label],
                    message=f"{first.label} and {second.label}: {rule.message}",
                    source=f"DUP-{shared[0].upper()} ({source})",
                    source_label=shared[0],
                    management="Stop one unless intended (e.g. during a planned switch).",
                )
            )
    return findings
