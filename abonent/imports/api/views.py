from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from abonent.core.api.viewsets import ReadOnlyRegisterViewSet

from ..filtersets import ImportRunFilterSet
from ..formats import FORMATS
from ..models import ImportRun
from ..services import sweep_stale_runs
from ..tasks import submit_upload
from .serializers import ImportRunListSerializer, ImportRunSerializer, UploadSerializer


class ImportRunViewSet(mixins.CreateModelMixin, ReadOnlyRegisterViewSet):
    """The import register; POST a file to import it.

    The upload answers 202 at once with the run (status pending) and its URL, in the body and in Location; the
    import runs in the background (a Celery worker with Redis, else a thread). GET the run until its status is
    succeeded or failed. The list leaves out the runs' errors; a run's detail has them (the first 1000).
    """

    queryset = ImportRun.objects.select_related("user")
    serializer_class = ImportRunSerializer
    filterset_class = ImportRunFilterSet
    ordering_fields = ["started_at", "finished_at", "rows_total", "error_count"]
    # Only the upload has a body, and it is a file.
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        if self.action == "create":
            return UploadSerializer
        return ImportRunListSerializer if self.action == "list" else ImportRunSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        # The error bodies are up to 1000 entries a run: the list neither shows nor loads them.
        return queryset.defer("errors", "warnings") if self.action == "list" else queryset

    def list(self, request, *args, **kwargs):
        sweep_stale_runs()
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        sweep_stale_runs()
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            202: ImportRunSerializer,
            413: OpenApiResponse(description="The file is larger than UPLOAD_MAX_MB"),
        },
    )
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        run = submit_upload(
            data["kind"],
            data["file"],
            user=request.user,
            source="api",
            encoding=data.get("encoding"),
            delimiter=data.get("delimiter"),
            sheet=data.get("sheet"),
            mapping=data.get("mapping"),
        )
        body = ImportRunSerializer(run, context=self.get_serializer_context()).data
        # A plain str: wsgiref (runserver) refuses a header value of a str subclass such as DRF's Hyperlink.
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": str(body["url"])})

    @action(detail=False)
    def formats(self, request):
        """The columns of every import kind (what docs/imports/ describes)."""
        return Response(
            {
                kind: {
                    "title": str(fmt.title),
                    "key": list(fmt.key),
                    "rules": [str(r) for r in fmt.rules],
                    "columns": [
                        {
                            "name": c.name,
                            "type": c.type,
                            "required": c.required,
                            "headers": list(c.headers),
                            "values": list(c.accepted),
                            "default": c.default,
                            "description": str(c.description),
                            "example": c.examples[0],
                        }
                        for c in fmt.columns
                    ],
                }
                for kind, fmt in FORMATS.items()
            }
        )
