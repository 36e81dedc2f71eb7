"""Risk scoring pages: the risk and hidden-churn work lists, a score's card, the evaluation page, the runs.

Views parse input and render; training and scoring live in services.py, turning scores into work in actions.py.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from abonent.core.filtersets import describe_selection
from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView, RegisterContextMixin

from . import actions, learning, services, tasks
from .choices import RiskBand
from .filtersets import RiskScoreFilterSet, ScoringModelFilterSet, ScoringRunFilterSet
from .forms import CampaignForm, TrackRecordForm
from .models import RiskScore, ScoringModel, ScoringRun
from .tables import HiddenChurnTable, RiskScoreTable, ScoringModelTable, ScoringRunTable

CAMPAIGN_LIMIT = 5000


def latest_scores_qs():
    run = services.latest_run()
    qs = RiskScore.objects.select_related("subscriber", "model")
    return qs.filter(run=run) if run is not None else qs.none()


class RiskScoreListView(ObjectListView):
    """The risk work list: active subscribers of the latest run, highest risk first."""

    model = RiskScore
    table_class = RiskScoreTable
    filterset_class = RiskScoreFilterSet
    template_name = "scoring/riskscore_list.html"

    def get_queryset(self):
        return latest_scores_qs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run"] = services.latest_run()
        context["running"] = ScoringRun.objects.filter(status__in=["pending", "running"]).first()
        context["can_task"] = self.request.user.has_perm("worklists.add_workitem")
        context["can_run"] = self.request.user.has_perm("scoring.add_scoringrun")
        context["title"] = self.title()
        return context

    def title(self):
        return _("Churn risk")


class HiddenChurnListView(RiskScoreListView):
    """Hidden churn: active subscribers who pay but stopped using, use far less, or moved to a cheaper tariff."""

    table_class = HiddenChurnTable
    template_name = "scoring/hidden_list.html"

    def get_queryset(self):
        return latest_scores_qs().exclude(hidden_reason="")

    def title(self):
        return _("Hidden churn")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["script"] = actions.shipped_hidden_churn_script() if context["can_task"] else None
        context["rules"] = {
            "days": services.HIDDEN_NO_TRAFFIC_DAYS,
            "drop": services.HIDDEN_DROP_PCT,
            "paying": services.PAYING_DAYS,
        }
        return context


class RiskScoreDetailView(ObjectDetailView):
    queryset = RiskScore.objects.select_related("subscriber", "model", "run")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["factors"] = [
            {
                **f,
                "label": learning.FEATURE_LABELS().get(f["feature"], f["feature"]),
                "text": learning.describe(f["feature"], f["value"]),
            }
            for f in services.explain_score(self.object)
        ]
        context["can_task"] = self.request.user.has_perm("worklists.add_workitem")
        context["band_color"] = RiskBand.color_of(self.object.band)
        return context


def _back(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect(default)


class CreateTaskView(ModelPermissionMixin, generic.View):
    """POST: put a scored subscriber on the "risk" (retention task) or "hidden" list."""

    permission_required = "worklists.add_workitem"
    http_method_names = ["post"]

    def post(self, request, pk):
        score = get_object_or_404(RiskScore.objects.select_related("subscriber"), pk=pk)
        if request.POST.get("work_list") == "hidden":
            item, created = actions.put_on_hidden_list(score, user=request.user)
        else:
            item, created = actions.create_retention_task(score, user=request.user)
        if created:
            messages.success(
                request,
                _("%(subscriber)s is on the list «%(list)s».")
                % {"subscriber": score.subscriber, "list": item.get_work_list_display()},
            )
        else:
            messages.info(
                request, _("%(subscriber)s already has an open item on that list.") % {"subscriber": score.subscriber}
            )
        return _back(request, score.subscriber.get_absolute_url())


class CampaignView(ModelPermissionMixin, generic.View):
    """POST with the list's filter in the query string: first the count and the selection to confirm, with a name;
    then (``confirmed``) a campaign of the filtered scores, up to CAMPAIGN_LIMIT."""

    permission_required = ("worklists.add_workitem", "worklists.add_campaign")
    http_method_names = ["post"]

    def post(self, request):
        hidden = request.GET.get("list") == "hidden"
        qs = latest_scores_qs()
        if hidden:
            qs = qs.exclude(hidden_reason="")
        filterset = RiskScoreFilterSet(request.GET, queryset=qs.order_by("rank"))
        if not filterset.is_valid():
            messages.error(request, _("The filter is not valid."))
            return _back(request, "scoring:riskscore_list")
        total = filterset.qs.count()
        if not total:
            messages.warning(request, _("The selection is empty."))
            return _back(request, "scoring:riskscore_list")
        form = CampaignForm(request.POST if request.POST.get("confirmed") else None)
        if not form.is_bound or not form.is_valid():
            return self.confirm(request, filterset, form, total)
        ids = list(filterset.qs.values_list("pk", flat=True)[:CAMPAIGN_LIMIT])
        campaign, created = actions.make_campaign(
            RiskScore.objects.filter(pk__in=ids).order_by("rank"),
            user=request.user,
            name=form.cleaned_data["name"],
            segment=filterset.form.cleaned_data.get("segment"),
        )
        messages.success(
            request, _("Campaign «%(name)s»: %(n)d subscribers put on work lists.") % {"name": campaign, "n": created}
        )
        try:
            return redirect(campaign.get_absolute_url())
        except NoReverseMatch:  # the campaign page belongs to the work-list app; fall back to the risk list
            return _back(request, "scoring:riskscore_list")

    def confirm(self, request, filterset, form, total: int):
        count = min(total, CAMPAIGN_LIMIT)
        question = ngettext(
            "%(n)s subscriber of the selection will be put on work lists.",
            "%(n)s subscribers of the selection will be put on work lists.",
            count,
        ) % {"n": number_format(count, force_grouping=True)}
        if total > count:
            question += " " + _("The selection has %(total)s; a campaign takes the %(n)s of highest risk.") % {
                "total": number_format(total, force_grouping=True),
                "n": number_format(count, force_grouping=True),
            }
        back = request.POST.get("next") or reverse("scoring:riskscore_list")
        context = {
            "title": _("Make a campaign of the selection"),
            "question": question,
            "selection": describe_selection(filterset),
            "action": request.get_full_path(),
            "carry": [("next", back)],
            "form": form,
            "confirm_label": _("Make the campaign"),
            "back": back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "/",
        }
        return render(request, "core/confirm_bulk.html", context)


# Evaluation ---------------------------------------------------------------------------------------------------------


class EvaluationView(ModelPermissionMixin, RegisterContextMixin, generic.TemplateView):
    """The current models' holdout evaluation: AUC, top-decile precision and lift, calibration, importance."""

    model = ScoringModel
    template_name = "scoring/evaluation.html"

    def models(self):
        return list(services.current_models().values())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = learning.FEATURE_LABELS()
        context["evaluated"] = [evaluation_context(m, labels) for m in self.models()]
        context["can_run"] = self.request.user.has_perm("scoring.add_scoringrun")
        return context


def evaluation_context(model: ScoringModel, labels: dict) -> dict:
    m = model.metrics or {}
    calibration = m.get("calibration", [])
    top = max([max(r["predicted"], r["observed"]) for r in calibration] + [0.01])
    points = [
        {**r, "x": round(20 + 260 * r["predicted"] / top, 1), "y": round(280 - 260 * r["observed"] / top, 1)}
        for r in calibration
    ]
    importance = [
        {
            **i,
            "label": labels.get(i["feature"], i["feature"]),
            "width": round(100 * i["share"] / max(m.get("importance", [{"share": 1}])[0]["share"], 1e-9)),
        }
        for i in m.get("importance", [])[:15]
    ]
    return {"model": model, "m": m, "points": points, "top": round(top, 3), "importance": importance}


class TrackRecordView(ModelPermissionMixin, RegisterContextMixin, generic.TemplateView):
    """Past runs against what happened: realised AUC, top-decile precision and lift, calibration by band, alerts."""

    model = ScoringModel
    template_name = "scoring/track_record.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TrackRecordForm(self.request.GET)
        if form.is_valid():
            context["reference"] = form.cleaned_data["as_of"]
            context["records"] = services.track_record(context["reference"])
        else:
            context["records"] = None  # the form's error is shown; no run is judged against a refused date
        context["form"] = form
        context["floors"] = services.floors()
        context["band_labels"] = dict(RiskBand.choices)
        return context


class ScoringModelListView(ObjectListView):
    queryset = ScoringModel.objects.select_related("trained_by").defer("booster")
    table_class = ScoringModelTable
    filterset_class = ScoringModelFilterSet


class ScoringModelDetailView(ModelPermissionMixin, RegisterContextMixin, generic.DetailView):
    queryset = ScoringModel.objects.defer("booster")
    template_name = "scoring/evaluation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluated"] = [evaluation_context(self.object, learning.FEATURE_LABELS())]
        return context


# Runs ---------------------------------------------------------------------------------------------------------------


class ScoringRunListView(ObjectListView):
    queryset = ScoringRun.objects.select_related("user", "model")
    table_class = ScoringRunTable
    filterset_class = ScoringRunFilterSet
    template_name = "scoring/scoringrun_list.html"


class ScoringRunDetailView(ObjectDetailView):
    queryset = ScoringRun.objects.select_related("user", "model", "model_30")

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["scoring/_run_progress.html"]
        return ["scoring/scoringrun_detail.html"]


class StartRunView(ModelPermissionMixin, generic.View):
    """POST: start a scoring run (retrain when `train` is on) in the background."""

    permission_required = "scoring.add_scoringrun"
    http_method_names = ["post"]

    def post(self, request):
        if ScoringRun.objects.filter(status__in=["pending", "running"]).exists():
            messages.warning(request, _("A scoring run is already in progress."))
            return redirect("scoring:scoringrun_list")
        run = tasks.start_run(user=request.user, train=bool(request.POST.get("train")), source="ui")
        messages.success(request, _("Scoring run №%(pk)s started.") % {"pk": run.pk})
        return redirect(run)
