"""The batch report shows each case's treatment plan, conditional items as suggestions."""

from __future__ import annotations

from pathlib import Path

from consilium.evaluation.reporting import write_reports
from consilium.evaluation.store import ResultStore
from tests.batch.records import record

ALTEPLASE = {
    "drug": "alteplase", "dose": "72 mg", "route": "IV", "frequency": "once",
    "action": "start_if", "conditions": ["non-contrast CT excludes haemorrhage"],
    "indication": {"diagnosis": "Ischaemic stroke", "probability": 0.97, "basis": "differential"},
}


def test_html_and_markdown_list_the_plan_with_its_conditions(tmp_path: Path) -> None:
    stroke = record("stroke", ["Ischaemic stroke"])
    assert stroke.report is not None
    stroke.report["medication_plan"] = [
        ALTEPLASE, {"drug": "amlodipine", "action": "continue"},  # continued drugs are not rows
        {"drug": "metfromin", "action": "avoid"},  # a 1.x report: no indication -> "-"
    ]
    with ResultStore(tmp_path / "run") as store:
        store.append(stroke)
    paths = write_reports(tmp_path / "run", None, tmp_path / "out")
    markdown = Path(paths["markdown"]).read_text()
    assert ("| run | stroke | approved | start if | alteplase | 72 mg IV once | Ischaemic stroke "
            "(97%) | non-contrast CT excludes haemorrhage |") in markdown
    assert "| avoid | metfromin |  | - |" in markdown and "amlodipine" not in markdown
    html = Path(paths["html"]).read_text()
    assert "<h2>Treatment plans</h2>" in html and "never an order" in html
