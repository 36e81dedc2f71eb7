"""Every state change of a billing action: enqueue, sent, confirmed, rejected, cancelled.

    pending ──sent──▶ sent ──confirm──▶ confirmed
       │                 └──reject───▶ rejected
       └──cancel──▶ cancelled

Each function locks the row, checks the move, records who and when, and saves with history. Marking sent and
confirming are idempotent (billing may acknowledge the same batch twice): a repeat changes nothing and says so.
Apps above this one call `enqueue(...)` where they decide something billing must carry out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError, save_with_history

from .choices import ActionState, SentVia
from .models import BillingAction
from .services import CHECKED_AFTER, verdict
from .signals import action_enqueued, action_settled

logger = logging.getLogger(__name__)

TRANSITIONS = {
    ActionState.PENDING: (ActionState.SENT, ActionState.CANCELLED),
    ActionState.SENT: (ActionState.CONFIRMED, ActionState.REJECTED),
}


def _refuse(action: BillingAction, to: str):
    return TransitionError(
        _("Billing action №%(pk)s is «%(state)s»; it cannot become «%(to)s».")
        % {"pk": action.pk, "state": action.get_state_display(), "to": ActionState(to).label}
    )


def _locked(action: BillingAction | int) -> BillingAction:
    pk = action if isinstance(action, int) else action.pk
    return BillingAction.objects.select_for_update().get(pk=pk)


def enqueue(
    *,
    subscriber,
    kind: str,
    key: str,
    parameters: dict | None = None,
    source=None,
    source_text: str = "",
    user=None,
    at: dt.datetime | None = None,
) -> BillingAction:
    """Put what billing must do in the outbox, once: a second call with the same `key` returns the first action.

    `key` names the decision (``"processes.tariffchange:17:applied"``); `source` is the record that decided it
    (its card is linked from the action's), `source_text` says it in words. Pushed by the webhook after the
    commit when one is configured.
    """
    found = BillingAction.objects.filter(key=key).first()
    if found is not None:
        return found
    action = BillingAction(
        subscriber=subscriber,
        kind=kind,
        key=key,
        parameters={k: v for k, v in (parameters or {}).items() if v not in (None, "")},
        source_text=(source_text or (str(source) if source is not None else ""))[:255],
        created_at=at or timezone.now(),
        created_by=user if getattr(user, "pk", None) else None,
    )
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    action.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            save_with_history(action, action.created_by)
    except IntegrityError:  # the same decision enqueued at the same moment by another process
        return BillingAction.objects.get(key=key)
    action_enqueued.send(sender=BillingAction, action=action)
    return action


@dataclass
class SentResult:
    sent: list[int] = field(default_factory=list)  # pending → sent now
    already: list[int] = field(default_factory=list)  # sent (or settled) before: nothing changed
    refused: dict[int, str] = field(default_factory=dict)  # cancelled: billing must not carry it out
    unknown: list[int] = field(default_factory=list)


@transaction.atomic
def mark_sent(
    actions: Iterable[BillingAction | int], *, user, via: str = SentVia.PAGE, reference: str = "", at=None
) -> SentResult:
    """pending → sent for each action (with billing's batch reference, if given); idempotent for those sent."""
    result = SentResult()
    ids = sorted({a if isinstance(a, int) else a.pk for a in actions})
    found = {a.pk: a for a in BillingAction.objects.select_for_update().filter(pk__in=ids)}
    now = at or timezone.now()
    for pk in ids:
        action = found.get(pk)
        if action is None:
            result.unknown.append(pk)
        elif action.state == ActionState.PENDING:
            action.state, action.sent_at, action.sent_by, action.sent_via = ActionState.SENT, now, user, via
            if reference:
                action.billing_reference = reference[:100]
            save_with_history(action, user)
            result.sent.append(pk)
        elif action.state == ActionState.CANCELLED:
            result.refused[pk] = str(_refuse(action, ActionState.SENT).messages[0])
        else:
            result.already.append(pk)
    return result


def _settle(action, to: str, *, user, reference: str, message: str, at) -> BillingAction:
    with transaction.atomic():
        locked = _locked(action)
        if locked.state == to:  # billing confirmed twice: the first answer stands
            return locked
        if to not in TRANSITIONS.get(locked.state, ()):
            raise _refuse(locked, to)
        locked.state, locked.settled_at, locked.settled_by = to, at or timezone.now(), user
        if reference:
            locked.billing_reference = reference[:100]
        if message:
            locked.billing_message = message
        save_with_history(locked, user)
    try:
        action_settled.send(sender=BillingAction, action=locked, state=to)
    except Exception:  # a follow-up elsewhere failed: billing's answer is recorded all the same
        logger.exception("action_settled receiver failed for billing action %s", locked.pk)
    return locked


def confirm(action, *, user, reference: str = "", message: str = "", at=None) -> BillingAction:
    """sent → confirmed: billing carried it out (its reference kept); a second confirmation changes nothing."""
    return _settle(action, ActionState.CONFIRMED, user=user, reference=reference, message=message, at=at)


def reject(action, *, user, message: str, reference: str = "", at=None) -> BillingAction:
    """sent → rejected: billing did not carry it out; the message says why (someone has to act on it)."""
    if not (message or "").strip():
        raise TransitionError(_("Say why billing did not carry out the action."))
    return _settle(action, ActionState.REJECTED, user=user, reference=reference, message=message.strip(), at=at)


def cancel(action, *, user, message: str = "") -> BillingAction:
    """pending → cancelled: the decision was withdrawn before billing got it."""
    with transaction.atomic():
        locked = _locked(action)
        if ActionState.CANCELLED not in TRANSITIONS.get(locked.state, ()):
            raise _refuse(locked, ActionState.CANCELLED)
        locked.state, locked.settled_at, locked.settled_by = ActionState.CANCELLED, timezone.now(), user
        locked.billing_message = (message or "").strip()
        save_with_history(locked, user)
    return locked


def cancel_pending(key: str, *, user, message: str = "") -> BillingAction | None:
    """Cancel the action of a decision while billing has not got it; None when there is none or it went out."""
    action = BillingAction.objects.filter(key=key, state=ActionState.PENDING).first()
    return cancel(action, user=user, message=message) if action is not None else None


def check_after_import(sender, *, run, kind: str, **kwargs) -> dict[str, int]:
    """Receiver of imports' `import_succeeded`: billing's own data now shows what it carried out.

    After a subscribers, tariffs or services import every sent action whose kind can be read from that data is
    confirmed when the data shows it done, and rejected as "not applied" when it still does not
    `BILLING_CONFIRM_DAYS` days after it was sent (services.verdict says how each kind is read).
    """
    counts = {"confirmed": 0, "rejected": 0}
    if kind not in CHECKED_AFTER:
        return counts
    now = timezone.now()
    sent = BillingAction.objects.filter(state=ActionState.SENT).select_related("subscriber__tariff")
    for action in sent.order_by("pk").iterator():
        answer, message = verdict(action, import_kind=kind, now=now)
        if answer == ActionState.CONFIRMED:
            confirm(action, user=run.user, message=message)
        elif answer == ActionState.REJECTED:
            reject(action, user=run.user, message=message)
        else:
            continue
        counts[answer] += 1
    return counts
