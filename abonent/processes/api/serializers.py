from rest_framework import serializers

from abonent.core.api.serializers import ValidatedModelSerializer
from abonent.subscribers.models import Subscriber

from ..choices import Coverage
from ..models import PROCESS_MODELS, FormTemplate, ProcessSettings


class ProcessSerializer(ValidatedModelSerializer):
    """A process record; created in its initial state (actions.open_process), moved with POST …/step/."""

    account = serializers.CharField(source="subscriber.external_id", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    subscriber = serializers.PrimaryKeyRelatedField(queryset=Subscriber.objects.all())

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["subscriber"].read_only = True  # fixed when the record is opened, as in the edit form
        return fields


def _serializer_for(model):
    name = model._meta.model_name
    fields = [f.name for f in model._meta.concrete_fields if f.name != "id"]
    read_only = [f.name for f in model._meta.concrete_fields if not f.editable and f.name != "id"]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": ["id", "url", "account", "is_overdue", *fields],
            "read_only_fields": read_only,
        },
    )
    attrs = {
        "Meta": meta,
        "url": serializers.HyperlinkedIdentityField(view_name=f"processes-api:{name}-detail"),
        "__module__": __name__,
    }
    return type(f"{model.__name__}Serializer", (ProcessSerializer,), attrs)


SERIALIZERS = {model: _serializer_for(model) for model in PROCESS_MODELS}


class StepSerializer(serializers.Serializer):
    """A step on a record: its name (see the card) and the step's fields."""

    step = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    effective_on = serializers.DateField(required=False)
    credited_on = serializers.DateField(required=False)
    answer_text = serializers.CharField(required=False, allow_blank=True)
    answered_on = serializers.DateField(required=False)
    coverage = serializers.ChoiceField(choices=Coverage.choices, required=False)
    connection_on = serializers.DateField(required=False)
    done_on = serializers.DateField(required=False)
    returned_on = serializers.DateField(required=False)
    activated_on = serializers.DateField(required=False)
    confirm_fee_change = serializers.BooleanField(
        required=False, help_text="apply: true to apply a tariff change over RETENTION_TARIFF_FEE_WARN_SHARE"
    )


class FormTemplateSerializer(ValidatedModelSerializer):
    class Meta:
        model = FormTemplate
        fields = ["id", "kind", "title", "header", "body", "footer", "is_default"]
        read_only_fields = ["is_default"]


class ProcessSettingsSerializer(ValidatedModelSerializer):
    class Meta:
        model = ProcessSettings
        fields = [
            "operator_name",
            "director_name",
            "recalculation_limit",
            "claim_answer_days",
            "suspension_reminder_days",
        ]
