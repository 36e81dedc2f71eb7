"""Forms of the subscriber base: tariffs, and a segment's conditions (shared with every report's filter form)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import DateInput, ModelMultipleChoiceField, RegisterForm, style_fields

from .choices import SubscriberKind, SubscriberStatus
from .models import SavedSegment, ServiceKind, Subscriber, Tariff
from .segments import clean_definition
from .service_kinds import offered_service_type_choices, service_type_choices
from .services import data_as_of


class ServiceKindForm(RegisterForm):
    class Meta:
        model = ServiceKind
        fields = ["code", "name_ru", "name_en", "aliases", "order", "is_archived"]


def offer_service_types(form, name: str = "service_type") -> None:
    """A form for a record: its service type is one of the current kinds (or the kind the record already has)."""
    current = getattr(form.instance, name, "") if form.instance.pk else ""
    form.fields[name].choices = [("", "---------"), *offered_service_type_choices(current)]


class TariffForm(RegisterForm):
    class Meta:
        model = Tariff
        fields = ["code", "name", "service_type", "kind", "monthly_fee", "speed_mbps", "is_archived"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, the kind stays as it was (residential for a new tariff), as the tariffs import does.
        self.fields["kind"].required = False
        offer_service_types(self)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or SubscriberKind.RESIDENTIAL


# --- segment conditions ---------------------------------------------------------------------------------------------


def split_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class SegmentConditionsMixin:
    """The conditions of a segment (subscribers.segments.SEGMENT_KEYS) as form fields, and back.

    Lists of values (kinds, service types, statuses, tariffs) are "any of"; city and district accept several
    names separated by commas; tenure in whole months and ARPU in RUB are ranges [from, to).
    """

    condition_fields = (
        "kind",
        "service_type",
        "status",
        "city",
        "district",
        "tariff",
        "tenure_min",
        "tenure_max",
        "arpu_min",
        "arpu_max",
    )

    def add_condition_fields(self) -> None:
        def multiple(label, choices):
            return forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.SelectMultiple(attrs={"size": 2})
            )

        self.fields["kind"] = multiple(_("Kind"), SubscriberKind.choices)
        self.fields["service_type"] = multiple(_("Service type"), service_type_choices)
        self.fields["status"] = multiple(_("Status"), SubscriberStatus.choices)
        self.fields["city"] = forms.CharField(label=_("City"), max_length=300, required=False)
        self.fields["district"] = forms.CharField(
            label=_("District"), max_length=300, required=False, help_text=_("Several: separate with commas")
        )
        self.fields["tariff"] = ModelMultipleChoiceField(
            label=_("Tariffs"),
            queryset=Tariff.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 2}),
        )
        # Bounded like the columns they are compared with: a century of tenure, ARPU as Subscriber.arpu stores it.
        self.fields["tenure_min"] = forms.IntegerField(
            label=_("Tenure from, months"), min_value=0, max_value=1200, required=False
        )
        self.fields["tenure_max"] = forms.IntegerField(
            label=_("Tenure under, months"), min_value=1, max_value=1200, required=False
        )
        self.fields["arpu_min"] = forms.DecimalField(
            label=_("ARPU from, RUB"), min_value=0, max_digits=12, decimal_places=2, required=False
        )
        self.fields["arpu_max"] = forms.DecimalField(
            label=_("ARPU under, RUB"), min_value=0, max_digits=12, decimal_places=2, required=False
        )

    def add_saved_segment_field(self, label=None) -> None:
        self.fields["saved_segment"] = forms.ModelChoiceField(
            label=label or _("Segment"), queryset=SavedSegment.objects.all(), required=False
        )

    def clean_conditions(self, data: dict) -> None:
        for low, high in (("tenure_min", "tenure_max"), ("arpu_min", "arpu_max")):
            if data.get(low) is not None and data.get(high) is not None and data[high] <= data[low]:
                self.add_error(high, _("The upper bound must be above the lower one."))

    def definitions(self) -> list[dict]:
        """A report's own conditions and the chosen saved segment's."""
        saved = self.cleaned_data.get("saved_segment")
        return [d for d in (self.definition(), saved.definition if saved else None) if d]

    def definition(self) -> dict:
        """The conditions entered, as a segment definition (empty conditions left out)."""
        data = self.cleaned_data

        def number(value):
            if value is None:
                return None
            return int(value) if value == int(value) else float(value)

        return clean_definition(
            {
                "kind": list(data.get("kind") or []),
                "service_type": list(data.get("service_type") or []),
                "status": list(data.get("status") or []),
                "city": split_list(data.get("city")),
                "district": split_list(data.get("district")),
                "tariff": [t.pk for t in data.get("tariff") or []],
                "tenure_months": [data.get("tenure_min"), data.get("tenure_max")],
                "arpu": [number(data.get("arpu_min")), number(data.get("arpu_max"))],
            }
        )

    @staticmethod
    def initial_from_definition(definition: dict) -> dict:
        def listed(value):
            return value if isinstance(value, list | tuple) else [value]

        initial = {}
        for key in ("kind", "service_type", "status", "tariff"):
            if definition.get(key):
                initial[key] = listed(definition[key])
        for key in ("city", "district"):
            if definition.get(key):
                initial[key] = ", ".join(listed(definition[key]))
        for key, (low, high) in (("tenure", ("tenure_min", "tenure_max")), ("arpu", ("arpu_min", "arpu_max"))):
            pair = (list(definition.get("tenure_months" if key == "tenure" else "arpu") or []) + [None, None])[:2]
            if pair[0] is not None:
                initial[low] = pair[0]
            if pair[1] is not None:
                initial[high] = pair[1]
        return initial

    @classmethod
    def query_from_definition(cls, definition: dict) -> list[tuple[str, str]]:
        """The definition as GET parameters of these fields (for "save as segment" and links)."""
        query = []
        for key, value in cls.initial_from_definition(definition).items():
            for item in value if isinstance(value, list) else [value]:
                query.append((key, str(item)))
        return query


class SegmentConditionsForm(SegmentConditionsMixin, forms.Form):
    """The conditions alone: the API checks a saved segment's definition by the same rules as the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_condition_fields()

    def clean(self):
        data = super().clean()
        self.clean_conditions(data)
        return data


class SavedSegmentForm(SegmentConditionsMixin, RegisterForm):
    class Meta:
        model = SavedSegment
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_condition_fields()
        if self.instance.pk and not self.is_bound:
            self.initial.update(self.initial_from_definition(self.instance.definition))
        style_fields(self)

    def clean(self):
        data = super().clean()
        self.clean_conditions(data)
        return data

    def save(self, commit=True):
        self.instance.definition = self.definition()
        return super().save(commit)


# --- the as-of date of a figure (analytics reports, a segment's summary) ---


class AsOfMixin:
    """The as-of date of a report: the day it runs to. Empty: the date of the latest imported data (never the wall
    clock, so a subscriber still connected does not gain the days since the last import)."""

    def add_as_of_field(self) -> None:
        self.fields["as_of"] = as_of_field()

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("The as-of date is in the future."))
        return as_of

    def resolve_as_of(self, data: dict) -> None:
        """The as-of date entered, or the form's default; presets and default periods count from it."""
        if data.get("as_of"):
            self.today = data["as_of"]
        data["as_of"] = self.today


class AsOfForm(AsOfMixin, forms.Form):
    """The as-of date alone, for a figure with no other inputs (a saved segment's summary)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = data_as_of()
        self.add_as_of_field()

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.resolve_as_of(data)
        return data


def as_of_field() -> forms.DateField:
    return forms.DateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
        help_text=_("The report runs to this day; empty: the date of the latest imported data"),
    )


class AccountField(forms.CharField):
    """A subscriber's account number (лицевой счёт) as typed, cleaned to the Subscriber it names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Account number"))
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def clean(self, value):
        account = super().clean(value).strip()
        subscriber = Subscriber.objects.filter(external_id=account).first()
        if subscriber is None:
            raise forms.ValidationError(
                _("No subscriber with account number %(account)s."), params={"account": account}
            )
        return subscriber
