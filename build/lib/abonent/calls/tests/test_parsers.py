"""Parsers: every Master.csv shape, every queue_log event, malformed lines (line number, nothing imported)."""

from datetime import UTC, datetime

import pytest

from abonent.calls.models import AgentInterval, Call
from abonent.calls.parsers import ParseError, master_csv, parse_cdr, parse_queue_log
from abonent.imports.models import ImportRun

from .conftest import CDR_21, import_kind, shape


def epoch(moment: str) -> int:
    return int(datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize("width", [16, 18, 21])
def test_cdr_shapes_parse_the_same_calls(tmp_path, width, settings):
    settings.TIME_ZONE = "Europe/Moscow"
    path = tmp_path / "Master.csv"
    path.write_text(shape(CDR_21, width), encoding="utf-8")
    calls = parse_cdr(path, "Master.csv")
    assert calls.height == 5
    assert calls["outcome"].to_list() == ["answered", "abandoned", "no_answer", "answered", "busy"]
    assert calls["direction"].to_list() == ["inbound", "inbound", "outbound", "internal", "inbound"]
    assert calls["talk_seconds"].to_list() == [280, 0, 0, 60, 0]
    assert calls["queue"].to_list() == ["support", "support", "", "", ""]


def test_cdr_header_row_and_quotes(tmp_path):
    header = master_csv([], 16, header=True).strip()
    line = (
        '"","101","102","from-internal","""Петров """"Пётр"""""" <101>","SIP/101-1","SIP/102-2","Dial","SIP/102,30",'
        '"2025-11-02 10:00:00","","2025-11-02 10:00:30",30,0,"NO ANSWER","DOCUMENTATION"'
    )
    path = tmp_path / "Master.csv"
    path.write_text(header + "\n" + line + "\n", encoding="utf-8")
    calls = parse_cdr(path, "Master.csv")
    assert calls.height == 1 and calls["outcome"][0] == "no_answer" and calls["answered_at"][0] is None


@pytest.mark.django_db
def test_malformed_cdr_lines_import_nothing(write, subscribers):
    lines = CDR_21.splitlines()
    lines[1] = lines[1].replace('"2025-11-02 10:01:40"', '"02.11.2025 10:01"')
    lines[3] = lines[3].replace('"ANSWERED"', '"PICKED UP"')
    run = import_kind("cdr", write("Master.csv", "\n".join(lines) + "\n"))
    assert run.status == "failed" and Call.objects.count() == 0
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "start", "02.11.2025 10:01"),
        (4, "disposition", "PICKED UP"),
    ]
    assert run.error_count == 2 and run.message == "Ошибок: 2 в строках: 2; ничего не загружено."
    # A line with more fields than the first names its line number.
    extra = CDR_21.splitlines()
    extra[2] += ',"x"'
    run = import_kind("cdr", write("Master2.csv", "\n".join(extra) + "\n"))
    assert run.status == "failed" and [(e["row"], e["value"]) for e in run.errors] == [(3, "22")]
    # Neither 16, 18 nor 21 fields.
    run = import_kind("cdr", write("Master3.csv", '"a","b","c"\n'))
    assert run.status == "failed" and run.errors[0]["value"] == "3"
    assert Call.objects.count() == 0 and ImportRun.objects.filter(status="failed").count() == 3


EVERY_EVENT = """\
1762066000|NONE|NONE|Agent/1001|AGENTLOGIN|SIP/201
1762066000|NONE|NONE|Agent/1002|AGENTCALLBACKLOGIN|SIP/202
1762066001|NONE|sales|SIP/201|ADDMEMBER|
1762066002|NONE|sales|SIP/201|PAUSE|break
1762066302|NONE|sales|SIP/201|UNPAUSE|break
1762066400|NONE|NONE|SIP/201|PAUSEALL|meeting
1762066500|NONE|NONE|SIP/201|UNPAUSEALL|
1762066600|NONE|sales|NONE|QUEUESTART|
1762066700|c1|sales|NONE|ENTERQUEUE||79120000001|1
1762066710|c1|sales|SIP/201|RINGNOANSWER|15000
1762066730|c1|sales|SIP/202|CONNECT|30|c1-b|3
1762066790|c1|sales|SIP/202|COMPLETEAGENT|30|60|1
1762066800|c2|sales|NONE|ENTERQUEUE||79120000002|1
1762066900|c2|sales|NONE|EXITWITHTIMEOUT|1|1|100
1762067000|c3|sales|NONE|ENTERQUEUE||79120000003|1
1762067005|c3|sales|NONE|EXITEMPTY|1|1|5
1762067100|c4|sales|NONE|ENTERQUEUE||79120000004|2
1762067112|c4|sales|NONE|EXITWITHKEY|5|2|2|12
1762067200|c5|sales|NONE|ENTERQUEUE||79120000005|1
1762067210|c5|sales|SIP/201|CONNECT|10|c5-b|2
1762067300|c5|sales|SIP/201|ATTENDEDTRANSFER|BRIDGE|b-77|10|90|1
1762067400|c6|sales|NONE|ENTERQUEUE||79120000006|1
1762067404|c6|sales|SIP/201|CONNECT|4|c6-b|2
1762067464|c6|sales|SIP/201|BLINDTRANSFER|300|from-internal|4|60|1
1762067500|c7|sales|NONE|ENTERQUEUE||79120000007|1
1762067503|c7|sales|SIP/202|CONNECT|3|c7-b|2
1762067543|c7|sales|SIP/202|COMPLETECALLER|3|40|1
1762067600|c8|sales|NONE|ENTERQUEUE||79120000008|3
1762067630|c8|sales|NONE|ABANDON|3|3|30
1762067700|c9|sales|NONE|ENTERQUEUE||79120000009|1
1762068000|NONE|sales|SIP/201|REMOVEMEMBER|
1762068000|NONE|NONE|Agent/1001|AGENTLOGOFF|SIP/201|2000
1762068000|NONE|NONE|Agent/1002|AGENTCALLBACKLOGOFF|SIP/202|2000
"""


def test_queue_log_every_event(tmp_path):
    path = tmp_path / "queue_log"
    path.write_text(EVERY_EVENT, encoding="utf-8")
    log = parse_queue_log(path, "queue_log")
    calls = {row["call_id"]: row for row in log.calls.to_dicts()}
    # c9 is still waiting at the end of the file: left for the next file.
    assert set(calls) == {f"c{n}" for n in range(1, 9)} and log.in_progress == 1 and log.ignored == 1
    summary = {
        k: (v["outcome"], v["wait_seconds"], v["talk_seconds"], v["abandon_position"], v["agent"])
        for k, v in calls.items()
    }
    assert summary == {
        "c1": ("answered", 30, 60, None, "SIP/202"),
        "c2": ("timeout", 100, 0, 1, ""),
        "c3": ("no_answer", 5, 0, 1, ""),
        "c4": ("abandoned", 12, 0, 2, ""),  # EXITWITHKEY: key 5 at position 2
        "c5": ("answered", 10, 90, None, "SIP/201"),
        "c6": ("answered", 4, 60, None, "SIP/201"),
        "c7": ("answered", 3, 40, None, "SIP/202"),
        "c8": ("abandoned", 30, 0, 3, ""),
    }
    assert calls["c1"]["answered_at"] == datetime.fromtimestamp(1762066730, UTC)
    assert calls["c1"]["caller"] == "79120000001" and calls["c1"]["direction"] == "inbound"
    intervals = sorted(
        (i.agent, i.queue, i.kind, i.started_at.timestamp(), i.ended_at.timestamp(), i.reason) for i in log.intervals
    )
    assert intervals == [
        ("Agent/1001", "", "session", 1762066000, 1762068000, ""),
        ("Agent/1002", "", "session", 1762066000, 1762068000, ""),
        ("SIP/201", "", "pause", 1762066400, 1762066500, "meeting"),
        ("SIP/201", "sales", "pause", 1762066002, 1762066302, "break"),
        ("SIP/201", "sales", "session", 1762066001, 1762068000, ""),
    ]


@pytest.mark.parametrize(
    "line, column, value",
    [
        ("1762066000|c1|q|NONE", "строка", "1762066000|c1|q|NONE"),  # the Russian UI's word for "line"
        ("yesterday|c1|q|NONE|ENTERQUEUE||7912|1", "epoch", "yesterday"),
        ("1762066000|c1|q|SIP/1|CONNECT|soon|x|1", "data1 (holdtime)", "soon"),
        ("1762066000|c1|q|SIP/1|COMPLETECALLER|10", "data2 (calltime)", ""),
        ("1762066000|c1|q|NONE|ABANDON|2|2|-5", "data3 (waittime)", "-5"),
        ("1762066000|c1|q|NONE|EXITWITHKEY||1", "data1 (key)", ""),
        ("1762066000|c1|q|SIP/1|RINGNOANSWER|x", "data1 (ringtime)", "x"),
        ("1762066000|c1|q|SIP/1|BLINDTRANSFER|300|ctx|4|long|1", "data4 (calltime)", "long"),
        ("1762066000|c1|q|SIP/1|ATTENDEDTRANSFER|LINK|a|b|4|x|1", "data4 (calltime)", "x"),
    ],
)
def test_malformed_queue_log_line(tmp_path, line, column, value):
    path = tmp_path / "queue_log"
    path.write_text("1762065000|c0|q|NONE|ENTERQUEUE||7912|1\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        parse_queue_log(path, "queue_log")
    assert [(e["row"], e["column"], e["value"]) for e in caught.value.errors] == [(2, column, value)]


@pytest.mark.django_db
def test_malformed_queue_log_imports_nothing(write):
    run = import_kind("queue_log", write("queue_log", EVERY_EVENT + "1762069000|c10|sales|NONE|ABANDON|x|1|5\n"))
    assert run.status == "failed" and run.errors[0]["row"] == 34
    assert Call.objects.count() == 0 and AgentInterval.objects.count() == 0


@pytest.mark.django_db
def test_queue_log_closes_intervals_opened_in_an_earlier_file(write):
    first, second = EVERY_EVENT.split("1762068000|NONE|sales|SIP/201|REMOVEMEMBER|\n")
    import_kind("queue_log", write("queue_log.1", first))
    assert AgentInterval.objects.filter(ended_at__isnull=True).count() == 3
    run = import_kind("queue_log", write("queue_log", "1762068000|NONE|sales|SIP/201|REMOVEMEMBER|\n" + second))
    assert run.status == "succeeded"
    assert AgentInterval.objects.filter(ended_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_phone_matching_with_several_phones(write, subscribers):
    """Ivanov has two phones; a call from either is his, written as 8…, +7… or with spaces."""
    log = (
        "1762066700|p1|q|NONE|ENTERQUEUE||8 (912) 345-67-89|1\n1762066710|p1|q|NONE|ABANDON|1|1|10\n"
        "1762066800|p2|q|NONE|ENTERQUEUE||+7 343 111-22-44|1\n1762066810|p2|q|NONE|ABANDON|1|1|10\n"
        "1762066900|p3|q|NONE|ENTERQUEUE||3431112244|1\n1762066910|p3|q|NONE|ABANDON|1|1|10\n"
        "1762067000|p4|q|NONE|ENTERQUEUE||79000000000|1\n1762067010|p4|q|NONE|ABANDON|1|1|10\n"
    )
    import_kind("queue_log", write("queue_log", log))
    owners = dict(Call.objects.values_list("call_id", "subscriber__external_id"))
    assert owners == {"p1": "1001", "p2": "1001", "p3": "1001", "p4": None}
