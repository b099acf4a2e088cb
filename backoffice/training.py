"""What the knowledge section may learn from closed cases: the one read path it uses.

`case_study_source` hands over the narrative of one closed case, with the case's own personal
values listed apart (`known`) so the knowledge section can scrub them from the narrative.
`recurring_causes` counts closed valid cases by category, month, unit and cause for the
managers' report. Both start from `access.cases_visible_to`, so nobody learns about a case
they could not open in the back office. Imports flow knowledge → backoffice: this module never
imports the knowledge app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import Trim, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.access import cases_visible_to, display_name
from backoffice.models import Case, CaseEvent, StaffMember
from backoffice.naming import localized_name, name_of
from backoffice.workflow import CLOSED_STATES, State


class CaseStudyRefused(Exception):
    """The case cannot become a case study for this user; `message` says why (translated)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class CaseNotVisible(CaseStudyRefused):
    """The case does not exist or the user may not see it: answer as if it did not exist."""


class CaseNotClosed(CaseStudyRefused):
    """Only closed (or archived) cases are teaching material."""


@dataclass(frozen=True)
class TimelineText:
    at: date
    kind: str  # CaseEvent.Kind value
    action: str  # workflow action name, "" for notes and messages
    text: str


@dataclass(frozen=True)
class CaseStudySource:
    """The material of one closed case. Every text field is raw (not yet scrubbed); `known` maps
    kinds of personal data (`name`, `staff_names`, `staff_involved`, `phone`, `email`,
    `address`, `member_card`, `order_number`) to the case's own values of that kind."""

    case_pk: int
    reference: str
    language: str
    state: str
    validity: str
    channel: str
    severity: str
    category_code: str
    category_name: str
    store_name: str
    product: str
    received_on: date
    closed_on: date | None
    description: str
    customer_demand: str
    resolution: str
    compensation_kind: str
    compensation_amount: Decimal | None
    customer_answer: str
    satisfaction: int | None
    cause: str
    corrective_action: str
    prevention: str
    customer_timeline: tuple[TimelineText, ...]
    internal_timeline: tuple[TimelineText, ...]
    known: Mapping[str, tuple[str, ...]]


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


# Staff-involved text lists people with any separator: "营业员张三、李四", "Emily Chen; Tom Li".
_STAFF_SEPARATORS = "，,、;；/|\n"


def _split_people(text: str) -> tuple[str, ...]:
    pieces = [text or ""]
    for separator in _STAFF_SEPARATORS:
        pieces = [part for piece in pieces for part in piece.split(separator)]
    return tuple(piece.strip() for piece in pieces if piece.strip())


def _people_known(case: Case, events: list[CaseEvent]) -> dict[str, tuple[str, ...]]:
    """Names, phones and e-mail addresses of every staff account that touched the case."""
    user_ids = {
        case.owner_id,
        case.escalated_to_id,
        case.closed_by_id,
        case.signed_off_by_id,
        case.compensation_requested_by_id,
        case.compensation_approved_by_id,
        *(event.actor_id for event in events),
        *case.follow_ups.values_list("by_id", flat=True),
        *case.attachments.values_list("uploaded_by_id", flat=True),
        *case.appeals.values_list("appellant_id", flat=True),
        *case.appeals.values_list("reviewer_id", flat=True),
    } - {None}
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    phones = StaffMember.objects.filter(user_id__in=user_ids).exclude(phone="")
    names = {display_name(user) for user in users if user.first_name or user.last_name}
    return {
        "staff_names": tuple(sorted(names)),
        "phone": tuple(sorted(set(phones.values_list("phone", flat=True)))),
        "email": tuple(sorted({user.email for user in users if user.email})),
    }


def _timeline(events: list[CaseEvent], *, customer_visible: bool) -> tuple[TimelineText, ...]:
    return tuple(
        TimelineText(_local_date(event.at), event.kind, event.action, event.body.strip())
        for event in events
        if event.customer_visible == customer_visible and event.body.strip()
    )


def case_study_source(case: Case | int, user) -> CaseStudySource:
    """The narrative and the personal values of a closed case `user` may see.

    Raises CaseNotVisible when the case is outside `cases_visible_to(user)` (or does not
    exist) and CaseNotClosed when it is still open. Read-only: changes nothing.
    """
    pk = case.pk if isinstance(case, Case) else case
    found = cases_visible_to(user).select_related("category", "store").filter(pk=pk).first()
    if found is None:
        raise CaseNotVisible(_("This case does not exist or you may not see it."))
    if found.state not in CLOSED_STATES:
        raise CaseNotClosed(_("Only a closed case can become a case study."))
    case = found
    events = list(case.events.order_by("at", "pk"))
    language = case.language or "zh-hans"
    product = " ".join(part for part in (case.product_name, case.product_model) if part)
    staff = _people_known(case, events)
    known = {
        "name": (case.complainant_name,),
        "phone": (case.complainant_phone, *staff["phone"]),
        "email": (case.complainant_email, *staff["email"]),
        "address": (case.complainant_address,),
        "member_card": (case.member_card,),
        "order_number": (case.order_number, case.external_reference),
        "staff_names": staff["staff_names"],
        "staff_involved": _split_people(case.staff_involved),
    }
    return CaseStudySource(
        case_pk=case.pk,
        reference=case.reference,
        language=language,
        state=case.state,
        validity=case.validity,
        channel=case.channel,
        severity=case.severity,
        category_code=case.category.code if case.category else "",
        category_name=name_of(case.category, language),
        store_name=name_of(case.store, language),
        product=product,
        received_on=_local_date(case.received_at),
        closed_on=_local_date(case.closed_at),
        description=case.description,
        customer_demand=case.customer_demand,
        resolution=case.resolution,
        compensation_kind=case.compensation_kind,
        compensation_amount=case.compensation_amount,
        customer_answer=case.customer_answer,
        satisfaction=case.satisfaction,
        cause=case.cause,
        corrective_action=case.corrective_action,
        prevention=case.prevention,
        customer_timeline=_timeline(events, customer_visible=True),
        internal_timeline=_timeline(events, customer_visible=False),
        known=MappingProxyType(
            {kind: tuple(v for v in values if v) for kind, values in known.items()}
        ),
    )


# ---------------------------------------------------------------------------------------------
# Recurring causes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    code: str  # "" for cases without a category
    name: str
    by_month: tuple[int, ...]  # aligned with RecurringCauses.months
    total: int


@dataclass(frozen=True)
class UnitRow:
    name: str
    by_category: tuple[int, ...]  # aligned with RecurringCauses.categories
    total: int


@dataclass(frozen=True)
class CauseCount:
    cause: str
    count: int


@dataclass(frozen=True)
class RecurringCauses:
    months: tuple[date, ...]  # the first day of each month, oldest first
    categories: tuple[CategoryRow, ...]  # most cases first
    units: tuple[UnitRow, ...]  # most cases first
    causes: tuple[CauseCount, ...]  # the most frequent causes, at most `top`
    total: int


def _month_starts(now: datetime, months: int) -> tuple[date, ...]:
    local = timezone.localtime(now).date().replace(day=1)
    starts = []
    year, month = local.year, local.month
    for _i in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(starts))


def closed_valid_q() -> Q:
    """Cases closed with the company or a partner at fault (the ones that teach a lesson)."""
    return Q(state__in=[State.CLOSED, State.ARCHIVED], validity__startswith="valid")


def recurring_causes(
    user, *, months: int = 12, top: int = 10, now: datetime | None = None, language: str = ""
) -> RecurringCauses:
    """Closed valid cases `user` may see, received in the last `months` calendar months (this
    one included), counted by category × month, by store × category, and by cause (exact text
    after stripping surrounding whitespace; the `top` most frequent). Three queries.
    Names are given in `language` (Chinese unless it starts with "en")."""
    now = now or timezone.now()
    month_starts = _month_starts(now, months)
    tz = timezone.get_current_timezone()
    start = datetime(month_starts[0].year, month_starts[0].month, 1, tzinfo=tz)
    cases = cases_visible_to(user).filter(closed_valid_q(), received_at__gte=start)

    per_category_month = (
        cases.annotate(month=TruncMonth("received_at", tzinfo=tz))
        .values("category__code", "category__name", "category__name_en", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names: dict[str, str] = {}
    counts: dict[str, Counter] = {}
    for row in per_category_month:
        code = row["category__code"] or ""
        names[code] = (
            localized_name(row["category__name"], row["category__name_en"], language) or ""
        )
        month = row["month"]
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        counts.setdefault(code, Counter())[month.replace(day=1)] += row["n"]
    categories = sorted(
        (
            CategoryRow(
                code,
                names[code] or str(_("No category")),
                tuple(counter[m] for m in month_starts),
                sum(counter.values()),
            )
            for code, counter in counts.items()
        ),
        key=lambda row: (-row.total, row.name),
    )
    column = {row.code: i for i, row in enumerate(categories)}

    per_unit = (
        cases.values("store_id", "store__name", "store__name_en", "category__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unit_names: dict[int, str] = {}
    unit_counts: dict[int, list[int]] = {}
    for row in per_unit:
        store = row["store_id"]
        unit_names[store] = localized_name(row["store__name"], row["store__name_en"], language)
        unit_counts.setdefault(store, [0] * len(categories))[
            column[row["category__code"] or ""]
        ] += row["n"]
    units = sorted(
        (UnitRow(unit_names[s], tuple(c), sum(c)) for s, c in unit_counts.items()),
        key=lambda row: (-row.total, row.name),
    )

    # The database groups by its own TRIM (spaces only); Python's strip() then merges the groups
    # that differ only by other whitespace (newlines, full-width spaces).
    grouped = (
        cases.annotate(trimmed=Trim("cause")).values("trimmed").annotate(n=Count("pk")).order_by()
    )
    causes: Counter = Counter()
    for row in grouped:
        text = (row["trimmed"] or "").strip()
        if text:
            causes[text] += row["n"]
    top_causes = sorted(causes.items(), key=lambda item: (-item[1], item[0]))[:top]

    return RecurringCauses(
        months=month_starts,
        categories=tuple(categories),
        units=tuple(units),
        causes=tuple(CauseCount(text, n) for text, n in top_causes),
        total=sum(row.total for row in categories),
    )
