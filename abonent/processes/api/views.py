from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from abonent.core.api.serializers import drf_error
from abonent.core.api.viewsets import RegisterViewSet

from .. import actions
from ..filtersets import FILTERSETS, FormTemplateFilterSet
from ..models import PROCESS_MODELS, FormTemplate
from ..views import _queryset
from .serializers import SERIALIZERS, FormTemplateSerializer, StepSerializer


class ProcessViewSet(RegisterViewSet):
    """A process register: list with the register's filters, read, open (POST), edit typed fields, and steps.

    POST opens the record in its initial state through actions.open_process (the API user creates it);
    POST …/{id}/step/ {"step": "approve", …} runs a step; a move the lifecycle forbids answers 400 with the reason.
    """

    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = actions.open_process(
                self.queryset.model, subscriber=data.pop("subscriber"), user=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()

    @extend_schema(request=StepSerializer)
    @action(detail=True, methods=["post"], serializer_class=StepSerializer)
    def step(self, request, pk=None):
        if not request.user.has_perm(f"processes.change_{self.queryset.model._meta.model_name}"):
            return Response({"detail": _("Permission denied.")}, status=status.HTTP_403_FORBIDDEN)
        record = self.get_object()
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            actions.run_step(record, data.pop("step"), user=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_error(exc) from exc
        record = self.get_queryset().get(pk=record.pk)
        return Response(SERIALIZERS[type(record)](record, context=self.get_serializer_context()).data)


def _viewset_for(model):
    # A class docstring cannot be lazy: the API's descriptions are English, whatever language loaded the URLs.
    with translation.override("en"):
        title = str(model._meta.verbose_name_plural).capitalize()
    attrs = {
        "queryset": _queryset(model),
        "serializer_class": SERIALIZERS[model],
        "filterset_class": FILTERSETS[model],
        "__module__": __name__,
        "__doc__": f"{title}: " + ProcessViewSet.__doc__,
    }
    return type(f"{model.__name__}ViewSet", (ProcessViewSet,), attrs)


VIEWSETS = {model: _viewset_for(model) for model in PROCESS_MODELS}


class FormTemplateViewSet(RegisterViewSet):
    queryset = FormTemplate.objects.all()
    serializer_class = FormTemplateSerializer
    filterset_class = FormTemplateFilterSet

    def perform_update(self, serializer):
        serializer.instance._history_user = self.request.user
        serializer.save()
