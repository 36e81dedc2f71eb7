"""Master.csv in its three shapes, queue_log, their merge into one call, cloud-PBX CSV with a saved mapping."""

from datetime import UTC, datetime

import pytest

from abonent.calls.models import AgentInterval, Call, PbxColumnMapping
from abonent.imports.models import ImportRun

from .conftest import CDR_21, QUEUE_LOG, import_kind, shape


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def by_id() -> dict[str, Call]:
    return {c.call_id: c for c in Call.objects.select_related("call_type", "subscriber", "user")}


@pytest.mark.django_db
def test_cdr_21_columns(write, subscribers, agents):
    run = import_kind("cdr", write("Master.csv", CDR_21))
    assert run.status == "succeeded", run.errors
    assert (run.rows_total, run.rows_added) == (5, 5)
    calls = by_id()
    first = calls["1762066800.1"]
    # 10:00:00 Moscow = 07:00 UTC; the agent leg answered at 10:00:20, billsec 280.
    assert first.started_at == utc(2025, 11, 2, 7, 0, 0)
    assert first.answered_at == utc(2025, 11, 2, 7, 0, 20)
    assert (first.direction, first.outcome, first.talk_seconds, first.wait_seconds) == ("inbound", "answered", 280, 20)
    assert first.caller == "79123456789" and first.subscriber == subscribers["ivanov"]
    assert (first.queue, first.agent, first.user, first.ivr_branch) == ("support", "SIP/101", agents["anna"], "payment")
    assert first.duration_seconds == 300
    # Answered only by the Queue application, no agent channel: abandoned.
    second = calls["1762066900.2"]
    assert (second.outcome, second.caller, second.subscriber, second.answered_at) == (
        "abandoned",
        "79990001122",
        None,
        None,
    )
    assert second.call_type.code == "missed" and second.classified_by == "auto"
    # Outbound to the company's second phone.
    third = calls["1762067000.3"]
    assert (third.direction, third.outcome, third.callee, third.subscriber) == (
        "outbound",
        "no_answer",
        "73431112233",
        subscribers["company"],
    )
    internal = calls["1762067100.4"]
    assert (internal.direction, internal.call_type.code, internal.subscriber) == ("internal", "internal", None)
    assert calls["1762067200.5"].outcome == "busy"
    assert first.sources == "cdr" and first.import_run == run


@pytest.mark.parametrize("width", [16, 18])
@pytest.mark.django_db
def test_cdr_shorter_shapes(write, subscribers, width):
    run = import_kind("cdr", write("Master.csv", shape(CDR_21, width)))
    assert run.status == "succeeded", run.errors
    calls = Call.objects.order_by("started_at")
    assert calls.count() == 5
    first = calls[0]
    if width == 18:
        assert first.call_id == "1762066800.1" and first.ivr_branch == "payment"
    else:
        # No id in the file: the channel and the start (Unix time) name the call.
        assert first.call_id == "cdr:SIP/trunk-00000001@1762066800" and first.ivr_branch == ""
    assert [c.outcome for c in calls] == ["answered", "abandoned", "no_answer", "answered", "busy"]


@pytest.mark.django_db
def test_cdr_reimport_changes_nothing(write, subscribers):
    path = write("Master.csv", CDR_21)
    assert import_kind("cdr", path).rows_added == 5
    before = list(Call.objects.order_by("pk").values())
    again = import_kind("cdr", path)
    assert (again.status, again.rows_added, again.rows_updated, again.rows_unchanged) == ("succeeded", 0, 0, 5)
    assert list(Call.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_queue_log(write, subscribers, agents):
    run = import_kind("queue_log", write("queue_log", QUEUE_LOG))
    assert run.status == "succeeded", run.errors
    calls = by_id()
    assert set(calls) == {"1762066800.1", "1762066900.2"}
    answered = calls["1762066800.1"]
    # CONNECT holdtime 20, COMPLETECALLER calltime 280; connected at epoch …820 = 07:00:20 UTC.
    assert (answered.outcome, answered.wait_seconds, answered.talk_seconds) == ("answered", 20, 280)
    assert answered.answered_at == utc(2025, 11, 2, 7, 0, 20)
    assert answered.ended_at == utc(2025, 11, 2, 7, 5, 0)
    assert (answered.queue, answered.agent, answered.user, answered.callee) == (
        "support",
        "SIP/101",
        agents["anna"],
        "74952000000",  # the DID, normalised like every number
    )
    assert answered.subscriber == subscribers["ivanov"]
    abandoned = calls["1762066900.2"]
    assert (abandoned.outcome, abandoned.abandon_position, abandoned.wait_seconds) == ("abandoned", 2, 45)
    sessions = AgentInterval.objects.filter(kind="session").order_by("agent", "queue")
    # SIP/101: AGENTLOGIN (all queues) and ADDMEMBER support, both closed at 1762070000; SIP/102 still in.
    assert [(s.agent, s.queue, s.ended_at) for s in sessions] == [
        ("SIP/101", "", utc(2025, 11, 2, 7, 53, 20)),
        ("SIP/101", "support", utc(2025, 11, 2, 7, 53, 20)),
        ("SIP/102", "support", None),
    ]
    pause = AgentInterval.objects.get(kind="pause")
    assert (pause.agent, pause.reason, pause.user) == ("SIP/102", "lunch", agents["boris"])
    assert (pause.ended_at - pause.started_at).total_seconds() == 1800


@pytest.mark.parametrize("order", [("cdr", "queue_log"), ("queue_log", "cdr")])
@pytest.mark.django_db
def test_cdr_and_queue_log_are_one_call(write, subscribers, agents, order):
    files = {"cdr": write("Master.csv", CDR_21), "queue_log": write("queue_log", QUEUE_LOG)}
    for kind in order:
        assert import_kind(kind, files[kind]).status == "succeeded"
    assert Call.objects.count() == 5
    calls = by_id()
    answered = calls["1762066800.1"]
    assert answered.sources == "cdr,queue_log"
    assert (answered.outcome, answered.wait_seconds, answered.talk_seconds, answered.ivr_branch) == (
        "answered",
        20,
        280,
        "payment",
    )
    abandoned = calls["1762066900.2"]
    # queue_log knows the position; the CDR's answer time (the Queue application's) is not an answer.
    assert (abandoned.outcome, abandoned.abandon_position, abandoned.answered_at) == ("abandoned", 2, None)
    assert abandoned.duration_seconds == 45
    # Importing both again changes nothing, whatever came first.
    for kind in order:
        again = import_kind(kind, files[kind])
        assert (again.rows_added, again.rows_updated) == (0, 0)


@pytest.mark.django_db
def test_generic_csv_with_saved_mapping(write, subscribers):
    mapping = PbxColumnMapping.objects.create(
        name="Облачная АТС",
        columns={
            "call_id": "ID звонка",
            "started_at": "Время",
            "caller": "Кто звонил",
            "callee": "Куда звонил",
            "outcome": "Статус",
            "talk_seconds": "Длительность разговора",
            "wait_seconds": "Ожидание",
        },
        datetime_format="%d.%m.%Y %H:%M:%S",
        outcome_values={"Принят": "answered", "Пропущен": "abandoned"},
    )
    text = (
        "ID звонка;Время;Кто звонил;Куда звонил;Статус;Длительность разговора;Ожидание\n"
        "a-1;02.11.2025 10:00:00;+7 (343) 111-22-44;74952000000;Принят;125;12\n"
        "a-2;02.11.2025 10:10:00;79990001122;74952000000;Пропущен;0;61\n"
    )
    run = import_kind("pbx_csv", write("calls.csv", text), mapping=mapping.name)
    assert run.status == "succeeded", run.errors
    calls = by_id()
    assert calls["a-1"].subscriber == subscribers["ivanov"]  # his second phone
    assert (calls["a-1"].outcome, calls["a-1"].talk_seconds, calls["a-1"].wait_seconds) == ("answered", 125, 12)
    assert calls["a-1"].started_at == utc(2025, 11, 2, 7, 0)
    assert (calls["a-2"].outcome, calls["a-2"].call_type.code, calls["a-2"].sources) == (
        "abandoned",
        "missed",
        "generic",
    )
    # An unknown status is an error naming the file's column; nothing is imported.
    bad = import_kind("pbx_csv", write("bad.csv", text.replace("Пропущен", "Потерян")), mapping=mapping.pk)
    assert bad.status == "failed"
    assert [(e["row"], e["column"], e["value"]) for e in bad.errors] == [(3, "Статус", "Потерян")]


@pytest.mark.django_db
def test_generic_csv_without_mapping_fails(write):
    run = import_kind("pbx_csv", write("calls.csv", "a;b\n1;2\n"))
    assert run.status == "failed" and ImportRun.objects.count() == 1
