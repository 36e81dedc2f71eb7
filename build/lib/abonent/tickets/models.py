"""Repair and tech-support tickets (заявки на ремонт / техподдержка) with an SLA deadline and a responsible person.

Tickets come from the helpdesk (import) or are opened here, e.g. as the "urgent repair" retention measure. A
ticket whose deadline passed while open names its responsible person (seed 003: SLA control).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import TicketKind, TicketStatus


class Ticket(models.Model):
    external_id = models.CharField(_("ticket number"), max_length=64, unique=True, null=True, blank=True)
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="tickets", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TicketKind.choices, default=TicketKind.REPAIR)
    urgent = models.BooleanField(_("urgent"), default=False)
    subject = models.CharField(_("subject"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, help_text=_("By the SLA"))
    status = models.CharField(_("status"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("responsible"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # A ticket opened again for the same trouble within 30 days counts as a repeat (seed 003).
    is_repeat = models.BooleanField(_("repeat"), default=False)
    disconnection_request = models.ForeignKey(
        "churn.DisconnectionRequest",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("disconnection request"),
    )
    import_run = models.ForeignKey("imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["subscriber", "opened_at"], name="ticket_subscriber_idx"),
            models.Index(fields=["status"], name="ticket_status_idx"),
        ]

    def __str__(self) -> str:
        return f"№{self.external_id or self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:ticket_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        end = self.resolved_at or timezone.now()
        return bool(self.deadline and end > self.deadline)

    def clean(self):
        if self.deadline and self.opened_at and self.deadline < self.opened_at:
            raise ValidationError({"deadline": _("The deadline is before the ticket was opened.")})
        if self.resolved_at and self.opened_at and self.resolved_at < self.opened_at:
            raise ValidationError({"resolved_at": _("Resolved before it was opened.")})
