"""The subscriber card's panel of open processes and tickets with the forms to print; the dashboard's overdue count."""

from django.utils.translation import gettext as _

from abonent.core.panels import Panel
from abonent.tickets.choices import TicketStatus

from . import services
from .models import PROCESS_MODELS, FormTemplate


def panels(subscriber, request) -> list[Panel]:
    user = request.user
    if not any(user.has_perm(p) for p in ("processes.view_claim", "tickets.view_ticket")):
        return []
    records = [r for r in services.open_processes(subscriber) if user.has_perm(f"processes.view_{r._meta.model_name}")]
    tickets = []
    if user.has_perm("tickets.view_ticket"):
        tickets = list(
            subscriber.tickets.filter(status__in=TicketStatus.open_values()).select_related("responsible")[:10]
        )
    return [
        Panel(
            _("Processes and tickets"),
            "processes/_subscriber_panel.html",
            {
                "subscriber": subscriber,
                "records": records,
                "tickets": tickets,
                "forms": list(FormTemplate.objects.all()) if user.has_perm("processes.view_formtemplate") else [],
                "add_links": _add_links(user),
            },
            order=40,
        )
    ]


def _add_links(user) -> list[tuple[str, str]]:
    from django.urls import reverse

    links = []
    for model in PROCESS_MODELS:
        if user.has_perm(f"processes.add_{model._meta.model_name}"):
            links.append(
                (str(model._meta.verbose_name).capitalize(), reverse(f"processes:{model._meta.model_name}_add"))
            )
    return links


def dashboard_panels(request) -> list[Panel]:
    if not request.user.has_perm("processes.view_claim"):
        return []
    rows = [(model, count) for model, count in services.overdue_counts() if count]
    return [Panel(_("Overdue processes"), "processes/_dashboard_panel.html", {"rows": rows}, order=60)]
