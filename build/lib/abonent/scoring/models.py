"""Pre-churn risk scoring: the trained models, the scoring runs, and each subscriber's score with its factors.

A model is stored whole in the database (the LightGBM booster as text), so every worker and every host scores with
exactly the version recorded on the score, and a backup of the database is a backup of the models.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Horizon, RiskBand, RunStatus


class ScoringModel(models.Model):
    """A trained churn model for one horizon; the latest version per horizon scores the base."""

    version = models.PositiveIntegerField(_("version"))
    horizon = models.PositiveSmallIntegerField(_("horizon, days"), choices=Horizon.choices)
    trained_at = models.DateTimeField(_("trained at"), default=timezone.now)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("trained by")
    )
    algorithm = models.CharField(_("algorithm"), max_length=32, default="lightgbm")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)
    metrics = models.JSONField(
        _("metrics"), default=dict, blank=True, help_text=_("Holdout AUC, top-decile precision and lift, calibration")
    )
    snapshot_dates = models.JSONField(_("snapshot dates"), default=dict, blank=True)
    booster = models.TextField(_("model"), blank=True, help_text=_("The LightGBM booster as text"))

    class Meta:
        ordering = ["-version", "horizon"]
        verbose_name = _("risk model")
        verbose_name_plural = _("risk models")
        constraints = [models.UniqueConstraint(fields=["version", "horizon"], name="scoringmodel_unique_version")]

    def __str__(self) -> str:
        return f"v{self.version} · {self.horizon} {_('days')}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:scoringmodel_detail", args=[self.pk])


class ScoringRun(models.Model):
    """A background job that (re)trains the models and/or scores the active base, with its progress."""

    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING)
    train = models.BooleanField(_("retrain"), default=True)
    scored_on = models.DateField(_("scoring date"))
    source = models.CharField(_("source"), max_length=16, default="ui", help_text=_("ui, cli, api, schedule or demo"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress, percent"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    model = models.ForeignKey(
        ScoringModel, models.SET_NULL, null=True, blank=True, related_name="runs", verbose_name=_("model (90 days)")
    )
    model_30 = models.ForeignKey(
        ScoringModel, models.SET_NULL, null=True, blank=True, related_name="runs_30", verbose_name=_("model (30 days)")
    )
    scored = models.PositiveIntegerField(_("subscribers scored"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.scored_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:scoringrun_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (RunStatus.PENDING, RunStatus.RUNNING)


class RiskScore(models.Model):
    """A subscriber's churn risk as of a date, from one run and model version, with the factors behind it."""

    run = models.ForeignKey(ScoringRun, models.CASCADE, related_name="scores", verbose_name=_("run"))
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="risk_scores", verbose_name=_("subscriber")
    )
    model = models.ForeignKey(ScoringModel, models.PROTECT, related_name="scores", verbose_name=_("model version"))
    scored_on = models.DateField(_("scoring date"))
    probability = models.FloatField(_("churn probability, 90 days"))
    probability_30 = models.FloatField(_("churn probability, 30 days"), null=True, blank=True)
    band = models.CharField(_("risk band"), max_length=8, choices=RiskBand.choices)
    rank = models.PositiveIntegerField(_("rank"), default=0, help_text=_("1 = the highest risk of the run"))
    factors = models.JSONField(
        _("top factors"),
        default=list,
        blank=True,
        help_text=_("[{feature, value, contribution, text}], strongest first"),
    )
    arpu = models.DecimalField(_("ARPU"), max_digits=12, decimal_places=2, default=0)
    hidden_reason = models.CharField(
        _("hidden churn"), max_length=255, blank=True, help_text=_("Why the subscriber counts as hidden churn")
    )

    class Meta:
        ordering = ["run", "rank"]
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        indexes = [
            models.Index(fields=["run", "rank"], name="riskscore_run_rank_idx"),
            models.Index(fields=["subscriber", "scored_on"], name="riskscore_subscriber_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.probability:.2f} ({self.scored_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("scoring:riskscore_detail", args=[self.pk])

    @property
    def revenue_at_risk(self) -> float:
        """A year of this subscriber's ARPU weighted by the 90-day churn probability, RUB."""
        return round(float(self.arpu) * 12 * self.probability, 2)
