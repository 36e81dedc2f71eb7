"""Who works what: the assignment rules that pick the retention manager a disconnection request is handed to, and
the round-robin pointer used when no rule matches (issue 12, item 12).

A rule matches a request when each criterion it names (reason group, service type, residential/business) equals
the request's; an empty criterion matches anything. The active rule of the lowest priority wins (then the oldest);
its owner must be an active user. No rule: the next active retention manager in turn after the one the pointer
names (users ordered by id), and the pointer moves on.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.subscribers.choices import SubscriberKind
from abonent.subscribers.service_kinds import ServiceTypeField


class AssignmentRule(models.Model):
    """Which employee a disconnection request goes to when the agent hands it over."""

    name = models.CharField(_("name"), max_length=200)
    reason_group = models.ForeignKey(
        "churn.ReasonGroup",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason group"),
        help_text=_("Empty: any group (and requests with no reason yet)"),
    )
    service_type = ServiceTypeField(_("service type"), blank=True, help_text=_("Empty: any service type"))
    subscriber_kind = models.CharField(
        _("residential/business"),
        max_length=16,
        choices=SubscriberKind.choices,
        blank=True,
        help_text=_("Empty: both"),
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("hand to"))
    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("The lowest number wins"))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        permissions = [("hand_over_request", _("Can hand a disconnection request over to a retention manager"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ownership:assignmentrule_detail", args=[self.pk])

    def clean(self):
        if self.owner_id and not self.owner.is_active:
            raise ValidationError({"owner": _("The employee is not active.")})

    def matches(self, request) -> bool:
        """Whether every criterion the rule names is the request's."""
        if self.reason_group_id and (request.reason is None or request.reason.group_id != self.reason_group_id):
            return False
        if self.service_type and request.service_type != self.service_type:
            return False
        kind = request.subscriber_kind or request.subscriber.kind
        return not (self.subscriber_kind and kind != self.subscriber_kind)


class RoundRobinPointer(models.Model):
    """The last employee a request went to in turn, per pool (one pool: the retention managers)."""

    pool = models.CharField(_("pool"), max_length=32, unique=True)
    last_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last handed to"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("round-robin pointer")
        verbose_name_plural = _("round-robin pointers")

    def __str__(self) -> str:
        return self.pool
