"""Pulling the history the features need out of the database: one query per table, into polars frames.

Only rows dated on or before `until` (and, for the heavy fact tables, on or after `since`) are read, so a score as
of D cannot even load what happened after D. Models other apps may or may not have yet (annual contracts, claims,
suspensions) are looked up at run time and read when they are there.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.apps import apps
from django.db.models import F, Q
from django.db.models.functions import TruncDate

from abonent.calls.choices import CallOutcome
from abonent.calls.models import Call
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Usage
from abonent.tickets.models import Ticket

from .features import LOOKBACK_DAYS, SCHEMAS, History

# Date fields tried, in order, on models owned by other apps whose exact shape this app does not control.
EVENT_DATE_FIELDS = ("received_on", "starts_on", "opened_at", "received_at", "started_on", "created_at", "date")
CONTRACT_FIELDS = (("starts_on", "ends_on"), ("started_on", "ended_on"), ("valid_from", "valid_to"))


def _frame(name: str, rows, columns: list[str]) -> pl.DataFrame:
    schema = SCHEMAS[name]
    rows = list(rows)
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None).select(
        [pl.col(c).cast(schema[c]) for c in schema]
    )


def _scope(queryset, ids, field: str = "subscriber_id"):
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def _optional_model(app_label: str, model_name: str):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _events(app_label: str, model_name: str, since: dt.date, until: dt.date, ids=None) -> pl.DataFrame | None:
    """(subscriber_id, on) of another app's dated records with a subscriber, or None when there is no such model."""
    model = _optional_model(app_label, model_name)
    if model is None or "subscriber" not in _field_names(model):
        return None
    date_field = next((f for f in EVENT_DATE_FIELDS if f in _field_names(model)), None)
    if date_field is None:
        return None
    field = model._meta.get_field(date_field)
    expr = TruncDate(date_field) if field.get_internal_type() == "DateTimeField" else F(date_field)
    rows = (
        _scope(model.objects.annotate(_on=expr), ids)
        .filter(_on__gte=since, _on__lte=until, subscriber__isnull=False)
        .values_list("subscriber_id", "_on")
    )
    return _frame("claims", rows, ["subscriber_id", "on"])


def _contracts(until: dt.date, ids=None) -> pl.DataFrame | None:
    """Annual contracts as (subscriber, start, end): signed by the date (when the model records signing), ended
    early on `ended_on` when it has one."""
    model = _optional_model("contracts", "AnnualContract") or _optional_model("contracts", "Contract")
    if model is None or "subscriber" not in _field_names(model):
        return None
    names = _field_names(model)
    pair = next((p for p in CONTRACT_FIELDS if p[0] in names and p[1] in names), None)
    if pair is None:
        return None
    qs = model.objects.filter(**{f"{pair[0]}__lte": until})
    if "signed_on" in names:
        qs = qs.filter(signed_on__isnull=False, signed_on__lte=until)
    early = "ended_on" if "ended_on" in names and pair[1] != "ended_on" else None
    rows = _scope(qs, ids).values_list("subscriber_id", pair[0], pair[1], *([early] if early else []))
    rows = ((r[0], r[1], min(r[2], r[3]) if len(r) > 3 and r[3] and r[2] else r[2]) for r in rows)
    return _frame("contracts", rows, ["subscriber_id", "starts_on", "ends_on"])


def load_history(until: dt.date, since: dt.date | None = None, subscriber_ids=None) -> History:
    """Everything the features read for scoring dates between `since` and `until` (the lookback added before);
    `subscriber_ids` limits it to those subscribers (one card's explanation)."""
    since = (since or until) - dt.timedelta(days=LOOKBACK_DAYS)
    ids = list(subscriber_ids) if subscriber_ids is not None else None
    frames = {}
    frames["subscribers"] = _frame(
        "subscribers",
        _scope(Subscriber.objects.filter(connected_on__lte=until), ids, "pk").values_list(
            "pk", "kind", "connected_on", "disconnected_on"
        ),
        ["subscriber_id", "kind", "connected_on", "disconnected_on"],
    )
    frames["services"] = _frame(
        "services",
        _scope(Service.objects.filter(started_on__lte=until), ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=since))
        .values_list(
            "subscriber_id",
            "tariff__monthly_fee",
            "tariff__service_type",
            "tariff__speed_mbps",
            "started_on",
            "ended_on",
        ),
        ["subscriber_id", "fee", "service_type", "speed", "started_on", "ended_on"],
    )
    frames["charges"] = _frame(
        "charges",
        _scope(MonthlyCharge.objects.filter(month__gte=since, month__lte=until), ids).values_list(
            "subscriber_id", "month", "charged", "balance"
        ),
        ["subscriber_id", "month", "charged", "balance"],
    )
    frames["payments"] = _frame(
        "payments",
        _scope(Payment.objects.annotate(_on=TruncDate("paid_at")), ids)
        .filter(_on__gte=since, _on__lte=until)
        .values_list("subscriber_id", "_on", "amount"),
        ["subscriber_id", "paid_on", "amount"],
    )
    usage = _frame(
        "usage",
        (
            (sid, day, day, b, period == "day")
            for sid, period, day, b in _scope(Usage.objects.filter(date__gte=since, date__lte=until), ids).values_list(
                "subscriber_id", "period", "date", "bytes"
            )
        ),
        ["subscriber_id", "start", "end", "bytes", "daily"],
    )
    frames["usage"] = usage.with_columns(
        pl.when(pl.col("daily")).then(pl.col("start")).otherwise(pl.col("start").dt.month_end()).alias("end")
    )

    frames["tickets"] = _tickets(Ticket, since, until, ids)
    frames["calls"] = _frame(
        "calls",
        (
            (sid, on, outcome in CallOutcome.missed_values() or bool(missed_type))
            for sid, on, outcome, missed_type in _scope(Call.objects.annotate(_on=TruncDate("started_at")), ids)
            .filter(_on__gte=since, _on__lte=until, subscriber__isnull=False)
            .values_list("subscriber_id", "_on", "outcome", "call_type__is_missed")
        ),
        ["subscriber_id", "started_on", "missed"],
    )
    claims = _events("processes", "Claim", since, until, ids)
    if claims is None:  # no claims register: complaints are tickets of kind "complaint" (counted there)
        claims = pl.DataFrame(schema=SCHEMAS["claims"])
    frames["claims"] = claims
    frames["suspensions"] = _events("processes", "Suspension", since, until, ids)
    contracts = _contracts(until, ids)
    frames["contracts"] = contracts
    return History.from_frames(
        has_contracts=contracts is not None, **{k: v for k, v in frames.items() if v is not None}
    )


def _tickets(model, since: dt.date, until: dt.date, ids=None) -> pl.DataFrame:
    rows = (
        (sid, on, bool(repeat), kind == "complaint")
        for sid, on, repeat, kind in _scope(model.objects.annotate(_on=TruncDate("opened_at")), ids)
        .filter(_on__gte=since, _on__lte=until)
        .values_list("subscriber_id", "_on", "is_repeat", "kind")
    )
    return _frame("tickets", rows, ["subscriber_id", "opened_on", "is_repeat", "complaint"])
