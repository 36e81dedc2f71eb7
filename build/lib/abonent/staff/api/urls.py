from rest_framework.routers import DefaultRouter

from . import views

app_name = "staff-api"

router = DefaultRouter()
router.register("employees", views.EmployeeViewSet)
router.register("time-entries", views.TimeEntryViewSet)

urlpatterns = router.urls
