from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "scoring-api"

router = DefaultRouter()
router.register("scores", views.RiskScoreViewSet)
router.register("models", views.ScoringModelViewSet)
router.register("runs", views.ScoringRunViewSet)

urlpatterns = [
    path("track-record/", views.TrackRecordAPIView.as_view(), name="track_record"),
    *router.urls,
]
