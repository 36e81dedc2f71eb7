"""What ownership adds to the disconnection request card (core.cards): its owner and due date, and the agent's
"hand over" step."""

from abonent.core.cards import CardContribution

from .forms import HandOverForm


def request_owner(obj, request, context: dict) -> dict:
    may = obj.is_open and request.user.has_perm("ownership.hand_over_request")
    return {"hand_over_form": HandOverForm() if may else None}


CARDS = [
    CardContribution("churn.disconnectionrequest", "side", "ownership/_request_owner.html", request_owner, order=10),
]
