"""What retention adds to other apps' record cards (core.cards): the retention step and the subscriber's history on
the disconnection request card, which churn renders without knowing retention."""

from abonent.core.cards import CardContribution

from . import services
from .views import retention_step_context


def request_retention_step(obj, request, context: dict) -> dict:
    """The matrix offers, holdout and history of the request; after an accepted matrix offer the card's close form
    proposes the measure's outcome."""
    extra = retention_step_context(obj, request.user)
    close_form = context.get("close_form")
    if extra.get("retention_offer_form") is not None and close_form is not None and not close_form.is_bound:
        accepted = [o for o in extra["retention_offers"] if o.answer == "accepted"]
        if accepted:
            close_form.initial["outcome"] = services.outcome_for(accepted[-1].measure)
    return extra


CARDS = [
    CardContribution(
        "churn.disconnectionrequest",
        "steps",
        "retention/_retention_step.html",
        request_retention_step,
        permission="retention.view_retentionoffer",
    ),
    CardContribution(
        "churn.disconnectionrequest",
        "side",
        "retention/_request_history.html",
        permission="retention.view_retentionoffer",
    ),
]
