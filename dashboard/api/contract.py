"""The data API's contract in one table: every endpoint, its parameters and the columns of its rows.

The OpenAPI document, the HTML reference, parameter checking and the shape of every answer are
all built from `ENDPOINTS`, so they cannot disagree. A column marked `suppressible` may be
withheld under disclosure control: in JSON it is `null` with `<column>_suppressed: true` beside
it, in CSV it is `c`.
"""
from __future__ import annotations

from dataclasses import dataclass

from data_access.reference import AUTHORITIES

FAMILY_GROUPS = tuple(sorted({a.family_group for a in AUTHORITIES}))
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "string", "integer", "number", "boolean" or "date"
    description: str
    nullable: bool = False
    suppressible: bool = False


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # "string", "integer" or "date"
    description: str
    where: str = "query"  # or "path"
    enum: tuple = ()
    pattern: str | None = None


@dataclass(frozen=True)
class Shape:
    """One kind of row an endpoint returns; an endpoint whose rows depend on the role has several."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""


@dataclass(frozen=True)
class Endpoint:
    name: str  # the Flask endpoint is "api.<name>"
    path: str  # OpenAPI form, below /api/v1: "/reviews/{slug}/progress"
    summary: str
    description: str
    shapes: tuple[Shape, ...]
    params: tuple[Param, ...] = ()

    @property
    def rule(self) -> str:
        return self.path.replace("{", "<").replace("}", ">")

    @property
    def query_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params if p.where == "query") | {"format"}

    def shape(self, name: str) -> Shape:
        return next(s for s in self.shapes if s.name == name)


def _c(name, type_, description, **kw) -> Column:
    return Column(name, type_, description, **kw)


SLUG = Param("slug", "string", "The review's short name, as in /api/v1/reviews.", where="path", pattern=SLUG_PATTERN)
SURVEY_CODE = Param("code", "string", "The survey's code, as in /api/v1/reviews/{slug}/surveys.", where="path",
                    pattern=SLUG_PATTERN)
REVIEW_FILTER = Param("review", "string", "Only this review's rows (its short name).", pattern=SLUG_PATTERN)
SURVEY_FILTER = Param("survey", "string", "Only this survey's row (its code).", pattern=SLUG_PATTERN)
FAMILY_GROUP = Param("family_group", "integer", "One family group of authorities instead of Scotland; only for "
                     "roles that see family groups (others get 403).", enum=FAMILY_GROUPS)
START = Param("start", "date", "Only days on or after this date (YYYY-MM-DD).")
END = Param("end", "date", "Only days on or before this date (YYYY-MM-DD).")

AUTHORITY = (_c("gss_code", "string", "The authority's GSS code."), _c("name", "string", "The authority's name."))
SURVEY_FACTS = (
    _c("code", "string", "The survey's code."), _c("name", "string", "The survey's name."),
    _c("audience", "string", "Who the survey asks."),
    _c("counts_people", "boolean", "Whether it counts people (disclosure-controlled) or authorities' submissions."),
    _c("target_rate", "number", "The response rate aimed for, as a fraction."),
    _c("opens_on", "date", "The day the survey opens."), _c("closes_on", "date", "The day it closes."),
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("reviews", "/reviews", "Reviews", "Every review the caller may see, with its current phase and next "
             "milestone as of the as-of date.", (Shape("review", (
                 _c("slug", "string", "The review's short name."), _c("title", "string", "The review's title."),
                 _c("kind", "string", "Thematic review, self-evaluation or joint inspection."),
                 _c("starts_on", "date", "The planned start."), _c("ends_on", "date", "The planned end."),
                 _c("current_phase", "string", "The phase in progress on the as-of date."),
                 _c("next_milestone", "string", "The next milestone due.", nullable=True),
                 _c("next_due", "date", "When the next milestone is due.", nullable=True),
                 _c("days_to_next", "integer", "Days from the as-of date to the next milestone.", nullable=True),
                 _c("active", "boolean", "Whether the review is under way on the as-of date."),
                 _c("status", "string", "Where the review is in its life cycle: planned, active, reporting, closed "
                    "or archived."),
                 _c("demonstration", "boolean", "Whether it is a demonstration review, whose per-authority detail "
                    "is synthetic."))),)),
    Endpoint("local_authorities", "/local-authorities", "Local authorities",
             "The authorities the caller may see by name (none for a presenter, their own for a co-ordinator).",
             (Shape("authority", AUTHORITY + (
                 _c("family_group", "integer", "The benchmarking family group (1 = least deprived)."),
                 _c("latitude", "number", "Latitude of the authority's centre."),
                 _c("longitude", "number", "Longitude of the authority's centre."))),)),
    Endpoint("progress", "/reviews/{slug}/progress", "Progress",
             "Milestones complete per authority the caller may see by name; a presenter gets national counts of "
             "authorities at each status on each milestone instead.", (
                 Shape("authority", AUTHORITY + (
                     _c("family_group", "integer", "The benchmarking family group."),
                     _c("milestones", "integer", "Milestones the authority takes part in."),
                     _c("complete", "integer", "Milestones complete by the as-of date."),
                     _c("due", "integer", "Milestones due by the as-of date."),
                     _c("overdue", "integer", "Milestones past due and not complete."),
                     _c("pct_complete", "number", "Per cent of milestones complete."),
                     _c("on_track", "boolean", "Whether no milestone is overdue.")),
                     "Roles that see authorities: one row per authority."),
                 Shape("national", (
                     _c("milestone_code", "string", "The milestone's code."),
                     _c("milestone", "string", "The milestone's name."),
                     _c("seq", "integer", "The milestone's place in the review."),
                     _c("first_due", "date", "The earliest due date across authorities."),
                     _c("last_due", "date", "The latest due date across authorities."),
                     _c("status", "string", "complete, overdue, due soon or not due."),
                     _c("authorities", "integer", "Authorities at this status (counted exactly).")),
                     "Presenters: national counts only."),
             ), (SLUG,)),
    Endpoint("timeline", "/reviews/{slug}/timeline", "Timeline",
             "The review's phases and milestones, planned against actual, with slippage in days.", (Shape("bar", (
                 _c("kind", "string", "phase or milestone."), _c("seq", "integer", "Order within its kind."),
                 _c("name", "string", "The phase's or milestone's name."),
                 _c("phase", "string", "The phase it belongs to."),
                 _c("planned_start", "date", "Planned start.", nullable=True),
                 _c("planned_end", "date", "Planned end (a milestone's planned date)."),
                 _c("actual_start", "date", "Actual start, once it has happened.", nullable=True),
                 _c("actual_end", "date", "Actual end, once it has happened.", nullable=True),
                 _c("status", "string", "complete, complete late, in progress, running late or not started."),
                 _c("slippage_days", "integer", "Days late (negative: early).", nullable=True))),), (SLUG,)),
    Endpoint("survey_rates", "/reviews/{slug}/survey-rates", "Survey response rates",
             "Each survey's national responses to date, eligible population and rate against its target.",
             (Shape("survey", SURVEY_FACTS + (
                 _c("eligible", "integer", "People (or authorities) eligible to respond.", suppressible=True),
                 _c("authorities", "integer", "Authorities taking part (counted exactly)."),
                 _c("responses", "integer", "Responses to date.", suppressible=True),
                 _c("rate", "number", "Responses as a fraction of those eligible.", nullable=True,
                    suppressible=True))),), (SLUG, SURVEY_FILTER)),
    Endpoint("themes", "/reviews/{slug}/themes", "Themes",
             "National tallies per top-level theme and polarity, coded up to the as-of date.", (Shape("theme", (
                 _c("theme", "string", "The top-level theme."),
                 _c("polarity", "string", "Strength or area for improvement."),
                 _c("tally", "integer", "Times coded.", suppressible=True))),), (SLUG,)),
    Endpoint("publications", "/publications", "Publications",
             "The programme's publications out by the as-of date, newest first, with their download counts.",
             (Shape("publication", (
                 _c("title", "string", "The publication's title."),
                 _c("published_on", "date", "The day it was published."),
                 _c("downloads", "integer", "Times downloaded."),
                 _c("review", "string", "The review it belongs to (its short name).", nullable=True),
                 _c("review_title", "string", "That review's title.", nullable=True))),), (REVIEW_FILTER,)),
    Endpoint("surveys", "/reviews/{slug}/surveys", "Surveys", "The review's surveys, people surveys first.",
             (Shape("survey", SURVEY_FACTS),), (SLUG,)),
    Endpoint("survey_responses", "/reviews/{slug}/surveys/{code}/responses", "Survey responses by day",
             "Responses per day and cumulative to date for Scotland, or one family group. Under disclosure control "
             "days are left out until each step between the days shown is at least k.", (Shape("day", (
                 _c("day", "date", "The day."),
                 _c("responses", "integer", "Responses since the previous day shown."),
                 _c("cumulative", "integer", "Responses to date."),
                 _c("area", "string", "Scotland or the family group."),
                 _c("eligible", "integer", "People eligible in the area.", suppressible=True),
                 _c("target_responses", "integer", "Responses the target needs.", nullable=True))),),
             (SLUG, SURVEY_CODE, FAMILY_GROUP, START, END)),
    Endpoint("document_returns", "/reviews/{slug}/document-returns", "Documents returned",
             "Documents each authority the caller may see returned by the as-of date, then Scotland's total "
             "(GSS code S92000003), which every role sees. Documents are counted exactly.", (Shape("area", AUTHORITY + (
                 _c("documents", "integer", "Documents returned."),
                 _c("authorities", "integer", "Authorities counted in the row."),
                 _c("returned_on", "date", "When the (last) return came in.", nullable=True))),), (SLUG,)),
)

BY_NAME = {e.name: e for e in ENDPOINTS}
