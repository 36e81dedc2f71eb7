"""The demo step turns a month of missed calls into a worked callback queue and leaves today's partly open."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from abonent.callcentre import demo
from abonent.callcentre.models import CallbackTask


def test_demo_without_calls_does_nothing(db, make_user):
    ctx = SimpleNamespace(seed=1, users={"agent": make_user("call_centre_agent")})
    assert demo.load(ctx) == {"callback tasks": 0}


def test_demo_works_the_missed_calls(make_call, make_user):
    now = timezone.now()
    for i in range(120):
        make_call(now - dt.timedelta(days=i % 20, minutes=30 + i), outcome="abandoned", caller=f"7912{i:07d}")
    ctx = SimpleNamespace(
        seed=1, users={"agent": make_user("call_centre_agent"), "manager": make_user("retention_manager")}
    )
    rows = demo.load(ctx)
    assert rows["callback tasks"] == 120 and rows["callback attempts"] > 100
    past = CallbackTask.objects.filter(created_at__lt=now - dt.timedelta(days=1))
    done = past.filter(status="done").count()
    reached = past.filter(outcome="reached").count()
    assert done >= past.count() * 0.9
    assert 0.55 <= reached / done <= 0.85
    assert demo.load(ctx)["callback tasks"] == 120  # a second run adds nothing
