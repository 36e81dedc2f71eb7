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
    # The crawl itself is checked: it reached the registers, their exports and the API (an API user's: its own).
    if ROLES[role].get("api_only"):
        assert counts["api"] >= 2, counts
    else:
        assert counts["page"] >= 60 and counts["export"] >= 20 and counts["api"] >= 60, counts


# Tables a GET may write, and why: the session of the login that the crawl itself makes.
WRITTEN_BY_LOGIN = {"django_session"}


def _row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_opening_pages_exports_and_the_api_writes_nothing(operator, client, make_user):
    """A GET reads: every page, export and API endpoint the head opens leaves every table as it was."""
    client.force_login(make_user("head_of_retention"))
    before = _row_counts()
    result = crawl(client, samples=samples(), api_params=api_params(operator.today))
    after = _row_counts()
    changed = {t: (before.get(t), after[t]) for t in after if after[t] != before.get(t) and t not in WRITTEN_BY_LOGIN}
    assert not changed, f"GET requests wrote rows (table: before, after): {changed}"
    counts = {kind: len(result.ok(kind)) for kind in ("page", "export", "api")}
    assert counts["page"] >= 60 and counts["export"] >= 20 and counts["api"] >= 60, counts


# What a subscriber, an agent or an import can type into a text field that a spreadsheet would run.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV-injection rule
PAYLOADS = ['=HYPERLINK("http://x","click me")', "=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1"]


def _plant_formulas() -> int:
    """Every free-text field of every Abonent record set to a formula (rotating PAYLOADS, cut to the field's length);
    returns how many fields. Unique fields and choices are left alone: they are codes, not text people type."""
    from django.apps import apps
    from django.db import models

    from abonent.imports.models import ImportRun

    planted = 0
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("abonent.") or model._meta.proxy:
            continue
        updates = {}
        for field in model._meta.concrete_fields:
            if type(field) not in (models.CharField, models.TextField) or field.choices or field.unique:
                continue
            if any(field.name in c.fields for c in model._meta.constraints if hasattr(c, "fields")):
                continue
            payload = PAYLOADS[planted % len(PAYLOADS)]
            updates[field.name] = payload if not field.max_length or len(payload) <= field.max_length else "=1"
            planted += 1
        if updates and model._default_manager.exists():
            model._default_manager.update(**updates)
    run = ImportRun.objects.order_by("pk").first()
    run.errors = [{"file": "a.csv", "row": 2, "column": "name", "value": PAYLOADS[0], "expected": "text"}]
    run.save()
    return planted


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _xlsx_problems(fetched) -> tuple[list[str], int]:
    """(formula cells and formula-like text not marked as text, how many planted payloads it shows literally)."""
    from io import BytesIO

    from openpyxl import load_workbook

    problems, literal = [], 0
    for sheet in load_workbook(BytesIO(fetched.body)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{cell.coordinate} is a formula: {cell.value!r}")
                elif _formula_like(cell.value) and not (cell.data_type == "s" and cell.quotePrefix):
                    problems.append(f"{cell.coordinate} is not marked as text: {cell.value!r}")
                literal += cell.value in PAYLOADS
    return problems, literal


def _csv_problems(fetched) -> tuple[list[str], int]:
    import csv
    import io

    problems, literal = [], 0
    text = fetched.body.decode("utf-8-sig")
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        for value in row:
            if _formula_like(value):
                problems.append(f"row {number}: {value!r}")
            literal += value.startswith("'") and value[1:] in PAYLOADS
    return problems, literal


def test_every_export_writes_formula_like_text_as_text(operator, admin_client):
    planted = _plant_formulas()
    started = time.perf_counter()
    result = crawl(admin_client, samples=samples(), api=False)
    exports = result.ok("export")
    problems, shown = [], {}
    for fetched in exports:
        check = _xlsx_problems if "spreadsheetml" in fetched.content_type else _csv_problems
        found, literal = check(fetched)
        problems += [f"{fetched.name}: {p}" for p in found[:3]]
        shown[fetched.name] = literal
    print(f"{planted} fields planted; {len(exports)} exports in {time.perf_counter() - started:.1f} s: {shown}")
    assert not problems, "\n".join(problems)
    assert len(exports) >= 40
    # The planted text reached the registers the issue names, and most others, and is shown as it was typed.
    assert shown["subscribers:subscriber_list export=xlsx"] and shown["churn:disconnectionrequest_list export=xlsx"]
    assert shown["imports:importrun_detail export=xlsx"]
    assert sum(1 for n in shown.values() if n) >= len(exports) // 2, shown
