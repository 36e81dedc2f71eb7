"""The per-manager performance screen (issue 12, item 13): what each manager did in a day, a week or a month.

It reads requests (churn), offers and plans (retention), work items (worklists) and callbacks (callcentre), which
are peers in one tier and may not import each other; this app sits above them all. Definitions, per manager:

- *requests*: distinct disconnection requests the manager received, established the reason of, made an offer on
  or closed in the period;
- *reasons established*, *offers* (retention offers made), *accepted* and their recorded cost: in the period;
- *saves* and *save rate*: requests the manager closed in the period, kept and decided as churn.kept defines them;
- *cost per save*: the cost of the manager's accepted offers made in the period ÷ saves;
- *overdue tasks*: work items assigned to the manager, open at the end of the as-of day with the next action
  before it;
- *callbacks*: callback attempts the manager made in the period; *within SLA*: of the attempts that were a task's
  first, the share made by the task's due time;
- *plan*: the personal target of the role's active personal bonus scheme when it has one, else the month's
  retention plan (kept subscribers) shared evenly among the managers who worked requests that month; a period
  shorter than the month gets the month's plan in proportion to its days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from abonent.callcentre.models import CallbackAttempt
from abonent.churn.choices import OfferAnswer
from abonent.churn.kept import count_kept_by, kept_share
from abonent.churn.models import DisconnectionRequest
from abonent.churn.services import month_start, next_month
from abonent.retention.choices import BonusBasis
from abonent.retention.models import BonusScheme, RetentionOffer, RetentionPlan
from abonent.retention.reports import between, moment
from abonent.staff.models import Employee
from abonent.worklists.choices import WorkItemStatus
from abonent.worklists.models import WorkItem

# The roles whose members work disconnection requests and so have a row of their own.
MANAGER_ROLES = ("retention_manager", "head_of_retention", "b2b_manager")
PERIODS = ("day", "week", "month")
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


def period_dates(period: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The days a period ending at `as_of` covers: the day itself, the 7 days up to it, the month up to it."""
    if period == "day":
        return as_of, as_of
    if period == "week":
        return as_of - dt.timedelta(days=6), as_of
    if period == "month":
        return month_start(as_of), as_of
    raise ValueError(period)


def _pct(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One manager's figures for the period (or the team's, in the totals row: `user_id` None)."""

    user_id: int | None
    name: str
    requests: int = 0
    reasons: int = 0
    offers: int = 0
    accepted: int = 0
    accepted_cost: Decimal = Decimal(0)
    kept: int = 0
    disconnected: int = 0
    overdue: int = 0
    callbacks: int = 0
    first_callbacks: int = 0
    within_sla: int = 0
    plan: Decimal | None = None
    plan_source: str = ""  # "scheme" (a bonus scheme's personal target), "split" (the month's plan shared), ""
    request_ids: set = field(default_factory=set, repr=False)

    @property
    def saves(self) -> int:
        return self.kept

    @property
    def decided(self) -> int:
        return self.kept + self.disconnected

    @property
    def save_rate(self) -> Decimal | None:
        share = kept_share(self.kept, self.disconnected)
        return share.quantize(TENTH, rounding=ROUND_HALF_UP) if share is not None else None

    @property
    def cost_per_save(self) -> Decimal | None:
        return (self.accepted_cost / self.kept).quantize(CENT, rounding=ROUND_HALF_UP) if self.kept else None

    @property
    def sla_share(self) -> Decimal | None:
        return _pct(self.within_sla, self.first_callbacks)

    @property
    def plan_pct(self) -> Decimal | None:
        return _pct(self.kept, self.plan) if self.plan else None

    def as_dict(self) -> dict:
        """The row as the API gives it (numbers as numbers, money and shares as decimals)."""
        return {
            "user": self.user_id,
            "name": self.name,
            "requests": self.requests,
            "reasons_established": self.reasons,
            "offers": self.offers,
            "offers_accepted": self.accepted,
            "accepted_cost": self.accepted_cost,
            "saves": self.saves,
            "decided": self.decided,
            "save_rate": self.save_rate,
            "cost_per_save": self.cost_per_save,
            "overdue_tasks": self.overdue,
            "callbacks": self.callbacks,
            "first_callbacks": self.first_callbacks,
            "within_sla": self.within_sla,
            "sla_share": self.sla_share,
            "plan": self.plan,
            "plan_source": self.plan_source,
            "plan_pct": self.plan_pct,
        }


def managers(first: dt.date, last: dt.date) -> list:
    """Users in a manager role employed at some time in the period, by last name (as the employees' register)."""
    users = (
        get_user_model()
        .objects.filter(groups__name__in=MANAGER_ROLES, is_active=True)
        .exclude(employee__left_on__lt=first)
        .exclude(employee__hired_on__gt=last)
        .select_related("employee")
        .prefetch_related("groups")
        .distinct()
    )
    return sorted(users, key=lambda user: (user.last_name.lower(), user.first_name.lower(), user.username))


def display_name(user) -> str:
    """The employee's name (staff.Employee), else the user's full name, the username only when neither is known."""
    try:
        employee = user.employee
    except Employee.DoesNotExist:
        employee = None
    return str(employee) if employee else (user.get_full_name() or user.username)


def _requests_worked(rows: dict[int, Row], first: dt.date, last: dt.date) -> None:
    """Requests, reasons established: one pass over the requests with a step of any manager in the period."""
    users = list(rows)
    steps = [
        ("agent_id", "received_at"),
        ("reason_established_by_id", "reason_established_at"),
        ("offer_made_by_id", "offer_made_at"),
        ("closed_by_id", "closed_at"),
    ]
    where = Q()
    for who, when in steps:
        where |= Q(**{f"{who}__in": users, **between(when, first, last)})
    since, until = moment(first), moment(last + dt.timedelta(days=1))
    fields = [name for step in steps for name in step]
    for values in DisconnectionRequest.objects.filter(where).values("pk", *fields).iterator():
        for number, (who, when) in enumerate(steps):
            row = rows.get(values[who])
            if row is None or values[when] is None or not since <= values[when] < until:
                continue
            row.request_ids.add(values["pk"])
            if number == 1:
                row.reasons += 1
    for row in rows.values():
        row.requests = len(row.request_ids)


def _closed(rows: dict[int, Row], first: dt.date, last: dt.date) -> None:
    # churn.kept is the one definition of kept and decided: the manager's requests closed in the period.
    closed = DisconnectionRequest.objects.filter(closed_by_id__in=list(rows), **between("closed_at", first, last))
    for user_id, counted in count_kept_by(closed, "closed_by_id").items():
        rows[user_id].kept, rows[user_id].disconnected = counted.kept, counted.disconnected


def _offers(rows: dict[int, Row], first: dt.date, last: dt.date) -> None:
    accepted = Q(answer=OfferAnswer.ACCEPTED)
    for values in (
        RetentionOffer.objects.filter(made_by_id__in=list(rows), **between("made_at", first, last))
        .values("made_by_id")
        .annotate(offers=Count("pk"), accepted=Count("pk", filter=accepted), cost=Sum("cost", filter=accepted))
    ):
        row = rows[values["made_by_id"]]
        row.offers, row.accepted, row.accepted_cost = values["offers"], values["accepted"], values["cost"] or Decimal(0)


def _overdue(rows: dict[int, Row], as_of: dt.date) -> None:
    """Work items open at the end of the as-of day (closed later or not at all) with the next action before it."""
    end = moment(as_of + dt.timedelta(days=1))
    still_open = Q(closed_at__isnull=True, status__in=WorkItemStatus.open_values()) | Q(closed_at__gte=end)
    for values in (
        WorkItem.objects.filter(assigned_to_id__in=list(rows), created_at__lt=end, next_action_on__lt=as_of)
        .filter(still_open)
        .values("assigned_to_id")
        .annotate(overdue=Count("pk"))
    ):
        rows[values["assigned_to_id"]].overdue = values["overdue"]


def _callbacks(rows: dict[int, Row], first: dt.date, last: dt.date) -> None:
    first_attempt = Q(at=F("task__first_attempt_at"))
    for values in (
        CallbackAttempt.objects.filter(user_id__in=list(rows), **between("at", first, last))
        .values("user_id")
        .annotate(
            callbacks=Count("pk"),
            first=Count("pk", filter=first_attempt),
            met=Count("pk", filter=first_attempt & Q(at__lte=F("task__due_at"))),
        )
    ):
        row = rows[values["user_id"]]
        row.callbacks, row.first_callbacks, row.within_sla = values["callbacks"], values["first"], values["met"]


def _monthly_targets(users: list, month: dt.date, as_of: dt.date) -> dict[int, tuple[Decimal, str]]:
    """Each manager's plan for the whole month: a personal scheme target, else the month's plan shared evenly among
    the managers who worked requests that month (up to the as-of day: later steps are not known on it)."""
    # The role's active scheme as the bonuses read it (the newest wins); only a personal one sets a target.
    schemes = {s.role: s for s in BonusScheme.objects.filter(is_active=True).order_by("pk")}
    schemes = {
        role: s for role, s in schemes.items() if s.basis == BonusBasis.PERSONAL and s.personal_target is not None
    }
    plan = RetentionPlan.objects.filter(month=month).first()
    last = min(next_month(month) - dt.timedelta(days=1), as_of)
    worked: set[int] = set()
    if plan is not None and last >= month:
        probe = {user.pk: Row(user.pk, "") for user in users}
        _requests_worked(probe, month, last)
        worked = {pk for pk, row in probe.items() if row.requests}
    targets = {}
    for user in users:
        roles = [g.name for g in user.groups.all() if g.name in schemes]
        if roles:
            targets[user.pk] = (Decimal(schemes[roles[0]].personal_target), "scheme")
        elif plan is not None and user.pk in worked:
            targets[user.pk] = (Decimal(plan.kept_target) / len(worked), "split")
    return targets


def _plans(rows: dict[int, Row], users: list, first: dt.date, last: dt.date, as_of: dt.date) -> None:
    month = month_start(first)
    while month <= last:
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        days = (min(last, next_month(month) - dt.timedelta(days=1)) - max(first, month)).days + 1
        for pk, (target, source) in _monthly_targets(users, month, as_of).items():
            row = rows[pk]
            row.plan = (row.plan or Decimal(0)) + target * days / days_in_month
            row.plan_source = row.plan_source or source
        month = next_month(month)
    for row in rows.values():
        if row.plan is not None:
            row.plan = row.plan.quantize(TENTH, rounding=ROUND_HALF_UP)


def manager_performance(first: dt.date, last: dt.date, *, as_of: dt.date) -> list[Row]:
    """One row per manager for the days first … last, overdue work counted at the end of `as_of`."""
    users = managers(first, last)
    rows = {user.pk: Row(user.pk, display_name(user)) for user in users}
    if not rows:
        return []
    _requests_worked(rows, first, last)
    _closed(rows, first, last)
    _offers(rows, first, last)
    _overdue(rows, as_of)
    _callbacks(rows, first, last)
    _plans(rows, users, first, last, as_of)
    return list(rows.values())


def totals(rows: list[Row]) -> Row:
    """The team's row: sums of the managers' figures (requests worked by two managers count once)."""
    total = Row(None, _("All managers"))
    for row in rows:
        for name in ("reasons", "offers", "accepted", "kept", "disconnected", "overdue", "callbacks"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.first_callbacks += row.first_callbacks
        total.within_sla += row.within_sla
        total.accepted_cost += row.accepted_cost
        total.request_ids |= row.request_ids
        if row.plan is not None:
            total.plan = (total.plan or Decimal(0)) + row.plan
    total.requests = len(total.request_ids)
    return total
