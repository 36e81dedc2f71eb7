"""The signed webhook: pending actions pushed to billing in batches (optional: BILLING_WEBHOOK_URL and _SECRET).

The body is JSON ``{"batch": "<uuid>", "sent_at": "<ISO time>", "actions": [<the API's action objects>]}``; the
header ``X-Abonent-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`` signs it, and
``X-Abonent-Timestamp`` repeats ``sent_at`` (signed as part of the body) so billing may refuse an old replay. A 2xx
answer marks the batch sent (its ``reference``, when the answer is JSON with one, kept); anything else is retried
with growing pauses, the actions staying pending meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid

import requests
from django.db import transaction
from django.utils import timezone

from . import actions, conf
from .api.serializers import BillingActionSerializer
from .choices import ActionState, SentVia
from .models import BillingAction

logger = logging.getLogger(__name__)
BATCH = 500
TIMEOUT = 10


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(batch: list[BillingAction], *, batch_id: str, sent_at: str) -> bytes:
    data = {"batch": batch_id, "sent_at": sent_at, "actions": BillingActionSerializer(batch, many=True).data}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def push_batch(*, url: str, secret: str, limit: int = BATCH) -> tuple[int, int]:
    """POST one batch of the oldest pending actions; (actions in it, HTTP status). Raises on a network error."""
    with transaction.atomic():
        pending = BillingAction.objects.select_for_update(skip_locked=True).filter(state=ActionState.PENDING)
        batch = list(pending.select_related("subscriber").order_by("created_at", "pk")[:limit])
        if not batch:
            return 0, 0
        batch_id, sent_at = str(uuid.uuid4()), timezone.now().isoformat()
        body = body_of(batch, batch_id=batch_id, sent_at=sent_at)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Abonent-Signature": signature(body, secret),
            "X-Abonent-Timestamp": sent_at,
            "X-Abonent-Batch": batch_id,
        }
        # The rows stay locked while billing answers, so a second push does not send them again.
        response = requests.post(url, data=body, headers=headers, timeout=TIMEOUT)
        if 200 <= response.status_code < 300:
            reference = batch_id
            try:
                reference = str(response.json().get("reference") or batch_id)
            except (ValueError, AttributeError):
                pass
            actions.mark_sent(batch, user=None, via=SentVia.WEBHOOK, reference=reference)
        return len(batch), response.status_code


def push_pending(*, attempts: int | None = None, pause: float = 2.0, sleep=time.sleep) -> dict[str, int]:
    """Push every pending action, batch after batch; a refused or failed batch is retried `attempts` times with
    pauses of `pause`, 2×`pause`, 4×`pause`… seconds. Returns {"sent": n, "failures": n}."""
    url, secret = conf.webhook_url(), conf.webhook_secret()
    counts = {"sent": 0, "failures": 0}
    if not url:
        return counts
    attempts = attempts or conf.webhook_attempts()
    failures_in_a_row = 0
    while failures_in_a_row < attempts:
        try:
            size, status = push_batch(url=url, secret=secret)
        except requests.RequestException as exc:
            size, status = -1, 0
            logger.warning("billing webhook: %s", exc)
        if size == 0:
            break
        if 200 <= status < 300:
            counts["sent"] += size
            failures_in_a_row = 0
            continue
        counts["failures"] += 1
        failures_in_a_row += 1
        logger.warning("billing webhook answered %s (attempt %s of %s)", status, failures_in_a_row, attempts)
        if failures_in_a_row < attempts:
            sleep(pause * 2 ** (failures_in_a_row - 1))
    return counts
