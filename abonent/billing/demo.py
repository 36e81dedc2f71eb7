"""The demo operator's outbox: the processes step (ORDER 50) enqueued an action for every tariff change applied,
suspension started or ended, recalculation approved and reactivation done, stamped "now". This step dates each
one by its source and walks it as billing would have: the last two days' still pending, the older ones sent (by
file or through the API) a few hours later and confirmed a day or two after, those of the last four days and a
few more still waiting for billing's word, about one in forty rejected with billing's reason.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from . import actions
from .choices import ActionKind, ActionState, SentVia
from .models import BillingAction

ORDER = 55

REJECTIONS = {
    ActionKind.TARIFF_CHANGE: "Тариф недоступен для технологии подключения абонента (GPON), смена не выполнена.",
    ActionKind.SUSPEND: "Добровольная блокировка невозможна: отрицательный баланс лицевого счёта.",
    ActionKind.RESUME: "Лицевой счёт заблокирован за долг, снятие приостановки отложено.",
    ActionKind.RECALCULATION: "Перерасчёт за этот период уже проведён по заявке в офисе.",
    ActionKind.REACTIVATE: "Лицевой счёт расторгнут, восстановление только по новому договору.",
}


def _moment(action: BillingAction, tz, rng: random.Random) -> dt.datetime | None:
    """When the source decided it: the step's own date where the record keeps one."""
    source = action.source
    if source is None:
        return None
    if action.kind == ActionKind.SUSPEND:
        day = dt.datetime.combine(source.starts_on, dt.time(9, rng.randint(0, 59)), tzinfo=tz)
        return max(day, source.created_at)
    if action.kind == ActionKind.RECALCULATION:
        # The processes step dates the records but not the decision: a day or three after the request.
        return source.created_at + dt.timedelta(hours=rng.randint(20, 72))
    return source.closed_at or source.created_at


@transaction.atomic
def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 31 + ORDER)
    tz = ZoneInfo(settings.TIME_ZONE)
    head = ctx.users["head"]
    now = dt.datetime.combine(ctx.today, dt.time(18, 0), tzinfo=tz)
    counts: Counter = Counter()
    batch = 0
    dated = []
    for action in BillingAction.objects.filter(state=ActionState.PENDING).order_by("pk"):
        created = _moment(action, tz, rng) or action.created_at
        created = min(created, now - dt.timedelta(minutes=rng.randint(5, 600)))
        BillingAction.objects.filter(pk=action.pk).update(created_at=created)
        dated.append((created, action))
    dated.sort(key=lambda pair: pair[0])
    # Billing takes the file once a week or so: the latest tenth (at least three) has not gone yet.
    waiting = max(3, len(dated) // 10)
    for number, (created, action) in enumerate(dated):
        age = now - created
        if age < dt.timedelta(days=2) or number >= len(dated) - waiting:
            counts["pending"] += 1
            continue
        sent = created + dt.timedelta(hours=rng.randint(1, 20))
        batch += 1
        via, user = (SentVia.API, None) if rng.random() < 0.6 else (SentVia.FILE, head)
        actions.mark_sent([action.pk], user=user, via=via, reference=f"BIL-{sent:%Y%m%d}-{batch:04d}", at=sent)
        settled = sent + dt.timedelta(hours=rng.randint(20, 60))
        if settled > now or age < dt.timedelta(days=4) or rng.random() < 0.04:
            counts["sent"] += 1
            continue
        if rng.random() < 0.025 or (not counts["rejected"] and action.kind in REJECTIONS):
            actions.reject(
                action.pk, user=None, message=REJECTIONS.get(action.kind, "Отклонено биллингом."), at=settled
            )
            counts["rejected"] += 1
        else:
            actions.confirm(action.pk, user=None, reference=f"ORD-{action.pk:06d}", at=settled)
            counts["confirmed"] += 1
    _restamp_history()
    return {f"billing actions {state}": n for state, n in sorted(counts.items())}


def _restamp_history() -> None:
    """Each history row at the moment of its state: created, sent, settled."""
    history = BillingAction.history.model
    moments = {a.pk: a for a in BillingAction.objects.only("pk", "created_at", "sent_at", "settled_at")}
    rows = list(history.objects.all())
    for row in rows:
        action = moments.get(row.id)
        if action is None:
            continue
        when = {ActionState.PENDING: action.created_at, ActionState.SENT: action.sent_at}.get(row.state)
        row.history_date = when or action.settled_at or action.created_at
    history.objects.bulk_update(rows, ["history_date"], batch_size=500)


def operator_models() -> list:
    return [BillingAction.history.model, BillingAction]
