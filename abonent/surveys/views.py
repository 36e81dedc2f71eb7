"""Survey registers, the staff answer form, the public answer page, the invitation batch, and the NPS report."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from abonent.core.export import csv_response, xlsx_response
from abonent.core.http import client_ip
from abonent.core.views import (
    ModelPermissionMixin,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    RegisterContextMixin,
)
from abonent.subscribers.choices import SubscriberStatus
from abonent.subscribers.models import Subscriber
from abonent.subscribers.segments import apply_definition
from abonent.subscribers.services import show_phones
from abonent.worklists.models import WorkItem

from . import actions, services
from .filtersets import InvitationFilterSet, QuestionFilterSet, ResponseFilterSet, SurveyFilterSet
from .forms import AnswerForm, ChooseSurveyForm, InvitationBatchForm, NpsReportForm, QuestionForm, SurveyForm
from .models import Invitation, Question, Response, Survey
from .tables import InvitationTable, QuestionTable, ResponseTable, SurveyTable

VIEW_NPS = "surveys.view_nps_report"


# Surveys and questions --------------------------------------------------------------------------------------------


class SurveyListView(ObjectListView):
    queryset = Survey.objects.all()
    table_class = SurveyTable
    filterset_class = SurveyFilterSet


class SurveyDetailView(ObjectDetailView):
    queryset = Survey.objects.prefetch_related("questions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.object
        responses = survey.responses.values_list("score", flat=True)
        context["nps"] = services.nps_of(responses)
        context["invited"] = survey.invitations.count()
        context["answered_invitations"] = survey.invitations.filter(answered_at__isnull=False).count()
        context["can_add_question"] = self.request.user.has_perm("surveys.add_question")
        return context


class SurveyEditView(ObjectEditView):
    queryset = Survey.objects.all()
    form_class = SurveyForm

    def get_initial(self):
        return {**super().get_initial(), "starts_on": timezone.localdate()}


class QuestionListView(ObjectListView):
    queryset = Question.objects.select_related("survey")
    table_class = QuestionTable
    filterset_class = QuestionFilterSet


class QuestionDetailView(ObjectDetailView):
    queryset = Question.objects.select_related("survey")


class QuestionEditView(ObjectEditView):
    queryset = Question.objects.all()
    form_class = QuestionForm

    def get_initial(self):
        initial = super().get_initial()
        if "survey" in self.request.GET:
            initial["survey"] = self.request.GET["survey"]
        return initial


# Invitations ------------------------------------------------------------------------------------------------------


class InvitationListView(ObjectListView):
    queryset = Invitation.objects.select_related("survey", "subscriber")
    table_class = InvitationTable
    filterset_class = InvitationFilterSet
    template_name = "surveys/invitation_list.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "links":
            return self.export_links()
        return super().get(request, *args, **kwargs)

    def export_links(self):
        """The filtered, unanswered invitations as CSV for an SMS or e-mail tool: account, name, phone, link."""
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
        queryset = queryset.filter(answered_at__isnull=True)[: self.export_limit]
        rows = [
            [
                invitation.subscriber.external_id,
                invitation.subscriber.name,
                (show_phones(self.request.user, invitation.subscriber.phones, stored=True) or [""])[0],
                self.request.build_absolute_uri(invitation.public_path()),
                invitation.expires_on.isoformat() if invitation.expires_on else "",
                invitation.survey.name,
            ]
            for invitation in queryset
        ]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(
            f"survey-links-{stamp}.csv", ["account", "name", "phone", "link", "valid_until", "survey"], rows
        )


class InvitationDetailView(ObjectDetailView):
    queryset = Invitation.objects.select_related("survey", "subscriber", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["public_url"] = self.request.build_absolute_uri(self.object.public_path())
        context["response"] = Response.objects.filter(invitation=self.object).first()
        context["can_answer"] = self.request.user.has_perm("surveys.add_response") and not self.object.is_answered
        return context


class InvitationBatchView(ModelPermissionMixin, RegisterContextMixin, generic.FormView):
    """Invite a segment of the active base (or a random sample of it) to a survey."""

    model = Invitation
    action = "add"
    form_class = InvitationBatchForm
    template_name = "surveys/invitation_batch.html"

    def form_valid(self, form):
        data = form.cleaned_data
        base = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE)
        if data["segment"] is not None:
            base = apply_definition(base, data["segment"].definition)
        created = actions.create_invitations(
            data["survey"],
            base,
            channel=data["channel"],
            user=self.request.user,
            sample=data["sample"],
            valid_days=data["valid_days"],
        )
        messages.success(self.request, _("Invitations created: %(n)d.") % {"n": len(created)})
        return redirect(f"{self.get_success_base()}?survey={data['survey'].pk}&answered=false")

    def get_success_base(self):
        from django.urls import reverse

        return reverse("surveys:invitation_list")


# Responses --------------------------------------------------------------------------------------------------------


class ResponseListView(ObjectListView):
    queryset = Response.objects.select_related("survey", "subscriber", "answered_by")
    table_class = ResponseTable
    filterset_class = ResponseFilterSet


class ResponseDetailView(ObjectDetailView):
    queryset = Response.objects.select_related("survey", "subscriber", "answered_by", "invitation")

    def get_context_data(self, **kwargs):

        context = super().get_context_data(**kwargs)
        context["work_items"] = WorkItem.objects.filter(
            source_type__app_label="surveys", source_type__model="response", source_id=self.object.pk
        )
        return context


class StaffAnswerView(ModelPermissionMixin, RegisterContextMixin, generic.TemplateView):
    """Staff record a subscriber's answer on a call: from the subscriber card or from an invitation."""

    model = Response
    action = "add"
    template_name = "surveys/staff_answer.html"

    def setup_target(self):
        self.invitation = None
        if "invitation" in self.kwargs:
            self.invitation = get_object_or_404(
                Invitation.objects.select_related("survey", "subscriber"), pk=self.kwargs["invitation"]
            )
            self.subscriber, self.survey = self.invitation.subscriber, self.invitation.survey
            return
        self.subscriber = get_object_or_404(Subscriber, pk=_int(self.request.GET.get("subscriber")))
        choose = ChooseSurveyForm(self.request.GET)
        self.survey = choose.cleaned_data["survey"] if choose.is_valid() else None
        if self.survey is None:
            self.survey = Survey.objects.filter(is_active=True).order_by("-starts_on").first()

    def get(self, request, *args, **kwargs):
        self.setup_target()
        form = AnswerForm(survey=self.survey) if self.survey else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_target()
        if self.survey is None:
            return self.render_to_response(self.get_context_data(form=None))
        form = AnswerForm(request.POST, survey=self.survey)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            if self.invitation is not None:
                response = actions.answer_invitation(
                    self.invitation,
                    score=data["score"],
                    comment=data["comment"],
                    answers=form.answers(),
                    user=request.user,
                    channel="call",
                )
            else:
                response = actions.record_response(
                    self.survey,
                    self.subscriber,
                    score=data["score"],
                    comment=data["comment"],
                    answers=form.answers(),
                    channel="call",
                    user=request.user,
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("Answer recorded: %(score)s (%(category)s).")
            % {"score": response.score, "category": response.get_category_display()},
        )
        return redirect(self.subscriber.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            subscriber=self.subscriber,
            survey=self.survey,
            invitation=self.invitation,
            choose_form=None if self.invitation else ChooseSurveyForm(initial={"survey": self.survey}),
        )
        return context


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The public link --------------------------------------------------------------------------------------------------

RATE_WINDOW = 600
RATE_POSTS = 20  # answers sent from one address
RATE_TOKEN_POSTS = 10  # answers sent for one invitation, from wherever
RATE_MISSES = 30  # unknown tokens tried from one address


def _over_limit(what: str, who: str, limit: int) -> bool:
    """Count one more `what` for `who` in the shared cache; True once more than `limit` came in 10 minutes.

    The counters live in the "ratelimit" cache (Redis, or the database), so every web process counts together.
    """
    counters = caches["ratelimit"]
    key = f"surveys:rate:{what}:{who}"
    counters.add(key, 0, RATE_WINDOW)
    try:
        count = counters.incr(key)
    except ValueError:  # expired between add and incr
        counters.set(key, 1, RATE_WINDOW)
        count = 1
    return count > limit


def _public(request, template, context=None, status=200):
    response = render(request, f"surveys/public/{template}.html", context or {}, status=status)
    # The token must not leak to other sites in a Referer; "no-referrer" would also make browsers send
    # "Origin: null" on the form post, which Django's CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_protect
def public_answer(request, token: str):
    """The subscriber's own answer page: no login, one answer per token, in Russian."""
    with translation.override("ru"):
        invitation = (
            Invitation.objects.select_related("survey", "subscriber").filter(token=token).first()
            if len(token) <= 64
            else None
        )
        if invitation is None:
            if _over_limit("miss", client_ip(request), RATE_MISSES):
                return _public(request, "limited", status=429)
            return _public(request, "unknown", status=404)
        if invitation.is_answered:
            return _public(request, "answered", {"survey": invitation.survey})
        today = timezone.localdate()
        if (invitation.expires_on and invitation.expires_on < today) or not invitation.survey.is_open_on(today):
            return _public(request, "expired", {"survey": invitation.survey}, status=410)
        form = AnswerForm(request.POST or None, survey=invitation.survey)
        if request.method == "POST":
            # By the subscriber's real address (behind the proxy every request comes from the proxy) and by the
            # invitation, so neither one noisy address nor one link tried from many can flood the answers.
            over_address = _over_limit("post", client_ip(request), RATE_POSTS)
            over_token = _over_limit("token", invitation.token, RATE_TOKEN_POSTS)
            if over_address or over_token:
                return _public(request, "limited", status=429)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    actions.answer_invitation(
                        invitation, score=data["score"], comment=data["comment"], answers=form.answers()
                    )
                except actions.AlreadyAnswered:
                    return _public(request, "answered", {"survey": invitation.survey})
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    return _public(request, "thanks", {"survey": invitation.survey})
        return _public(
            request,
            "form",
            {"survey": invitation.survey, "form": form},
            status=400 if form.is_bound and form.errors else 200,
        )


# The NPS report ---------------------------------------------------------------------------------------------------


class NpsReportView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """NPS for a period: overall, by segment, by month, beside churn risk, and churn after the answer;
    `?export=xlsx` downloads the same tables."""

    permission_required = VIEW_NPS
    template_name = "surveys/nps_report.html"

    def render_to_response(self, context, **kwargs):
        if "export" in context:
            return context["export"]
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = NpsReportForm(self.request.GET or None)
        if not form.is_bound:
            form = NpsReportForm({})
        context["form"] = form
        if not form.is_valid():
            return context
        data = form.cleaned_data
        report = services.nps_report(
            data["start"], data["end"], dimension=data["dimension"], survey=data["survey"], segment=data["segment"]
        )
        rows = report.rows
        if self.request.GET.get("export") == "xlsx":
            context["export"] = nps_workbook(
                report, services.nps_by_risk(report.rows), services.churn_after_answer(report.rows)
            )
            return context
        context.update(
            report=report,
            export_query=urlencode({**{k: v for k, v in self.request.GET.items() if k != "export"}, "export": "xlsx"}),
            dimension_label=services.DIMENSIONS[data["dimension"]],
            risk=services.nps_by_risk(rows),
            churn_after=services.churn_after_answer(rows),
            small_sample=services.SMALL_SAMPLE,
            window_days=services.CHURN_WINDOW_DAYS,
        )
        return context


def nps_workbook(report, risk, churn_after) -> HttpResponse:
    header = [_("Group"), _("Answers"), _("Promoters"), _("Passives"), _("Detractors"), "NPS", _("Margin, points")]

    def row(g):
        return [
            g.label,
            g.total,
            g.promoters,
            g.passives,
            g.detractors,
            round(g.nps, 1) if g.nps is not None else None,
            round(g.margin, 1) if g.margin is not None else None,
        ]

    sheets = [
        (_("By group"), header, [row(report.overall), *(row(g) for g in report.groups)]),
        (_("By month"), header, [row(g) for _month, g in report.months]),
        (
            _("Churn after the answer"),
            [_("Category"), _("Subscribers"), _("Churned within 90 days"), _("Churned since the answer")],
            [[r.label, r.subscribers, r.churned_in_window, r.churned] for r in churn_after],
        ),
    ]
    if risk is not None:
        sheets.append((_("By churn risk"), header, [row(r.nps) for r in risk]))
    stamp = f"{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    return xlsx_response(f"nps-{stamp}.xlsx", sheets)
