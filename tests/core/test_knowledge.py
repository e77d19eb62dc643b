"""The one knowledge loader: packaged files, strict validation naming file and row, the compiled
cache, and the write-back of generated tables."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from consilium.core import knowledge
from consilium.reasoning.triage_rules import RedFlagsFile


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int


class Rows(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    rules: list[Row]


def test_packaged_files_are_listed_and_validated() -> None:
    assert "diseases/cardiovascular.yaml" in knowledge.files("diseases")
    assert knowledge.files("guidelines", ".md")
    rules = knowledge.load("triage/red_flags.yaml", RedFlagsFile).rules
    assert rules and all(rule.source for rule in rules)


def test_an_unknown_key_is_an_error_naming_the_file_and_the_row(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("source: t\nrules:\n  - {id: 1}\n  - {id: 2, sevrity: 3}\n")
    with pytest.raises(knowledge.KnowledgeError) as raised:
        knowledge.load(path, Rows)
    assert str(raised.value) == f"{path}: rules[1] (id 2).sevrity: unknown key"
    top = tmp_path / "top.yaml"
    top.write_text("source: t\nrules: []\nextra: 1\n")
    with pytest.raises(knowledge.KnowledgeError, match=r"top\.yaml: extra: unknown key"):
        knowledge.load(top, Rows)


def test_parsed_files_are_cached_by_content(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("source: t\nrules: [{a: 1}]\n")
    assert knowledge.read(path) == {"source": "t", "rules": [{"a": 1}]}
    cached = list(knowledge.cache_dir().glob("*.marshal"))
    assert len(cached) == 1
    assert knowledge.read(path) == {"source": "t", "rules": [{"a": 1}]}
    path.write_text("source: t\nrules: [{a: 2}]\n")  # new content, new entry
    assert knowledge.read(path)["rules"] == [{"a": 2}]
    assert len(list(knowledge.cache_dir().glob("*.marshal"))) == 2


def test_concurrent_first_reads_agree_and_leave_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("source: t\nrules:\n" + "".join(f"  - {{n: {i}}}\n" for i in range(2000)))
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(knowledge.read(path)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == results[0] for result in results) and len(results) == 8
    assert [p.name for p in knowledge.cache_dir().iterdir() if p.name.startswith(".")] == []


def test_an_unwritable_cache_means_no_cache(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("CONSILIUM_CACHE_DIR", str(blocker))
    path = tmp_path / "a.yaml"
    path.write_text("source: t\n")
    assert knowledge.read(path) == {"source": "t"}


def test_dump_writes_a_generated_table_back(tmp_path: Path) -> None:
    path = tmp_path / "table.json"
    knowledge.dump(path, Rows(source="generated", rules=[Row(id=1)]))
    assert knowledge.load(path, Rows) == Rows(source="generated", rules=[Row(id=1)])
    knowledge.dump(path, {"source": "x", "rules": []}, serialise=lambda data: "{}\n")
    assert path.read_text() == "{}\n"
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".")]
