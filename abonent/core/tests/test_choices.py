"""Choices carry their colour once (core.choices): the same values and labels as plain choices, one colour each."""

import ast
import importlib
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from abonent.core.choices import COLORS, ChoiceSet, IntegerChoiceSet, hex_of

ROOT = Path(__file__).resolve().parents[2]


class Light(ChoiceSet):
    GREEN = "green", _("Green"), "success"
    AMBER = "amber", _("Amber"), "warning"
    OFF = "off", _("Off")  # no colour declared


class PlainLight(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    OFF = "off", _("Off")


class Level(IntegerChoiceSet):
    LOW = 1, _("Low"), "info"
    HIGH = 2, _("High"), "danger"


def test_members_keep_the_values_and_labels_of_plain_choices():
    assert Light.choices == PlainLight.choices
    assert Light.values == ["green", "amber", "off"]
    assert Light.GREEN == "green" and Light("amber") is Light.AMBER
    assert Level.values == [1, 2] and [str(label) for label in Level.labels] == [str(_("Low")), str(_("High"))]
    assert Level.HIGH == 2


def test_each_member_has_its_declared_colour_and_an_unknown_value_the_default():
    assert Light.colors() == {"green": "success", "amber": "warning"}
    assert Light.color_of("green") == "success"
    assert Light.color_of(Light.AMBER) == "warning"
    assert Light.color_of("off") == "secondary"
    assert Light.color_of("gone-from-the-code") == "secondary"
    assert Level.color_of(2) == "danger"
    assert hex_of("success") == "#b7e1b0" and hex_of("nonsense") == hex_of("secondary")


def test_labels_are_translated_as_before():
    from abonent.churn.choices import RequestStatus

    with translation.override("ru"):
        assert str(RequestStatus.RETAINED.label) == str(_("Retained"))
        assert str(RequestStatus.RETAINED.label) != "Retained"
    assert RequestStatus.color_of(RequestStatus.RETAINED) == "success"


def _choice_sets():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("abonent.") or not (Path(config.path) / "choices.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.choices")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, (ChoiceSet, IntegerChoiceSet)):
                if value.__module__ == module.__name__:
                    found.append(value)
    return found


def test_every_coloured_choice_set_colours_every_member_with_a_bootstrap_colour():
    sets = _choice_sets()
    assert len(sets) >= 25, [s.__name__ for s in sets]
    for choice_set in sets:
        colors = choice_set.colors()
        assert set(colors) == set(choice_set.values), choice_set.__name__
        assert set(colors.values()) <= set(COLORS), choice_set.__name__


def test_no_app_writes_its_own_colour_table():
    """Colours are declared on the members; a `colors()` method or dict function beside them is a second copy."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "choices.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FunctionDef)
                and node.name in ("colors", "hex_colors")
                or (isinstance(node, ast.FunctionDef) and node.name.endswith("_colors"))
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert offenders == []
