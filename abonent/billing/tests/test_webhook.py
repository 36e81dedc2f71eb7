"""The signed webhook against a local HTTP server: the signature checks with the secret, a refusal is retried."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from abonent.billing import actions
from abonent.billing.models import BillingAction
from abonent.billing.webhook import push_pending

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "s3cret-for-tests"


@pytest.fixture
def billing_server():
    """Billing's end: records each request; answers 503 to the first `fail` requests, then 200 with a reference."""
    received, state = [], {"fail": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            if state["fail"]:
                state["fail"] -= 1
                self.send_response(503)
                self.end_headers()
                return
            answer = json.dumps({"reference": f"BIL-{len(received)}"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received, state
    server.shutdown()
    server.server_close()


def test_the_push_is_signed_and_marks_the_batch_sent(settings, billing_server, make_subscriber):
    url, received, state = billing_server
    subscriber = make_subscriber("100001")
    first = actions.enqueue(subscriber=subscriber, kind="block", key="w:1")
    second = actions.enqueue(subscriber=subscriber, kind="warn", key="w:2")
    settings.BILLING_WEBHOOK_URL, settings.BILLING_WEBHOOK_SECRET = url, SECRET
    state["fail"] = 2
    pauses = []
    counts = push_pending(attempts=3, pause=0.5, sleep=pauses.append)
    assert counts == {"sent": 2, "failures": 2} and pauses == [0.5, 1.0]
    headers, body = received[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Abonent-Signature"] == expected
    assert "sha256=" + hmac.new(b"wrong", body, hashlib.sha256).hexdigest() != expected
    data = json.loads(body)
    assert headers["X-Abonent-Timestamp"] == data["sent_at"]
    assert [(a["id"], a["kind"], a["account"]) for a in data["actions"]] == [
        (first.pk, "block", "100001"),
        (second.pk, "warn", "100001"),
    ]
    assert set(BillingAction.objects.values_list("state", "sent_via", "billing_reference")) == {
        ("sent", "webhook", "BIL-3")
    }
    assert push_pending(attempts=3, sleep=pauses.append) == {"sent": 0, "failures": 0}  # nothing pending: no request
    assert len(received) == 3


def test_a_billing_that_keeps_refusing_leaves_the_actions_pending(settings, billing_server, make_subscriber):
    url, received, state = billing_server
    actions.enqueue(subscriber=make_subscriber("100002"), kind="terminate", key="w:3")
    settings.BILLING_WEBHOOK_URL, settings.BILLING_WEBHOOK_SECRET = url, SECRET
    state["fail"] = 10
    assert push_pending(attempts=4, pause=0, sleep=lambda s: None) == {"sent": 0, "failures": 4}
    assert len(received) == 4 and BillingAction.objects.get().state == "pending"


def test_an_enqueued_action_is_pushed_once_its_transaction_commits(settings, billing_server, make_subscriber):
    url, received, _state = billing_server
    settings.BILLING_WEBHOOK_URL, settings.BILLING_WEBHOOK_SECRET = url, SECRET
    settings.BILLING_PUSH_INLINE = True
    subscriber = make_subscriber("100003")
    with transaction.atomic():
        action = actions.enqueue(subscriber=subscriber, kind="unblock", key="w:4")
        assert received == []  # not before the commit: a rolled-back decision is never sent
    assert len(received) == 1 and json.loads(received[0][1])["actions"][0]["id"] == action.pk
    actions.enqueue(subscriber=subscriber, kind="unblock", key="w:4")  # the same decision: no second push
    assert len(received) == 1 and BillingAction.objects.get().state == "sent"
