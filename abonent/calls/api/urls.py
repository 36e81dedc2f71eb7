from rest_framework.routers import DefaultRouter

app_name = "calls-api"

router = DefaultRouter()

urlpatterns = router.urls
