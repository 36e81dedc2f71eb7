"""Property-based test of the whole API: no operation of /api/schema/ answers a 5xx, whatever it is sent.

Schemathesis generates requests from the OpenAPI schema, valid ones and invalid ones (wrong types, values out of
range, NUL characters, strings where dates go), for every operation, as the administrator (who may do everything)
and as a call-centre agent (most writes refused). The demo operator is loaded first and path ids are drawn from the
records that exist, so detail, PATCH and step operations reach real objects. Requests go through Django's WSGI
application behind wsgiref's validator (the wsgi_app fixture), so a header a WSGI server refuses fails too.

A few examples per operation keep this within CI's time; a longer run:

    API_FUZZ_EXAMPLES=50 pytest -q abonent/core/tests/test_api_fuzz.py

On failure the report names each operation that answered 5xx, the request and the server's traceback.
"""

import os
import traceback
from collections import Counter
from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

# Examples per operation for the administrator. The agent, refused most writes before any input is read, gets half
# as many and valid requests only. CI runs the whole fuzz on SQLite and half of it on PostgreSQL (the two share the
# code, PostgreSQL adds its types: NUL, integer ranges), so both together stay within about two minutes.
EXAMPLES = os.environ.get("API_FUZZ_EXAMPLES")
BOTH = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
ROLES = {"administrator": (1, BOTH), "call_centre_agent": (0.5, (GenerationMode.POSITIVE,))}


def _examples(share: float) -> int:
    default = 2 if connection.vendor == "postgresql" else 4
    return max(1, int(int(EXAMPLES or default) * share))


TODAY = date(2025, 6, 30)


class _Failed(Exception):
    """Rolls a 5xx request's changes back (to its savepoint) so that the next request starts from a sound state."""


@pytest.fixture
def operator_data(db, monkeypatch):
    """A small demo operator (every register has records) and a trained-looking risk model with scores."""
    from abonent.demo.services import load_demo

    # Training on 60 subscribers would fail after seconds of work; a model and scores made by hand do instead.
    monkeypatch.setattr("abonent.scoring.demo.load", lambda ctx: {})
    result = load_demo(size=60, seed=7, months=6, today=TODAY)
    _risk_scores(result)
    _callback_task()
    return result


def _risk_scores(result) -> None:
    from abonent.scoring.models import RiskScore, ScoringModel, ScoringRun
    from abonent.subscribers.models import Subscriber

    model = ScoringModel.objects.create(version=1, horizon=90, metrics={"auc": 0.7})
    run = ScoringRun.objects.create(status="succeeded", train=False, scored_on=TODAY, model=model, source="demo")
    for rank, subscriber in enumerate(Subscriber.objects.filter(status="active")[:10], start=1):
        RiskScore.objects.create(
            run=run, subscriber=subscriber, model=model, scored_on=TODAY, probability=0.5, band="high", rank=rank
        )


def _callback_task() -> None:
    from abonent.callcentre.models import CallbackTask
    from abonent.calls.models import Call

    call = Call.objects.filter(outcome="missed").first() or Call.objects.first()
    CallbackTask.objects.create(call=call, phone=call.caller or "79120000000", due_at=call.started_at)


def _operations(schema) -> list:
    """Every operation; the deletes last, so that the records they remove have served the others first."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: op.method.upper() == "DELETE")


def _model_of(operation):
    """The model behind an operation's `{id}`, from the viewset the path resolves to (None if it has no id)."""
    if "{id}" not in operation.path:
        return None
    try:
        view = resolve(operation.path.replace("{id}", "1")).func
    except Resolver404:
        return None
    queryset = getattr(getattr(view, "cls", None), "queryset", None)
    return queryset.model if queryset is not None else None


def _strategy(operation, modes):
    cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in modes))
    model = _model_of(operation)
    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:20]) if model else []
    if not ids:
        return st.tuples(cases, st.none())
    # Mostly ids that exist (the record's own rules are what is tested); sometimes the generated one.
    return st.tuples(cases, st.one_of(st.sampled_from(ids), st.sampled_from(ids), st.none()))


# What no answer may show a client: a traceback, the database's own words, SQL.
LEAKS = ("Traceback (most recent call last)", "psycopg", "sqlite3", "IntegrityError", "violates ", "SELECT ", "INSERT ")


class Fuzz:
    """Runs the operations as one user and keeps what answered 5xx (or showed a traceback or SQL)."""

    def __init__(self, wsgi_app, headers: dict, label: str):
        self.app, self.headers, self.label = wsgi_app, headers, label
        self.stats = {"operations": 0, "requests": 0, "5xx": 0}
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.traces: list[str] = []

    def run(self, schema, examples: int, modes) -> None:
        signals.got_request_exception.connect(self._record, weak=False)
        try:
            for operation in _operations(schema):
                self.stats["operations"] += 1
                self._test(operation, examples, modes)()
        finally:
            signals.got_request_exception.disconnect(self._record)

    def _record(self, sender, request=None, **kwargs):
        self.traces.append(traceback.format_exc())

    def _test(self, operation, examples: int, modes):
        """The hypothesis test of one operation; a request that answered 5xx is rolled back to its savepoint."""

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(drawn=_strategy(operation, modes))
        def check(drawn):
            case, pk = drawn
            if pk is not None:
                case.path_parameters = {**(case.path_parameters or {}), "id": pk}
            self.traces.clear()
            response = None
            try:
                with transaction.atomic():
                    try:
                        response = case.call(app=self.app, headers=self.headers, buffered=True)
                    except Exception:  # the validator's AssertionError on a header, among others
                        self.traces.append(traceback.format_exc())
                    if response is None or response.status_code >= 500:
                        raise _Failed
            except _Failed:
                pass
            self.stats["requests"] += 1
            status = response.status_code if response is not None else None
            self.statuses[status] += 1
            leaked = [word for word in LEAKS if response is not None and word in response.text]
            if status is None or status >= 500 or leaked:
                self.stats["5xx"] += status is None or status >= 500
                self.failures.append(
                    f"{self.label} {operation.method.upper()} {operation.path} -> {status} {leaked or ''}\n"
                    f"  path {case.path_parameters} query {case.query} body {str(case.body)[:300]}\n"
                    + "".join(self.traces)[-2500:]
                )

        return check


@pytest.mark.parametrize("role", list(ROLES))
def test_no_operation_answers_a_server_error(role, operator_data, wsgi_app, token_for, settings):
    settings.LANGUAGE_CODE = "en"
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, buffered=True)
    fuzz = Fuzz(wsgi_app, token_for(role), role)
    share, modes = ROLES[role]
    fuzz.run(schema, _examples(share), modes)
    print(f"API fuzz on {connection.vendor} as {role}: {fuzz.stats}, answers {dict(sorted(fuzz.statuses.items()))}")
    assert fuzz.stats["operations"] >= 250
    assert not fuzz.failures, f"{len(fuzz.failures)} failed requests ({fuzz.stats}):\n\n" + "\n\n".join(
        fuzz.failures[:40]
    )
