"""Hot and warm list membership, outcomes, win-back campaigns and re-connection counting."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.churn import actions as churn_actions
from abonent.churn.models import ChurnReason, ReasonGroup
from abonent.core.actions import TransitionError
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff
from abonent.worklists import actions, services
from abonent.worklists.defaults import WARM_TITLE, WINBACK_TITLE
from abonent.worklists.models import WorkItem

TODAY = dt.date(2026, 3, 10)


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_hot_list_membership(make_subscriber, manager, default_classifier):
    reasons = {r.code: r for r in ChurnReason.objects.all()}
    leaving = make_subscriber("1")
    request = churn_actions.register_request(leaving, channel="phone", user=manager)
    churn_actions.establish_reason(request, reason=reasons["competitor"], user=manager)
    closed = make_subscriber("2")
    done = churn_actions.register_request(closed, channel="phone", user=manager)
    churn_actions.close_request(done, outcome="withdrawn", user=manager)
    said = make_subscriber("3")
    risk_item, _ = services.add_to_work_list(said, "risk", user=manager)
    actions.record_outcome(risk_item, outcome="left", user=manager)
    make_subscriber("4")  # nothing: not hot

    found = services.hot_candidates(timezone.localdate())
    assert set(found) == {leaving.pk, said.pk}
    assert found[leaving.pk].script.group.code == "preferences"  # the reason group's script
    result = services.refresh_list("hot", user=manager)
    assert (result.added, result.kept, result.cancelled) == (2, 0, 0)
    again = services.refresh_list("hot", user=manager)
    assert (again.added, again.kept, again.cancelled) == (0, 2, 0)
    # the request is closed (retained): its untouched item is cancelled at the next refresh
    churn_actions.make_offer(
        request, offer="Скидка", user=manager, answer="accepted"
    )  # issue 12: closing as retained needs an accepted offer
    churn_actions.close_request(request, outcome="retained", user=manager)
    third = services.refresh_list("hot", user=manager)
    assert (third.added, third.kept, third.cancelled) == (0, 1, 1)
    assert WorkItem.objects.get(subscriber=leaving, work_list="hot").status == "cancelled"


def test_warm_list_membership(make_subscriber, default_classifier):
    """Stopped paying = active, charged last or this month, no payment for 60 days, negative latest balance."""
    make_subscriber("S", status="suspended")
    make_subscriber("B", status="blocked")
    debtor = make_subscriber("D")
    paid = make_subscriber("P")
    positive = make_subscriber("Z")
    make_subscriber("N")  # active, nothing charged lately: not warm
    for sub, balance in ((debtor, -1300), (paid, -650), (positive, 200)):
        MonthlyCharge.objects.create(subscriber=sub, month=dt.date(2026, 1, 1), charged=650, balance=balance + 650)
        MonthlyCharge.objects.create(subscriber=sub, month=dt.date(2026, 2, 1), charged=650, balance=balance)
    # 10.03.2026 less 60 days = 09.01.2026: a payment from then on counts as paying
    Payment.objects.create(external_id="p1", subscriber=debtor, paid_at=moment(dt.date(2026, 1, 8)), amount=650)
    Payment.objects.create(external_id="p2", subscriber=paid, paid_at=moment(dt.date(2026, 1, 10)), amount=650)
    found = services.warm_candidates(TODAY)
    accounts = dict(Subscriber.objects.filter(pk__in=found).values_list("external_id", "pk"))
    assert set(accounts) == {"S", "B", "D"}  # P paid within 60 days, Z has a positive balance, N no charges
    assert found[debtor.pk].reason == "No payment for 60 days, balance -1300.00"
    assert found[debtor.pk].script.title == WARM_TITLE


def test_outcome_closing_and_no_answer_retry(make_subscriber, manager):
    item, created = services.add_to_work_list(make_subscriber(), "warm", user=manager, reason="Долг")
    assert created and item.status == "open"
    same, created = services.add_to_work_list(item.subscriber, "warm", user=manager)
    assert same == item and not created
    actions.record_outcome(item, outcome="no_answer", user=manager, next_action_on=TODAY)
    assert (item.status, item.next_action_on, item.closed_at) == ("in_progress", TODAY, None)
    actions.record_outcome(item, outcome="promised", user=manager, note="Оплатит 15-го")
    assert item.status == "done" and item.closed_by == manager and item.outcome == "promised"
    with pytest.raises(TransitionError):
        actions.record_outcome(item, outcome="kept", user=manager)
    # no answer without a next date closes the item
    other, _ = services.add_to_work_list(make_subscriber(), "hot", user=manager)
    actions.record_outcome(other, outcome="no_answer", user=manager)
    assert other.status == "done"
    assert [h.status for h in item.history.order_by("history_id")] == ["open", "in_progress", "done"]


def test_winback_campaign_counts(make_subscriber, manager, make_user, default_classifier):
    """Churned Q4 2025 in "preferences": A, B, C (D is "unmanaged", E churned in September).

    A re-connects on 20.01 (new service) and pays 700 in January and 700 in February → revenue 1400
    (the December charge before the campaign does not count); B agreed but has not come back; C no answer.
    called 3, reached 2 (A reconnected, B promised), agreed 2, re-connected 1.
    """
    groups = {g.code: g for g in ReasonGroup.objects.all()}
    competitor = ChurnReason.objects.get(code="competitor")
    death = ChurnReason.objects.get(code="death")
    tariff = Tariff.objects.create(code="N", name="Интернет", service_type="internet", monthly_fee=700)

    def gone(account, day, reason):
        return make_subscriber(account, status="disconnected", disconnected_on=day, churn_reason=reason)

    a = gone("A", dt.date(2025, 10, 5), competitor)
    b = gone("B", dt.date(2025, 11, 5), competitor)
    gone("C", dt.date(2025, 12, 31), competitor)
    gone("D", dt.date(2025, 11, 1), death)
    gone("E", dt.date(2025, 9, 30), competitor)
    agents = [make_user("call_centre_agent", username="a1"), make_user("call_centre_agent", username="a2")]
    campaign = services.create_winback_campaign(
        name="Возврат Q4",
        period_from=dt.date(2025, 10, 1),
        period_to=dt.date(2025, 12, 31),
        reason_groups=[groups["preferences"]],
        assignees=agents,
        user=manager,
    )
    WorkItem.objects.filter(campaign=campaign).update(created_at=moment(dt.date(2026, 1, 10)))
    type(campaign).objects.filter(pk=campaign.pk).update(created_at=moment(dt.date(2026, 1, 10)))
    campaign.refresh_from_db()
    items = {i.subscriber.external_id: i for i in campaign.items.select_related("subscriber")}
    assert set(items) == {"A", "B", "C"}
    assert {i.assigned_to.username for i in items.values()} == {"a1", "a2"}
    assert campaign.script.title == WINBACK_TITLE and items["A"].script == campaign.script

    actions.record_outcome(items["A"], outcome="reconnected", user=agents[0])
    actions.record_outcome(items["B"], outcome="promised", user=agents[1])
    actions.record_outcome(items["C"], outcome="no_answer", user=agents[0], next_action_on=TODAY)
    a.status, a.disconnected_on = "active", None
    a.save()
    Service.objects.create(subscriber=a, tariff=tariff, started_on=dt.date(2026, 1, 20))
    for month, charged in ((dt.date(2025, 12, 1), 500), (dt.date(2026, 1, 1), 700), (dt.date(2026, 2, 1), 700)):
        MonthlyCharge.objects.create(subscriber=a, month=month, charged=charged, balance=0)
    b.status = "disconnected"  # still gone

    report = services.campaign_report(campaign)
    assert (report.items, report.called, report.reached, report.agreed, report.reconnected) == (3, 3, 2, 2, 1)
    assert report.revenue == Decimal("1400.00")
    assert list(services.reconnected(campaign)) == [a]
