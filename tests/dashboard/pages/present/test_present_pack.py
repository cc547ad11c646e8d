"""The webinar pack from `oversight export-pack`: a 1920x1080 PNG per slide, a PDF whose pages carry each
slide's title as text, a PPTX with titles, alt text and notes, and CSVs free of authorities and small counts."""
from __future__ import annotations

import csv
import io
import re
import struct

import pytest
from pptx import Presentation
from pypdf import PdfReader

from dashboard.cli import main
from data_access.reference import AUTHORITIES

GOV = "social-work-governance"
PROTECTED = ("Responses", "Strengths", "Areas for improvement", "Total", "Times coded")


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def named(text: str) -> list[str]:
    return [s for a in AUTHORITIES for s in (a.name, a.gss_code) if s in text]


def small_counts(text: str, k: int) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(rows) if any(c.startswith(PROTECTED) for c in r)), None)
    if start is None:
        return []
    cols = [i for i, c in enumerate(rows[start]) if c.startswith(PROTECTED)]
    small = {str(n) for n in range(1, k)}
    return [r[i] for r in rows[start + 1:] for i in cols if i < len(r) and r[i].strip() in small]


@pytest.fixture
def pack_env(seeded_url, tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DATABASE_URL", seeded_url)
    monkeypatch.setenv("OVERSIGHT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("OVERSIGHT_SDC_K", "10")
    return tmp_path / "pack"


def test_export_pack_writes_every_format_with_the_slides_text(pack_env, capsys):
    assert main(["export-pack", GOV, str(pack_env)]) == 0
    files = sorted(p.name for p in pack_env.iterdir())
    pngs = sorted(pack_env.glob("*.png"))
    assert len(pngs) >= 7
    as_of = re.search(r"_(\d{4}-\d{2}-\d{2})_", pngs[0].name).group(1)
    for n, png in enumerate(pngs, start=1):
        assert png.name.startswith(f"{GOV}_{as_of}_slide-{n:02d}-")  # review, as-of date and slide in the name
        assert png_size(png) == (1920, 1080)
        assert png.stat().st_size > 20_000  # a drawn slide, not a blank page
    csvs = sorted(pack_env.glob("*.csv"))
    assert [c.stem for c in csvs] == [p.stem for p in pngs]

    pptx = Presentation(str(pack_env / f"{GOV}_{as_of}_slides.pptx"))
    titles = [s.shapes.title.text for s in pptx.slides]
    assert len(titles) == len(pngs) and titles[-1] == "Publications and how to give feedback"
    for slide in pptx.slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
        assert alt.startswith(slide.shapes.title.text + ". ") and len(alt) > len(slide.shapes.title.text) + 20
        notes = slide.notes_slide.notes_text_frame.text
        assert "Say: " in notes and "Caveats:" in notes and named(notes) == []

    pdf = PdfReader(str(pack_env / f"{GOV}_{as_of}_slides.pdf"))
    assert len(pdf.pages) == len(pngs)
    for page, title in zip(pdf.pages, titles):
        text = " ".join(page.extract_text().split())
        assert title in text and named(text) == []  # the title is text, not only a picture
    for name in csvs:
        text = name.read_text(encoding="utf-8")
        assert named(text) == [] and small_counts(text, 10) == [], name.name
        assert "Demonstration data" in text
    readme = (pack_env / "README.txt").read_text(encoding="utf-8")
    assert all(f in readme for f in files if f != "README.txt")
    assert "Wrote" in capsys.readouterr().out


def test_export_pack_refuses_an_unknown_review(pack_env, capsys):
    assert main(["export-pack", "no-such-review", str(pack_env)]) == 1
    assert "No review 'no-such-review'" in capsys.readouterr().err
    assert not pack_env.exists() or list(pack_env.iterdir()) == []
