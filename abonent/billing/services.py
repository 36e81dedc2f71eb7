"""Reading the outbox: the export file's rows, and what billing's imported data says about a sent action."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from abonent.core.export import build_workbook, csv_cell

from . import conf
from .choices import ActionKind, ActionState
from .models import BillingAction

# The export's columns, in order (docs/billing/outbox.md describes each). The header row is these codes.
COLUMNS = (
    "id",
    "kind",
    "account",
    "on",
    "from_tariff",
    "to_tariff",
    "starts_on",
    "ends_on",
    "amount",
    "period_start",
    "period_end",
    "reason",
    "state",
    "created_at",
    "source",
    "key",
)
DATES = ("on", "starts_on", "ends_on", "period_start", "period_end")


def _param(action: BillingAction, name: str):
    value = action.parameters.get(name)
    if value in (None, ""):
        return None
    if name in DATES:
        return parse_date(str(value))
    if name == "amount":
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
    return str(value)


def export_rows(actions) -> list[list]:
    """One row per action in COLUMNS' order: dates as dates, the amount as a Decimal, the rest text."""
    rows = []
    for action in actions.select_related("subscriber"):
        fixed = {
            "id": action.pk,
            "kind": action.kind,
            "account": action.subscriber.external_id,
            "state": action.state,
            "created_at": timezone.localtime(action.created_at).replace(microsecond=0),
            "source": action.source_text,
            "key": action.key,
        }
        rows.append([fixed[c] if c in fixed else _param(action, c) for c in COLUMNS])
    return rows


def export_csv(actions) -> bytes:
    """The outbox as CSV: UTF-8 with a BOM, `;`-separated, dates ISO, amounts with a dot and two decimals."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(actions):
        writer.writerow(
            [
                f"{v:.2f}" if isinstance(v, Decimal) else v.isoformat() if isinstance(v, dt.datetime) else csv_cell(v)
                for v in row
            ]
        )
    return buffer.getvalue().encode("utf-8")


def export_xlsx(actions) -> bytes:
    """The same columns in one sheet `actions`: dates as dates, amounts as numbers."""
    return build_workbook([("actions", COLUMNS, export_rows(actions))])


# The statuses billing's subscribers file shows once it carried out an action of a kind.
STATUS_AFTER = {
    ActionKind.SUSPEND: "suspended",
    ActionKind.RESUME: "active",
    ActionKind.REACTIVATE: "active",
    ActionKind.UNBLOCK: "active",
    ActionKind.BLOCK: "blocked",
    ActionKind.TERMINATE: "disconnected",
}
# The imports that carry what shows a kind done. Recalculations and warnings are not in billing's files: billing
# confirms them (API, or on the card).
READ_AFTER = {
    ActionKind.TARIFF_CHANGE: {"subscribers", "tariffs", "services"},
    **{kind: {"subscribers"} for kind in STATUS_AFTER},
}
CHECKED_AFTER = set().union(*READ_AFTER.values())


def verdict(action: BillingAction, *, import_kind: str, now: dt.datetime | None = None) -> tuple[str | None, str]:
    """(confirmed | rejected | None, message) for a sent action after an import of `import_kind`.

    Confirmed when billing's data shows it done; rejected ("not applied") when it does not `confirm_days` after it
    was sent or after the day it was to take effect, whichever is later; None while it is still early, or when the
    import does not carry what the kind is read from.
    """
    if action.state != ActionState.SENT or import_kind not in READ_AFTER.get(action.kind, ()):
        return None, ""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    effective = _param(action, "on") or _param(action, "starts_on") or timezone.localtime(action.sent_at).date()
    if effective > today:
        return None, ""
    days = conf.confirm_days()
    late = today >= max(effective, timezone.localtime(action.sent_at).date()) + dt.timedelta(days=days)
    subscriber = action.subscriber
    if action.kind == ActionKind.TARIFF_CHANGE:
        wanted = _param(action, "to_tariff")
        open_codes = set(subscriber.services.filter(ended_on__isnull=True).values_list("tariff__code", flat=True))
        has_services = bool(open_codes) or subscriber.services.exists()
        now_on = open_codes if has_services else {subscriber.tariff.code} if subscriber.tariff_id else set()
        if wanted in now_on:
            return ActionState.CONFIRMED, _("Billing's data shows the tariff %(tariff)s.") % {"tariff": wanted}
        if late:
            shown = ", ".join(sorted(now_on)) or "—"
            return ActionState.REJECTED, _(
                "Not applied: %(days)s days on, billing's data shows %(shown)s, not %(tariff)s."
            ) % {"days": days, "shown": shown, "tariff": wanted}
        return None, ""
    wanted = STATUS_AFTER[action.kind]
    if subscriber.status == wanted:
        return ActionState.CONFIRMED, _("Billing's data shows the account %(status)s.") % {
            "status": subscriber.get_status_display()
        }
    if late:
        return ActionState.REJECTED, _(
            "Not applied: %(days)s days on, billing's data shows the account %(status)s."
        ) % {
            "days": days,
            "status": subscriber.get_status_display(),
        }
    return None, ""
