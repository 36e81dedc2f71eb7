"""Targets the head sets for the audit scorecard: per metric, the target, the amber threshold and the direction."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import Direction
from .metrics import METRICS


class AuditTarget(models.Model):
    """A scorecard figure's target: green on the good side of `target`, amber up to `amber`, red beyond it."""

    code = models.SlugField(_("metric"), max_length=64, unique=True, help_text=_("Code of the scorecard metric"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    amber = models.DecimalField(
        _("amber threshold"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Between the target and this value the figure is amber; beyond it, red"),
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("audit target")
        verbose_name_plural = _("audit targets")
        permissions = [("view_scorecard", _("Can view the audit scorecard"))]

    def __str__(self) -> str:

        metric = METRICS.get(self.code)
        return str(metric.name) if metric else self.code

    def get_absolute_url(self) -> str:
        return reverse("audit:audittarget_detail", args=[self.pk])

    def clean(self):
        if self.target is None or self.amber is None:
            return
        if self.direction == Direction.HIGHER and self.amber > self.target:
            raise ValidationError({"amber": _("When higher is better, the amber threshold is at most the target.")})
        if self.direction == Direction.LOWER and self.amber < self.target:
            raise ValidationError({"amber": _("When lower is better, the amber threshold is at least the target.")})

    def status(self, value) -> str:
        if value is None:
            return "no_data"
        if self.direction == Direction.HIGHER:
            return "green" if value >= self.target else "amber" if value >= self.amber else "red"
        return "green" if value <= self.target else "amber" if value <= self.amber else "red"
