"""End to end with the calls app: a missed call pushed to the live feed is in the callback queue at once."""

import datetime as dt
import time

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abonent.callcentre.models import CallbackTask


def test_missed_call_from_the_live_feed_is_queued_within_a_second(make_user, policy):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user('head_of_retention')).key}")
    started = timezone.localtime(timezone.now() - dt.timedelta(minutes=1)).replace(microsecond=0)
    event = {
        "call_id": "live-cb-1",
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(seconds=50)).isoformat(),
        "caller": "8 912 345-67-89",
        "callee": "4952000000",
        "queue": "sales",
        "disposition": "NO ANSWER",
        "wait_seconds": 50,
    }
    # The process's first request pays for importing the feed's parsers (seconds); a running server has paid it.
    warm_up = {**event, "call_id": "warm-up", "caller": "79000000000", "disposition": "ANSWERED"}
    client.post("/api/calls/events/", warm_up, format="json")
    t0 = time.perf_counter()
    assert client.post("/api/calls/events/", event, format="json").status_code == 201
    task = CallbackTask.objects.get(phone="79123456789")
    assert time.perf_counter() - t0 < 1.0
    assert (task.status, task.created_at) == ("open", started)
    # The caller then gets through: the open task closes by itself.
    answered = {
        **event,
        "call_id": "live-cb-2",
        "disposition": "ANSWERED",
        "wait_seconds": 5,
        "talk_seconds": 40,
        "started_at": (started + dt.timedelta(seconds=55)).isoformat(),
        "ended_at": (started + dt.timedelta(seconds=100)).isoformat(),
    }
    answered["answered_at"] = (started + dt.timedelta(seconds=60)).isoformat()
    assert client.post("/api/calls/events/", answered, format="json").status_code == 201
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("done", "got_through")
