"""Promises to pay (обещанный платёж): a debtor's amount by a date, checked against the payments imported."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import PromiseStatus


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
