"""The demo operator's owners: assignment rules, the open requests the agent took handed over (by a rule or in
turn), "will think" requests with their call-back tasks (one of them missed yesterday, so overdue)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from abonent.churn import actions as churn_actions
from abonent.churn.choices import OfferAnswer, RequestStatus
from abonent.churn.models import DisconnectionRequest, ReasonGroup

from . import actions
from .models import AssignmentRule, RoundRobinPointer

ORDER = 75


def operator_models() -> list:
    return [AssignmentRule.history.model, AssignmentRule, RoundRobinPointer]


def load(ctx) -> dict[str, int]:
    users = ctx.users
    today = ctx.today
    counts: Counter = Counter()
    second = users.get("manager2", users["manager"])
    groups = ReasonGroup.objects.in_bulk(field_name="code")
    with transaction.atomic():
        for name, fields in [
            ("Юрлица — менеджеру по сопровождению", {"subscriber_kind": "business", "owner": users["b2b"]}),
            ("Качество услуги — Орлову", {"reason_group": groups.get("quality"), "owner": users["manager"]}),
            ("Обслуживание — Соколовой", {"reason_group": groups.get("service"), "owner": second}),
        ]:
            rule = AssignmentRule(name=name, priority=10 * (counts["rules"] + 1), **fields)
            rule._history_user = users["head"]
            rule.save()
            counts["rules"] += 1
        open_requests = DisconnectionRequest.objects.filter(status__in=RequestStatus.open_values()).order_by(
            "received_at", "pk"
        )
        for request in open_requests.filter(agent=users["agent"]):
            done = actions.hand_over(request, user=users["agent"])
            counts[f"handed over by {done.by}"] += 1
        thinking = list(open_requests.filter(offer_answer=OfferAnswer.THINKING).select_related("owner", "subscriber"))
        for number, request in enumerate(thinking):
            # The first promise was for yesterday and nobody called: it shows overdue on its owner's "My work".
            on = today - dt.timedelta(days=1) if number == 0 else today + dt.timedelta(days=1 + number % 4)
            owner = request.owner or users["manager"]
            churn_actions.assign_request(request, owner=owner, user=owner, due_on=on)
            actions.schedule_call_back(request=request, on=on, user=owner)
            counts["call-back tasks"] += 1
        counts["overdue requests"] = DisconnectionRequest.objects.filter(
            status__in=RequestStatus.open_values(), due_on__lt=today
        ).count()
    return dict(counts)
