"""The retention processes (seed 001, section 3): one register per process, all on one abstract base.

A record belongs to a subscriber, may come from a disconnection request and from an accepted retention offer, has a
responsible person, a deadline and a status. Status changes only through abonent.processes.actions, which checks
the model's TRANSITIONS, records who and when, and writes the history row with the acting user.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.churn.models import actor_field
from abonent.core.validators import refuse_future
from abonent.subscribers.services import refuse_other_kind

from .choices import (
    BonusCardStatus,
    ClaimStatus,
    Coverage,
    EquipmentReturnStatus,
    FormKind,
    ReactivationStatus,
    RecalculationStatus,
    RelocationStatus,
    RepairStatus,
    SuspensionStatus,
    TariffChangeStatus,
)


def _status(choices: type[models.TextChoices], initial: str) -> models.CharField:
    return models.CharField(_("status"), max_length=24, choices=choices.choices, default=initial, editable=False)


class ProcessSettings(models.Model):
    """The head's settings of the processes and the forms (one row, pk=1)."""

    operator_name = models.CharField(
        _("operator's legal name"),
        max_length=200,
        default="ООО «Телеком»",
        help_text=_("As printed in the application forms, e.g. ООО «Телеком»"),
    )
    director_name = models.CharField(
        _("general director"), max_length=200, blank=True, help_text=_("Initials and surname, in the dative case")
    )
    recalculation_limit = models.DecimalField(
        _("recalculation approval limit, RUB"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1000.00"),
        help_text=_("A recalculation above this amount needs the head's approval"),
    )
    claim_answer_days = models.PositiveSmallIntegerField(
        _("claim answer term, days"), default=30, help_text=_("By law or the operator's regulation")
    )
    suspension_reminder_days = models.PositiveSmallIntegerField(_("remind before a suspension ends, days"), default=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("process settings")
        verbose_name_plural = _("process settings")

    def __str__(self) -> str:
        return str(_("Process settings"))

    def get_absolute_url(self) -> str:
        return reverse("processes:processsettings_edit")

    @classmethod
    def load(cls) -> ProcessSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class ProcessRecord(models.Model):
    """What every process register shares; a concrete process adds its fields, states and transitions.

    Class attributes of a concrete process: STATUS (its TextChoices), INITIAL, TRANSITIONS (from → allowed to),
    CLOSED (final states), DEADLINE_DAYS (default deadline from creation), PROCESS (the retention MeasureProcess
    code or "claim"), FORM_KINDS (application forms that fit it, first is the usual one).
    """

    STATUS: type[models.TextChoices]
    INITIAL: str
    TRANSITIONS: dict[str, tuple[str, ...]] = {}
    CLOSED: tuple[str, ...] = ()
    DEADLINE_DAYS = 7
    PROCESS = ""
    FORM_KINDS: tuple[str, ...] = ()

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.PROTECT, related_name="+", verbose_name=_("subscriber")
    )
    request = models.ForeignKey(
        "churn.DisconnectionRequest",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disconnection request"),
    )
    offer = models.ForeignKey(
        "retention.RetentionOffer",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retention offer"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = actor_field(_("created by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = actor_field(_("closed by"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"№{self.pk} {self.subscriber.external_id}" if self.pk else str(self._meta.verbose_name)

    def get_absolute_url(self) -> str:
        return reverse(f"processes:{self._meta.model_name}_detail", args=[self.pk])

    @property
    def status_color(self) -> str:
        return self.STATUS.color_of(self.status)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    @property
    def is_overdue(self) -> bool:
        """Open past its deadline: the responsible person is named on the card and in the list."""
        return bool(self.is_open and self.deadline and self.deadline < timezone.localdate())

    def default_deadline(self, today: dt.date) -> dt.date | None:
        return today + dt.timedelta(days=self.DEADLINE_DAYS)


class TariffChange(ProcessRecord):
    """3.4: moving the subscriber to another tariff from a date."""

    STATUS = TariffChangeStatus
    INITIAL = TariffChangeStatus.REQUESTED
    TRANSITIONS = {"requested": ("applied", "cancelled")}
    CLOSED = ("applied", "cancelled")
    DEADLINE_DAYS = 3
    PROCESS = "tariff_change"
    FORM_KINDS = (FormKind.TARIFF_CHANGE,)
    status = _status(STATUS, INITIAL)

    from_tariff = models.ForeignKey(
        "subscribers.Tariff", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from tariff")
    )
    to_tariff = models.ForeignKey(
        "subscribers.Tariff", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to tariff")
    )
    effective_on = models.DateField(_("effective from"), null=True, blank=True)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("tariff change")
        verbose_name_plural = _("tariff changes")

    def clean(self):
        # Issue 12: a residential subscriber is never moved to a business tariff, nor the other way.
        if self.subscriber_id and self.to_tariff_id:
            refuse_other_kind(self.subscriber, self.to_tariff, field="to_tariff")


class Recalculation(ProcessRecord):
    """3.7: a credit to the account; above the head's limit it needs the head's approval."""

    STATUS = RecalculationStatus
    INITIAL = RecalculationStatus.REQUESTED
    TRANSITIONS = {"requested": ("approved", "rejected"), "approved": ("credited",)}
    CLOSED = ("rejected", "credited")
    DEADLINE_DAYS = 5
    PROCESS = "recalculation"
    FORM_KINDS = (FormKind.RECALCULATION,)
    status = _status(STATUS, INITIAL)

    amount = models.DecimalField(_("amount, RUB"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    reason = models.CharField(_("reason"), max_length=255, blank=True, help_text=_("e.g. 5 days of outage"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = actor_field(_("decided by"))
    credited_on = models.DateField(_("credited on"), null=True, blank=True)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("recalculation")
        verbose_name_plural = _("recalculations")
        permissions = [("approve_recalculation", _("Can approve recalculations above the limit"))]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="recalculation_amount_gte_0")]

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class UrgentRepair(ProcessRecord):
    """3.3: an urgent repair ticket opened for a subscriber about to leave; the process follows the ticket."""

    STATUS = RepairStatus
    INITIAL = RepairStatus.OPEN
    TRANSITIONS = {
        "open": ("in_progress", "resolved", "cancelled"),
        "in_progress": ("resolved", "cancelled"),
        "resolved": ("in_progress",),
    }
    CLOSED = ("resolved", "cancelled")
    DEADLINE_DAYS = 1
    PROCESS = "repair"
    FORM_KINDS = (FormKind.CLAIM,)
    status = _status(STATUS, INITIAL)

    problem = models.CharField(_("problem"), max_length=255, default="", blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="urgent_repairs",
        editable=False,
        verbose_name=_("ticket"),
    )

    class Meta(ProcessRecord.Meta):
        verbose_name = _("urgent repair")
        verbose_name_plural = _("urgent repairs")


class Claim(ProcessRecord):
    """3.5: a written claim (претензия), answered within the term set by law or regulation."""

    STATUS = ClaimStatus
    INITIAL = ClaimStatus.REGISTERED
    TRANSITIONS = {"registered": ("in_work", "answered", "rejected"), "in_work": ("answered", "rejected")}
    CLOSED = ("answered", "rejected")
    PROCESS = "claim"
    FORM_KINDS = (FormKind.CLAIM,)
    status = _status(STATUS, INITIAL)

    received_on = models.DateField(_("received on"), default=timezone.localdate)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("claim text"), blank=True)
    demand = models.CharField(_("demand"), max_length=255, blank=True, help_text=_("What the subscriber asks for"))
    answer_text = models.TextField(_("answer"), blank=True, editable=False)
    answered_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def clean(self):
        refuse_future(self.received_on, "received_on")

    def default_deadline(self, today: dt.date) -> dt.date:
        return (self.received_on or today) + dt.timedelta(days=ProcessSettings.load().claim_answer_days)

    @property
    def answered_late(self) -> bool:
        return bool(self.answered_on and self.deadline and self.answered_on > self.deadline)


class Relocation(ProcessRecord):
    """3.8: moving the contract to the subscriber's new address."""

    STATUS = RelocationStatus
    INITIAL = RelocationStatus.REQUESTED
    TRANSITIONS = {
        "requested": ("coverage_checked", "impossible"),
        "coverage_checked": ("scheduled", "impossible"),
        "scheduled": ("connected", "impossible"),
    }
    CLOSED = ("connected", "impossible")
    DEADLINE_DAYS = 14
    PROCESS = "relocation"
    FORM_KINDS = (FormKind.REREGISTER_ADDRESS,)
    status = _status(STATUS, INITIAL)

    new_address = models.CharField(_("new address"), max_length=255, blank=True)
    coverage = models.CharField(_("coverage"), max_length=8, choices=Coverage.choices, blank=True, editable=False)
    connection_on = models.DateField(_("connection date"), null=True, blank=True)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("relocation")
        verbose_name_plural = _("relocations")


class Reactivation(ProcessRecord):
    """3.10: switching services back on after a suspension or a block."""

    STATUS = ReactivationStatus
    INITIAL = ReactivationStatus.REQUESTED
    TRANSITIONS = {"requested": ("done", "cancelled")}
    CLOSED = ("done", "cancelled")
    DEADLINE_DAYS = 1
    PROCESS = "reactivation"
    FORM_KINDS = (FormKind.RESUMPTION,)
    status = _status(STATUS, INITIAL)

    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("reactivation")
        verbose_name_plural = _("reactivations")


class Suspension(ProcessRecord):
    """3.14: a temporary suspension instead of termination; it starts and ends by itself (processes_daily)."""

    STATUS = SuspensionStatus
    INITIAL = SuspensionStatus.PLANNED
    TRANSITIONS = {"planned": ("active", "cancelled"), "active": ("ended",)}
    CLOSED = ("ended", "cancelled")
    PROCESS = "suspension"
    FORM_KINDS = (FormKind.SUSPENSION, FormKind.PARTIAL_SUSPENSION, FormKind.RESUMPTION)
    status = _status(STATUS, INITIAL)

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), help_text=_("The last day of the suspension"))
    reminded_on = models.DateField(_("reminder made on"), null=True, blank=True, editable=False)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("temporary suspension")
        verbose_name_plural = _("temporary suspensions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="suspension_dates")
        ]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The suspension ends before it starts.")})

    def default_deadline(self, today: dt.date) -> dt.date | None:
        return self.ends_on


class EquipmentReturn(ProcessRecord):
    """3.15: the operator's equipment expected back from a leaving subscriber."""

    STATUS = EquipmentReturnStatus
    INITIAL = EquipmentReturnStatus.EXPECTED
    TRANSITIONS = {"expected": ("returned", "written_off")}
    CLOSED = ("returned", "written_off")
    DEADLINE_DAYS = 14
    PROCESS = "equipment_return"
    FORM_KINDS = (FormKind.TERMINATION, FormKind.DISCONNECTION)
    status = _status(STATUS, INITIAL)

    items = models.CharField(_("items"), max_length=255, default="", help_text=_("e.g. router TP-Link, set-top box"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True, editable=False)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("equipment return")
        verbose_name_plural = _("equipment returns")


class BonusCard(ProcessRecord):
    """3.13: a bonus card handed to a kept subscriber."""

    STATUS = BonusCardStatus
    INITIAL = BonusCardStatus.ISSUED
    TRANSITIONS = {"issued": ("activated", "cancelled")}
    CLOSED = ("activated", "cancelled")
    DEADLINE_DAYS = 30
    PROCESS = "bonus_card"
    FORM_KINDS = (FormKind.BENEFIT,)
    status = _status(STATUS, INITIAL)

    card_number = models.CharField(_("card number"), max_length=32, blank=True)
    amount = models.DecimalField(_("amount, RUB"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    level = models.CharField(_("level"), max_length=32, blank=True, help_text=_("e.g. silver, gold"))
    activated_on = models.DateField(_("activated on"), null=True, blank=True, editable=False)

    class Meta(ProcessRecord.Meta):
        verbose_name = _("bonus card")
        verbose_name_plural = _("bonus cards")


PROCESS_MODELS: tuple[type[ProcessRecord], ...] = (
    TariffChange,
    Recalculation,
    UrgentRepair,
    Claim,
    Relocation,
    Reactivation,
    Suspension,
    EquipmentReturn,
    BonusCard,
)


def process_model(model_name: str) -> type[ProcessRecord]:
    return next(m for m in PROCESS_MODELS if m._meta.model_name == model_name)


class FormTemplate(models.Model):
    """An application form (заявление, seed 001 4.4) as editable Django-template text, printed to PDF.

    Placeholders: {{ subscriber.name }}, {{ subscriber.external_id }}, {{ subscriber.address }}, {{ record.… }}
    (the process record the form is printed from, if any), {{ operator.operator_name }}, {{ today }}.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=FormKind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    header = models.TextField(_("addressee block"), help_text=_("Printed top right"))
    body = models.TextField(_("text"))
    footer = models.TextField(_("signature block"), blank=True)
    is_default = models.BooleanField(_("shipped default"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:formtemplate_detail", args=[self.pk])
