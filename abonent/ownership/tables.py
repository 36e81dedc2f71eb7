import django_tables2 as tables

from abonent.core.tables import RegisterTable

from .models import AssignmentRule


class AssignmentRuleTable(RegisterTable):
    # Written out rather than generated: the service type's choices are a register read from the database, which
    # the generated table would read at import time.
    name = tables.Column(linkify=True)
    reason_group = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = AssignmentRule
        fields = ("priority", "name", "reason_group", "service_type", "subscriber_kind", "owner", "is_active")
