"""The app layer order of abonent/core/layers.py holds: no upward import, no app cycle, every app has a tier."""

from __future__ import annotations

import textwrap

from django.apps import apps as django_apps

from abonent.core import layers


def test_every_installed_app_has_exactly_one_tier():
    installed = sorted(c.label for c in django_apps.get_app_configs() if c.name.startswith("abonent."))
    declared = [app for tier in layers.TIERS for app in tier]
    assert sorted(declared) == installed
    assert len(declared) == len(set(declared))
    assert sorted(layers.import_graph().apps) == installed


def test_no_upward_import_outside_the_allow_list():
    graph = layers.import_graph()
    offending = [
        f"{i.path}:{i.line} {i.app} -> {i.target}"
        for i in graph.upward()
        if (i.app, i.target_app) not in layers.ALLOWED_UPWARD
    ]
    assert offending == []


def test_allow_list_has_no_stale_entry():
    used = {(i.app, i.target_app) for i in layers.import_graph().upward()}
    assert set(layers.ALLOWED_UPWARD) <= used, "remove the entries no code needs any more"


def test_no_app_cycle_outside_the_allow_list():
    graph = layers.import_graph()
    edges = {pair for pair in graph.app_edges() if pair not in layers.ALLOWED_UPWARD}
    assert [pair for pair in edges if (pair[1], pair[0]) in edges] == []


def test_no_module_imports_a_module_that_imports_it():
    assert layers.import_graph().module_cycle_pairs() == []


def test_every_import_inside_a_function_says_why():
    assert [f"{i.path}:{i.line} {i.target}" for i in layers.import_graph().unexplained()] == []


def _write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_the_checks_catch_an_upward_import_and_a_cycle(tmp_path, monkeypatch):
    # A made-up project of three apps: low imports high (upward, and a cycle with high -> low), mid is clean.
    root = tmp_path / "abonent"
    _write(
        root,
        {
            "low/apps.py": "",
            "low/models.py": "def f():\n    from abonent.high.models import X\n",
            "mid/apps.py": "",
            "mid/views.py": (
                "from abonent.low.models import f\nfrom .models import Y\n\n\n"
                "def g():\n    # heavy\n    import abonent.high\n"
            ),
            "mid/models.py": "from . import views\n",
            "high/apps.py": "",
            "high/models.py": "from abonent.low import models\nX = 1\n",
            "high/tests/test_x.py": "from abonent.mid.views import f\n",
            "high/migrations/0001.py": "from abonent.mid.views import f\n",
        },
    )
    monkeypatch.setattr(layers, "ROOT", root)
    monkeypatch.setattr(layers, "TIERS", [["low"], ["mid"], ["high"]])
    graph = layers.import_graph(root)
    assert graph.apps == ["high", "low", "mid"]
    assert [(i.path, i.line, i.target, i.in_function) for i in graph.upward()] == [
        ("abonent/low/models.py", 2, "abonent.high.models", True),
        ("abonent/mid/views.py", 7, "abonent.high", True),
    ]
    assert [(i.path, i.line) for i in graph.unexplained()] == [("abonent/low/models.py", 2)]
    assert graph.cycle_pairs() == [("high", "low")]
    assert graph.cycles() == [["high", "low"]]
    assert graph.module_cycle_pairs() == [("abonent.mid.models", "abonent.mid.views")]
    assert layers.figures(graph) == {
        "app pairs importing each other": 1,
        "apps in an import cycle": 2,
        "upward imports": 2,
        "module pairs importing each other": 1,
        "imports inside functions": 2,
        "of them of abonent modules": 2,
        "of them with no reason given": 1,
    }
