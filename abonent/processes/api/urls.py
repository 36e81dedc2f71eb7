from rest_framework.routers import DefaultRouter

app_name = "processes-api"

router = DefaultRouter()

urlpatterns = router.urls
