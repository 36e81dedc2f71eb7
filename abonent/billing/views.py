"""The outbox's pages: the list with its export and "mark sent", the card with its steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from abonent.core.export import XLSX_CONTENT_TYPE
from abonent.core.filtersets import describe_selection
from abonent.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView

from . import actions, services
from .choices import ActionState, SentVia
from .filtersets import BillingActionFilterSet
from .models import BillingAction
from .tables import BillingActionTable

SEND = "billing.send_billingaction"
SETTLE = "billing.settle_billingaction"


class BillingActionListView(ObjectListView):
    queryset = BillingAction.objects.select_related("subscriber")
    table_class = BillingActionTable
    filterset_class = BillingActionFilterSet
    template_name = "billing/billingaction_list.html"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str) -> HttpResponse:
        """The filtered actions in the documented format (docs/billing/outbox.md); marking them sent is a separate,
        confirmed step, so downloading never changes the outbox."""
        if not self.request.user.has_perm(SEND):
            raise PermissionDenied
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset(), request=self.request)
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        rows = rows.order_by("created_at", "pk")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            response = HttpResponse(services.export_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(services.export_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="billing-actions-{stamp}.{fmt}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_send"] = self.request.user.has_perm(SEND)
        context["pending_count"] = BillingAction.objects.filter(state=ActionState.PENDING).count()
        return context


class BillingActionDetailView(ObjectDetailView):
    queryset = BillingAction.objects.select_related("subscriber", "created_by", "sent_by", "settled_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, state = self.request.user, self.object.state
        context.update(
            can_send=user.has_perm(SEND) and state == ActionState.PENDING,
            can_settle=user.has_perm(SETTLE) and state == ActionState.SENT,
        )
        return context


class BillingActionStepView(ModelPermissionMixin, generic.View):
    """A step on the card: send (mark sent), cancel, confirm, reject — each through its action."""

    model = BillingAction

    def post(self, request, pk: int):
        action = get_object_or_404(BillingAction, pk=pk)
        step = request.POST.get("step")
        needed = SEND if step in ("send", "cancel") else SETTLE
        if not request.user.has_perm(needed):
            raise PermissionDenied
        reference = request.POST.get("reference", "").strip()
        message = request.POST.get("message", "").strip()
        try:
            if step == "send":
                result = actions.mark_sent([action], user=request.user, via=SentVia.PAGE, reference=reference)
                if result.refused:
                    raise ValidationError(list(result.refused.values()))
            elif step == "cancel":
                actions.cancel(action, user=request.user, message=message)
            elif step == "confirm":
                actions.confirm(action, user=request.user, reference=reference, message=message)
            elif step == "reject":
                actions.reject(action, user=request.user, reference=reference, message=message)
            else:
                raise ValidationError(_("Unknown step."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            action.refresh_from_db()
            messages.success(
                request, _("Billing action №%(pk)s: %(state)s.") % {"pk": pk, "state": action.get_state_display()}
            )
        return redirect(action.get_absolute_url())


class BillingActionBulkSentView(ModelPermissionMixin, generic.View):
    """Mark sent the ticked actions, or (`scope=filtered`) the pending ones of the list's filter: the count and
    the selection are shown first, the confirmed POST marks them."""

    model = BillingAction
    permission_required = SEND

    def post(self, request):
        query = request.POST.get("query", "")
        back = reverse("billing:billingaction_list") + (f"?{query}" if query else "")
        pending = BillingAction.objects.filter(state=ActionState.PENDING)
        filterset = None
        if request.POST.get("scope") == "filtered":
            filterset = BillingActionFilterSet(QueryDict(query), queryset=pending, request=request)
            chosen = filterset.qs if filterset.is_valid() else pending.none()
        else:
            ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
            chosen = pending.filter(pk__in=ids)
        ids = list(chosen.values_list("pk", flat=True))
        if not ids:
            messages.error(request, _("No pending action is selected."))
            return redirect(back)
        reference = request.POST.get("reference", "").strip()
        if not request.POST.get("confirmed"):
            return self.confirm(request, filterset, ids, back)
        result = actions.mark_sent(ids, user=request.user, via=SentVia.FILE, reference=reference)
        messages.success(
            request,
            ngettext("%(n)s action marked sent.", "%(n)s actions marked sent.", len(result.sent))
            % {"n": number_format(len(result.sent), force_grouping=True)},
        )
        return redirect(back)

    def confirm(self, request, filterset, ids: list[int], back: str):
        total = len(ids)
        question = ngettext(
            "%(n)s pending action will be marked sent to billing.",
            "%(n)s pending actions will be marked sent to billing.",
            total,
        ) % {"n": number_format(total, force_grouping=True)}
        carry = [(name, request.POST.get(name, "")) for name in ("query", "scope", "reference")]
        if filterset is None:
            carry += [("ids", pk) for pk in ids]
        context = {
            "title": _("Mark the actions sent"),
            "question": question,
            "selection": describe_selection(filterset) if filterset is not None else [(_("Ticked"), str(total))],
            "action": request.path,
            "carry": carry,
            "confirm_label": _("Mark sent"),
            "back": back,
        }
        return render(request, "core/confirm_bulk.html", context)
