"""State changes of surveys: inviting subscribers and recording their answers.

Views (staff form, public link), the API, the importer and the demo call these. Recording an answer is one
transaction: the invitation row is locked so a link answers once, and a detractor goes on the follow-up work list.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.core.actions import TransitionError
from abonent.subscribers.models import Subscriber
from abonent.worklists.services import add_to_work_list

from .choices import NpsCategory, ResponseChannel
from .models import Invitation, Response, Survey

DEFAULT_VALID_DAYS = 30


class AlreadyAnswered(TransitionError):
    """The invitation has its answer; a link answers once."""


def check_score(score) -> int:
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = None
    if value is None or str(score).strip() not in (str(value), f"{value}.0") or not 0 <= value <= 10:
        raise ValidationError({"score": _("The score is a whole number from 0 to 10.")})
    return value


def detractor_reason(response: Response) -> str:
    reason = _("NPS %(score)s") % {"score": response.score}
    return f"{reason}: {response.comment}" if response.comment else reason


def follow_up_detractor(response: Response, user=None):
    """Put a detractor on the "detractor" work list (one open item per subscriber); None for other scores."""
    if NpsCategory.of(response.score) != NpsCategory.DETRACTOR:
        return None

    item, _created = add_to_work_list(
        response.subscriber, "detractor", user=user, reason=detractor_reason(response), source=response
    )
    return item


@transaction.atomic
def record_response(
    survey: Survey,
    subscriber: Subscriber,
    *,
    score,
    channel: str,
    user=None,
    comment: str = "",
    answers: list | None = None,
    answered_at: dt.datetime | None = None,
    invitation: Invitation | None = None,
    import_run=None,
    import_key: str = "",
) -> Response:
    """Record an answer; with an invitation, only its first answer counts (AlreadyAnswered after that)."""
    score = check_score(score)
    if channel not in ResponseChannel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    answered_at = answered_at or timezone.now()
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise AlreadyAnswered(_("This invitation has already been answered."))
        if invitation.subscriber_id != subscriber.pk or invitation.survey_id != survey.pk:
            raise ValidationError(_("The invitation belongs to another subscriber or survey."))
    response = Response(
        survey=survey,
        subscriber=subscriber,
        invitation=invitation,
        score=score,
        comment=(comment or "").strip(),
        answers=answers or [],
        channel=channel,
        answered_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        answered_at=answered_at,
        import_run=import_run,
        import_key=import_key,
    )
    response.full_clean(exclude=["invitation", "answered_by", "import_run", "import_key"])
    response.save()
    if invitation is not None:
        invitation.answered_at = answered_at
        invitation.save(update_fields=["answered_at"])
    follow_up_detractor(response, user=response.answered_by)
    return response


def answer_invitation(invitation: Invitation, *, score, comment: str = "", answers=None, user=None, channel=None):
    """Answer through an invitation: on the public link (no user) or by staff on a call."""
    today = timezone.localdate()
    if invitation.expires_on and invitation.expires_on < today and user is None:
        raise TransitionError(_("This invitation has expired."))
    return record_response(
        invitation.survey,
        invitation.subscriber,
        score=score,
        comment=comment,
        answers=answers,
        channel=channel or (ResponseChannel.CALL if user is not None else ResponseChannel.LINK),
        user=user,
        invitation=invitation,
    )


def create_invitations(
    survey: Survey,
    subscribers: QuerySet[Subscriber] | Iterable[Subscriber],
    *,
    channel: str,
    user=None,
    sample: int | None = None,
    seed: int | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
    created_at: dt.datetime | None = None,
) -> list[Invitation]:
    """Invite the given subscribers (or a random `sample` of them) to the survey, each with a new token.

    Subscribers with an unanswered invitation to this survey are skipped, so running a batch twice sends no
    second link to the same person.
    """
    if isinstance(subscribers, QuerySet):
        ids = list(subscribers.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(s.pk for s in subscribers)
    pending = set(
        Invitation.objects.filter(survey=survey, answered_at__isnull=True).values_list("subscriber_id", flat=True)
    )
    ids = [pk for pk in ids if pk not in pending]
    if sample is not None and sample < len(ids):
        ids = sorted(random.Random(seed).sample(ids, sample))
    created_at = created_at or timezone.now()
    expires_on = timezone.localdate(created_at) + dt.timedelta(days=valid_days) if valid_days else None
    if survey.ends_on and (expires_on is None or survey.ends_on < expires_on):
        expires_on = survey.ends_on
    invitations = [
        Invitation(
            survey=survey,
            subscriber_id=pk,
            channel=channel,
            created_at=created_at,
            created_by=user,
            expires_on=expires_on,
        )
        for pk in ids
    ]
    return Invitation.objects.bulk_create(invitations, batch_size=1000)
