"""Reading who owns what: the assignment rule that matches a request, the round-robin pool, and "My work" — every
open record a person owns (disconnection requests, work items, process records, callbacks), by due date.

Overdue everywhere means the same: open, and its due day is before today (a callback's due day is the day of its
due time).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from abonent.callcentre.choices import TaskStatus
from abonent.callcentre.models import CallbackTask
from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.processes.models import PROCESS_MODELS
from abonent.staff.roles import group_name
from abonent.worklists.choices import WorkItemStatus
from abonent.worklists.models import WorkItem

from .choices import WorkKind
from .models import AssignmentRule

# The round-robin pool: the retention managers (the role's Django group), active, by id.
POOL = "retention_manager"


def pool_members(pool: str = POOL):
    return get_user_model().objects.filter(is_active=True, groups__name=group_name(pool)).order_by("pk").distinct()


def matching_rule(request: DisconnectionRequest) -> AssignmentRule | None:
    """The active rule of the lowest priority (then the oldest) whose criteria are all the request's, with an active
    owner; None when no rule matches."""
    rules = AssignmentRule.objects.filter(is_active=True, owner__is_active=True).select_related("owner")
    return next((rule for rule in rules.order_by("priority", "pk") if rule.matches(request)), None)


@dataclass
class WorkLine:
    """One line of "My work"."""

    kind: str
    record: object
    title: str
    subscriber: object
    due: dt.date | None
    status: str
    status_color: str
    overdue: bool

    @property
    def url(self) -> str:
        return self.record.get_absolute_url()

    @property
    def kind_label(self) -> str:
        return WorkKind(self.kind).label

    @property
    def kind_color(self) -> str:
        return WorkKind.color_of(self.kind)


def _line(kind, record, title, due, status, color, today) -> WorkLine:
    return WorkLine(kind, record, title, record.subscriber, due, str(status), color, bool(due and due < today))


def my_work(user, today: dt.date | None = None) -> list[WorkLine]:
    """Every open record the user owns, by due day (so overdue first), undated last; then requests, work items,
    process records, callbacks."""
    today = today or timezone.localdate()
    lines: list[WorkLine] = []
    requests = DisconnectionRequest.objects.filter(owner=user, status__in=RequestStatus.open_values())
    for request in requests.select_related("subscriber"):
        lines.append(
            _line(
                WorkKind.REQUEST,
                request,
                f"№{request.pk}",
                request.due_on,
                request.get_status_display(),
                RequestStatus.color_of(request.status),
                today,
            )
        )
    items = WorkItem.objects.filter(assigned_to=user, status__in=WorkItemStatus.open_values())
    for item in items.select_related("subscriber"):
        title = f"{item.get_work_list_display()}: {item.reason}" if item.reason else item.get_work_list_display()
        lines.append(
            _line(WorkKind.WORK_ITEM, item, title, item.next_action_on, item.get_status_display(), "primary", today)
        )
    for model in PROCESS_MODELS:
        records = model.objects.filter(responsible=user).exclude(status__in=model.CLOSED).select_related("subscriber")
        for record in records:
            title = f"{model._meta.verbose_name} №{record.pk}"
            status = model.STATUS(record.status).label if record.status in model.STATUS.values else record.status
            lines.append(_line(WorkKind.PROCESS, record, title, record.deadline, status, record.status_color, today))
    tasks = CallbackTask.objects.filter(assigned_to=user, status__in=TaskStatus.active_values())
    for task in tasks.select_related("subscriber"):
        lines.append(
            _line(
                WorkKind.CALLBACK,
                task,
                str(task),
                timezone.localdate(task.due_at),
                task.get_status_display(),
                TaskStatus.color_of(task.status),
                today,
            )
        )
    order = {kind: n for n, kind in enumerate(WorkKind.values)}
    lines.sort(key=lambda line: (line.due is None, line.due or today, order[line.kind], line.record.pk))
    return lines


def overdue_by_owner(today: dt.date | None = None) -> dict[int, Counter]:
    """Per user id: open records past their due day, by kind (the head's dashboard and the API)."""
    today = today or timezone.localdate()
    found: dict[int, Counter] = {}

    def add(kind, pairs):
        for owner_id, n in pairs:
            if owner_id is not None:
                found.setdefault(owner_id, Counter())[kind] += n

    def counted(qs, field):
        return qs.values_list(field).annotate(n=Count("pk")).values_list(field, "n").order_by()

    add(
        WorkKind.REQUEST,
        counted(DisconnectionRequest.objects.filter(status__in=RequestStatus.open_values(), due_on__lt=today), "owner"),
    )
    add(
        WorkKind.WORK_ITEM,
        counted(
            WorkItem.objects.filter(status__in=WorkItemStatus.open_values(), next_action_on__lt=today), "assigned_to"
        ),
    )
    for model in PROCESS_MODELS:
        add(
            WorkKind.PROCESS,
            counted(model.objects.exclude(status__in=model.CLOSED).filter(deadline__lt=today), "responsible"),
        )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    add(
        WorkKind.CALLBACK,
        counted(CallbackTask.objects.filter(status__in=TaskStatus.active_values(), due_at__lt=start), "assigned_to"),
    )
    return found
