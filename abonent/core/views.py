"""Generic register views: one list/detail/edit/delete/history pattern that every register reuses.

A register view names its model, table, filterset and form; permissions follow the model
(view/add/change/delete), lists export to XLSX with the current filter, and detail pages show history.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .access import start_url
from .cards import card_slots
from .context_processors import navigation
from .export import xlsx_response
from .visibility import hidden_fields


def perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def url_name(model, action: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


class ModelPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Checks `<app>.<action>_<model>`; a logged-in user without it gets 403, an anonymous one the login page."""

    action = "view"

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        return (perm(self.get_model(), self.action),)

    def get_model(self):
        return self.model or self.queryset.model


class RegisterContextMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.get_model()
        user = self.request.user
        context.update(
            model=model,
            verbose_name=model._meta.verbose_name,
            verbose_name_plural=model._meta.verbose_name_plural,
            can_add=user.has_perm(perm(model, "add")) and self.has_url(model, "add"),
            can_change=user.has_perm(perm(model, "change")) and self.has_url(model, "edit"),
            can_delete=user.has_perm(perm(model, "delete")) and self.has_url(model, "delete"),
            add_url=self.safe_reverse(model, "add"),
            list_url=self.safe_reverse(model, "list"),
        )
        return context

    @staticmethod
    def safe_reverse(model, action, *args):
        from django.urls import NoReverseMatch

        try:
            return reverse(url_name(model, action), args=args)
        except NoReverseMatch:
            return None

    @classmethod
    def has_url(cls, model, action):
        from django.urls import NoReverseMatch

        try:
            reverse(url_name(model, action), args=[0] if action in ("edit", "delete") else [])
            return True
        except NoReverseMatch:
            return False


def int_or_none(value) -> int | None:
    """A query parameter as an integer id; anything else (missing, empty, not a number) is None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ObjectListView(ModelPermissionMixin, RegisterContextMixin, SingleTableMixin, FilterView):
    """A register list: table, filter form, pagination, and `?export=xlsx` for the filtered rows."""

    template_name = "core/object_list.html"
    paginate_by = 50
    export_limit = 200_000

    # True for lists whose queryset carries its own meaningful order (a work queue, a ranked list): the table's
    # default ordering is not applied over it.
    keep_queryset_order = False

    def get_table_kwargs(self):
        kwargs = {"user": self.request.user} if "user" in getattr(self.table_class, "accepts", ()) else {}
        if self.keep_queryset_order:
            kwargs["order_by"] = ()
        return kwargs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def export_xlsx(self):
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
        table = self.table_class(queryset, **self.get_table_kwargs())
        sort = self.request.GET.get(table.prefixed_order_by_field)
        if sort:
            table.order_by = sort
        # Ordered first, then cut: a sliced queryset cannot be re-ordered.
        table.data.data = table.data.data[: self.export_limit]
        rows = list(table.as_values(exclude_columns=getattr(table, "export_exclude", ("actions",))))
        model = self.get_model()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            f"{model._meta.model_name}-{stamp}.xlsx", [(model._meta.verbose_name_plural, rows[0], rows[1:])]
        )


class ObjectDetailView(ModelPermissionMixin, RegisterContextMixin, generic.DetailView):
    """A record's card; `history` in the context when the model keeps history (django-simple-history)."""

    def get_template_names(self):
        model = self.get_model()
        return [f"{model._meta.app_label}/{model._meta.model_name}_detail.html", "core/object_detail.html"]

    def get_context_data(self, **kwargs):

        context = super().get_context_data(**kwargs)
        context["hidden_fields"] = hidden = hidden_fields(self.get_model(), self.request.user)
        history = getattr(self.object, "history", None)
        if history is not None:
            context["history"] = history_rows(self.object, hidden=hidden)
        return context

    def render_to_response(self, context, **response_kwargs):
        # Contributions run last, once the card's own view has built its context (they may adjust its forms).
        context["card_slots"] = card_slots(self.object, self.request, context)
        return super().render_to_response(context, **response_kwargs)


def history_rows(obj, limit: int = 100, hidden: set[str] = frozenset()) -> list[dict]:
    """The record's history, newest first, each with the fields that changed from the version before (but those in
    `hidden`, which this user may not see)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for i, record in enumerate(records[:limit]):
        changes = []
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is not None:
            # Compared field by field rather than with diff_against(), which skips editable=False fields: a
            # request's status and reason change only through actions, and those changes are its history.
            for tracked in record.tracked_fields:
                old, new = getattr(previous, tracked.attname), getattr(record, tracked.attname)
                if old == new or tracked.name in hidden:
                    continue
                field = obj._meta.get_field(tracked.name)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(obj, field, old),
                        "new": _display(obj, field, new),
                    }
                )
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}[record.history_type],
                "changes": changes,
            }
        )
    return rows


def _display(obj, field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        try:
            return str(field.related_model.objects.get(pk=value))
        except field.related_model.DoesNotExist:
            return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return value


class ObjectEditView(ModelPermissionMixin, RegisterContextMixin, generic.UpdateView):
    """Create (no pk in the URL) or edit a record with the register's form; the model's clean() runs on save."""

    template_name = "core/object_edit.html"
    # The app's action that creates a record (e.g. ``actions.record_promise``): called with the form's fields and
    # ``user`` instead of saving the form, so a record is made by the same rules as in the API.
    create_action = None

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def action_data(self, form) -> dict:
        """The keyword arguments create_action gets from the form (a mixin may rename a field)."""
        return dict(form.cleaned_data)

    def get_permission_required(self):
        self.action = "change" if "pk" in self.kwargs else "add"
        return super().get_permission_required()

    def form_valid(self, form):
        if self.object is None and type(self).create_action is not None:
            try:
                self.object = type(self).create_action(user=self.request.user, **self.action_data(form))
            except ValidationError as exc:
                form.add_error(None, exc)
                return self.form_invalid(form)
            response = redirect(self.get_success_url())
        else:
            response = super().form_valid(form)
        messages.success(self.request, _("Saved: %(obj)s") % {"obj": self.object})
        return response


class ObjectDeleteView(ModelPermissionMixin, RegisterContextMixin, generic.DeleteView):
    action = "delete"
    template_name = "core/object_delete.html"

    def get_success_url(self):
        return reverse(url_name(self.get_model(), "list"))

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, _("This record is in use and cannot be deleted; archive it instead."))
            return HttpResponseRedirect(self.object.get_absolute_url())


class RetireView(ObjectDeleteView):
    """Delete that archives a record still in use; `retire(obj, user=…)` returns "deleted" or "archived"."""

    retire = None

    def form_valid(self, form):
        result = type(self).retire(self.object, user=self.request.user)
        if result == "archived":
            messages.warning(
                self.request, _("«%(obj)s» is in use, so it was archived instead of deleted.") % {"obj": self.object}
            )
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted: %(obj)s") % {"obj": self.object})
        return redirect(self.get_success_url())


def home(request):
    """Where a user lands after login: their role's start page (core.access.start_url)."""
    if not request.user.is_authenticated:
        return redirect("login")
    url = user_start_url(request)
    if url is None:
        # A user with no role opens nothing: say so inside the layout rather than send them to a 403.
        return permission_denied(request, None, message=_("Your account has no role yet. Ask an administrator."))
    return redirect(url)


def user_start_url(request) -> str | None:
    """The role's start page (core.access.start_url), else the first page of the user's menu."""
    url = start_url(request.user, request)
    if url is None:
        sections = navigation(request)["nav_sections"]
        url = sections[0]["items"][0]["url"] if sections else None
    return url


def permission_denied(request, exception=None, message=None):
    """The 403 page (handler403, also for PermissionDenied raised in a view): inside the layout, with the menu and a
    way back; the API answers in JSON as DRF does."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or back.endswith(request.path):
        back = ""
    user = request.user
    context = {
        "message": message,
        "back_url": back,
        "start_url": user_start_url(request) if user.is_authenticated else None,
    }
    return render(request, "core/403.html", context, status=403)


def login_locked_out(request, credentials, *args, **kwargs):
    """The page django-axes shows after LOGIN_FAILURE_LIMIT wrong passwords for one user from one address (429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
