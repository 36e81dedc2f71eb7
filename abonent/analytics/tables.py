import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import NumberColumn, RegisterTable

from .models import CompetitorTariff


class CompetitorTariffTable(RegisterTable):
    competitor = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    speed_mbps = NumberColumn()
    price = NumberColumn()
    price_per_mbps = tables.Column(verbose_name=_("RUB per Mbit/s"), orderable=False, attrs={"td": {"class": "num"}})

    class Meta(RegisterTable.Meta):
        model = CompetitorTariff
        fields = (
            "competitor",
            "name",
            "service_type",
            "speed_mbps",
            "price",
            "price_per_mbps",
            "area",
            "source",
            "checked_on",
            "is_archived",
        )

    def render_price_per_mbps(self, value):
        return f"{value:.2f}" if value is not None else "—"
