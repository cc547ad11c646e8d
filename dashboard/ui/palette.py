"""The colour palette (UK Government Analysis Function, accessible) and status styling.

Status is never shown by colour alone: every status has a symbol and a word too. Text drawn on a fill
uses `text_on(fill)`, which meets WCAG's 4.5:1; fills that carry text or stand for a state on white are
dark enough to meet 3:1 against white (tests/dashboard/ui/test_palette_contrast.py checks every pair).
"""
from data_access.reference import STATUS_COMPLETE, STATUS_DUE_SOON, STATUS_NOT_DUE, STATUS_OVERDUE

DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
LIGHT_GREY = "#D9D9D9"
CATEGORICAL = [DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE]
# Darker tones of the palette's turquoise, orange and grey, for fills that carry white text (the
# Overview's tiles and status matrix write in white): each meets 4.5:1 with white, and 3:1 against the page.
DEEP_TURQUOISE = "#1A7A70"
DEEP_ORANGE = "#B04A12"
MID_GREY = "#626A6E"
BLACK_TEXT = "#0b0c0c"
WHITE = "#ffffff"

STATUS_STYLE = {
    STATUS_COMPLETE: {"colour": DARK_BLUE, "symbol": "✓", "marker": "square"},
    STATUS_DUE_SOON: {"colour": DEEP_ORANGE, "symbol": "…", "marker": "diamond"},
    STATUS_OVERDUE: {"colour": DARK_PINK, "symbol": "!", "marker": "x"},
    STATUS_NOT_DUE: {"colour": MID_GREY, "symbol": "·", "marker": "circle-open"},
}
STATUS_ORDER = [STATUS_COMPLETE, STATUS_DUE_SOON, STATUS_NOT_DUE, STATUS_OVERDUE]

# Overall progress of an authority on a review, for the map.
PROGRESS_STYLE = {
    "overdue": {"colour": DARK_PINK, "label": "Behind: milestone overdue", "symbol": "!"},
    "on track": {"colour": DEEP_TURQUOISE, "label": "On track", "symbol": "✓"},
    "complete": {"colour": DARK_BLUE, "label": "All milestones complete", "symbol": "★"},
    "not taking part": {"colour": "#F2F2F2", "label": "Not taking part", "symbol": ""},
}

FONT = "Arial, Helvetica, sans-serif"


def _luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb colour."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (dark text on light fills)."""
    return BLACK_TEXT if contrast_ratio(BLACK_TEXT, fill) >= contrast_ratio(WHITE, fill) else WHITE


def text_colour(colour: str, background: str = WHITE) -> str:
    """`colour` for a label on `background` when it meets 4.5:1 there, else black text (a turquoise line
    keeps its colour; its label is written in black)."""
    return colour if contrast_ratio(colour, background) >= 4.5 else BLACK_TEXT
