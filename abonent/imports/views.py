from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import generic

from abonent.core.export import XLSX_CONTENT_TYPE, xlsx_response
from abonent.core.middleware import too_large_message, upload_limit
from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView

from .choices import ImportStatus
from .filtersets import ImportRunFilterSet
from .formats import FORMATS, TYPE_LABELS, get_format, template_csv, template_xlsx
from .forms import UploadForm
from .models import ImportRun
from .services import get_progress, sweep_stale_runs
from .tables import ImportRunTable
from .tasks import submit_upload

ERROR_COLUMNS = ("file", "row", "column", "value", "expected")
STAGES = {
    "reading": _lazy("reading the file"),
    "checking": _lazy("checking every row"),
    "loading": _lazy("writing to the database"),
    "refreshing": _lazy("recomputing tariffs and ARPU"),
    "done": _lazy("done"),
}


class ImportRunListView(ObjectListView):
    """The import register: every import, who ran it, what it added or changed, its errors."""

    queryset = ImportRun.objects.select_related("user").defer("errors", "warnings")
    table_class = ImportRunTable
    filterset_class = ImportRunFilterSet
    template_name = "imports/importrun_list.html"

    def get(self, request, *args, **kwargs):
        # Without a periodic task (no Redis) this is where runs left by a dead process are closed.
        sweep_stale_runs()
        return super().get(request, *args, **kwargs)


class ImportRunDetailView(ObjectDetailView):
    queryset = ImportRun.objects.select_related("user")

    def get(self, request, *args, **kwargs):
        sweep_stale_runs()
        if request.GET.get("export") == "xlsx":
            run = self.get_object()
            rows = [[e.get(c) for c in ERROR_COLUMNS] for e in run.errors_for(request.user)]
            return xlsx_response(f"import-{run.pk}-errors.xlsx", [(_("Errors"), ERROR_COLUMNS, rows)])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = _progress_context(self.object)
        context["errors"] = self.object.errors_for(self.request.user)
        context["status_color"] = ImportStatus.color_of(self.object.status)
        return context


def _progress_context(run: ImportRun) -> dict:
    data = get_progress(run)
    total = data.get("total") or 0
    processed = data.get("processed") or 0
    return {
        "running": run.status in (ImportStatus.PENDING, ImportStatus.RUNNING),
        "stage": STAGES.get(data.get("stage", ""), data.get("stage", "")),
        "processed": processed,
        "total": total,
        "percent": min(100, round(100 * processed / total)) if total else 0,
    }


class ImportRunProgressView(ModelPermissionMixin, generic.DetailView):
    """The progress bar of a running import, polled by htmx; a finished run reloads the page to show the result."""

    queryset = ImportRun.objects.all()
    template_name = "imports/_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = _progress_context(self.object)
        context["errors"] = self.object.errors_for(self.request.user)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not context["progress"]["running"]:
            response["HX-Refresh"] = "true"
        return response


class UploadView(ModelPermissionMixin, generic.FormView):
    """Upload an export; the import runs in the background and its page shows the progress."""

    model = ImportRun
    action = "add"
    form_class = UploadForm
    template_name = "imports/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [(kind, fmt.title) for kind, fmt in FORMATS.items()]
        context["too_large"] = too_large_message(upload_limit())
        return context

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in FORMATS else {}

    def form_valid(self, form):
        data = form.cleaned_data
        run = submit_upload(
            data["kind"],
            data["file"],
            user=self.request.user,
            source="ui",
            encoding=data["encoding"],
            delimiter=data["delimiter"],
            sheet=data["sheet"],
            mapping=int(data["mapping"]) if data.get("mapping") else None,
        )
        return redirect(run.get_absolute_url())


class FormatsView(ModelPermissionMixin, generic.TemplateView):
    """The column formats of every import kind, from the same spec the importer checks against."""

    model = ImportRun
    template_name = "imports/formats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formats"] = list(FORMATS.values())
        context["type_labels"] = TYPE_LABELS
        return context


class TemplateDownloadView(ModelPermissionMixin, generic.View):
    """A file to fill in: the kind's header and two example rows, as CSV or XLSX."""

    model = ImportRun

    def get(self, request, kind: str, fmt: str):
        try:
            get_format(kind)
        except ValueError:
            raise Http404(kind) from None
        if fmt == "csv":
            response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(template_xlsx(kind), content_type=XLSX_CONTENT_TYPE)
        else:
            raise Http404(fmt)
        response["Content-Disposition"] = f'attachment; filename="abonent-{kind}.{fmt}"'
        return response
