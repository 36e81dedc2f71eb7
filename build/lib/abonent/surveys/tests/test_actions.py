import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from abonent.subscribers.models import Subscriber
from abonent.surveys import actions
from abonent.surveys.models import Invitation, Response
from abonent.worklists.models import WorkItem


def test_detractor_goes_on_the_work_list(survey, make_subscriber, make_user):
    agent = make_user("call_centre_agent")
    sub = make_subscriber()
    response = actions.record_response(
        survey, sub, score=6, comment="Часто пропадает интернет", channel="call", user=agent
    )
    item = WorkItem.objects.get(subscriber=sub)
    assert item.work_list == "detractor"
    assert item.reason == "NPS 6: Часто пропадает интернет"
    assert item.source == response
    assert response.answered_by == agent
    # A second low score keeps the one open item
    actions.record_response(survey, sub, score=2, channel="call")
    assert WorkItem.objects.filter(subscriber=sub).count() == 1


@pytest.mark.parametrize("score", [7, 8, 9, 10])
def test_passives_and_promoters_make_no_task(survey, make_subscriber, score):
    actions.record_response(survey, make_subscriber(), score=score, channel="call")
    assert not WorkItem.objects.exists()


@pytest.mark.parametrize("score", [-1, 11, "x", 7.5, None])
def test_score_must_be_0_to_10(survey, make_subscriber, score):
    with pytest.raises(ValidationError):
        actions.record_response(survey, make_subscriber(), score=score, channel="call")
    assert not Response.objects.exists()


def test_one_answer_per_invitation(survey, make_subscriber):
    sub = make_subscriber()
    [invitation] = actions.create_invitations(survey, [sub], channel="sms")
    assert len(invitation.token) >= 20
    actions.answer_invitation(invitation, score=9)
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    with pytest.raises(actions.AlreadyAnswered):
        actions.answer_invitation(invitation, score=3)
    assert Response.objects.get().channel == "link"


def test_expired_invitation_refused_on_link(survey, make_subscriber):
    [invitation] = actions.create_invitations(survey, [make_subscriber()], channel="sms")
    invitation.expires_on = dt.date(2020, 1, 1)
    invitation.save()
    with pytest.raises(ValidationError):
        actions.answer_invitation(invitation, score=9)


def test_batch_skips_pending_and_samples(survey, make_subscriber):
    for _ in range(10):
        make_subscriber()
    first = actions.create_invitations(survey, Subscriber.objects.all(), channel="sms", sample=4, seed=1)
    assert len(first) == 4
    # The 4 already invited (unanswered) are skipped: 6 left
    second = actions.create_invitations(survey, Subscriber.objects.all(), channel="email")
    assert len(second) == 6
    assert Invitation.objects.values("subscriber").distinct().count() == 10
    assert len({i.token for i in Invitation.objects.all()}) == 10
