"""PBX files that would have crashed the import or stored the impossible: each fails with file/line/column/value."""

import pytest

from abonent.calls.models import Call
from abonent.imports.models import ImportRun

from .conftest import CDR_21, QUEUE_LOG, import_kind

pytestmark = pytest.mark.django_db


def errors_of(run) -> list[tuple]:
    return [(e["row"], e["column"], e["code"]) for e in run.errors]


def test_cdr_with_cr_line_ends_fails_with_the_line(write, subscribers):
    run = import_kind("cdr", write("Master.csv", CDR_21.replace("\n", "\r")))
    assert run.status == "failed" and Call.objects.count() == 0
    assert [(e["row"], e["code"]) for e in run.errors] == [(1, "line_ends")]
    assert ImportRun.objects.get().status == "failed"


def test_cdr_call_in_1899_or_2099_is_refused_before_the_database_sees_it(write, subscribers):
    text = CDR_21.replace("2025-11-02 10:00:00", "1899-11-02 10:00:00", 1)
    text = text.replace("2025-11-02 10:01:40", "2099-11-02 10:01:40", 1)
    run = import_kind("cdr", write("Master.csv", text))
    assert run.status == "failed" and Call.objects.count() == 0
    assert (1, "start", "bad_value") in errors_of(run) and (2, "start", "bad_value") in errors_of(run)
    first = next(e for e in run.errors if e["row"] == 1 and e["column"] == "start")
    assert first["value"] == "1899-11-02 10:00:00" and "01.01.2000" in first["expected"]


def test_cdr_call_that_ends_before_it_starts_is_refused(write, subscribers):
    line = CDR_21.splitlines()[3]
    swapped = line.replace(
        '"2025-11-02 10:05:00","2025-11-02 10:05:05","2025-11-02 10:06:05"',
        '"2025-11-02 10:06:05","2025-11-02 10:05:05","2025-11-02 10:05:00"',
    )
    run = import_kind("cdr", write("Master.csv", CDR_21.replace(line, swapped)))
    assert run.status == "failed"
    assert {(4, "answer", "bad_value"), (4, "end", "bad_value")} <= set(errors_of(run))


def test_lowercase_dispositions_are_read_as_asterisk_writes_them(write, subscribers):
    run = import_kind(
        "cdr", write("Master.csv", CDR_21.replace('"ANSWERED"', '"answered"').replace('"BUSY"', '"Busy"'))
    )
    assert run.status == "succeeded", run.errors
    assert sorted(Call.objects.values_list("outcome", flat=True)).count("busy") == 1


def test_queue_log_event_in_2099_or_1970_is_refused(write, subscribers):
    text = QUEUE_LOG.replace("1762066945|", "4102400000|").replace("1762067300|", "100|")
    run = import_kind("queue_log", write("queue_log", text))
    assert run.status == "failed" and Call.objects.count() == 0
    assert [(e["row"], e["column"]) for e in run.errors] == [(10, "epoch"), (11, "epoch")]


def test_queue_log_with_a_bom_reads_and_an_empty_one_is_refused(write, subscribers):
    assert import_kind("queue_log", write("queue_log", "\ufeff" + QUEUE_LOG)).status == "succeeded"
    run = import_kind("queue_log", write("empty", ""))
    assert [(e["row"], e["code"]) for e in run.errors] == [(1, "empty_file")]
