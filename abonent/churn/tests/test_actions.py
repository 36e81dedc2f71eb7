"""The disconnection-request lifecycle: every allowed and forbidden move, who and when, history, side effects."""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.churn import actions
from abonent.churn.choices import RequestStatus
from abonent.churn.models import DisconnectionRequest
from abonent.core.actions import TransitionError

CLOSED = ["retained", "suspended", "relocated", "withdrawn", "disconnected"]

# (state the request is in, its reason, the move, the status after it — or a piece of the refusal message)
TRANSITIONS = [
    ("new", None, "establish_reason", "reason_established"),
    ("new", None, "make_offer", "Establish the reason first"),
    ("new", None, "close:retained", "Establish the reason and make a retention offer first"),
    ("new", None, "close:suspended", "Establish the reason and make a retention offer first"),
    ("new", None, "close:relocated", "Establish the reason and make a retention offer first"),
    ("new", None, "close:disconnected", "The reason must be established before the subscriber is disconnected"),
    ("new", None, "close:withdrawn", "withdrawn"),
    ("reason_established", "competitor", "establish_reason", "reason_established"),
    ("reason_established", "competitor", "make_offer", "offer_made"),
    ("reason_established", "competitor", "close:retained", "Record the retention offer first"),
    ("reason_established", "competitor", "close:suspended", "Record the retention offer first"),
    ("reason_established", "competitor", "close:relocated", "Record the retention offer first"),
    ("reason_established", "competitor", "close:disconnected", "is managed: record a retention attempt"),
    ("reason_established", "competitor", "close:withdrawn", "withdrawn"),
    ("reason_established", "moved_out_of_coverage", "close:disconnected", "disconnected"),
    ("reason_established", "moved_out_of_coverage", "close:retained", "Record the retention offer first"),
    ("reason_established", "moved_out_of_coverage", "make_offer", "offer_made"),
    ("offer_made", "competitor", "establish_reason", "An offer has already been made"),
    ("offer_made", "competitor", "make_offer", "offer_made"),
    # Issue 12: the offer here has no answer, so closing as retained is refused (it needs an accepted offer).
    ("offer_made", "competitor", "close:retained", "only when the subscriber accepted an offer"),
    ("offer_made", "competitor", "close:suspended", "suspended"),
    ("offer_made", "competitor", "close:relocated", "relocated"),
    ("offer_made", "competitor", "close:disconnected", "disconnected"),
    ("offer_made", "competitor", "close:withdrawn", "withdrawn"),
] + [
    (closed, "competitor", move, "is closed")
    for closed in CLOSED
    for move in ["establish_reason", "make_offer", *[f"close:{outcome}" for outcome in CLOSED]]
]


def _move(request, move, user, reasons):
    if move == "establish_reason":
        return actions.establish_reason(request, reason=reasons["price"], user=user, comment="дорого")
    if move == "make_offer":
        return actions.make_offer(request, offer="Тариф «Эконом» за 450 ₽", user=user, answer="accepted")
    return actions.close_request(request, outcome=move.split(":")[1], user=user)


@pytest.mark.parametrize("state, reason, move, expected", TRANSITIONS)
def test_transition(state, reason, move, expected, bring_to, subscriber, manager, reasons):
    request = bring_to(subscriber, state, reason=reason or "competitor")
    before = request.status
    if expected in RequestStatus.values:
        _move(request, move, manager, reasons)
        request.refresh_from_db()
        assert request.status == expected
    else:
        with pytest.raises(TransitionError) as refused:
            _move(request, move, manager, reasons)
        assert expected in " ".join(refused.value.messages)
        request.refresh_from_db()
        assert request.status == before, "a refused move changes nothing"


def test_every_state_pair_is_in_the_table():
    states = {row[0] for row in TRANSITIONS}
    assert states == {"new", "reason_established", "offer_made", *CLOSED}
    moves = {row[2] for row in TRANSITIONS}
    assert moves == {"establish_reason", "make_offer", *[f"close:{o}" for o in CLOSED]}


def test_allowed_outcomes_follow_the_reason(bring_to, make_subscriber):
    managed = bring_to(make_subscriber(), "reason_established", reason="low_speed")
    unmanaged = bring_to(make_subscriber(), "reason_established", reason="death")
    assert actions.allowed_outcomes(managed) == ["withdrawn"]
    assert actions.allowed_outcomes(unmanaged) == ["disconnected", "withdrawn"]


def test_who_and_when_are_recorded(subscriber, make_user, reasons):
    agent, manager, head = (
        make_user("call_centre_agent"),
        make_user("retention_manager"),
        make_user("head_of_retention"),
    )
    start = timezone.now()
    request = actions.register_request(subscriber, channel="visit", user=agent, note="пришёл в офис")
    actions.establish_reason(request, reason=reasons["temporary_money_trouble"], user=manager, comment="нет работы")
    actions.make_offer(request, offer="Временная блокировка на 3 месяца", user=manager, answer="accepted")
    actions.close_request(request, outcome="suspended", user=head, note="заявление на блокировку подписано")
    request.refresh_from_db()
    end = timezone.now()
    assert request.agent == agent
    assert request.subscriber_kind == "residential" and request.service_type == "internet"
    assert (request.reason_established_by, request.offer_made_by, request.closed_by) == (manager, manager, head)
    assert start <= request.received_at <= request.reason_established_at <= request.offer_made_at
    assert request.offer_made_at <= request.closed_at <= end
    assert request.reason_comment == "нет работы" and request.offer_answer == "accepted"
    assert request.outcome_note == "заявление на блокировку подписано"


def test_history_rows_carry_the_acting_user(subscriber, make_user, reasons):
    agent, manager = make_user("call_centre_agent"), make_user("retention_manager")
    request = actions.register_request(subscriber, channel="phone", user=agent)
    actions.establish_reason(request, reason=reasons["competitor"], user=manager)
    actions.establish_reason(request, reason=reasons["price"], user=manager, comment="исправлено")
    actions.make_offer(
        request, offer="Годовой контракт", user=manager, answer="accepted"
    )  # issue 12: closing as retained needs an accepted offer
    actions.close_request(request, outcome="retained", user=manager)
    rows = list(request.history.order_by("history_id").values_list("status", "reason__code", "history_user"))
    assert rows == [
        ("new", None, agent.pk),
        ("reason_established", "competitor", manager.pk),
        ("reason_established", "price", manager.pk),
        ("offer_made", "price", manager.pk),
        ("retained", "price", manager.pk),
    ]


def test_disconnected_outcome_disconnects_the_subscriber(bring_to, subscriber, manager, reasons):
    request = bring_to(subscriber, "offer_made", reason="competitor")
    actions.close_request(request, outcome="disconnected", user=manager, on_date=dt.date(2025, 3, 31))
    subscriber.refresh_from_db()
    assert subscriber.status == "disconnected"
    assert subscriber.disconnected_on == dt.date(2025, 3, 31)
    assert subscriber.churn_reason == reasons["competitor"]


def test_disconnection_date_defaults_to_today(bring_to, subscriber, manager):
    request = bring_to(subscriber, "reason_established", reason="death")
    actions.close_request(request, outcome="disconnected", user=manager)
    subscriber.refresh_from_db()
    assert subscriber.disconnected_on == timezone.localdate()


def test_disconnection_before_connection_is_refused(bring_to, subscriber, manager):
    request = bring_to(subscriber, "offer_made")
    with pytest.raises(TransitionError):
        actions.close_request(request, outcome="disconnected", user=manager, on_date=dt.date(2020, 1, 1))
    subscriber.refresh_from_db()
    assert subscriber.status == "active" and subscriber.disconnected_on is None


def test_suspended_outcome_suspends_and_others_leave_the_subscriber_active(bring_to, make_subscriber):
    suspended, retained, relocated = make_subscriber(), make_subscriber(), make_subscriber()
    bring_to(suspended, "suspended", reason="temporary_money_trouble")
    bring_to(retained, "retained")
    bring_to(relocated, "relocated", reason="moving_to_unconnected_building")
    for sub, status in [(suspended, "suspended"), (retained, "active"), (relocated, "active")]:
        sub.refresh_from_db()
        assert (sub.status, sub.disconnected_on, sub.churn_reason_id) == (status, None, None)


def test_archived_reason_cannot_be_established(bring_to, subscriber, manager, reasons):
    request = bring_to(subscriber, "new")
    reasons["rude_staff"].is_archived = True
    reasons["rude_staff"].save()
    with pytest.raises(TransitionError, match="archived"):
        actions.establish_reason(request, reason=reasons["rude_staff"], user=manager)


def test_offer_needs_text(bring_to, subscriber, manager):
    request = bring_to(subscriber, "reason_established")
    with pytest.raises(TransitionError, match="Describe the retention offer"):
        actions.make_offer(request, offer="   ", user=manager)


def test_register_refuses_a_second_open_request_and_a_disconnected_subscriber(bring_to, subscriber, manager, reasons):
    first = bring_to(subscriber, "new")
    with pytest.raises(TransitionError, match=f"open request №{first.pk}"):
        actions.register_request(subscriber, channel="phone", user=manager)
    actions.establish_reason(first, reason=reasons["death"], user=manager)
    actions.close_request(first, outcome="disconnected", user=manager)
    with pytest.raises(TransitionError, match="already disconnected"):
        actions.register_request(subscriber, channel="phone", user=manager)


def test_desired_date_before_receipt_is_refused(subscriber, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.register_request(
            subscriber, channel="phone", user=manager, received_at=timezone.now(), desired_date=dt.date(2020, 1, 1)
        )
    assert "desired_date" in error.value.message_dict
    assert not DisconnectionRequest.objects.exists()
