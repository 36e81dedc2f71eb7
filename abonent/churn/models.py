"""Churn reason classifier with norms, the script library, and the disconnection-request register."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.core.validators import refuse_future
from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.service_kinds import ServiceTypeField

from .choices import NormSource, OfferAnswer, OutcomeDetail, RequestChannel, RequestStatus


def localised(russian: str, english: str) -> str:
    """The English text when the active language is English and there is one; the Russian text otherwise."""
    if (translation.get_language() or "ru").startswith("en") and english:
        return english
    return russian


class BilingualName(models.Model):
    """Classifier entries carry their names in Russian and English; `name` is the one for the active language."""

    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_ru, self.name_en)


class ReasonGroup(BilingualName):
    """A group of churn reasons (seed 001, 4.6); each group has its script."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_managed = models.BooleanField(
        _("managed"), default=True, help_text=_("Default for new reasons of the group: can retention influence it?")
    )
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("reason group")
        verbose_name_plural = _("reason groups")

    def get_absolute_url(self) -> str:
        return reverse("churn:reasongroup_detail", args=[self.pk])


class ChurnReason(BilingualName):
    """A churn reason with its norm: the share of all churn it takes in a healthy operator."""

    group = models.ForeignKey(ReasonGroup, models.PROTECT, related_name="reasons", verbose_name=_("group"))
    code = models.SlugField(_("code"), max_length=64, unique=True)
    is_managed = models.BooleanField(
        _("managed"), default=True, help_text=_("Unmanaged churn is the background nobody can prevent")
    )
    norm_percent = models.DecimalField(
        _("norm, share of churn in percent"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Expected share of all churn, in percent"),
    )
    norm_source = models.CharField(_("norm source"), max_length=16, choices=NormSource.choices, default="manual")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(_("archived"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "order", "code"]
        verbose_name = _("churn reason")
        verbose_name_plural = _("churn reasons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(norm_percent__gte=0, norm_percent__lte=100), name="reason_norm_is_percent"
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("churn:churnreason_detail", args=[self.pk])


class Script(models.Model):
    """A script (речевой модуль) the agent follows to establish and work a reason group."""

    group = models.ForeignKey(ReasonGroup, models.CASCADE, related_name="scripts", verbose_name=_("reason group"))
    title = models.CharField(_("title (Russian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_ru = models.TextField(_("text (Russian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    is_default = models.BooleanField(_("shipped default"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "title"]
        verbose_name = _("script")
        verbose_name_plural = _("scripts")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("churn:script_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return localised(self.title, self.title_en)

    @property
    def body(self) -> str:
        return localised(self.body_ru, self.body_en)


def actor_field(verbose_name) -> models.ForeignKey:
    """Who made a step of a record's lifecycle: set by the actions, never edited by hand."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=verbose_name,
    )


class DisconnectionRequest(models.Model):
    """A disconnection request (заявление на отключение) and the retention attempt made on it.

    Status changes only through abonent.churn.actions, which check the allowed transition and record who and when.
    """

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.PROTECT, related_name="disconnection_requests", verbose_name=_("subscriber")
    )
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=16, choices=RequestChannel.choices)
    service_type = ServiceTypeField(_("service type"), blank=True)
    subscriber_kind = models.CharField(
        _("residential/business"), max_length=16, choices=SubscriberKind.choices, blank=True, editable=False
    )
    desired_date = models.DateField(_("desired disconnection date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.NEW, editable=False
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="disconnection_requests",
        verbose_name=_("agent"),
    )
    note = models.TextField(_("note"), blank=True)
    # Who works the request now and by when (actions.register_request, actions.assign_request, a call-back promise).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_requests",
        editable=False,
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Overdue after this day while open: settings.REQUEST_DUE_DAYS after receipt, or the call-back day"),
    )

    reason = models.ForeignKey(
        "churn.ChurnReason",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("reason"),
        editable=False,
    )
    reason_comment = models.TextField(_("subscriber's words"), blank=True, editable=False)
    reason_established_at = models.DateTimeField(_("reason established at"), null=True, blank=True, editable=False)
    reason_established_by = actor_field(_("reason established by"))
    offer = models.TextField(_("retention offer"), blank=True, editable=False)
    offer_answer = models.CharField(
        _("answer to the offer"), max_length=16, choices=OfferAnswer.choices, blank=True, editable=False
    )
    offer_made_at = models.DateTimeField(_("offer made at"), null=True, blank=True, editable=False)
    offer_made_by = actor_field(_("offer made by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = actor_field(_("closed by"))
    outcome_note = models.TextField(_("outcome note"), blank=True, editable=False)
    outcome_detail = models.CharField(
        _("outcome detail"),
        max_length=24,
        choices=OutcomeDetail.choices,
        blank=True,
        editable=False,
        help_text=_("Kept without an offer: retained although no offer was accepted"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("disconnection request")
        verbose_name_plural = _("disconnection requests")
        indexes = [
            models.Index(fields=["status"], name="request_status_idx"),
            models.Index(fields=["received_at"], name="request_received_idx"),
        ]
        permissions = [("view_diagnostics", _("Can view churn diagnostics and the dashboard"))]

    def __str__(self) -> str:
        return f"№{self.pk} {self.subscriber.external_id}" if self.pk else "new request"

    def get_absolute_url(self) -> str:
        return reverse("churn:disconnectionrequest_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in RequestStatus.open_values()

    @property
    def is_overdue(self) -> bool:
        """Open past its due date."""
        return bool(self.is_open and self.due_on and self.due_on < timezone.localdate())

    def clean(self):
        # Issue 12: a request received on a future day says something false.
        refuse_future(self.received_at, "received_at")
        if self.desired_date and self.received_at and self.desired_date < timezone.localtime(self.received_at).date():
            raise ValidationError({"desired_date": _("The desired date is before the request was received.")})
