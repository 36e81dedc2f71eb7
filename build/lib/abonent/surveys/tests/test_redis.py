"""With REDIS_URL: the public link's counters are in Redis, so every web process (gunicorn worker) sees them."""

import os
import uuid

import pytest
from django.urls import reverse

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="Redis suite: set TEST_REDIS_URL (scripts/test does when Redis answers)"),
]


@pytest.mark.django_db
def test_another_process_sees_the_survey_link_counters(client, settings):
    from django.core.cache.backends.redis import RedisCache

    prefix = f"abonent-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})  # a separate client, as another gunicorn worker has
    try:
        for _ in range(3):
            client.get(reverse("surveys:public_answer", args=["x" * 22]), REMOTE_ADDR="198.51.100.7")
        assert other.get("surveys:rate:miss:198.51.100.7") == 3
    finally:
        other.delete("surveys:rate:miss:198.51.100.7")
