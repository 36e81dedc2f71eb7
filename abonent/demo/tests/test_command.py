"""`abonent demo`: loads the generated operator through the imports and the churn actions, with its users."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from abonent.analytics.diagnostics import churn_diagnostics
from abonent.churn.choices import RequestStatus
from abonent.churn.models import ChurnReason, DisconnectionRequest
from abonent.demo import generator
from abonent.demo.services import DEMO_USERS
from abonent.imports.models import ImportRun
from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage
from abonent.worklists.models import WorkItem

TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # PBKDF2 is slow on purpose; these tests check which password is set, not how strongly it is hashed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", today=TODAY, no_progress=True, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_loads_the_operator_users_and_requests_in_every_state():
    output = run_demo(size=400, seed=1)

    frames = generator.generate(size=400, seed=1, months=36, today=TODAY)
    # The billing exports arrive whole through their imports; later demo steps (win-back re-connections) may add
    # billing rows of their own, which carry no billing import run.
    models = {"tariffs": Tariff, "subscribers": Subscriber, "services": Service, "charges": MonthlyCharge}
    models |= {"payments": Payment, "usage": Usage}
    loaded = {
        kind: model.objects.filter(import_run__kind=kind, import_run__source="demo").count()
        for kind, model in models.items()
    }
    assert loaded == {kind: frame.height for kind, frame in frames.items()}
    assert ImportRun.objects.filter(status="succeeded", source="demo", kind__in=list(models)).count() == 6

    assert set(DisconnectionRequest.objects.values_list("status", flat=True)) == set(RequestStatus.values)
    # Requests closed as disconnected are the generated churners: same date and reason as the billing export.
    generated = {row["account"]: row for row in frames["subscribers"].iter_rows(named=True)}
    for request in DisconnectionRequest.objects.select_related("subscriber", "reason"):
        subscriber = request.subscriber
        if request.status == RequestStatus.DISCONNECTED:
            row = generated[subscriber.external_id]
            assert subscriber.status == "disconnected"
            assert subscriber.disconnected_on == row["disconnected_on"]
            assert subscriber.churn_reason.code == request.reason.code == row["churn_reason"]
            assert request.closed_at.date() == row["disconnected_on"]
        else:
            assert subscriber.status != "disconnected"
        assert request.received_at <= (request.closed_at or request.received_at)
    # Each step carries the time of the planned conversation, in the request and in its history.
    retained = DisconnectionRequest.objects.filter(status=RequestStatus.RETAINED).first()
    steps = [retained.received_at, retained.reason_established_at, retained.offer_made_at, retained.closed_at]
    assert list(retained.history.order_by("history_id").values_list("history_date", flat=True)) == steps
    assert steps == sorted(steps) and steps[-1].date() < TODAY
    # Issue 12: the demo says nothing false. A retained request had an accepted offer (or says it kept without one),
    # and no subscriber's tariff change moves them to a tariff of the other kind.
    assert not (
        DisconnectionRequest.objects.filter(status=RequestStatus.RETAINED)
        .exclude(offer_answer="accepted")
        .exclude(outcome_detail="kept_without_offer")
        .exists()
    )
    from abonent.processes.models import TariffChange

    changes = TariffChange.objects.filter(to_tariff__isnull=False).select_related("subscriber", "to_tariff")
    assert changes.exists() and all(c.to_tariff.kind == c.subscriber.kind for c in changes)
    assert Tariff.objects.filter(kind="business").exists()
    # Every generated churner ended up disconnected with its reason, requests or not.
    # (Except those the win-back campaign called: some of them came back.)
    called = WorkItem.objects.filter(work_list="winback").values_list("subscriber__external_id", flat=True)
    won_back = set(
        Subscriber.objects.filter(external_id__in=called)
        .exclude(status="disconnected")
        .values_list("external_id", flat=True)
    )
    churned = {
        a: (r["disconnected_on"], r["churn_reason"])
        for a, r in generated.items()
        if r["churn_reason"] and a not in won_back
    }
    assert {
        s.external_id: (s.disconnected_on, s.churn_reason.code)
        for s in Subscriber.objects.filter(status="disconnected").select_related("churn_reason")
    } == churned
    assert won_back and all(generated[a]["churn_reason"] for a in won_back)

    User = get_user_model()
    for username, role, _first, _last in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password("abonent"), username
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_superuser == (username == "admin")
    assert User.objects.get(username="head").has_perm("churn.view_diagnostics")
    assert not User.objects.get(username="agent").has_perm("churn.view_diagnostics")

    assert "Open http://127.0.0.1:8000 — log in as head / abonent" in output
    assert "also analyst / abonent (analyst)" in output

    # The diagnostics of the last 12 months have something to say: managed reasons above their norms.
    report = churn_diagnostics(date(2025, 5, 1), date(2026, 4, 1))
    over = {row.reason_code for row in report.reasons_over_norm if row.is_managed}
    assert report.churned > 20
    assert "could_not_get_through" in over
    assert report.achievable_reduction > 0


@pytest.mark.django_db
def test_demo_refuses_a_loaded_database_and_reset_replaces_the_operator():
    run_demo(size=150, seed=3)
    reasons = ChurnReason.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        run_demo(size=150, seed=3)

    reset_at = timezone.now()
    run_demo(size=120, seed=4, months=12, reset=True)
    assert Subscriber.objects.count() == 120
    # The six billing exports; the PBX files and the tickets export come on top of them.
    assert (
        ImportRun.objects.filter(
            kind__in=["tariffs", "subscribers", "services", "charges", "payments", "usage"]
        ).count()
        == 6
    )
    assert ImportRun.objects.filter(started_at__lt=reset_at).count() == 0
    assert ChurnReason.objects.count() == reasons == 18
    accounts = set(generator.generate(size=120, seed=4, months=12, today=TODAY)["subscribers"]["account"])
    assert set(DisconnectionRequest.objects.values_list("subscriber__external_id", flat=True)) <= accounts
    assert get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)


@pytest.mark.django_db
def test_if_empty_leaves_a_loaded_operator_alone_and_prints_the_logins():
    from io import StringIO

    from django.core.management import call_command

    run_demo(size=150, seed=3)
    before = (Subscriber.objects.count(), DisconnectionRequest.objects.count(), ImportRun.objects.count())
    out = StringIO()
    call_command("demo", size=300, seed=9, if_empty=True, no_progress=True, stdout=out)
    assert (Subscriber.objects.count(), DisconnectionRequest.objects.count(), ImportRun.objects.count()) == before
    assert "head / abonent" in out.getvalue()


@pytest.mark.django_db
def test_the_printed_address_carries_the_port_it_is_served_on(monkeypatch):
    run_demo(size=150, seed=3)
    monkeypatch.setenv("PORT", "8765")
    out = StringIO()
    call_command("demo", if_empty=True, no_progress=True, stdout=out)
    assert "Open http://127.0.0.1:8765 — log in as head / abonent" in out.getvalue()
    monkeypatch.delenv("PORT")
    out = StringIO()
    call_command("demo", if_empty=True, no_progress=True, stdout=out)
    assert "Open http://127.0.0.1:8000 — log in as head / abonent" in out.getvalue()


def test_the_reset_takes_every_register_that_points_at_the_operator_data():
    # A new app's register (promises to pay has no demo step) must not stop `demo --reset` on its foreign key.
    from django.apps import apps

    from abonent.demo.services import _operator_models
    from abonent.subscribers.models import Subscriber

    order = _operator_models()
    pointing = [
        m
        for m in apps.get_models()
        if any(getattr(f, "db_constraint", False) and f.related_model is Subscriber for f in m._meta.concrete_fields)
    ]
    assert apps.get_model("debts", "PromiseToPay") in pointing
    assert all(order.index(m) < order.index(Subscriber) for m in pointing)
