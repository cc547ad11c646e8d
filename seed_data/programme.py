"""The real review programme: reviews, phases, milestones, surveys, questions, themes, publications.

Dates and names come from the regulator's published pages. Where a page gives no date (for
instance the self-evaluation's final report) the date here is a planning assumption and the
milestone name says so.
"""
from __future__ import annotations

import datetime as dt

D = dt.date

DEMO_AS_OF = D(2024, 10, 1)

JOINT = "joint-inspections-children-at-risk"
CEYP = "care-experienced-young-people"
QI64 = "self-evaluation-qi-6-4"
GOVERNANCE = "social-work-governance"

REVIEWS = [
    {
        "slug": JOINT,
        "title": "Joint inspection of services for children at risk of harm",
        "kind": "joint inspection",
        "summary": "Inspects one partnership at a time: about 22 weeks from notification letter to "
        "published report (longer across school or public holidays), with a preparation stage, "
        "three phases and a reporting stage.",
        "starts_on": D(2024, 1, 15),
        "ends_on": D(2025, 6, 30),
    },
    {
        "slug": CEYP,
        "title": "Care experienced young people thematic review",
        "kind": "thematic review",
        "summary": "Leaving care, throughcare and aftercare for young people aged 16-26, under "
        "Section 53 of the Public Services Reform (Scotland) Act 2010.",
        "legal_basis": "Section 53 of the Public Services Reform (Scotland) Act 2010",
        "starts_on": D(2024, 4, 1),
        "ends_on": D(2024, 11, 29),
    },
    {
        "slug": QI64,
        "title": "National self-evaluation against Quality Indicator 6.4",
        "kind": "self-evaluation",
        "summary": "Performance management and quality assurance: every authority self-evaluates, "
        "then four are validated. Findings are not attributed to individual authorities.",
        "starts_on": D(2024, 9, 2),
        "ends_on": D(2025, 6, 30),
    },
    {
        "slug": GOVERNANCE,
        "title": "Social work governance and assurance review",
        "kind": "thematic review",
        "summary": "How well governance and assurance arrangements support social work leaders, "
        "analysed on EFQM principles.",
        "starts_on": D(2024, 7, 15),
        "ends_on": D(2025, 6, 26),
    },
]

# Joint inspections: the partnerships in the rolling programme and their notification dates.
JOINT_PROGRAMME = [
    ("S12000017", D(2024, 1, 15)),  # Highland
    ("S12000047", D(2024, 2, 26)),  # Fife
    ("S12000042", D(2024, 4, 8)),   # Dundee City
    ("S12000028", D(2024, 5, 13)),  # South Ayrshire
    ("S12000041", D(2024, 6, 17)),  # Angus
    ("S12000040", D(2024, 8, 12)),  # West Lothian
    ("S12000038", D(2024, 9, 9)),   # Renfrewshire
    ("S12000020", D(2024, 10, 21)),  # Moray
]
# Stages of one inspection as (code, name, weeks from notification to the stage's end).
JOINT_STAGES = [
    ("notification", "Notification letter received", 0),
    ("preparation", "Preparation stage complete", 5),
    ("phase-1", "Phase 1 complete: position statement and staff survey", 10),
    ("phase-2", "Phase 2 complete: record reading", 14),
    ("phase-3", "Phase 3 complete: scrutiny sessions and focus groups", 17),
    ("report", "Inspection report published", 22),
]

CEYP_AREAS = ["S12000027", "S12000036", "S12000050", "S12000006"]  # Shetland, Edinburgh, N Lanarkshire, D&G
QI64_VALIDATION_AREAS = ["S12000034", "S12000014", "S12000018", "S12000026"]

# Phases: (review, seq, name, planned start, planned end)
PHASES = [
    (CEYP, 1, "Phase 1: national survey, literature review, focus groups, national data",
     D(2024, 4, 1), D(2024, 7, 31)),
    (CEYP, 2, "Phase 2: four areas", D(2024, 8, 1), D(2024, 9, 30)),
    (CEYP, 3, "Reporting", D(2024, 10, 1), D(2024, 11, 29)),
    (QI64, 1, "Phase 1: national self-evaluation", D(2024, 9, 2), D(2024, 11, 20)),
    (QI64, 2, "Phase 2: validation in four authorities", D(2025, 1, 20), D(2025, 2, 24)),
    (QI64, 3, "Reporting", D(2025, 2, 25), D(2025, 6, 30)),
    (GOVERNANCE, 1, "Notification and briefing", D(2024, 7, 15), D(2024, 8, 16)),
    (GOVERNANCE, 2, "Evidence gathering", D(2024, 8, 19), D(2024, 11, 1)),
    (GOVERNANCE, 3, "Analysis and national report", D(2024, 11, 4), D(2025, 3, 17)),
    (GOVERNANCE, 4, "Sharing the learning", D(2025, 3, 18), D(2025, 6, 26)),
]

# Milestones: (review, phase seq, seq, code, name, planned start, due, per authority, who)
# `who` is "all" for all 32, "areas" for a review's selected areas, "programme" for joint inspections.
MILESTONES = [
    (CEYP, 1, 1, "national-survey", "National survey returned", D(2024, 4, 15), D(2024, 5, 31), True, "all"),
    (CEYP, 2, 2, "record-reading", "Record reading with lead professionals (five young people)",
     D(2024, 8, 1), D(2024, 8, 30), True, "areas"),
    (CEYP, 2, 3, "local-engagement", "Two weeks of local engagement", D(2024, 9, 9), D(2024, 9, 20), True, "areas"),
    (CEYP, 2, 4, "surveys-close", "Young people and frontline staff surveys close",
     D(2024, 8, 26), D(2024, 9, 30), True, "areas"),
    (CEYP, 3, 5, "final-report", "Final report published", None, D(2024, 11, 5), False, None),
    (CEYP, 3, 6, "area-feedback", "Individual feedback to the area (planned)", None, D(2024, 11, 29), True, "areas"),
    (QI64, 1, 1, "self-evaluation-submitted", "Self-evaluation submitted through the online survey",
     D(2024, 9, 2), D(2024, 11, 20), True, "all"),
    (QI64, 2, 2, "validation", "Validation: documents and focus groups", D(2025, 1, 20), D(2025, 2, 24), True, "areas"),
    (QI64, 3, 3, "validation-letter", "Validation letter and feedback (planned)", None, D(2025, 3, 31), True, "areas"),
    (QI64, 3, 4, "thematic-report", "Final thematic report (planned)", None, D(2025, 6, 30), False, None),
    (GOVERNANCE, 1, 1, "notification", "Authorities and HSCPs notified", None, D(2024, 7, 15), False, None),
    (GOVERNANCE, 1, 2, "coordinator-nominated", "Co-ordinator nominated", D(2024, 7, 15), D(2024, 7, 19), True, "all"),
    (GOVERNANCE, 1, 3, "guidance", "Guidance sent to co-ordinators", None, D(2024, 7, 26), False, None),
    (GOVERNANCE, 1, 4, "briefing", "Co-ordinator briefing session attended", D(2024, 8, 5), D(2024, 8, 16),
     True, "all"),
    (GOVERNANCE, 2, 5, "document-return", "Documents returned", None, D(2024, 8, 27), True, "all"),
    (GOVERNANCE, 2, 6, "staff-survey", "Staff survey closed", D(2024, 8, 19), D(2024, 10, 4), True, "all"),
    (GOVERNANCE, 2, 7, "interviews", "Interviews with leaders and themed focus groups",
     D(2024, 9, 30), D(2024, 11, 1), True, "all"),
    (GOVERNANCE, 3, 8, "national-report", "National review report published", None, D(2025, 3, 17), False, None),
    (GOVERNANCE, 4, 9, "local-survey-report", "Local staff survey report sent (planned)", D(2025, 3, 18),
     D(2025, 4, 30), True, "all"),
    (GOVERNANCE, 4, 10, "national-webinar", "National webinar", None, D(2025, 6, 26), False, None),
]

# Surveys: (review, code, name, audience, counts people, target rate, opens, closes, who)
SURVEYS = [
    (CEYP, "national-survey", "National survey of local authorities", "Corporate parenting leads and champions boards",
     False, 1.0, D(2024, 4, 15), D(2024, 5, 31), "all"),
    (CEYP, "young-people", "Survey of young people", "Care experienced young people aged 16-26",
     True, 0.30, D(2024, 8, 26), D(2024, 9, 30), "areas"),
    (CEYP, "frontline-staff", "Survey of frontline staff", "Frontline staff supporting young people",
     True, 0.50, D(2024, 8, 26), D(2024, 9, 30), "areas"),
    (QI64, "self-evaluation", "Self-evaluation submission", "Each local authority",
     False, 1.0, D(2024, 9, 2), D(2024, 11, 20), "all"),
    (GOVERNANCE, "staff-survey", "Staff survey", "Frontline social work staff and first-line managers",
     True, 0.40, D(2024, 8, 19), D(2024, 10, 4), "all"),
    (JOINT, "staff-survey", "Partnership staff survey", "Staff across the partnership",
     True, 0.35, D(2024, 1, 29), D(2024, 12, 20), "programme"),
]

GOVERNANCE_SURVEY_TOTAL = 3935
GOVERNANCE_DOCUMENT_TOTAL = 1032

QUESTIONS = {
    GOVERNANCE: [
        ("RQ1", "How well do governance and assurance arrangements ensure statutory duties are carried out "
                "safely and effectively?"),
        ("RQ2", "How well do they enable social work staff to be supported, accountable and effective in "
                "their practice?"),
        ("RQ3", "How well do they assist social work staff to uphold core social work values?"),
    ],
    CEYP: [
        ("A1", "Young people and families involved in decisions about their continued care"),
        ("A2", "Young people's lives improving through assessment, planning and support"),
        ("A3", "Leaders ensure effective delivery of services"),
    ],
    QI64: [("QI 6.4", "Performance management and quality assurance")],
    JOINT: [
        ("QI 2.1", "Impact on children and young people"),
        ("QI 5.1", "Assessment and planning"),
        ("QI 9.1", "Leadership of improvement and change"),
    ],
}

# Themes: review -> [(code, name, question code, [(sub code, sub name), ...])]
THEMES = {
    GOVERNANCE: [
        ("oversight", "Oversight of statutory duties", "RQ1", [
            ("oversight-reporting", "Performance reporting to committees"),
            ("oversight-audit", "Case file audit"),
            ("oversight-risk", "Risk registers and escalation"),
        ]),
        ("cswo-role", "Role of the chief social work officer", "RQ1", [
            ("cswo-access", "Access to chief officers and elected members"),
            ("cswo-capacity", "Capacity of the role"),
        ]),
        ("supervision", "Supervision and support", "RQ2", [
            ("supervision-regular", "Regular reflective supervision"),
            ("supervision-caseload", "Caseload management"),
        ]),
        ("workforce", "Workforce pressures", "RQ2", [
            ("workforce-recruitment", "Recruitment and retention"),
            ("workforce-wellbeing", "Staff wellbeing"),
            ("workforce-learning", "Learning and development"),
        ]),
        ("values", "Upholding social work values", "RQ3", [
            ("values-rights", "Human rights and dignity"),
            ("values-ethics", "Ethical decision making"),
        ]),
    ],
    CEYP: [
        ("participation", "Participation in decisions", "A1", [
            ("participation-pathway", "Pathway planning with young people"),
            ("participation-champions", "Champions boards"),
        ]),
        ("housing", "Stable and suitable accommodation", "A2", [
            ("housing-options", "Housing options"),
            ("housing-continuing-care", "Continuing care and staying put"),
        ]),
        ("wellbeing", "Health and wellbeing", "A2", [
            ("wellbeing-mental-health", "Mental health support"),
            ("wellbeing-relationships", "Trusted relationships"),
        ]),
        ("leadership", "Corporate parenting leadership", "A3", [
            ("leadership-data", "Use of data on outcomes"),
            ("leadership-aftercare", "Aftercare to age 26"),
        ]),
    ],
    QI64: [
        ("performance-data", "Use of performance data", "QI 6.4", [
            ("performance-data-dashboards", "Performance dashboards"),
            ("performance-data-outcomes", "Measuring outcomes"),
        ]),
        ("quality-assurance", "Quality assurance of practice", "QI 6.4", [
            ("quality-assurance-audit", "Case file audit"),
            ("quality-assurance-feedback", "Learning from feedback and complaints"),
        ]),
        ("self-evaluation-culture", "Self-evaluation culture", "QI 6.4", [
            ("self-evaluation-culture-leaders", "Leaders' commitment"),
            ("self-evaluation-culture-staff", "Staff involvement"),
        ]),
    ],
    JOINT: [
        ("safety", "Children kept safe", "QI 2.1", [
            ("safety-response", "Initial response to concerns"),
            ("safety-plans", "Child protection plans"),
        ]),
        ("assessment", "Quality of assessment", "QI 5.1", [
            ("assessment-chronologies", "Chronologies"),
            ("assessment-risk", "Risk assessment"),
        ]),
        ("leadership", "Collaborative leadership", "QI 9.1", [
            ("leadership-vision", "Shared vision"),
            ("leadership-self-evaluation", "Self-evaluation for improvement"),
        ]),
    ],
}

PUBLICATIONS = [
    ("Week by week guide", D(2022, 8, 16), 4011, JOINT),
    ("Care experienced young people thematic review", D(2024, 4, 30), 3661, CEYP),
    ("More information about the review", D(2024, 5, 1), 3503, CEYP),
    ("Shout out to carers", D(2020, 6, 1), 3457, None),
    ("Privacy statement", D(2024, 5, 1), 3424, CEYP),
    ("More information about this self-evaluation", D(2024, 8, 21), 3398, QI64),
    ("More information about the review", D(2024, 7, 9), 3311, GOVERNANCE),
    ("Provider and services template", D(2023, 5, 3), 3308, None),
]
