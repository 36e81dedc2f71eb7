from rest_framework.routers import DefaultRouter

from ..models import PROCESS_MODELS
from . import views

app_name = "processes-api"

router = DefaultRouter()
for model in PROCESS_MODELS:
    router.register(model._meta.model_name, views.VIEWSETS[model], basename=model._meta.model_name)
router.register("forms", views.FormTemplateViewSet, basename="formtemplate")

urlpatterns = router.urls
