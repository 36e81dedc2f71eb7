"""Fixtures of the call-centre tests: the call classifier, calls written with the ORM, a fixed policy."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from abonent.callcentre.models import CallbackPolicy
from abonent.calls.models import Call, CallType

# code, Russian name, callback priority, is_missed — the classifier of seed 002
TYPES = [
    ("internal", "Внутренний звонок", 3, False),
    ("payment", "Вопрос по оплате", 3, False),
    ("conditions", "Консультация по условиям", 3, False),
    ("coordination", "Координация", 3, False),
    ("new_connection", "Новое подключение", 1, False),
    ("churn", "Отток", 2, False),
    ("missed", "Разговор не состоялся", 3, True),
    ("service", "Сервис, техподдержка", 3, False),
]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def call_types(db) -> dict[str, CallType]:
    """Seed 002's types by code; any other shipped types are archived so the table shows exactly these."""
    CallType.objects.exclude(code__in=[t[0] for t in TYPES]).update(is_archived=True, is_missed=False)
    types = {}
    for order, (code, name, priority, missed) in enumerate(TYPES, start=1):
        types[code], _ = CallType.objects.update_or_create(
            code=code,
            defaults={
                "name_ru": name,
                "name_en": code,
                "order": order,
                "callback_priority": priority,
                "is_missed": missed,
                "is_archived": False,
            },
        )
    return types


@pytest.fixture
def policy(db) -> CallbackPolicy:
    """Mon–Fri 9:00–18:00, SLA 30 min, 3 attempts, retry after 60 min; history up to 10 years old counts."""
    CallbackPolicy.objects.all().delete()
    return CallbackPolicy.objects.create(
        sla_minutes=30,
        work_starts=dt.time(9),
        work_ends=dt.time(18),
        work_days=[1, 2, 3, 4, 5],
        max_attempts=3,
        retry_minutes=60,
        max_age_hours=24 * 3650,
    )


_ids = itertools.count(1)


def at(day: dt.date | str, hh: int = 10, mm: int = 0, ss: int = 0) -> dt.datetime:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm, ss)))


@pytest.fixture
def make_call(db):
    def _make(
        started_at,
        *,
        direction="inbound",
        outcome="answered",
        caller="79120000001",
        callee="",
        wait=0,
        talk=0,
        call_type=None,
        queue="support",
        user=None,
        subscriber=None,
        ivr_branch="",
        **extra,
    ):
        answered = started_at + dt.timedelta(seconds=wait) if outcome == "answered" else None
        return Call.objects.create(
            call_id=f"t-{next(_ids)}",
            direction=direction,
            started_at=started_at,
            answered_at=answered,
            ended_at=started_at + dt.timedelta(seconds=wait + talk),
            caller=caller,
            callee=callee,
            queue=queue,
            outcome=outcome,
            wait_seconds=wait,
            talk_seconds=talk,
            duration_seconds=wait + talk,
            call_type=call_type,
            user=user,
            subscriber=subscriber,
            ivr_branch=ivr_branch,
            **extra,
        )

    return _make


@pytest.fixture
def make_subscriber(db):
    from abonent.subscribers.models import Subscriber

    counter = itertools.count(1)

    def _make(**extra):
        n = next(counter)
        extra.setdefault("name", f"Абонент {n}")
        extra.setdefault("connected_on", dt.date(2022, 5, 10))
        extra.setdefault("phones", f"7912000{n:04d}")
        return Subscriber.objects.create(external_id=extra.pop("external_id", f"9{n:05d}"), **extra)

    return _make
