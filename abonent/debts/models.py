"""Promises to pay (обещанный платёж): a debtor's amount by a date, checked against the payments imported."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import ExemptionKind, PromiseStatus


class PromiseToPay(models.Model):
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="promises", verbose_name=_("subscriber")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)])
    promised_on = models.DateField(_("promised on"), default=timezone.localdate)
    due_date = models.DateField(_("pay by"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("agent")
    )
    status = models.CharField(_("status"), max_length=16, choices=PromiseStatus.choices, default=PromiseStatus.OPEN)
    paid = models.DecimalField(_("paid towards it"), max_digits=12, decimal_places=2, default=0)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-promised_on", "-pk"]
        verbose_name = _("promise to pay")
        verbose_name_plural = _("promises to pay")

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.amount} ₽ · {self.due_date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("debts:promisetopay_detail", args=[self.pk])

    def clean(self):
        if self.promised_on and self.promised_on > timezone.localdate():
            raise ValidationError({"promised_on": _("A promise cannot be made on a future date.")})
        if self.promised_on and self.due_date and self.due_date < self.promised_on:
            raise ValidationError({"due_date": _("The date to pay by is before the promise was made.")})


class DebtExemptionQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Exemptions in force on a day (today by default): no end date, or an end date not yet passed."""
        on = on or timezone.localdate()
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gte=on))


class DebtExemption(models.Model):
    """An account that is not to be blocked for debt (a school, a hospital, a large business client) or whose
    blocking is postponed to a date: approved by the head, with the reason and until when."""

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="debt_exemptions", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("exemption"), max_length=16, choices=ExemptionKind.choices)
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: until lifted."))
    reason = models.CharField(_("reason"), max_length=200)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("approved by"), editable=False
    )
    approved_on = models.DateField(_("approved on"), default=timezone.localdate, editable=False)
    history = HistoricalRecords()
    objects = DebtExemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "-pk"]
        verbose_name = _("exemption from blocking")
        verbose_name_plural = _("exemptions from blocking")

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("debts:debtexemption_detail", args=[self.pk])

    def clean(self):
        if self.kind == ExemptionKind.POSTPONE and not self.until:
            raise ValidationError({"until": _("A postponement needs the date it lasts until.")})
        if self.until and self.until < (self.approved_on or timezone.localdate()):
            raise ValidationError({"until": _("The date is already past.")})
