from django.utils.translation import gettext_lazy as _

from abonent.core.context_processors import MenuItem

ITEMS = [
    MenuItem("base", _("Subscribers"), "subscribers:subscriber_list", "subscribers.view_subscriber", 10),
    MenuItem("base", _("Tariffs"), "subscribers:tariff_list", "subscribers.view_tariff", 20),
    MenuItem("base", _("Payments"), "subscribers:payment_list", "subscribers.view_payment", 30),
    MenuItem("base", _("Segments"), "subscribers:savedsegment_list", "subscribers.view_savedsegment", 40),
    MenuItem("settings", _("Service types"), "subscribers:servicekind_list", "subscribers.view_servicekind", 30),
]
