"""NPS and satisfaction surveys (seed 004, 4.7.3 and form 2.5.6): the survey with its follow-up questions,
invitations with an unguessable token for the public link, and the answers however they reached us.

An answer always carries the NPS score (0–10); the follow-up answers sit beside it as JSON. Answers change only
through abonent.surveys.actions, which also puts detractors on the follow-up work list.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import InvitationChannel, NpsCategory, QuestionKind, ResponseChannel

NPS_QUESTION = "Насколько вероятно, что вы порекомендуете нас друзьям?"


def new_token() -> str:
    """128 random bits, URL-safe: a link cannot be guessed from another one."""
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    nps_question = models.CharField(_("NPS question"), max_length=300, default=NPS_QUESTION)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the questions on the public page"))
    starts_on = models.DateField(_("active from"))
    ends_on = models.DateField(_("active to"), null=True, blank=True, help_text=_("Empty: open-ended"))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The survey ends before it starts.")})

    def is_open_on(self, day) -> bool:
        return self.is_active and self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Question(models.Model):
    """A follow-up question after the NPS score: free text, a choice among options, or a 1–5 scale."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="questions", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    options = models.TextField(_("options"), blank=True, help_text=_("For a choice: one option per line"))
    required = models.BooleanField(_("required"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("surveys:question_detail", args=[self.pk])

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self):
        if self.kind == QuestionKind.CHOICE and len(self.option_list) < 2:
            raise ValidationError({"options": _("A choice needs at least two options, one per line.")})


class Invitation(models.Model):
    """An invitation to answer: the public link /surveys/r/<token>/ takes one answer."""

    survey = models.ForeignKey(Survey, models.PROTECT, related_name="invitations", verbose_name=_("survey"))
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="survey_invitations", verbose_name=_("subscriber")
    )
    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token, editable=False)
    channel = models.CharField(_("channel"), max_length=8, choices=InvitationChannel.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["survey", "created_at"], name="invitation_survey_idx")]

    def __str__(self) -> str:
        return f"{self.survey} → {self.subscriber.external_id}" if self.subscriber_id else str(self.survey)

    def get_absolute_url(self) -> str:
        return reverse("surveys:invitation_detail", args=[self.pk])

    def public_path(self) -> str:
        return reverse("surveys:public_answer", args=[self.token])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Response(models.Model):
    """A subscriber's answer: the NPS score 0–10, a comment, and the follow-up answers."""

    survey = models.ForeignKey(Survey, models.PROTECT, related_name="responses", verbose_name=_("survey"))
    subscriber = models.ForeignKey(
        "subscribers.Subscriber", models.CASCADE, related_name="survey_responses", verbose_name=_("subscriber")
    )
    invitation = models.OneToOneField(
        Invitation,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
        editable=False,
    )
    score = models.PositiveSmallIntegerField(_("score 0–10"))
    comment = models.TextField(_("comment"), blank=True)
    answers = models.JSONField(
        _("follow-up answers"), default=list, blank=True, help_text=_("[{question, text, answer}, …]")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=ResponseChannel.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by (staff)"),
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"))
    import_run = models.ForeignKey(
        "imports.ImportRun", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # account|date of an imported answer: re-importing the same file finds the same rows.
    import_key = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=10), name="response_score_0_10"),
            models.UniqueConstraint(
                fields=["survey", "import_key"], condition=~models.Q(import_key=""), name="response_unique_import"
            ),
        ]
        indexes = [
            models.Index(fields=["answered_at"], name="response_answered_idx"),
            models.Index(fields=["subscriber", "answered_at"], name="response_subscriber_idx"),
        ]
        permissions = [("view_nps_report", _("Can view the NPS report"))]

    def __str__(self) -> str:
        return f"{self.subscriber.external_id}: {self.score}" if self.subscriber_id else str(self.score)

    def get_absolute_url(self) -> str:
        return reverse("surveys:response_detail", args=[self.pk])

    @property
    def category(self) -> str:
        return NpsCategory.of(self.score)

    def get_category_display(self) -> str:
        return NpsCategory(self.category).label

    def clean(self):
        if self.score is not None and not 0 <= self.score <= 10:
            raise ValidationError({"score": _("The score is a whole number from 0 to 10.")})
