"""The audit scorecard page (with its PDF) and the register of targets behind its colours."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.http import urlencode
from django.views import generic

from abonent.core.pdf import pdf_response
from abonent.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import services
from .choices import Area
from .filtersets import AuditTargetFilterSet
from .forms import AuditTargetForm, PeriodForm
from .models import AuditTarget
from .tables import AuditTargetTable


class ScorecardView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """Every audit figure for the period against its target; `?format=pdf` downloads the same table."""

    permission_required = "audit.view_scorecard"
    template_name = "audit/scorecard.html"

    def get(self, request, *args, **kwargs):
        form = PeriodForm(request.GET or {})
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = services.scorecard(start, end)
        if request.GET.get("format") == "pdf":
            data = services.scorecard_pdf(rows, start, end)
            return pdf_response(data, f"audit-{start:%Y%m%d}-{end:%Y%m%d}.pdf", inline=False)
        areas = [(str(label), [r for r in rows if r.metric.area == code]) for code, label in Area.choices]
        return self.render_to_response(
            self.get_context_data(
                form=PeriodForm({"start": start, "end": end}),
                start=start,
                end=end,
                areas=areas,
                summary=services.summary(rows),
                pdf_query=urlencode({"start": start, "end": end, "format": "pdf"}),
                can_change_targets=request.user.has_perm("audit.change_audittarget"),
            )
        )


class AuditTargetListView(ObjectListView):
    queryset = AuditTarget.objects.all()
    table_class = AuditTargetTable
    filterset_class = AuditTargetFilterSet


class AuditTargetDetailView(ObjectDetailView):
    queryset = AuditTarget.objects.all()


class AuditTargetEditView(ObjectEditView):
    queryset = AuditTarget.objects.all()
    form_class = AuditTargetForm

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        return super().form_valid(form)
