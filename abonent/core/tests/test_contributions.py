"""The apps' menu, role and card contributions: every app lists its own, core and the roles table list none, and a
misspelt contribution fails the start-up check."""

import ast
from pathlib import Path
from types import ModuleType

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from abonent.core import checks as core_checks
from abonent.core import context_processors
from abonent.core.cards import CardContribution
from abonent.core.context_processors import MenuItem, all_items
from abonent.staff import checks as staff_checks
from abonent.staff.roles import ROLES, role_permissions


def test_core_and_the_roles_table_list_no_app_entries():
    assert not hasattr(context_processors, "ITEMS")
    assert all(role["permissions"] in ([], "__all__") for role in ROLES.values())


def test_churn_subscribers_and_imports_contribute_their_own_entries():
    by_url = {item.url_name: item for item in all_items()}
    assert by_url["churn:disconnectionrequest_list"].section == "work"
    assert by_url["subscribers:savedsegment_list"].permission == "subscribers.view_savedsegment"
    assert by_url["imports:importrun_list"].order == 90
    head = set(role_permissions("head_of_retention"))
    assert {"churn.delete_disconnectionrequest", "imports.add_importrun", "subscribers.add_savedsegment"} <= head
    assert "subscribers.view_phone" not in role_permissions("analyst")
    assert "imports.view_importrun" in role_permissions("analyst")


def test_the_shipped_contributions_pass_the_check():
    assert core_checks.check_menu_contributions() == []
    assert core_checks.check_card_contributions() == []
    assert staff_checks.check_role_contributions() == []
    call_command("check", verbosity=0)


@pytest.fixture
def misspelt(monkeypatch):
    module = ModuleType("abonent.fake.menu")
    module.ITEMS = [
        MenuItem("base", "x", "subscribers:subscriber_lst", "subscribers.view_subscriber"),
        MenuItem("bse", "x", "subscribers:subscriber_list", "subscribers.view_subscribr"),
    ]
    module.CARDS = [
        CardContribution("churn.disconnectionrequst", "steps", "retention/_retention_step.html"),
        CardContribution("churn.disconnectionrequest", "step", "retention/_retention_stp.html", "not callable"),
        CardContribution("churn.disconnectionrequest", "side", "retention/_request_history.html", None, "x.view_y"),
    ]
    module.PERMISSIONS = {"head_of_retenton": ["churn.view_diagnostics"], "analyst": ["churn.view_diagnostcs"]}
    monkeypatch.setattr(core_checks, "app_modules", lambda name: (module,))
    monkeypatch.setattr(staff_checks, "app_modules", lambda name: (module,))


def test_a_misspelt_contribution_fails_the_check(misspelt):
    assert [e.id for e in core_checks.check_menu_contributions()] == ["abonent.E003", "abonent.E002", "abonent.E004"]
    assert [e.id for e in core_checks.check_card_contributions()] == [
        "abonent.E021",
        "abonent.E022",
        "abonent.E023",
        "abonent.E025",
        "abonent.E024",
    ]
    assert [e.id for e in staff_checks.check_role_contributions()] == ["abonent.E010", "abonent.E011"]
    with pytest.raises(SystemCheckError):
        call_command("check", verbosity=0)


def test_churn_imports_nothing_from_retention():
    """Retention builds on churn; the request card gets retention's step through cards.py and a signal."""
    churn = Path(__file__).resolve().parents[2] / "churn"
    found = []
    for path in churn.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {n}" for n in names if n.startswith("abonent.retention")]
    assert found == []
    templates = [p.name for p in churn.rglob("*.html") if "retention/" in p.read_text()]
    assert templates == []
