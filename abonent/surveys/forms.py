import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin, DateInput, RegisterForm, ReportDateField, style_fields
from abonent.subscribers.models import SavedSegment

from .choices import InvitationChannel, QuestionKind
from .models import Question, Survey
from .services import DIMENSIONS

SCORES = [(str(i), str(i)) for i in range(11)]


class SurveyForm(RegisterForm):
    class Meta:
        model = Survey
        fields = ["name", "nps_question", "intro", "starts_on", "ends_on", "is_active"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class QuestionForm(RegisterForm):
    class Meta:
        model = Question
        fields = ["survey", "order", "text", "kind", "options", "required"]


class AnswerForm(BootstrapMixin, forms.Form):
    """The NPS score, a comment, and the survey's follow-up questions (fields q_<id>)."""

    score = forms.TypedChoiceField(label=_("Score from 0 to 10"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("What is the main reason for your score?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["score"].label = survey.nps_question
        self.questions = list(survey.questions.all())
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(choices=[(o, o) for o in question.option_list], widget=forms.RadioSelect)
            elif question.kind == QuestionKind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(str(i), str(i)) for i in range(1, 6)], coerce=int, widget=forms.RadioSelect
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
            field.label = question.text
            field.required = question.required
            self.fields[name] = field
        style_fields(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"

    def score_field(self):
        return self["score"]

    def follow_up_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    def answers(self) -> list[dict]:
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if value in (None, ""):
                continue
            result.append({"question": question.pk, "text": question.text, "answer": value})
        return result


class ChooseSurveyForm(BootstrapMixin, forms.Form):
    survey = forms.ModelChoiceField(queryset=Survey.objects.filter(is_active=True), label=_("Survey"))


class InvitationBatchForm(BootstrapMixin, forms.Form):
    """Invite a segment of the active base, or a random sample of it."""

    survey = forms.ModelChoiceField(queryset=Survey.objects.filter(is_active=True), label=_("Survey"))
    segment = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Segment"), help_text=_("Empty: the whole active base")
    )
    sample = forms.IntegerField(
        label=_("Random sample size"), required=False, min_value=1, help_text=_("Empty: everyone in the segment")
    )
    channel = forms.ChoiceField(choices=InvitationChannel.choices, label=_("Channel"), initial="sms")
    valid_days = forms.IntegerField(label=_("Valid, days"), min_value=1, max_value=365, initial=30)

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = SavedSegment.objects.all()


def _default_start() -> dt.date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1)


class NpsReportForm(BootstrapMixin, forms.Form):
    start = ReportDateField(label=_("From"), widget=DateInput(), required=False)
    end = ReportDateField(label=_("To"), widget=DateInput(), required=False)
    survey = forms.ModelChoiceField(queryset=Survey.objects.all(), required=False, label=_("Survey"))
    segment = forms.ModelChoiceField(queryset=None, required=False, label=_("Segment"))
    dimension = forms.ChoiceField(choices=list(DIMENSIONS.items()), required=False, label=_("NPS by"))

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = SavedSegment.objects.all()

    def clean(self):
        data = super().clean()
        data["start"] = data.get("start") or _default_start()
        data["end"] = data.get("end") or timezone.localdate()
        data["dimension"] = data.get("dimension") or "kind"
        if data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
