"""Eligibility, renewal reminders and the churn comparison on hand-computed fixtures."""

import datetime as dt

from abonent.contracts import actions, services
from abonent.contracts.choices import ContractStatus as S
from abonent.worklists.models import WorkItem

TODAY = dt.date(2026, 3, 10)


def test_eligibility_rules(make_subscriber, terms, manager):
    # terms: internet, tenure >= 6 months (connected on or before 10.09.2025), ARPU >= 400
    ok = make_subscriber("1", connected_on=dt.date(2025, 9, 10), arpu=400)
    make_subscriber("2", connected_on=dt.date(2025, 9, 11), arpu=900)  # too new
    make_subscriber("3", arpu=399)  # ARPU too low
    make_subscriber("4", service_type="catv")  # other service
    make_subscriber("5", status="blocked")  # not active
    contracted = make_subscriber("6")
    actions.create_draft(contracted, user=manager, terms=terms)  # already has one
    ended = make_subscriber("7")
    old = actions.create_draft(ended, user=manager, terms=terms, starts_on=dt.date(2024, 1, 1))
    actions.cancel(old, user=manager)  # a cancelled contract does not count
    found = set(services.eligible_subscribers(terms, today=TODAY).values_list("external_id", flat=True))
    assert found == {"1", "7"}
    assert services.is_eligible(ok, terms, today=TODAY)


def _active(sub, terms, manager, starts_on):
    contract = actions.create_draft(sub, user=manager, terms=terms, starts_on=starts_on)
    actions.sign(contract, user=manager, signed_on=starts_on)
    actions.activate(contract, user=manager, today=starts_on)
    return contract


def test_daily_run_reminds_activates_and_ends(make_subscriber, terms, manager):
    ending = _active(make_subscriber("1"), terms, manager, dt.date(2025, 4, 5))  # ends 04.04.2026: in 25 days
    later = _active(make_subscriber("2"), terms, manager, dt.date(2025, 6, 1))  # ends 31.05.2026: not yet
    expired = _active(make_subscriber("3"), terms, manager, dt.date(2025, 3, 1))  # ended 28.02.2026
    signed = actions.create_draft(make_subscriber("4"), user=manager, terms=terms, starts_on=dt.date(2026, 3, 9))
    actions.sign(signed, user=manager, signed_on=dt.date(2026, 3, 1))

    assert list(services.due_for_renewal(today=TODAY)) == [expired, ending]
    result = services.run_daily(today=TODAY)
    assert (result.activated, result.ended, result.reminders) == (1, 1, 1)
    item = WorkItem.objects.get()
    assert (item.work_list, item.subscriber, item.assigned_to) == ("renewal", ending.subscriber, manager)
    assert "04.04.2026" in item.reason
    again = services.run_daily(today=TODAY)  # idempotent
    assert (again.activated, again.ended, again.reminders) == (0, 0, 0)
    assert WorkItem.objects.count() == 1
    later.refresh_from_db()
    signed.refresh_from_db()
    expired.refresh_from_db()
    assert (later.status, signed.status, expired.status) == (S.ACTIVE, S.ACTIVE, S.ENDED)


def test_churn_under_contract_hand_computed(make_subscriber, terms, manager):
    """January–March 2026, internet only.

    A: contract 01.12.2025–30.11.2026, stays            → 3 contract months, 0 churned
    B: contract 01.01.2026, disconnected 15.02.2026      → 2 contract months (Jan, Feb), 1 churned (Feb)
       (the contract is terminated on 15.02: covered on 1 Feb, so February counts under contract)
    C: no contract, stays                                → 3 other months
    D: no contract, disconnected 10.03.2026              → 3 other months, 1 churned
    E: no contract, connected 15.01.2026                 → Feb, Mar: 2 other months
    F: contract from 01.02.2026 (signed), stays          → Jan other, Feb+Mar contract
    G: draft only                                        → 3 other months
    contract: 3 + 2 + 2 = 7 months, 1 churned → 14.29 %; other: 3 + 3 + 2 + 1 + 3 = 12 months, 1 churned → 8.33 %
    """
    a, b, f = make_subscriber("A"), make_subscriber("B"), make_subscriber("F")
    make_subscriber("C")
    make_subscriber("D", status="disconnected", disconnected_on=dt.date(2026, 3, 10))
    make_subscriber("E", connected_on=dt.date(2026, 1, 15))
    _active(a, terms, manager, dt.date(2025, 12, 1))
    contract_b = _active(b, terms, manager, dt.date(2026, 1, 1))
    actions.terminate(contract_b, user=manager, reason="Отключение", on=dt.date(2026, 2, 15))
    b.status, b.disconnected_on = "disconnected", dt.date(2026, 2, 15)
    b.save()
    _active(f, terms, manager, dt.date(2026, 2, 1))
    actions.create_draft(make_subscriber("G"), user=manager, terms=terms, starts_on=dt.date(2026, 1, 1))

    rows = {r.service: r for r in services.churn_under_contract(dt.date(2026, 1, 1), dt.date(2026, 3, 31))}
    internet = rows["internet"]
    assert (internet.contract_months, internet.contract_churned) == (7, 1)
    assert (internet.other_months, internet.other_churned) == (12, 1)
    assert round(internet.contract_rate, 2) == 14.29 and round(internet.other_rate, 2) == 8.33
    assert round(internet.difference, 2) == 5.95
    assert rows["tv"].contract_months == rows["tv"].other_months == 0 and rows["tv"].contract_rate is None
    assert (rows["total"].contract_months, rows["total"].other_months) == (7, 12)


def test_daily_command(make_subscriber, terms, manager):
    from io import StringIO

    from django.core.management import call_command

    _active(make_subscriber("1"), terms, manager, dt.date(2025, 4, 5))  # ends 04.04.2026
    out = StringIO()
    call_command("contracts_daily", "--date", "2026-03-10", stdout=out)
    assert out.getvalue().strip() == "activated 0, ended 0, renewal reminders 1"
    call_command("contracts_daily", "--date", "2026-03-10", "--days", "10", stdout=out)
    assert WorkItem.objects.count() == 1
