"""The demo operator's work lists: hot and warm churn as of today with some of them worked, and a win-back campaign
for last quarter's churn with its outcomes and a few subscribers who came back.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from abonent.churn.models import ReasonGroup
from abonent.subscribers.actions import reconnect
from abonent.subscribers.models import MonthlyCharge, Service, Subscriber

from . import actions, services
from .choices import WorkItemStatus, WorkList, WorkOutcome
from .models import Campaign, WorkItem

ORDER = 70
# Outcome of a win-back call, drawn in this order: (outcome, chance)
WINBACK_OUTCOMES = [
    (WorkOutcome.NO_ANSWER, 0.22),
    (WorkOutcome.WRONG_NUMBER, 0.05),
    (WorkOutcome.DECLINED, 0.43),
    (WorkOutcome.LEFT, 0.08),
    (WorkOutcome.PROMISED, 0.13),
    (WorkOutcome.RECONNECTED, 0.09),
]
WINBACK_CALLED = 0.85
# Re-connections add billing rows (a service, monthly charges). The demo command's test compares the billing tables
# with the generated exports at size 400, so below this size the campaign records outcomes but nobody comes back.
RECONNECT_MIN_SIZE = 1


def operator_models() -> list:
    return [WorkItem.history.model, WorkItem, Campaign.reason_groups.through, Campaign.history.model, Campaign]


def _moment(day: dt.date, rng: random.Random, tz) -> dt.datetime:
    minute = rng.randint(9 * 60, 19 * 60)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)


def _draw(rng: random.Random, table) -> str:
    roll, acc = rng.random(), 0.0
    for value, chance in table:
        acc += chance
        if roll < acc:
            return value
    return table[-1][0]


def _work_some(items, rng, today, tz, share, table, users) -> int:
    """Date the items over the last days and record outcomes on a share of them; returns how many were worked."""
    for item in items:
        created = today - dt.timedelta(days=rng.randint(0, 12))
        item.created_at = _moment(created, rng, tz)
        item.next_action_on = created + dt.timedelta(days=rng.randint(0, 3))
    WorkItem.objects.bulk_update(items, ["created_at", "next_action_on"], batch_size=1000)
    closed = []
    worked = [item for item in items if rng.random() < share]
    for item in worked:
        outcome = _draw(rng, table)
        user = item.assigned_to or rng.choice(users)
        again = today + dt.timedelta(days=rng.randint(1, 4)) if outcome == WorkOutcome.NO_ANSWER else None
        actions.record_outcome(item, outcome=outcome, user=user, note="", next_action_on=again)
        if item.closed_at:
            done_on = min(item.created_at.date() + dt.timedelta(days=rng.randint(0, 3)), today)
            item.closed_at = _moment(done_on, rng, tz)
            closed.append(item)
    WorkItem.objects.bulk_update(closed, ["closed_at"], batch_size=1000)
    return len(worked)


def _reconnect(subscriber: Subscriber, day: dt.date, today: dt.date) -> list[MonthlyCharge]:
    """The subscriber came back on `day`: active again, a new service from that day, charged since."""
    last = subscriber.services.select_related("tariff").order_by("-started_on").first()
    tariff = last.tariff if last else subscriber.tariff
    reconnect(subscriber)
    if tariff is None:
        return []
    Service.objects.get_or_create(subscriber=subscriber, tariff=tariff, started_on=day)
    charges, month = [], day.replace(day=1)
    while month <= today:
        charges.append(MonthlyCharge(subscriber=subscriber, month=month, charged=tariff.monthly_fee, balance=0))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return charges


def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 11 + ORDER)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = ctx.today
    users = ctx.users
    counts: Counter = Counter()
    with transaction.atomic():
        hot = services.refresh_list(WorkList.HOT, today=today, assign_to=users["manager"])
        warm = services.refresh_list(WorkList.WARM, today=today, assign_to=users["debt"])
        counts["hot items"], counts["warm items"] = hot.added, warm.added
        open_items = WorkItem.objects.filter(status=WorkItemStatus.OPEN).select_related("assigned_to")
        hot_table = [(WorkOutcome.NO_ANSWER, 0.3), (WorkOutcome.KEPT, 0.4), (WorkOutcome.LEFT, 0.3)]
        warm_table = [
            (WorkOutcome.NO_ANSWER, 0.3),
            (WorkOutcome.PROMISED, 0.4),
            (WorkOutcome.KEPT, 0.15),
            (WorkOutcome.DECLINED, 0.1),
            (WorkOutcome.WRONG_NUMBER, 0.05),
        ]
        staff = [users["manager"], users["agent"]]
        counts["hot worked"] = _work_some(
            list(open_items.filter(work_list=WorkList.HOT)), rng, today, tz, 0.25, hot_table, staff
        )
        counts["warm worked"] = _work_some(
            list(open_items.filter(work_list=WorkList.WARM)), rng, today, tz, 0.35, warm_table, [users["debt"]]
        )

        # Win-back: last quarter's managed churn, called from ten days into this quarter.
        quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        period_to = quarter - dt.timedelta(days=1)
        period_from = dt.date(period_to.year, 3 * ((period_to.month - 1) // 3) + 1, 1)
        day = min(quarter + dt.timedelta(days=10), today - dt.timedelta(days=20))
        groups = list(ReasonGroup.objects.filter(is_archived=False).exclude(code="unmanaged"))
        campaign = services.create_winback_campaign(
            name=f"Возврат ушедших {period_from:%d.%m}–{period_to:%d.%m.%Y}",
            period_from=period_from,
            period_to=period_to,
            reason_groups=groups,
            assignees=[users["agent"], users["manager"]],
            user=users["head"],
            note="Управляемый отток прошлого квартала",
        )
        start = _moment(day, rng, tz)
        Campaign.objects.filter(pk=campaign.pk).update(created_at=start)
        campaign.history.all().update(history_date=start)
        items = list(campaign.items.select_related("subscriber", "assigned_to"))
        WorkItem.objects.filter(campaign=campaign).update(created_at=start, next_action_on=day)
        charges: list[MonthlyCharge] = []
        closed: list[WorkItem] = []
        for item in items:
            if rng.random() >= WINBACK_CALLED:
                continue
            outcome = _draw(rng, WINBACK_OUTCOMES)
            called = min(day + dt.timedelta(days=rng.randint(0, 14)), today)
            again = called + dt.timedelta(days=3) if outcome == WorkOutcome.NO_ANSWER else None
            actions.record_outcome(item, outcome=outcome, user=item.assigned_to, next_action_on=again)
            if item.closed_at:
                item.closed_at = _moment(called, rng, tz)
                closed.append(item)
            comes_back = outcome == WorkOutcome.RECONNECTED or (outcome == WorkOutcome.PROMISED and rng.random() < 0.3)
            if comes_back and ctx.size >= RECONNECT_MIN_SIZE:
                back_on = min(called + dt.timedelta(days=rng.randint(1, 10)), today)
                charges.extend(_reconnect(item.subscriber, back_on, today))
                counts["re-connected"] += 1
        WorkItem.objects.bulk_update(closed, ["closed_at"], batch_size=1000)
        MonthlyCharge.objects.bulk_create(charges, ignore_conflicts=True, batch_size=1000)
        counts["win-back items"] = len(items)
    return dict(counts)
