"""Speaker notes generated from the slide's own data: what to say, the numbers behind it, the caveats."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.pages.present.panels import Slide

MAX_ROWS = 15


@dataclass
class Notes:
    heading: str
    say: str
    numbers: pd.DataFrame
    caveats: list[str]
    next_heading: str | None


def notes_for(slides: list[Slide], index: int, k: int) -> Notes:
    """The notes for slide `index` (0-based) of a deck."""
    slide = slides[index]
    table = slide.table.head(MAX_ROWS)
    caveats = list(slide.caveats)
    if not caveats and any((slide.table[c].astype(str) == "c").any() for c in slide.table.columns):
        caveats.append(f"'c' marks a count from 1 to {k - 1}, or a number from which one could be worked out: "
                       "withheld to protect the people behind it. Do not estimate it aloud.")
    if len(slide.table) > MAX_ROWS:
        caveats.append(f"The first {MAX_ROWS} of {len(slide.table)} rows are shown; the slide's CSV has them all.")
    caveats.append("National figures only: no authority is named on these slides, and none should be named "
                   "when presenting them.")
    nxt = slides[index + 1].heading if index + 1 < len(slides) else None
    return Notes(f"Slide {index + 1} of {len(slides)}: {slide.heading}", slide.summary, table, caveats, nxt)


def notes_text(notes: Notes) -> str:
    """The notes as plain text, for the pack's PowerPoint speaker notes."""
    lines = [notes.heading, "", "Say: " + notes.say, ""]
    if not notes.numbers.empty:
        lines.append("The numbers behind it:")
        cols = list(notes.numbers.columns)
        lines += ["; ".join(f"{c}: {v}" for c, v in zip(cols, row)) for row in notes.numbers.itertuples(index=False)]
        lines.append("")
    lines += ["Caveats:"] + [f"- {c}" for c in notes.caveats]
    if notes.next_heading:
        lines += ["", f"Next: {notes.next_heading}"]
    return "\n".join(lines)
