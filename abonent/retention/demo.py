"""The demo operator's retention service: matrix offers on the requests that reached the offer step, a holdout for
the last six months, employees with their pay, monthly plans and a bonus scheme.

Offers follow the request's outcome: retained / suspended / relocated requests accepted their offer (suspension
and relocation measures for the latter two), disconnected ones declined it, open ones are thinking or declined.
Accepted offers are sent through `offer_accepted`, so the processes and contracts steps (ORDER 50, 60) find
their records. The requests were replayed before the holdout existed, so the demo picks its control group with the
outcome in mind (about 10 %, more often among requests that ended disconnected) — the uplift a real holdout of
these offers could show; in production the draw is services.draw and nobody picks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from abonent.churn.choices import OfferAnswer, RequestStatus
from abonent.churn.kept import KEPT
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.churn.services import month_start, next_month
from abonent.staff.models import Employee
from abonent.subscribers.models import Subscriber

from . import services
from .models import (
    BonusScheme,
    HoldoutPolicy,
    MatrixEntry,
    Measure,
    RetentionAssignment,
    RetentionOffer,
    RetentionPlan,
)
from .reports import between
from .signals import offer_accepted

ORDER = 40
HOLDOUT_MONTHS = 6
HOLDOUT_SHARE = Decimal(10)
# Chance a request of the holdout window lands in the control group, by outcome: gone requests more often, so
# the control's kept rate is lower, as when offers work.
CONTROL_CHANCE = {"kept": 0.07, "gone": 0.22}
PAY = {
    # username: position, grade, monthly pay RUB, PBX agent
    "head": ("Начальник службы удержания", "lead", Decimal(90000), "Agent/1001"),
    "manager": ("Менеджер службы удержания", "manager", Decimal(55000), "Agent/1002"),
    "agent": ("Агент call-центра", "agent", Decimal(45000), "Agent/1003"),
    "debt": ("Агент по работе с дебиторской задолженностью", "agent", Decimal(45000), "Agent/1004"),
    "b2b": ("Менеджер по сопровождению юрлиц", "senior", Decimal(70000), "Agent/1005"),
    "analyst": ("Аналитик", "", Decimal(60000), ""),
}
BANDS = [[0, 0], [80, 0.8], [100, 1.0], [120, 1.2]]
STREETS = ["ул. Ленина", "ул. Мира", "пр. Победы", "ул. Садовая", "ул. Гагарина", "ул. Молодёжная"]


def operator_models() -> list:
    return [
        RetentionAssignment,
        HoldoutPolicy.history.model,
        HoldoutPolicy,
        RetentionOffer.history.model,
        RetentionOffer,
        RetentionPlan.history.model,
        RetentionPlan,
        BonusScheme.history.model,
        BonusScheme,
    ]


def _measure_for(request, matrix: dict, measures: dict, rng: random.Random) -> Measure:
    options = matrix.get(request.reason_id) or [measures["tariff_change"]]
    if request.status == RequestStatus.SUSPENDED:
        return measures["suspension"]
    if request.status == RequestStatus.RELOCATED:
        return measures["relocation"]
    # Earlier measures in the matrix are offered more often.
    weights = [1 / (i + 1) for i in range(len(options))]
    return rng.choices(options, weights=weights)[0]


def _answer(request, rng: random.Random) -> str:
    if request.status in KEPT:
        return OfferAnswer.ACCEPTED
    if request.status == RequestStatus.OFFER_MADE:
        return OfferAnswer.THINKING if rng.random() < 0.6 else OfferAnswer.DECLINED
    return OfferAnswer.DECLINED


def _details(measure: Measure, made: dt.datetime, rng: random.Random) -> dict:
    day = timezone.localtime(made).date()
    if measure.process == "suspension":
        return {"starts_on": str(day), "ends_on": str(day + dt.timedelta(days=rng.choice([30, 60, 90]) - 1))}
    if measure.process == "recalculation":
        return {"amount": str(rng.choice([150, 250, 300, 450]))}
    if measure.process == "relocation":
        return {"address": f"{rng.choice(STREETS)}, д. {rng.randint(1, 80)}, кв. {rng.randint(1, 120)}"}
    if measure.process == "annual_contract":
        return {"starts_on": str(day)}
    return {}


def _employees(users: dict, today: dt.date) -> int:

    count = 0
    for username, (position, grade, pay, agent) in PAY.items():
        user = users.get(username)
        if user is None:
            continue
        employee, _created = Employee.objects.get_or_create(user=user)
        employee.position, employee.grade, employee.monthly_salary = position, grade, pay
        employee.pbx_agent = employee.pbx_agent or agent
        employee.hired_on = employee.hired_on or today.replace(year=today.year - 4, day=1)
        employee.save()
        count += 1
    return count


@transaction.atomic
def load(ctx) -> dict[str, int]:
    rng = random.Random(ctx.seed * 7919 + 40)
    today = ctx.today
    measures = {m.code: m for m in Measure.objects.all()}
    matrix: dict[int, list[Measure]] = defaultdict(list)
    for entry in MatrixEntry.objects.select_related("measure").filter(measure__is_active=True).order_by("order"):
        matrix[entry.reason_id].append(entry.measure)

    requests = list(
        DisconnectionRequest.objects.filter(offer_made_at__isnull=False)
        .select_related("reason", "subscriber")
        .order_by("offer_made_at", "pk")
    )
    holdout_from = month_start(today - dt.timedelta(days=30 * HOLDOUT_MONTHS))
    policy = HoldoutPolicy(
        name="Контрольная группа 10 %",
        share_percent=HOLDOUT_SHARE,
        active_from=holdout_from,
        control="no_offer",
        note="Каждое десятое заявление на шаге предложения остаётся без предложения: так видно, кого удержали "
        "именно предложения.",
    )
    policy._history_user = ctx.users["head"]
    policy.save()

    offers, assignments = [], []
    for request in requests:
        assigned_at = request.reason_established_at or request.offer_made_at
        in_holdout = request.reason.is_managed and assigned_at.date() >= holdout_from
        if in_holdout:
            gone = request.status not in KEPT
            control = rng.random() < CONTROL_CHANCE["gone" if gone else "kept"]
            assignments.append(
                RetentionAssignment(
                    request=request,
                    policy=policy,
                    group="control" if control else "treatment",
                    draw=services.draw(policy.pk, request.pk),
                    assigned_at=assigned_at,
                )
            )
            if control:
                continue
        measure = _measure_for(request, matrix, measures, rng)
        answer = _answer(request, rng)
        offers.append(
            RetentionOffer(
                subscriber=request.subscriber,
                request=request,
                measure=measure,
                made_by=request.offer_made_by,
                made_at=request.offer_made_at,
                answer=answer,
                answered_at=request.offer_made_at,
                details=_details(measure, request.offer_made_at, rng),
                cost=measure.total_cost,
            )
        )
    RetentionAssignment.objects.bulk_create(assignments, batch_size=1000)
    accepted_ids_before = len(offers)
    offers += _earlier_offers(ctx, offers, matrix, measures, rng)
    created = bulk_create_with_history(offers, RetentionOffer, batch_size=1000, default_user=ctx.users["manager"])
    history = RetentionOffer.history.model
    made = {o.pk: o.made_at for o in RetentionOffer.objects.only("pk", "made_at")}
    rows = list(history.objects.all())
    for row in rows:
        row.history_date = made.get(row.id, row.history_date)
    history.objects.bulk_update(rows, ["history_date"], batch_size=1000)

    # Only offers on requests start processes: the earlier ones were worked before this register was kept.
    accepted = list(
        RetentionOffer.objects.filter(answer=OfferAnswer.ACCEPTED, request__isnull=False).select_related("measure")
    )
    started = Counter()
    for offer in accepted:
        user = offer.made_by or ctx.users["manager"]
        for _receiver, record in offer_accepted.send(sender=RetentionOffer, offer=offer, user=user):
            if record is not None:
                started[offer.measure.process] += 1

    employees = _employees(ctx.users, today)
    plans = _plans(today, rng, ctx.users["head"])
    schemes = _schemes(ctx.users["head"])
    return {
        "retention offers": len(created),
        "earlier retention offers": len(created) - accepted_ids_before,
        "holdout assignments": len(assignments),
        "processes started": sum(started.values()),
        "employees": employees,
        "retention plans": plans,
        "bonus schemes": schemes,
    }


def _earlier_offers(ctx, recent: list, matrix: dict, measures: dict, rng: random.Random) -> list[RetentionOffer]:
    """Offers of the year before the request register began, at the register's monthly rate, so the reports show
    twelve months: accepted by subscribers still here (a few left later anyway), declined by those who left."""

    today = ctx.today
    first = min((timezone.localtime(o.made_at).date() for o in recent), default=today - dt.timedelta(days=90))
    start = month_start(today.replace(year=today.year - 1))
    days = (first - start).days
    if days <= 0 or not recent:
        return []
    per_day = len(recent) / max(30, (today - first).days)
    total = round(per_day * days)
    accepted_share = sum(o.answer == OfferAnswer.ACCEPTED for o in recent) / len(recent)
    managed = list(ChurnReason.objects.filter(is_managed=True, matrix_entries__isnull=False).distinct())
    managed_ids = {r.pk for r in managed}
    leavers = list(
        Subscriber.objects.filter(
            disconnected_on__gte=start + dt.timedelta(days=21), disconnected_on__lt=first, churn_reason__in=managed_ids
        ).values_list("pk", "disconnected_on", "churn_reason_id")
    )
    stayers = list(
        Subscriber.objects.filter(status="active", connected_on__lt=start).values_list("pk", flat=True)[:50000]
    )
    rng.shuffle(leavers)
    rng.shuffle(stayers)
    made_by = ctx.users["manager"]
    result = []
    for _ in range(total):
        accept = rng.random() < accepted_share
        if accept and stayers and rng.random() < 0.9:
            subscriber_id = stayers.pop()
            reason_id = rng.choice(managed).pk
            day = start + dt.timedelta(days=rng.randrange(days))
        elif leavers:
            subscriber_id, gone, reason_id = leavers.pop()
            before = rng.randint(40, 200) if accept else rng.randint(2, 20)
            day = max(start, gone - dt.timedelta(days=before))
        else:
            continue
        options = matrix.get(reason_id) or [measures["tariff_change"]]
        measure = rng.choices(options, weights=[1 / (i + 1) for i in range(len(options))])[0]
        made_at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 18), rng.randint(0, 59))))
        result.append(
            RetentionOffer(
                subscriber_id=subscriber_id,
                measure=measure,
                made_by=made_by,
                made_at=made_at,
                answer=OfferAnswer.ACCEPTED if accept else OfferAnswer.DECLINED,
                answered_at=made_at,
                details=_details(measure, made_at, rng),
                cost=measure.total_cost,
            )
        )
    return result


def _plans(today: dt.date, rng: random.Random, user) -> int:
    """A plan for each of the last 12 months near what the service actually did, some months above, some below."""
    first = month_start(today.replace(year=today.year - 1))
    month, count = first, 0
    while month <= today:
        end = next_month(month)
        period = between("made_at", month, end - dt.timedelta(days=1))
        stats = RetentionOffer.objects.filter(**period).aggregate(
            kept=Count("pk", filter=Q(answer=OfferAnswer.ACCEPTED)),
        )
        cost = sum(
            RetentionOffer.objects.filter(answer=OfferAnswer.ACCEPTED, **period).values_list("cost", flat=True),
            Decimal(0),
        )
        disconnected = DisconnectionRequest.objects.filter(
            status=RequestStatus.DISCONNECTED, **between("closed_at", month, end - dt.timedelta(days=1))
        ).count()
        target = max(1, round(stats["kept"] * rng.uniform(0.85, 1.2)))
        plan = RetentionPlan(
            month=month,
            kept_target=target,
            budget=(max(cost, Decimal(1000)) * Decimal(str(round(rng.uniform(0.95, 1.3), 2)))).quantize(Decimal(1)),
            non_retention_plan=max(1, round(disconnected * rng.uniform(0.8, 1.05))),
        )
        plan._history_user = user
        plan.save()
        count += 1
        month = next_month(month)
    return count


def _schemes(user) -> int:
    schemes = [
        BonusScheme(
            role="retention_manager",
            name="Менеджер службы удержания",
            basis="personal",
            base_bonus=Decimal(10000),
            bands=BANDS,
            per_kept_above_plan=Decimal(300),
        ),
        BonusScheme(
            role="head_of_retention",
            name="Начальник службы удержания",
            basis="team",
            base_bonus=Decimal(20000),
            bands=BANDS,
            per_kept_above_plan=Decimal(0),
        ),
    ]
    for scheme in schemes:
        scheme._history_user = user
        scheme.save()
    return len(schemes)
