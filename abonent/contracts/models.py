"""Annual contracts (годовые контракты, seed 001 5.2): the terms offered, the agitation register and the contracts.

A subscriber who signs an annual contract promises to stay twelve months and gets one of four benefits (a free
period, a fixed fee, free equipment rental, a speed increase). Contracts move only through
abonent.contracts.actions (docs/registers/annual-contracts.md).
"""

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.core.validators import refuse_future
from abonent.retention.choices import ContractKind

from .choices import AgitationAnswer, AgitationChannel, ContractService, ContractStatus

CONTRACT_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_end(starts_on: dt.date, months: int = CONTRACT_MONTHS) -> dt.date:
    """The last day of a contract of `months` months starting on `starts_on` (1 Mar → 28/29 Feb next year)."""
    return add_months(starts_on, months) - dt.timedelta(days=1)


def _user(verbose_name, related_name="+", editable=False) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        editable=editable,
        verbose_name=verbose_name,
    )


class ContractOffer(models.Model):
    """Terms of an annual contract for one kind and service, with who may be offered it and what it costs."""

    # What a contract costs the operator is retention economics (core.visibility), as a measure's cost is.
    hidden_without = {"retention.view_costs": ("cost_monthly",)}

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ContractKind.choices)
    service = models.CharField(_("service"), max_length=16, choices=ContractService.choices)
    benefit = models.TextField(_("benefit"), help_text=_("What the subscriber gets for signing, as told to them"))
    min_tenure_months = models.PositiveSmallIntegerField(
        _("minimum tenure, months"), default=0, help_text=_("Offered only to subscribers connected this long")
    )
    min_arpu = models.DecimalField(_("minimum ARPU"), max_digits=12, decimal_places=2, default=0)
    cost_monthly = models.DecimalField(
        _("cost to the operator per month"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("Revenue given up or cost borne per month of the contract, on average"),
    )
    script = models.TextField(_("script"), blank=True, help_text=_("What the agent says when offering it"))
    is_active = models.BooleanField(_("offered now"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "kind", "name"]
        verbose_name = _("contract offer")
        verbose_name_plural = _("contract offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_monthly__gte=0, min_arpu__gte=0), name="contractoffer_amounts_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contracts:contractoffer_detail", args=[self.pk])


class Agitation(models.Model):
    """One time a subscriber was offered an annual contract, and the answer (seed 001, 4.5.1)."""

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="contract_agitations", verbose_name=_("subscriber")
    )
    terms = models.ForeignKey(
        ContractOffer, models.PROTECT, related_name="agitations", verbose_name=_("contract offered")
    )
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    offered_by = _user(_("offered by"), related_name="contract_agitations", editable=True)
    channel = models.CharField(_("channel"), max_length=16, choices=AgitationChannel.choices, default="phone")
    answer = models.CharField(_("answer"), max_length=16, choices=AgitationAnswer.choices)
    decline_reason = models.CharField(_("reason for declining"), max_length=255, blank=True)
    follow_up_on = models.DateField(
        _("call back on"), null=True, blank=True, help_text=_("For «will think»: when to call again")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("contract agitation")
        verbose_name_plural = _("contract agitation")
        indexes = [models.Index(fields=["offered_at"], name="agitation_offered_idx")]

    def __str__(self) -> str:
        return f"{self.subscriber.external_id} {self.offered_at:%d.%m.%Y}: {self.get_answer_display()}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:agitation_detail", args=[self.pk])

    def clean(self):
        refuse_future(self.offered_at, "offered_at")  # a contact happened: never on a later day than today
        if self.answer == AgitationAnswer.DECLINED and not self.decline_reason.strip():
            raise ValidationError({"decline_reason": _("Say why the subscriber declined.")})


class AnnualContract(models.Model):
    """A subscriber's annual contract: twelve months from `starts_on`, with its benefit and lifecycle."""

    hidden_without = {"retention.view_costs": ("cost_monthly",)}

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.PROTECT, related_name="annual_contracts", verbose_name=_("subscriber")
    )
    terms = models.ForeignKey(
        ContractOffer, models.PROTECT, null=True, blank=True, related_name="contracts", verbose_name=_("terms")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContractKind.choices)
    service = models.CharField(_("service"), max_length=16, choices=ContractService.choices)
    benefit = models.TextField(_("benefit"), blank=True)
    cost_monthly = models.DecimalField(_("cost to the operator per month"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.DRAFT, editable=False
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("Twelve months after the start, less one day"))
    ended_on = models.DateField(
        _("actually ended on"), null=True, blank=True, editable=False, help_text=_("Set when it ends or is terminated")
    )
    termination_reason = models.CharField(_("reason for early termination"), max_length=255, blank=True, editable=False)
    responsible = _user(_("responsible"), related_name="annual_contracts", editable=True)
    agitation = models.ForeignKey(
        Agitation, models.SET_NULL, null=True, blank=True, related_name="contracts", verbose_name=_("agitation")
    )
    retention_offer = models.ForeignKey(
        "retention.RetentionOffer",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="annual_contracts",
        verbose_name=_("retention offer"),
        help_text=_("The accepted offer of the retention step this contract came from"),
    )
    renewal_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="renewals", verbose_name=_("renews contract")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = _user(_("created by"))
    signed_by = _user(_("signed by"))
    closed_by = _user(_("closed by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("annual contract")
        verbose_name_plural = _("annual contracts")
        indexes = [
            models.Index(fields=["status", "ends_on"], name="contract_status_end_idx"),
            models.Index(fields=["starts_on"], name="contract_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return _("Contract №%(pk)s") % {"pk": self.pk} if self.pk else str(_("New contract"))

    def get_absolute_url(self) -> str:
        return reverse("contracts:annualcontract_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in ContractStatus.open_values()

    @property
    def covered_until(self) -> dt.date:
        """The last day the contract covered or will cover: the actual end once it has ended."""
        return self.ended_on or self.ends_on

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The contract ends before it starts.")})
