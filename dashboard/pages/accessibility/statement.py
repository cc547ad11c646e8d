"""The facts the accessibility statement states, kept in one place so the page and its tests agree.

Update KNOWN_FAILURES when a failure is fixed or found, and REVIEWED when the statement is checked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SERVICE = "Review Oversight"
COMPLIANCE = "partially compliant"
STANDARD = "Web Content Accessibility Guidelines version 2.2 AA standard"
PREPARED = dt.date(2026, 12, 2)
REVIEWED = dt.date(2026, 12, 2)
LAST_TESTED = dt.date(2026, 12, 2)
# The team's address; a deployment sets its own with OVERSIGHT_ACCESSIBILITY_CONTACT.
CONTACT_EMAIL = "review-oversight-accessibility@regulator.example"
RESPONSE_DAYS = 5  # working days to reply to a report of an accessibility problem
ALTERNATIVE_FORMAT_DAYS = 10  # working days to send the numbers of any chart in another format


@dataclass(frozen=True)
class Failure:
    """One known failure to meet WCAG 2.2 AA: what fails, the success criteria, when it will be fixed."""

    problem: str
    criteria: tuple[str, ...]
    fix_by: dt.date


KNOWN_FAILURES = (
    Failure("Chart details that appear when a pointer hovers over a point cannot be dismissed without moving "
            "the pointer, and cannot be brought up from the keyboard. The same numbers are in each chart's "
            "table, which works from the keyboard.",
            ("1.4.13 Content on Hover or Focus", "2.1.1 Keyboard"), dt.date(2027, 3, 31)),
)

# How the dashboard was checked: a sentence each.
TESTING = (
    "Automated checks with axe-core, running every rule tagged WCAG 2.0, 2.1 and 2.2 A and AA, best practice "
    "and target size, on every page for each role, at 1280 by 800 and 320 by 640 pixels, with the tables open "
    "and after a filter is changed, and on the sign-in page showing an error.",
    "A keyboard-only test that reaches an authority's profile from the Overview, Surveys and Themes pages "
    "without a mouse, and counts the Tab presses on each page.",
    "A test of the contrast of every pair of text and fill colours the charts use.",
    "We have not yet tested the dashboard with screen readers (JAWS, NVDA and VoiceOver) or with speech "
    "recognition software; that testing is planned by 31 March 2027.",
)
