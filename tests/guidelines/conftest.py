"""Helpers for user-corpus tests: a folder with Markdown, text, a real PDF and broken files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def text_pdf(sentence: str) -> bytes:
    """A one-page PDF whose text layer holds `sentence` (Helvetica, no external files)."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 72 720 Td ({sentence}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "local-guidelines"
    (folder / "wards").mkdir(parents=True)
    (folder / "sepsis-bundle.md").write_text(
        "---\ntitle: Trust sepsis bundle\nbody: St Elsewhere Hospital\nyear: 2024\n---\n\n"
        "## Antibiotics\nGive gentamicin plus amoxicillin within one hour for ward sepsis.\n\n"
        "## Escalation\nCall the outreach team when lactate exceeds 4 mmol/L.\n",
        encoding="utf-8",
    )
    (folder / "wards" / "falls.txt").write_text(
        "Falls protocol\n\nLying and standing blood pressure for every inpatient fall.\n",
        encoding="utf-8",
    )
    (folder / "trauma.pdf").write_bytes(
        text_pdf("Major haemorrhage: give tranexamic acid within three hours of injury.")
    )
    (folder / "broken-front-matter.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    (folder / "latin1.txt").write_bytes("Caf\xe9 protocol".encode("latin-1"))
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "notes.docx").write_bytes(b"ignored: not a supported type")
    return folder
