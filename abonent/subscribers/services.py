"""Subscriber-base logic shared by views, API, imports and reports."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .choices import SubscriberKind
from .models import Subscriber

PHONE_DIGITS = re.compile(r"\D+")


def normalise_phone(raw: str) -> str | None:
    """A phone as 11 digits starting with 7 (Russia/Kazakhstan), or None when it is not a phone number.

    8XXXXXXXXXX and bare 10-digit numbers are the same subscriber's number written differently.
    """
    digits = PHONE_DIGITS.sub("", raw or "")
    if len(digits) == 10:
        digits = "7" + digits
    elif len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if len(digits) != 11 or digits[0] != "7":
        return None
    return digits


def format_phone(number: str) -> str:
    if len(number) == 11:
        return f"+{number[0]} ({number[1:4]}) {number[4:7]}-{number[7:9]}-{number[9:]}"
    return number


# Personal data (docs/roles.md): a phone number is shown in full only to a user with this permission; everyone else,
# and every place that has no user (a record's name in a drop-down or a title), gets it masked.
PHONE_PERMISSION = "subscribers.view_phone"
# A phone-like run in free text: ten or more digits with the separators people type between them.
PHONE_IN_TEXT = re.compile(r"\+?\d[\d \-()\u00a0]{8,}\d")


def may_see_phones(user) -> bool:
    return user is not None and user.has_perm(PHONE_PERMISSION)


def mask_phone(number: str) -> str:
    """+7 (912) ***-**-67: enough to confirm a number with the caller, not enough to call it.

    An internal extension or a short service number (under 7 digits) is nobody's own and stays as it is.
    """
    digits = PHONE_DIGITS.sub("", number or "")
    if len(digits) == 11:
        return f"+{digits[0]} ({digits[1:4]}) ***-**-{digits[9:]}"
    if len(digits) < 7:
        return number
    return f"***-**-{digits[-2:]}"


def show_phone(user, number: str, *, stored: bool = False) -> str:
    """A phone as this user may see it, wherever it is shown: page, table, export, API, title, drop-down.

    In full for a user with `subscribers.view_phone` (formatted, or as stored with `stored=True`: the API and files
    for other software), masked for anyone else; `user=None` means nobody in particular, so masked.
    """
    if not number:
        return ""
    if may_see_phones(user):
        return number if stored else format_phone(number)
    return mask_phone(number)


def show_phones(user, phones: str, *, stored: bool = False) -> list[str]:
    """A subscriber's comma-separated phones, each through show_phone()."""
    return [show_phone(user, n, stored=stored) for n in (phones or "").split(",") if n]


def mask_phones_in_text(user, text):
    """Free text that may hold a phone (an import error echoing the bad row) with each phone-like run of ten or more
    digits masked, unless the user may see phones; anything that is not a string comes back as it is."""
    if not isinstance(text, str) or may_see_phones(user):
        return text

    def mask(match: re.Match) -> str:
        digits = PHONE_DIGITS.sub("", match.group())
        if len(digits) < 10:
            return match.group()
        return mask_phone(normalise_phone(digits) or digits)

    return PHONE_IN_TEXT.sub(mask, text)


def data_as_of(as_of: dt.date | None = None) -> dt.date:
    """The date reports run to: `as_of` when given, else the date of the latest imported data — the last day on
    which the subscriber base records a connection or a disconnection (not after today) — else today on an empty
    base. Not the wall clock: between two imports a subscriber still connected must not gain the days since the
    last one."""
    if as_of is not None:
        return as_of
    today = timezone.localdate()
    latest = Subscriber.objects.aggregate(
        connected=Max("connected_on", filter=Q(connected_on__lte=today)),
        disconnected=Max("disconnected_on", filter=Q(disconnected_on__lte=today)),
    )
    days = [day for day in latest.values() if day is not None]
    return max(days) if days else today


def refresh_derived(subscriber_ids: list[int] | None = None) -> None:
    """Recompute each subscriber's current tariff, service type and ARPU from services and charges.

    ARPU is the mean charge of the last 3 charged months; with no charges, the fee of the current tariff.
    The service type comes from the services still on (the open ones; with none open, those that ended at the
    disconnection or, failing that, on the last end date): `bundle` when they span internet and TV. One
    set-based UPDATE per derived field that only writes rows whose value changes, so a refresh after an import
    that changed nothing writes nothing, and a full pass over a million accounts takes seconds.
    `subscriber_ids` limits it to those.
    """
    if subscriber_ids is not None and not subscriber_ids:
        return
    if connection.vendor == "postgresql":
        _refresh_postgres(None if subscriber_ids is None else list(subscriber_ids))
        return
    if subscriber_ids is None:
        _refresh_portable("", [])
        return
    ids = list(subscriber_ids)
    # SQLite caps the number of query parameters; a few thousand ids a pass stays well under it.
    for start in range(0, len(ids), 5000):
        batch = ids[start : start + 5000]
        _refresh_portable(f" AND s.id IN ({','.join(['%s'] * len(batch))})", batch)


# The services that make up a subscriber's current service type: the open ones; with none open, those that ended
# on or after the disconnection date, or on the last end date when they all ended before it.
SERVICE_TYPE = """
    CASE WHEN COUNT(DISTINCT t.service_type) > 1 OR MAX(t.service_type) = 'bundle' THEN 'bundle'
         ELSE MAX(t.service_type) END
"""


def _refresh_postgres(ids: list[int] | None) -> None:
    only = "" if ids is None else " AND {col} = ANY(%s)"
    params = [] if ids is None else [ids]
    with connection.cursor() as cur:
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET tariff_id = x.tariff_id
            FROM (SELECT DISTINCT ON (sv.subscriber_id) sv.subscriber_id, sv.tariff_id
                  FROM subscribers_service sv WHERE true{only.format(col="sv.subscriber_id")}
                  ORDER BY sv.subscriber_id, (sv.ended_on IS NULL) DESC, sv.started_on DESC, sv.id DESC) x
            WHERE s.id = x.subscriber_id AND s.tariff_id IS DISTINCT FROM x.tariff_id
            """,
            params,
        )
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET service_type = x.service_type
            FROM (
                SELECT sv.subscriber_id, {SERVICE_TYPE} AS service_type
                FROM subscribers_service sv
                JOIN subscribers_tariff t ON t.id = sv.tariff_id
                JOIN subscribers_subscriber s2 ON s2.id = sv.subscriber_id
                JOIN (SELECT subscriber_id, MAX(ended_on) AS last_end, COUNT(*) - COUNT(ended_on) AS open
                      FROM subscribers_service WHERE true{only.format(col="subscriber_id")}
                      GROUP BY subscriber_id) m
                  ON m.subscriber_id = sv.subscriber_id
                WHERE (sv.ended_on IS NULL OR (m.open = 0 AND
                       sv.ended_on >= LEAST(COALESCE(s2.disconnected_on, m.last_end), m.last_end)))
                  {only.format(col="sv.subscriber_id")}
                GROUP BY sv.subscriber_id
            ) x
            WHERE s.id = x.subscriber_id AND s.service_type IS DISTINCT FROM x.service_type
            """,
            params * 2,
        )
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET arpu = x.arpu
            FROM (
                SELECT s2.id, COALESCE(ROUND(c.arpu, 2), t.monthly_fee, 0) AS arpu
                FROM subscribers_subscriber s2
                LEFT JOIN subscribers_tariff t ON t.id = s2.tariff_id
                LEFT JOIN LATERAL (
                    SELECT AVG(c1.charged) AS arpu FROM (
                        SELECT c0.charged FROM subscribers_monthlycharge c0 WHERE c0.subscriber_id = s2.id
                        ORDER BY c0.month DESC LIMIT 3) c1
                ) c ON true
                WHERE true{only.format(col="s2.id")}
            ) x
            WHERE s.id = x.id AND s.arpu IS DISTINCT FROM x.arpu
            """,
            params,
        )


def _refresh_portable(where: str, params: list) -> None:
    """The same refresh in SQL that SQLite runs: correlated subqueries, writing only the rows that change."""
    with connection.cursor() as cur:
        # The latest service per subscriber (open ones first) gives the current tariff.
        latest_tariff = """(SELECT sv.tariff_id FROM subscribers_service sv WHERE sv.subscriber_id = s.id
                ORDER BY (sv.ended_on IS NULL) DESC, sv.started_on DESC, sv.id DESC LIMIT 1)"""
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET tariff_id = {latest_tariff}
            WHERE EXISTS (SELECT 1 FROM subscribers_service sv WHERE sv.subscriber_id = s.id)
              AND s.tariff_id IS NOT {latest_tariff}{where}
            """,
            params,
        )
        service_type = f"""(
                SELECT {SERVICE_TYPE}
                FROM subscribers_service sv JOIN subscribers_tariff t ON t.id = sv.tariff_id
                WHERE sv.subscriber_id = s.id AND (sv.ended_on IS NULL OR (
                    NOT EXISTS (SELECT 1 FROM subscribers_service sv2
                                WHERE sv2.subscriber_id = s.id AND sv2.ended_on IS NULL)
                    AND sv.ended_on >= MIN(
                        COALESCE(s.disconnected_on, (SELECT MAX(sv2.ended_on) FROM subscribers_service sv2
                                                    WHERE sv2.subscriber_id = s.id)),
                        (SELECT MAX(sv2.ended_on) FROM subscribers_service sv2 WHERE sv2.subscriber_id = s.id)))))"""
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET service_type = {service_type}
            WHERE EXISTS (SELECT 1 FROM subscribers_service sv WHERE sv.subscriber_id = s.id)
              AND {service_type} IS NOT NULL AND s.service_type IS NOT {service_type}{where}
            """,
            params,
        )
        arpu = """COALESCE(ROUND((
                SELECT AVG(c.charged) FROM (
                    SELECT c1.charged FROM subscribers_monthlycharge c1 WHERE c1.subscriber_id = s.id
                    ORDER BY c1.month DESC LIMIT 3) c), 2),
                (SELECT t.monthly_fee FROM subscribers_tariff t WHERE t.id = s.tariff_id), 0)"""
        cur.execute(
            f"UPDATE subscribers_subscriber AS s SET arpu = {arpu} WHERE s.arpu IS NOT {arpu}{where}",
            params,
        )


# Tariff changes (issue 12): a tariff is offered only to subscribers of its kind, and a large fee change is confirmed.


class FeeChangeUnconfirmed(ValidationError):
    """A tariff change moves the fee by more than the set share and was not confirmed."""


def refuse_other_kind(subscriber: Subscriber, tariff, *, field: str = "tariff") -> None:
    """A residential subscriber is never moved to a business tariff, nor a business one to a residential tariff."""
    if tariff is not None and tariff.kind != subscriber.kind:
        raise ValidationError(
            {
                field: _("The tariff «%(tariff)s» is for «%(kind)s» subscribers; %(account)s is «%(own)s».")
                % {
                    "tariff": tariff.name,
                    "kind": SubscriberKind(tariff.kind).label,
                    "account": subscriber.external_id,
                    "own": SubscriberKind(subscriber.kind).label,
                }
            }
        )


def fee_change(subscriber: Subscriber, tariff) -> tuple[Decimal, Decimal, Decimal] | None:
    """(current fee, new fee, change as a signed share of the current fee), or None when there is no current fee.

    The current fee is the subscriber's current tariff's; without one (or at 0 ₽) no share can be told."""
    current = subscriber.tariff.monthly_fee if subscriber.tariff_id else None
    if not current:
        return None
    return current, tariff.monthly_fee, (tariff.monthly_fee - current) / current


def check_tariff_for(subscriber: Subscriber, tariff, *, confirm_fee_change: bool = False, field: str = "tariff"):
    """Refuse moving `subscriber` to `tariff` when the tariff is for the other kind (residential/business), or when
    the monthly fee changes by more than settings.RETENTION_TARIFF_FEE_WARN_SHARE of the current fee and the user
    has not confirmed it (FeeChangeUnconfirmed, whose message says by how much)."""
    if tariff is None:
        return
    refuse_other_kind(subscriber, tariff, field=field)
    limit = Decimal(str(settings.RETENTION_TARIFF_FEE_WARN_SHARE))
    change = fee_change(subscriber, tariff)
    if change is None or abs(change[2]) <= limit or confirm_fee_change:
        return
    current, new, share = change
    raise FeeChangeUnconfirmed(
        {
            "confirm_fee_change": _(
                "The monthly fee changes from %(current)s ₽ to %(new)s ₽ (%(share)s %%), more than %(limit)s %%: "
                "confirm the fee change to go on."
            )
            % {
                "current": _money(current),
                "new": _money(new),
                "share": ("+" if share > 0 else "") + str((share * 100).quantize(Decimal(1), ROUND_HALF_UP)),
                "limit": formats.number_format(limit * 100, 0, use_l10n=True),
            }
        }
    )


def _money(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
