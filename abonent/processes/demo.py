"""The demo operator's retention processes, so every process register has a realistic history.

The retention step (ORDER 40) sent `offer_accepted` for its accepted offers, so their records exist already, but
opened "now": this step moves each to the date of its offer and walks it on as far as its age allows (a tariff
change applied within days, a recalculation approved and credited, an urgent repair through its ticket, a
relocation checked, scheduled and connected). Then come the records no offer starts: claims, standalone tariff
changes and recalculations, equipment returns of subscribers who left, reactivations of blocked subscribers who
paid, bonus cards for kept subscribers. Finally the daily run ends the suspensions whose last day passed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import translation

from abonent.churn.models import DisconnectionRequest
from abonent.subscribers.models import Subscriber, Tariff

from . import actions
from .models import (
    PROCESS_MODELS,
    BonusCard,
    Claim,
    EquipmentReturn,
    ProcessRecord,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)

ORDER = 50

CLAIMS = [
    ("Нет интернета 5 дней, мастер не пришёл", "перерасчёт абонентской платы за 5 дней"),
    ("Списана абонентская плата в период приостановления", "вернуть списанные 450 руб."),
    ("Скорость ниже заявленной по тарифу", "обеспечить скорость по договору или снизить плату"),
    ("Грубость сотрудника при обращении", "принести извинения и разобраться"),
    ("Платёж не зачислен на лицевой счёт", "зачислить платёж от 12 числа"),
    ("Не показывают каналы пакета «Расширенный»", "перерасчёт за период без каналов"),
]
ANSWERS = [
    "Проведена проверка, произведён перерасчёт.",
    "Неисправность устранена, абонентская плата пересчитана.",
    "Нарушений со стороны оператора не выявлено, разъяснен порядок тарификации.",
]
ITEMS = ["Роутер TP-Link Archer C6", "Приставка IPTV", "ONT-терминал", "Цифровая приставка DVB-C"]


def _aware(day: dt.date, rng: random.Random, tz) -> dt.datetime:
    minute = rng.randint(9 * 60, 19 * 60)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)


class Stamper:
    """Moves a record's dates to when the demo says it happened: created, each step, closed, history rows."""

    def __init__(self):
        self.records: list[tuple[ProcessRecord, list[dt.datetime]]] = []

    def add(self, record: ProcessRecord, moments: list[dt.datetime]) -> None:
        self.records.append((record, moments))

    def apply(self) -> None:
        for model in PROCESS_MODELS:
            mine = [(r, m) for r, m in self.records if type(r) is model]
            if not mine:
                continue
            by_pk = {r.pk: m for r, m in mine}
            objects = list(model.objects.filter(pk__in=by_pk))
            for obj in objects:
                moments = by_pk[obj.pk]
                obj.created_at = moments[0]
                if obj.closed_at:
                    obj.closed_at = moments[-1]
            model.objects.bulk_update(objects, ["created_at", "closed_at"], batch_size=500)
            history = model.history.model
            rows = list(history.objects.filter(id__in=by_pk).order_by("id", "history_id"))
            seen: Counter = Counter()
            for row in rows:
                moments = by_pk[row.id]
                row.history_date = moments[min(seen[row.id], len(moments) - 1)]
                seen[row.id] += 1
            history.objects.bulk_update(rows, ["history_date"], batch_size=500)


def _cheaper(tariffs: list[Tariff], current: Tariff | None, rng: random.Random, kind: str) -> Tariff | None:
    # Only tariffs for the subscriber's kind: a residential subscriber is never moved to «Бизнес 1000».
    tariffs = [t for t in tariffs if t.kind == kind]
    if current is None:
        return rng.choice(tariffs) if tariffs else None
    same = [t for t in tariffs if t.service_type == current.service_type and t.pk != current.pk]
    cheaper = [t for t in same if t.monthly_fee < current.monthly_fee]
    return rng.choice(cheaper or same) if (cheaper or same) else None


def _advance(record, user, head, today, tz, rng, tariffs) -> list[dt.datetime]:
    """Walk a record on as its age allows; returns the moments of its steps (created first)."""
    created = record.created_at
    day = created.astimezone(tz).date()
    age = (today - day).days
    moments = [created]

    def later(lo: int, hi: int) -> dt.datetime | None:
        step_day = day + dt.timedelta(days=rng.randint(lo, hi))
        if step_day >= today:
            return None
        moments.append(_aware(step_day, rng, tz))
        return moments[-1]

    if isinstance(record, TariffChange):
        if record.to_tariff_id is None:
            record.to_tariff = _cheaper(tariffs, record.from_tariff, rng, record.subscriber.kind)
            if record.to_tariff is not None:
                TariffChange.objects.filter(pk=record.pk).update(to_tariff=record.to_tariff)
        if record.to_tariff_id and later(0, 3):
            # The demo's employee read the fee change and confirmed it, as the card asks above the set share.
            actions.apply_tariff_change(record, user=user, effective_on=moments[-1].date(), confirm_fee_change=True)
    elif isinstance(record, Recalculation):
        if record.amount == 0:
            Recalculation.objects.filter(pk=record.pk).update(amount=Decimal(rng.choice([150, 250, 300, 450])))
            record.refresh_from_db()
        if later(0, 2):
            decider = head if actions.needs_head_approval(record) else user
            if rng.random() < 0.9:
                actions.approve_recalculation(record, user=decider)
                if later(1, 5):
                    actions.credit_recalculation(record, user=user, credited_on=moments[-1].date())
            else:
                actions.reject_recalculation(record, user=decider, note="Авария не подтверждена")
    elif isinstance(record, UrgentRepair):
        ticket = record.ticket
        ticket.opened_at = created
        ticket.deadline = created + dt.timedelta(hours=8)
        ticket.save(update_fields=["opened_at", "deadline"])
        if age > 0:
            hours = rng.uniform(2, 7.5) if rng.random() < 0.8 else rng.uniform(9, 30)
            moments.append(created + dt.timedelta(hours=hours))
            actions.move_repair(record, "resolved", user=user)
            ticket.refresh_from_db()
            ticket.resolved_at = moments[-1]
            ticket.save(update_fields=["resolved_at"])
    elif isinstance(record, Relocation):
        if later(1, 4):
            coverage = "yes" if rng.random() < 0.8 else rng.choice(["no", "survey"])
            actions.check_coverage(record, user=user, coverage=coverage)
            if coverage != "yes":
                if later(1, 10):
                    actions.transition(record, "impossible", user=user, note="Дом не подключён к сети")
            elif later(1, 7):
                actions.schedule_relocation(record, user=user, connection_on=moments[-1].date() + dt.timedelta(days=3))
                if later(4, 12):
                    actions.connect_relocation(record, user=user)
    elif isinstance(record, Suspension):
        moments.append(_aware(record.starts_on, rng, tz) if record.starts_on > day else created)
        if record.status == "active" and record.ends_on < today:
            end = dt.datetime.combine(record.ends_on + dt.timedelta(days=1), dt.time(0, 5), tzinfo=tz)
            moments.append(end)
            actions.end_suspension(record, user=None, note="Завершено автоматически по окончании срока.", at=end)
    elif isinstance(record, Reactivation):
        if later(0, 1):
            actions.reactivate(record, user=user, done_on=moments[-1].date())
    elif isinstance(record, EquipmentReturn):
        if later(1, 20):
            if rng.random() < 0.85:
                actions.return_equipment(record, user=user, returned_on=moments[-1].date())
            else:
                actions.transition(record, "written_off", user=user, note="Абонент не вернул оборудование")
    elif isinstance(record, BonusCard):
        if later(1, 25) and rng.random() < 0.75:
            actions.activate_bonus_card(record, user=user, activated_on=moments[-1].date())
    return moments


def _label(model) -> str:
    with translation.override("en"):
        return str(model._meta.verbose_name_plural)


def _redeadline(record: ProcessRecord) -> None:
    """The default deadline counted from the demo's creation date, not from the day the demo ran."""
    if isinstance(record, (Suspension, UrgentRepair)):
        return
    deadline = record.default_deadline(record.created_at.date())
    type(record).objects.filter(pk=record.pk).update(deadline=deadline)
    record.deadline = deadline


@transaction.atomic
def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 7919 + 50)
    tz = ZoneInfo(settings.TIME_ZONE)
    today = ctx.today
    users = ctx.users
    manager, head, agent, debt = users["manager"], users["head"], users["agent"], users["debt"]
    tariffs = list(Tariff.objects.filter(is_archived=False))
    stamper = Stamper()
    counts: Counter = Counter()

    # Records the accepted offers opened: back to the offer's date, then on.
    for model in PROCESS_MODELS:
        for record in model.objects.filter(offer__isnull=False).select_related(
            "offer", "subscriber", "from_tariff" if model is TariffChange else "offer"
        ):
            record.created_at = record.offer.made_at
            type(record).objects.filter(pk=record.pk).update(created_at=record.created_at)
            _redeadline(record)
            worker = record.offer.made_by or manager
            stamper.add(record, _advance(record, worker, head, today, tz, rng, tariffs))
            counts[_label(model)] += 1

    subscribers = list(Subscriber.objects.only("pk", "kind", "status", "tariff_id", "disconnected_on", "connected_on"))
    active = [s for s in subscribers if s.status == "active"]
    size = max(len(subscribers), 1)
    start = today - dt.timedelta(days=int(ctx.months * 30.4))
    recent = today - dt.timedelta(days=365)

    def open_at(model, subscriber, day, user, **fields):
        created = _aware(day, rng, tz)
        record = actions.open_process(model, subscriber=subscriber, user=user, created_at=created, **fields)
        stamper.add(record, _advance(record, user, head, today, tz, rng, tariffs))
        counts[_label(model)] += 1
        return record

    def some_day(first: dt.date) -> dt.date:
        return first + dt.timedelta(days=rng.randint(0, max(0, (today - first).days - 1)))

    # Claims: about 1 a month per 2 000 subscribers over the last year, answered within the term, a few late.
    for _ in range(max(3, size // 170)):
        subscriber = rng.choice(subscribers)
        received = some_day(max(recent, subscriber.connected_on))
        subject, demand = rng.choice(CLAIMS)
        claim = open_at(Claim, subscriber, received, agent, received_on=received, subject=subject, demand=demand)
        days = rng.randint(3, 25) if rng.random() < 0.9 else rng.randint(31, 45)
        answered = received + dt.timedelta(days=days)
        if answered < today:
            actions.run_step(claim, "take", user=manager)
            stamper.records[-1][1].append(_aware(received + dt.timedelta(days=1), rng, tz))
            step = "answer" if rng.random() < 0.8 else "reject"
            actions.run_step(claim, step, user=manager, answer_text=rng.choice(ANSWERS), answered_on=answered)
            stamper.records[-1][1].append(_aware(answered, rng, tz))

    # Standalone tariff changes and recalculations (asked for at the office, not on a disconnection request).
    for _ in range(max(3, size // 100)):
        subscriber = rng.choice(active)
        if subscriber.tariff_id:
            subscriber.tariff = Tariff.objects.filter(pk=subscriber.tariff_id).first()
        open_at(
            TariffChange,
            subscriber,
            some_day(max(recent, subscriber.connected_on)),
            manager,
            to_tariff=_cheaper(tariffs, subscriber.tariff, rng, subscriber.kind)
            if rng.random() < 0.5
            else rng.choice([t for t in tariffs if t.kind == subscriber.kind]),
        )
    for _ in range(max(3, size // 150)):
        subscriber = rng.choice(active)
        day = some_day(max(recent, subscriber.connected_on))
        amount = Decimal(rng.choice([120, 200, 350, 600, 1500, 2400]))
        open_at(
            Recalculation,
            subscriber,
            day,
            manager,
            amount=amount,
            reason="Перерыв в предоставлении услуги",
            period_start=day - dt.timedelta(days=10),
            period_end=day - dt.timedelta(days=5),
        )

    # Equipment of a share of last year's leavers; reactivations of blocked subscribers who paid; bonus cards.
    left = [s for s in subscribers if s.disconnected_on and s.disconnected_on >= max(recent, start)]
    for subscriber in rng.sample(left, k=min(len(left), max(2, len(left) // 8))):
        open_at(EquipmentReturn, subscriber, subscriber.disconnected_on, manager, items=rng.choice(ITEMS))
    blocked = [s for s in subscribers if s.status == "blocked"]
    for subscriber in rng.sample(blocked, k=min(len(blocked), max(1, len(blocked) // 8))):
        record = open_at(Reactivation, subscriber, today - dt.timedelta(days=rng.randint(0, 3)), debt)
    for _ in range(max(2, size // 400)):
        subscriber = rng.choice(active)
        open_at(
            BonusCard,
            subscriber,
            some_day(recent),
            manager,
            card_number=f"BC-{rng.randint(100000, 999999)}",
            amount=Decimal(rng.choice([300, 500, 1000])),
            level=rng.choice(["Серебряная", "Золотая"]),
        )

    # Urgent repairs on requests with a quality reason that the retention step did not cover with an offer.

    covered = set(UrgentRepair.objects.exclude(request=None).values_list("request_id", flat=True))
    quality = (
        DisconnectionRequest.objects.filter(reason__group__code__in=["quality", "service"], offer_made_at__isnull=False)
        .exclude(pk__in=covered)
        .select_related("subscriber")
        .order_by("offer_made_at")
    )
    wanted = max(2, size // 1000)
    found = list(quality)[:wanted]
    # Without enough such requests (a small demo), repairs for subscribers who called about an outage.
    sources = [(r.subscriber, r, r.offer_made_at) for r in found] + [
        (s, None, _aware(some_day(recent), rng, tz)) for s in rng.sample(active, k=max(0, wanted - len(found)))
    ]
    for subscriber, request, created in sources:
        record = actions.open_process(
            UrgentRepair,
            subscriber=subscriber,
            user=manager,
            request=request,
            created_at=created,
            problem=rng.choice(["Пропадает интернет по вечерам", "Нет сигнала КТВ", "Низкая скорость"]),
        )
        stamper.add(record, _advance(record, manager, head, today, tz, rng, tariffs))
        counts[_label(UrgentRepair)] += 1

    # Suspensions asked for at the office (a long trip, a summer house): some over, one running, one planned.
    for n in range(max(3, size // 500)):
        subscriber = rng.choice(active)
        if n % 3 == 0:
            first = today + dt.timedelta(days=rng.randint(3, 20))
            asked = today - dt.timedelta(days=rng.randint(1, 5))
        elif n % 3 == 1:
            first = today - dt.timedelta(days=rng.randint(5, 25))
            asked = first - dt.timedelta(days=2)
        else:
            first = some_day(recent) - dt.timedelta(days=120)
            asked = first - dt.timedelta(days=3)
        record = actions.open_process(
            Suspension,
            subscriber=subscriber,
            user=manager,
            created_at=_aware(asked, rng, tz),
            starts_on=first,
            ends_on=first + dt.timedelta(days=rng.choice([30, 60, 90]) - 1),
            note="Уезжает на длительный срок",
        )
        if first <= today:
            actions.start_suspension(record, user=None)
        stamper.add(record, _advance(record, manager, head, today, tz, rng, tariffs))
        counts[_label(Suspension)] += 1

    stamper.apply()
    daily = actions.daily(today)
    counts["suspensions ended by the daily run"] = daily["ended"]
    return dict(counts)


def operator_models() -> list:
    models = []
    for model in reversed(PROCESS_MODELS):
        models += [model.history.model, model]
    return models
