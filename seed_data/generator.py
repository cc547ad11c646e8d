"""Deterministic generator of the demonstration dataset: the real programme plus synthetic detail.

Per-authority detail (progress, survey responses, eligible populations, theme tallies,
commentary) is synthetic and the interface labels it as demonstration data. The same
arguments always give the same rows: every random draw comes from a `random.Random`
seeded with a fixed string.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from data_access.reference import AUTHORITIES, EVIDENCE_SOURCES

from . import programme as P

D = dt.date
WEEK = dt.timedelta(weeks=1)

# Rough population in thousands: only used to size synthetic staff and young-people numbers.
_POPULATION_K = {
    "Aberdeen City": 227, "Aberdeenshire": 263, "Angus": 116, "Argyll and Bute": 86,
    "City of Edinburgh": 527, "Clackmannanshire": 52, "Dumfries and Galloway": 146, "Dundee City": 149,
    "East Ayrshire": 122, "East Dunbartonshire": 109, "East Lothian": 112, "East Renfrewshire": 97,
    "Falkirk": 160, "Fife": 374, "Glasgow City": 635, "Highland": 238, "Inverclyde": 78,
    "Midlothian": 95, "Moray": 94, "Na h-Eileanan Siar": 26, "North Ayrshire": 134,
    "North Lanarkshire": 341, "Orkney Islands": 22, "Perth and Kinross": 153, "Renfrewshire": 184,
    "Scottish Borders": 116, "Shetland Islands": 23, "South Ayrshire": 112, "South Lanarkshire": 322,
    "Stirling": 92, "West Dunbartonshire": 88, "West Lothian": 185,
}
POPULATION_K = {a.gss_code: _POPULATION_K[a.name] for a in AUTHORITIES}
ALL_CODES = [a.gss_code for a in AUTHORITIES]

DELAY_REASONS = [
    "Co-ordinator post vacant; interim contact agreed.",
    "Awaiting sign-off by the chief social work officer.",
    "Staff absence; revised date agreed with the review team.",
    "Information held across two systems; collation taking longer.",
    "Committee cycle delayed approval.",
    "Local pressures; the authority asked for a short extension.",
]


@dataclass
class Dataset:
    """Rows keyed by natural keys (codes and slugs, not database ids)."""

    authorities: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    participation: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    phases: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    authority_milestones: list[dict] = field(default_factory=list)
    commentary: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    surveys: list[dict] = field(default_factory=list)
    eligible: list[dict] = field(default_factory=list)
    responses: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    tallies: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def spread(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - out[i], rng.random()), reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def daily_curve(rng: random.Random, days: int) -> list[float]:
    """A survey's typical day-by-day shape: an opening burst, reminder bumps, a tail."""
    weights = []
    for d in range(days):
        w = 3.0 * (0.85 ** d) + 0.4
        if d in (days // 3, 2 * days // 3):
            w += 1.5  # reminder e-mails
        if d >= days - 3:
            w += 0.8  # last-chance push
        weights.append(w * rng.uniform(0.6, 1.4))
    return weights


def _completion(rng: random.Random, due: dt.date, late_share: float, start: dt.date | None) -> tuple[dt.date, int]:
    """A synthetic completion date: usually on or before the due date, sometimes late."""
    if rng.random() < late_share:
        late = rng.choice([3, 5, 8, 12, 20, 30, 45, 60])
        return due + dt.timedelta(days=late), late
    # A span (a survey, a round of interviews) ends on its last day; a deadline may be beaten.
    early = rng.randint(0, 2) if start else rng.randint(0, 10)
    return due - dt.timedelta(days=early), 0


def _joint_schedule(notified: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
    """Stage windows for one partnership: 22 weeks, two more when a school holiday falls inside."""
    end = notified + 22 * WEEK
    extra = 0
    for year in (notified.year, notified.year + 1):
        for holiday in (D(year, 7, 15), D(year, 12, 27)):
            if notified < holiday < end:
                extra += 2
    rows, previous = [], notified
    for code, name, weeks in P.JOINT_STAGES:
        due = notified + weeks * WEEK
        if weeks >= 14:
            due += extra * WEEK
        rows.append((code, name, previous, due))
        previous = due
    return rows


def build(scale: int = 1) -> Dataset:
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    ds = Dataset()
    ds.authorities = [
        {"gss_code": a.gss_code, "name": a.name, "family_group": a.family_group, "latitude": a.latitude,
         "longitude": a.longitude, "tile_col": a.tile_col, "tile_row": a.tile_row}
        for a in AUTHORITIES
    ]
    for title, published, downloads, review in P.PUBLICATIONS:
        ds.publications.append({"title": title, "published_on": published, "downloads": downloads, "review": review})

    reviews = [dict(r) for r in P.REVIEWS]
    for r in reviews:
        _build_review(ds, r, shift=dt.timedelta(0), tag="")
    # Benchmark volume: copies of the governance review on later dates, clearly named.
    base = next(r for r in P.REVIEWS if r["slug"] == P.GOVERNANCE)
    for i in range(2, scale + 1):
        copy = dict(base)
        copy["slug"] = f"{P.GOVERNANCE}-volume-{i:03d}"
        copy["title"] = f"Benchmark volume review {i:03d} (synthetic)"
        _build_review(ds, copy, shift=dt.timedelta(weeks=i), tag=P.GOVERNANCE)
    return ds


def _build_review(ds: Dataset, review: dict, shift: dt.timedelta, tag: str) -> None:
    slug = review["slug"]
    template = tag or slug
    rng = random.Random(f"review:{slug}")
    s = lambda d: d + shift if d is not None else None  # noqa: E731
    ds.reviews.append({**review, "starts_on": s(review["starts_on"]), "ends_on": s(review["ends_on"])})

    if template == P.JOINT:
        who = {"programme": [c for c, _ in P.JOINT_PROGRAMME]}
    elif template == P.CEYP:
        who = {"all": ALL_CODES, "areas": P.CEYP_AREAS}
    elif template == P.QI64:
        who = {"all": ALL_CODES, "areas": P.QI64_VALIDATION_AREAS}
    else:
        who = {"all": ALL_CODES}
    participants = sorted({c for codes in who.values() for c in codes})
    areas = set(who.get("areas", []))
    for code in participants:
        part = "partnership inspected" if template == P.JOINT else (
            "phase 2 area" if code in areas else "all authorities")
        ds.participation.append({"review": slug, "gss_code": code, "participation": part})

    for code, text in P.QUESTIONS[template]:
        ds.questions.append({"review": slug, "code": code, "text": text})

    completions: dict[tuple[str, str], dt.date] = {}
    if template == P.JOINT:
        _joint_milestones(ds, slug, rng, completions)
    else:
        _programme_milestones(ds, slug, template, rng, who, s, completions)

    _surveys(ds, slug, template, rng, who, s, completions)
    if template == P.GOVERNANCE:
        doc_rng = random.Random(f"documents:{slug}")
        weights = [POPULATION_K[c] ** 0.5 * doc_rng.uniform(0.7, 1.3) for c in ALL_CODES]
        for code, docs in zip(ALL_CODES, spread(doc_rng, P.GOVERNANCE_DOCUMENT_TOTAL, weights)):
            ds.documents.append({"review": slug, "gss_code": code, "documents": docs,
                                 "returned_on": completions[("document-return", code)]})
    _themes(ds, slug, template, rng, who, s, completions)


def _programme_milestones(ds, slug, template, rng, who, s, completions) -> None:
    phases = [p for p in P.PHASES if p[0] == template]
    phase_ends: dict[int, dt.date] = {}
    for review, phase_seq, seq, code, name, start, due, per_la, group in P.MILESTONES:
        if review != template:
            continue
        actual = s(due)
        if per_la:
            actual = None
            done = []
            late_share = 0.12 if group == "all" else 0.25
            for la in who[group]:
                when, late = _completion(rng, s(due), late_share, s(start))
                completions[(code, la)] = when
                done.append(when)
                ds.authority_milestones.append({"review": slug, "milestone": code, "gss_code": la,
                                                "due_date": s(due), "completed_on": when})
                if late > 7:
                    ds.commentary.append({"review": slug, "milestone": code, "gss_code": la,
                                          "written_on": s(due) + dt.timedelta(days=3),
                                          "body": rng.choice(DELAY_REASONS)})
            actual = max(done)
        ds.milestones.append({"review": slug, "phase_seq": phase_seq, "seq": seq, "code": code, "name": name,
                              "planned_start": s(start), "planned_date": s(due), "actual_date": actual,
                              "per_authority": per_la, "applies_to": "phase 2 area" if group == "areas" else None})
        phase_ends[phase_seq] = max(phase_ends.get(phase_seq, actual), actual)
    for _, seq, name, start, end in phases:
        ds.phases.append({"review": slug, "seq": seq, "name": name, "planned_start": s(start),
                          "planned_end": s(end), "actual_start": s(start),
                          "actual_end": max(s(end), phase_ends.get(seq, s(end)))})


def _joint_milestones(ds, slug, rng, completions) -> None:
    per_stage: dict[str, list[tuple[dt.date, dt.date, dt.date]]] = {}
    for la, notified in P.JOINT_PROGRAMME:
        for code, _name, start, due in _joint_schedule(notified):
            slip = rng.choice([0, 0, 0, 0, 3, 7, 12]) if code != "notification" else 0
            when = due + dt.timedelta(days=slip)
            completions[(code, la)] = when
            per_stage.setdefault(code, []).append((start, due, when))
            ds.authority_milestones.append({"review": slug, "milestone": code, "gss_code": la,
                                            "due_date": due, "completed_on": when})
            if slip > 7:
                ds.commentary.append({"review": slug, "milestone": code, "gss_code": la,
                                      "written_on": due + dt.timedelta(days=2), "body": rng.choice(DELAY_REASONS)})
    stage_phase = {"preparation": 1, "phase-1": 2, "phase-2": 3, "phase-3": 4, "report": 5, "notification": 1}
    phase_names = {1: "Preparation stage", 2: "Phase 1", 3: "Phase 2", 4: "Phase 3", 5: "Reporting stage"}
    for seq, (code, name, _weeks) in enumerate(P.JOINT_STAGES, start=1):
        rows = per_stage[code]
        ds.milestones.append({"review": slug, "phase_seq": stage_phase[code], "seq": seq, "code": code, "name": name,
                              "planned_start": min(r[0] for r in rows), "planned_date": max(r[1] for r in rows),
                              "actual_date": max(r[2] for r in rows), "per_authority": True, "applies_to": None})
    for seq, name in phase_names.items():
        stage = [c for c, p in stage_phase.items() if p == seq and c != "notification"][0]
        rows = per_stage[stage]
        ds.phases.append({"review": slug, "seq": seq, "name": name, "planned_start": min(r[0] for r in rows),
                          "planned_end": max(r[1] for r in rows), "actual_start": min(r[0] for r in rows),
                          "actual_end": max(r[2] for r in rows)})


def _surveys(ds, slug, template, rng, who, s, completions) -> None:
    for review, code, name, audience, people, target, opens, closes, group in P.SURVEYS:
        if review != template:
            continue
        srng = random.Random(f"survey:{slug}:{code}")
        ds.surveys.append({"review": slug, "code": code, "name": name, "audience": audience, "counts_people": people,
                           "target_rate": target, "opens_on": s(opens), "closes_on": s(closes)})
        if not people:
            # One submission per authority, on the day it completed the matching milestone.
            milestone = "national-survey" if template == P.CEYP else "self-evaluation-submitted"
            for la in who[group]:
                ds.eligible.append({"review": slug, "survey": code, "gss_code": la, "eligible": 1})
                ds.responses.append({"review": slug, "survey": code, "gss_code": la,
                                     "day": completions[(milestone, la)], "responses": 1})
            continue
        codes = who[group]
        if template == P.JOINT:
            windows = {la: (completions[("preparation", la)], completions[("phase-1", la)]) for la in codes}
        else:
            windows = {la: (s(opens), s(closes)) for la in codes}
        factor = {"young-people": 0.9, "frontline-staff": 0.55}.get(code, 1.8 if template != P.JOINT else 2.4)
        eligible = {la: max(8, round(POPULATION_K[la] * factor * srng.uniform(0.8, 1.2))) for la in codes}
        rates = {la: min(0.95, max(0.08, srng.gauss(target, 0.12))) for la in codes}
        if template == P.GOVERNANCE:
            totals = spread(srng, P.GOVERNANCE_SURVEY_TOTAL, [eligible[la] * rates[la] for la in codes])
            totals = dict(zip(codes, totals))
        else:
            totals = {la: round(eligible[la] * rates[la]) for la in codes}
        for la in codes:
            totals[la] = min(totals[la], eligible[la])
            ds.eligible.append({"review": slug, "survey": code, "gss_code": la, "eligible": eligible[la]})
            start, end = windows[la]
            days = (end - start).days + 1
            for offset, count in enumerate(spread(srng, totals[la], daily_curve(srng, days))):
                if count:
                    ds.responses.append({"review": slug, "survey": code, "gss_code": la,
                                         "day": start + dt.timedelta(days=offset), "responses": count})


# Evidence windows: template -> [(source, group, start, end)]; joint inspections use each partnership's stages.
_EVIDENCE = {
    P.GOVERNANCE: [("survey", "all", D(2024, 8, 19), D(2024, 10, 4)),
                   ("documents", "all", D(2024, 8, 26), D(2024, 9, 27)),
                   ("interviews", "all", D(2024, 9, 30), D(2024, 11, 1)),
                   ("focus groups", "all", D(2024, 9, 30), D(2024, 11, 1))],
    P.CEYP: [("survey", "all", D(2024, 4, 15), D(2024, 6, 7)), ("documents", "areas", D(2024, 8, 1), D(2024, 8, 30)),
             ("record reading", "areas", D(2024, 8, 1), D(2024, 8, 30)),
             ("interviews", "areas", D(2024, 9, 9), D(2024, 9, 20)),
             ("focus groups", "areas", D(2024, 9, 9), D(2024, 9, 20)),
             ("survey", "areas", D(2024, 8, 26), D(2024, 9, 30))],
    P.QI64: [("documents", "all", D(2024, 9, 2), D(2024, 11, 27)),
             ("documents", "areas", D(2025, 1, 20), D(2025, 2, 24)),
             ("focus groups", "areas", D(2025, 1, 20), D(2025, 2, 24))],
}


def _themes(ds, slug, template, rng, who, s, completions) -> None:
    trng = random.Random(f"themes:{slug}")
    leaves = []
    for code, name, question, subs in P.THEMES[template]:
        ds.themes.append({"review": slug, "code": code, "name": name, "parent": None, "question": question})
        for sub_code, sub_name in subs:
            ds.themes.append({"review": slug, "code": sub_code, "name": sub_name, "parent": code, "question": question})
            leaves.append((sub_code, trng.uniform(0.2, 0.8)))
    if template == P.JOINT:
        windows = []
        for la, _ in P.JOINT_PROGRAMME:
            stage = {"documents": ("notification", "preparation"), "survey": ("preparation", "phase-1"),
                     "record reading": ("phase-1", "phase-2"), "interviews": ("phase-2", "phase-3"),
                     "focus groups": ("phase-2", "phase-3")}
            for source, (a, b) in stage.items():
                windows.append((source, [la], completions[(a, la)], completions[(b, la)]))
    else:
        windows = [(src, who[group], s(a), s(b)) for src, group, a, b in _EVIDENCE[template]]
    cells: dict[tuple, int] = {}
    for source, codes, start, end in windows:
        assert source in EVIDENCE_SOURCES
        weeks = max(1, ((monday(end) - monday(start)).days // 7) + 1)
        for la in codes:
            for theme, strength_share in leaves:
                if trng.random() < 0.45:
                    continue
                for _ in range(trng.randint(1, 3)):
                    week = monday(start) + trng.randrange(weeks) * WEEK
                    polarity = "strength" if trng.random() < strength_share else "improvement"
                    key = (theme, la, source, polarity, week)
                    cells[key] = cells.get(key, 0) + trng.randint(1, 6)
    for (theme, la, source, polarity, week), tally in sorted(cells.items()):
        ds.tallies.append({"review": slug, "theme": theme, "gss_code": la, "source": source,
                           "polarity": polarity, "week_start": week, "tally": tally})
