"""`consilium report`: Markdown + self-contained HTML, and McNemar between two runs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilium.cli import app
from consilium.evaluation.metrics import CaseOutcome
from consilium.evaluation.reporting.compare import compare_runs, mcnemar_exact
from consilium.evaluation.store import ResultStore
from tests.batch.records import record

runner = CliRunner()


def test_mcnemar_exact_p_by_hand() -> None:
    # 7 discordant pairs split 6:1 -> two-sided p = 2 * (C(7,0) + C(7,1)) / 2**7 = 0.125
    assert mcnemar_exact(6, 1) == pytest.approx(0.125)
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(10, 0) == pytest.approx(2 / 1024)


def _write_run(directory: Path, right: list[bool]) -> None:
    with ResultStore(directory) as store:
        for i, correct in enumerate(right):
            store.append(record(f"c{i}", ["Pneumonia" if correct else "Asthma"], gold="pneumonia",
                                urgency="emergency", gold_urgency="emergency",
                                category="chest" if i % 2 else "fever",
                                findings=[("allergy", "major")] if i == 0 else []))


def test_paired_table_counts_discordant_cases() -> None:
    a = [CaseOutcome(record(f"c{i}", ["Pneumonia" if ok else "Asthma"], gold="pneumonia"))
         for i, ok in enumerate([True, True, True, False, False])]
    b = [CaseOutcome(record(f"c{i}", ["Pneumonia" if ok else "Asthma"], gold="pneumonia"))
         for i, ok in enumerate([True, False, False, True, False])]
    result = compare_runs(a, b)
    assert (result["both_right"], result["a_right_b_wrong"], result["a_wrong_b_right"],
            result["both_wrong"]) == (1, 2, 1, 1)
    assert result["discordant_ids"] == {"a_only": ["c1", "c2"], "b_only": ["c3"]}
    assert result["mcnemar_exact_p"] == pytest.approx(1.0)


def test_two_runs_give_markdown_and_self_contained_html(tmp_path: Path) -> None:
    _write_run(tmp_path / "a", [True] * 9 + [False])
    _write_run(tmp_path / "b", [False] * 7 + [True] * 3)
    result = runner.invoke(app, ["report", str(tmp_path / "a"), str(tmp_path / "b"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "out" / "report.md").read_text()
    # a is right on c0-c8, b on c7-c9: discordant c0-c6 (a only) and c9 (b only)
    assert "| a right b wrong | 7 |" in markdown and "| a wrong b right | 1 |" in markdown
    assert "| McNemar exact p | 0.07031 |" in markdown  # 2 * (C(8,0) + C(8,1)) / 2**8
    html = (tmp_path / "out" / "report.html").read_text()
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    titles = [ET.fromstring(s).findtext("{http://www.w3.org/2000/svg}title") for s in svgs]
    assert "Top-1 accuracy by category" in titles and "Cost against accuracy" in titles
    assert "Calibration of the top-1 probability" in titles
    assert any(t and t.startswith("Urgency") for t in titles)
    assert not re.search(r"(src|href)=['\"]?https?:", html)  # nothing fetched from elsewhere
    assert "allergy/major" in markdown


def test_report_of_a_directory_that_is_not_a_run_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "not a batch run" in result.output
