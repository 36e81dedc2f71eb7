"""Object-card contributions: an app adds a panel to another app's record card without that app importing it.

Like NetBox's template extensions: `<app>/cards.py` lists CARDS = [CardContribution(model label, slot, template,
context, permission, order)]. Every card rendered by `core.views.ObjectDetailView` collects the contributions for
its model (`app_label.model_name`), calls each one's `context(obj, request, page_context)` (a dict merged into the
page's context, so the panel may also adjust the page's own forms) and puts its template in `card_slots[slot]`; the
card's template includes the slots it has (`{% for t in card_slots.steps %}{% include t %}{% endfor %}`).
`core.checks` fails the start when a contribution names a model, template, permission or callable that does not
exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .registry import app_modules

SLOTS = ("main", "steps", "side")


@dataclass(frozen=True)
class CardContribution:
    model: str  # the card's model, as app_label.model_name ("churn.disconnectionrequest")
    slot: str  # where the card shows it: one of SLOTS
    template: str
    context: Callable | None = None  # (obj, request, page_context) -> dict merged into the page context
    permission: str = ""  # shown only to a user with it; empty: to everyone who sees the card
    order: int = 100


def contributions() -> list[CardContribution]:
    found: list[CardContribution] = []
    for module in app_modules("cards"):
        found.extend(getattr(module, "CARDS", []))
    return sorted(found, key=lambda c: c.order)


def card_slots(obj, request, context: dict) -> dict[str, list[str]]:
    """The templates the apps contribute to this record's card, by slot; their context goes into `context`."""
    label = obj._meta.label_lower
    slots: dict[str, list[str]] = defaultdict(list)
    for contribution in contributions():
        if contribution.model != label:
            continue
        if contribution.permission and not request.user.has_perm(contribution.permission):
            continue
        if contribution.context is not None:
            context.update(contribution.context(obj, request, context))
        slots[contribution.slot].append(contribution.template)
    return dict(slots)
