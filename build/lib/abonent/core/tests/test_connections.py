"""Database connections under load: a web process holds a bounded number of them however many clients it serves."""

import os
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.conf import settings
from django.db import connection


def _connections_to(db: dict) -> int:
    """Backends connected to the test database now, not counting the one asking."""
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or None
    ) as probe:
        return probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_clients_stay_within_the_pool(on_postgres, live_server, make_user, make_subscriber):
    """50 API clients at once, 4 requests each, against the threaded live server on PostgreSQL: every request
    answers 200 and the process never holds more connections than its pool's DB_POOL_MAX_SIZE."""
    from rest_framework.authtoken.models import Token

    bound = int(os.environ.get("DB_POOL_MAX_SIZE", "8"))
    for _ in range(30):
        make_subscriber()
    token = Token.objects.create(user=make_user("head_of_retention")).key
    connection.close()  # the test's own connection goes back to the pool (or closes) like a finished request's
    connection.close_pool()  # start from an empty pool (no-op without one)
    db = settings.DATABASES["default"]
    # Connections other tests in this process left behind (threads that ended holding one) are not this pool's.
    before = _connections_to(db)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _connections_to(db))
            time.sleep(0.01)

    statuses: list[int | str] = []
    barrier = threading.Barrier(50)

    def client():
        barrier.wait()
        for _ in range(4):
            request = urllib.request.Request(
                f"{live_server.url}/api/subscribers/subscribers/?limit=20", headers={"Authorization": f"Token {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
            except OSError as exc:
                statuses.append(repr(exc))

    sampler = threading.Thread(target=sample)
    sampler.start()
    clients = [threading.Thread(target=client) for _ in range(50)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    done.set()
    sampler.join()
    assert statuses == [200] * 200
    assert 1 <= peak[0] - before <= bound, f"{peak[0] - before} connections at the peak, the pool allows {bound}"
