import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from abonent.core.tables import RegisterTable

from .choices import NpsCategory
from .models import Invitation, Question, Response, Survey


class SurveyTable(RegisterTable):
    name = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = Survey
        fields = ("name", "starts_on", "ends_on", "is_active")


class QuestionTable(RegisterTable):
    text = tables.Column(linkify=True)

    class Meta(RegisterTable.Meta):
        model = Question
        fields = ("survey", "order", "text", "kind", "required")


class InvitationTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    link = tables.Column(verbose_name=_("Link"), accessor="token", orderable=False)

    class Meta(RegisterTable.Meta):
        model = Invitation
        fields = (
            "id",
            "survey",
            "account",
            "subscriber_name",
            "channel",
            "created_at",
            "sent_at",
            "expires_on",
            "answered_at",
            "link",
        )

    def render_link(self, record):
        return record.public_path()

    def value_link(self, record):
        return record.public_path()


class CategoryColumn(tables.Column):
    def render(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            NpsCategory.color_of(record.category),
            record.get_category_display(),
        )

    def value(self, record):
        return record.get_category_display()


class ResponseTable(RegisterTable):
    id = tables.Column(verbose_name="№", linkify=True)
    account = tables.Column(verbose_name=_("Account number"), accessor="subscriber__external_id")
    subscriber_name = tables.Column(verbose_name=_("Subscriber"), accessor="subscriber__name")
    category = CategoryColumn(verbose_name=_("Category"), accessor="score", orderable=False, empty_values=())

    class Meta(RegisterTable.Meta):
        model = Response
        fields = (
            "id",
            "answered_at",
            "survey",
            "account",
            "subscriber_name",
            "score",
            "category",
            "comment",
            "channel",
            "answered_by",
        )
