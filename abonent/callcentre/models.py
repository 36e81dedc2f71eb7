"""The callback queue for missed calls (seed 002: "call them back, new-connection callers first") and its policy.

A missed inbound call becomes a callback task unless the caller got through or was called back meanwhile; further
missed calls from the same number join the open task. Agents take tasks one at a time with "next"
(abonent.callcentre.actions.take_next), record attempts and outcomes, and the SLA says by when the first callback
attempt is due, counted in working hours.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.core.validators import refuse_future
from abonent.subscribers.services import show_phone

from .choices import WEEKDAYS, AttemptOutcome, Priority, PriorityReason, TaskOutcome, TaskStatus


def default_work_days() -> list[int]:
    return [1, 2, 3, 4, 5]


class CallbackPolicy(models.Model):
    """The one settings record of the callback queue; the head edits it. `CallbackPolicy.current()` reads it."""

    sla_minutes = models.PositiveIntegerField(
        _("callback SLA, minutes"),
        default=30,
        help_text=_("The first callback attempt is due within this many working minutes"),
    )
    work_starts = models.TimeField(_("working day starts"), default=dt.time(9, 0))
    work_ends = models.TimeField(_("working day ends"), default=dt.time(18, 0))
    work_days = models.JSONField(
        _("working days"), default=default_work_days, help_text=_("ISO weekdays: 1 is Monday, 7 is Sunday")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        default=3,
        help_text=_("After this many unanswered attempts the task closes as not reached"),
    )
    retry_minutes = models.PositiveIntegerField(
        _("retry after, minutes"),
        default=60,
        help_text=_("A task with no answer comes back to the queue after this delay"),
    )
    max_age_hours = models.PositiveIntegerField(
        _("ignore missed calls older than, hours"),
        default=72,
        help_text=_("Missed calls found in an import of old call history create no tasks"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("callback policy")
        verbose_name_plural = _("callback policy")
        permissions = [("view_callcentre_reports", _("Can view call statistics, staffing and missed-call reports"))]

    def __str__(self) -> str:
        return str(_("Callback policy"))

    def get_absolute_url(self) -> str:
        return reverse("callcentre:callbackpolicy_detail")

    @classmethod
    def current(cls) -> "CallbackPolicy":
        policy = cls.objects.order_by("pk").first()
        return policy if policy is not None else cls.objects.create()

    def clean(self):
        if self.work_ends and self.work_starts and self.work_ends <= self.work_starts:
            raise ValidationError({"work_ends": _("The working day must end after it starts.")})
        days = self.work_days or []
        if not days or any(d not in range(1, 8) for d in days):
            raise ValidationError({"work_days": _("Choose at least one working day.")})
        if self.max_attempts < 1:
            raise ValidationError({"max_attempts": _("At least one attempt.")})

    def work_days_display(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[d]) for d in sorted(self.work_days or []))


class CallbackTask(models.Model):
    """A missed caller to call back; status changes only through abonent.callcentre.actions."""

    call = models.ForeignKey(
        "calls.Call",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_tasks",
        verbose_name=_("missed call"),
        help_text=_("The first missed call of the task"),
    )
    phone = models.CharField(_("phone"), max_length=32, help_text=_("The caller's normalised number"))
    subscriber = models.ForeignKey(
        "subscribers.Subscriber",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_tasks",
        verbose_name=_("subscriber"),
    )
    call_type = models.ForeignKey(
        "calls.CallType",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call type"),
        help_text=_("What the caller was calling about, from the IVR branch or queue"),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.OTHER)
    priority_reason = models.CharField(
        _("why this priority"), max_length=24, choices=PriorityReason.choices, default=PriorityReason.OTHER
    )
    missed_calls = models.PositiveIntegerField(_("missed calls"), default=1)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, help_text=_("When the first missed call started")
    )
    last_missed_at = models.DateTimeField(_("last missed call"), default=timezone.now)
    due_at = models.DateTimeField(_("callback due by"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN, editable=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_tasks",
        verbose_name=_("agent"),
        editable=False,
    )
    assigned_at = models.DateTimeField(_("taken at"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    first_attempt_at = models.DateTimeField(_("first attempt at"), null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(
        _("next attempt not before"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set after an unanswered attempt"),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=TaskOutcome.choices, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "created_at", "pk"]
        verbose_name = _("callback task")
        verbose_name_plural = _("callback tasks")
        permissions = [
            ("manage_callbacktask", _("Can cancel callback tasks and return other agents' tasks to the queue"))
        ]
        indexes = [
            # The queue: open tasks by priority and waiting time ("next" reads the head of this index).
            models.Index(fields=["status", "priority", "created_at"], name="callback_queue_idx"),
            models.Index(fields=["phone", "status"], name="callback_phone_idx"),
            models.Index(fields=["created_at"], name="callback_created_idx"),
            models.Index(fields=["assigned_to", "status"], name="callback_agent_idx"),
        ]
        constraints = [
            # One taken task per agent, whatever path assigns it: concurrent "next" calls of one agent cannot
            # leave them holding several (docs/decisions/0006-one-callback-per-agent.md).
            models.UniqueConstraint(
                fields=["assigned_to"],
                condition=models.Q(status=TaskStatus.ASSIGNED),
                name="callback_one_task_per_agent",
            ),
        ]

    def __str__(self) -> str:
        # The name shows where no user is at hand (titles, drop-downs), so its phone is always masked.

        return f"№{self.pk} {show_phone(None, self.phone)}" if self.pk else show_phone(None, self.phone)

    def get_absolute_url(self) -> str:
        return reverse("callcentre:callbacktask_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in TaskStatus.active_values()

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """The SLA is missed: still no callback attempt and the due time has passed."""
        now = now or timezone.now()
        return self.is_active and self.first_attempt_at is None and self.due_at < now

    @property
    def sla_met(self) -> bool | None:
        if self.first_attempt_at is not None:
            return self.first_attempt_at <= self.due_at
        if self.outcome in (TaskOutcome.GOT_THROUGH, TaskOutcome.CALLED_BACK) and self.closed_at:
            return self.closed_at <= self.due_at
        return None


class CallbackAttempt(models.Model):
    """One try to call the missed caller back, with its outcome and the minutes it took (staff workload)."""

    task = models.ForeignKey(CallbackTask, models.CASCADE, related_name="attempt_set", verbose_name=_("callback task"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="callback_attempts", verbose_name=_("agent")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AttemptOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0, help_text=_("Recorded in the agent's working time"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("callback attempt")
        verbose_name_plural = _("callback attempts")
        indexes = [models.Index(fields=["at"], name="callbackattempt_at_idx")]

    def __str__(self) -> str:
        return f"{self.task} {self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()

    def clean(self):
        refuse_future(self.at, "at")  # a contact happened: never on a later day than today
