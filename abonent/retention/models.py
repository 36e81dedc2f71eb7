"""The retention toolkit: the measures matrix, the offers made on disconnection requests, the holdout, and the plans
and bonus schemes of the retention service (seed 001: 4.5.5, 5.1.1, sections 6 and 7).

Offers are recorded only through abonent.retention.actions.record_offer, which also moves the request through
churn.actions and sends `offer_accepted` so the measure's process (processes, contracts) is started.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from abonent.churn.choices import OfferAnswer
from abonent.churn.models import BilingualName
from abonent.core.validators import refuse_future

from .choices import AssignmentGroup, BonusBasis, ContractKind, ControlKind, MeasureProcess, RoleChoice

MONEY = {"max_digits": 12, "decimal_places": 2, "default": 0}


class Measure(BilingualName):
    """A retention measure (мероприятие по удержанию): what it starts, what it costs the operator, who may grant it.

    The cost to the operator of one accepted offer is `cost_one_off + cost_monthly × cost_months`.
    """

    # What retention costs is not for every role (core.visibility): the call-centre agent offers measures, not costs.
    hidden_without = {"retention.view_costs": ("cost_one_off", "cost_monthly", "cost_months", "total_cost")}

    code = models.SlugField(_("code"), max_length=64, unique=True)
    process = models.CharField(
        _("process"),
        max_length=24,
        choices=MeasureProcess.choices,
        default=MeasureProcess.NONE,
        help_text=_("The register an accepted offer creates its record in"),
    )
    contract_kind = models.CharField(
        _("annual contract kind"),
        max_length=24,
        choices=ContractKind.choices,
        blank=True,
        help_text=_("Only for the annual contract process"),
    )
    description = models.TextField(_("description"), blank=True)
    cost_one_off = models.DecimalField(_("one-off cost, RUB"), help_text=_("Cost to the operator once"), **MONEY)
    cost_monthly = models.DecimalField(_("monthly cost, RUB"), help_text=_("Cost to the operator a month"), **MONEY)
    cost_months = models.PositiveSmallIntegerField(
        _("months of monthly cost"), default=0, help_text=_("For how many months the monthly cost runs")
    )
    grant_role = models.CharField(
        _("granted by role"),
        max_length=32,
        choices=RoleChoice.choices,
        blank=True,
        help_text=_("Only this role (and the head) may grant it; empty: everyone who records offers"),
    )
    limit_per_year = models.PositiveSmallIntegerField(
        _("limit per subscriber in 12 months"),
        null=True,
        blank=True,
        help_text=_("How many times one subscriber may accept it within 12 months; empty: no limit"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("retention measure")
        verbose_name_plural = _("retention measures")
        permissions = [
            ("grant_any_measure", _("Can grant any retention measure regardless of its role")),
            (
                "view_costs",
                _("Can see what retention costs and brings: measure and offer costs, revenue kept, effectiveness"),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("retention:measure_detail", args=[self.pk])

    @property
    def total_cost(self) -> Decimal:
        return self.cost_one_off + self.cost_monthly * self.cost_months

    def clean(self):
        if self.process == MeasureProcess.ANNUAL_CONTRACT and not self.contract_kind:
            raise ValidationError({"contract_kind": _("Choose the kind of annual contract.")})
        if self.process != MeasureProcess.ANNUAL_CONTRACT and self.contract_kind:
            raise ValidationError({"contract_kind": _("A contract kind is only for the annual contract process.")})
        if self.cost_monthly and not self.cost_months:
            raise ValidationError({"cost_months": _("Say for how many months the monthly cost runs.")})


class MatrixEntry(models.Model):
    """One cell of the retention matrix: a measure that may be offered for a churn reason, in the agent's order."""

    reason = models.ForeignKey(
        "churn.ChurnReason", models.CASCADE, related_name="matrix_entries", verbose_name=_("reason")
    )
    measure = models.ForeignKey(Measure, models.CASCADE, related_name="matrix_entries", verbose_name=_("measure"))
    order = models.PositiveSmallIntegerField(_("order"), default=1, help_text=_("1 = offer first"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["reason__group__order", "reason__order", "order", "measure__order"]
        verbose_name = _("matrix entry")
        verbose_name_plural = _("retention matrix")
        constraints = [models.UniqueConstraint(fields=["reason", "measure"], name="matrix_reason_measure_unique")]

    def __str__(self) -> str:
        return f"{self.reason} → {self.order}. {self.measure}"

    def get_absolute_url(self) -> str:
        return reverse("retention:matrixentry_detail", args=[self.pk])


class RetentionOffer(models.Model):
    """An offer of a measure made to a subscriber (usually on a disconnection request) and the answer to it.

    `details` holds the process parameters the agent entered: {"starts_on", "ends_on"} for a suspension,
    {"tariff": id} for a tariff change, {"amount": "350.00"} for a recalculation, {"address": "..."} for a
    relocation. `cost` is the measure's cost when the offer was made, so later price edits do not rewrite history.
    """

    hidden_without = {"retention.view_costs": ("cost",)}

    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.PROTECT, related_name="retention_offers", verbose_name=_("subscriber")
    )
    request = models.ForeignKey(
        "churn.DisconnectionRequest",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="retention_offers",
        verbose_name=_("disconnection request"),
    )
    measure = models.ForeignKey(Measure, models.PROTECT, related_name="offers", verbose_name=_("measure"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("made by")
    )
    made_at = models.DateTimeField(_("made at"))
    answer = models.CharField(_("answer"), max_length=16, choices=OfferAnswer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    details = models.JSONField(_("process details"), default=dict, blank=True)
    cost = models.DecimalField(_("cost to the operator, RUB"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("retention offer")
        verbose_name_plural = _("retention offers")
        indexes = [
            models.Index(fields=["made_at"], name="offer_made_at_idx"),
            models.Index(fields=["subscriber", "made_at"], name="offer_subscriber_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} — {self.subscriber.external_id}" if self.pk else "new offer"

    def get_absolute_url(self) -> str:
        return reverse("retention:retentionoffer_detail", args=[self.pk])

    @property
    def is_accepted(self) -> bool:
        return self.answer == OfferAnswer.ACCEPTED

    def clean(self):
        refuse_future(self.made_at, "made_at")


class HoldoutPolicy(models.Model):
    """A holdout: a share of requests reaching the offer step is drawn at random into a control group.

    Control requests get no offer (or only the standard measure), so the effectiveness report can compare
    treatment with control and show what the offers really kept.
    """

    name = models.CharField(_("name"), max_length=200)
    share_percent = models.DecimalField(
        _("control share, percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("0–50 percent of requests at the offer step go to the control group"),
    )
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active to"), null=True, blank=True)
    control = models.CharField(_("control gets"), max_length=16, choices=ControlKind.choices, default="no_offer")
    standard_measure = models.ForeignKey(
        Measure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standard measure"),
        help_text=_("The only measure a control request may get when the control gets the standard offer"),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-active_from"]
        verbose_name = _("holdout policy")
        verbose_name_plural = _("holdout policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__gte=0, share_percent__lte=50), name="holdout_share_0_50"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("retention:holdoutpolicy_detail", args=[self.pk])

    def clean(self):
        if self.active_to and self.active_from and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The policy ends before it starts.")})
        if self.control == ControlKind.STANDARD_OFFER and not self.standard_measure_id:
            raise ValidationError({"standard_measure": _("Choose the standard measure the control group gets.")})
        if self.share_percent is not None and not (0 <= self.share_percent <= 50):
            raise ValidationError({"share_percent": _("The control share is between 0 and 50 percent.")})


class RetentionAssignment(models.Model):
    """The holdout draw of one request: treatment (offers as usual) or control; drawn once and never changed."""

    request = models.OneToOneField(
        "churn.DisconnectionRequest",
        models.CASCADE,
        related_name="retention_assignment",
        verbose_name=_("disconnection request"),
    )
    policy = models.ForeignKey(HoldoutPolicy, models.PROTECT, related_name="assignments", verbose_name=_("policy"))
    group = models.CharField(_("group"), max_length=16, choices=AssignmentGroup.choices)
    draw = models.FloatField(_("random draw"), help_text=_("Uniform 0–1; below the share means control"))
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        ordering = ["-assigned_at"]
        verbose_name = _("holdout assignment")
        verbose_name_plural = _("holdout assignments")

    def __str__(self) -> str:
        return f"{self.request} — {self.get_group_display()}"

    @property
    def is_control(self) -> bool:
        return self.group == AssignmentGroup.CONTROL


class RetentionPlan(models.Model):
    """The retention service's plan for a month (section 7): subscribers to keep, budget, plan of non-retention."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month"))
    kept_target = models.PositiveIntegerField(_("subscribers to keep"))
    budget = models.DecimalField(_("measures budget, RUB"), **MONEY)
    non_retention_plan = models.PositiveIntegerField(
        _("plan of non-retention"), default=0, help_text=_("Disconnections the month may have (unmanaged background)")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("retention plan")
        verbose_name_plural = _("retention plans")

    def __str__(self) -> str:
        return self.month.strftime("%m.%Y")

    def get_absolute_url(self) -> str:
        return reverse("retention:retentionplan_detail", args=[self.pk])

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)


class BonusScheme(models.Model):
    """The bonus formula of a role (section 6):

        bonus = base_bonus × coefficient(plan fulfilment) + per_kept_above_plan × max(0, kept − target)

    The coefficient comes from `bands`: a list of [lower bound in percent, coefficient] pairs, the highest
    bound not above the fulfilment wins (e.g. [[0, 0], [80, 0.8], [100, 1.0], [120, 1.2]]).
    """

    role = models.CharField(_("role"), max_length=32, choices=RoleChoice.choices)
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(
        _("plan fulfilment of"),
        max_length=16,
        choices=BonusBasis.choices,
        default=BonusBasis.PERSONAL,
        help_text=_("Personal: the employee's kept subscribers against their share of the plan; team: the service's"),
    )
    base_bonus = models.DecimalField(_("base bonus, RUB"), **MONEY)
    bands = models.JSONField(
        _("fulfilment bands"),
        default=list,
        help_text=_("Pairs [from percent, coefficient], e.g. [[0, 0], [80, 0.8], [100, 1.0], [120, 1.2]]"),
    )
    per_kept_above_plan = models.DecimalField(_("per kept subscriber above plan, RUB"), **MONEY)
    personal_target = models.PositiveIntegerField(
        _("personal target"),
        null=True,
        blank=True,
        help_text=_("Kept subscribers a month expected of one employee; empty: the plan shared among the role"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("bonus scheme")
        verbose_name_plural = _("bonus schemes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("retention:bonusscheme_detail", args=[self.pk])

    def coefficient(self, fulfilment_percent: Decimal) -> Decimal:
        """The band coefficient for a plan fulfilment in percent; below the first band, zero."""
        result = Decimal(0)
        for lower, coefficient in sorted(self.bands, key=lambda band: Decimal(str(band[0]))):
            if fulfilment_percent >= Decimal(str(lower)):
                result = Decimal(str(coefficient))
        return result

    def clean(self):
        try:
            for band in self.bands:
                lower, coefficient = band
                Decimal(str(lower))
                Decimal(str(coefficient))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ValidationError({"bands": _("Bands are pairs [from percent, coefficient].")}) from exc
