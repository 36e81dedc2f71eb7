"""Celery application.

With REDIS_URL set, tasks go to Redis and a worker (`abonent worker` or `celery -A abonent worker`) runs them.
Without it (the embedded default) tasks run in-process, eagerly, so the app needs no server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")

app = Celery("abonent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
