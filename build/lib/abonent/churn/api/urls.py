from rest_framework.routers import DefaultRouter

from . import views

app_name = "churn-api"

router = DefaultRouter()
router.register("requests", views.DisconnectionRequestViewSet)
router.register("reason-groups", views.ReasonGroupViewSet)
router.register("reasons", views.ChurnReasonViewSet)
router.register("scripts", views.ScriptViewSet)

urlpatterns = router.urls
