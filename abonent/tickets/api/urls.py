from rest_framework.routers import DefaultRouter

app_name = "tickets-api"

router = DefaultRouter()

urlpatterns = router.urls
