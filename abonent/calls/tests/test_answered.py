# ruff: noqa: E501
"""Answered or missed the way the PBX means it, and the agent of a call fanned out through Local channels.

Master.csv lines as Asterisk 13's cdr_csv writes them (21 fields), for yesterday morning (so the callback queue,
which looks 72 hours back, takes the missed calls):

- .10  after hours: the PBX answers, plays a message and hangs up (lastapp Hangup, no dstchannel) — missed;
- .11  the PBX answers (greeting), rings 101 and 102 for 60 s, nobody picks up, Hangup — missed, no talk;
- .14  a fan-out: Dial(Local/ch1@TimeDelay&Local/ch2@TimeDelay); ch1's ";2" half dials SIP/101, which answers
       after 12 s and talks 180 s; ch2's half rang SIP/102 in vain;
- .20  a plain queue call answered by SIP/102 (the control);
- .30  extension 101 listens to its voicemail (answered by VoiceMailMain, no dstchannel): internal, answered.
"""

import datetime as dt

import pytest
from django.utils import timezone

from abonent.callcentre.models import CallbackTask
from abonent.calls.models import Call
from abonent.calls.parsers import master_csv

from .conftest import import_kind

LEGS = '''\
"","89120000001","4952000000","from-trunk","""89120000001"" <89120000001>","SIP/trunk-0000000a","","Hangup","","{day} 09:00:00","{day} 09:00:01","{day} 09:00:15",15,14,"ANSWERED","DOCUMENTATION","1762153200.10","","","1762153200.10",10
"","89120000002","4952000000","from-trunk","""89120000002"" <89120000002>","SIP/trunk-0000000b","SIP/101-0000000c","Dial","SIP/101&SIP/102,60","{day} 09:10:02","","{day} 09:11:02",60,0,"NO ANSWER","DOCUMENTATION","1762153800.11","","","1762153800.11",11
"","89120000002","4952000000","from-trunk","""89120000002"" <89120000002>","SIP/trunk-0000000b","SIP/102-0000000d","Dial","SIP/101&SIP/102,60","{day} 09:10:02","","{day} 09:11:02",60,0,"NO ANSWER","DOCUMENTATION","1762153800.11","","","1762153800.11",12
"","89120000002","4952000000","from-trunk","""89120000002"" <89120000002>","SIP/trunk-0000000b","","Hangup","","{day} 09:10:00","{day} 09:10:02","{day} 09:11:02",62,60,"ANSWERED","DOCUMENTATION","1762153800.11","","","1762153800.11",13
"","89123456789","4952000000","from-trunk","""Иван Иванов"" <89123456789>","SIP/trunk-0000000e","Local/ch1@TimeDelay-00000001;1","Dial","Local/ch1@TimeDelay&Local/ch2@TimeDelay,60","{day} 09:20:00","{day} 09:20:12","{day} 09:23:12",192,180,"ANSWERED","DOCUMENTATION","1762154400.14","","","1762154400.14",14
"","89123456789","4952000000","from-trunk","""Иван Иванов"" <89123456789>","SIP/trunk-0000000e","Local/ch2@TimeDelay-00000002;1","Dial","Local/ch1@TimeDelay&Local/ch2@TimeDelay,60","{day} 09:20:00","","{day} 09:20:12",12,0,"NO ANSWER","DOCUMENTATION","1762154400.14","","","1762154400.14",15
"","89123456789","ch1","TimeDelay","""Иван Иванов"" <89123456789>","Local/ch1@TimeDelay-00000001;2","SIP/101-0000000f","Dial","SIP/101,60","{day} 09:20:00","{day} 09:20:12","{day} 09:23:12",192,180,"ANSWERED","DOCUMENTATION","1762154400.16","","","1762154400.14",16
"","89123456789","ch2","TimeDelay","""Иван Иванов"" <89123456789>","Local/ch2@TimeDelay-00000002;2","SIP/102-00000010","Dial","SIP/102,60","{day} 09:20:00","","{day} 09:20:12",12,0,"NO ANSWER","DOCUMENTATION","1762154400.18","","","1762154400.14",17
"","89120000003","4952000000","from-trunk","""89120000003"" <89120000003>","SIP/trunk-00000011","SIP/102-00000012","Queue","support,t,,,300","{day} 09:30:00","{day} 09:30:08","{day} 09:32:08",128,120,"ANSWERED","DOCUMENTATION","1762155000.20","","","1762155000.20",20
"","101","8500","from-internal","""Анна"" <101>","SIP/101-00000013","","VoiceMailMain","101@default","{day} 09:40:00","{day} 09:40:01","{day} 09:41:01",61,60,"ANSWERED","DOCUMENTATION","1762155600.30","","","1762155600.30",30
'''


def legs(width: int = 21) -> str:
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    text = LEGS.replace("{day}", day)
    if width == 21:
        return text
    import csv
    import io

    return master_csv(csv.reader(io.StringIO(text)), width)


@pytest.mark.django_db
def test_a_call_only_the_pbx_answered_is_missed_and_called_back(write, subscribers, agents):
    run = import_kind("cdr", write("Master.csv", legs()))
    assert run.status == "succeeded", run.errors
    calls = {c.call_id: c for c in Call.objects.all()}
    assert len(calls) == 5
    announced = calls["1762153200.10"]
    # Asterisk says ANSWERED (the Hangup application picked up); nobody spoke to the caller.
    assert (announced.outcome, announced.answered_at, announced.talk_seconds, announced.agent) == (
        "abandoned",
        None,
        0,
        "",
    )
    rang = calls["1762153800.11"]
    # 60 s of ringing on two phones, then Hangup: not 60 s of talk.
    assert (rang.outcome, rang.answered_at, rang.talk_seconds, rang.duration_seconds) == ("no_answer", None, 0, 62)
    assert calls["1762155000.20"].outcome == "answered"
    # The voicemail is an internal call: answered by the PBX is what the caller wanted.
    assert (calls["1762155600.30"].direction, calls["1762155600.30"].outcome) == ("internal", "answered")
    answered = sorted(c.call_id for c in calls.values() if c.outcome == "answered")
    assert answered == ["1762154400.14", "1762155000.20", "1762155600.30"]
    # The missed ones are in the callback queue, from the normal import path.
    phones = set(CallbackTask.objects.values_list("phone", flat=True))
    assert phones == {"79120000001", "79120000002"}


@pytest.mark.parametrize("width", [21, 18])
@pytest.mark.django_db
def test_the_agent_of_a_fan_out_call_is_the_phone_that_answered(write, subscribers, agents, width):
    run = import_kind("cdr", write("Master.csv", legs(width)))
    assert run.status == "succeeded", run.errors
    # With 18 fields the Local halves have ids of their own; they are still legs of the call, not calls.
    assert Call.objects.count() == 5
    fan_out = Call.objects.get(call_id="1762154400.14")
    assert (fan_out.agent, fan_out.user) == ("SIP/101", agents["anna"])
    assert (fan_out.outcome, fan_out.wait_seconds, fan_out.talk_seconds) == ("answered", 12, 180)
    assert (fan_out.direction, fan_out.callee, fan_out.subscriber) == ("inbound", "74952000000", subscribers["ivanov"])


@pytest.mark.parametrize("order", [("cdr", "queue_log"), ("queue_log", "cdr")])
@pytest.mark.django_db
def test_queue_log_connect_makes_it_answered_whatever_the_cdr_says(write, subscribers, agents, order):
    # queue_log saw SIP/102 take call .10 (a CDR with only the Hangup application would make it missed).
    started = int(
        timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=1), dt.time(9))).timestamp()
    )
    log = (
        f"{started}|1762153200.10|support|NONE|ENTERQUEUE||89120000001|1\n"
        f"{started + 1}|1762153200.10|support|SIP/102|CONNECT|1|1762153201.12|1\n"
        f"{started + 15}|1762153200.10|support|SIP/102|COMPLETECALLER|1|14|1\n"
    )
    files = {"cdr": write("Master.csv", legs()), "queue_log": write("queue_log", log)}
    for kind in order:
        assert import_kind(kind, files[kind]).status == "succeeded"
    call = Call.objects.get(call_id="1762153200.10")
    assert (call.outcome, call.agent, call.talk_seconds, call.sources) == ("answered", "SIP/102", 14, "cdr,queue_log")
