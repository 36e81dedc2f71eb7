"""Work lists: the subscribers someone has to call or visit, each with its script, next action date and outcome.

One register serves every list (hot, warm, hidden churn, risk, win-back, NPS detractors, B2B tasks): other apps
put subscribers on a list through `worklists.services.add_to_work_list`, grouped in campaigns when they come in
batches (a win-back wave, the top of the risk list).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import WorkItemStatus, WorkList, WorkOutcome


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    work_list = models.CharField(_("work list"), max_length=16, choices=WorkList.choices)
    script = models.ForeignKey(
        "churn.Script", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("script")
    )
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period to"), null=True, blank=True)
    reason_groups = models.ManyToManyField("churn.ReasonGroup", blank=True, verbose_name=_("reason groups"))
    segment = models.ForeignKey(
        "subscribers.SavedSegment", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("segment")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("worklists:campaign_detail", args=[self.pk])


class WorkItem(models.Model):
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="work_items", verbose_name=_("subscriber")
    )
    work_list = models.CharField(_("work list"), max_length=16, choices=WorkList.choices)
    campaign = models.ForeignKey(
        Campaign, models.SET_NULL, null=True, blank=True, related_name="items", verbose_name=_("campaign")
    )
    reason = models.CharField(
        _("why on the list"), max_length=255, blank=True, help_text=_("E.g. risk 0.62: payment delays, traffic -70 %")
    )
    script = models.ForeignKey(
        "churn.Script", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("script")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_items",
        verbose_name=_("responsible"),
    )
    next_action_on = models.DateField(_("next action"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkItemStatus.choices, default=WorkItemStatus.OPEN, editable=False
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=WorkOutcome.choices, blank=True, editable=False)
    outcome_note = models.TextField(_("outcome note"), blank=True, editable=False)
    # The record that put the subscriber on the list: a risk score, a survey answer, a request…
    source_type = models.ForeignKey(ContentType, models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["next_action_on", "-created_at"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        indexes = [models.Index(fields=["work_list", "status"], name="workitem_list_status_idx")]
        # Working an item (its outcome, its date, taking it) needs change_workitem and the list's work_<list>, and
        # the item must be the user's own or nobody's; manage_workitem gives any item to anyone (services.may_work).
        permissions = [("manage_workitem", _("Can assign, reassign and unassign any work item"))] + [
            # Named by the list's code, not its label: a translated label would make the migration depend on the
            # language makemigrations ran in.
            (f"work_{value}", f"Can work items of the '{value}' list")
            for value in WorkList.values
        ]

    def __str__(self) -> str:
        return f"{self.get_work_list_display()}: {self.subscriber}"

    def get_absolute_url(self) -> str:
        return reverse("worklists:workitem_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in WorkItemStatus.open_values()

    @property
    def is_overdue(self) -> bool:
        """Open with its next action before today."""
        return bool(self.is_open and self.next_action_on and self.next_action_on < timezone.localdate())
