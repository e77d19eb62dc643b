"""API keys, hashed at rest: `<state_dir>/api-keys.json` holds a salt and a SHA-256 per key.

A key reads `csk_<id>_<secret>`; the id finds the record, the secret is checked against
sha256(salt + secret) in constant time. The secret itself is shown once, at creation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

KEY_PREFIX = "csk"


class ApiKeyRecord(BaseModel):
    id: str
    name: str
    salt: str
    sha256: str
    created: datetime
    revoked: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None


_RECORDS = TypeAdapter(list[ApiKeyRecord])


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode()).hexdigest()


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[int, list[ApiKeyRecord]] | None = None

    @classmethod
    def in_state_dir(cls, state_dir: Path) -> KeyStore:
        return cls(state_dir / "api-keys.json")

    def records(self) -> list[ApiKeyRecord]:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return []
        # Re-read only when the file changed: `consilium keys revoke` takes effect at once.
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, _RECORDS.validate_json(self.path.read_bytes()))
        return list(self._cache[1])

    def _save(self, records: list[ApiKeyRecord]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(_RECORDS.dump_json(records, indent=2))
        os.chmod(tmp, 0o600)  # hashes only, but nobody else needs to read them
        tmp.replace(self.path)

    def create(self, name: str) -> tuple[ApiKeyRecord, str]:
        """A new key; returns its record and the full key (shown once, never stored)."""
        key_id = secrets.token_hex(4)
        secret = secrets.token_urlsafe(24).replace("_", "-")
        salt = secrets.token_hex(16)
        record = ApiKeyRecord(id=key_id, name=name, salt=salt, sha256=_digest(salt, secret),
                              created=datetime.now(UTC))
        self._save([*self.records(), record])
        return record, f"{KEY_PREFIX}_{key_id}_{secret}"

    def revoke(self, key_id: str) -> ApiKeyRecord:
        records = self.records()
        for index, record in enumerate(records):
            if record.id == key_id and record.active:
                records[index] = record.model_copy(update={"revoked": datetime.now(UTC)})
                self._save(records)
                return records[index]
        raise KeyError(f"no active API key with id {key_id!r}")

    def verify(self, presented: str) -> ApiKeyRecord | None:
        """The active record the key belongs to, or None (unknown, malformed or revoked)."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        _, key_id, secret = parts
        for record in self.records():
            if (record.id == key_id and record.active
                    and hmac.compare_digest(record.sha256, _digest(record.salt, secret))):
                return record
        return None
