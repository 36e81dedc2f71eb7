"""The file formats of billing exports, one declarative spec per kind.

The same spec drives header matching and validation (validation.py), the documentation (docs/imports/*.md is
generated from `markdown()` and a test keeps it in step), the "formats" page and the downloadable templates.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from abonent.core.export import build_workbook
from abonent.subscribers.service_kinds import accepted_service_types, shipped_kinds

# Column types: what a cell must hold.
TEXT = "text"
CHOICE = "choice"
DATE = "date"
MONTH = "month"
DATETIME = "datetime"
DECIMAL = "decimal"
INTEGER = "integer"
PHONES = "phones"

TYPE_LABELS = {
    TEXT: _("text"),
    CHOICE: _("one of the values"),
    DATE: _("date DD.MM.YYYY or YYYY-MM-DD"),
    MONTH: _("month MM.YYYY, YYYY-MM or a date in the month"),
    DATETIME: _("date and time DD.MM.YYYY HH:MM[:SS] or YYYY-MM-DD HH:MM[:SS]"),
    DECIMAL: _("number, comma or dot, up to 2 decimals"),
    INTEGER: _("whole number"),
    PHONES: _("phone numbers separated by , or ;"),
}


# Plausible dates (docs/imports/README.md): contracts go back to the first cable networks, events (payments, calls,
# tickets, traffic) to 2000; how far ahead a value may be is per column, in days after today.
CONTRACTS_FROM = date(1980, 1, 1)
# Subscriber kinds as files write them (subscribers' `kind`, and tariffs' `kind`: who a tariff is for).
SUBSCRIBER_KINDS = {
    "residential": ("физлицо", "физическое лицо", "физ", "фл", "b2c", "частное лицо", "физлица", "физические лица"),
    "business": ("юрлицо", "юридическое лицо", "юр", "юл", "b2b", "ип", "организация", "юрлица", "юридические лица"),
}
EVENTS_FROM = date(2000, 1, 1)


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `required` means the column must be in the header and every row must have a value. `lookup` names what the
    value must already exist as in the database: "subscriber" (an account number), "tariff" (a tariff code) or
    "churn_reason" (a churn reason code).

    `choices` maps each value to the other words accepted for it; a callable reads them at each import (a register
    the head edits: `register` names its page in docs/registers/, `shipped` gives what a fresh install has).
    """

    name: str
    type: str
    description: str
    examples: tuple[str, str]
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] | Callable[[], dict[str, tuple[str, ...]]] = field(default_factory=dict)
    register: str = ""
    shipped: Callable[[], dict[str, tuple[str, ...]]] | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    lookup: str | None = None
    default: str | None = None
    earliest: date | None = None  # dates and times: the first plausible day
    ahead: int | None = None  # … and how many days after today a value may be

    @property
    def plausible(self) -> str:
        """The plausible range of a date column, as the documentation states it."""
        if self.earliest is None:
            return ""
        if not self.ahead:
            return f"from {self.earliest:%d.%m.%Y}, not in the future"
        if self.ahead == 1:
            return f"from {self.earliest:%d.%m.%Y} up to tomorrow"
        return f"from {self.earliest:%d.%m.%Y} up to {self.ahead} days ahead"

    @property
    def accepted(self) -> dict[str, tuple[str, ...]]:
        """The values of a choice column, each with the other words accepted for it, as they are now."""
        return self.choices() if callable(self.choices) else self.choices

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Format:
    """The file format of one import kind: its columns, the key it is upserted on, and its rules."""

    kind: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rules: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def normalise_header(text: str) -> str:
    """A header as compared: lower case, ё as е, no decoration, one space between words."""
    text = (text or "").strip().lower().replace("ё", "е").replace("\ufeff", "")
    text = re.sub(r"[_\-]+", " ", text)
    text = re.sub(r"[\s*:]+$", "", text)
    text = re.sub(r"^[\s*]+", "", text)
    return re.sub(r"\s+", " ", text)


def normalise_value(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower().replace("ё", "е"))


ACCOUNT_ALIASES = (
    "лицевой счёт",
    "лицевой счет",
    "л/с",
    "лс",
    "номер лицевого счёта",
    "номер договора",
    "договор",
    "account number",
    "external id",
)


def account_column(examples: tuple[str, str] = ("100001", "100002")) -> "Column":
    """The account column of every kind that refers to an imported subscriber."""
    return Column(
        "account",
        TEXT,
        _("Account number of an imported subscriber."),
        examples,
        required=True,
        aliases=ACCOUNT_ALIASES,
        lookup="subscriber",
        max_length=64,
    )


SUBSCRIBERS = Format(
    kind="subscribers",
    title=_("Subscribers"),
    description=_("The subscriber base: one row per account (лицевой счёт). Upserted on the account number."),
    key=("account",),
    columns=(
        Column(
            "account",
            TEXT,
            _("Account number in the billing; the subscriber's external id."),
            ("100001", "100002"),
            required=True,
            aliases=ACCOUNT_ALIASES,
            max_length=64,
        ),
        Column(
            "kind",
            CHOICE,
            _("Residential (физлицо) or business (юрлицо)."),
            ("residential", "business"),
            aliases=("тип абонента", "тип", "категория"),
            default="residential",
            choices=SUBSCRIBER_KINDS,
        ),
        Column(
            "name",
            TEXT,
            _("Full name or organisation name."),
            ("Иванов Иван Иванович", "ООО «Ромашка»"),
            required=True,
            aliases=("фио", "наименование", "абонент", "имя", "название"),
            max_length=255,
        ),
        Column(
            "phones",
            PHONES,
            _("Phone numbers; stored as 7XXXXXXXXXX."),
            ("+7 912 345-67-89", "8 (343) 123-45-67; 79001234567"),
            aliases=("телефон", "телефоны", "phone"),
        ),
        Column(
            "city",
            TEXT,
            _("City or settlement."),
            ("Екатеринбург", "Екатеринбург"),
            aliases=("город", "населенный пункт"),
            max_length=100,
        ),
        Column("district", TEXT, _("District."), ("Ленинский", "Кировский"), aliases=("район",), max_length=100),
        Column("street", TEXT, _("Street."), ("ул. Ленина", "ул. Мира"), aliases=("улица",), max_length=200),
        Column("building", TEXT, _("Building number."), ("10", "5к2"), aliases=("дом", "здание"), max_length=32),
        Column("flat", TEXT, _("Flat or office."), ("25", "3"), aliases=("квартира", "кв", "офис"), max_length=32),
        Column(
            "connected_on",
            DATE,
            _("Date the account was connected."),
            ("15.03.2019", "2018-02-01"),
            required=True,
            aliases=("дата подключения", "подключен", "дата договора"),
            earliest=CONTRACTS_FROM,
            ahead=31,
        ),
        Column(
            "status",
            CHOICE,
            _("Account status."),
            ("active", "disconnected"),
            aliases=("статус", "состояние"),
            default="active",
            choices={
                "active": ("активен", "активный", "подключен", "работает"),
                "suspended": ("приостановлен", "добровольная блокировка", "пауза"),
                "blocked": ("заблокирован", "блокировка", "блокировка за долг"),
                "disconnected": ("отключен", "расторгнут", "закрыт"),
            },
        ),
        Column(
            "disconnected_on",
            DATE,
            _("Date of disconnection; required when the status is disconnected."),
            ("", "31.01.2024"),
            aliases=("дата отключения", "отключен", "дата расторжения"),
            earliest=CONTRACTS_FROM,
            ahead=31,
        ),
        Column(
            "churn_reason",
            TEXT,
            _("Churn reason code from the classifier, for disconnected accounts."),
            ("", "competitor"),
            aliases=("причина отключения", "причина оттока", "код причины", "причина"),
            lookup="churn_reason",
            max_length=64,
        ),
    ),
    rules=(
        _("A row with status `disconnected` needs `disconnected_on`."),
        _("`disconnected_on` may not be before `connected_on`."),
        _("`churn_reason` must be a code of a churn reason (Churn reasons page), e.g. `competitor`, `price`."),
        _("Columns left out of the file are left unchanged on existing subscribers (new ones get the default)."),
        _("The current tariff, service type and ARPU are not imported: they are computed from services and charges."),
    ),
)

TARIFFS = Format(
    kind="tariffs",
    title=_("Tariffs"),
    description=_("Tariff plans. Upserted on the tariff code."),
    key=("code",),
    columns=(
        Column(
            "code",
            TEXT,
            _("Tariff code in the billing."),
            ("INT-100", "TV-BASE"),
            required=True,
            aliases=("код", "код тарифа", "tariff code"),
            max_length=64,
        ),
        Column(
            "name",
            TEXT,
            _("Tariff name."),
            ("Домашний 100", "Базовый КТВ"),
            required=True,
            aliases=("название", "наименование", "название тарифа"),
            max_length=200,
        ),
        Column(
            "service_type",
            CHOICE,
            _("Service the tariff is for."),
            ("internet", "catv"),
            required=True,
            aliases=("тип услуги", "услуга", "вид услуги"),
            # The service types register: a type the head adds is accepted by the next import.
            choices=accepted_service_types,
            register="service-kinds",
            shipped=lambda: {kind.code: kind.words for kind in shipped_kinds()},
        ),
        Column(
            "kind",
            CHOICE,
            _("Who the tariff is for: residential (физлица) or business (юрлица); offered only to that kind."),
            ("residential", "business"),
            aliases=("для кого", "тип абонента", "категория", "категория абонентов"),
            default="residential",
            choices=SUBSCRIBER_KINDS,
        ),
        Column(
            "monthly_fee",
            DECIMAL,
            _("Monthly fee, roubles; not negative."),
            ("550.00", "250,00"),
            required=True,
            aliases=("абонентская плата", "абонплата", "стоимость", "цена"),
            min_value=0,
        ),
        Column(
            "speed_mbps",
            DECIMAL,
            _("Speed, Mbit/s (internet tariffs); up to 2 decimals, e.g. 20.0 or 0,5."),
            ("100", "20.0"),
            aliases=("скорость", "скорость мбит/с", "скорость, мбит/с", "speed"),
            min_value=0,
        ),
    ),
)

SERVICES = Format(
    kind="services",
    title=_("Services"),
    description=_("Which tariff each account had and when. Upserted on account + tariff + start date."),
    key=("account", "tariff", "started_on"),
    columns=(
        account_column(("100001", "100002")),
        Column(
            "tariff",
            TEXT,
            _("Code of an imported tariff."),
            ("INT-100", "TV-BASE"),
            required=True,
            aliases=("тариф", "код тарифа", "тарифный план"),
            lookup="tariff",
            max_length=64,
        ),
        Column(
            "started_on",
            DATE,
            _("Date the service started."),
            ("15.03.2019", "2018-02-01"),
            required=True,
            aliases=("дата начала", "начало", "дата подключения услуги"),
            earliest=CONTRACTS_FROM,
            ahead=31,
        ),
        Column(
            "ended_on",
            DATE,
            _("Date the service ended; empty while it is on."),
            ("", "31.01.2024"),
            aliases=("дата окончания", "окончание", "дата отключения услуги"),
            earliest=CONTRACTS_FROM,
            ahead=5 * 365,
        ),
    ),
    rules=(_("`ended_on` may not be before `started_on`."),),
)

PAYMENTS = Format(
    kind="payments",
    title=_("Payments"),
    description=_("Payments received. Upserted on the payment id; see the key rule below."),
    key=("payment_id",),
    columns=(
        Column(
            "payment_id",
            TEXT,
            _("Payment id in the billing (optional)."),
            ("PAY-000001", ""),
            aliases=("номер платежа", "id платежа", "идентификатор платежа", "payment id"),
            max_length=64,
        ),
        account_column(("100001", "100002")),
        Column(
            "paid_at",
            DATETIME,
            _("Date and time of the payment, local time."),
            ("05.01.2024 10:15", "2024-01-10 18:40:00"),
            required=True,
            aliases=("дата платежа", "дата и время", "время платежа", "дата оплаты", "дата"),
            earliest=EVENTS_FROM,
            ahead=0,  # issue 12: a payment has happened, so not after today (the operator's local day)
        ),
        Column(
            "amount",
            DECIMAL,
            _("Amount, roubles; not negative."),
            ("550.00", "250,00"),
            required=True,
            aliases=("сумма", "сумма платежа"),
            min_value=0,
        ),
        Column(
            "channel",
            TEXT,
            _("Payment channel."),
            ("Сбербанк Онлайн", "касса"),
            aliases=("канал", "способ оплаты", "платежная система", "источник"),
            max_length=32,
        ),
    ),
    rules=(
        _(
            "The key is `payment_id`. A row without one gets the key `md5(account|paid_at|amount|channel)` (paid_at "
            "in UTC as YYYY-MM-DDTHH:MM:SSZ, amount with 2 decimals), so re-importing the same file adds nothing; "
            "two identical payments of one account in the same second are then a duplicate key."
        ),
        _(
            "`paid_at` is read in the server time zone (TIME_ZONE) unless it carries an offset "
            "(2024-01-10T18:40:00+05:00); seconds are kept, fractions of a second dropped."
        ),
    ),
)

CHARGES = Format(
    kind="charges",
    title=_("Monthly charges and balances"),
    description=_(
        "What each account was charged in a month and its balance at the month end. Upserted on account + month."
    ),
    key=("account", "month"),
    columns=(
        account_column(("100001", "100002")),
        Column(
            "month",
            MONTH,
            _("The month; a full date is read as its month."),
            ("01.2024", "2024-01"),
            required=True,
            aliases=("месяц", "период", "отчетный месяц"),
            earliest=EVENTS_FROM,
            ahead=0,  # issue 12: a month of charges is not later than the current month
        ),
        Column(
            "charged",
            DECIMAL,
            _("Charged in the month, roubles; not negative."),
            ("550.00", "250,00"),
            required=True,
            aliases=("начислено", "начисление", "сумма начисления"),
            min_value=0,
        ),
        Column(
            "balance",
            DECIMAL,
            _("Balance at the month end, roubles; negative is a debt."),
            ("120.50", "-250,00"),
            required=True,
            aliases=("баланс", "сальдо", "остаток", "баланс на конец месяца", "сальдо на конец месяца"),
        ),
    ),
)

USAGE = Format(
    kind="usage",
    title=_("Traffic / usage"),
    description=_("Traffic per account and day or month. Upserted on account + period + date."),
    key=("account", "period", "date"),
    columns=(
        account_column(("100001", "100001")),
        Column(
            "date",
            DATE,
            _("The day (period day) or the month (period month: MM.YYYY, YYYY-MM or any date in it)."),
            ("2024-01-15", "01.2024"),
            required=True,
            aliases=("дата", "день", "месяц"),
            earliest=EVENTS_FROM,
            ahead=0,  # traffic has happened: not after today
        ),
        Column(
            "period",
            CHOICE,
            _("Whether the row is one day or one month."),
            ("day", "month"),
            aliases=("тип периода", "период учета"),
            default="day",
            choices={"day": ("день", "сутки"), "month": ("месяц",)},
        ),
        Column(
            "bytes",
            INTEGER,
            _("Traffic, bytes; not negative."),
            ("1073741824", "32212254720"),
            required=True,
            aliases=("байт", "байты", "трафик", "трафик байт", "объем"),
            min_value=0,
        ),
    ),
    rules=(
        _("For `period` day, `date` must be a full date."),
        _("For `period` month, `date` is stored as the first day of the month."),
    ),
)

FORMATS: dict[str, Format] = {f.kind: f for f in (SUBSCRIBERS, TARIFFS, SERVICES, PAYMENTS, CHARGES, USAGE)}

KIND_LABELS = {
    "subscribers": _("Subscribers"),
    "tariffs": _("Tariffs"),
    "services": _("Services"),
    "payments": _("Payments"),
    "charges": _("Monthly charges and balances"),
    "usage": _("Traffic / usage"),
}


def get_format(kind: str) -> Format:
    try:
        return FORMATS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(FORMATS)}") from None


def example_rows(kind: str) -> list[list[str]]:
    fmt = get_format(kind)
    return [[c.examples[i] for c in fmt.columns] for i in range(2)]


def template_csv(kind: str) -> bytes:
    """A CSV template: UTF-8 with BOM (so Excel opens it as UTF-8), `;`-separated, header and 2 example rows."""
    fmt = get_format(kind)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in fmt.columns])
    writer.writerows(example_rows(kind))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """An XLSX template with the header and 2 example rows; every cell is text so nothing is reformatted."""
    fmt = get_format(kind)
    return build_workbook([(fmt.kind, [c.name for c in fmt.columns], example_rows(kind))])


def markdown(kind: str) -> str:
    """The documentation page of a kind (docs/imports/<kind>.md), in English."""
    with translation.override("en"):
        return _markdown(get_format(kind))


def _markdown(fmt: Format) -> str:
    kind = fmt.kind
    lines = [
        f"# Import format: {fmt.title.lower()} (`{fmt.kind}`)",
        "",
        str(fmt.description),
        "",
        f"Command: `abonent import {fmt.kind} FILE`. Key (upsert): {', '.join(f'`{k}`' for k in fmt.key)}. "
        "General rules (encodings, delimiters, dates, numbers, errors): [README](README.md).",
        "",
        "| column | type | required | accepted values | Russian headers also accepted | description |",
        "|---|---|---|---|---|---|",
    ]
    for c in fmt.columns:
        accepted = ""
        if c.register:
            shipped = "; ".join(f"`{value}` ({', '.join(words)})" for value, words in c.shipped().items())
            accepted = (
                f"the code, a name or an alias of a row of the [register](../registers/{c.register}.md), read at "
                f"each import; shipped: {shipped}"
            )
        elif c.choices:
            accepted = "; ".join(f"`{value}` ({', '.join(aliases)})" for value, aliases in c.choices.items())
            if c.default:
                accepted += f"; empty = `{c.default}`"
        elif c.type == TEXT and c.max_length:
            accepted = f"up to {c.max_length} characters"
        elif c.min_value is not None:
            accepted = f">= {c.min_value}" + (f", <= {c.max_value}" if c.max_value is not None else "")
        elif c.plausible:
            accepted = c.plausible
        if c.lookup:
            accepted = (accepted + "; " if accepted else "") + {
                "subscriber": "an account already imported",
                "tariff": "a tariff code already imported",
                "churn_reason": "a churn reason code",
            }[c.lookup]
        lines.append(
            f"| `{c.name}` | {TYPE_LABELS[c.type]} | {'yes' if c.required else 'no'} | {accepted} | "
            f"{', '.join(c.aliases)} | {c.description} |"
        )
    if fmt.rules:
        lines += ["", "Rules:", ""] + [f"- {rule}" for rule in fmt.rules]
    header = ";".join(c.name for c in fmt.columns)
    rows = [";".join(_csv_cell(v) for v in row) for row in example_rows(kind)]
    lines += ["", "Example (CSV, `;`):", "", "```", header, *rows, "```", ""]
    return "\n".join(lines)


def _csv_cell(value: str) -> str:
    return f'"{value}"' if ";" in value or '"' in value else value
