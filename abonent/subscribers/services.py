"""Subscriber-base logic shared by views, API, imports and reports."""

import re

from django.db import connection

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


def mask_phone(number: str) -> str:
    """+7 (912) ***-**-67: enough to confirm a number with the caller, not enough to call it."""
    if len(number) == 11:
        return f"+{number[0]} ({number[1:4]}) ***-**-{number[9:]}"
    return "***"


def phones_for(user, phones: str) -> list[str]:
    """The subscriber's phones as this user may see them: full with `subscribers.view_phone`, masked otherwise."""
    numbers = [p for p in (phones or "").split(",") if p]
    if user is not None and user.has_perm("subscribers.view_phone"):
        return [format_phone(n) for n in numbers]
    return [mask_phone(n) for n in numbers]


def refresh_derived(subscriber_ids: list[int] | None = None) -> None:
    """Recompute each subscriber's current tariff, service type and ARPU from services and charges.

    ARPU is the mean charge of the last 3 charged months; with no charges, the fee of the current tariffs.
    The service type is `bundle` when a subscriber's latest services span internet and TV. One UPDATE per
    derived field, so it runs in seconds on a million accounts.
    """
    where = ""
    params: list = []
    if subscriber_ids is not None:
        if not subscriber_ids:
            return
        where = f" AND s.id IN ({','.join(['%s'] * len(subscriber_ids))})"
        params = list(subscriber_ids)
    with connection.cursor() as cur:
        # The latest service per subscriber (open ones first) gives the current tariff.
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET tariff_id = (
                SELECT sv.tariff_id FROM subscribers_service sv WHERE sv.subscriber_id = s.id
                ORDER BY (sv.ended_on IS NULL) DESC, sv.started_on DESC, sv.id DESC LIMIT 1)
            WHERE EXISTS (SELECT 1 FROM subscribers_service sv WHERE sv.subscriber_id = s.id){where}
            """,
            params,
        )
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET service_type = (
                SELECT CASE
                    WHEN COUNT(DISTINCT t.service_type) > 1 OR MAX(t.service_type) = 'bundle' THEN 'bundle'
                    ELSE MAX(t.service_type) END
                FROM subscribers_service sv JOIN subscribers_tariff t ON t.id = sv.tariff_id
                WHERE sv.subscriber_id = s.id AND (sv.ended_on IS NULL OR sv.ended_on >= COALESCE(
                    s.disconnected_on, (SELECT MAX(sv2.ended_on) FROM subscribers_service sv2
                                        WHERE sv2.subscriber_id = s.id))))
            WHERE EXISTS (SELECT 1 FROM subscribers_service sv WHERE sv.subscriber_id = s.id){where}
            """,
            params,
        )
        cur.execute(
            f"""
            UPDATE subscribers_subscriber AS s SET arpu = COALESCE((
                SELECT AVG(c.charged) FROM (
                    SELECT c1.charged FROM subscribers_monthlycharge c1 WHERE c1.subscriber_id = s.id
                    ORDER BY c1.month DESC LIMIT 3) c),
                (SELECT t.monthly_fee FROM subscribers_tariff t WHERE t.id = s.tariff_id), 0)
            WHERE 1 = 1{where}
            """,
            params,
        )
