"""API keys: hashed at rest, verified in constant time, revocable; the `keys` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilium.commands.keys import app as keys_app
from consilium.server.keys import KeyStore


def test_only_a_salted_hash_is_stored(tmp_path: Path) -> None:
    store = KeyStore.in_state_dir(tmp_path)
    record, key = store.create("ehr")
    _, other_key = store.create("lab system")
    text = store.path.read_text()
    secret = key.split("_", 2)[2]
    assert secret not in text and key not in text
    records = json.loads(text)
    assert records[0]["salt"] != records[1]["salt"]
    assert store.verify(key) == record
    assert store.verify(other_key) is not None
    assert store.verify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.verify("not-a-key") is None


def test_revoked_key_no_longer_verifies(tmp_path: Path) -> None:
    store = KeyStore.in_state_dir(tmp_path)
    record, key = store.create("ehr")
    store.revoke(record.id)
    assert store.verify(key) is None
    with pytest.raises(KeyError):
        store.revoke(record.id)


def test_keys_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIUM_STATE_DIR", str(tmp_path))
    runner = CliRunner()
    created = runner.invoke(keys_app, ["create", "ehr", "--json"])
    assert created.exit_code == 0, created.output
    key = json.loads(created.stdout)
    assert KeyStore.in_state_dir(tmp_path).verify(key["key"]) is not None
    listed = json.loads(runner.invoke(keys_app, ["list", "--json"]).stdout)
    assert listed == [{"id": key["id"], "name": "ehr", "created": listed[0]["created"],
                       "revoked": None}]
    assert runner.invoke(keys_app, ["revoke", key["id"]]).exit_code == 0
    again = runner.invoke(keys_app, ["revoke", key["id"]])
    assert again.exit_code == 2
    assert "no active API key" in again.output
    assert "Traceback" not in again.output
