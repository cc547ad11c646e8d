"""The colour palette (UK Government Analysis Function, accessible) and status styling.

Status is never shown by colour alone: every status has a symbol and a word too.
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

STATUS_STYLE = {
    STATUS_COMPLETE: {"colour": DARK_BLUE, "symbol": "✓", "marker": "square"},
    STATUS_DUE_SOON: {"colour": ORANGE, "symbol": "…", "marker": "diamond"},
    STATUS_OVERDUE: {"colour": DARK_PINK, "symbol": "!", "marker": "x"},
    STATUS_NOT_DUE: {"colour": LIGHT_GREY, "symbol": "·", "marker": "circle-open"},
}
STATUS_ORDER = [STATUS_COMPLETE, STATUS_DUE_SOON, STATUS_NOT_DUE, STATUS_OVERDUE]

# Overall progress of an authority on a review, for the map.
PROGRESS_STYLE = {
    "overdue": {"colour": DARK_PINK, "label": "Behind: milestone overdue", "symbol": "!"},
    "on track": {"colour": TURQUOISE, "label": "On track", "symbol": "✓"},
    "complete": {"colour": DARK_BLUE, "label": "All milestones complete", "symbol": "★"},
    "not taking part": {"colour": "#F2F2F2", "label": "Not taking part", "symbol": ""},
}

FONT = "Arial, Helvetica, sans-serif"
