"""Reference facts the whole product shares: the 32 authorities, roles, statuses, sources."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


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

# The ways councils and national bodies write authority names, beyond the official names.
# Keys are written as `_canonical` leaves them: lower case, "&" as "and", no punctuation,
# no leading "the" and no trailing "council". Forms such as "X, City of", "City of X",
# "The X Council", "X, The", "X (Y)" and footnote marks are handled by `_candidates`.
NAME_VARIANTS = {
    "edinburgh": "S12000036",
    "edinburgh city": "S12000036",
    "aberdeen": "S12000033",
    "dundee": "S12000042",
    "glasgow": "S12000049",
    "comhairle nan eilean siar": "S12000013",
    "eilean siar": "S12000013",
    "western isles": "S12000013",
    "na h eileanan an iar": "S12000013",
    "na h eileanan siar": "S12000013",
    "shetland": "S12000027",
    "orkney": "S12000023",
    "borders": "S12000026",
}

# Rows that hold a total rather than one authority: reported and skipped by the importer.
TOTAL_NAMES = frozenset({
    "scotland", "scotland total", "total scotland", "total", "totals", "grand total", "all", "all areas",
    "all authorities", "all local authorities", "all councils", "all council areas", "all scotland",
    "national", "national total", "scotland all", "s92000003",
})

_FOOTNOTE = re.compile(r"(?:\s*(?:\(\s*[\w*]{1,3}\s*\)|\[\s*[\w*]{1,3}\s*\]|[*\u2020\u2021\u00a7#]+|\d{1,2}))+$")
_PARENS = re.compile(r"^(.*?)\s*\((.+)\)$")
_COMMA_FORM = re.compile(r"^(.+?),\s*(city of|the)$")
_CODE = re.compile(r"^s\d{8}$")


def _canonical(text: str) -> str:
    """A name with case, spacing, punctuation, "&", "The" and "Council" set aside."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = re.sub(r"[\u2018\u2019`]", "'", text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    if not _CODE.match(text.replace(" ", "")):
        text = _FOOTNOTE.sub("", text)
    if m := _COMMA_FORM.match(text):
        text = f"city of {m[1]}" if m[2] == "city of" else m[1]
    text = text.replace("&", " and ")
    text = re.sub(r"[-.,'/]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    for suffix in (" council area", " local authority", " council"):
        if text.endswith(suffix) and text != "comhairle nan eilean siar":
            text = text[: -len(suffix)]
    return text


def _candidates(text: str) -> list[str]:
    """The keys to look a written name up by, most literal first."""
    raw = unicodedata.normalize("NFKC", text).strip()
    key = _canonical(raw)
    out = [key]
    if key.startswith("city of "):
        out.append(key[8:] + " city")
    elif key.endswith(" city"):
        out.append("city of " + key[:-5])
    if m := _PARENS.match(raw):  # "Western Isles (Na h-Eileanan Siar)": either half may be the known one
        out += [_canonical(m[1]), _canonical(m[2])]
    return [k for k in out if k]


_LOOKUP: dict[str, str] = {}
for _a in AUTHORITIES:
    _LOOKUP[_canonical(_a.name)] = _a.gss_code
    _LOOKUP[_a.gss_code.lower()] = _a.gss_code
for _old, _new in OLD_GSS_CODES.items():
    _LOOKUP[_old.lower()] = _new
for _variant, _code in NAME_VARIANTS.items():
    _LOOKUP[_canonical(_variant)] = _code
_OFFICIAL = {a.name: a.gss_code for a in AUTHORITIES} | {a.gss_code: a.gss_code for a in AUTHORITIES}


@lru_cache(maxsize=4096)
def resolve_authority(text: str | None) -> str | None:
    """The current GSS code for a name or code as people write it, or None when unknown."""
    if text is None:
        return None
    for key in _candidates(str(text)):
        if key in _LOOKUP:
            return _LOOKUP[key]
    return None


def is_official_form(text: str) -> bool:
    """Whether `text` is exactly an authority's official name or current GSS code (spaces aside)."""
    return str(text).strip() in _OFFICIAL


@lru_cache(maxsize=1024)
def is_total(text: str | None) -> bool:
    """Whether a cell in an authority column names Scotland or a total rather than one authority."""
    if text is None:
        return False
    return any(key in TOTAL_NAMES for key in _candidates(str(text)))


def suggest_authority(text: str) -> str | None:
    """The official name of the authority `text` most probably meant, when one is close."""
    key = _canonical(str(text))
    if not key or _CODE.match(key):  # a mistyped code is as likely one authority's as another's
        return None
    close = difflib.get_close_matches(key, [k for k in _LOOKUP if not _CODE.match(k)], n=1, cutoff=0.75)
    return AUTHORITY_BY_CODE[_LOOKUP[close[0]]].name if close else None


def possessive(name: str) -> str:
    """"Fife's", but "Scottish Borders'" and "Shetland Islands'": names ending in s take only '."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


# Words whose plural is not the singular plus "s"; verbs agree with their count the same way.
_PLURALS = {"authority": "authorities", "is": "are", "has": "have", "was": "were", "needs": "need",
            "stands": "stand", "falls": "fall"}


def word_for(n, word: str, plural_word: str | None = None) -> str:
    """The singular for exactly one, otherwise the plural: 'authority', 'authorities'; 'is', 'are'."""
    if n == 1:
        return word
    return plural_word or _PLURALS.get(word) or word + "s"


def plural(n, word: str, plural_word: str | None = None, *, zero: str | None = None) -> str:
    """A count and its noun, the one way every sentence writes them: '1 day', '2 days', '1,032 documents',
    '1 authority', '3 authorities'; with `zero` ('no') a count of none reads 'no milestones'."""
    count = zero if (n == 0 and zero is not None) else f"{int(n):,}"
    return f"{count} {word_for(n, word, plural_word)}"


def join_names(names) -> str:
    """'A', 'A and B', 'A, B and C': every name of a tie, in running text."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(n: int) -> str:
    """Small counts in words, as in running text ('four areas'); 11 and above in figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


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
