"""Saved segments: a named slice of the base (seed 004, 3.2.4) reusable as a filter in every report and list."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analytics:savedsegment_detail", args=[self.pk])

    def filter_subscribers(self, queryset, prefix: str = ""):
        """Narrow a queryset of subscribers (prefix "") or of records with a subscriber (prefix "subscriber__")."""
        from .segments import apply_definition

        return apply_definition(queryset, self.definition, prefix=prefix)
