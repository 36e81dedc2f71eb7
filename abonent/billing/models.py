"""The outbox of billing actions (действия для биллинга): what Abonent decided that billing must carry out.

An action is enqueued once per decision (its idempotency key), sent to billing as a file, through the API or by the
webhook, and settled by billing's answer or by the next billing import (docs/billing/outbox.md).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import ActionKind, ActionState, SentVia

# The parameters each kind carries (all optional but those a kind cannot do without: REQUIRED). Dates are ISO
# (YYYY-MM-DD), amounts strings with a dot and two decimals, tariffs their codes.
PARAMETERS = (
    "on",
    "from_tariff",
    "to_tariff",
    "starts_on",
    "ends_on",
    "amount",
    "period_start",
    "period_end",
    "reason",
)
REQUIRED = {
    ActionKind.TARIFF_CHANGE: ("to_tariff",),
    ActionKind.SUSPEND: ("starts_on", "ends_on"),
    ActionKind.RECALCULATION: ("amount",),
}


def _day(value) -> str:
    day = parse_date(str(value)) if value else None
    return day.strftime("%d.%m.%Y") if day else "…"


class BillingAction(models.Model):
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="billing_actions", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("action"), max_length=24, choices=ActionKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ActionState.choices, default=ActionState.PENDING, editable=False
    )
    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("One decision, one action: the same key is never enqueued twice."),
    )
    source_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_text = models.CharField(_("source"), max_length=255, blank=True, help_text=_("What decided it, in words"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by")
    )
    sent_via = models.CharField(_("sent via"), max_length=16, choices=SentVia.choices, blank=True, editable=False)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True, editable=False)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
        help_text=_("Who confirmed, rejected or cancelled it"),
    )
    billing_reference = models.CharField(_("billing reference"), max_length=100, blank=True, editable=False)
    billing_message = models.TextField(_("billing message"), blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("billing action")
        verbose_name_plural = _("billing actions")
        permissions = [
            ("send_billingaction", _("Can export billing actions and mark them sent")),
            ("settle_billingaction", _("Can confirm or reject billing actions")),
        ]
        indexes = [models.Index(fields=["state", "kind"], name="billing_action_state_kind")]

    def __str__(self) -> str:
        return f"№{self.pk} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("billing:billingaction_detail", args=[self.pk])

    def clean(self):
        if not isinstance(self.parameters, dict):
            raise ValidationError({"parameters": _("The parameters are a JSON object.")})
        unknown = sorted(set(self.parameters) - set(PARAMETERS))
        if unknown:
            raise ValidationError({"parameters": _("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}})
        missing = [name for name in REQUIRED.get(self.kind, ()) if self.parameters.get(name) in (None, "")]
        if missing:
            raise ValidationError(
                {
                    "parameters": _("%(kind)s needs: %(names)s.")
                    % {"kind": self.get_kind_display(), "names": ", ".join(missing)}
                }
            )

    @property
    def kind_color(self) -> str:
        return ActionKind.color_of(self.kind)

    @property
    def state_color(self) -> str:
        return ActionState.color_of(self.state)

    @property
    def summary(self) -> str:
        """The parameters in words, as the list and the card show them: «NET100 → NET300 · с 05.12.2026»."""
        p = self.parameters or {}
        parts = []
        if p.get("to_tariff"):
            parts.append(f"{p.get('from_tariff') or '—'} → {p['to_tariff']}")
        if p.get("starts_on") or p.get("ends_on"):
            parts.append(f"{_day(p.get('starts_on'))} — {_day(p.get('ends_on'))}")
        if p.get("on"):
            parts.append(_("from %(day)s") % {"day": _day(p["on"])})
        if p.get("amount"):
            parts.append(f"{number_format(Decimal(str(p['amount'])), 2, force_grouping=True)} ₽")
        if p.get("period_start") or p.get("period_end"):
            parts.append(f"{_day(p.get('period_start'))} — {_day(p.get('period_end'))}")
        return " · ".join(parts)

    @property
    def source_url(self) -> str | None:
        source = self.source
        return source.get_absolute_url() if source is not None and hasattr(source, "get_absolute_url") else None
