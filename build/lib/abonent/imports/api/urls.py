from rest_framework.routers import DefaultRouter

from . import views

app_name = "imports-api"

router = DefaultRouter()
router.register("runs", views.ImportRunViewSet)

urlpatterns = router.urls
