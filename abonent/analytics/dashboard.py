"""The head's dashboard figures (issue 12): this month to date against the same days of the last month, the last
full month, and the monthly churn of twelve full months against the plan of non-retention.

A month to date is never read as a whole month: its churn rate is churned ÷ the base at the start of the period,
and it is compared with the same number of days at the start of the last month, on the same formula. The last full
month is a month of the diagnostics (churned ÷ the mean of the base at its start and end, docs/reports/diagnostics.md),
so both pages show one figure for it. Formulas: docs/reports/dashboard.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from abonent.churn.signals import non_retention_plans
from abonent.subscribers.models import Subscriber

from .diagnostics import MonthRow, _as_date, active_base, add_months, churn_vs_inflow, month_end, month_start

TREND_MONTHS = 12


@dataclass(frozen=True)
class Flow:
    """Connections and disconnections over the days start..end (both included), and the base they started from."""

    start: date
    end: date
    base_start: int  # active at the end of the day before `start`
    churned: int
    gross_adds: int

    @property
    def net_growth(self) -> int:
        return self.gross_adds - self.churned

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def churn_pct(self) -> float | None:
        """Churned in the period as a percent of the base at its start (not a monthly rate)."""
        return self.churned / self.base_start * 100 if self.base_start > 0 else None


@dataclass(frozen=True)
class Delta:
    """A change between two figures, and whether it is good news for a metric where more (or less) is better."""

    value: float
    more_is_better: bool

    @property
    def css(self) -> str:
        if not self.value:
            return ""
        return "text-success" if (self.value > 0) == self.more_is_better else "text-danger"

    @property
    def sign(self) -> str:
        return "+" if self.value > 0 else ""


def delta(now: float | None, before: float | None, *, more_is_better: bool) -> Delta | None:
    return Delta(now - before, more_is_better) if now is not None and before is not None else None


def flow(start: date, end: date) -> Flow:
    """The flow of the days start..end: three counts over the base."""
    return Flow(
        start=start,
        end=end,
        base_start=active_base(start - timedelta(days=1)),
        churned=Subscriber.objects.filter(disconnected_on__gte=start, disconnected_on__lte=end).count(),
        gross_adds=Subscriber.objects.filter(connected_on__gte=start, connected_on__lte=end).count(),
    )


def same_days_last_month(today: date) -> tuple[date, date]:
    """The first days of the last month, as many as this month has had by `today` (to the last month's end)."""
    start = add_months(month_start(today), -1)
    return start, min(start + timedelta(days=today.day - 1), month_end(start))


@dataclass(frozen=True)
class TrendMonth:
    month: date
    churn_pct: float | None
    plan_pct: float | None
    plan_is_set: bool  # a plan of non-retention was set for the month; otherwise the plan is its unmanaged churn


def trend(today: date, months: int = TREND_MONTHS) -> tuple[list[TrendMonth], MonthRow]:
    """Monthly churn of the `months` full months before `today`'s month against the plan of non-retention; and the
    last of those months (the last full month) as the diagnostics count it."""
    last = add_months(month_start(today), -1)
    first = add_months(last, -(months - 1))
    flows = churn_vs_inflow(first, last, as_of=today).months
    unmanaged = {
        _as_date(row["month"]): row["n"]
        for row in Subscriber.objects.filter(
            disconnected_on__gte=first, disconnected_on__lte=month_end(last), churn_reason__is_managed=False
        )
        .annotate(month=TruncMonth("disconnected_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    plans: dict[date, int] = {}
    for _receiver, answer in non_retention_plans.send(sender=None, start=first, end=last):
        plans.update(answer or {})
    rows = []
    for row in flows:
        average = (row.base_start + row.base_end) / 2
        planned = plans.get(row.month)
        allowed = planned if planned is not None else unmanaged.get(row.month, 0)
        rows.append(
            TrendMonth(
                month=row.month,
                churn_pct=row.churn_pct,
                plan_pct=allowed / average * 100 if average > 0 else None,
                plan_is_set=planned is not None,
            )
        )
    return rows, flows[-1]


def trend_chart(rows: list[TrendMonth], labels: dict[str, str]) -> dict:
    """The trend as plain numbers for the page's Plotly chart (json_script: never localised)."""
    return {
        "months": [f"{r.month:%Y-%m}" for r in rows],
        "churn_pct": [round(r.churn_pct, 2) if r.churn_pct is not None else None for r in rows],
        "plan_pct": [round(r.plan_pct, 2) if r.plan_pct is not None else None for r in rows],
        "plan_is_set": [r.plan_is_set for r in rows],
        **labels,
    }
