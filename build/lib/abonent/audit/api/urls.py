from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "audit-api"

router = DefaultRouter()
router.register("targets", views.AuditTargetViewSet)

urlpatterns = [path("scorecard/", views.ScorecardApiView.as_view(), name="scorecard"), *router.urls]
