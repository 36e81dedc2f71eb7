import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import ChoiceBadgeColumn, RegisterTable, UserTable
from abonent.subscribers.services import show_phone
from abonent.subscribers.tables import PhoneColumn

from .choices import TaskStatus
from .models import CallbackAttempt, CallbackTask


class CallbackTaskTable(UserTable):
    id = tables.Column(verbose_name="№", linkify=True)
    phone = PhoneColumn()
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


class CallbackAttemptTable(UserTable):
    task = tables.Column(linkify=True)

    def _task(self, value) -> str:
        return f"№{value.pk} {show_phone(self.user, value.phone)}"

    def render_task(self, value):
        return self._task(value)

    def value_task(self, value):
        return self._task(value)

    class Meta(RegisterTable.Meta):
        model = CallbackAttempt
        fields = ("at", "task", "user", "outcome", "minutes", "note")
        verbose_name = _("callback attempts")
