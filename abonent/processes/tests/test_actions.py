"""Every process's allowed and forbidden transitions, the approval limit, claim deadlines, suspensions' daily run."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from abonent.core.actions import TransitionError
from abonent.processes import actions
from abonent.processes.models import (
    BonusCard,
    Claim,
    EquipmentReturn,
    ProcessSettings,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)
from abonent.subscribers.services import FeeChangeUnconfirmed
from abonent.tickets import actions as ticket_actions

TODAY = timezone.localdate()


def test_open_sets_initial_state_who_and_default_deadline(subscriber, manager):
    record = actions.open_process(TariffChange, subscriber=subscriber, user=manager)
    assert record.status == "requested"
    assert record.created_by == manager and record.responsible == manager
    assert record.from_tariff.code == "NET300"  # the subscriber's current tariff
    assert record.deadline == TODAY + dt.timedelta(days=3)
    assert record.history.count() == 1
    assert record.history.first().history_user == manager


def test_tariff_change_apply_moves_the_subscriber_and_is_final(subscriber, manager, tariffs):
    record = actions.open_process(TariffChange, subscriber=subscriber, user=manager, to_tariff=tariffs["NET100"])
    # Issue 12: 650 → 450 ₽ is −31 % of the fee, over the 30 % share, so applying it needs the confirmation.
    with pytest.raises(FeeChangeUnconfirmed, match=r"650\.00 ₽ to 450\.00 ₽ \(-31 %\)"):
        actions.run_step(record, "apply", user=manager, effective_on=TODAY)
    actions.run_step(record, "apply", user=manager, effective_on=TODAY, confirm_fee_change=True)
    assert record.status == "applied" and record.closed_by == manager and record.closed_at
    subscriber.refresh_from_db()
    assert subscriber.tariff.code == "NET100"
    with pytest.raises(TransitionError):
        actions.run_step(record, "cancel", user=manager)
    assert [h.status for h in record.history.order_by("history_id")] == ["requested", "applied"]
    assert record.history.latest().history_user == manager


def test_tariff_change_needs_the_new_tariff(subscriber, manager):
    record = actions.open_process(TariffChange, subscriber=subscriber, user=manager)
    with pytest.raises(TransitionError, match="new tariff"):
        actions.apply_tariff_change(record, user=manager)
    actions.run_step(record, "cancel", user=manager, note="Передумал")
    assert record.status == "cancelled" and "Передумал" in record.note


def test_recalculation_within_limit_the_manager_approves_and_credits(subscriber, manager):
    # Limit 1000.00 (default): 350.00 is within it.
    record = actions.open_process(Recalculation, subscriber=subscriber, user=manager, amount=Decimal("350.00"))
    with pytest.raises(TransitionError):
        actions.run_step(record, "credit", user=manager)  # not approved yet
    actions.run_step(record, "approve", user=manager)
    assert record.status == "approved" and record.decided_by == manager
    actions.run_step(record, "credit", user=manager, credited_on=dt.date(2026, 3, 5))
    assert record.status == "credited" and record.credited_on == dt.date(2026, 3, 5)
    with pytest.raises(TransitionError):
        actions.run_step(record, "reject", user=manager)


def test_recalculation_above_limit_needs_the_head(subscriber, manager, head):
    settings = ProcessSettings.load()
    settings.recalculation_limit = Decimal("500.00")
    settings.save()
    record = actions.open_process(Recalculation, subscriber=subscriber, user=manager, amount=Decimal("500.01"))
    with pytest.raises(TransitionError, match="only the head"):
        actions.run_step(record, "approve", user=manager)
    with pytest.raises(TransitionError, match="only the head"):
        actions.run_step(record, "reject", user=manager)
    assert Recalculation.objects.get(pk=record.pk).status == "requested"
    actions.run_step(record, "approve", user=head)
    assert record.status == "approved" and record.decided_by == head
    # Exactly at the limit is within it.
    at_limit = actions.open_process(Recalculation, subscriber=subscriber, user=manager, amount=Decimal("500.00"))
    actions.run_step(at_limit, "reject", user=manager)
    assert at_limit.status == "rejected"


def test_recalculation_period_must_be_in_order(subscriber, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.open_process(
            Recalculation,
            subscriber=subscriber,
            user=manager,
            period_start=dt.date(2026, 3, 10),
            period_end=dt.date(2026, 3, 1),
        )


def test_urgent_repair_opens_an_urgent_ticket_and_follows_it(subscriber, manager):
    record = actions.open_process(UrgentRepair, subscriber=subscriber, user=manager, problem="Нет интернета")
    ticket = record.ticket
    assert ticket.urgent and ticket.kind == "repair" and ticket.subject == "Нет интернета"
    # 8 hours of urgent SLA from opening.
    assert ticket.deadline - ticket.opened_at == dt.timedelta(hours=8)
    assert record.deadline == timezone.localtime(ticket.deadline).date()
    # The ticket moves on its own card: the repair follows.
    ticket_actions.move_ticket(ticket, "in_progress", user=manager)
    record.refresh_from_db()
    assert record.status == "in_progress"
    ticket_actions.move_ticket(ticket, "resolved", user=manager)
    record.refresh_from_db()
    assert record.status == "resolved" and record.closed_at == ticket.resolved_at
    # Worked from the repair's card: reopening goes through the ticket.
    actions.run_step(record, "start", user=manager)
    ticket.refresh_from_db()
    assert ticket.status == "in_progress" and record.status == "in_progress" and record.closed_at is None
    with pytest.raises(TransitionError):
        actions.run_step(record, "start", user=manager)


def test_claim_deadline_answer_and_overdue(subscriber, manager):
    settings = ProcessSettings.load()
    assert settings.claim_answer_days == 30
    received = TODAY - dt.timedelta(days=40)
    claim = actions.open_process(
        Claim, subscriber=subscriber, user=manager, received_on=received, subject="Не работает интернет 5 дней"
    )
    assert claim.deadline == received + dt.timedelta(days=30)
    assert claim.is_overdue  # 40 days ago + 30 days = 10 days ago, still open
    with pytest.raises(TransitionError, match="Write the answer"):
        actions.run_step(claim, "answer", user=manager, answer_text="  ")
    actions.run_step(claim, "take", user=manager)
    assert claim.status == "in_work"
    with pytest.raises(TransitionError):
        actions.run_step(claim, "take", user=manager)
    actions.run_step(claim, "answer", user=manager, answer_text="Произведён перерасчёт за 5 дней.")
    assert claim.status == "answered" and claim.answered_on == TODAY
    assert claim.answered_late and not claim.is_overdue
    with pytest.raises(TransitionError):
        actions.run_step(claim, "reject", user=manager, answer_text="…")


def test_claim_term_is_configurable(subscriber, manager):
    settings = ProcessSettings.load()
    settings.claim_answer_days = 10
    settings.save()
    claim = actions.open_process(
        Claim, subscriber=subscriber, user=manager, received_on=dt.date(2026, 3, 1), subject="Жалоба"
    )
    assert claim.deadline == dt.date(2026, 3, 11)
    actions.run_step(claim, "reject", user=manager, answer_text="Нарушений не выявлено")
    assert claim.status == "rejected" and claim.answer_text == "Нарушений не выявлено"


def test_relocation_path_and_refusals(subscriber, manager):
    record = actions.open_process(Relocation, subscriber=subscriber, user=manager, new_address="ул. Мира, 5")
    with pytest.raises(TransitionError):
        actions.run_step(record, "schedule", user=manager, connection_on=TODAY)
    with pytest.raises(TransitionError):
        actions.run_step(record, "check", user=manager)  # no result given
    actions.run_step(record, "check", user=manager, coverage="survey")
    assert record.status == "coverage_checked" and record.coverage == "survey"
    with pytest.raises(TransitionError, match="not covered"):
        actions.run_step(record, "schedule", user=manager, connection_on=TODAY)
    actions.run_step(record, "impossible", user=manager)
    assert record.status == "impossible" and not record.is_open

    covered = actions.open_process(Relocation, subscriber=subscriber, user=manager, new_address="ул. Мира, 7")
    actions.run_step(covered, "check", user=manager, coverage="yes")
    actions.run_step(covered, "schedule", user=manager, connection_on=TODAY + dt.timedelta(days=3))
    assert covered.status == "scheduled" and covered.connection_on == TODAY + dt.timedelta(days=3)
    actions.run_step(covered, "connect", user=manager)
    assert covered.status == "connected"
    with pytest.raises(TransitionError):
        actions.run_step(covered, "impossible", user=manager)


def test_reactivation_makes_the_subscriber_active(subscriber, manager):
    subscriber.status = "blocked"
    subscriber.save()
    record = actions.open_process(Reactivation, subscriber=subscriber, user=manager)
    actions.run_step(record, "done", user=manager)
    subscriber.refresh_from_db()
    assert record.status == "done" and record.done_on == TODAY and subscriber.status == "active"
    with pytest.raises(TransitionError):
        actions.run_step(record, "cancel", user=manager)


def test_suspension_manual_steps(subscriber, manager):
    record = actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=30)
    )
    assert record.status == "planned" and record.deadline == TODAY + dt.timedelta(days=30)
    with pytest.raises(TransitionError):
        actions.run_step(record, "end", user=manager)
    actions.run_step(record, "start", user=manager)
    subscriber.refresh_from_db()
    assert subscriber.status == "suspended"
    with pytest.raises(TransitionError):
        actions.run_step(record, "cancel", user=manager)  # an active suspension ends, it is not cancelled
    actions.run_step(record, "end", user=manager)
    subscriber.refresh_from_db()
    assert record.status == "ended" and subscriber.status == "active"


def test_suspension_dates_in_order(subscriber, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.open_process(
            Suspension, subscriber=subscriber, user=manager, starts_on=TODAY, ends_on=TODAY - dt.timedelta(days=1)
        )


def test_daily_starts_reminds_and_ends_suspensions(subscriber, make_subscriber, manager):
    # Reminder 3 days (default) before the last day.
    day = dt.date(2026, 3, 1)
    other = make_subscriber()
    a = actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=day, ends_on=dt.date(2026, 3, 10)
    )
    b = actions.open_process(
        Suspension, subscriber=other, user=manager, starts_on=dt.date(2026, 3, 5), ends_on=dt.date(2026, 4, 4)
    )
    assert actions.daily(day) == {"started": 1, "ended": 0, "reminded": 0}
    assert actions.daily(day) == {"started": 0, "ended": 0, "reminded": 0}  # idempotent
    a.refresh_from_db()
    subscriber.refresh_from_db()
    assert a.status == "active" and subscriber.status == "suspended"
    # 7 March: 10 March is 3 days away → reminder; b starts on the 5th.
    assert actions.daily(dt.date(2026, 3, 7)) == {"started": 1, "ended": 0, "reminded": 1}
    a.refresh_from_db()
    assert a.reminded_on == dt.date(2026, 3, 7)
    assert actions.daily(dt.date(2026, 3, 8)) == {"started": 0, "ended": 0, "reminded": 0}
    # 10 March is still a suspended day; the 11th ends it.
    assert actions.daily(dt.date(2026, 3, 10))["ended"] == 0
    assert actions.daily(dt.date(2026, 3, 11)) == {"started": 0, "ended": 1, "reminded": 0}
    a.refresh_from_db()
    subscriber.refresh_from_db()
    b.refresh_from_db()
    assert a.status == "ended" and a.closed_at and subscriber.status == "active"
    assert b.status == "active"


def test_daily_reminder_puts_the_subscriber_on_the_warm_list(subscriber, manager):
    pytest.importorskip("abonent.worklists.services")
    from abonent.worklists.models import WorkItem

    actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 3)
    )
    actions.daily(dt.date(2026, 3, 1))
    item = WorkItem.objects.get(subscriber=subscriber, work_list="warm")
    assert item.next_action_on == dt.date(2026, 3, 3) and item.assigned_to == manager


def test_equipment_return_and_write_off(subscriber, manager):
    record = actions.open_process(EquipmentReturn, subscriber=subscriber, user=manager, items="Роутер TP-Link")
    assert record.deadline == TODAY + dt.timedelta(days=14)
    actions.run_step(record, "return", user=manager, returned_on=TODAY)
    assert record.status == "returned"
    with pytest.raises(TransitionError):
        actions.run_step(record, "write_off", user=manager)
    lost = actions.open_process(EquipmentReturn, subscriber=subscriber, user=manager, items="Приставка")
    actions.run_step(lost, "write_off", user=manager)
    assert lost.status == "written_off"


def test_bonus_card_issue_and_activation(subscriber, manager):
    record = actions.open_process(
        BonusCard, subscriber=subscriber, user=manager, card_number="BC-0001", amount=Decimal("300.00"), level="gold"
    )
    assert record.status == "issued"
    with pytest.raises(TransitionError, match="Unknown step"):
        actions.run_step(record, "approve", user=manager)
    actions.run_step(record, "activate", user=manager)
    assert record.status == "activated" and record.activated_on == TODAY
    with pytest.raises(TransitionError):
        actions.run_step(record, "cancel", user=manager)


def test_steps_for_lists_only_allowed_steps(subscriber, manager):
    record = actions.open_process(Relocation, subscriber=subscriber, user=manager)
    assert [s.name for s in actions.steps_for(record)] == ["check", "impossible"]


def test_daily_command(subscriber, manager):
    from io import StringIO

    from django.core.management import call_command

    from abonent.processes.tasks import daily

    first = TODAY - dt.timedelta(days=40)
    actions.open_process(
        Suspension, subscriber=subscriber, user=manager, starts_on=first, ends_on=TODAY - dt.timedelta(days=10)
    )
    out = StringIO()
    call_command("processes_daily", "--date", (first + dt.timedelta(days=1)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "Suspensions started: 1, ended: 0, reminders: 0."
    assert daily() == {"started": 0, "ended": 1, "reminded": 0}  # the Celery task runs as of today
