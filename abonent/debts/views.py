"""The receivables' registers, each declared once (core.registers): pages, paths and the API come from these."""

from abonent.core.filtersets import DateFromToFilter
from abonent.subscribers.registers import SubscriberRegister

from . import actions
from .models import DebtExemption, PromiseToPay

promises = SubscriberRegister(
    PromiseToPay,
    "promises",
    columns=("promised_on", "subscriber__external_id", "subscriber", "amount", "due_date", "status", "paid", "agent"),
    filters=("status", "agent"),
    extra_filters={"due": DateFromToFilter(field_name="due_date")},
    search=("subscriber__external_id", "subscriber__name"),
    form=("subscriber", "amount", "promised_on", "due_date"),
    create_action=actions.record_promise,
    related=("subscriber", "agent"),
    edit=False,
    delete=False,
)

exemptions = SubscriberRegister(
    DebtExemption,
    "exemptions",
    columns=("subscriber__external_id", "subscriber", "kind", "until", "reason", "approved_by", "approved_on"),
    filters=("kind", "until"),
    search=("subscriber__external_id", "subscriber__name", "reason"),
    form=("subscriber", "kind", "until", "reason"),
    create_action=actions.grant_exemption,
    related=("subscriber", "approved_by"),
)
