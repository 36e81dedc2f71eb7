"""Guards of two classes of defect over every page, export and API endpoint, found by themselves (core.testing.crawl):
a phone number shown in full to a role without `subscribers.view_phone`, and a text cell that an export writes as
a live formula. A small demo operator is loaded once for the module."""

import datetime as dt
import time
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.utils import timezone

from abonent.core.testing import crawl, phones_in, response_text
from abonent.staff.roles import ROLES, role_permissions

DEMO_SIZE = 120
DEMO_SEED = 11
DEMO_MONTHS = 13


@dataclass
class Operator:
    phones: set[str]
    today: dt.date


def _known_phones() -> set[str]:
    from abonent.callcentre.models import CallbackTask
    from abonent.calls.models import Call
    from abonent.subscribers.models import Subscriber

    phones = {p for row in Subscriber.objects.values_list("phones", flat=True) for p in row.split(",") if p}
    phones |= set(CallbackTask.objects.values_list("phone", flat=True))
    for caller, callee in Call.objects.values_list("caller", "callee"):
        phones |= {caller, callee}
    return {p for p in phones if len(p) == 11}


def _import_run_echoing_phones(run, phones: list[str]) -> None:
    """A failed import whose error list echoes the bad rows' phones, in the formats people type them."""
    a, b, c = phones[:3]
    errors = [
        {"file": "abonents.csv", "row": 2, "column": "phones", "value": a, "expected": "a phone number"},
        {"file": "abonents.csv", "row": 3, "column": "phones", "value": f"+7 ({b[1:4]}) {b[4:7]}-{b[7:9]}-{b[9:]}"},
        {"file": "abonents.csv", "row": 4, "column": "name", "value": f"Петров, тел. 8-{c[1:4]}-{c[4:7]}-{c[7:]}"},
    ]
    run.errors, run.error_count = errors, len(errors)
    run.save()


@pytest.fixture(scope="module")
def operator(django_db_setup, django_db_blocker):
    from abonent.churn.models import ReasonGroup
    from abonent.core.testing import restore_shipped_data
    from abonent.demo.services import load_demo
    from abonent.imports.models import ImportRun

    with django_db_blocker.unblock():
        if not ReasonGroup.objects.exists():
            restore_shipped_data()
        # Made first, so that it is the import run whose page the crawl opens (the first record of each register).
        failed = ImportRun.objects.create(kind="subscribers", file_name="abonents.csv", status="failed")
        load_demo(size=DEMO_SIZE, seed=DEMO_SEED, months=DEMO_MONTHS)
        phones = _known_phones()
        _import_run_echoing_phones(failed, sorted(phones))
        yield Operator(phones=phones, today=timezone.localdate())
        # The data was committed (the demo needs real transactions): empty the database for the tests after these,
        # as a transactional test does; conftest's _shipped_data puts the shipped classifier back.
        call_command("flush", interactive=False, verbosity=0)


def samples():
    from abonent.surveys.models import Invitation

    return {
        "imports:template": {"kind": lambda: "subscribers", "fmt": lambda: "xlsx"},
        "surveys:public_answer": {"token": lambda: Invitation.objects.filter(answered_at=None).first().token},
    }


def api_params(today: dt.date) -> dict:
    return {
        "start": (today - dt.timedelta(days=365)).isoformat(),
        "end": today.isoformat(),
        "month": (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1).isoformat(),
    }


def roles_without(permission: str) -> list[str]:
    return [code for code in ROLES if role_permissions(code) != "__all__" and permission not in role_permissions(code)]


@pytest.mark.parametrize("role", roles_without("subscribers.view_phone"))
def test_no_phone_in_full_anywhere_for_a_role_without_view_phone(operator, client, make_user, role):
    client.force_login(make_user(role))
    started = time.perf_counter()
    result = crawl(client, samples=samples(), api_params=api_params(operator.today))
    seconds = time.perf_counter() - started
    leaks = []
    for fetched in result.ok():
        found = phones_in(response_text(fetched), operator.phones)
        if found:
            leaks.append(f"{fetched.kind} {fetched.name} {fetched.url}: {', '.join(sorted(found)[:3])}")
    counts = {kind: len(result.ok(kind)) for kind in ("page", "export", "api")}
    print(f"{role}: {counts} in {seconds:.1f} s; not reached: {result.unreached}")
    assert not leaks, "\n".join(leaks)
    # The crawl itself is checked: it reached the registers, their exports and the API.
    assert counts["page"] >= 60 and counts["export"] >= 20 and counts["api"] >= 60, counts
