"""The webhook push in the background: a Celery worker when Redis is configured, else a thread of this process."""

import logging
import threading

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction

from . import conf
from .webhook import push_pending

logger = logging.getLogger(__name__)


@shared_task(name="billing.push_actions")
def push_actions() -> dict:
    """Push the pending actions to billing's webhook (idempotent: only pending ones go, each once)."""
    return push_pending()


def schedule_push(sender=None, **kwargs) -> None:
    """Receiver of `action_enqueued`: after the commit, push when a webhook is configured.

    BILLING_PUSH_INLINE (tests) pushes at once; with REDIS_URL a worker does; else a daemon thread, so the
    request that decided the action never waits for billing's answer.
    """
    if not conf.webhook_url():
        return
    if getattr(settings, "BILLING_PUSH_INLINE", False):
        transaction.on_commit(push_pending)
    elif settings.REDIS_URL:
        transaction.on_commit(push_actions.delay)
    else:
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, name="billing-push", daemon=True).start())


def _in_thread() -> None:
    try:
        push_pending()
    except Exception:
        logger.exception("billing webhook push failed")
    finally:
        connection.close()
