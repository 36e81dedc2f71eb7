"""Process registers: one list/card/edit/step view per process, generated from the models; forms and settings.

Views only parse input and render; the rules live in actions.py (state changes) and services.py (forms, PDF).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from abonent.core.forms import add_validation_errors
from abonent.core.pdf import pdf_response
from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectEditView, ObjectListView, perm
from abonent.subscribers.models import Subscriber
from abonent.subscribers.services import FeeChangeUnconfirmed
from abonent.subscribers.views import SubscriberInitialMixin

from . import actions, services
from .filtersets import FILTERSETS, FormTemplateFilterSet
from .forms import FORMS, FormTemplateForm, ProcessSettingsForm, StepForm
from .models import PROCESS_MODELS, FormTemplate, ProcessSettings, process_model
from .tables import TABLES, FormTemplateTable

RELATED = {
    "tariffchange": ["from_tariff", "to_tariff"],
    "urgentrepair": ["ticket"],
}


def _queryset(model):
    related = [
        "subscriber",
        "responsible",
        "request",
        "created_by",
        "closed_by",
        *RELATED.get(model._meta.model_name, []),
    ]
    return model.objects.select_related(*related)


class ProcessListView(ObjectListView):
    """A process register: the shared list with the process's columns and filters."""


class ProcessDetailView(ObjectDetailView):
    """A process card: the record, the steps its state allows, the forms to print, the history."""

    template_name = "processes/process_detail.html"

    def get_template_names(self):
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        may_work = self.request.user.has_perm(perm(type(obj), "change"))
        forms = kwargs.get("step_forms") or {}
        context["steps"] = [
            (step, forms.get(step.name) or StepForm(step=step, prefix=step.name))
            for step in (actions.steps_for(obj) if may_work else [])
        ]
        context["print_forms"] = services.forms_for(obj)
        context["fields"] = [
            f for f in obj._meta.fields if f.name not in ("id", "status", "subscriber", "history", "note")
        ]
        if obj._meta.model_name == "recalculation":
            context["needs_head"] = actions.needs_head_approval(obj)
            context["limit"] = ProcessSettings.load().recalculation_limit
        return context


class ProcessEditView(SubscriberInitialMixin, ObjectEditView):
    """Open a record (through actions.open_process) or edit its typed fields."""

    def form_valid(self, form):
        if self.object is not None:
            form.instance._history_user = self.request.user
            return super().form_valid(form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "account"}
        try:
            self.object = actions.open_process(
                self.get_model(), subscriber=form.cleaned_data["account"], user=self.request.user, **data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(obj)s") % {"obj": self.object})
        return redirect(self.object)


class ProcessStepView(ProcessDetailView):
    """One step (POST); a refused move shows the reason, an invalid form re-renders the card."""

    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        step = next((s for s in actions.steps_for(self.object) if s.name == kwargs["step"]), None)
        if step is None:
            messages.error(request, _("This step is not possible in the current state."))
            return redirect(self.object)
        form = StepForm(request.POST, step=step, prefix=step.name)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(step_forms={step.name: form}))
        try:
            actions.run_step(self.object, step.name, user=request.user, **form.cleaned_data)
        except FeeChangeUnconfirmed as exc:
            # Nothing changed: the user reads the fee change and applies again with the box ticked.
            messages.warning(request, " ".join(exc.messages))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            self.object.refresh_from_db()
            messages.success(request, _("Done: %(status)s.") % {"status": self.object.get_status_display()})
        return redirect(self.object)


def _views_for(model):
    name = model.__name__
    common = {"queryset": _queryset(model), "__module__": __name__}
    return {
        "list": type(
            f"{name}ListView",
            (ProcessListView,),
            {**common, "table_class": TABLES[model], "filterset_class": FILTERSETS[model]},
        ),
        "detail": type(f"{name}DetailView", (ProcessDetailView,), common),
        "edit": type(f"{name}EditView", (ProcessEditView,), {**common, "form_class": FORMS[model]}),
        "step": type(f"{name}StepView", (ProcessStepView,), common),
    }


VIEWS = {model: _views_for(model) for model in PROCESS_MODELS}


# Application forms ------------------------------------------------------------------------------------------------


class FormTemplateListView(ObjectListView):
    queryset = FormTemplate.objects.all()
    table_class = FormTemplateTable
    filterset_class = FormTemplateFilterSet


class FormTemplateDetailView(ObjectDetailView):
    queryset = FormTemplate.objects.all()


class FormTemplateEditView(ObjectEditView):
    queryset = FormTemplate.objects.all()
    form_class = FormTemplateForm

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        return super().form_valid(form)


class PrintFormView(ModelPermissionMixin, generic.View):
    """GET ?subscriber=<pk> or ?record=<model>:<pk>: the form filled from them, as a PDF to print."""

    model = Subscriber

    def get(self, request, pk):
        template = get_object_or_404(FormTemplate, pk=pk)
        record = None
        if request.GET.get("record"):
            model_name, _sep, record_pk = request.GET["record"].partition(":")
            try:
                model = process_model(model_name)
            except StopIteration:
                raise PermissionDenied from None
            if not request.user.has_perm(perm(model, "view")):
                raise PermissionDenied
            record = get_object_or_404(_queryset(model), pk=record_pk)
            subscriber = record.subscriber
        else:
            subscriber = get_object_or_404(Subscriber, pk=request.GET.get("subscriber") or 0)
        data = services.form_pdf(template, subscriber, record, request.user)
        return pdf_response(data, f"{template.kind}-{subscriber.external_id}.pdf")


class ProcessSettingsView(ObjectEditView):
    model = ProcessSettings
    form_class = ProcessSettingsForm

    def get_permission_required(self):
        return (perm(ProcessSettings, "change"),)

    def get_object(self, queryset=None):
        return ProcessSettings.load()

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        form.save()
        messages.success(self.request, _("Settings saved."))
        return redirect("processes:processsettings_edit")
