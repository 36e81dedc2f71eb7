from django.utils.translation import gettext as _

from abonent.core.panels import Panel

from .choices import ContractStatus


def panels(subscriber, request) -> list[Panel]:
    """The subscriber's annual contracts and the times a contract was offered."""
    user = request.user
    if not user.has_perm("contracts.view_annualcontract"):
        return []
    contracts = list(subscriber.annual_contracts.select_related("terms").order_by("-starts_on")[:5])
    agitations = list(subscriber.contract_agitations.select_related("terms", "offered_by").order_by("-offered_at")[:5])
    current = next((c for c in contracts if c.status in ContractStatus.open_values()), None)
    return [
        Panel(
            _("Annual contract"),
            "contracts/_subscriber_panel.html",
            {
                "contracts": contracts,
                "current": current,
                "agitations": agitations,
                "current_color": ContractStatus.color_of(current.status) if current else "",
                "subscriber": subscriber,
                "can_offer": user.has_perm("contracts.add_agitation") and current is None,
            },
            order=40,
        )
    ]
