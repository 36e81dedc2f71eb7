from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import RegisterForm
from abonent.subscribers.forms import AccountField

from .models import Ticket


class TicketForm(RegisterForm):
    """Opening a ticket (by account number; the deadline defaults to the SLA) or editing its details."""

    account = AccountField()

    class Meta:
        model = Ticket
        fields = ["kind", "urgent", "subject", "description", "deadline", "responsible", "external_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["deadline"].help_text = _("By the SLA of the kind when empty")
        if self.instance.pk:
            del self.fields["account"]
        else:
            self.order_fields(["account"])
