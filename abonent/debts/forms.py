from abonent.core.forms import RegisterForm
from abonent.subscribers.forms import AccountField

from .models import PromiseToPay


class PromiseToPayForm(RegisterForm):
    account = AccountField()

    class Meta:
        model = PromiseToPay
        fields = ["account", "amount", "promised_on", "due_date"]
