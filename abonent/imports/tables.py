import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, NumberColumn, RegisterTable

from .choices import ImportStatus
from .models import ImportRun


class ImportRunTable(RegisterTable):
    id = tables.Column(linkify=True, verbose_name="#")
    file_name = tables.Column(linkify=True)
    status = ChoiceBadgeColumn(ImportStatus)
    rows_total = tables.Column(verbose_name=_("rows"), attrs={"td": {"class": "num"}})
    rows_added = tables.Column(verbose_name=_("added"), attrs={"td": {"class": "num"}})
    rows_updated = tables.Column(verbose_name=_("updated"), attrs={"td": {"class": "num"}})
    rows_unchanged = tables.Column(verbose_name=_("unchanged"), attrs={"td": {"class": "num"}})
    error_count = NumberColumn()

    class Meta(RegisterTable.Meta):
        model = ImportRun
        fields = (
            "id",
            "started_at",
            "kind",
            "file_name",
            "user",
            "source",
            "status",
            "rows_total",
            "rows_added",
            "rows_updated",
            "rows_unchanged",
            "error_count",
            "finished_at",
        )
