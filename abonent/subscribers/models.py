"""The subscriber base as the billing system exports it.

Subscribers and tariffs are master data (upserted on their external id). Services, payments, monthly charges and
usage are heavy history tables: append/upsert only, no row-level audit history; each row carries the import run
that brought it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import SubscriberKind, SubscriberStatus, UsagePeriod
from .service_kinds import ServiceTypeField, is_used, normalise_word, other_words


def fact_import_run() -> models.ForeignKey:
    """The import run that brought a row of a large fact table (payments, charges, usage).

    No index and no database constraint: these tables take tens of millions of rows in one import, every row of
    which carries the same run, and the run is only ever followed from the row. Django still applies SET_NULL.
    """
    return models.ForeignKey(
        "imports.ImportRun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


class ServiceKind(models.Model):
    """A service type the operator sells (internet, cable TV, …): the register behind every `service_type` field.

    Those fields store the `code`; a kind in use is archived, never deleted, so stored rows keep their name.
    The import accepts the code, either name and the aliases.
    """

    code = models.SlugField(
        _("code"), max_length=16, unique=True, help_text=_("Stored in tariffs and subscribers; cannot change once used")
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    aliases = models.CharField(
        _("aliases"),
        max_length=500,
        blank=True,
        help_text=_("Other words the import accepts for this type, separated by commas, e.g. интернет, инет"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Not offered for new tariffs; stored rows keep it")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subscribers:servicekind_detail", args=[self.pk])

    @property
    def name(self) -> str:
        """The English name when the active language is English and there is one; the Russian name otherwise."""
        if (translation.get_language() or "ru").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ru

    @property
    def alias_list(self) -> list[str]:
        return [word.strip() for word in self.aliases.split(",") if word.strip()]

    @property
    def words(self) -> list[str]:
        """Every word that names this kind in an import file: the code, both names and the aliases."""
        return [self.code, *other_words(self.code, (self.name_ru, self.name_en, *self.alias_list))]

    def clean(self):
        # An import value must name one kind: a word of this kind may not already name another one.
        if self.pk:
            stored = ServiceKind.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if stored and stored != self.code and is_used(stored):
                raise ValidationError({"code": _("Stored rows hold this code; it cannot change.")})
        taken = {}
        for other in ServiceKind.objects.exclude(pk=self.pk):
            for word in other.words:
                taken[normalise_word(word)] = other
        for field, words in (
            ("code", [self.code]),
            ("name_ru", [self.name_ru]),
            ("name_en", [self.name_en]),
            ("aliases", self.alias_list),
        ):
            for word in words:
                other = taken.get(normalise_word(word)) if word else None
                if other is not None:
                    message = _("«%(word)s» already names the service type «%(other)s».")
                    raise ValidationError({field: message % {"word": word, "other": other}})


class Tariff(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    service_type = ServiceTypeField(_("service type"))
    kind = models.CharField(
        _("for subscribers"),
        max_length=16,
        choices=SubscriberKind.choices,
        default=SubscriberKind.RESIDENTIAL,
        help_text=_("Residential or business: a tariff is offered only to subscribers of its kind"),
    )
    monthly_fee = models.DecimalField(_("monthly fee"), max_digits=12, decimal_places=2)
    # Decimal: billing exports write speeds as 20.0, and slow links have fractions (0.5 Mbit/s).
    speed_mbps = models.DecimalField(
        _("speed, Mbit/s"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Up to 2 decimals, e.g. 100 or 0.5"),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    import_run = models.ForeignKey("imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["code"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [models.CheckConstraint(condition=models.Q(monthly_fee__gte=0), name="tariff_fee_not_negative")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("subscribers:tariff_detail", args=[self.pk])


class Subscriber(models.Model):
    """An account (лицевой счёт) in the operator's billing; `external_id` is the account number."""

    external_id = models.CharField(_("account number"), max_length=64, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubscriberKind.choices, default=SubscriberKind.RESIDENTIAL
    )
    name = models.CharField(_("name"), max_length=255)
    phones = models.CharField(
        _("phones"), max_length=255, blank=True, help_text=_("Normalised numbers (7XXXXXXXXXX), comma-separated")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    building = models.CharField(_("building"), max_length=32, blank=True)
    flat = models.CharField(_("flat"), max_length=32, blank=True)
    connected_on = models.DateField(_("connected on"))
    status = models.CharField(_("status"), max_length=16, choices=SubscriberStatus.choices, default="active")
    disconnected_on = models.DateField(_("disconnected on"), null=True, blank=True)
    churn_reason = models.ForeignKey(
        "churn.ChurnReason",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subscribers",
        verbose_name=_("churn reason"),
    )
    # Derived from services and charges (subscribers.services.refresh_derived) so that diagnostics and
    # segment filters over a million accounts need no joins.
    service_type = ServiceTypeField(_("service type"), blank=True)
    tariff = models.ForeignKey(
        Tariff, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("current tariff")
    )
    arpu = models.DecimalField(
        _("ARPU"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("Mean monthly charge over the last 3 charged months; the tariff fee when nothing was charged"),
    )
    import_run = models.ForeignKey("imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["external_id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [
            models.Index(fields=["disconnected_on"], name="subscriber_disconnected_idx"),
            models.Index(fields=["connected_on"], name="subscriber_connected_idx"),
            models.Index(fields=["status"], name="subscriber_status_idx"),
        ]
        permissions = [("view_phone", _("Can see subscribers' phone numbers unmasked"))]

    def __str__(self) -> str:
        return f"{self.external_id} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("subscribers:subscriber_detail", args=[self.pk])

    @property
    def address(self) -> str:
        parts = [self.city, self.district, self.street, self.building and f"д. {self.building}"]
        if self.flat:
            parts.append(f"кв. {self.flat}")
        return ", ".join(p for p in parts if p)

    def clean(self):
        if self.status == SubscriberStatus.DISCONNECTED and not self.disconnected_on:
            raise ValidationError({"disconnected_on": _("A disconnected subscriber needs the disconnection date.")})
        if self.disconnected_on and self.disconnected_on < self.connected_on:
            raise ValidationError({"disconnected_on": _("Disconnected before connected.")})


class Service(models.Model):
    subscriber = models.ForeignKey(Subscriber, models.CASCADE, related_name="services", verbose_name=_("subscriber"))
    tariff = models.ForeignKey(Tariff, models.PROTECT, related_name="services", verbose_name=_("tariff"))
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    import_run = models.ForeignKey("imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["subscriber", "started_on"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "tariff", "started_on"], name="service_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.tariff_id} from {self.started_on}"


class Payment(models.Model):
    """A payment; `external_id` is the billing's payment id, or a digest of account, time, amount and channel."""

    external_id = models.CharField(_("payment id"), max_length=64)
    # Indexed by payment_subscriber_idx (subscriber, paid_at); a second index would only slow bulk imports.
    subscriber = models.ForeignKey(
        Subscriber, models.CASCADE, related_name="payments", verbose_name=_("subscriber"), db_index=False
    )
    paid_at = models.DateTimeField(_("paid at"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    channel = models.CharField(_("channel"), max_length=32, blank=True)
    import_run = fact_import_run()

    class Meta:
        ordering = ["-paid_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["subscriber", "paid_at"], name="payment_subscriber_idx")]
        # A constraint rather than unique=True: on PostgreSQL that would add a second, LIKE-pattern index.
        constraints = [models.UniqueConstraint(fields=["external_id"], name="payment_unique_external_id")]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.paid_at:%Y-%m-%d} {self.amount}"


class MonthlyCharge(models.Model):
    # Indexed by charge_unique_month (subscriber, month).
    subscriber = models.ForeignKey(
        Subscriber, models.CASCADE, related_name="charges", verbose_name=_("subscriber"), db_index=False
    )
    month = models.DateField(_("month"), help_text=_("First day of the month"))
    charged = models.DecimalField(_("charged"), max_digits=12, decimal_places=2)
    balance = models.DecimalField(_("balance at month end"), max_digits=12, decimal_places=2)
    import_run = fact_import_run()

    class Meta:
        ordering = ["subscriber", "month"]
        verbose_name = _("monthly charge")
        verbose_name_plural = _("monthly charges")
        constraints = [models.UniqueConstraint(fields=["subscriber", "month"], name="charge_unique_month")]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.month:%Y-%m}: {self.charged}"


class Usage(models.Model):
    # Indexed by usage_unique_period (subscriber, period, date).
    subscriber = models.ForeignKey(
        Subscriber, models.CASCADE, related_name="usage", verbose_name=_("subscriber"), db_index=False
    )
    period = models.CharField(_("period"), max_length=8, choices=UsagePeriod.choices)
    date = models.DateField(_("date"), help_text=_("The day, or the first day of the month"))
    bytes = models.BigIntegerField(_("bytes"))
    import_run = fact_import_run()

    class Meta:
        ordering = ["subscriber", "date"]
        verbose_name = _("usage")
        verbose_name_plural = _("usage")
        constraints = [models.UniqueConstraint(fields=["subscriber", "period", "date"], name="usage_unique_period")]

    def __str__(self) -> str:
        return f"{self.subscriber_id} {self.date}: {self.bytes}"


class SavedSegment(models.Model):
    """`definition` holds the segment's conditions (see subscribers.segments.SEGMENT_KEYS)."""

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
        # The table keeps the name it had when segments belonged to analytics (moved without moving data).
        db_table = "analytics_savedsegment"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subscribers:savedsegment_detail", args=[self.pk])
