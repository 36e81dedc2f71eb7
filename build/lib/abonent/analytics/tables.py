import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .models import CompetitorTariff, SavedSegment
from .segments import describe_definition


class SavedSegmentTable(RegisterTable):
    name = tables.Column(linkify=True)
    conditions = tables.Column(verbose_name=_("Conditions"), accessor="definition", orderable=False)
    owner = tables.Column()

    class Meta(RegisterTable.Meta):
        model = SavedSegment
        fields = ("name", "conditions", "description", "owner", "created_at")

    def render_conditions(self, value):
        return "; ".join(f"{label}: {text}" for label, text in describe_definition(value)) or "—"

    def value_conditions(self, value):
        return self.render_conditions(value)


class CompetitorTariffTable(RegisterTable):
    competitor = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    speed_mbps = tables.Column(attrs={"td": {"class": "num"}})
    price = tables.Column(attrs={"td": {"class": "num"}})
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
