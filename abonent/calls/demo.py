"""The demo operator's PBX: 60 days of calls written as real Asterisk files and imported through the importers.

The day's type mix follows seed 002's table (per 75 calls: internal 2, payment 5, conditions 4, coordination 6,
new connection 7, churn 1, did not take place 29, service 21), scaled to the operator's size (about 110 calls a
day at 20 000 subscribers, Mondays busiest, peaks at 10–13 and 17–19). Agents log in and out and pause in
queue_log, so staffing can compare who was logged in with the need.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from abonent.imports.choices import ImportStatus
from abonent.imports.services import import_file
from abonent.staff.models import Employee
from abonent.staff.roles import group_name

from .choices import ClassifiedBy, RuleField
from .models import AgentInterval, Call, CallType, CallTypeRule

ORDER = 20
DAYS = 60
CALLS_PER_DAY_AT_20000 = 110
DID = "4952000000"
# Seed 002's day: answered types per 75 calls, the rest (29) did not take place.
ANSWERED_MIX = {
    "internal": 2,
    "payment": 5,
    "conditions": 4,
    "coordination": 6,
    "new_connection": 7,
    "churn": 1,
    "service": 21,
}
MISSED_SHARE = 29 / 75
# The IVR branch a caller chose, and the queue it leads to, by what the call turns out to be.
ROUTES = {
    "payment": ("3-billing", "billing"),
    "conditions": ("2-sales", "sales"),
    # Seed 002: new-connection callers are separated in the IVR so that they are called back first.
    "new_connection": ("4-connect", "sales"),
    "coordination": ("0-operator", "general"),
    "churn": ("5-disconnect", "general"),
    "service": ("1-support", "support"),
}
DEMO_RULES = [
    (RuleField.IVR, "4-connect", "new_connection"),
    (RuleField.IVR, "5-disconnect", "churn"),
    (RuleField.QUEUE, "support", "service"),
    (RuleField.QUEUE, "billing", "payment"),
]
WEEKDAY_LOAD = [1.35, 1.1, 1.0, 1.0, 0.95, 0.55, 0.4]
HOUR_LOAD = {8: 2, 9: 5, 10: 9, 11: 10, 12: 9, 13: 7, 14: 6, 15: 6, 16: 6, 17: 8, 18: 8, 19: 6, 20: 3}
# username, first name, last name, PBX agent, monthly pay
AGENTS = [
    ("agent", None, None, "SIP/101", 52000),
    ("manager", None, None, "SIP/102", 65000),
    ("agent3", "Екатерина", "Соколова", "SIP/103", 48000),
    ("agent4", "Павел", "Морозов", "SIP/104", 48000),
    ("agent5", "Наталья", "Васильева", "SIP/105", 50000),
    ("agent6", "Артём", "Новиков", "SIP/106", 46000),
    ("agent7", "Юлия", "Фёдорова", "SIP/107", 46000),
]
SHIFTS = [(9, 18), (12, 21), (8, 17)]


def operator_models() -> list:
    return [AgentInterval, Call]


def _agents(ctx) -> list[tuple]:
    """Demo agents with their Employee rows; the extra ones get the call-centre agent role, password "abonent"."""
    User = get_user_model()
    group = Group.objects.get(name=group_name("call_centre_agent"))
    password = ctx.users["agent"].password  # the demo users' hash of "abonent"
    agents = []
    for username, first, last, pbx, pay in AGENTS:
        user = ctx.users.get(username)
        if user is None:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.abonent.local"
            user.password = password
            user.is_active = True
            user.save()
            user.groups.set([group])
        Employee.objects.update_or_create(
            user=user,
            defaults={
                "position": "Оператор call-центра" if username != "manager" else "Менеджер службы удержания",
                "monthly_salary": pay,
                "paid_hours_per_month": 168,
                "pbx_agent": pbx,
                "hired_on": ctx.today - timedelta(days=400),
            },
        )
        agents.append((user, pbx))
    return agents


def _subscriber_phones(ctx) -> list[str]:
    frame = ctx.frames["subscribers"]
    return (
        frame.filter(pl.col("status") != "disconnected", pl.col("phones").is_not_null())
        .select(pl.col("phones").str.split(",").list.first())
        .to_series()
        .to_list()
    )


def load(ctx) -> dict[str, int]:

    rng = np.random.default_rng(ctx.seed + 2002)
    zone = ZoneInfo(settings.TIME_ZONE)
    agents = _agents(ctx)
    types = CallType.objects.in_bulk(field_name="code")
    for order, (field, value, code) in enumerate(DEMO_RULES, start=1):
        CallTypeRule.objects.get_or_create(
            field=field, value=value, defaults={"call_type": types[code], "order": order}
        )
    phones = _subscriber_phones(ctx) or ["79000000000"]
    per_day = max(2.0, CALLS_PER_DAY_AT_20000 * ctx.size / 20000)
    now = timezone.localtime()
    answered_codes = list(ANSWERED_MIX)
    answered_p = np.array(list(ANSWERED_MIX.values()), dtype=float)
    answered_p /= answered_p.sum()
    hours = np.array(list(HOUR_LOAD))
    hour_p = np.array(list(HOUR_LOAD.values()), dtype=float)
    hour_p /= hour_p.sum()

    cdr: list[str] = []
    qlog: list[tuple[int, str]] = []
    planned: dict[str, tuple[str, int | None]] = {}  # call id → (type code the agent gives, user id)
    sequence = 0
    for offset in range(DAYS - 1, -1, -1):
        day: date = ctx.today - timedelta(days=offset)
        limit = now if day == now.date() else None
        # Who works today: 4–5 agents on weekdays, 2 at the weekend, in shifts; lunch and short pauses.
        staff = rng.permutation(len(agents))[: (2 if day.weekday() >= 5 else int(rng.integers(4, 6)))]
        shifts = []
        for n, index in enumerate(staff):
            start_h, end_h = SHIFTS[n % len(SHIFTS)] if day.weekday() < 5 else (10, 19)
            login = datetime(day.year, day.month, day.day, start_h, 0, tzinfo=zone) + timedelta(
                minutes=int(rng.integers(-10, 6))
            )
            logoff = datetime(day.year, day.month, day.day, end_h, 0, tzinfo=zone) + timedelta(
                minutes=int(rng.integers(-5, 15))
            )
            user, pbx = agents[index]
            shifts.append((login, logoff, user, pbx))
            events = [(login, f"NONE|NONE|{pbx}|AGENTLOGIN|{pbx}")]
            lunch = login + timedelta(hours=4, minutes=int(rng.integers(0, 40)))
            events += [
                (lunch, f"NONE|NONE|{pbx}|PAUSEALL|lunch"),
                (lunch + timedelta(hours=1), f"NONE|NONE|{pbx}|UNPAUSEALL|"),
            ]
            brk = login + timedelta(hours=2, minutes=int(rng.integers(0, 30)))
            events += [
                (brk, f"NONE|NONE|{pbx}|PAUSEALL|break"),
                (brk + timedelta(minutes=15), f"NONE|NONE|{pbx}|UNPAUSEALL|"),
            ]
            events.append((logoff, f"NONE|NONE|{pbx}|AGENTLOGOFF|{pbx}|{int((logoff - login).total_seconds())}"))
            qlog.extend((int(at.timestamp()), text) for at, text in events if limit is None or at <= limit)
        count = int(rng.poisson(per_day * WEEKDAY_LOAD[day.weekday()]))
        for _ in range(count):
            hour = int(rng.choice(hours, p=hour_p))
            start = datetime(day.year, day.month, day.day, hour, tzinfo=zone) + timedelta(
                seconds=int(rng.integers(0, 3600))
            )
            if limit is not None and start > limit - timedelta(minutes=15):
                continue
            sequence += 1
            uid = f"{int(start.timestamp())}.{sequence}"
            on_shift = [s for s in shifts if s[0] <= start < s[1]] or shifts[:1]
            shift = on_shift[int(rng.integers(0, len(on_shift)))]
            user, pbx = shift[2], shift[3]
            missed = rng.random() < MISSED_SHARE
            code = "missed" if missed else answered_codes[int(rng.choice(len(answered_codes), p=answered_p))]
            if code == "internal":
                other = agents[int(rng.integers(0, len(agents)))][1]
                talk = int(rng.integers(20, 240))
                end = start + timedelta(seconds=talk + 5)
                cdr.append(
                    _cdr_row(
                        pbx[4:],
                        other[4:],
                        "from-internal",
                        f"{pbx}-{sequence:08x}",
                        f"{other}-{sequence:08x}",
                        "Dial",
                        f"{other},30",
                        start,
                        start + timedelta(seconds=5),
                        end,
                        "ANSWERED",
                        uid,
                        "",
                        sequence,
                    )
                )
                planned[uid] = ("internal", None)
                continue
            if code == "new_connection" or rng.random() < 0.12:
                caller = f"79{int(rng.integers(0, 10**9)):09d}"  # a prospect or an unknown number
            else:
                caller = phones[int(rng.integers(0, len(phones)))]
            written = "8" + caller[1:] if rng.random() < 0.5 else caller
            if missed:
                plan_code = ["payment", "service", "service", "conditions", "new_connection", "coordination"][
                    int(rng.integers(0, 6))
                ]
            else:
                plan_code = code
            branch, queue = ROUTES[plan_code]
            ivr = int(rng.integers(8, 25))
            enter = start + timedelta(seconds=ivr)
            qlog.append((int(enter.timestamp()) - 1, f"{uid}|{queue}|NONE|DID|{DID}"))
            position = int(rng.integers(1, 4))
            qlog.append((int(enter.timestamp()), f"{uid}|{queue}|NONE|ENTERQUEUE||{written}|{position}"))
            if missed:
                wait = int(min(600, rng.exponential(70)) + 5)
                end = enter + timedelta(seconds=wait)
                if rng.random() < 0.1:
                    qlog.append(
                        (int(end.timestamp()), f"{uid}|{queue}|NONE|EXITWITHTIMEOUT|{position}|{position}|{wait}")
                    )
                else:
                    qlog.append((int(end.timestamp()), f"{uid}|{queue}|NONE|ABANDON|{position}|{position}|{wait}"))
                cdr.append(
                    _cdr_row(
                        written,
                        DID,
                        "from-trunk",
                        f"SIP/trunk-{sequence:08x}",
                        "",
                        "Queue",
                        f"{queue},t,,,300",
                        start,
                        start + timedelta(seconds=1),
                        end,
                        "ANSWERED",
                        uid,
                        branch,
                        sequence,
                    )
                )
                planned[uid] = ("missed", None)
                continue
            wait = int(min(300, rng.exponential(25)))
            talk = int(max(20, rng.lognormal(5.0 if plan_code == "service" else 4.7, 0.6)))
            answered = enter + timedelta(seconds=wait)
            end = answered + timedelta(seconds=talk)
            qlog.append((int(answered.timestamp()), f"{uid}|{queue}|{pbx}|CONNECT|{wait}|{uid}9|{min(wait, 8)}"))
            final = "COMPLETECALLER" if rng.random() < 0.6 else "COMPLETEAGENT"
            qlog.append((int(end.timestamp()), f"{uid}|{queue}|{pbx}|{final}|{wait}|{talk}|{position}"))
            cdr.append(
                _cdr_row(
                    written,
                    DID,
                    "from-trunk",
                    f"SIP/trunk-{sequence:08x}",
                    f"{pbx}-{sequence + 1:08x}",
                    "Queue",
                    f"{queue},t,,,300",
                    start,
                    answered,
                    end,
                    "ANSWERED",
                    uid,
                    branch,
                    sequence,
                )
            )
            planned[uid] = (plan_code, user.pk if user else None)

    with tempfile.TemporaryDirectory(prefix="abonent-pbx-") as folder:
        master = Path(folder) / "Master.csv"
        master.write_text("".join(cdr), encoding="utf-8")
        queue_log = Path(folder) / "queue_log"
        queue_log.write_text(
            "".join(f"{at}|{text}\n" for at, text in sorted(qlog, key=lambda e: e[0])), encoding="utf-8"
        )
        for kind, path in (("cdr", master), ("queue_log", queue_log)):
            run = import_file(kind, path, user=ctx.users.get("admin"), source="demo", file_name=path.name)
            if run.status != ImportStatus.SUCCEEDED:
                raise RuntimeError(f"demo {kind} import failed: {run.message} {run.errors[:3]}")
    classified = _classify_as_agents(planned, types, ctx.today)
    return {"calls": Call.objects.count(), "agent_intervals": AgentInterval.objects.count(), "classified": classified}


def _classify_as_agents(planned: dict, types: dict, today: date) -> int:
    """The agents' own clicks: answered calls the rules did not type get the planned type, except a few recent
    ones left for the to-do list."""
    recent = timezone.make_aware(datetime(today.year, today.month, today.day)) - timedelta(days=2)
    calls = list(
        Call.objects.filter(call_id__in=list(planned), outcome="answered").only(
            "pk", "call_id", "call_type_id", "classified_by", "started_at"
        )
    )
    changed = []
    for index, call in enumerate(calls):
        code, user_id = planned[call.call_id]
        if call.call_type_id == types[code].pk:
            continue
        if call.started_at >= recent and index % 3 == 0:
            continue  # not yet classified: the agents' to-do
        call.call_type_id = types[code].pk
        call.classified_by = ClassifiedBy.AGENT
        call.classified_user_id = user_id
        changed.append(call)
    with transaction.atomic():
        Call.objects.bulk_update(changed, ["call_type_id", "classified_by", "classified_user_id"], batch_size=1000)
    return len(changed)


def _cdr_row(
    src, dst, context, channel, dstchannel, app, appdata, start, answer, end, disposition, uid, userfield, seq
):
    def q(value) -> str:
        return '"' + str(value).replace('"', '""') + '"'

    def t(moment) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""

    duration = int((end - start).total_seconds())
    billsec = int((end - answer).total_seconds()) if answer else 0
    clid = f'"{src}" <{src}>'
    fields = [
        q(""),
        q(src),
        q(dst),
        q(context),
        q(clid),
        q(channel),
        q(dstchannel),
        q(app),
        q(appdata),
        q(t(start)),
        q(t(answer)),
        q(t(end)),
        str(duration),
        str(billsec),
        q(disposition),
        q("DOCUMENTATION"),
        q(uid),
        q(userfield),
        q(""),
        q(uid),
        str(seq),
    ]
    return ",".join(fields) + "\n"
