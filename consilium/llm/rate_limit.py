"""Requests-per-minute and tokens-per-minute limits per provider.

Fixed windows (one minute by default): every call takes one request and its estimated tokens
from the current window; when either is spent, the caller sleeps until the next window. With
Redis the counters are shared by every process and machine that use the same Redis (keys
`consilium:rl:<provider>:<window>`); without it they are per process.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

import redis.asyncio as aioredis

KEY_PREFIX = "consilium:rl:"


class RateLimiter(Protocol):
    async def acquire(self, tokens: int) -> float:
        """Wait until the call may go; returns the seconds waited."""
        ...


@dataclass
class _Limits:
    provider: str
    requests: int | None
    tokens: int | None
    window_s: float = 60.0

    def over(self, requests_used: int, tokens_used: int) -> bool:
        too_many = self.requests is not None and requests_used > self.requests
        too_much = self.tokens is not None and tokens_used > self.tokens
        return too_many or too_much

    def window(self) -> tuple[int, float]:
        """The current window's number and the seconds until the next one starts."""
        now = time.time()
        index = int(now // self.window_s)
        return index, (index + 1) * self.window_s - now


@dataclass
class MemoryRateLimiter:
    limits: _Limits
    _used: dict[int, list[int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def acquire(self, tokens: int) -> float:
        waited = 0.0
        while True:
            index, remaining = self.limits.window()
            with self._lock:
                self._used = {index: self._used.get(index, [0, 0])}
                used = self._used[index]
                if not self.limits.over(used[0] + 1, used[1] + tokens) or used[0] == 0:
                    used[0] += 1
                    used[1] += tokens
                    return waited
            await asyncio.sleep(remaining)
            waited += remaining


class RedisRateLimiter:
    """Shared across processes: INCR/INCRBY on per-window keys that expire after two windows."""

    def __init__(self, url: str, limits: _Limits) -> None:
        self.limits = limits
        self._redis = aioredis.Redis.from_url(url)

    async def acquire(self, tokens: int) -> float:
        waited = 0.0
        while True:
            index, remaining = self.limits.window()
            key = f"{KEY_PREFIX}{self.limits.provider}:{index}"
            expire_s = int(2 * self.limits.window_s) + 1
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hincrby(key, "requests", 1)
                pipe.hincrby(key, "tokens", tokens)
                pipe.expire(key, expire_s)
                requests_used, tokens_used, _ = await pipe.execute()
            # A single call larger than the whole token allowance still goes, alone in its window.
            if not self.limits.over(requests_used, tokens_used) or requests_used == 1:
                return waited
            # Over: give the share back so that the window's count stays true, then wait.
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hincrby(key, "requests", -1)
                pipe.hincrby(key, "tokens", -tokens)
                await pipe.execute()
            await asyncio.sleep(remaining)
            waited += remaining

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(
    provider: str,
    requests_per_minute: int | None,
    tokens_per_minute: int | None,
    redis_url: str | None,
    window_s: float = 60.0,
) -> RateLimiter | None:
    """None when neither limit is set (no waiting, no Redis round trip)."""
    if requests_per_minute is None and tokens_per_minute is None:
        return None
    scale = window_s / 60.0  # the limits are per minute; a shorter window gets its share
    limits = _Limits(
        provider,
        None if requests_per_minute is None else max(int(requests_per_minute * scale), 1),
        None if tokens_per_minute is None else max(int(tokens_per_minute * scale), 1),
        window_s,
    )
    if redis_url:
        return RedisRateLimiter(redis_url, limits)
    return MemoryRateLimiter(limits)
