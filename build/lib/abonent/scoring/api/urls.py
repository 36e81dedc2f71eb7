from rest_framework.routers import DefaultRouter

from . import views

app_name = "scoring-api"

router = DefaultRouter()
router.register("scores", views.RiskScoreViewSet)
router.register("models", views.ScoringModelViewSet)
router.register("runs", views.ScoringRunViewSet)

urlpatterns = router.urls
