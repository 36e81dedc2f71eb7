"""Employees of the subscriber department: pay, paid hours and PBX identity, and time recorded on offline work.

Payroll and paid hours feed the retention economics and the bonus scheme; the PBX agent id joins queue_log
agents to users; time entries are the offline part of each employee's workload (seed 002: phone + offline).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Employee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="employee", verbose_name=_("user")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    grade = models.CharField(_("grade"), max_length=32, blank=True, help_text=_("E.g. manager, senior, lead"))
    monthly_salary = models.DecimalField(
        _("monthly pay"), max_digits=12, decimal_places=2, default=0, help_text=_("Payroll cost a month, RUB")
    )
    paid_hours_per_month = models.DecimalField(_("paid hours a month"), max_digits=6, decimal_places=1, default=168)
    pbx_agent = models.CharField(
        _("PBX agent"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The agent's name or interface in the PBX queue_log / CDR, e.g. Agent/1001 or SIP/1001"),
    )
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    def get_absolute_url(self) -> str:
        return reverse("staff:employee_detail", args=[self.pk])

    @property
    def hourly_cost(self):
        return self.monthly_salary / self.paid_hours_per_month if self.paid_hours_per_month else 0

    def clean(self):
        if self.left_on and self.hired_on and self.left_on < self.hired_on:
            raise ValidationError({"left_on": _("Left before being hired.")})


class TimeEntry(models.Model):
    """Minutes an employee spent on a piece of offline work, optionally tied to the record it was spent on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="time_entries", verbose_name=_("employee")
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    activity = models.CharField(_("activity"), max_length=64, help_text=_("E.g. callback, request, visit, letter"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    content_type = models.ForeignKey(ContentType, models.SET_NULL, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["user", "date"], name="timeentry_user_date_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(minutes__lte=24 * 60), name="timeentry_within_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.minutes} min {self.activity}"
