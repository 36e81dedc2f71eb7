from rest_framework.routers import DefaultRouter

from .views import BillingActionViewSet

app_name = "billing-api"

router = DefaultRouter()
router.register("actions", BillingActionViewSet)
urlpatterns = router.urls
