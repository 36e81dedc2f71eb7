"""Register paths come from core.urls.register_urls, named the way core's views reverse them."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from abonent.calls import views as call_views
from abonent.core.urls import register_urls

APPS = Path(__file__).resolve().parents[2]
REGISTER_ACTIONS = ("_list", "_add", "_detail", "_edit", "_delete")
# Pages named like a register's that are not a register of rows by id: a singleton's settings and a filtered list.
NOT_REGISTERS = {"callbackpolicy_detail", "callbackpolicy_edit", "processsettings_edit", "hidden_list"}


def test_a_register_gets_the_paths_of_the_views_its_module_has():
    patterns = register_urls("types", call_views, "CallType")
    assert [(str(p.pattern), p.name) for p in patterns] == [
        ("types/", "calltype_list"),
        ("types/add/", "calltype_add"),
        ("types/<int:pk>/", "calltype_detail"),
        ("types/<int:pk>/edit/", "calltype_edit"),
        ("types/<int:pk>/delete/", "calltype_delete"),
    ]
    assert patterns[1].callback.view_class is call_views.CallTypeEditView
    # Calls have a list and a card but no edit, add or delete: only those two paths.
    assert [p.name for p in register_urls("", call_views, "Call")] == ["call_list", "call_detail"]
    assert reverse("calls:calltype_edit", args=[7]) == "/calls/types/7/edit/"


def test_a_view_given_by_keyword_wins_and_a_wrong_action_is_refused():
    patterns = register_urls("x", call_views, "CallType", add=None, delete=None, name="thing")
    assert [p.name for p in patterns] == ["thing_list", "thing_detail", "thing_edit"]
    with pytest.raises(TypeError):
        register_urls("x", call_views, "CallType", remove=call_views.CallTypeDeleteView)
    with pytest.raises(ValueError):
        register_urls("x", call_views, "NoSuch")


def test_no_app_writes_a_register_path_by_hand():
    found = []
    for path in sorted(APPS.glob("*/urls.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "path"):
                continue
            for keyword in node.keywords:
                value = getattr(keyword.value, "value", None)
                if keyword.arg == "name" and isinstance(value, str) and value.endswith(REGISTER_ACTIONS):
                    if value not in NOT_REGISTERS:
                        found.append(f"{path.parent.name}/urls.py:{node.lineno} {value}")
    assert found == []
