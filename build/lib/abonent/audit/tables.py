import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .models import AuditTarget


class AuditTargetTable(RegisterTable):
    metric = tables.Column(verbose_name=_("Metric"), accessor="code", linkify=True, order_by=("code",))

    class Meta(RegisterTable.Meta):
        model = AuditTarget
        fields = ("metric", "code", "target", "amber", "direction", "note")

    def render_metric(self, record):
        return str(record)

    def value_metric(self, record):
        return str(record)
