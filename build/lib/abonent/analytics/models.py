"""Saved segments: a named slice of the base (seed 004, 3.2.4) reusable as a filter in every report and list."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.choices import ServiceType


class SavedSegment(models.Model):
    """`definition` holds the segment's conditions (see analytics.segments.SEGMENT_KEYS)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("conditions"), default=dict)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved segment")
        verbose_name_plural = _("saved segments")
        permissions = [("view_reports", _("Can view the base, tariff, churn-vs-inflow and survival reports"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analytics:savedsegment_detail", args=[self.pk])

    def filter_subscribers(self, queryset, prefix: str = ""):
        """Narrow a queryset of subscribers (prefix "") or of records with a subscriber (prefix "subscriber__")."""
        from .segments import apply_definition

        return apply_definition(queryset, self.definition, prefix=prefix)


class CompetitorTariff(models.Model):
    """A competitor's offer as the department found it (site, leaflet, a subscriber's words), for the tariff
    comparison (seed 004, 2.2.5): our price against the market for the same service and speed."""

    competitor = models.CharField(_("competitor"), max_length=200)
    name = models.CharField(_("tariff name"), max_length=200)
    service_type = models.CharField(_("service type"), max_length=16, choices=ServiceType.choices)
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
