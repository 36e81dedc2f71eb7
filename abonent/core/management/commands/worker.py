"""`abonent worker`: a Celery worker for imports and reports when REDIS_URL is set."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a Celery worker (needs REDIS_URL; without it tasks run inside the web process)."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--loglevel", default="info")

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            raise CommandError("REDIS_URL is not set: tasks already run in-process, no worker is needed.")
        from abonent.celery import app  # the Celery app is loaded by the worker only, not by every command

        app.worker_main(["worker", f"--concurrency={options['concurrency']}", f"--loglevel={options['loglevel']}"])
