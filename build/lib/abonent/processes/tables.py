import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .models import (
    PROCESS_MODELS,
    BonusCard,
    Claim,
    EquipmentReturn,
    FormTemplate,
    Reactivation,
    Recalculation,
    Relocation,
    Suspension,
    TariffChange,
    UrgentRepair,
)


class StatusColumn(tables.Column):
    def render(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_color, value)

    def value(self, value, **kwargs):
        return value


class DeadlineColumn(tables.Column):
    """The deadline; an overdue open record shows it in red with the responsible person named."""

    def render(self, value, record):
        if record.is_overdue:
            return format_html(
                '<span class="text-danger fw-bold" title="{}">{}</span>',
                _("Overdue"),
                value.strftime("%d.%m.%Y"),
            )
        return value.strftime("%d.%m.%Y")

    def value(self, value, **kwargs):
        return value


class ProcessTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    status = StatusColumn()
    deadline = DeadlineColumn()
    responsible = tables.Column()
    request = tables.Column(linkify=True)

    BASE = ("id", "created_at", "account", "subscriber_name", "status")
    TAIL = ("responsible", "deadline", "request", "closed_at")

    class Meta(RegisterTable.Meta):
        fields = ()


def _table_for(model, extra: tuple[str, ...]):
    meta = type("Meta", (ProcessTable.Meta,), {"model": model, "fields": ProcessTable.BASE + extra + ProcessTable.TAIL})
    meta.sequence = ProcessTable.BASE + extra + ProcessTable.TAIL
    return type(f"{model.__name__}Table", (ProcessTable,), {"Meta": meta, "__module__": __name__})


EXTRA = {
    TariffChange: ("from_tariff", "to_tariff", "effective_on"),
    Recalculation: ("amount", "reason", "period_start", "period_end", "credited_on"),
    UrgentRepair: ("problem", "ticket"),
    Claim: ("received_on", "subject", "answered_on"),
    Relocation: ("new_address", "coverage", "connection_on"),
    Reactivation: ("done_on",),
    Suspension: ("starts_on", "ends_on", "reminded_on"),
    EquipmentReturn: ("items", "returned_on"),
    BonusCard: ("card_number", "amount", "level", "activated_on"),
}
TABLES = {model: _table_for(model, EXTRA[model]) for model in PROCESS_MODELS}
for _table in TABLES.values():
    globals()[_table.__name__] = _table


class FormTemplateTable(RegisterTable):
    title = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = FormTemplate
        fields = ("title", "kind", "is_default")
