"""What every app's `actions.py` shares: the error a refused transition raises, and saving with history.

An app's state changes live in its own `actions.py` (transition functions that check the allowed state, lock the
row and record who and when); these helpers are the common part, so no app has to import another app's actions.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone


class TransitionError(ValidationError):
    """A move a record's lifecycle does not allow; the message says what has to happen first."""


def save_with_history(obj, user, update_fields: list[str] | None = None) -> None:
    """Saves a record of an action; its history row names the user who made the change."""
    obj._history_user = user
    obj.save(update_fields=update_fields)


def sync_copy(caller_copy, saved) -> None:
    """Let the caller's instance reflect what was saved, so e.g. `request.status` is current after an action."""
    for field in saved._meta.concrete_fields:
        setattr(caller_copy, field.attname, getattr(saved, field.attname))


@cache
def history_insert_sql(model, source: str) -> str:
    """The INSERT of a change's history row for every row of `source` (a CTE or table with the model's columns),
    as django-simple-history writes it on save; its two parameters are the history date and the user's id.

    For the few hot paths that write a record and its history in one statement on PostgreSQL (a data-modifying
    CTE); everything else saves through `save_with_history`.
    """
    quote = connection.ops.quote_name
    historical = model.history.model
    columns = ", ".join(quote(model._meta.get_field(f.name).column) for f in historical.tracked_fields)
    return (
        f"INSERT INTO {quote(historical._meta.db_table)} ({columns}, history_date, history_type, history_user_id,"
        f" history_change_reason) SELECT {columns}, %s, '~', %s, NULL FROM {source}"
    )


def update_with_history(obj, user, fields: list[str]) -> None:
    """Save the named fields of a record and its history row: one statement on PostgreSQL (no model signals are
    sent, so use it only for models nothing listens to), `save_with_history(update_fields=…)` elsewhere."""
    if connection.vendor != "postgresql":
        save_with_history(obj, user, update_fields=fields)
        return
    quote = connection.ops.quote_name
    meta = obj._meta
    changed = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in changed)
    values = [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in changed]
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    sql = (
        f"WITH changed AS (UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        f" RETURNING {columns}) {history_insert_sql(type(obj), 'changed')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk, timezone.now(), getattr(user, "pk", None)])
