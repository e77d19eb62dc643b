"""Server-sent events of a running case, and clinician sign-off of a paused case."""

from __future__ import annotations

import json

import httpx

from tests.server.conftest import LiveServer, case_payload


def _sse(client: httpx.Client, path: str) -> list[tuple[str, dict[str, object]]]:
    events: list[tuple[str, dict[str, object]]] = []
    with client.stream("GET", path) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
    return events


def test_events_stream_every_transcript_entry_then_the_report(client: httpx.Client) -> None:
    job = client.post("/v1/cases", params={"async": "true"}, json=case_payload()).json()
    events = _sse(client, f"/v1/cases/{job['id']}/events")
    kinds = [name for name, _ in events]
    assert kinds[-1] == "report"
    assert kinds.count("transcript") >= 3
    transcript = [data["entry"] for name, data in events if name == "transcript"]
    assert [entry["seq"] for entry in transcript] == list(range(len(transcript)))  # type: ignore[index]
    assert "pharmacist" in {entry["agent"] for entry in transcript}  # type: ignore[index]
    tool_calls = [entry for entry in transcript if entry["kind"] == "tool_call"]  # type: ignore[index]
    assert any(entry["tool"] == "medication_review" for entry in tool_calls)  # type: ignore[index]
    report = events[-1][1]["report"]
    assert report["case_id"] == "warfarin-nsaid"  # type: ignore[index]
    # A late follower gets the same history from the start.
    assert [name for name, _ in _sse(client, f"/v1/cases/{job['id']}/events")] == kinds


def test_review_pauses_then_decision_releases(client: httpx.Client) -> None:
    # The misspelt proposed drug cannot be checked, so the panel will not release it unreviewed.
    paused = client.post("/v1/cases", params={"review": "true"},
                         json=case_payload("misspelt-proposed-drug")).json()
    assert paused["status"] == "paused"
    assert paused["report"]["status"] == "escalated"
    assert paused["report"]["awaiting_review"] is True
    assert paused["links"]["decision"].endswith("/decision")
    bad = client.post(paused["links"]["decision"], json={"decision": "maybe"})
    assert bad.status_code == 422
    assert "decision" in bad.json()["detail"]
    done = client.post(paused["links"]["decision"],
                       json={"decision": "approve", "note": "reviewed by the on-call physician"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "completed"
    assert body["report"]["awaiting_review"] is False
    assert body["report"]["clinician_decision"]["decision"] == "approve"
    assert body["report"]["clinician_decision"]["note"] == "reviewed by the on-call physician"
    again = client.post(paused["links"]["decision"], json={"decision": "approve"})
    assert again.status_code == 409


def test_decision_without_review_is_409(client: httpx.Client) -> None:
    done = client.post("/v1/cases", json=case_payload("common-cold")).json()
    response = client.post(f"/v1/cases/{done['id']}/decision", json={"decision": "reject"})
    assert response.status_code == 409
    assert "review=true" in response.json()["detail"]


def test_oversized_body_is_413(live_server: LiveServer, client: httpx.Client) -> None:
    payload = case_payload()
    payload["note"] = "x" * 1_100_000
    response = client.post("/v1/cases", json=payload)
    assert response.status_code == 413
    assert response.json()["status"] == 413
