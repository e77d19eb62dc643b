"""The HTTP service end to end on a loopback port: cases, tools, health, errors."""

from __future__ import annotations

import httpx

from tests.server.conftest import LiveServer, case_payload, warfarin_bundle

PROBLEM = "application/problem+json"


def test_health_needs_no_key(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as anonymous:
        assert anonymous.get("/healthz").json() == {"status": "ok"}
        ready = anonymous.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert "redis" not in ready.json()["checks"]  # none configured, none checked


def test_missing_wrong_and_revoked_keys_get_401(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as anonymous:
        missing = anonymous.get("/v1/tools")
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith(PROBLEM)
    assert "API key is required" in missing.json()["detail"]
    with live_server.client(key="csk_deadbeef_not-a-real-secret") as wrong:
        assert wrong.get("/v1/tools").status_code == 401
    record, key = live_server.keys.create("short-lived")
    with live_server.client(key=key) as fresh:
        assert fresh.get("/v1/tools").status_code == 200
        live_server.keys.revoke(record.id)
        assert fresh.get("/v1/tools").status_code == 401
    # The bearer form works like X-API-Key.
    with httpx.Client(base_url=live_server.url,
                      headers={"Authorization": f"Bearer {live_server.key}"}) as bearer:
        assert bearer.get("/v1/tools").status_code == 200


def test_drug_check_flags_warfarin_ibuprofen_major(client: httpx.Client) -> None:
    response = client.post("/v1/tools/drug_pair_interaction",
                           json={"drug_a": "warfarin", "drug_b": "ibuprofen"})
    assert response.status_code == 200
    finding = response.json()["finding"]
    assert finding["severity"] == "major"
    assert "bleeding" in finding["message"]
    assert finding["management"]


def test_tool_catalog_is_listed_with_schemas(client: httpx.Client) -> None:
    tools = {t["name"]: t for t in client.get("/v1/tools").json()}
    assert {"medication_review", "guideline_search", "calc_ckd_epi_2021"} <= tools.keys()
    assert "drug_a" in tools["drug_pair_interaction"]["input_schema"]["properties"]


def test_calculator_and_guideline_endpoints(client: httpx.Client) -> None:
    egfr = client.post("/v1/tools/calc_ckd_epi_2021",
                       json={"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"})
    assert egfr.status_code == 200, egfr.text
    assert 30 < egfr.json()["value"] < 45  # CKD-EPI 2021: about 39 mL/min/1.73 m2
    hits = client.post("/v1/tools/guideline_search", json={"query": "sepsis antibiotics"})
    assert hits.status_code == 200
    assert hits.text.count("sepsis") > 0


def test_bad_tool_input_names_the_field(client: httpx.Client) -> None:
    response = client.post("/v1/tools/calc_ckd_epi_2021",
                           json={"creatinine_mg_dl": "high", "age_years": 72, "sex": "female"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 422
    assert "creatinine_mg_dl" in body["detail"]
    assert body["errors"][0]["field"] == "body.creatinine_mg_dl"


def test_case_runs_and_flags_the_interaction(client: httpx.Client) -> None:
    response = client.post("/v1/cases", json=case_payload())
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["status"] == "completed"
    report = job["report"]
    assert report["case_id"] == "warfarin-nsaid"
    interactions = [f for f in report["safety_findings"] if f["kind"] == "drug_interaction"]
    assert any({"warfarin", "ibuprofen"} <= set(f["items"]) and f["severity"] == "major"
               for f in interactions)
    again = client.get(f"/v1/cases/{job['id']}")
    assert again.json()["report"]["case_id"] == "warfarin-nsaid"


def test_invalid_case_names_the_field(client: httpx.Client) -> None:
    payload = case_payload()
    payload["vitals"] = {"heart_rate": "fast"}
    response = client.post("/v1/cases", json=payload)
    assert response.status_code == 422
    assert "vitals.heart_rate" in response.json()["detail"]
    not_a_bundle = client.post("/v1/cases", json={"resourceType": "Patient"})
    assert not_a_bundle.status_code == 422
    assert "resourceType" in not_a_bundle.json()["detail"]


def test_fhir_bundle_round_trip(client: httpx.Client) -> None:
    response = client.post("/v1/cases", json=warfarin_bundle())
    assert response.status_code == 200, response.text
    report = response.json()["report"]
    assert report["case_id"] == "fhir-p1"
    serious = [f for f in report["safety_findings"]
               if f["kind"] == "drug_interaction" and f["severity"] in ("major", "contraindicated")]
    assert serious, "the draft ibuprofen order must be checked against warfarin"
    plan = {item["drug"]: item["action"] for item in report["medication_plan"]}
    assert plan.get("ibuprofen") == "avoid"


def test_async_case_then_poll(client: httpx.Client) -> None:
    accepted = client.post("/v1/cases", params={"async": "true"}, json=case_payload("common-cold"))
    assert accepted.status_code == 202
    job = accepted.json()
    assert job["status"] == "running" and job["report"] is None
    for _ in range(200):
        current = client.get(job["links"]["self"]).json()
        if current["status"] != "running":
            break
        import time

        time.sleep(0.05)
    assert current["status"] == "completed"
    assert current["report"]["case_id"] == "common-cold"


def test_unknown_case_is_404(client: httpx.Client) -> None:
    response = client.get("/v1/cases/no-such-job")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    response = client.get("/v1/tools", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
