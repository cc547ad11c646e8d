"""The webinar pack: every slide of a review as a 1920x1080 PNG, one PDF that keeps its text, a PPTX
with titles, alt text and speaker notes, the CSV behind each slide and a README.

Everything is read with a presenter's scope whoever builds it, and rendered on this machine by the
system Chromium (headless, through Playwright) from the slides' own HTML and the plotly.js that
ships with plotly: nothing is fetched from or sent to another service.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.context import Ask
from dashboard.downloads import frame_to_csv
from dashboard.ui.format import uk_date
from data_access.db import Database, resolve_as_of
from data_access.queries import NotFound
from data_access.scope import Scope

from . import pack_html
from .notes.panels import notes_for, notes_text
from .panels import Choice, Slide, deck

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files"]
WIDTH, HEIGHT = 1920, 1080
Progress = Callable[[float, str], None]


class PackError(Exception):
    """The pack cannot be built here (no Chromium, or a slide did not draw)."""


@dataclass
class Pack:
    review: str
    day: dt.date
    slides: list[Slide]
    files: list[Path] = field(default_factory=list)


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        raise PackError("The system Chromium is needed to draw the slides (apt-get install chromium).")
    return found


def stem(review: str, day: dt.date) -> str:
    return f"{review}_{day.isoformat()}"


def slide_stem(review: str, day: dt.date, number: int, slide: Slide) -> str:
    return f"{stem(review, day)}_slide-{number:02d}-{slide.key}"


def _csv(slide: Slide, number: int, title: str, day: dt.date, demo: bool) -> str:
    preamble = [f"Review Oversight webinar pack: {title}", f"Slide {number}: {slide.heading}",
                f"Data as of {uk_date(day)}", "National figures, disclosure-controlled (counts from 1 to k-1 as c)"]
    if demo:
        preamble.append("Demonstration data: per-authority detail is synthetic")
    return frame_to_csv(slide.table, preamble=preamble)


def _alt(slide: Slide, demo: bool) -> str:
    return f"{slide.heading}. {slide.summary}" + (" Demonstration data." if demo else "")


def _pptx(pack: Pack, pictures: list[Path], notes: list[str], demo: bool, out: Path) -> None:
    # Imported here: python-pptx is only needed when a pack is built.
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9, 13.333 by 7.5 inches
    for slide, picture, text in zip(pack.slides, pictures, notes):
        page = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real title for outlines and readers
        page.shapes.title.text = slide.heading
        image = page.shapes.add_picture(str(picture), 0, 0, prs.slide_width, prs.slide_height)
        image._element.nvPicPr.cNvPr.set("descr", _alt(slide, demo))  # alt text (python-pptx has no setter)
        image.name = slide.heading[:80]
        page.notes_slide.notes_text_frame.text = text
    prs.save(str(out))


def _readme(pack: Pack, title: str, demo: bool) -> str:
    lines = [f"Webinar pack: {title}", f"Data as of {uk_date(pack.day)}.", "",
             "National figures only, read with a presenter's permissions: no local authority is named, and",
             "counts of people from 1 to k-1 (and numbers from which they could be worked out) are shown as c.",
             "Demonstration data: per-authority detail is synthetic." if demo else "", "", "Files:"]
    lines += [f"- {f.name}" for f in pack.files]
    lines += ["", "PNG: one picture per slide at 1920x1080. PDF: all slides, text selectable. PPTX: one slide per",
              "picture, with its title, alt text and speaker notes. CSV: the numbers behind each slide."]
    return "\n".join(lines) + "\n"


def build_pack(db: Database, k: int, review: str, outdir: Path, *, day: dt.date, demo: bool,
               survey: str | None = None, order: list[str] | None = None, hidden=frozenset(),
               progress: Progress | None = None) -> Pack:
    """Write the pack for `review` into `outdir`; raises NotFound for a review a presenter may not see."""
    # Imported here: Playwright is slow to import and only the pack needs it.
    from playwright.sync_api import sync_playwright

    tell = progress or (lambda _f, _m: None)
    ask = Ask(db, Scope("presenter", k=k), day, demo)
    tell(0.02, "Reading the slides")
    slides = deck(ask, Choice(review, survey), order, hidden)
    pack = Pack(review, day, slides)
    title = slides[0].heading
    outdir.mkdir(parents=True, exist_ok=True)
    total = len(slides)
    notes = [notes_text(notes_for(slides, i, k)) for i in range(total)]
    canvases = [pack_html.canvas_html(s, n, total, day, demo) for n, s in enumerate(slides, start=1)]
    pictures: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="present-pack-") as work, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.set_default_timeout(30_000)
            for n, (slide, body) in enumerate(zip(slides, canvases), start=1):
                tell(0.05 + 0.7 * (n - 1) / total, f"Drawing slide {n} of {total}")
                source = Path(work) / f"slide-{n}.html"
                source.write_text(pack_html.document(slide.heading, [body]), encoding="utf-8")
                page.goto(source.as_uri())
                page.wait_for_function("() => window.packDrawn === true || !!window.packError")
                if page.evaluate("window.packError || null"):
                    raise PackError(f"Slide {n} did not draw: {page.evaluate('window.packError')}")
                picture = outdir / f"{slide_stem(review, day, n, slide)}.png"
                page.screenshot(path=str(picture), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
                pictures.append(picture)
            tell(0.8, "Printing the PDF")
            source = Path(work) / "print.html"
            source.write_text(pack_html.document(title, canvases), encoding="utf-8")
            page.goto(source.as_uri())
            page.wait_for_function("() => window.packDrawn === true || !!window.packError")
            pdf = outdir / f"{stem(review, day)}_slides.pdf"
            page.pdf(path=str(pdf), width=f"{WIDTH}px", height=f"{HEIGHT}px", print_background=True,
                     margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})
        finally:
            browser.close()
    tell(0.9, "Writing the PowerPoint file and the data")
    pptx = outdir / f"{stem(review, day)}_slides.pptx"
    _pptx(pack, pictures, notes, demo, pptx)
    csvs = []
    for n, slide in enumerate(slides, start=1):
        path = outdir / f"{slide_stem(review, day, n, slide)}.csv"
        path.write_text(_csv(slide, n, title, day, demo), encoding="utf-8")
        csvs.append(path)
    pack.files = [*pictures, pdf, pptx, *csvs]
    readme = outdir / "README.txt"
    pack.files.append(readme)
    readme.write_text(_readme(pack, title, demo), encoding="utf-8")
    tell(1.0, "Done")
    return pack


def command(args, db: Database) -> int:
    """`oversight export-pack SLUG OUTDIR`: the pack of one review, read with a presenter's scope."""
    day, demo = resolve_as_of(db, args.settings.as_of)
    try:
        pack = build_pack(db, args.settings.sdc_k, args.slug, Path(args.outdir), day=day, demo=demo,
                          progress=lambda _f, message: print(message))
    except NotFound:
        print(f"No review '{args.slug}' to present.", file=sys.stderr)
        return 1
    except PackError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wrote {len(pack.files)} files for {len(pack.slides)} slides to {args.outdir}")
    return 0
