"""Prefetched FHIR resources (and order-sign's draft orders) -> one Bundle -> a Case."""

from __future__ import annotations

from typing import Any

from consilium.core.case import Case
from consilium.core.errors import CaseInputError
from consilium.core.fhir import case_from_fhir

# What each service asks the EHR to prefetch (CDS Hooks 2.0 prefetch templates).
PREFETCH: dict[str, str] = {
    "patient": "Patient/{{context.patientId}}",
    "conditions": "Condition?patient={{context.patientId}}&clinical-status=active",
    "medications": "MedicationRequest?patient={{context.patientId}}&status=active",
    "statements": "MedicationStatement?patient={{context.patientId}}&status=active",
    "allergies": "AllergyIntolerance?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&category=vital-signs,laboratory"
                    "&_sort=-date&_count=50",
}


def _resources(value: Any) -> list[dict[str, Any]]:
    """A prefetch value is a resource, a search Bundle, or null (nothing found)."""
    if not isinstance(value, dict):
        return []
    if value.get("resourceType") == "Bundle":
        return [e["resource"] for e in value.get("entry") or []
                if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    return [value] if "resourceType" in value else []


def draft_orders(context: dict[str, Any]) -> list[dict[str, Any]]:
    """order-sign's `draftOrders`; every one is an order being signed, whatever its status."""
    orders = _resources(context.get("draftOrders"))
    return [{**order, "status": "draft"} for order in orders
            if order.get("resourceType") == "MedicationRequest"]


def case_from_hook(prefetch: dict[str, Any] | None, context: dict[str, Any]) -> Case:
    resources: list[dict[str, Any]] = []
    for value in (prefetch or {}).values():
        # Active orders from the record are current medications, never the order being signed.
        resources += [r if r.get("status") != "draft" else {**r, "status": "active"}
                      for r in _resources(value)]
    resources += draft_orders(context)
    if not any(r.get("resourceType") == "Patient" for r in resources):
        raise CaseInputError("prefetch.patient: the Patient resource was not prefetched")
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": r} for r in resources]}
    patient_id = context.get("patientId")
    return case_from_fhir(bundle, case_id=f"cds-{patient_id}" if patient_id else None)
