from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer

from ..kinds import kind_choices, kinds
from ..models import ImportRun
from ..services import get_progress


class ImportRunSerializer(ValidatedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="imports-api:importrun-detail")
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    progress = serializers.SerializerMethodField(help_text="{processed, total, stage} while the import runs")
    errors = serializers.SerializerMethodField(help_text="Each error: file, row, column, value, expected")

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "url",
            "kind",
            "file_name",
            "file_sha256",
            "user",
            "source",
            "status",
            "started_at",
            "finished_at",
            "rows_total",
            "rows_added",
            "rows_updated",
            "rows_unchanged",
            "error_count",
            "error_summary",
            "errors",
            "warnings",
            "message",
            "progress",
        ]
        read_only_fields = fields

    def get_errors(self, obj) -> list[dict]:
        request = self.context.get("request")
        return obj.errors_for(getattr(request, "user", None))

    def get_progress(self, obj) -> dict:
        return get_progress(obj)


class ImportRunListSerializer(ImportRunSerializer):
    """A run in the register's list: its counts and summary, not its error bodies (GET the run for those)."""

    class Meta(ImportRunSerializer.Meta):
        fields = [f for f in ImportRunSerializer.Meta.fields if f not in ("errors", "warnings")]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    """A file to import (multipart/form-data): a billing export, PBX calls, tickets or survey answers."""

    kind = serializers.ChoiceField(choices=[])
    file = serializers.FileField()
    encoding = serializers.CharField(required=False, allow_blank=True, help_text="utf-8 or cp1251; detected if empty")
    delimiter = serializers.CharField(required=False, allow_blank=True, help_text="; , or tab; detected if empty")
    sheet = serializers.CharField(required=False, allow_blank=True, help_text="XLSX sheet name or number")
    mapping = serializers.CharField(
        required=False, allow_blank=True, help_text="pbx_csv: the saved column mapping's name or id (calls register)"
    )
    background = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Kept for old clients: every upload now runs in the background and answers 202",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds are what the installed apps contribute, known once the apps are loaded.
        self.fields["kind"].choices = kind_choices()

    def validate(self, data):
        kind = kinds()[data["kind"]]
        missing = {option: [message] for option, message in kind.required.items() if not data.get(option)}
        if missing:
            raise serializers.ValidationError(missing)
        return data
