"""CORS is off unless origins are configured; then only those origins are allowed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from consilium.core.settings import Settings
from consilium.server import ServerConfig, create_app


def test_configured_origin_is_allowed_and_others_are_not(tmp_path: Path) -> None:
    app = create_app(Settings(state_dir=tmp_path),
                     ServerConfig(cors_origins=["https://ward.example"]))
    with TestClient(app) as client:
        allowed = client.get("/healthz", headers={"Origin": "https://ward.example"})
        other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ward.example"
    assert "access-control-allow-origin" not in other.headers
