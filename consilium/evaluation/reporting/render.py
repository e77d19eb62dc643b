"""Sections to Markdown and to one self-contained HTML page."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consilium.evaluation.reporting import Section

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}"
          "table{border-collapse:collapse;margin:1em 0;font-size:13px}"
          "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f2f4f7}"
          ".note{color:#555;font-size:13px}svg{margin:8px 16px 8px 0}")
DISCLAIMER = ("Evaluation of a decision-support system on benchmark cases; not evidence of "
              "clinical safety.")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(title: str, sections: list[Section]) -> str:
    lines = [f"# {title}", "", f"_{DISCLAIMER}_", ""]
    for section in sections:
        lines += [f"## {section.title}", ""]
        if section.rows:
            lines.append("| " + " | ".join(map(_md_cell, section.headers)) + " |")
            lines.append("|" + "---|" * len(section.headers))
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in section.rows]
            lines.append("")
        else:
            lines += ["No data.", ""]
        if section.note:
            lines += [section.note, ""]
    lines.append("Plots are in report.html.")
    return "\n".join(lines) + "\n"


def to_html(title: str, sections: list[Section]) -> str:
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
             f"</title><style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>"
             f"<p class='note'>{escape(DISCLAIMER)}</p>"]
    for section in sections:
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.rows:
            head = "".join(f"<th>{escape(h)}</th>" for h in section.headers)
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in section.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            parts.append("<p>No data.</p>")
        parts += section.charts
        if section.note:
            parts.append(f"<p class='note'>{escape(section.note)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
