"""Choices that carry their colour: each member is declared once with its value, label and Bootstrap colour.

    class RequestStatus(ChoiceSet):
        NEW = "new", _("New"), "primary"
        RETAINED = "retained", _("Retained"), "success"

`RequestStatus.colors()` gives {value: colour} and `RequestStatus.color_of(value)` one colour ("secondary" for a value
without one, so an old value in the data never breaks a page). Values, labels and `.choices` are exactly those of a
plain TextChoices/IntegerChoices, so migrations do not change. `hex_of(colour)` is the light tint of a colour for
places that cannot use CSS classes (PDF cells).
"""

from __future__ import annotations

from django.db import models
from django.db.models.enums import ChoicesType

COLORS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")
DEFAULT_COLOR = "secondary"
# Light tints of the Bootstrap colours, for backgrounds printed behind dark text.
HEX = {
    "primary": "#b6d4fe",
    "secondary": "#e0e0e0",
    "success": "#b7e1b0",
    "danger": "#f4a6a6",
    "warning": "#ffe08a",
    "info": "#b6effb",
    "light": "#f5f5f5",
    "dark": "#adb5bd",
}


class ColoredChoicesType(ChoicesType):
    """Takes the trailing colour off each member's declaration before Django reads its value and label."""

    def __new__(metacls, classname, bases, classdict, **kwds):
        declared = {}
        for key in classdict._member_names:
            value = classdict[key]
            if isinstance(value, (list, tuple)) and len(value) > 2 and value[-1] in COLORS:
                *rest, color = value
                dict.__setitem__(classdict, key, tuple(rest))
                declared[key] = color
        cls = super().__new__(metacls, classname, bases, classdict, **kwds)
        cls._colors = {cls[key].value: color for key, color in declared.items()}
        return cls

    def colors(cls) -> dict:
        """{value: colour} of the members that declare one."""
        return dict(cls._colors)

    def color_of(cls, value) -> str:
        return cls._colors.get(value, DEFAULT_COLOR)


class ChoiceSet(models.TextChoices, metaclass=ColoredChoicesType):
    """TextChoices whose members may carry a colour as a third item."""


class IntegerChoiceSet(models.IntegerChoices, metaclass=ColoredChoicesType):
    """IntegerChoices whose members may carry a colour as a third item."""


def hex_of(color: str) -> str:
    return HEX.get(color, HEX[DEFAULT_COLOR])
