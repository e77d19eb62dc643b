"""Publishing case events to a Redis stream `consilium:case:{id}:events` so that another
process can follow a case (XREAD / XRANGE). Each entry has `type` and `data` (JSON)."""

from __future__ import annotations

from redis.asyncio import Redis

STREAM_MAXLEN = 10_000  # entries kept per case stream (approximate trim)


def stream_key(case_id: str) -> str:
    return f"consilium:case:{case_id}:events"


class RedisEventPublisher:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def publish(self, case_id: str, event_type: str, data_json: str) -> None:
        await self.redis.xadd(stream_key(case_id), {"type": event_type, "data": data_json},
                              maxlen=STREAM_MAXLEN, approximate=True)
