"""The Overview's headline cards: each says whose figure it shows (Scotland, the areas a survey ran
in, or a co-ordinator's own authority), marks below target and overdue in words and a symbol as
well as colour, and gives the change since a week earlier where there is one.

A card is a dict: label, value, note (the presenter's title slide shows these three), whose, and
flag (True when the card marks something below target or overdue).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.context import Ask
from dashboard.ui.format import in_words, join_names, number, percent, plural, uk_date, word_for
from data_access import portfolio as portfolio_data
from data_access import programme, queries, surveys
from data_access.disclosure import exact, is_suppressed
from data_access.reference import AUTHORITY_BY_CODE

OVERDUE_MARK = "! Overdue"
BELOW_MARK = "▼ Below target"
SCOTLAND = "Scotland"


def card(label: str, value: str, note: str, whose: str = SCOTLAND, flag: bool = False) -> dict:
    return {"label": label, "value": value, "note": note, "whose": whose, "flag": flag}


def _change(value, since) -> str:
    """'+245 since 24 September 2024', or how a hidden change is written."""
    if is_suppressed(value):
        return f"change since {uk_date(since)}: c"
    if not exact(value):
        return ""
    return f"+{number(value)} since {uk_date(since)}" if since else f"+{number(value)} in the last week"


def current_milestone(counts: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The per-authority milestone a leader is watching: the next one due, else the one due last."""
    if counts.empty:
        return counts
    ahead = counts[counts.last_due >= as_of]
    seq = ahead.sort_values(["last_due", "seq"]).seq.iloc[0] if not ahead.empty else counts.seq.max()
    return counts[counts.seq == seq]


def _milestone_card(counts: pd.DataFrame, as_of: dt.date) -> dict | None:
    cur = current_milestone(counts, as_of)
    if cur.empty:
        return None
    done, total = int(cur[cur.status == "complete"].authorities.sum()), int(cur.authorities.sum())
    due = cur.last_due.max()
    whose = SCOTLAND if total >= len(AUTHORITY_BY_CODE) else f"{in_words(total).capitalize()} areas taking part"
    return card("Authorities complete on the milestone due next" if due >= as_of
                else "Authorities complete on the latest milestone",
                percent(done / total) if total else "no data",
                f"{done} of {plural(total, 'authority')}: {cur.iloc[0]['milestone']}, due {uk_date(due)}", whose)


def _own_overdue_card(ask: Ask, row: pd.Series) -> dict | None:
    """A co-ordinator's own overdue milestones, beside Scotland's."""
    own = ask.scope.authority
    if not own or ask.scope.sees_named_authorities:
        return None
    prog = queries.authority_progress(ask.db, ask.scope, row["slug"], as_of=ask.day)
    mine = prog[prog.gss_code == own]
    if mine.empty:
        return None
    n = int(mine.overdue.iloc[0])
    note = (f"{OVERDUE_MARK}: {n} of {plural(int(mine.milestones.iloc[0]), 'milestone')}"
            if n else f"None overdue; {int(mine.complete.iloc[0])} of "
                      f"{plural(int(mine.milestones.iloc[0]), 'milestone')} complete")
    return card("Overdue milestones", str(n), note, AUTHORITY_BY_CODE[own].name, n > 0)


def _overdue_card(row: pd.Series) -> dict:
    n = int(row["overdue"])
    lately = int(row["completed_lately"])
    week = (f"{plural(lately, 'milestone', zero='no')} completed in the last {portfolio_data.CHANGE_DAYS} days")
    if n == 0:
        return card("Overdue milestones", "0", f"None overdue; {week}")
    return card("Overdue milestones", str(n),
                f"{OVERDUE_MARK}: the oldest by {plural(int(row['slippage_days']), 'day')}; {week}", flag=True)


def _survey_cards(ask: Ask, row: pd.Series) -> list[dict]:
    totals = queries.survey_totals(ask.db, ask.scope, row["slug"], as_of=ask.day)
    people = totals[totals.counts_people.astype(bool)] if not totals.empty else totals
    if people.empty:
        return []
    s = people.iloc[0]
    comps = surveys.survey_comparators(ask.db, ask.scope, row["slug"], s["code"], as_of=ask.day)
    whose = comps[comps.national.astype(bool)].area.iloc[0] if not comps.empty else SCOTLAND
    below = exact(s["rate"]) and s["rate"] < s["target_rate"]
    change, since = portfolio_data.responses_change(ask.db, ask.scope, row["slug"], s["code"], ask.day)
    parts = [f"{BELOW_MARK} of {percent(s['target_rate'])}" if below else f"Target {percent(s['target_rate'])}",
             s["name"], _change(change, since)]
    cards = [card("Survey response rate", percent(s["rate"]), "; ".join(p for p in parts if p), whose, bool(below))]
    own = ask.scope.authority
    if own and not ask.scope.sees_named_authorities:
        mine = surveys.survey_rates(ask.db, ask.scope, row["slug"], s["code"], as_of=ask.day)
        mine = mine[mine.gss_code == own]
        if not mine.empty:
            r = mine.iloc[0]
            low = bool(r.below_target) and bool(exact(r.rate))
            cards.append(card("Survey response rate", percent(r.rate),
                              f"{BELOW_MARK} of {percent(s['target_rate'])}" if low
                              else f"Target {percent(s['target_rate'])}", AUTHORITY_BY_CODE[own].name, low))
    return cards


def _improvement_card(themes: pd.DataFrame) -> dict | None:
    if themes.empty:
        return None
    improve = themes[(themes.polarity == "improvement") & themes.tally.apply(exact)]
    if improve.empty:
        return card("Top area for improvement", "not shown", "The numbers are too small to show.")
    top = int(improve.tally.max())
    tied = list(improve[improve.tally == top].theme)
    return card("Top area for improvement", join_names(tied),
                f"Coded {plural(top, 'time')} as an area for improvement so far"
                + (" (a tie)" if len(tied) > 1 else ""))


def _programme_cards(ask: Ask, row: pd.Series) -> list[dict]:
    """A rolling programme is counted in partnerships and reports, never as one review's milestones."""
    counts = programme.programme_stage_counts(ask.db, ask.scope, row["slug"], as_of=ask.day)
    total = int(counts.partnerships.sum())
    published = int(counts[counts.stage == programme.PUBLISHED].partnerships.sum())
    under_way = total - published - int(counts[counts.stage == "Not yet notified"].partnerships.sum())
    cards = [card("Reports published", f"{published} of {total}",
                  f"{under_way} {word_for(under_way, 'inspection')} under way; each takes about 22 weeks")]
    own = ask.scope.authority
    if own and not ask.scope.sees_named_authorities:
        mine = programme.programme_partnerships(ask.db, ask.scope, row["slug"], as_of=ask.day)
        if not mine.empty:
            r = mine.iloc[0]
            cards.append(card("Your partnership's inspection", r.stage,
                              f"Week {r.weeks_elapsed} of about {r.weeks_planned}", r.authority))
    return cards


def headline_cards(ask: Ask, row: pd.Series) -> list[dict]:
    """The review's headline figures, the phase first (the presenter's title slide leaves it out)."""
    rolling = programme.is_rolling_programme(ask.db, ask.scope, row["slug"], as_of=ask.day)
    phase = "Rolling programme" if rolling else row["current_phase"]
    cards = [card("Current phase", phase, row["title"], whose="This review")]
    if row["next_milestone"] is not None:
        cards.append(card("Days to next milestone", str(int(row["days_to_next"])),
                          f"{row['next_milestone']}, {uk_date(row['next_due'])}", whose="This review"))
    else:
        cards.append(card("Days to next milestone", "none", "No milestones ahead", whose="This review"))
    if rolling:
        cards += _programme_cards(ask, row)
    else:
        counts = queries.national_status_counts(ask.db, ask.scope, row["slug"], as_of=ask.day)
        cards.append(_milestone_card(counts, ask.day))
    cards.append(_overdue_card(row))
    cards.append(_own_overdue_card(ask, row))
    cards += _survey_cards(ask, row)
    cards.append(_improvement_card(queries.theme_totals(ask.db, ask.scope, row["slug"], as_of=ask.day)))
    return [c for c in cards if c is not None]
