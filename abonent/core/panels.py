"""Panels on the subscriber card contributed by other apps.

An app's `panels.py` defines `panels(subscriber, request) -> list[Panel]`; the card renders each panel's template
with its context, in the order of `Panel.order`. Panels the user may not see are simply not returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .registry import app_modules


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # "main" panels go under the record on the left, "side" panels into the right-hand column.
    column: str = "side"


def subscriber_panels(subscriber, request) -> list[Panel]:
    panels: list[Panel] = []
    for module in app_modules("panels"):
        if module.__name__ != __name__ and hasattr(module, "panels"):
            panels.extend(module.panels(subscriber, request))
    return sorted(panels, key=lambda p: p.order)


def dashboard_panels(request) -> list[Panel]:
    """Panels on the morning dashboard: an app's `panels.py` may define `dashboard_panels(request)`."""
    panels: list[Panel] = []
    for module in app_modules("panels"):
        if module.__name__ != __name__ and hasattr(module, "dashboard_panels"):
            panels.extend(module.dashboard_panels(request))
    return sorted(panels, key=lambda p: p.order)


def diagnostics_panels(request, start, end) -> list[Panel]:
    """Sections an app adds to the churn diagnostics of the days `start`..`end`: `diagnostics_panels(request, start,
    end)` in its `panels.py` (outages: churn of buildings with outages against the others)."""
    panels: list[Panel] = []
    for module in app_modules("panels"):
        if module.__name__ != __name__ and hasattr(module, "diagnostics_panels"):
            panels.extend(module.diagnostics_panels(request, start, end))
    return sorted(panels, key=lambda p: p.order)
