"""A register of records about one subscriber: its form takes the account number, as every subscriber form does."""

from abonent.core.registers import Register

from .forms import AccountField
from .views import SubscriberInitialMixin


class AccountFormMixin:
    """The subscriber typed as an account number (лицевой счёт); the record's current one shown when edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("account", self.instance.subscriber.external_id)

    def clean(self):
        data = super().clean()
        if data.get("account") is not None:
            self.instance.subscriber = data["account"]
        return data


class SubscriberRegister(Register):
    """A Register whose `form` names "subscriber": the page shows it as the account number field (filled in from
    ``?subscriber=<pk>``), the action gets the Subscriber, and the API writes the subscriber's id."""

    def __post_init__(self):
        self.view_mixins = (SubscriberInitialMixin, *self.view_mixins)
        self.form_mixins = (AccountFormMixin, *self.form_mixins)

    def form_attrs(self) -> dict:
        return {"account": AccountField()}

    def form_fields(self) -> list[str]:
        return ["account" if name == "subscriber" else name for name in self.form]
