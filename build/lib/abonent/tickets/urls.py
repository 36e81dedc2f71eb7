from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.TicketListView.as_view(), name="ticket_list"),
    path("add/", views.TicketEditView.as_view(), name="ticket_add"),
    path("sla/", views.SlaReportView.as_view(), name="sla_report"),
    path("<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path("<int:pk>/edit/", views.TicketEditView.as_view(), name="ticket_edit"),
    path("<int:pk>/move/<slug:to>/", views.TicketStepView.as_view(), name="ticket_move"),
]
