import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable

from .choices import TaskStatus
from .models import CallbackAttempt, CallbackTask


class CallbackTaskTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    status = ChoiceBadgeColumn(TaskStatus)
    subscriber = tables.Column(linkify=True)
    call_type = tables.Column()
    assigned_to = tables.Column()

    class Meta(RegisterTable.Meta):
        model = CallbackTask
        fields = (
            "id",
            "priority",
            "created_at",
            "phone",
            "subscriber",
            "call_type",
            "missed_calls",
            "due_at",
            "status",
            "assigned_to",
            "attempts",
            "next_attempt_at",
            "outcome",
            "closed_at",
        )
        row_attrs = {"data-status": lambda record: record.status}

    def render_phone(self, value, record):
        from abonent.subscribers.services import phones_for

        user = getattr(self, "user", None)
        return ", ".join(phones_for(user, value)) or value

    def value_phone(self, value):
        return value

    accepts = ("user",)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class CallbackAttemptTable(RegisterTable):
    task = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = CallbackAttempt
        fields = ("at", "task", "user", "outcome", "minutes", "note")
        verbose_name = _("callback attempts")
