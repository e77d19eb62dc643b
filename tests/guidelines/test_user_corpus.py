"""Users' own corpora: indexing, skipping unchanged files, reporting bad ones, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consilium.tools.guidelines import (
    GuidelineCorpusError,
    GuidelineQuery,
    index_directory,
    resolve_passage,
)
from consilium.tools.guidelines import search_guidelines as search
from consilium.tools.guidelines.user_corpus import read_index

BROKEN = {"broken-front-matter.md", "latin1.txt", "corrupt.pdf"}


def test_index_reads_markdown_text_and_pdf_and_reports_bad_files(
    user_folder: Path, tmp_path: Path
) -> None:
    index_file = tmp_path / "index.json"
    report = index_directory(user_folder, index_file)
    assert sorted(report.indexed) == ["sepsis-bundle.md", "trauma.pdf", "wards/falls.txt"]
    assert set(report.errors) == BROKEN
    assert "front matter does not parse" in report.errors["broken-front-matter.md"]
    assert "UTF-8" in report.errors["latin1.txt"]
    assert "PDF" in report.errors["corrupt.pdf"]
    assert report.passages == len(read_index(index_file).passages())  # type: ignore[union-attr]


def test_user_passages_are_searchable_and_citable(user_folder: Path, tmp_path: Path) -> None:
    index_file = tmp_path / "index.json"
    index_directory(user_folder, index_file)
    query = GuidelineQuery(query="tranexamic acid haemorrhage", corpus="user")
    top = search(query, user_index=index_file).results[0]
    assert top.source == "user" and top.doc_id == "user-trauma"
    assert top.id == "user-trauma#page-1-1"
    ward = search(GuidelineQuery(query="gentamicin ward sepsis", corpus="user"), index_file)
    assert ward.results[0].body == "St Elsewhere Hospital" and ward.results[0].year == 2024
    both = search(GuidelineQuery(query="anaphylaxis adrenaline", corpus="both"), index_file)
    assert both.results[0].source == "shipped"
    assert resolve_passage(top.id, user_index=index_file) is not None


def test_reindex_skips_unchanged_files_and_rereads_changed_ones(
    user_folder: Path, tmp_path: Path
) -> None:
    index_file = tmp_path / "index.json"
    index_directory(user_folder, index_file)
    again = index_directory(user_folder, index_file)
    assert again.indexed == [] and len(again.unchanged) == 3
    falls = user_folder / "wards" / "falls.txt"
    falls.write_text("Falls protocol\n\nCheck for head injury and anticoagulants.\n")
    os.utime(falls, ns=(1, 1))  # a new mtime forces the content check
    third = index_directory(user_folder, index_file)
    assert third.indexed == ["wards/falls.txt"]
    hits = search(GuidelineQuery(query="anticoagulants head injury", corpus="user"), index_file)
    assert hits.results and hits.results[0].doc_id == "user-wards-falls"


def test_touched_but_identical_file_is_not_reparsed(user_folder: Path, tmp_path: Path) -> None:
    index_file = tmp_path / "index.json"
    index_directory(user_folder, index_file)
    os.utime(user_folder / "trauma.pdf", ns=(5, 5))
    report = index_directory(user_folder, index_file)
    assert "trauma.pdf" in report.unchanged


def test_failed_write_leaves_the_previous_index_whole(
    user_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_file = tmp_path / "index.json"
    index_directory(user_folder, index_file)
    before = index_file.read_bytes()
    (user_folder / "new.md").write_text("## New\nA brand new local rule.\n")

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        index_directory(user_folder, index_file)
    assert index_file.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".index.json")] == []


def test_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        index_directory(tmp_path / "missing", tmp_path / "index.json")


def test_damaged_index_is_named_and_rebuilt(user_folder: Path, tmp_path: Path) -> None:
    index_file = tmp_path / "index.json"
    index_file.write_text("{ half written")
    with pytest.raises(GuidelineCorpusError, match="not a readable guideline index"):
        search(GuidelineQuery(query="sepsis", corpus="user"), user_index=index_file)
    report = index_directory(user_folder, index_file)
    assert len(report.indexed) == 3 and read_index(index_file) is not None
