"""The outage register (реестр аварий и плановых работ): a building or a district without a service, from–to, why.

Subscribers are not linked row by row: an outage affects whoever lives at its address (`address_key`, see
addresses.py), so a subscriber imported after the outage is matched as well.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.subscribers.service_kinds import ServiceTypeField

from .addresses import building_key, district_key
from .choices import OutageCause, OutageScope


class OutageQuerySet(models.QuerySet):
    def overlapping(self, since, until):
        """Outages that were on at some moment between `since` and `until` (ongoing ones included)."""
        return self.filter(started_at__lt=until).filter(models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=since))

    def for_service(self, service_type: str):
        """Outages of a subscriber's service: those of every service, of this one, or any one for a bundle or an
        unknown service."""
        if not service_type or service_type == "bundle":
            return self
        return self.filter(models.Q(service_type="") | models.Q(service_type=service_type))


class Outage(models.Model):
    scope = models.CharField(_("scope"), max_length=16, choices=OutageScope.choices, default=OutageScope.BUILDING)
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("Empty: the street in every city"))
    district = models.CharField(_("district"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    building = models.CharField(_("building"), max_length=32, blank=True)
    service_type = ServiceTypeField(_("service"), blank=True, help_text=_("Empty: every service"))
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, help_text=_("Empty: still going on"))
    cause = models.CharField(_("cause"), max_length=16, choices=OutageCause.choices, default=OutageCause.ACCIDENT)
    description = models.TextField(_("description"), blank=True)
    address_key = models.CharField(_("address key"), max_length=400, editable=False, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    import_run = models.ForeignKey(
        "imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()
    objects = OutageQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        indexes = [models.Index(fields=["started_at"], name="outage_started_idx")]

    def __str__(self) -> str:
        return f"{self.place} · {timezone.localtime(self.started_at):%d.%m.%Y %H:%M}" if self.started_at else self.place

    def save(self, *args, **kwargs):
        self.address_key = self.compute_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "address_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outages:outage_detail", args=[self.pk])

    @property
    def place(self) -> str:
        if self.scope == OutageScope.DISTRICT:
            return ", ".join(p for p in (self.city, str(_("district %(name)s") % {"name": self.district})) if p)
        return ", ".join(p for p in (self.city, self.street, self.building and f"д. {self.building}") if p)

    @property
    def cause_color(self) -> str:
        return OutageCause.color_of(self.cause)

    @property
    def hours(self) -> float | None:
        """How long it lasted (so far, for an ongoing one), in hours."""
        if not self.started_at:
            return None
        return ((self.ended_at or timezone.now()) - self.started_at).total_seconds() / 3600

    def compute_key(self) -> str:
        if self.scope == OutageScope.DISTRICT:
            return district_key(self.city, self.district)
        return building_key(self.city, self.street, self.building)

    def clean(self):
        errors = {}
        if self.scope == OutageScope.DISTRICT and not self.district.strip():
            errors["district"] = _("A district outage needs the district.")
        if self.scope == OutageScope.BUILDING:
            for name in ("street", "building"):
                if not getattr(self, name).strip():
                    errors[name] = _("A building outage needs the street and the building.")
        if self.started_at and self.started_at > timezone.now() + dt.timedelta(minutes=5):
            errors["started_at"] = _("An outage cannot start in the future.")
        if self.started_at and self.ended_at and self.ended_at <= self.started_at:
            errors["ended_at"] = _("The outage ends after it starts.")
        if errors:
            raise ValidationError(errors)
