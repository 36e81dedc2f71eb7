"""What the retention tools are worth (seed 001, 4.5.5), the planned economics of the retention service (section 7)
and the bonus scheme (section 6). Formulas: docs/reports/retention-effectiveness.md and retention-economics.md.

Definitions shared by all three:
- an offer's subscriber is *active N days after the offer* when not disconnected on or before made_on + N;
- *kept after an offer* (`kept_after_offer`; "kept" in these reports) = an accepted offer whose subscriber is not
  disconnected by the report date. It is an offer-level figure, not the kept share of requests (churn.kept,
  docs/reports/kept.md): the request an accepted offer closes ends as one of churn.kept.KEPT (services.outcome_for),
  but it stays kept when the subscriber leaves later, while the offer stops counting as kept on that day;
- *cost* of an accepted offer = the measure's one-off + monthly × months, as recorded on the offer;
- *revenue kept* = ARPU × months the subscriber stayed after the offer (days / 30), within the horizon (180 days)
  and up to the report date; declined offers keep nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.churn.choices import OfferAnswer, RequestStatus
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.churn.services import month_start, next_month
from abonent.staff.models import Employee

from .choices import AssignmentGroup
from .models import BonusScheme, Measure, RetentionAssignment, RetentionOffer, RetentionPlan

HORIZONS = (30, 90, 180)
REVENUE_HORIZON_DAYS = 180
DAYS_A_MONTH = Decimal(30)
HOLDOUT_HORIZON_DAYS = 30  # a request's outcome is settled within a month; 90 and 180 are selectable
MIN_CONTROL = 30  # below this many mature control requests the uplift is not shown as causal
Z95 = 1.959964
CENT = Decimal("0.01")
RETENTION_ROLES = ("head_of_retention", "retention_manager")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _ratio(numerator, denominator) -> Decimal | None:
    return _money(Decimal(numerator) / Decimal(denominator)) if denominator else None


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def moment(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the local time zone: periods filter on datetime ranges, which use the index (a
    `__date` lookup converts every row, slow on SQLite)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def between(field: str, first: dt.date, last: dt.date) -> dict:
    """Filter kwargs for `field` on the days first … last inclusive."""
    return {f"{field}__gte": moment(first), f"{field}__lt": moment(last + dt.timedelta(days=1))}


def active_after(disconnected_on: dt.date | None, start: dt.date, days: int) -> bool:
    return disconnected_on is None or disconnected_on > start + dt.timedelta(days=days)


def kept_after_offer(disconnected_on: dt.date | None, as_of: dt.date) -> bool:
    """An accepted offer's subscriber is kept after the offer while not disconnected by `as_of`."""
    return disconnected_on is None or disconnected_on > as_of


def kept_after_offer_q(as_of: dt.date) -> Q:
    """`kept_after_offer` as a filter on RetentionOffer."""
    return Q(subscriber__disconnected_on__isnull=True) | Q(subscriber__disconnected_on__gt=as_of)


def days_kept(disconnected_on: dt.date | None, start: dt.date, as_of: dt.date, horizon: int) -> int:
    end = min(as_of, start + dt.timedelta(days=horizon))
    if disconnected_on is not None:
        end = min(end, disconnected_on)
    return max(0, (end - start).days)


# Effectiveness ----------------------------------------------------------------------------------------------------


@dataclass
class OfferFacts:
    """What the reports need of one offer, read as plain values (no model instances: reports read many offers)."""

    measure_id: int
    reason_id: int | None
    answer: str
    made_on: dt.date
    cost: Decimal
    subscriber_id: int
    made_by_id: int | None
    disconnected_on: dt.date | None
    arpu: Decimal


def offer_facts(queryset) -> list[OfferFacts]:
    rows = queryset.values_list(
        "measure_id",
        "request__reason_id",
        "answer",
        "made_at",
        "cost",
        "subscriber_id",
        "made_by_id",
        "subscriber__disconnected_on",
        "subscriber__arpu",
    )
    zone = timezone.get_current_timezone()  # once: localtime() per row looks it up each time
    return [
        OfferFacts(m, r, a, made.astimezone(zone).date(), cost, sub, by, gone, arpu or Decimal(0))
        for m, r, a, made, cost, sub, by, gone, arpu in rows.iterator(chunk_size=5000)
    ]


@dataclass
class EffectRow:
    """One line of the effectiveness report: a measure, a reason, or the total."""

    key: str
    label: str
    offers: int = 0
    accepted: int = 0
    active: dict = field(default_factory=lambda: {h: 0 for h in HORIZONS})
    mature: dict = field(default_factory=lambda: {h: 0 for h in HORIZONS})
    kept: int = 0  # accepted offers kept after the offer (kept_after_offer)
    cost: Decimal = Decimal(0)
    revenue_kept: Decimal = Decimal(0)

    def add(self, offer: OfferFacts, as_of: dt.date) -> None:
        self.offers += 1
        if offer.answer != OfferAnswer.ACCEPTED:
            return
        self.accepted += 1
        made_on, gone = offer.made_on, offer.disconnected_on
        for horizon in HORIZONS:
            if made_on + dt.timedelta(days=horizon) <= as_of:
                self.mature[horizon] += 1
                self.active[horizon] += active_after(gone, made_on, horizon)
        if kept_after_offer(gone, as_of):
            self.kept += 1
        self.cost += offer.cost
        months = Decimal(days_kept(gone, made_on, as_of, REVENUE_HORIZON_DAYS)) / DAYS_A_MONTH
        self.revenue_kept += offer.arpu * months

    @property
    def accept_rate(self) -> Decimal | None:
        return _ratio(self.accepted * 100, self.offers)

    def active_rate(self, horizon: int) -> Decimal | None:
        return _ratio(self.active[horizon] * 100, self.mature[horizon])

    def not_mature(self, horizon: int) -> int:
        return self.accepted - self.mature[horizon]

    @property
    def horizons(self) -> list[dict]:
        return [
            {
                "days": h,
                "active": self.active[h],
                "mature": self.mature[h],
                "rate": self.active_rate(h),
                "not_mature": self.not_mature(h),
            }
            for h in HORIZONS
        ]

    @property
    def cost_per_kept(self) -> Decimal | None:
        return _ratio(self.cost, self.kept)

    @property
    def revenue(self) -> Decimal:
        return _money(self.revenue_kept)

    @property
    def return_on_cost(self) -> Decimal | None:
        """(revenue kept − cost) / cost; None when the measures cost nothing."""
        return _ratio((self.revenue - self.cost), self.cost)


@dataclass
class Uplift:
    """Kept rate of treatment minus control, with a 95 % confidence interval (normal approximation, Wald)."""

    horizon: int
    treatment_n: int = 0
    treatment_kept: int = 0
    control_n: int = 0
    control_kept: int = 0
    treatment_cost: Decimal = Decimal(0)
    not_mature: int = 0

    @property
    def treatment_rate(self) -> float | None:
        return self.treatment_kept / self.treatment_n if self.treatment_n else None

    @property
    def control_rate(self) -> float | None:
        return self.control_kept / self.control_n if self.control_n else None

    @property
    def is_causal(self) -> bool:
        return self.control_n >= MIN_CONTROL and self.treatment_n >= MIN_CONTROL

    @property
    def difference(self) -> float | None:
        if self.treatment_rate is None or self.control_rate is None:
            return None
        return self.treatment_rate - self.control_rate

    @property
    def interval(self) -> tuple[float, float] | None:
        diff = self.difference
        if diff is None:
            return None
        pt, pc = self.treatment_rate, self.control_rate
        se = math.sqrt(pt * (1 - pt) / self.treatment_n + pc * (1 - pc) / self.control_n)
        return diff - Z95 * se, diff + Z95 * se

    @property
    def incremental_kept(self) -> float | None:
        """Subscribers kept because of the offers: the uplift applied to the treatment group."""
        return None if self.difference is None else self.difference * self.treatment_n

    @property
    def cost_per_incremental(self) -> Decimal | None:
        inc = self.incremental_kept
        if inc is None or inc <= 0:
            return None
        return _money(self.treatment_cost / Decimal(str(inc)))

    def as_percent(self, value: float | None) -> Decimal | None:
        return None if value is None else Decimal(str(value * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def display(self) -> dict:
        low_high = self.interval
        return {
            "treatment_rate": self.as_percent(self.treatment_rate),
            "control_rate": self.as_percent(self.control_rate),
            "difference": self.as_percent(self.difference),
            "low": self.as_percent(low_high[0]) if low_high else None,
            "high": self.as_percent(low_high[1]) if low_high else None,
            "incremental_kept": None if self.incremental_kept is None else round(self.incremental_kept, 1),
        }


@dataclass
class Effectiveness:
    start: dt.date
    end: dt.date
    as_of: dt.date
    by_measure: list[EffectRow]
    by_reason: list[EffectRow]
    total: EffectRow
    uplift: Uplift


def effectiveness(
    start: dt.date, end: dt.date, *, as_of: dt.date | None = None, holdout_days: int = HOLDOUT_HORIZON_DAYS
) -> Effectiveness:
    """Offers made from `start` to `end` (inclusive) and what became of them by `as_of` (default today)."""
    as_of = as_of or timezone.localdate()

    facts = offer_facts(RetentionOffer.objects.filter(**between("made_at", start, end)).order_by("made_at", "pk"))
    measures = Measure.objects.in_bulk({f.measure_id for f in facts})
    reasons = ChurnReason.objects.select_related("group").in_bulk({f.reason_id for f in facts if f.reason_id})
    by_measure: dict = {}
    by_reason: dict = {}
    total = EffectRow("total", "")
    for offer in facts:
        measure = measures[offer.measure_id]
        measure_row = by_measure.get(offer.measure_id)
        if measure_row is None:
            measure_row = by_measure[offer.measure_id] = EffectRow(measure.code, measure.name)
            measure_row.order = (measure.order, measure.code)
        measure_row.add(offer, as_of)
        reason = reasons.get(offer.reason_id)
        reason_row = by_reason.get(offer.reason_id)
        if reason_row is None:
            reason_row = by_reason[offer.reason_id] = EffectRow(
                reason.code if reason else "", str(reason) if reason else _("Without a request")
            )
            reason_row.order = (reason.group.order, reason.order) if reason else (999, 999)
        reason_row.add(offer, as_of)
        total.add(offer, as_of)
    return Effectiveness(
        start=start,
        end=end,
        as_of=as_of,
        by_measure=sorted(by_measure.values(), key=lambda r: r.order),
        by_reason=sorted(by_reason.values(), key=lambda r: r.order),
        total=total,
        uplift=holdout_uplift(start, end, as_of=as_of, horizon=holdout_days),
    )


def holdout_uplift(start: dt.date, end: dt.date, *, as_of: dt.date, horizon: int = HOLDOUT_HORIZON_DAYS) -> Uplift:
    """Treatment and control requests assigned in the period, kept = subscriber active `horizon` days after the
    assignment; only assignments at least `horizon` days old count (the rest are reported as not yet mature)."""
    uplift = Uplift(horizon=horizon)
    assignments = RetentionAssignment.objects.filter(**between("assigned_at", start, end)).select_related(
        "request__subscriber"
    )
    costs = defaultdict(Decimal)
    for request_id, cost in RetentionOffer.objects.filter(
        request__retention_assignment__in=assignments, answer=OfferAnswer.ACCEPTED
    ).values_list("request_id", "cost"):
        costs[request_id] += cost
    for assignment in assignments:
        assigned_on = _day(assignment.assigned_at)
        if assigned_on + dt.timedelta(days=horizon) > as_of:
            uplift.not_mature += 1
            continue
        kept = active_after(assignment.request.subscriber.disconnected_on, assigned_on, horizon)
        if assignment.group == AssignmentGroup.CONTROL:
            uplift.control_n += 1
            uplift.control_kept += kept
        else:
            uplift.treatment_n += 1
            uplift.treatment_kept += kept
            uplift.treatment_cost += costs.get(assignment.request_id, Decimal(0))
    return uplift


# Economics --------------------------------------------------------------------------------------------------------


def retention_employees(on_month: dt.date):
    """Employees in a retention role (head, manager) employed at some point in the month."""

    end = next_month(on_month)
    return (
        Employee.objects.filter(user__groups__name__in=RETENTION_ROLES)
        .filter(Q(hired_on__isnull=True) | Q(hired_on__lt=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on_month))
        .select_related("user")
        .distinct()
    )


def kept_offers(month: dt.date, as_of: dt.date):
    """Accepted offers made in the month that are kept after the offer by `as_of` (kept_after_offer)."""
    return RetentionOffer.objects.filter(
        answer=OfferAnswer.ACCEPTED, **between("made_at", month, next_month(month) - dt.timedelta(days=1))
    ).filter(kept_after_offer_q(as_of))


@dataclass
class EconomicsMonth:
    month: dt.date
    staff: int
    payroll: Decimal
    measures_cost: Decimal
    kept: int  # distinct subscribers of the month's accepted offers kept after the offer (kept_after_offer)
    revenue_kept: Decimal
    disconnected: int
    plan: RetentionPlan | None

    @property
    def total_cost(self) -> Decimal:
        return self.payroll + self.measures_cost

    @property
    def cost_per_kept(self) -> Decimal | None:
        return _ratio(self.total_cost, self.kept)

    @property
    def fulfilment(self) -> Decimal | None:
        return _ratio(self.kept * 100, self.plan.kept_target) if self.plan else None

    @property
    def budget_used(self) -> Decimal | None:
        return _ratio(self.measures_cost * 100, self.plan.budget) if self.plan else None

    @property
    def non_retention_fulfilment(self) -> Decimal | None:
        """Disconnections against the plan of non-retention; at or below 100 % the plan is met."""
        return _ratio(self.disconnected * 100, self.plan.non_retention_plan) if self.plan else None


def economics(first: dt.date, last: dt.date, *, as_of: dt.date | None = None) -> list[EconomicsMonth]:
    """Month by month from `first` to `last` (months of the dates given)."""
    as_of = as_of or timezone.localdate()
    first, last = month_start(first), next_month(month_start(last)) - dt.timedelta(days=1)
    plans = {p.month: p for p in RetentionPlan.objects.filter(month__gte=first, month__lte=last)}
    accepted = offer_facts(
        RetentionOffer.objects.filter(answer=OfferAnswer.ACCEPTED, **between("made_at", first, last))
    )
    by_month: dict[dt.date, list[OfferFacts]] = defaultdict(list)
    for offer in accepted:
        by_month[month_start(offer.made_on)].append(offer)
    gone_by_month: Counter = Counter(
        month_start(_day(closed))
        for closed in DisconnectionRequest.objects.filter(
            status=RequestStatus.DISCONNECTED, **between("closed_at", first, last)
        ).values_list("closed_at", flat=True)
    )
    months = []
    month = first
    while month <= last:
        employees = list(retention_employees(month))
        offers = by_month.get(month, [])
        kept = [o for o in offers if kept_after_offer(o.disconnected_on, as_of)]
        revenue = sum(
            (
                o.arpu * Decimal(days_kept(o.disconnected_on, o.made_on, as_of, REVENUE_HORIZON_DAYS)) / DAYS_A_MONTH
                for o in kept
            ),
            Decimal(0),
        )
        months.append(
            EconomicsMonth(
                month=month,
                staff=len(employees),
                payroll=sum((e.monthly_salary for e in employees), Decimal(0)),
                measures_cost=sum((o.cost for o in offers), Decimal(0)),
                kept=len({o.subscriber_id for o in kept}),
                revenue_kept=_money(revenue),
                disconnected=gone_by_month.get(month, 0),
                plan=plans.get(month),
            )
        )
        month = next_month(month)
    return months


# Bonuses ----------------------------------------------------------------------------------------------------------


@dataclass
class BonusLine:
    """One employee's bonus for a month with every input of the formula."""

    employee: object
    role: str
    scheme: BonusScheme
    kept: int
    target: Decimal
    fulfilment: Decimal | None
    coefficient: Decimal
    above_plan: int
    base_part: Decimal
    above_part: Decimal

    @property
    def bonus(self) -> Decimal:
        return _money(self.base_part + self.above_part)


def bonuses(month: dt.date, *, as_of: dt.date | None = None) -> list[BonusLine]:
    """Each retention employee's bonus for the month under their role's active scheme.

    kept by an employee = distinct subscribers whose accepted offer in the month they made and who are kept after
    the offer by `as_of` (kept_after_offer); personal target = the scheme's, else the month's plan shared equally
    among the employees of that role; team basis = the service's kept against the whole plan.
    """

    as_of = as_of or timezone.localdate()
    month = month_start(month)
    plan = RetentionPlan.objects.filter(month=month).first()
    schemes = {s.role: s for s in BonusScheme.objects.filter(is_active=True).order_by("pk")}
    kept_by_user: dict[int, set] = defaultdict(set)
    for made_by_id, subscriber_id in kept_offers(month, as_of).values_list("made_by_id", "subscriber_id"):
        kept_by_user[made_by_id].add(subscriber_id)
    team_kept = len({s for subs in kept_by_user.values() for s in subs})
    end = next_month(month)
    employees = (
        Employee.objects.filter(user__groups__name__in=list(schemes))
        .filter(Q(hired_on__isnull=True) | Q(hired_on__lt=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=month))
        .select_related("user")
        .prefetch_related("user__groups")
        .distinct()
    )
    by_role: dict[str, list] = defaultdict(list)
    for employee in employees:
        role = next(g.name for g in employee.user.groups.all() if g.name in schemes)
        by_role[role].append(employee)
    lines = []
    plan_target = Decimal(plan.kept_target) if plan else Decimal(0)
    for role, members in by_role.items():
        scheme = schemes[role]
        for employee in sorted(members, key=str):
            if scheme.basis == "team":
                kept, target = team_kept, plan_target
            else:
                kept = len(kept_by_user.get(employee.user_id, ()))
                target = (
                    Decimal(scheme.personal_target)
                    if scheme.personal_target is not None
                    else (plan_target / len(members)).quantize(CENT, rounding=ROUND_HALF_UP)
                )
            fulfilment = _ratio(kept * 100, target)
            coefficient = scheme.coefficient(fulfilment) if fulfilment is not None else Decimal(0)
            above = max(0, math.floor(kept - target)) if target else 0
            lines.append(
                BonusLine(
                    employee=employee,
                    role=role,
                    scheme=scheme,
                    kept=kept,
                    target=target,
                    fulfilment=fulfilment,
                    coefficient=coefficient,
                    above_plan=above,
                    base_part=_money(scheme.base_bonus * coefficient),
                    above_part=_money(scheme.per_kept_above_plan * above),
                )
            )
    return lines
