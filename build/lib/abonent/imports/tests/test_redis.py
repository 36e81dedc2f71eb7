"""With REDIS_URL set: progress goes through Redis to other processes, and imports run on a Celery worker.

Skipped, with the reason, when no Redis answers (scripts/test sets TEST_REDIS_URL when one does).
"""

import os
import uuid

import pytest

from abonent.imports.models import ImportRun
from abonent.imports.services import import_file, progress_key
from abonent.subscribers.models import Tariff

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="Redis suite: set TEST_REDIS_URL (scripts/test does when Redis answers)"),
]

TARIFFS = "code;name;service_type;monthly_fee;speed_mbps\nNET100;Интернет 100;internet;450;100\nTV1;КТВ;catv;290;\n"


@pytest.fixture
def redis_cache(settings):
    prefix = f"abonent-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix  # Django's setting_changed handler rebuilds the cache handlers
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_progress_is_visible_to_another_process_through_redis(redis_cache, tmp_path):
    from django.core.cache.backends.redis import RedisCache

    path = tmp_path / "tariffs.csv"
    path.write_text(TARIFFS, encoding="utf-8")
    run = import_file("tariffs", path, source="cli")
    assert run.status == "succeeded" and run.rows_added == 2

    # A separate client, as the web process polling for a worker's import would have.
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache})
    progress = other.get(progress_key(run.pk))
    assert progress is not None, "the import published no progress to Redis"
    assert progress["total"] == 2 and progress["processed"] == 2


@pytest.mark.django_db(transaction=True)
def test_upload_runs_on_a_celery_worker_through_redis(on_postgres, redis_cache, settings, tmp_path):
    """The web request only queues the job; a worker (here a thread with its own connection) imports the file."""
    from celery.contrib.testing.worker import start_worker

    from abonent.celery import app
    from abonent.imports.tasks import run_import

    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    try:
        path = tmp_path / "tariffs.csv"
        path.write_text(TARIFFS, encoding="utf-8")
        run = ImportRun.objects.create(kind="tariffs", file_name="tariffs.csv", source="ui")
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            result = run_import.delay(run.pk, str(path), delete=False)
            assert result.get(timeout=60) == run.pk
        run.refresh_from_db()
        assert run.status == "succeeded" and run.rows_added == 2
        assert sorted(Tariff.objects.values_list("code", flat=True)) == ["NET100", "TV1"]
    finally:
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
