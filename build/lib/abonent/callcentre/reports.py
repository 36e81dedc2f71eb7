"""Call-centre reports: call statistics with the seed 002 classifier table, staffing by Erlang C against agents
logged in, each employee's workload, and the missed-call economics ("how bad is it").

Every figure is an ORM aggregate grouped in the database; the number of queries does not grow with the period
(formulas: docs/reports/calls.md, staffing.md, missed-calls.md).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Concat, ExtractHour, ExtractIsoWeekDay, ExtractMinute, Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.calls.choices import AgentIntervalKind, CallDirection, CallOutcome
from abonent.calls.models import AgentInterval, Call, CallType
from abonent.staff.models import Employee, TimeEntry
from abonent.subscribers.models import Subscriber

from . import erlang
from .choices import WEEKDAYS, TaskOutcome
from .models import CallbackTask

MISSED = CallOutcome.missed_values()
ANSWERED = Q(outcome=CallOutcome.ANSWERED)
DAYS_IN_MONTH = Decimal("30.4375")
SLOT_SECONDS = 1800


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local-time datetimes [start 00:00, end+1 00:00) of an inclusive date period."""
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time(0))),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0))),
    )


def calls_in(start: dt.date, end: dt.date, *, queue: str = "", agent=None):
    since, until = period_bounds(start, end)
    qs = Call.objects.filter(started_at__gte=since, started_at__lt=until)
    if queue:
        qs = qs.filter(queue=queue)
    if agent is not None:
        qs = qs.filter(user=agent)
    return qs


def _pct(part, whole, digits: int = 1) -> float | None:
    return round(float(part) * 100 / float(whole), digits) if whole else None


def _queue_figures(threshold: int) -> dict:
    return {
        "offered": Count("pk"),
        "answered": Count("pk", filter=ANSWERED),
        "abandoned": Count("pk", filter=Q(outcome__in=MISSED)),
        "within": Count("pk", filter=ANSWERED & Q(wait_seconds__lte=threshold)),
        "asa": Avg("wait_seconds", filter=ANSWERED),
        "talk": Avg("talk_seconds", filter=ANSWERED),
    }


def _finish(row: dict) -> dict:
    offered = row["offered"]
    row["abandonment_pct"] = _pct(row["abandoned"], offered)
    row["service_level_pct"] = _pct(row["within"], offered)
    row["asa"] = round(float(row["asa"]), 1) if row["asa"] is not None else None
    row["talk"] = round(float(row["talk"]), 1) if row["talk"] is not None else None
    return row


# Call statistics ---------------------------------------------------------------------------------------------------


@dataclass
class ClassifierRow:
    code: str
    name: str
    count: int
    pct: float | None
    is_missed: bool = False


@dataclass
class CallStatistics:
    start: dt.date
    end: dt.date
    threshold: int
    classifier: list[ClassifierRow]
    total: int
    summary: dict
    by_hour: list[dict]
    by_weekday: list[dict]
    callbacks: dict


def classifier_table(qs) -> tuple[list[ClassifierRow], int]:
    """Seed 002's table: calls by type with their share; every missed call counts as "did not take place".

    Outbound calls (callbacks) are not part of it: it describes what callers wanted. Answered calls without a
    type show as "Unclassified".
    """
    grouped = (
        qs.exclude(direction=CallDirection.OUTBOUND)
        .values("call_type_id")
        .annotate(missed=Count("pk", filter=Q(outcome__in=MISSED)), taken=Count("pk", filter=~Q(outcome__in=MISSED)))
    )
    types = list(CallType.objects.all())
    missed_type = next((t for t in types if t.is_missed), None)
    counts: dict[int | None, int] = defaultdict(int)
    for row in grouped:
        counts[missed_type.pk if missed_type else "missed"] += row["missed"]
        counts[row["call_type_id"]] += row["taken"]
    total = sum(counts.values())
    rows = [
        ClassifierRow(t.code, t.name, counts.get(t.pk, 0), _pct(counts.get(t.pk, 0), total, 0), t.is_missed)
        for t in types
        if not t.is_archived or counts.get(t.pk)
    ]
    if counts.get("missed"):
        rows.append(
            ClassifierRow(
                "missed", _("Call did not take place"), counts["missed"], _pct(counts["missed"], total, 0), True
            )
        )
    if counts.get(None):
        rows.append(ClassifierRow("", _("Unclassified"), counts[None], _pct(counts[None], total, 0)))
    return rows, total


def callback_results(start: dt.date, end: dt.date, *, queue: str = "", now: dt.datetime | None = None) -> dict:
    """Tasks created in the period: how many callers were reached, how fast, and within the SLA."""
    now = now or timezone.now()
    since, until = period_bounds(start, end)
    tasks = CallbackTask.objects.filter(created_at__gte=since, created_at__lt=until)
    if queue:
        tasks = tasks.filter(call__queue=queue)
    self_contact = [TaskOutcome.GOT_THROUGH, TaskOutcome.CALLED_BACK]
    met = Q(first_attempt_at__lte=F("due_at")) | Q(
        first_attempt_at__isnull=True, outcome__in=self_contact, closed_at__lte=F("due_at")
    )
    agg = tasks.aggregate(
        tasks=Count("pk"),
        reached=Count("pk", filter=Q(outcome=TaskOutcome.REACHED)),
        self_contact=Count("pk", filter=Q(outcome__in=self_contact)),
        unreached=Count("pk", filter=Q(outcome=TaskOutcome.UNREACHED)),
        wrong=Count("pk", filter=Q(outcome=TaskOutcome.WRONG_NUMBER)),
        active=Count("pk", filter=Q(status__in=["open", "assigned"])),
        met=Count("pk", filter=met),
        judged=Count("pk", filter=met | Q(due_at__lte=now)),
        attempts=Sum("attempts"),
    )
    waits = [
        (first - created).total_seconds() / 60
        for created, first in tasks.filter(first_attempt_at__isnull=False).values_list("created_at", "first_attempt_at")
    ]
    agg["attempts"] = agg["attempts"] or 0
    agg["contact"] = agg["reached"] + agg["self_contact"]
    agg["reached_pct"] = _pct(agg["reached"], agg["tasks"])
    agg["contact_pct"] = _pct(agg["contact"], agg["tasks"])
    agg["sla_pct"] = _pct(agg["met"], agg["judged"])
    agg["median_minutes"] = round(statistics.median(waits), 1) if waits else None
    agg["mean_minutes"] = round(statistics.fmean(waits), 1) if waits else None
    return agg


def call_statistics(
    start: dt.date, end: dt.date, *, queue: str = "", agent=None, threshold: int = 20, now: dt.datetime | None = None
) -> CallStatistics:
    qs = calls_in(start, end, queue=queue, agent=agent)
    classifier, total = classifier_table(qs)
    inbound = qs.filter(direction=CallDirection.INBOUND)
    figures = _queue_figures(threshold)
    summary = _finish(inbound.aggregate(**figures))
    hours = {r["hour"]: r for r in inbound.annotate(hour=ExtractHour("started_at")).values("hour").annotate(**figures)}
    by_hour = [_finish(hours.get(h) or _empty(hour=h)) for h in range(24)]
    days = {
        r["day"]: r for r in inbound.annotate(day=ExtractIsoWeekDay("started_at")).values("day").annotate(**figures)
    }
    names = dict(WEEKDAYS)
    by_weekday = [{**_finish(days.get(d) or _empty(day=d)), "name": str(names[d])} for d in range(1, 8)]
    return CallStatistics(
        start=start,
        end=end,
        threshold=threshold,
        classifier=classifier,
        total=total,
        summary=summary,
        by_hour=by_hour,
        by_weekday=by_weekday,
        callbacks=callback_results(start, end, queue=queue, now=now),
    )


def _empty(**key) -> dict:
    return {**key, "offered": 0, "answered": 0, "abandoned": 0, "within": 0, "asa": None, "talk": None}


def statistics_sheets(stats: CallStatistics) -> list:
    """The report as XLSX sheets (core.export.build_workbook)."""
    s, c = stats.summary, stats.callbacks
    cols = [
        _("Offered"),
        _("Answered"),
        _("Abandoned"),
        _("Abandonment, %"),
        _("Service level, %"),
        _("ASA, s"),
        _("Average talk, s"),
    ]

    def line(row):
        return [
            row["offered"],
            row["answered"],
            row["abandoned"],
            row["abandonment_pct"],
            row["service_level_pct"],
            row["asa"],
            row["talk"],
        ]

    return [
        (
            _("Call types"),
            [_("Call type"), _("Count"), "%"],
            [[r.name, r.count, r.pct] for r in stats.classifier]
            + [[_("Total"), stats.total, 100 if stats.total else None]],
        ),
        (_("Summary"), cols, [line(s)]),
        (_("By hour"), [_("Hour"), *cols], [[r["hour"], *line(r)] for r in stats.by_hour]),
        (_("By weekday"), [_("Day"), *cols], [[r["name"], *line(r)] for r in stats.by_weekday]),
        (
            _("Callbacks"),
            [
                _("Tasks"),
                _("Reached by callback"),
                _("Got through themselves"),
                _("Not reached"),
                _("Wrong number"),
                _("Still open"),
                _("Reached, %"),
                _("Contact restored, %"),
                _("Median minutes to callback"),
                _("Mean minutes to callback"),
                _("Within SLA, %"),
            ],
            [
                [
                    c["tasks"],
                    c["reached"],
                    c["self_contact"],
                    c["unreached"],
                    c["wrong"],
                    c["active"],
                    c["reached_pct"],
                    c["contact_pct"],
                    c["median_minutes"],
                    c["mean_minutes"],
                    c["sla_pct"],
                ]
            ],
        ),
    ]


# Staffing ----------------------------------------------------------------------------------------------------------


@dataclass
class StaffingParams:
    target_level: float = 0.8
    target_seconds: int = 20
    shrinkage: float = 0.3
    wrap_up_seconds: int = 30


@dataclass
class StaffingSlot:
    weekday: int
    weekday_name: str
    start: dt.time
    calls: float
    aht: float
    load: float
    needed: int
    scheduled: int
    occupancy: float | None
    logged_in: float
    service_level_logged: float | None
    status: str  # under / ok / over

    @property
    def label(self) -> str:
        end = (dt.datetime.combine(dt.date(2000, 1, 1), self.start) + dt.timedelta(minutes=30)).time()
        return f"{self.start:%H:%M}–{end:%H:%M}"

    @property
    def gap(self) -> float:
        return round(self.logged_in - self.needed, 1)


@dataclass
class StaffingReport:
    start: dt.date
    end: dt.date
    params: StaffingParams
    aht: float
    slots: list[StaffingSlot] = field(default_factory=list)

    @property
    def shortage_agent_hours_per_week(self) -> float:
        """Agent-hours a week missing on the phones: Σ over slots of (needed − logged in) × ½ h where short."""
        return round(sum(max(0.0, s.needed - s.logged_in) * 0.5 for s in self.slots), 1)

    @property
    def under(self) -> int:
        return sum(1 for s in self.slots if s.status == "under")

    @property
    def over(self) -> int:
        return sum(1 for s in self.slots if s.status == "over")


def weekday_occurrences(start: dt.date, end: dt.date) -> dict[int, int]:
    counts = {d: 0 for d in range(1, 8)}
    days = (end - start).days + 1
    for i in range(min(days, 7)):
        counts[(start + dt.timedelta(days=i)).isoweekday()] += (days - i + 6) // 7
    return counts


def _union(intervals: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[list[dt.datetime]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _subtract(base, holes):
    out = []
    for a, b in base:
        pieces = [(a, b)]
        for ha, hb in holes:
            nxt = []
            for pa, pb in pieces:
                if hb <= pa or ha >= pb:
                    nxt.append((pa, pb))
                    continue
                if pa < ha:
                    nxt.append((pa, ha))
                if hb < pb:
                    nxt.append((hb, pb))
            pieces = nxt
        out.extend(pieces)
    return out


def logged_in_seconds(start: dt.date, end: dt.date, *, queue: str = "", now: dt.datetime | None = None) -> dict:
    """Seconds agents were logged in and not paused, by (ISO weekday, half-hour slot index 0..47), summed over
    the period's dates. An agent logged in to several queues counts once (sessions are merged per agent)."""
    since, until = period_bounds(start, end)
    now = now or timezone.now()
    rows = AgentInterval.objects.filter(started_at__lt=until).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=since))
    if queue:
        rows = rows.filter(queue=queue)
    spans: dict[str, dict[str, list]] = defaultdict(lambda: {"session": [], "pause": []})
    for agent, kind, a, b in rows.values_list("agent", "kind", "started_at", "ended_at"):
        b = b or min(now, until)
        a, b = max(a, since), min(b, until)
        if b > a:
            spans[agent]["session" if kind == AgentIntervalKind.SESSION else "pause"].append((a, b))
    seconds: dict[tuple[int, int], float] = defaultdict(float)
    for agent_spans in spans.values():
        for a, b in _subtract(_union(agent_spans["session"]), _union(agent_spans["pause"])):
            _spread(seconds, a, b)
    return seconds


def _spread(seconds: dict, a: dt.datetime, b: dt.datetime) -> None:
    local = timezone.localtime(a)
    end = timezone.localtime(b)
    while local < end:
        slot_start = local.replace(minute=30 if local.minute >= 30 else 0, second=0, microsecond=0)
        slot_end = slot_start + dt.timedelta(minutes=30)
        piece_end = min(slot_end, end)
        slot = slot_start.hour * 2 + (1 if slot_start.minute >= 30 else 0)
        seconds[(slot_start.isoweekday(), slot)] += (piece_end - local).total_seconds()
        local = piece_end


def staffing_report(
    start: dt.date, end: dt.date, *, queue: str = "", params: StaffingParams | None = None, now=None
) -> StaffingReport:
    """Agents needed per weekday × half-hour, averaged over the period's dates, against agents logged in.

    Arrivals: inbound calls offered (answered and missed) in that slot ÷ the number of such weekdays in the
    period. AHT: average talk of answered calls (the slot's own when it has 5 or more, else the period's) plus the
    wrap-up parameter. Logged in: average agents logged in and not paused during the slot.
    """
    params = params or StaffingParams()
    inbound = calls_in(start, end, queue=queue).filter(direction=CallDirection.INBOUND)
    overall = inbound.aggregate(talk=Avg("talk_seconds", filter=ANSWERED))["talk"]
    overall_aht = float(overall or 0) + params.wrap_up_seconds
    grouped = (
        inbound.alias(minute=ExtractMinute("started_at"))
        .annotate(
            wd=ExtractIsoWeekDay("started_at"),
            hour=ExtractHour("started_at"),
            half=Case(When(Q(minute__gte=30), then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values("wd", "hour", "half")
        .annotate(calls=Count("pk"), answered=Count("pk", filter=ANSWERED), talk=Avg("talk_seconds", filter=ANSWERED))
    )
    calls = {(r["wd"], r["hour"] * 2 + r["half"]): r for r in grouped}
    logged = logged_in_seconds(start, end, queue=queue, now=now)
    occurrences = weekday_occurrences(start, end)
    names = dict(WEEKDAYS)
    report = StaffingReport(start=start, end=end, params=params, aht=round(overall_aht, 1))
    for wd, slot in sorted(set(calls) | set(logged)):
        days = occurrences[wd] or 1
        row = calls.get((wd, slot))
        arrivals = row["calls"] / days if row else 0.0
        aht = float(row["talk"]) + params.wrap_up_seconds if row and row["answered"] >= 5 else overall_aht
        st = erlang.staffing(
            arrivals,
            SLOT_SECONDS,
            aht,
            target_level=params.target_level,
            target_seconds=params.target_seconds,
            shrinkage=params.shrinkage,
        )
        on_phones = logged.get((wd, slot), 0.0) / (SLOT_SECONDS * days)
        have = math.floor(on_phones + 1e-9)
        level = erlang.service_level(have, st.load, aht, params.target_seconds) if st.load else None
        if on_phones + 1e-9 < st.agents:
            status = "under"
        elif on_phones > st.agents + max(1.0, 0.25 * st.agents):
            status = "over"
        else:
            status = "ok"
        report.slots.append(
            StaffingSlot(
                weekday=wd,
                weekday_name=str(names[wd]),
                start=dt.time(slot // 2, 30 * (slot % 2)),
                calls=round(arrivals, 2),
                aht=round(aht, 1),
                load=round(st.load, 2),
                needed=st.agents,
                scheduled=st.scheduled,
                occupancy=round(st.occupancy * 100, 1) if st.agents else None,
                logged_in=round(on_phones, 2),
                service_level_logged=round(level * 100, 1) if level is not None else None,
                status=status,
            )
        )
    return report


# Workload ----------------------------------------------------------------------------------------------------------


def paid_hours(employee: Employee, start: dt.date, end: dt.date) -> Decimal:
    """The employee's paid hours in the period: hours a month prorated by calendar days of each month employed."""
    first = max(start, employee.hired_on) if employee.hired_on else start
    last = min(end, employee.left_on) if employee.left_on else end
    total = Decimal(0)
    day = first
    while day <= last:
        month_end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        upto = min(month_end, last)
        total += employee.paid_hours_per_month * Decimal((upto - day).days + 1) / Decimal(month_end.day)
        day = upto + dt.timedelta(days=1)
    return total.quantize(Decimal("0.1"))


def workload(start: dt.date, end: dt.date) -> list[dict]:
    """Each employee's phone time (talk on calls they handled) plus offline time (time entries, callbacks
    included) against paid hours in the period."""
    since, until = period_bounds(start, end)
    phone = dict(
        Call.objects.filter(started_at__gte=since, started_at__lt=until, user__isnull=False)
        .values("user")
        .annotate(s=Sum("talk_seconds"))
        .values_list("user", "s")
    )
    calls = dict(
        Call.objects.filter(started_at__gte=since, started_at__lt=until, user__isnull=False)
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    offline = {
        r["user"]: r
        for r in TimeEntry.objects.filter(date__gte=start, date__lte=end)
        .values("user")
        .annotate(total=Sum("minutes"), callbacks=Sum("minutes", filter=Q(activity="callback")))
    }
    employees = {e.user_id: e for e in Employee.objects.select_related("user")}
    user_ids = (
        set(phone)
        | set(offline)
        | {
            uid
            for uid, e in employees.items()
            if (not e.left_on or e.left_on >= start) and (not e.hired_on or e.hired_on <= end)
        }
    )
    users = get_user_model().objects.in_bulk(list(user_ids))
    rows = []
    for uid in user_ids:
        user = users.get(uid)
        if user is None:
            continue
        employee = employees.get(uid)
        phone_min = round((phone.get(uid) or 0) / 60, 1)
        off = offline.get(uid) or {}
        offline_min = off.get("total") or 0
        paid = paid_hours(employee, start, end) if employee else None
        total_hours = round((phone_min + offline_min) / 60, 1)
        rows.append(
            {
                "user": user,
                "name": user.get_full_name() or user.username,
                "position": employee.position if employee else "",
                "calls": calls.get(uid, 0),
                "phone_hours": round(phone_min / 60, 1),
                "offline_hours": round(offline_min / 60, 1),
                "callback_hours": round((off.get("callbacks") or 0) / 60, 1),
                "total_hours": total_hours,
                "paid_hours": float(paid) if paid is not None else None,
                "load_pct": _pct(total_hours, paid) if paid else None,
            }
        )
    return sorted(rows, key=lambda r: (-(r["load_pct"] or -1), r["name"]))


# Missed-call economics ---------------------------------------------------------------------------------------------


@dataclass
class EconomicsParams:
    reach_days: int = 2
    basis: str = "reason"  # reason: "could not get through" only; group: the whole customer-service group
    monthly_pay: Decimal | None = None
    staffing: StaffingParams = field(default_factory=StaffingParams)


REASON_CODE = "could_not_get_through"
GROUP_CODE = "service"


def missed_call_economics(start: dt.date, end: dt.date, params: EconomicsParams | None = None, now=None) -> dict:
    """How bad the missed calls are: missed a day, share never reached, churn for not getting through and its
    revenue, and the cost of the agents needed for the target service level."""
    params = params or EconomicsParams()
    days = (end - start).days + 1
    months = Decimal(days) / DAYS_IN_MONTH
    missed = calls_in(start, end).filter(direction=CallDirection.INBOUND, outcome__in=MISSED).exclude(caller="")
    window = dt.timedelta(days=params.reach_days)
    later = {"started_at__gt": OuterRef("started_at"), "started_at__lte": OuterRef("started_at") + window}
    got_through = Call.objects.filter(ANSWERED, direction=CallDirection.INBOUND, caller=OuterRef("caller"), **later)
    called_back = Call.objects.filter(ANSWERED, direction=CallDirection.OUTBOUND, **later).filter(
        Q(callee=OuterRef("caller"))
        | Q(callee=Concat(Value("8"), Substr(OuterRef("caller"), 2)))
        | Q(callee=Concat(Value("+"), OuterRef("caller")))
    )
    reached_task = CallbackTask.objects.filter(
        phone=OuterRef("caller"),
        outcome__in=TaskOutcome.contact_values(),
        closed_at__gt=OuterRef("started_at"),
        closed_at__lte=OuterRef("started_at") + window,
    )
    agg = missed.aggregate(
        missed=Count("pk"),
        never=Count("pk", filter=~Q(Exists(got_through)) & ~Q(Exists(called_back)) & ~Q(Exists(reached_task))),
    )
    per_day = {
        r["day"]: r["n"] for r in missed.annotate(day=TruncDate("started_at")).values("day").annotate(n=Count("pk"))
    }
    daily = [(start + dt.timedelta(days=i), per_day.get(start + dt.timedelta(days=i), 0)) for i in range(days)]
    offered = calls_in(start, end).filter(direction=CallDirection.INBOUND).count()

    churned = Subscriber.objects.filter(disconnected_on__gte=start, disconnected_on__lte=end)
    reason = churned.filter(churn_reason__code=REASON_CODE).aggregate(n=Count("pk"), arpu=Sum("arpu"))
    group = churned.filter(churn_reason__group__code=GROUP_CODE).aggregate(n=Count("pk"), arpu=Sum("arpu"))
    basis = group if params.basis == "group" else reason
    lost_month = ((basis["arpu"] or Decimal(0)) / months).quantize(Decimal("0.01")) if months else Decimal(0)

    staffing = staffing_report(start, end, params=params.staffing, now=now)
    avg_pay = params.monthly_pay
    if avg_pay is None:
        avg_pay = Employee.objects.filter(monthly_salary__gt=0).aggregate(a=Avg("monthly_salary"))["a"] or Decimal(0)
    avg_hours = Employee.objects.filter(paid_hours_per_month__gt=0).aggregate(a=Avg("paid_hours_per_month"))["a"]
    avg_hours = Decimal(avg_hours or 168)
    shortage_week = Decimal(str(staffing.shortage_agent_hours_per_week))
    # Hours on the phones missing a month, then paid hours for them: shrinkage takes its share of paid time.
    paid_needed = shortage_week * Decimal(52) / Decimal(12) / Decimal(str(1 - params.staffing.shrinkage))
    extra_fte = (paid_needed / avg_hours).quantize(Decimal("0.1"))
    extra_cost = (extra_fte * Decimal(avg_pay)).quantize(Decimal("0.01"))
    breakeven = _pct(extra_cost, lost_month * 12) if lost_month else None
    return {
        "start": start,
        "end": end,
        "days": days,
        "offered": offered,
        "missed": agg["missed"],
        "missed_pct": _pct(agg["missed"], offered),
        "missed_per_day": round(agg["missed"] / days, 1) if days else 0,
        "daily": daily,
        "never_reached": agg["never"],
        "never_reached_pct": _pct(agg["never"], agg["missed"]),
        "reach_days": params.reach_days,
        "churn_reason": reason["n"],
        "churn_reason_arpu": reason["arpu"] or Decimal(0),
        "churn_group": group["n"],
        "churn_group_arpu": group["arpu"] or Decimal(0),
        "basis": params.basis,
        "lost_month": lost_month,
        "lost_year": lost_month * 12,
        "shortage_hours_week": float(shortage_week),
        "under_slots": staffing.under,
        "avg_pay": Decimal(avg_pay).quantize(Decimal("0.01")),
        "extra_fte": extra_fte,
        "extra_cost": extra_cost,
        "breakeven_pct": breakeven,
        "pays_off": bool(lost_month) and extra_cost < lost_month * 12,
    }
