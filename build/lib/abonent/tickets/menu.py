from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("work", _("Tickets"), "tickets:ticket_list", "tickets.view_ticket", 40),
    MenuItem("reports", _("Ticket SLA"), "tickets:sla_report", "tickets.view_ticket", 70),
]
