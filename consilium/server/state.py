"""What one running service holds: settings, key store, rate limiter, case jobs, Redis."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from redis.asyncio import Redis

from consilium.core.settings import Settings
from consilium.server.config import ServerConfig
from consilium.server.jobs import CaseJobs
from consilium.server.keys import KeyStore
from consilium.server.rate_limit import RateLimiter


@dataclass
class ServiceState:
    settings: Settings
    config: ServerConfig
    keys: KeyStore
    limiter: RateLimiter
    jobs: CaseJobs
    redis: Redis | None


def service(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state
