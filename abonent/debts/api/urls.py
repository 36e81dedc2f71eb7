from rest_framework.routers import DefaultRouter

from . import views

app_name = "debts-api"

router = DefaultRouter()
router.register("promises", views.PromiseToPayViewSet)
urlpatterns = router.urls
