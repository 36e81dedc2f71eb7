"""The demo operator's helpdesk: tickets over the whole demo period, for the ticket register and the SLA report.

Every subscriber opens a ticket now and then; subscribers who later left (or came to disconnect) for quality or
service reasons had more of them in the months before, often repeated and often late — which is why they left.
Three technicians and the call-centre agent are the responsible people, so the SLA report names them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from abonent.subscribers.models import Subscriber

from .choices import TicketKind, TicketStatus
from .models import Ticket
from .services import REPEAT_DAYS, default_deadline

ORDER = 10
MONTHLY_RATE = 0.018  # tickets per subscriber-month in the background
TECHNICIANS = [("master1", "Андрей", "Соколов"), ("master2", "Виктор", "Морозов"), ("master3", "Павел", "Зайцев")]

SUBJECTS = {
    TicketKind.REPAIR: [
        "Нет интернета",
        "Пропадает соединение по вечерам",
        "Нет сигнала на всех каналах",
        "Повреждён кабель в подъезде",
        "Не работает роутер",
        "Рассыпается картинка на цифровых каналах",
    ],
    TicketKind.TECH_SUPPORT: [
        "Низкая скорость",
        "Настройка роутера",
        "Не открываются сайты",
        "Настройка приставки IPTV",
        "Смена пароля Wi-Fi",
    ],
    TicketKind.CONNECTION: ["Подключение дополнительной услуги", "Перенос розетки в другую комнату"],
    TicketKind.COMPLAINT: ["Жалоба на работу мастера", "Жалоба на оператора колл-центра", "Не дозвониться в поддержку"],
    TicketKind.OTHER: ["Вопрос по договору", "Замена оборудования"],
}
BACKGROUND_KINDS = [
    TicketKind.REPAIR,
    TicketKind.TECH_SUPPORT,
    TicketKind.CONNECTION,
    TicketKind.COMPLAINT,
    TicketKind.OTHER,
]
BACKGROUND_WEIGHTS = [0.45, 0.35, 0.08, 0.04, 0.08]
# Tickets a churn reason leaves behind in the last months: (kinds, how many on average, share past the deadline).
TROUBLE = {
    "low_speed": ([TicketKind.TECH_SUPPORT, TicketKind.REPAIR], 2.5, 0.35),
    "outages": ([TicketKind.REPAIR], 3.0, 0.4),
    "tv_picture": ([TicketKind.REPAIR], 2.5, 0.35),
    "slow_repair": ([TicketKind.REPAIR], 2.0, 0.8),
    "could_not_get_through": ([TicketKind.TECH_SUPPORT, TicketKind.COMPLAINT], 1.5, 0.5),
    "rude_staff": ([TicketKind.COMPLAINT], 1.2, 0.3),
}


def _technicians() -> list:
    User = get_user_model()
    users = []
    for username, first, last in TECHNICIANS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


def _moment(day: dt.date, rng: random.Random, tz) -> dt.datetime:
    minute = rng.randint(8 * 60, 21 * 60)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)


def _plan_ticket(subscriber_id, kind, opened, now, late_share, responsible, rng) -> Ticket:
    urgent = kind == TicketKind.REPAIR and rng.random() < 0.07
    deadline = default_deadline(kind, opened, urgent)
    allowed = deadline - opened
    late = rng.random() < late_share
    took = allowed * (rng.uniform(1.1, 3.5) if late else rng.uniform(0.1, 0.95))
    resolved = opened + took
    if resolved > now:
        status = rng.choice([TicketStatus.OPEN, TicketStatus.IN_PROGRESS])
        resolved_at = None
    elif rng.random() < 0.03:
        status, resolved_at = TicketStatus.CANCELLED, None
    else:
        status = TicketStatus.CLOSED if now - resolved > dt.timedelta(days=5) else TicketStatus.RESOLVED
        resolved_at = resolved
    return Ticket(
        subscriber_id=subscriber_id,
        kind=kind,
        urgent=urgent,
        subject=rng.choice(SUBJECTS[kind]),
        opened_at=opened,
        deadline=deadline,
        status=status,
        resolved_at=resolved_at,
        responsible=responsible,
    )


@transaction.atomic
def load(ctx) -> dict[str, int]:

    rng = random.Random(ctx.seed * 7919 + 10)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = ctx.today
    now = dt.datetime(today.year, today.month, today.day, 18, 0, tzinfo=tz)
    start = today - dt.timedelta(days=int(ctx.months * 30.4))
    technicians = _technicians()
    agent, manager, b2b = ctx.users["agent"], ctx.users["manager"], ctx.users["b2b"]
    ids = dict(Subscriber.objects.values_list("external_id", "pk"))

    # Troubled churners: the billing's churn reasons, and the reasons found on disconnection requests.
    trouble: dict[str, tuple[str, dt.date]] = {}
    frame = ctx.frames["subscribers"]
    for account, reason, left in frame.select("account", "churn_reason", "disconnected_on").iter_rows():
        if reason in TROUBLE and left:
            trouble[account] = (reason, left)
    for plan in ctx.plans:
        if plan.reason in TROUBLE:
            trouble[plan.account] = (plan.reason, plan.received_at.date())

    tickets: list[Ticket] = []
    for account, kind, connected, left in frame.select(
        "account", "kind", "connected_on", "disconnected_on"
    ).iter_rows():
        subscriber_id = ids.get(account)
        if subscriber_id is None:
            continue
        first = max(connected, start)
        last = min(left or today, today)
        if last <= first:
            continue
        months = (last - first).days / 30.4
        count = sum(1 for _ in range(int(months)) if rng.random() < MONTHLY_RATE * (1.6 if kind == "business" else 1))
        for _ in range(count):
            day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            ticket_kind = rng.choices(BACKGROUND_KINDS, BACKGROUND_WEIGHTS)[0]
            responsible = b2b if kind == "business" and ticket_kind != TicketKind.REPAIR else None
            if responsible is None:
                responsible = rng.choice(technicians) if ticket_kind == TicketKind.REPAIR else agent
            tickets.append(_plan_ticket(subscriber_id, ticket_kind, _moment(day, rng, tz), now, 0.08, responsible, rng))
        if account in trouble:
            reason, until = trouble[account]
            kinds, mean, late_share = TROUBLE[reason]
            extra = max(1, round(rng.gauss(mean, 0.8)))
            for _ in range(extra):
                day = until - dt.timedelta(days=rng.randint(2, 75))
                if day < first:
                    continue
                ticket_kind = rng.choice(kinds)
                responsible = manager if ticket_kind == TicketKind.COMPLAINT else rng.choice(technicians)
                tickets.append(
                    _plan_ticket(subscriber_id, ticket_kind, _moment(day, rng, tz), now, late_share, responsible, rng)
                )

    tickets.sort(key=lambda t: (t.opened_at, t.subscriber_id))
    last_seen: dict[tuple[int, str], dt.datetime] = {}
    window = dt.timedelta(days=REPEAT_DAYS)
    for number, ticket in enumerate(tickets, start=1):
        ticket.external_id = f"HD-{number:06d}"
        key = (ticket.subscriber_id, ticket.kind)
        previous = last_seen.get(key)
        ticket.is_repeat = previous is not None and ticket.opened_at - previous <= window
        last_seen[key] = ticket.opened_at
        # The history row says when the ticket was opened, not when the demo ran.
        ticket._history_date = ticket.opened_at
    bulk_create_with_history(tickets, Ticket, batch_size=2000, default_user=agent)
    counts = defaultdict(int)
    for ticket in tickets:
        counts["repeat"] += ticket.is_repeat
        counts["overdue"] += ticket.is_overdue
    return {"tickets": len(tickets), "repeat tickets": counts["repeat"], "tickets past SLA": counts["overdue"]}


def operator_models() -> list:
    return [Ticket.history.model, Ticket]
