"""docs/import-formats.md describes exactly the columns the importer reads."""
from __future__ import annotations

from services import ROOT

from data_access.importers import KINDS
from data_access.importers.docs import formats_markdown
from data_access.importers.review import SHEETS

DOC = ROOT / "docs" / "import-formats.md"


def test_the_formats_document_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == formats_markdown(), (
        "regenerate with: .venv/bin/python -m data_access.importers.docs > docs/import-formats.md")


def test_every_column_of_every_kind_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for kind in KINDS.values():
        section = text.split(f"## `{kind.name}`", 1)[1].split("\n## ", 1)[0]
        if getattr(kind, "workbook", False):
            for sheet in SHEETS:
                part = section.split(f"### sheet `{sheet.name}`", 1)[1].split("\n### ", 1)[0]
                assert [line.split("`")[1] for line in part.splitlines() if line.startswith("| `")] == list(
                    sheet.headers)
            continue
        assert [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")] == list(kind.headers)
