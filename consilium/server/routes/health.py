"""Liveness and readiness: no API key needed, no case data returned."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from consilium.server.state import ServiceState, service
from consilium.tools.catalog import all_tools

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "A dependency is not ready"}})
async def readyz(state: Annotated[ServiceState, Depends(service)]) -> Any:
    """Ready to take cases: tools load, the state directory is writable, Redis answers."""
    checks: dict[str, str] = {}
    try:
        checks["tools"] = f"{len(all_tools())} loaded"
    except Exception as exc:
        checks["tools"] = f"error: {type(exc).__name__}"
    try:
        state.settings.state_dir.mkdir(parents=True, exist_ok=True)
        checks["state_dir"] = "writable" if _writable(state) else "error: not writable"
    except OSError as exc:
        checks["state_dir"] = f"error: {type(exc).__name__}"
    if state.redis is not None:
        try:
            await state.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    ready = not any(value.startswith("error") for value in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)


def _writable(state: ServiceState) -> bool:
    import os

    return os.access(state.settings.state_dir, os.W_OK)
