from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "calls-api"

router = DefaultRouter()
router.register("calls", views.CallViewSet)
router.register("types", views.CallTypeViewSet)
router.register("rules", views.CallTypeRuleViewSet)
router.register("mappings", views.PbxColumnMappingViewSet)
router.register("agent-intervals", views.AgentIntervalViewSet)

urlpatterns = [path("events/", views.CallEventView.as_view(), name="events"), *router.urls]
