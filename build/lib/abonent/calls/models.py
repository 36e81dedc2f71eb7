"""The PBX call log: calls (one row per call id, merged from CDR, queue_log, cloud-PBX CSV and the live feed),
the call-type classifier (seed 002) with its mapping rules, agents' logged-in/paused intervals, and saved column
mappings for cloud-PBX exports.

Calls and agent intervals are heavy history tables: no row-level audit history; each row carries its import run.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.churn.models import BilingualName
from abonent.subscribers.models import fact_import_run

from .choices import AgentIntervalKind, CallDirection, CallOutcome, CallSource, ClassifiedBy, RuleField


class CallType(BilingualName):
    """A call type of the classifier (internal, payment question, …, did not take place, service)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    callback_priority = models.PositiveSmallIntegerField(
        _("callback priority"),
        default=3,
        help_text=_("1 is called back first (new connections), then 2 (churn), then 3 (the rest)"),
    )
    is_missed = models.BooleanField(
        _("missed-call type"), default=False, help_text=_("Given automatically to calls that did not take place")
    )
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("call type")
        verbose_name_plural = _("call types")

    def get_absolute_url(self) -> str:
        return reverse("calls:calltype_detail", args=[self.pk])


class CallTypeRule(models.Model):
    """Classifies calls by where the PBX routed them: a queue, an IVR branch or a dialled number."""

    field = models.CharField(_("match on"), max_length=16, choices=RuleField.choices)
    value = models.CharField(
        _("value"), max_length=100, help_text=_("Exact value; * matches any characters, e.g. sales-*")
    )
    call_type = models.ForeignKey(CallType, models.CASCADE, related_name="rules", verbose_name=_("call type"))
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Rules are tried in this order"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("call type rule")
        verbose_name_plural = _("call type rules")

    def __str__(self) -> str:
        return f"{self.get_field_display()} = {self.value} → {self.call_type}"

    def get_absolute_url(self) -> str:
        return reverse("calls:calltyperule_detail", args=[self.pk])


class Call(models.Model):
    """One call, identified by the PBX call id (Asterisk uniqueid/linkedid, the cloud PBX's call id)."""

    call_id = models.CharField(_("call id"), max_length=150)
    direction = models.CharField(_("direction"), max_length=16, choices=CallDirection.choices)
    started_at = models.DateTimeField(_("started at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    caller = models.CharField(_("caller"), max_length=32, blank=True, help_text=_("Normalised number"))
    callee = models.CharField(_("dialled number"), max_length=32, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    ivr_branch = models.CharField(_("IVR branch"), max_length=100, blank=True)
    agent = models.CharField(_("PBX agent"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("employee"),
        db_index=False,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices)
    wait_seconds = models.PositiveIntegerField(_("wait, s"), default=0, help_text=_("Time in queue before answer"))
    talk_seconds = models.PositiveIntegerField(_("talk, s"), default=0)
    duration_seconds = models.PositiveIntegerField(_("duration, s"), default=0)
    abandon_position = models.PositiveSmallIntegerField(_("position when abandoned"), null=True, blank=True)
    call_type = models.ForeignKey(
        CallType,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("call type"),
        db_index=False,
    )
    classified_by = models.CharField(_("classified by"), max_length=8, choices=ClassifiedBy.choices, blank=True)
    classified_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    subscriber = models.ForeignKey(
        "subscribers.Subscriber",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("subscriber"),
        db_index=False,
    )
    sources = models.CharField(
        _("sources"), max_length=64, blank=True, help_text=_("Comma-separated: " + ", ".join(CallSource.values))
    )
    import_run = fact_import_run()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [models.UniqueConstraint(fields=["call_id"], name="call_unique_call_id")]
        indexes = [
            models.Index(fields=["started_at"], name="call_started_idx"),
            models.Index(fields=["caller", "started_at"], name="call_caller_idx"),
            # "Called back?": outbound calls to a number (missed-call economics, callback tasks).
            models.Index(fields=["callee", "started_at"], name="call_callee_idx"),
            models.Index(fields=["subscriber", "started_at"], name="call_subscriber_idx"),
            models.Index(fields=["user", "started_at"], name="call_user_idx"),
        ]

    def __str__(self) -> str:
        # No numbers here: a call's name shows wherever calls are listed, also to users who may not see phones.
        started = timezone.localtime(self.started_at) if self.started_at else None
        return f"{started:%d.%m.%Y %H:%M:%S}, {self.get_direction_display().lower()}" if started else self.call_id

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", args=[self.pk])

    @property
    def source_labels(self) -> str:
        labels = dict(CallSource.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.sources.split(",") if s)

    @property
    def is_missed(self) -> bool:
        return self.outcome in CallOutcome.missed_values()

    def clean(self):
        if self.ended_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("The call ended before it started.")})
        if self.answered_at and self.answered_at < self.started_at:
            raise ValidationError({"answered_at": _("Answered before it started.")})


class AgentInterval(models.Model):
    """An agent's logged-in session or pause in a queue, from queue_log (ADDMEMBER/AGENTLOGIN … PAUSE …)."""

    agent = models.CharField(_("PBX agent"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=AgentIntervalKind.choices)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    import_run = fact_import_run()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("agent interval")
        verbose_name_plural = _("agent intervals")
        constraints = [
            models.UniqueConstraint(fields=["agent", "queue", "kind", "started_at"], name="agentinterval_unique")
        ]
        indexes = [models.Index(fields=["started_at"], name="agentinterval_started_idx")]

    def __str__(self) -> str:
        return f"{self.agent} {self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class PbxColumnMapping(models.Model):
    """How a cloud PBX's CSV export maps onto call fields; the user saves it once and picks it on upload."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    columns = models.JSONField(_("columns"), default=dict, help_text=_("Call field → column header in the file"))
    datetime_format = models.CharField(_("date-time format"), max_length=64, blank=True)
    outcome_values = models.JSONField(
        _("outcome values"), default=dict, blank=True, help_text=_("The file's status value → answered/no_answer/…")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("PBX column mapping")
        verbose_name_plural = _("PBX column mappings")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("calls:pbxcolumnmapping_detail", args=[self.pk])
