"""Classifying calls: by an agent on the call card, in bulk from the list, and by re-applying the mapping rules.

An agent's or a bulk classification is never overwritten by rules or by a later import.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .choices import ClassifiedBy
from .models import Call, CallType
from .services import Classifier


def _check_type(call_type: CallType) -> None:
    if call_type.is_archived:
        raise ValidationError(_("The call type «%(type)s» is archived.") % {"type": call_type})


@transaction.atomic
def classify(call: Call, call_type: CallType, *, user) -> Call:
    """The agent's one click: this call is of this type."""
    _check_type(call_type)
    call = Call.objects.select_for_update().get(pk=call.pk)
    call.call_type = call_type
    call.classified_by = ClassifiedBy.AGENT
    call.classified_user = user
    call.save(update_fields=["call_type", "classified_by", "classified_user"])
    return call


@transaction.atomic
def bulk_classify(calls: QuerySet, call_type: CallType, *, user) -> int:
    """Give every call in `calls` the type; returns how many changed."""
    _check_type(call_type)
    return (
        Call.objects.filter(pk__in=calls.values("pk"))
        .exclude(call_type=call_type, classified_by=ClassifiedBy.BULK)
        .update(call_type=call_type, classified_by=ClassifiedBy.BULK, classified_user=user)
    )


@transaction.atomic
def reapply_rules(calls: QuerySet | None = None) -> int:
    """Classify again by the current rules every call (or those in `calls`) no person has classified."""
    type_sql, by_sql, params = Classifier.load().sql()
    scope, scope_params = "", []
    if calls is not None:
        sql, scope_params = calls.values("pk").query.sql_with_params()
        scope = f" AND id IN ({sql})"
    if connection.vendor == "postgresql":
        differs = f"(call_type_id, classified_by) IS DISTINCT FROM ({type_sql}, {by_sql})"
    else:
        differs = f"(call_type_id IS NOT ({type_sql}) OR classified_by IS NOT ({by_sql}))"
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE calls_call SET call_type_id = {type_sql}, classified_by = {by_sql} "
            f"WHERE classified_by NOT IN ('agent', 'bulk') AND {differs}{scope}",
            params * 4 + list(scope_params),
        )
        return cur.rowcount


@transaction.atomic
def retire_call_type(call_type: CallType, *, user=None) -> str:
    """Delete an unused call type, archive one that calls carry (deleting it would unclassify them).

    Returns "deleted" or "archived".
    """
    call_type = CallType.objects.select_for_update().get(pk=call_type.pk)
    if call_type.calls.exists():
        if not call_type.is_archived:
            call_type.is_archived = True
            call_type.save(update_fields=["is_archived"])
        return "archived"
    call_type.delete()
    return "deleted"
