from rest_framework.routers import DefaultRouter

from . import views

app_name = "tickets-api"

router = DefaultRouter()
router.register("tickets", views.TicketViewSet)

urlpatterns = router.urls
