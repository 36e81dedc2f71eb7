"""The record of every import: who loaded which file, what it added or changed, and every error it found."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.subscribers.services import mask_phones_in_text

from .choices import ImportStatus
from .kinds import kind_choices


class ImportRun(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=kind_choices)
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    source = models.CharField(_("source"), max_length=16, default="ui", help_text=_("ui, cli, api or demo"))
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in file"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_added = models.PositiveIntegerField(_("rows added"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("Each error: file, row, column, value, expected (first 1000 kept, values cut to 200 characters)"),
    )
    error_summary = models.JSONField(
        _("errors by column and kind"),
        default=list,
        blank=True,
        help_text=_("Every error counted: column, code, count (also those beyond the first 1000)"),
    )
    warnings = models.JSONField(
        _("warnings"),
        default=list,
        blank=True,
        help_text=_("What the import read past without failing, e.g. columns the format does not know"),
    )
    message = models.TextField(_("message"), blank=True)
    worker = models.CharField(
        _("worker"),
        max_length=200,
        blank=True,
        help_text=_("host, process id and process start of the process running the import (to find a dead one)"),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at) if self.started_at else None
        return f"{self.get_kind_display()}: {self.file_name}" + (f" ({started:%Y-%m-%d %H:%M})" if started else "")

    def get_absolute_url(self) -> str:
        return reverse("imports:importrun_detail", args=[self.pk])

    def errors_for(self, user) -> list[dict]:
        """The errors as this user may see them: a bad row's echoed values may hold phone numbers, masked for a user
        without subscribers.view_phone. The stored errors stay as they are."""

        return [{key: mask_phones_in_text(user, value) for key, value in error.items()} for error in self.errors or []]

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED) else 0
        return min(100, round(100 * self.rows_processed / self.rows_total))
