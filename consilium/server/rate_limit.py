"""Per-key rate limits over a fixed one-minute window: in memory, or in Redis when configured
(so that several workers share one budget per key)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

WINDOW_S = 60


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    remaining: int
    retry_after_s: int


class RateLimiter(Protocol):
    limit: int

    async def hit(self, key: str) -> RateDecision: ...


def _decide(count: int, limit: int, now: float) -> RateDecision:
    retry_after = WINDOW_S - int(now) % WINDOW_S
    return RateDecision(count <= limit, max(0, limit - count), retry_after)


class MemoryRateLimiter:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._counts: dict[tuple[str, int], int] = {}

    async def hit(self, key: str) -> RateDecision:
        now = time.time()
        window = int(now) // WINDOW_S
        if len(self._counts) > 10_000:  # drop old windows so memory stays bounded
            self._counts = {k: v for k, v in self._counts.items() if k[1] == window}
        count = self._counts.get((key, window), 0) + 1
        self._counts[(key, window)] = count
        return _decide(count, self.limit, now)


class RedisRateLimiter:
    def __init__(self, redis: Redis, limit: int) -> None:
        self.redis = redis
        self.limit = limit

    async def hit(self, key: str) -> RateDecision:
        now = time.time()
        name = f"consilium:ratelimit:{key}:{int(now) // WINDOW_S}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, WINDOW_S * 2)
            count, _ = await pipe.execute()
        return _decide(int(count), self.limit, now)
