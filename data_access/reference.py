"""Reference facts the whole product shares: the 32 authorities, roles, statuses, sources."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    gss_code: str
    name: str
    family_group: int
    latitude: float
    longitude: float
    tile_col: int
    tile_row: int  # 0 is the northernmost row of the tile map


# The Local Government Benchmarking Framework family groups are those for children, social
# work and housing indicators (1 = least deprived). Tile positions are chosen by hand so
# the 32 squares read as Scotland while every central-belt authority keeps its own tile.
AUTHORITIES: tuple[Authority, ...] = (
    Authority("S12000033", "Aberdeen City", 1, 57.15, -2.11, 5, 2),
    Authority("S12000034", "Aberdeenshire", 1, 57.25, -2.60, 4, 2),
    Authority("S12000041", "Angus", 2, 56.70, -2.90, 4, 3),
    Authority("S12000035", "Argyll and Bute", 2, 56.30, -5.30, 1, 3),
    Authority("S12000036", "City of Edinburgh", 1, 55.94, -3.25, 5, 6),
    Authority("S12000005", "Clackmannanshire", 3, 56.15, -3.75, 3, 4),
    Authority("S12000006", "Dumfries and Galloway", 3, 55.05, -3.90, 3, 8),
    Authority("S12000042", "Dundee City", 4, 56.47, -2.97, 4, 4),
    Authority("S12000008", "East Ayrshire", 4, 55.45, -4.25, 2, 7),
    Authority("S12000045", "East Dunbartonshire", 1, 55.96, -4.20, 2, 5),
    Authority("S12000010", "East Lothian", 2, 55.93, -2.75, 6, 6),
    Authority("S12000011", "East Renfrewshire", 1, 55.77, -4.35, 1, 7),
    Authority("S12000014", "Falkirk", 3, 55.99, -3.78, 3, 5),
    Authority("S12000047", "Fife", 3, 56.20, -3.10, 4, 5),
    Authority("S12000049", "Glasgow City", 4, 55.86, -4.25, 2, 6),
    Authority("S12000017", "Highland", 2, 57.50, -5.00, 2, 2),
    Authority("S12000018", "Inverclyde", 4, 55.92, -4.75, 0, 5),
    Authority("S12000019", "Midlothian", 2, 55.83, -3.10, 5, 7),
    Authority("S12000020", "Moray", 2, 57.45, -3.25, 3, 2),
    Authority("S12000013", "Na h-Eileanan Siar", 4, 57.75, -7.00, 0, 2),
    Authority("S12000021", "North Ayrshire", 4, 55.70, -4.85, 0, 7),
    Authority("S12000050", "North Lanarkshire", 4, 55.87, -3.95, 3, 6),
    Authority("S12000023", "Orkney Islands", 1, 59.00, -3.00, 3, 1),
    Authority("S12000048", "Perth and Kinross", 1, 56.55, -3.75, 3, 3),
    Authority("S12000038", "Renfrewshire", 3, 55.83, -4.55, 1, 6),
    Authority("S12000026", "Scottish Borders", 2, 55.55, -2.80, 6, 7),
    Authority("S12000027", "Shetland Islands", 1, 60.35, -1.25, 5, 0),
    Authority("S12000028", "South Ayrshire", 3, 55.25, -4.65, 1, 8),
    Authority("S12000029", "South Lanarkshire", 3, 55.60, -3.80, 3, 7),
    Authority("S12000030", "Stirling", 2, 56.25, -4.30, 2, 4),
    Authority("S12000039", "West Dunbartonshire", 4, 55.95, -4.50, 1, 5),
    Authority("S12000040", "West Lothian", 3, 55.90, -3.55, 4, 6),
)

AUTHORITY_BY_CODE = {a.gss_code: a for a in AUTHORITIES}

# Three-letter labels for map tiles, where a full name will not fit.
SHORT_NAMES = {
    "S12000033": "ABC", "S12000034": "ABS", "S12000041": "ANG", "S12000035": "A&B", "S12000036": "EDI",
    "S12000005": "CLK", "S12000006": "D&G", "S12000042": "DND", "S12000008": "EAY", "S12000045": "EDB",
    "S12000010": "ELN", "S12000011": "ERF", "S12000014": "FAL", "S12000047": "FIF", "S12000049": "GLA",
    "S12000017": "HLD", "S12000018": "INV", "S12000019": "MLN", "S12000020": "MRY", "S12000013": "ESI",
    "S12000021": "NAY", "S12000050": "NLK", "S12000023": "ORK", "S12000048": "PKN", "S12000038": "RFW",
    "S12000026": "SCB", "S12000027": "SHE", "S12000028": "SAY", "S12000029": "SLK", "S12000030": "STG",
    "S12000039": "WDB", "S12000040": "WLN",
}

# Codes replaced in 2018-2019: stored data uses the current code, imports accept either.
OLD_GSS_CODES = {
    "S12000015": "S12000047",  # Fife
    "S12000046": "S12000049",  # Glasgow City
    "S12000044": "S12000050",  # North Lanarkshire
    "S12000024": "S12000048",  # Perth and Kinross
}

# Common ways authority names are written in spreadsheets and survey exports.
NAME_VARIANTS = {
    "edinburgh": "S12000036",
    "edinburgh city": "S12000036",
    "city of edinburgh council": "S12000036",
    "aberdeen": "S12000033",
    "dundee": "S12000042",
    "glasgow": "S12000049",
    "comhairle nan eilean siar": "S12000013",
    "eilean siar": "S12000013",
    "western isles": "S12000013",
    "na h eileanan siar": "S12000013",
    "shetland": "S12000027",
    "orkney": "S12000023",
    "borders": "S12000026",
    "perth & kinross": "S12000048",
    "argyll & bute": "S12000035",
    "dumfries & galloway": "S12000006",
}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[\u2010-\u2015-]", " ", text)
    text = re.sub(r"\s+", " ", text)
    for suffix in (" council", " local authority"):
        if text.endswith(suffix) and text not in NAME_VARIANTS:
            text = text[: -len(suffix)]
    return text


_LOOKUP: dict[str, str] = {}
for _a in AUTHORITIES:
    _LOOKUP[_normalise(_a.name)] = _a.gss_code
    _LOOKUP[_a.gss_code.lower()] = _a.gss_code
    _LOOKUP[_normalise(_a.name.replace(" and ", " & "))] = _a.gss_code
for _old, _new in OLD_GSS_CODES.items():
    _LOOKUP[_old.lower()] = _new
for _variant, _code in NAME_VARIANTS.items():
    _LOOKUP[_normalise(_variant)] = _code


def resolve_authority(text: str | None) -> str | None:
    """The current GSS code for a name or code as people write it, or None when unknown."""
    if text is None:
        return None
    key = _normalise(str(text))
    return _LOOKUP.get(key)


# Roles, from least to most trusted is not meaningful: each has its own shape (SPEC section 4).
ROLES = ("admin", "leader", "inspector", "coordinator", "presenter")

# Status of an authority on a milestone, as of the as-of date.
STATUS_COMPLETE = "complete"
STATUS_OVERDUE = "overdue"
STATUS_DUE_SOON = "due soon"
STATUS_NOT_DUE = "not yet due"
STATUSES = (STATUS_COMPLETE, STATUS_OVERDUE, STATUS_DUE_SOON, STATUS_NOT_DUE)
DUE_SOON_DAYS = 14

EVIDENCE_SOURCES = ("survey", "documents", "record reading", "interviews", "focus groups")
POLARITIES = ("strength", "improvement")

REVIEW_KINDS = ("joint inspection", "thematic review", "self-evaluation")
