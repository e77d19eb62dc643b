"""CDS Hooks 2.0: discovery, and cards from prefetched FHIR resources."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.server.conftest import warfarin_bundle

ORDER_SIGN = "/cds-services/consilium-order-check"
PATIENT_VIEW = "/cds-services/consilium-medication-review"


def _resources(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return by_type


def _search(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset",
            "entry": [{"resource": r} for r in resources]}


def hook_request(hook: str, order: str | None = "ibuprofen") -> dict[str, Any]:
    record = _resources(warfarin_bundle(draft_ibuprofen=False))
    context: dict[str, Any] = {"userId": "Practitioner/dr1", "patientId": "p1"}
    if order:
        context["draftOrders"] = _search([{
            "resourceType": "MedicationRequest", "id": "order-1", "status": "draft",
            "intent": "order", "medicationCodeableConcept": {"text": order},
            "dosageInstruction": [{"text": "400 mg every 8 hours"}]}])
    return {
        "hook": hook, "hookInstance": str(uuid.uuid4()), "context": context,
        "prefetch": {
            "patient": record["Patient"][0],
            "conditions": _search(record["Condition"]),
            "statements": _search(record["MedicationStatement"]),
            "allergies": _search(record["AllergyIntolerance"]),
            "observations": _search(record["Observation"]),
            "medications": None,  # the EHR found nothing for this query
        },
    }


def test_discovery_lists_both_hooks(client: httpx.Client) -> None:
    services = client.get("/cds-services").json()["services"]
    hooks = {s["hook"]: s for s in services}
    assert set(hooks) == {"patient-view", "order-sign"}
    assert hooks["order-sign"]["prefetch"]["patient"] == "Patient/{{context.patientId}}"


def test_ibuprofen_order_for_warfarin_patient_gets_a_critical_card(client: httpx.Client) -> None:
    response = client.post(ORDER_SIGN, json=hook_request("order-sign"))
    assert response.status_code == 200, response.text
    cards = response.json()["cards"]
    critical = [c for c in cards if c["indicator"] == "critical"]
    assert critical, cards
    card = critical[0]
    assert "warfarin" in card["summary"] and "ibuprofen" in card["summary"]
    assert len(card["summary"]) <= 140
    assert "bleeding" in card["detail"].lower()
    assert card["source"]["label"]
    actions = [a for s in card["suggestions"] for a in s["actions"]]
    assert actions[0]["type"] == "delete"
    assert actions[0]["resourceId"] == "MedicationRequest/order-1"


def test_safe_order_gets_no_critical_card(client: httpx.Client) -> None:
    response = client.post(ORDER_SIGN, json=hook_request("order-sign", order="paracetamol"))
    assert response.status_code == 200
    assert not [c for c in response.json()["cards"] if c["indicator"] == "critical"]


def test_unknown_ordered_drug_is_a_warning_not_silence(client: httpx.Client) -> None:
    response = client.post(ORDER_SIGN, json=hook_request("order-sign", order="ibuprofin forte"))
    cards = response.json()["cards"]
    assert any(c["indicator"] == "warning" and "ibuprofin" in c["summary"] for c in cards)


def test_order_with_penicillin_allergy_is_critical(client: httpx.Client) -> None:
    cards = client.post(ORDER_SIGN, json=hook_request("order-sign", order="amoxicillin")).json()
    assert any(c["indicator"] == "critical" and "allergy" in c["summary"].lower()
               for c in cards["cards"])


def test_patient_view_reviews_current_medications(client: httpx.Client) -> None:
    request = hook_request("patient-view", order=None)
    request["prefetch"]["statements"]["entry"].append({"resource": {
        "resourceType": "MedicationStatement", "id": "m2", "status": "active",
        "medicationCodeableConcept": {"text": "aspirin"}, "dosage": [{"text": "75 mg daily"}]}})
    response = client.post(PATIENT_VIEW, json=request)
    assert response.status_code == 200, response.text
    summaries = [c["summary"] for c in response.json()["cards"]]
    assert any("warfarin" in s and "aspirin" in s for s in summaries)


def test_wrong_hook_and_missing_prefetch_are_client_errors(client: httpx.Client) -> None:
    wrong = client.post(ORDER_SIGN, json=hook_request("patient-view"))
    assert wrong.status_code == 400
    assert "hook" in wrong.json()["detail"]
    no_patient = hook_request("order-sign")
    del no_patient["prefetch"]["patient"]
    response = client.post(ORDER_SIGN, json=no_patient)
    assert response.status_code == 422
    assert "prefetch.patient" in response.json()["detail"]
    no_orders = hook_request("order-sign", order=None)
    assert client.post(ORDER_SIGN, json=no_orders).status_code == 400


def test_metformin_order_with_poor_renal_function_is_critical(client: httpx.Client) -> None:
    """eGFR is derived from the prefetched creatinine, so renal dosing is checked."""
    request = hook_request("order-sign", order="metformin")
    request["prefetch"]["observations"]["entry"].append({"resource": {
        "resourceType": "Observation", "id": "o2", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2160-0"}]},
        "valueQuantity": {"value": 3.5, "unit": "mg/dL"}}})
    cards = client.post(ORDER_SIGN, json=request).json()["cards"]
    renal = [c for c in cards if c["source"]["topic"]["code"] == "renal_dose"]
    assert renal and renal[0]["indicator"] == "critical"
    assert "egfr" in renal[0]["detail"].lower()
