"""The tables behind the Themes page's charts (and their CSV downloads)."""
from __future__ import annotations

import pandas as pd

from data_access import themes

from .ui.filters import parse_family_group, parse_range
from .ui.format import percent
from .datasets import dataset


def theme_filters(params: dict) -> dict:
    a, b = parse_range(params.get("start"), params.get("end"))
    return {"family_group": parse_family_group(params.get("family_group")), "start": a, "end": b}


def _frequency_table(f: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Theme": f.theme, "Code": f.code, "Question": f.question, "Strengths": f.strengths,
                         "Areas for improvement": f.improvements, "Total": f.total})


@dataset("themes-frequency")
def themes_frequency(db, scope, params, day):
    return _frequency_table(themes.theme_frequency(db, scope, params["review"], as_of=day, **theme_filters(params)))


@dataset("themes-subthemes")
def themes_subthemes(db, scope, params, day):
    if not params.get("theme"):
        return pd.DataFrame(columns=["Theme", "Code", "Question", "Strengths", "Areas for improvement", "Total"])
    return _frequency_table(themes.theme_frequency(db, scope, params["review"], as_of=day, parent=params["theme"],
                                                   **theme_filters(params)))


def _wide(frame: pd.DataFrame, row: str, col: str, value: str, fmt=None) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({"Theme": []})
    out = frame.copy()
    if fmt:
        out[value] = [fmt(v) for v in out[value]]
    wide = out.pivot(index=row, columns=col, values=value)
    wide = wide.reindex(index=list(dict.fromkeys(frame[row])), columns=list(dict.fromkeys(frame[col])))
    return wide.reset_index().rename(columns={row: "Theme"})


@dataset("themes-sources")
def themes_sources(db, scope, params, day):
    f = themes.theme_by_source(db, scope, params["review"], as_of=day, **theme_filters(params))
    return _wide(f, "theme", "source", "tally")


@dataset("themes-authorities")
def themes_authorities(db, scope, params, day):
    f = themes.theme_by_area(db, scope, params["review"], "authority", as_of=day, **theme_filters(params))
    return _wide(f, "theme", "area", "tally")


@dataset("themes-groups")
def themes_groups(db, scope, params, day):
    f = themes.theme_by_area(db, scope, params["review"], "family_group", as_of=day, **theme_filters(params))
    return _wide(f, "theme", "area", "share", fmt=lambda v: percent(v, 1))


@dataset("themes-saturation")
def themes_saturation(db, scope, params, day):
    w = themes.theme_weekly(db, scope, params["review"], as_of=day, **theme_filters(params))
    return pd.DataFrame({"Week beginning": w.week, "Times coded": w.tallies,
                         "Sub-themes coded for the first time": w.new_codes,
                         "New sub-theme x authority x source combinations": w.new_combinations,
                         "Sub-themes coded so far": w.codes_so_far})


@dataset("themes-cooccurrence")
def themes_cooccurrence(db, scope, params, day):
    c = themes.theme_cooccurrence(db, scope, params["review"], as_of=day, **theme_filters(params))
    return _wide(c, "theme_a", "theme_b", "combinations")


@dataset("themes-questions")
def themes_questions(db, scope, params, day):
    q = themes.theme_questions(db, scope, params["review"], as_of=day)
    return pd.DataFrame({"Question": q.question, "Question text": q.text, "Theme": q.theme,
                         "Sub-themes": q.sub_themes, "Strengths": q.strengths,
                         "Areas for improvement": q.improvements, "Total": q.total})
