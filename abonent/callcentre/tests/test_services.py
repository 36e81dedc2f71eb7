"""Missed calls → callback tasks: creation, merge, "got through meanwhile", auto-close, priority, the SLA clock."""

from abonent.callcentre import queries, services
from abonent.callcentre.models import CallbackTask
from abonent.calls.models import CallTypeRule
from abonent.calls.signals import calls_stored
from abonent.churn import actions as churn_actions

from .conftest import at

MON = "2026-11-23"  # a Monday


def store(*calls, live=False):
    calls_stored.send(sender=None, call_ids=[c.pk for c in calls], live=live)


def test_missed_call_creates_a_task_due_by_the_sla(policy, make_call):
    call = make_call(at(MON, 10, 0), outcome="abandoned", wait=40)
    store(call, live=True)
    task = CallbackTask.objects.get()
    assert (task.phone, task.status, task.missed_calls, task.call_id) == ("79120000001", "open", 1, call.pk)
    assert task.due_at == at(MON, 10, 30)


def test_sla_counts_working_hours_only(policy):
    # 17:50 Friday + 30 working minutes: 10 min on Friday, 20 min on Monday → Monday 9:20.
    assert services.due_at(at("2026-11-27", 17, 50), policy) == at("2026-11-30", 9, 20)
    # Saturday 12:00 waits for Monday 9:00.
    assert services.due_at(at("2026-11-28", 12, 0), policy) == at("2026-11-30", 9, 30)
    # Before opening: 7:00 Tuesday → 9:30.
    assert services.due_at(at("2026-11-24", 7, 0), policy) == at("2026-11-24", 9, 30)


def test_no_task_when_the_caller_got_through_meanwhile(policy, make_call):
    missed = make_call(at(MON, 10, 0), outcome="abandoned")
    answered = make_call(at(MON, 10, 5), outcome="answered", talk=100)
    store(missed, answered)
    assert not CallbackTask.objects.exists()


def test_no_task_when_called_back_meanwhile(policy, make_call):
    missed = make_call(at(MON, 10, 0), outcome="no_answer")
    make_call(at(MON, 10, 20), direction="outbound", caller="", callee="89120000001", talk=60)
    store(missed)
    assert not CallbackTask.objects.exists()


def test_repeated_missed_calls_merge_into_one_task(policy, make_call):
    first = make_call(at(MON, 10, 0), outcome="abandoned")
    store(first)
    second = make_call(at(MON, 10, 7), outcome="abandoned")
    third = make_call(at(MON, 10, 9), outcome="busy")
    store(second, third)
    store(second, third)  # the same calls again (re-import): counted once
    task = CallbackTask.objects.get()
    assert task.missed_calls == 3
    assert task.last_missed_at == at(MON, 10, 9)
    assert task.created_at == at(MON, 10, 0)


def test_a_later_answered_call_closes_the_open_task(policy, make_call):
    store(make_call(at(MON, 10, 0), outcome="abandoned"))
    store(make_call(at(MON, 11, 0), outcome="answered", talk=30))
    task = CallbackTask.objects.get()
    assert (task.status, task.outcome, task.closed_at) == ("done", "got_through", at(MON, 11, 0))
    # A new missed call after that opens a new task.
    store(make_call(at(MON, 12, 0), outcome="abandoned"))
    assert CallbackTask.objects.filter(status="open").count() == 1


def test_outbound_answered_call_closes_as_called_back(policy, make_call):
    store(make_call(at(MON, 10, 0), outcome="abandoned"))
    store(make_call(at(MON, 10, 40), direction="outbound", caller="", callee="+79120000001", talk=30))
    assert CallbackTask.objects.get().outcome == "called_back"


def test_answered_inbound_and_internal_calls_make_no_task(policy, make_call):
    store(make_call(at(MON, 10), outcome="answered"), make_call(at(MON, 10), direction="internal", outcome="no_answer"))
    store(make_call(at(MON, 10), outcome="abandoned", caller=""))  # no number to call back
    assert not CallbackTask.objects.exists()


def test_old_history_creates_no_tasks(policy, make_call):
    policy.max_age_hours = 72
    policy.save()
    store(make_call(at("2025-01-10", 10), outcome="abandoned"))
    assert not CallbackTask.objects.exists()


def test_priority_from_ivr_branch_and_open_request(policy, call_types, make_call, make_subscriber, make_user):
    CallTypeRule.objects.create(field="ivr", value="sales*", call_type=call_types["new_connection"])
    new = make_call(
        at(MON, 10), outcome="abandoned", caller="79120000011", ivr_branch="sales-1", call_type=call_types["missed"]
    )
    leaving = make_subscriber()
    churn_actions.register_request(leaving, channel="phone", user=make_user("retention_manager"))
    churner = make_call(at(MON, 10), outcome="abandoned", caller="79120000012", subscriber=leaving)
    churn_type = make_call(at(MON, 10), outcome="abandoned", caller="79120000013", call_type=call_types["churn"])
    other = make_call(at(MON, 10), outcome="abandoned", caller="79120000014", ivr_branch="support")
    store(new, churner, churn_type, other)
    got = {t.phone: (t.priority, t.priority_reason) for t in CallbackTask.objects.all()}
    assert got == {
        "79120000011": (1, "new_connection"),
        "79120000012": (2, "disconnection_request"),
        "79120000013": (2, "churn"),
        "79120000014": (3, "other"),
    }
    assert CallbackTask.objects.get(phone="79120000011").call_type == call_types["new_connection"]


def test_queue_order_is_priority_then_waiting_time(policy, make_call, call_types):
    store(make_call(at(MON, 9, 0), outcome="abandoned", caller="79120000021"))  # other, waiting longest
    store(make_call(at(MON, 9, 30), outcome="abandoned", caller="79120000022", call_type=call_types["churn"]))
    store(make_call(at(MON, 9, 45), outcome="abandoned", caller="79120000023", call_type=call_types["new_connection"]))
    store(make_call(at(MON, 9, 10), outcome="abandoned", caller="79120000024", call_type=call_types["churn"]))
    order = list(queries.queue(at(MON, 12)).values_list("phone", flat=True))
    assert order == ["79120000023", "79120000024", "79120000022", "79120000021"]


def test_a_big_import_is_read_by_its_run_within_the_policy_window(policy, make_call, monkeypatch):
    # More ids than BULK: the receiver picks the run's missed and answered calls of the last 72 h in SQL.
    import datetime as dt

    from django.utils import timezone

    from abonent.imports.services import start_run

    monkeypatch.setattr(services, "BULK", 1)
    policy.max_age_hours = 72
    policy.save()
    run = start_run("cdr", "Master.csv", source="cli")
    now = timezone.now()
    old = make_call(now - dt.timedelta(days=30), outcome="abandoned", caller="79120000021", import_run=run)
    recent = make_call(now - dt.timedelta(hours=2), outcome="abandoned", caller="79120000022", import_run=run)
    talked = make_call(now - dt.timedelta(hours=1), caller="79120000023", talk=60, import_run=run)
    make_call(now - dt.timedelta(hours=2), outcome="abandoned", caller="79120000024")  # another file's call
    calls_stored.send(sender=None, call_ids=[old.pk, recent.pk, talked.pk], live=False, run=run)
    assert list(CallbackTask.objects.values_list("phone", flat=True)) == ["79120000022"]
    # Without the run (ids as a range, as a load into an empty table gives them): the same calls, by their ids.
    CallbackTask.objects.all().delete()
    calls_stored.send(sender=None, call_ids=range(old.pk, talked.pk + 1), live=False)
    assert list(CallbackTask.objects.values_list("phone", flat=True)) == ["79120000022"]
