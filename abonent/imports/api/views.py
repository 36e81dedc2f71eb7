import uuid
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from abonent.core.api.viewsets import ReadOnlyRegisterViewSet

from ..choices import ImportStatus
from ..filtersets import ImportRunFilterSet
from ..formats import FORMATS
from ..models import ImportRun
from ..services import import_file, start_run
from ..tasks import start_import
from .serializers import ImportRunSerializer, UploadSerializer


class ImportRunViewSet(mixins.CreateModelMixin, ReadOnlyRegisterViewSet):
    """The import register; POST a file to import it.

    The upload runs the import before it answers: 201 with the run when it succeeded, 422 with the run (its
    errors listed, nothing changed) when it failed. With `background=true` it answers 202 at once; GET the run
    until its status is succeeded or failed.
    """

    queryset = ImportRun.objects.select_related("user")
    serializer_class = ImportRunSerializer
    filterset_class = ImportRunFilterSet
    ordering_fields = ["started_at", "finished_at", "rows_total", "error_count"]
    # Only the upload has a body, and it is a file.
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return UploadSerializer if self.action == "create" else ImportRunSerializer

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            201: ImportRunSerializer,
            202: ImportRunSerializer,
            422: OpenApiResponse(ImportRunSerializer, description="The file had errors; nothing changed"),
        },
    )
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        options = {
            "encoding": data.get("encoding") or None,
            "delimiter": data.get("delimiter") or None,
            "sheet": data.get("sheet") or None,
        }
        if data.get("mapping"):
            options["mapping"] = data["mapping"]
        name = Path(data["file"].name).name
        # A large upload already sits in a temporary file, usable in place while this request lasts.
        in_place = not data["background"] and hasattr(data["file"], "temporary_file_path")
        path = Path(data["file"].temporary_file_path()) if in_place else _stored(data["file"])
        if data["background"]:
            run = start_run(data["kind"], name, user=request.user, source="api")
            mapping = options.pop("mapping", None)
            start_import(run, path, **options, options={"mapping": mapping} if mapping else None)
            code = status.HTTP_202_ACCEPTED
        else:
            try:
                run = import_file(data["kind"], path, user=request.user, source="api", file_name=name, **options)
            finally:
                if not in_place:
                    path.unlink(missing_ok=True)
            code = status.HTTP_201_CREATED if run.status == ImportStatus.SUCCEEDED else 422
        body = ImportRunSerializer(run, context=self.get_serializer_context()).data
        # The url is DRF's Hyperlink, a str subclass: a WSGI server (runserver's wsgiref) wants a plain str.
        return Response(body, status=code, headers={"Location": str(body["url"])})

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
                            "values": list(c.choices),
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


def _stored(upload) -> Path:
    """A copy of the upload in MEDIA_ROOT/imports, which outlives the request."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{get_valid_filename(Path(upload.name).name)[:100]}"
    with open(path, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path
