from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "retention-api"

router = DefaultRouter()
router.register("measures", views.MeasureViewSet)
router.register("matrix", views.MatrixEntryViewSet)
router.register("offers", views.RetentionOfferViewSet)
router.register("holdout-policies", views.HoldoutPolicyViewSet)
router.register("assignments", views.RetentionAssignmentViewSet)
router.register("plans", views.RetentionPlanViewSet)
router.register("bonus-schemes", views.BonusSchemeViewSet)

urlpatterns = [
    path("reports/effectiveness/", views.EffectivenessAPIView.as_view(), name="effectiveness"),
    path("reports/economics/", views.EconomicsAPIView.as_view(), name="economics"),
    path("reports/bonuses/", views.BonusAPIView.as_view(), name="bonuses"),
    *router.urls,
]
