"""Filters as they travel in the query string: parsed strictly, written back in a stable order."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import ctx, html, no_update

from ..context import AS_OF_PARAM, as_of, demonstration_reviews, replayed_as_of

FAMILY_GROUPS = (1, 2, 3, 4)


UK_DATE = re.compile(r"\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*")


def parse_date(value) -> dt.date | None:
    """A date from the query string (2024-03-27) or as a person types it in the UK (27/03/2024)."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    uk = UK_DATE.fullmatch(text)
    try:
        if uk:
            day, month, year = (int(g) for g in uk.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def uk_input_date(value) -> str:
    """How a date input shows a date: dd/mm/yyyy, whatever the browser's locale."""
    day = parse_date(value)
    return f"{day:%d/%m/%Y}" if day else ""


def parse_range(start, end) -> tuple[dt.date | None, dt.date | None]:
    """A date range; a range given back to front is turned round rather than emptied."""
    a, b = parse_date(start), parse_date(end)
    if a and b and b < a:
        a, b = b, a
    return a, b


def axis_range(window, dates) -> list[str] | None:
    """A date axis's range from a window that may give only one end ("From" alone, or "To" alone):
    the open end is the data's own first or last date."""
    if not window or not any(window):
        return None
    known = [d for d in dates if isinstance(d, dt.date)]
    lo = window[0] or (min(known) if known else None)
    hi = window[1] or (max(known) if known else None)
    if lo is None or hi is None:
        return None
    lo, hi = (lo, hi) if lo <= hi else (hi, lo)
    return [lo.isoformat(), hi.isoformat()]


def parse_family_group(value) -> int | None:
    try:
        fg = int(value)
    except (TypeError, ValueError):
        return None
    return fg if fg in FAMILY_GROUPS else None


def query_string(**params) -> str:
    """'?review=...&start=...' with empty values left out; a replayed as-of date is kept in it."""
    replay = replayed_as_of()
    if replay is not None and AS_OF_PARAM not in params:
        params[AS_OF_PARAM] = replay
    clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items()
             if v not in (None, "", [])}
    return "?" + urlencode(clean) if clean else ""


def _triggered():
    try:
        return ctx.triggered_id
    except Exception:  # called as a plain function (unit tests, downloads): no browser is waiting
        return "plain call"


def address_for_action(search: str):
    """The query string a filter callback writes back to the address bar, only when a person changed a
    filter. A callback run because the page was drawn or restored from the address (a page load,
    Back or Forward) leaves the address as it is: history then gains exactly one entry per action,
    and Back and Forward never push entries that would wipe the forward history."""
    triggered = _triggered()
    if triggered is None or (isinstance(triggered, str) and triggered.endswith("-url")):
        return no_update
    return search


def address_params(search) -> dict[str, str]:
    """The filters an address names: {'review': ..., 'start': ...}. A search that is not text (only a
    forged request sends one) names none."""
    if not isinstance(search, str):
        return {}
    return {k: v[0] for k, v in parse_qs(search.lstrip("?")).items() if v and v[0]}


def restoring(url_id: str) -> bool:
    """Whether this run was started by the address changing under the page: Back or Forward."""
    return _triggered() == url_id


def with_param(search: str | None, name: str, value: str | None) -> str:
    """A search string with one parameter set (or removed when value is None), the others kept."""
    search = search if isinstance(search, str) else ""
    pairs = [(k, v) for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True) if k != name]
    if value is not None:
        pairs.append((name, value))
    return "?" + urlencode(pairs) if pairs else ""


def date_range_inputs(prefix: str, start=None, end=None, *, disabled: bool = False):
    """Two date inputs for a date range, written dd/mm/yyyy whatever the browser's locale (a native date
    input follows the browser's, and is four Tab stops); `disabled` when the role is offered one fixed
    period only. Each applies when Enter is pressed or focus leaves it."""
    def one(part: str, label: str, value):
        return dbc.Col([
            # The format is part of the label, so a screen reader says it with the field's name.
            dbc.Label([label, " ", html.Span("(dd/mm/yyyy)", className="date-hint")], html_for=f"{prefix}-{part}"),
            dbc.Input(id=f"{prefix}-{part}", type="text", inputMode="numeric", value=uk_input_date(value),
                      debounce=True, disabled=disabled, autoComplete="off", maxLength=10, className="date-input"),
        ], xs=6, md=2)

    return [one("start", "From", start), one("end", "To", end)]


def family_group_select(prefix: str, value=None, disabled: bool = False):
    options = [{"label": "All family groups", "value": "all"}] + [
        {"label": f"Family group {g}" + (" (least deprived)" if g == 1 else " (most deprived)" if g == 4 else ""),
         "value": str(g)} for g in FAMILY_GROUPS]
    return dbc.Col([dbc.Label("Family group", html_for=f"{prefix}-family-group"),
                    dbc.Select(id=f"{prefix}-family-group", options=options,
                               value=str(parse_family_group(value) or "all"), disabled=disabled)], xs=12, md=3)


def demo_note(review: str | None = None, *, any_review: bool = False):
    """Says the detail is synthetic, only where a demonstration review is shown.

    `review` is the review the page shows; `any_review` is for a page showing every review (an
    authority's profile), which says so when any of them is a demonstration.
    """
    demo = demonstration_reviews()
    if not (review in demo if review else (any_review and demo)):
        return None
    which = ("This is a demonstration review: its" if review and not as_of()[1] else
             "Some reviews shown are demonstration reviews: their" if not review and not as_of()[1] else "")
    text = (f"{which} per-authority detail is synthetic, on the real programme's dates." if which else
            "Per-authority detail is demonstration data: synthetic numbers on the real programme's dates.")
    return html.P(text, className="demo-note")
