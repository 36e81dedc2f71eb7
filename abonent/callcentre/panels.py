"""The morning dashboard's panel: today's callback queue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from .choices import Priority, TaskOutcome, TaskStatus
from .models import CallbackTask


def queue_summary(now: dt.datetime | None = None) -> dict:
    """Open tasks by priority, overdue ones, tasks closed today and the share of them reached."""
    now = now or timezone.now()
    today = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time(0)))
    active = Q(status__in=TaskStatus.active_values())
    agg = CallbackTask.objects.aggregate(
        open=Count("pk", filter=active),
        p1=Count("pk", filter=active & Q(priority=1)),
        p2=Count("pk", filter=active & Q(priority=2)),
        p3=Count("pk", filter=active & Q(priority=3)),
        overdue=Count("pk", filter=active & Q(first_attempt_at__isnull=True, due_at__lt=now)),
        done_today=Count("pk", filter=Q(status=TaskStatus.DONE, closed_at__gte=today)),
        contact_today=Count(
            "pk", filter=Q(status=TaskStatus.DONE, closed_at__gte=today, outcome__in=TaskOutcome.contact_values())
        ),
    )
    agg["by_priority"] = [
        {"priority": p.value, "label": p.label, "color": Priority.color_of(p), "count": agg[f"p{p.value}"]}
        for p in Priority
    ]
    agg["reached_pct"] = round(agg["contact_today"] * 100 / agg["done_today"], 1) if agg["done_today"] else None
    return agg


def dashboard_panels(request) -> list[Panel]:
    if not request.user.has_perm("callcentre.view_callbacktask"):
        return []
    context = queue_summary()
    context["list_url"] = reverse("callcentre:callbacktask_list")
    return [Panel(_("Callback queue today"), "callcentre/_dashboard_panel.html", context, order=30)]


def panels(subscriber, request) -> list[Panel]:
    """The subscriber's callback tasks (latest five) on the subscriber card."""
    if not request.user.has_perm("callcentre.view_callbacktask"):
        return []
    tasks = list(subscriber.callback_tasks.select_related("assigned_to").order_by("-created_at")[:5])
    if not tasks:
        return []
    rows = [{"task": t, "color": TaskStatus.color_of(t.status)} for t in tasks]
    return [Panel(_("Callbacks"), "callcentre/_subscriber_panel.html", {"rows": rows}, order=60)]
