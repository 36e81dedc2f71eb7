from django.urls import path

from abonent.core.urls import register_urls

from . import views

app_name = "tickets"

urlpatterns = [
    *register_urls("", views, "Ticket"),
    path("sla/", views.SlaReportView.as_view(), name="sla_report"),
    path("<int:pk>/move/<slug:to>/", views.TicketStepView.as_view(), name="ticket_move"),
]
