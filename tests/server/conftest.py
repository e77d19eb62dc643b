"""A real consilium service on a loopback port (uvicorn in a thread) and an API key for it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
import yaml

from consilium.core.settings import Settings
from consilium.server import ServerConfig, create_app
from consilium.server.keys import KeyStore

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def away_from_minute_edge() -> None:
    """Rate limits count per clock minute: start a burst at least 3 s before the next one."""
    if time.time() % 60 > 57:
        time.sleep(60 - time.time() % 60 + 0.1)


@dataclass
class LiveServer:
    url: str
    key: str
    settings: Settings
    keys: KeyStore

    def client(self, key: str | None = None, timeout: float = 60.0) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": key or self.key},
                            timeout=timeout)


@dataclass
class _Running:
    server: uvicorn.Server
    thread: threading.Thread


def start_server(settings: Settings, config: ServerConfig) -> tuple[str, _Running]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, config), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", _Running(server, thread)


def stop_server(running: _Running) -> None:
    running.server.should_exit = True
    running.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(state_dir=tmp_path_factory.mktemp("state"), redis_url=None, model=None)
    keys = KeyStore.in_state_dir(settings.state_dir)
    _, key = keys.create("tests")
    url, running = start_server(settings, ServerConfig(rate_limit_per_minute=100_000))
    yield LiveServer(url, key, settings, keys)
    stop_server(running)


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as http:
        yield http


def case_payload(name: str = "warfarin-nsaid") -> dict[str, object]:
    data = yaml.safe_load((REPO / "cases" / f"{name}.yaml").read_text())
    assert isinstance(data, dict)
    return data


def warfarin_bundle(draft_ibuprofen: bool = True) -> dict[str, object]:
    """A FHIR R4 Bundle of the warfarin + NSAID patient (written for these tests)."""
    entries: list[dict[str, object]] = [
        {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1953-05-01"},
        {"resourceType": "Condition", "id": "c1", "code": {"text": "atrial fibrillation"}},
        {"resourceType": "MedicationStatement", "id": "m1", "status": "active",
         "medicationCodeableConcept": {"text": "warfarin"}, "dosage": [{"text": "5 mg daily"}]},
        {"resourceType": "AllergyIntolerance", "id": "a1", "code": {"text": "penicillin"},
         "reaction": [{"manifestation": [{"text": "anaphylaxis"}]}]},
        {"resourceType": "Observation", "id": "o1", "status": "final",
         "code": {"coding": [{"system": "http://loinc.org", "code": "6301-6"}]},
         "valueQuantity": {"value": 2.6}},
    ]
    if draft_ibuprofen:
        entries.append({"resourceType": "MedicationRequest", "id": "rx1", "status": "draft",
                        "intent": "order",
                        "medicationCodeableConcept": {"text": "ibuprofen"},
                        "dosageInstruction": [{"text": "600 mg three times daily"}]})
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"resource": resource} for resource in entries]}
