"""Analytics registers: competitor tariffs (saved segments live in subscribers)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.service_kinds import ServiceTypeField


class CompetitorTariff(models.Model):
    """A competitor's offer as the department found it (site, leaflet, a subscriber's words), for the tariff
    comparison (seed 004, 2.2.5): our price against the market for the same service and speed."""

    competitor = models.CharField(_("competitor"), max_length=200)
    name = models.CharField(_("tariff name"), max_length=200)
    service_type = ServiceTypeField(_("service type"))
    speed_mbps = models.PositiveIntegerField(
        _("speed, Mbit/s"), null=True, blank=True, help_text=_("Empty for TV-only offers")
    )
    price = models.DecimalField(
        _("price, RUB a month"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    area = models.CharField(_("area"), max_length=200, blank=True, help_text=_("City or districts where it is sold"))
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Web page, leaflet, call"))
    checked_on = models.DateField(_("checked on"), default=timezone.localdate)
    is_archived = models.BooleanField(_("archived"), default=False, help_text=_("No longer sold"))

    class Meta:
        ordering = ["service_type", "speed_mbps", "price", "competitor"]
        verbose_name = _("competitor tariff")
        verbose_name_plural = _("competitor tariffs")
        permissions = [("view_reports", _("Can view the base, tariff, churn-vs-inflow and survival reports"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="competitortariff_price_not_negative"),
            models.UniqueConstraint(fields=["competitor", "name", "area"], name="competitortariff_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("analytics:competitortariff_detail", args=[self.pk])

    @property
    def price_per_mbps(self):
        return self.price / self.speed_mbps if self.speed_mbps else None
